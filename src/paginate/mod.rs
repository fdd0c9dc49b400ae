//! Paginate stage: [`SetBlock`]s of lines → [`Document`] pages, honouring keep rules,
//! with "n / N" footers when there is more than one page.
//!
//! Keep rules are data on the lines and blocks (`breakable_after`, `keep_with_next`);
//! this stage only turns them into the set of gaps where a page may end, then fills each
//! page greedily and ends it at the last allowed gap that fits. When a chain of kept
//! lines is taller than a page, the page is broken where it overflows anyway: a long
//! kept chain must never lose content.

use std::collections::{BTreeMap, BTreeSet};

use crate::compose::{self, Mark, Role, Run};
use crate::font::FaceId;
use crate::model::locale::Locale;
use crate::model::{Resume, When};
use crate::style::{LayoutText, Rgb, Style};
use crate::text::{Line, LineItem, SetBlock, TextProblem, Typesetter};

/// The laid-out document.
#[derive(Debug, Clone)]
pub struct Document {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    /// The role of each composed block, in reading order: [`PlacedLine::block`] indexes
    /// it.
    pub roles: Vec<Role>,
    /// The first of the sidebar's blocks, when there is a sidebar: it and the blocks
    /// after it are the sidebar's.
    pub sidebar: Option<usize>,
}

impl Document {
    /// The glyphs drawn in each face that `faces` picks: what a face stored in chunks
    /// must hold to draw the document ([`FontBook::bytes`]).
    pub fn glyphs_by_face(
        &self,
        faces: impl Fn(FaceId) -> bool,
    ) -> BTreeMap<FaceId, BTreeSet<u16>> {
        let mut glyphs: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
        let lines = self.pages.iter().flat_map(|page| &page.lines);
        for item in lines.flat_map(|placed| &placed.line.items) {
            if let LineItem::Text(run) = item
                && faces(run.face)
            {
                glyphs.entry(run.face).or_default().extend(run.glyphs.iter().map(|g| g.id));
            }
        }
        glyphs
    }
}

/// One page: its lines at absolute positions (top-left origin, y down) and the outline
/// marks that point into it.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub lines: Vec<PlacedLine>,
    pub marks: Vec<(Mark, f32)>,
}

impl Page {
    /// How many lines of text the page holds (footers and running heads aside): lines
    /// side by side, as a sidebar's beside the main column's, count once.
    pub fn text_lines(&self) -> usize {
        let mut tops: Vec<f32> =
            self.lines.iter().filter(|l| l.block.is_some()).map(|l| l.y).collect();
        tops.sort_by(f32::total_cmp);
        tops.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        tops.len()
    }
}

/// A line placed on a page: `x` is its left edge, `y` its top.
#[derive(Debug, Clone)]
pub struct PlacedLine {
    pub x: f32,
    pub y: f32,
    pub line: Line,
    /// The block the line belongs to (an index into [`Document::roles`]); `None` for a
    /// footer or running head, which belong to the page.
    pub block: Option<usize>,
}

/// A line of a column, with what pagination needs to know about the gap above it.
struct Slot {
    space: f32,
    height: f32,
    break_before: bool,
}

/// What the footer and running head may say besides page numbers.
#[derive(Debug, Clone, Default)]
pub struct PageTexts {
    pub name: String,
    /// The résumé's `updated:` date, formatted.
    pub updated: Option<String>,
}

impl PageTexts {
    pub fn of(resume: &Resume, style: &Style) -> PageTexts {
        let locale = Locale::for_tag(&resume.language);
        PageTexts {
            name: resume.name.plain(),
            updated: resume.updated.map(|d| compose::format_when(&When::Single(d), style, locale)),
        }
    }

