//! Typesetting, the orchestrator of a layout run: résumé + style → pages, running the
//! compose, text and paginate stages in turn ([`lay_out`]), or as many times as fitting
//! a page count takes ([`fit`]). The stages know nothing of each other beyond the types
//! they take; this module is where one stage's output becomes the next one's input.

pub mod fit;

use crate::compose::{self, Meta, Role};
use crate::font::FontBook;
use crate::model::Resume;
use crate::model::locale::is_right_to_left;
use crate::paginate::{self, Document};
use crate::style::{Columns, SidebarPages, SidebarSide, Style};
use crate::text::{Resources, SetBlock, TextProblem, Typesetter};

/// A résumé laid out: its pages, its metadata, and the text stage's warnings.
pub struct Laid {
    pub document: Document,
    pub meta: Meta,
    pub warnings: Vec<TextProblem>,
}

/// Compose, set and paginate a résumé with a style.
pub fn lay_out(resume: &Resume, style: &Style, book: &FontBook) -> Result<Laid, TextProblem> {
    lay_out_with(resume, style, book, &Default::default())
}

/// [`lay_out`] with the text stage's [`Resources`]: a cache of shaped words shared with
/// other layouts (the tries of a fit, the jobs of a batch), threads.
pub fn lay_out_with(
    resume: &Resume,
    style: &Style,
    book: &FontBook,
    resources: &Resources,
) -> Result<Laid, TextProblem> {
    run(resume, style, book, resources, Spaces::AsWritten)
}

/// [`lay_out_with`], then the spaces grown, up to `most` times, as far as the résumé
/// still takes no more than `pages` pages: a page fitted by shrinking ends on its bottom
/// margin instead of a few lines short of it.
pub fn lay_out_filled(
    resume: &Resume,
    style: &Style,
    book: &FontBook,
    resources: &Resources,
    pages: usize,
    most: f32,
) -> Result<Laid, TextProblem> {
    run(resume, style, book, resources, Spaces::Filled { pages, most })
}

/// [`lay_out_with`] for a layout that fits no page count: a last page that would hold
/// only a few lines ([`SHORT_PAGE_LINES`]) is pulled back onto the page before by
/// tightening the vertical spaces, as little as does it and by at most
/// [`PULL_BACK_SPACING`]. The type and the line breaks stay as the layout has them; when
/// tightening is not enough, the pages stay as they are (the build says so in a note).
pub fn lay_out_pulled_back(
    resume: &Resume,
    style: &Style,
    book: &FontBook,
    resources: &Resources,
) -> Result<Laid, TextProblem> {
    let laid = run(resume, style, book, resources, Spaces::PulledBack)?;
    let pages = laid.document.pages.len();
    let short = laid.document.pages.last().is_some_and(|p| p.text_lines() <= SHORT_PAGE_LINES);
    if pages < 2 || !short || laid.document.sidebar.is_none() {
        return Ok(laid);
    }
    // Beside a sidebar, the main column is set narrow only as far as the sidebar goes, so
    // its lines depend on the spaces: each setting of them is laid out whole, and the
    // search that fits a page count finds the loosest that pulls the page back.
    let tight = style.clone().spaces_tightened(pages - 1, PULL_BACK_SPACING);
    let at = |step: u32| tight.shrunk(step as f32 / fit::GRID as f32);
    let tightest = lay_out_with(resume, &at(fit::GRID), book, resources)?;
    if tightest.document.pages.len() >= pages {
        return Ok(laid);
    }
    let (_, laid) = fit::largest_fitting(&tight, pages - 1, laid, tightest, |step| {
        lay_out_with(resume, &at(step), book, resources)
    })?;
    Ok(laid)
}

/// A last page of at most this many lines is worth pulling back: a page turned for three
/// lines looks like a mistake.
pub const SHORT_PAGE_LINES: usize = 5;

/// How far a layout's vertical spaces may be tightened to pull back a short last page:
/// to four fifths, which the eye takes for the same rhythm.
pub const PULL_BACK_SPACING: f32 = 0.8;

/// How a layout run sets its vertical spaces.
#[derive(Debug, Clone, Copy)]
enum Spaces {
    /// As the style has them.
    AsWritten,
    /// Grown up to `most` times, as far as the pages stay at most `pages`.
    Filled { pages: usize, most: f32 },
    /// Tightened to pull back a short last page.
    PulledBack,
}