    /// A footer or running-head template (`which`) with its placeholders filled; `None`
    /// when it is empty or names a value the résumé does not have. The filled line is
    /// bounded before it is made: `{name}` a thousand times with a long name would
    /// otherwise take gigabytes.
    fn fill(
        &self,
        template: &str,
        which: LayoutText,
        page: usize,
        pages: usize,
    ) -> Result<Option<String>, TextProblem> {
        if template.trim().is_empty() {
            return Ok(None);
        }
        if template.contains("{updated}") && self.updated.is_none()
            || template.contains("{name}") && self.name.trim().is_empty()
        {
            return Ok(None);
        }
        let (page, pages) = (page.to_string(), pages.to_string());
        let values = [
            ("{page}", page.as_str()),
            ("{pages}", pages.as_str()),
            ("{name}", self.name.as_str()),
            ("{updated}", self.updated.as_deref().unwrap_or("")),
        ];
        // `{pages}` is not counted as `{page}`: "{page}" is not a prefix of "{pages}".
        let filled: usize = template.len()
            + values
                .iter()
                .map(|(key, value)| template.matches(key).count() * value.len())
                .sum::<usize>();
        if filled > MAX_PAGE_TEXT_BYTES {
            return Err(TextProblem {
                message: format!(
                    "`{}` is {} KB long with its placeholders filled in: a page margin holds \
                     one short line",
                    which.key(),
                    filled.div_ceil(1024)
                ),
                origin: which.origin(),
                needle: None,
                hint: Some("use `{name}` and the other placeholders once each".into()),
            });
        }
        let mut text = template.to_string();
        for (key, value) in values {
            text = text.replace(key, value);
        }
        Ok(Some(text))
    }
}

/// Distribute blocks over pages and add footers and running heads.
pub fn paginate(
    ts: &mut Typesetter,
    blocks: Vec<SetBlock>,
    style: &Style,
    texts: &PageTexts,
) -> Result<Document, TextProblem> {
    let roles = blocks.iter().map(|b| b.role).collect();
    let pages = column(blocks, style, 0, 0.0);
    finish(ts, pages, roles, style, texts)
}

/// The pages of one column: its blocks down the text area of its style, each page ended
/// at the last gap where a page may end. `first_block` is the number of the column's
/// first block among the document's ([`PlacedLine::block`]); the column starts `top`
/// below the text area's top on its first page (under a header across the page).
pub fn column(blocks: Vec<SetBlock>, style: &Style, first_block: usize, top: f32) -> Vec<Page> {
    let slots = slots(&blocks);
    let height = style.text_height();
    let mut ends = Vec::new();
    let mut start = 0;
    while start < slots.len() {
        let room = if ends.is_empty() { height - top } else { height };
        start = page_end(&slots, start, room);
        ends.push(start);
    }
    // The lines move from the blocks onto the pages: a copy would double the memory of
    // a long résumé, whose glyphs are most of what a build holds.
    let mut lines = blocks.into_iter().enumerate().flat_map(|(index, block)| {
        let mut mark = block.mark;
        let space_before = block.space_before;
        block.lines.into_iter().enumerate().map(move |(j, line)| {
            let space = line.space_before + if j == 0 { space_before } else { 0.0 };
            (line, space, mark.take(), first_block + index)
        })
    });
    let mut start = 0;
    let mut pages: Vec<Page> = Vec::with_capacity(ends.len());
    for end in ends {
        let top = if pages.is_empty() { top } else { 0.0 };
        pages.push(place(lines.by_ref().take(end - start), style, top));
        start = end;
    }
    pages
}

/// How many of a column's first blocks its first `pages` pages hold, the last page ended
/// before a block where a page may end: the blocks after them can be set again in
/// another width. All of them when they fit.
pub fn blocks_on_pages(blocks: &[SetBlock], height: f32, top: f32, pages: usize) -> usize {
    let slots = slots(blocks);
    // The block of each line, and whether the line is its block's first.
    let owners: Vec<(usize, bool)> = blocks
        .iter()
        .enumerate()
        .flat_map(|(i, b)| (0..b.lines.len()).map(move |j| (i, j == 0)))
        .collect();
    let mut start = 0;
    for page in 0..pages {
        if start >= slots.len() {
            return blocks.len();
        }
        let page_start = start;
        start = page_end(&slots, start, if page == 0 { height - top } else { height });
        if start >= slots.len() {
            return blocks.len();
        }
        // The page ends within a block: it ends instead before that block, or the last
        // one before it that a page may end before, if one starts on this page.
        if !owners[start].1 {
            let before =
                (page_start + 1..start).rev().find(|&k| owners[k].1 && slots[k].break_before);
            if let Some(k) = before {
                start = k;
            }
        }
    }
    // A block that a page ends within goes on in this width.
    let (block, first) = owners[start];
    if first { block } else { block + 1 }
}

/// Pages of columns put together: the header on the first page, then on each page the
/// main column's page of its number and the sidebar's (drawn in this order, so that
/// extractors that follow the drawing read one column, then the other), and `strip` (x,
/// width, colour) tinted on the first `tinted` pages, below `top` on the first.
pub fn beside(
    header: Page,
    main: Vec<Page>,
    side: Vec<Page>,
    strip: Option<(f32, f32, Rgb)>,
    (tinted, top): (usize, f32),
    style: &Style,
) -> Vec<Page> {
    let count = main.len().max(side.len()).max(1);
    let mut header = Some(header);
    let mut main = main.into_iter();
    let mut side = side.into_iter();
    (0..count)
        .map(|n| {
            let mut page = Page::default();
            if let Some((x, width, colour)) = strip.filter(|_| n < tinted) {
                let y = if n == 0 { top } else { 0.0 };
                page.lines.push(tint(x, y, width, colour, style.page_height - y));
            }
            for part in [header.take(), main.next(), side.next()].into_iter().flatten() {
                page.lines.extend(part.lines);
                page.marks.extend(part.marks);
            }
            page
        })
        .collect()
}

/// A strip of colour down the whole page: a line of the page's own (an artifact), drawn
/// before the text over it.
fn tint(x: f32, y: f32, width: f32, colour: Rgb, height: f32) -> PlacedLine {
    let line = Line {
        height: 0.0,
        baseline: 0.0,
        space_before: 0.0,
        breakable_after: true,
        hyphenated: false,
        items: vec![LineItem::Rule { x: 0.0, y: 0.0, width, thickness: height, colour }],
    };
    PlacedLine { x, y, line, block: None }
}

/// Pages → the document: the footers and running heads added.
pub fn finish(
    ts: &mut Typesetter,
    mut pages: Vec<Page>,
    roles: Vec<Role>,
    style: &Style,
    texts: &PageTexts,
) -> Result<Document, TextProblem> {
    if pages.is_empty() {
        pages.push(Page::default());
    }
    if pages.len() > 1 || style.footer_on_single_page {
        add_page_texts(ts, &mut pages, style, texts)?;
    }
    Ok(Document { width: style.page_width, height: style.page_height, pages, roles, sidebar: None })
}

/// Mirror a document's pages left for right, for a résumé in a language written right to
/// left: what was at the left margin goes to the right one, so ragged lines are set
/// flush right, an entry's dates and a list's markers go to the left of the text, a
/// sidebar to the other side. Only where things are moves: the text stage set each
/// line's text in the order it is read, right to left, and mirrored it within itself, so
/// that mirrored once more it comes out as it was set.
pub fn mirror(document: &mut Document) {
    let width = document.width;
    for placed in document.pages.iter_mut().flat_map(|page| page.lines.iter_mut()) {
        // An item at `x` (from the line's left edge) `w` wide ends at `width - left - x`
        // from the page's left edge once mirrored.
        let left = placed.x;
        let mirrored = |x: f32, w: f32| width - 2.0 * left - x - w;
        for item in &mut placed.line.items {
            match item {
                LineItem::Text(run) => run.x = mirrored(run.x, run.width()),
                LineItem::Rule { x, width: w, .. } | LineItem::Link { x, width: w, .. } => {
                    *x = mirrored(*x, *w)
                }
                LineItem::Photo { photo, .. } => photo.x = mirrored(photo.x, photo.width),
                LineItem::Icon { x, size, icon, .. } => {
                    *x = mirrored(*x, icon.glyph().advance * *size)
                }
            }
        }
    }
}