impl Spaces {
    /// How many times as tall the spaces of `blocks` are set, when not as written. Line
    /// breaks do not depend on the spaces, so the lines are set once and only the page
    /// breaks are tried again ([`paginate::lines_per_page`]), by bisection.
    fn factor(self, blocks: &[SetBlock], style: &Style) -> Option<f32> {
        let fits =
            |pages: usize, by: f32| paginate::lines_per_page(blocks, style, by).len() <= pages;
        // The factor between `fitting` and `not`, to a thousandth of a point per point of
        // space (twelve halvings).
        let bisect = |pages: usize, mut fitting: f32, mut not: f32| {
            for _ in 0..12 {
                let middle = (fitting + not) / 2.0;
                match fits(pages, middle) {
                    true => fitting = middle,
                    false => not = middle,
                }
            }
            fitting
        };
        match self {
            Spaces::AsWritten => None,
            Spaces::Filled { most, .. } if most <= 1.0 => None,
            Spaces::Filled { pages, most } if fits(pages, most) => Some(most),
            Spaces::Filled { pages, most } => Some(bisect(pages, 1.0, most)),
            Spaces::PulledBack => {
                let lines = paginate::lines_per_page(blocks, style, 1.0);
                let short = lines.last().is_some_and(|&n| n <= SHORT_PAGE_LINES);
                let fewer = lines.len().saturating_sub(1);
                (lines.len() > 1 && short && fits(fewer, PULL_BACK_SPACING))
                    .then(|| bisect(fewer, PULL_BACK_SPACING, 1.0))
            }
        }
    }
}

/// Compose, set and paginate, with the spaces set as `spaces` says. A layout with a
/// sidebar is laid out as it is.
fn run(
    resume: &Resume,
    style: &Style,
    book: &FontBook,
    resources: &Resources,
    spaces: Spaces,
) -> Result<Laid, TextProblem> {
    let flow = compose::compose(resume, style);
    let mut laid = match style.columns().filter(|_| !flow.side.is_empty()) {
        Some(columns) => beside(resume, flow, style, &columns, book, resources)?,
        None => one_column(resume, flow, style, book, resources, spaces)?,
    };
    // A résumé written right to left is laid out left to right and then mirrored.
    if is_right_to_left(&resume.language) {
        paginate::mirror(&mut laid.document);
    }
    Ok(laid)
}

/// [`run`] for a layout of one column.
fn one_column(
    resume: &Resume,
    flow: compose::Flow,
    style: &Style,
    book: &FontBook,
    resources: &Resources,
    spaces: Spaces,
) -> Result<Laid, TextProblem> {
    let compose::Flow { blocks, meta, .. } = flow;
    let mut ts = typesetter(book, style, resume, resources);
    // The text stage takes the composed blocks and lets each go once it is set.
    let mut blocks = ts.set_flow(blocks, resources.threads)?;
    if let Some(by) = spaces.factor(&blocks, style) {
        paginate::stretch(&mut blocks, by);
    }
    let document =
        paginate::paginate(&mut ts, blocks, style, &paginate::PageTexts::of(resume, style))?;
    Ok(Laid { document, meta, warnings: ts.warnings })
}

/// The text stage's typesetter for a résumé, in its language and the direction that
/// language is written in.
fn typesetter<'a>(
    book: &'a FontBook<'a>,
    style: &'a Style,
    resume: &Resume,
    resources: &Resources,
) -> Typesetter<'a> {
    let ts = Typesetter::with_resources(book, style, &resume.language, resources);
    if is_right_to_left(&resume.language) { ts.right_to_left() } else { ts }
}

/// How many of the main column's blocks are set narrow at a time, until they fill the
/// sidebar's pages.
const NARROW_BATCH: usize = 16;