/// Decide, gap by gap, whether a page may end there.
fn slots(blocks: &[SetBlock]) -> Vec<Slot> {
    let mut slots: Vec<Slot> = Vec::new();
    // Gaps after the current point in which a page may not end, and whether that keep
    // was set by the block just before (then it binds even a new section or entry).
    let mut keep = 0usize;
    let mut fresh = false;
    let mut breakable_after = true;
    for block in blocks {
        // A keep ends where a new section or entry starts: an entry title kept with "two
        // lines of its body" must not pull the next heading along when its body is short.
        if block.mark.is_some() && !fresh {
            keep = 0;
        }
        for (j, line) in block.lines.iter().enumerate() {
            let within = j == 0 || breakable_after;
            let break_before = within && keep == 0;
            keep = keep.saturating_sub(1);
            let space = line.space_before + if j == 0 { block.space_before } else { 0.0 };
            slots.push(Slot { space, height: line.height, break_before });
            breakable_after = line.breakable_after;
        }
        keep = keep.max(block.keep_with_next);
        fresh = block.keep_with_next > 0;
    }
    slots
}

/// How many lines each page of a column of `style` holds, for `blocks` with their spaces
/// `stretched` ([`stretch`]): [`column`]'s pages, without placing or copying a line. A
/// layout tries its spaces against it.
pub fn lines_per_page(blocks: &[SetBlock], style: &Style, stretched: f32) -> Vec<usize> {
    let mut slots = slots(blocks);
    for slot in &mut slots {
        slot.space *= stretched;
    }
    let (mut start, mut pages) = (0, Vec::new());
    while start < slots.len() {
        let end = page_end(&slots, start, style.text_height());
        pages.push(end - start);
        start = end;
    }
    pages
}

/// Every vertical space of `blocks` (above each block, and between lines within one)
/// `by` times as tall.
pub fn stretch(blocks: &mut [SetBlock], by: f32) {
    for block in blocks {
        block.space_before *= by;
        for line in &mut block.lines {
            line.space_before *= by;
        }
    }
}

/// Where the page starting at `start` ends (exclusive).
fn page_end(slots: &[Slot], start: usize, height: f32) -> usize {
    let mut y = 0.0;
    for i in start..slots.len() {
        let space = if i == start { 0.0 } else { slots[i].space };
        y += space + slots[i].height;
        if y > height + 0.01 && i > start {
            // The last gap on this page where a break is allowed; else break right here.
            return (start + 1..=i).rev().find(|&k| slots[k].break_before).unwrap_or(i);
        }
    }
    slots.len()
}

/// Lines (each with the space above it, its outline mark and its block) down a page.
fn place(
    lines: impl Iterator<Item = (Line, f32, Option<Mark>, usize)>,
    style: &Style,
    top: f32,
) -> Page {
    let mut page = Page::default();
    let mut y = style.margin_top + top;
    for (i, (line, space, mark, block)) in lines.enumerate() {
        if i > 0 {
            y += space;
        }
        if let Some(mark) = mark {
            page.marks.push((mark, y));
        }
        let height = line.height;
        page.lines.push(PlacedLine { x: style.margin_left, y, line, block: Some(block) });
        y += height;
    }
    page
}

fn add_page_texts(
    ts: &mut Typesetter,
    pages: &mut [Page],
    style: &Style,
    texts: &PageTexts,
) -> Result<(), TextProblem> {
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        let number = n + 1;
        if let Some(text) = texts.fill(&style.footer_text, LayoutText::Footer, number, total)? {
            let (line, width) = margin_line(ts, style, text, LayoutText::Footer)?;
            if width > style.page_width && n == 0 {
                ts.warnings.push(leaves_the_page(LayoutText::Footer));
            }
            // Centred in the bottom margin, clear of the text area.
            let y = style.page_height - style.margin_bottom / 2.0 - style.sizes.footer * 0.5;
            let x = (style.page_width - width) / 2.0;
            page.lines.push(PlacedLine { x, y, line, block: None });
        }
        let running_head = LayoutText::RunningHead;
        if number > 1
            && let Some(text) = texts.fill(&style.running_head, running_head, number, total)?
        {
            let (line, width) = margin_line(ts, style, text, running_head)?;
            if width > style.page_width - style.margin_left && number == 2 {
                ts.warnings.push(leaves_the_page(running_head));
            }
            // In the top margin, over the text's left edge.
            let y = style.margin_top / 2.0 - style.sizes.footer * 0.5;
            page.lines.push(PlacedLine { x: style.margin_left, y, line, block: None });
        }
    }
    Ok(())
}

/// The longest footer or running head, filled in; a line of the smallest type across
/// the widest page holds a few hundred characters.
const MAX_PAGE_TEXT_BYTES: usize = 4096;

/// The warning for a page text wider than the page.
fn leaves_the_page(which: LayoutText) -> TextProblem {
    TextProblem {
        message: format!("`{}` is wider than the page and is cut at its edges", which.key()),
        origin: which.origin(),
        needle: None,
        hint: Some("shorten it, or make `sizes.footer` smaller".into()),
    }
}

/// A small muted line for a page margin, from the layout text `which`.
fn margin_line(
    ts: &mut Typesetter,
    style: &Style,
    text: String,
    which: LayoutText,
) -> Result<(Line, f32), TextProblem> {
    let run = Run {
        text,
        family: style.body_family,
        variant: Default::default(),
        size: style.sizes.footer,
        colour: style.muted,
        tracking: 0.0,
        link: None,
        hyphenate: false,
        breakable: false,
        separator: false,
        small_caps: false,
        icon: None,
        origin: which.origin(),
    };
    let (set, width) = ts.single_line(&[run])?;
    let line = Line {
        height: style.sizes.footer,
        baseline: style.sizes.footer * 0.8,
        space_before: 0.0,
        breakable_after: true,
        hyphenated: false,
        items: set.items,
    };
    Ok((line, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(height: f32, breakable_after: bool) -> Line {
        Line {
            height,
            baseline: height * 0.8,
            space_before: 0.0,
            breakable_after,
            hyphenated: false,
            items: Vec::new(),
        }
    }

    fn block(lines: usize, keep_with_next: usize) -> SetBlock {
        SetBlock {
            lines: (0..lines).map(|_| line(10.0, true)).collect(),
            space_before: 0.0,
            keep_with_next,
            mark: None,
            role: Role::Paragraph,
        }
    }

    #[test]
    fn a_page_text_naming_a_value_the_resume_lacks_is_not_printed() {
        let fill = |name: &str, template: &str| {
            let texts = PageTexts { name: name.into(), updated: None };
            texts.fill(template, LayoutText::Footer, 1, 2).ok().flatten()
        };
        assert_eq!(fill("Ada", "{name} · {page}/{pages}").as_deref(), Some("Ada · 1/2"));
        assert_eq!(fill("", "{name} · {page}/{pages}"), None, "a nameless résumé");
        assert_eq!(fill("Ada", "updated {updated}"), None);
        assert_eq!(fill("", "{page} / {pages}").as_deref(), Some("1 / 2"));
    }

    #[test]
    fn fills_pages_then_breaks() {
        // 25 lines of 10 pt in 100 pt pages: 10, 10, 5.
        let slots = slots(&[block(25, 0)]);
        assert_eq!(page_end(&slots, 0, 100.0), 10);
        assert_eq!(page_end(&slots, 10, 100.0), 20);
        assert_eq!(page_end(&slots, 20, 100.0), 25);
    }

    #[test]
    fn a_kept_heading_moves_to_the_next_page() {
        // 9 lines, then a heading kept with the 2-line paragraph after it: the heading
        // would be line 10, alone at the bottom; it goes over with its paragraph.
        let slots = slots(&[block(9, 0), block(1, 1), block(2, 0)]);
        assert_eq!(page_end(&slots, 0, 100.0), 9);
    }

    #[test]
    fn an_entry_keep_stops_at_the_next_section() {
        // An entry title (keep 2) with a one-line body, then a new section heading: the
        // page may break before the heading.
        let mut heading = block(1, 1);
        heading.mark = Some(Mark::Section("Next".into()));
        let mut title = block(1, 2);
        title.mark = Some(Mark::Entry("Entry".into()));
        let slots = slots(&[title, block(1, 0), heading, block(3, 0)]);
        assert!(!slots[1].break_before);
        assert!(slots[2].break_before);
        assert!(!slots[3].break_before);
    }

    #[test]
    fn chains_taller_than_a_page_still_break() {
        let slots = slots(&[block(1, 30), block(30, 0)]);
        let end = page_end(&slots, 0, 100.0);
        assert!(end > 0 && end <= 10, "{end}");
    }
}