/// A layout run with a sidebar: the header set across the page, the sidebar's column
/// set and paginated in its width below it, then the main column in the width beside the
/// sidebar on the pages it is on (every page, or as many as its content fills), and in
/// the page's width after them.
fn beside(
    resume: &Resume,
    flow: compose::Flow,
    style: &Style,
    columns: &Columns,
    book: &FontBook,
    resources: &Resources,
) -> Result<Laid, TextProblem> {
    let compose::Flow { mut blocks, header, side, meta } = flow;
    let threads = resources.threads;
    let roles: Vec<Role> =
        blocks.iter().map(|b| b.role).chain(side.iter().map(|b| b.role)).collect();
    let (count, main_first) = (blocks.len(), header);

    let mut ts = typesetter(book, style, resume, resources);
    // Gaps are filled and items split alike in both columns.
    let spaces = ts.spaces_of(blocks.iter().chain(&side));
    let rest = blocks.split_off(header);
    let mut header = paginate::column(ts.set_column(blocks, threads, spaces)?, style, 0, 0.0);
    // The columns start below the header, as far as the header's own space below it.
    let below = rest.first().map_or(0.0, |b| b.space_before);
    let top = header
        .first()
        .and_then(|page| page.lines.last())
        .map_or(0.0, |l| l.y + l.line.height - style.margin_top + below);
    if header.len() > 1 || top > style.text_height() / 2.0 {
        // A header this tall leaves the columns no room: one column, then.
        let mut one = style.clone();
        one.sidebar.side = SidebarSide::None;
        return lay_out_with(resume, &one, book, resources);
    }
    let header = header.pop().unwrap_or_default();

    let mut side_ts = typesetter(book, &columns.side, resume, resources);
    let side = side_ts.set_column(side, threads, spaces)?;
    let side_pages = paginate::column(side, &columns.side, count, top);
    let narrow_pages = match style.sidebar.pages {
        SidebarPages::Every => usize::MAX,
        SidebarPages::First => side_pages.len(),
    };

    let mut main_ts = typesetter(book, &columns.main, resume, resources);
    let height = columns.main.text_height();
    let (mut narrow, mut wide) = match style.sidebar.pages {
        SidebarPages::Every => (main_ts.set_column(rest, threads, spaces)?, Vec::new()),
        // Set narrow only until the blocks are taller than the sidebar's pages, a few
        // at a time: the rest will be set in the page's width.
        SidebarPages::First => {
            let room = narrow_pages as f32 * height - top;
            let (mut narrow, mut source) = (Vec::new(), Vec::new());
            let mut blocks = rest.into_iter();
            let mut tall = 0.0;
            while tall <= room {
                let some: Vec<compose::Block> = blocks.by_ref().take(NARROW_BATCH).collect();
                if some.is_empty() {
                    break;
                }
                source.extend(some.iter().cloned());
                let set = main_ts.set_column(some, 1, spaces)?;
                tall += set.iter().map(SetBlock::height).sum::<f32>();
                narrow.extend(set);
            }
            source.extend(blocks);
            (narrow, source)
        }
    };
    let kept = paginate::blocks_on_pages(&narrow, height, top, narrow_pages);
    narrow.truncate(kept);
    let wide = wide.split_off(kept.min(wide.len()));
    let mut pages = paginate::column(narrow, &columns.main, main_first, top);
    let mut warnings = std::mem::take(&mut ts.warnings);
    warnings.append(&mut main_ts.warnings);
    warnings.append(&mut side_ts.warnings);
    if !wide.is_empty() {
        // The main column goes on in the page's width, on a page of its own.
        pages.resize_with(pages.len().max(narrow_pages), Default::default);
        let mut wide_ts = typesetter(book, style, resume, resources);
        let wide = wide_ts.set_column(wide, threads, spaces)?;
        pages.extend(paginate::column(wide, style, main_first + kept, 0.0));
        // A block set in both widths warns in both.
        for warning in wide_ts.warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    let strip_top = style.margin_top + top - below / 2.0;
    let tinted = (narrow_pages.min(pages.len().max(side_pages.len())), strip_top);
    let strip = style.sidebar.tint.map(|colour| (columns.strip.0, columns.strip.1, colour));
    let pages = paginate::beside(header, pages, side_pages, strip, tinted, style);
    let texts = paginate::PageTexts::of(resume, style);
    let mut document = paginate::finish(&mut ts, pages, roles, style, &texts)?;
    document.sidebar = Some(count);
    warnings.append(&mut ts.warnings);
    Ok(Laid { document, meta, warnings })
}
