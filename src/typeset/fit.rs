//! Typesetting, fitting: a résumé and a layout with `fit` → the largest setting that
//! fits the page count, leaving content out by a readable rule only when it must.
//!
//! 1. What the résumé marks `detailed-only` (sections, entries, bullets) is left out.
//! 2. Shrink: type, leading, spaces and margins move together from the layout's values
//!    towards its `fit` bounds ([`Style::shrunk`]). A search over that one fraction finds
//!    the largest setting that fits, laying the résumé out again for each setting it
//!    tries ([`largest_fitting`]).
//! 3. Leave out, when even the smallest setting overflows, by the rule of
//!    `drop_steps`: low-priority sections, the bullets of entries, the ends of long
//!    lists, whole entries (lowest `priority` first and, within a priority, oldest
//!    first; never the last entry of a section), the rest of the lists. The same search
//!    finds the fewest steps that fit at the smallest setting; then the shrink search
//!    runs again over what is kept, so the type grows back as far as it fits.
//! 4. Fill: a layout that was shrunk gets its spaces back, as far as the layout wrote
//!    them and the pages hold ([`lay_out_filled`]), so its last page ends on the bottom
//!    margin rather than a few lines short of it.
//! 5. Report what was left out, so the user can mark or cut it themselves.

use crate::font::FontBook;
use crate::model::{Block, Bullet, End, Entry, Resume, When};
use crate::style::{Fit, Style};
use crate::text::{Resources, TextProblem};

use super::{Laid, lay_out_filled, lay_out_with};

/// Steps from the layout's values to its bounds: a twentieth of the way (0.05 pt of body
/// size in the one-page preset) is finer than the eye can tell.
pub const GRID: u32 = 20;

/// A fitted layout, and what had to go.
pub struct Fitted {
    pub laid: Laid,
    /// The shrink fraction used: 0 = the layout as written, 1 = its `fit` bounds.
    pub shrink: f32,
    pub left_out: LeftOut,
    /// The résumé as it was set, without what was left out.
    pub kept: Resume,
}

/// What fitting left out, told two ways.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeftOut {
    /// One line per section from which something was left out ("14 bullets of 6 entries
    /// in Projects"): the note a build prints.
    pub by_section: Vec<String>,
    /// Every thing left out, a line each, in the résumé's order (`--verbose`).
    pub in_full: Vec<String>,
}

impl LeftOut {
    pub fn is_empty(&self) -> bool {
        self.by_section.is_empty()
    }
}

/// Why fitting failed.
pub enum FitError {
    Text(TextProblem),
    /// Even at the smallest setting (and, unless forbidden, with everything left out that
    /// the rule allows) the résumé takes more pages than asked.
    TooLong {
        pages: usize,
        lines_over: usize,
        dropping_allowed: bool,
    },
}

impl From<TextProblem> for FitError {
    fn from(p: TextProblem) -> Self {
        FitError::Text(p)
    }
}

/// Fit a résumé to the page count of `fit`.
pub fn fit(
    resume: &Resume,
    style: &Style,
    fit: &Fit,
    book: &FontBook,
    allow_dropping: bool,
) -> Result<Fitted, FitError> {
    fit_with(resume, style, fit, book, allow_dropping, &Resources::default())
}

/// [`fit()`] with the text stage's [`Resources`] (a cache shared with other builds,
/// threads).
pub fn fit_with(
    resume: &Resume,
    style: &Style,
    fit: &Fit,
    book: &FontBook,
    allow_dropping: bool,
    resources: &Resources,
) -> Result<Fitted, FitError> {
    let fits = |laid: &Laid| laid.document.pages.len() <= fit.pages;
    // Every try shapes the same words: one cache (in `resources`) for all of them.
    let lay_out = |resume: &Resume, style: &Style, book: &FontBook| {
        lay_out_with(resume, style, book, resources)
    };
    // What the author marked for the detailed version never enters a fitted one.
    let resume = &without_detailed_only(resume);
    // The spaces of a shrunk setting, grown back towards the layout's own.
    let filled = |resume: &Resume, shrink: f32| {
        let spacing = 1.0 + (fit.min_spacing - 1.0) * shrink;
        let most = 1.0 / spacing.max(0.01);
        lay_out_filled(resume, &style.shrunk(shrink), book, resources, fit.pages, most)
    };
    let first = lay_out(resume, style, book)?;
    if fits(&first) {
        return Ok(Fitted {
            laid: first,
            shrink: 0.0,
            left_out: LeftOut::default(),
            kept: resume.clone(),
        });
    }
    let smallest = style.shrunk(1.0);
    let tightest = lay_out(resume, &smallest, book)?;
    if fits(&tightest) {
        let (step, _) = largest_fitting(style, fit.pages, first, tightest, |step| {
            lay_out(resume, &style.shrunk(step as f32 / GRID as f32), book)
        })?;
        let shrink = step as f32 / GRID as f32;
        let laid = filled(resume, shrink)?;
        return Ok(Fitted { laid, shrink, left_out: LeftOut::default(), kept: resume.clone() });
    }
    let too_long = |laid: &Laid, dropping_allowed| FitError::TooLong {
        pages: laid.document.pages.len(),
        lines_over: lines_beyond(laid, fit.pages),
        dropping_allowed,
    };
    if !allow_dropping {
        return Err(too_long(&tightest, false));
    }

    // Fewest steps of the leaving-out rule that fit at the smallest setting: the same
    // search as for the shrink, over the lines the steps leave out.
    let steps = drop_steps(resume);
    let everything = apply(resume, &steps);
    let shortest = lay_out(&everything, &smallest, book)?;
    if !fits(&shortest) {
        return Err(too_long(&shortest, true));
    }
    let (taken, best) = first_fitting(
        fit.pages,
        &lines_left_out(resume, &steps, &smallest),
        tightest,
        shortest,
        |_, laid| fullness(&smallest, laid),
        |taken| lay_out(&apply(resume, &steps[..taken]), &smallest, book),
    )?;
    // What is kept fits at the smallest setting, often with room to spare: the largest
    // setting it fits at, as for a résumé that needed no leaving out.
    let kept = apply(resume, &steps[..taken]);
    let loose = lay_out(&kept, style, book)?;
    let shrink = match fits(&loose) {
        true => 0.0,
        false => {
            let (step, _) = largest_fitting(style, fit.pages, loose, best, |step| {
                lay_out(&kept, &style.shrunk(step as f32 / GRID as f32), book)
            })?;
            step as f32 / GRID as f32
        }
    };
    let laid = filled(&kept, shrink)?;
    let left_out = LeftOut {
        by_section: report(resume, &steps[..taken]),
        in_full: report_in_full(resume, &steps[..taken]),
    };
    Ok(Fitted { laid, shrink, left_out, kept })
}

/// The least shrink that fits, as a step of the grid from `style` as written (step 0,
/// `loose`, which does not fit on `pages` pages) to its bounds (step [`GRID`], `tight`,
/// which does), and its layout. `lay_out` lays the résumé out at a step.
///
/// Line breaking could make "fits" jump back and forth at the boundary (a looser step
/// fitting where a tighter one does not); walking the grid from the loose end would
/// then find the loosest fitting step and this search might end a step tighter. A test
/// compares the two on résumés of many lengths, for one and two pages: they agree.
pub fn largest_fitting<E>(
    style: &Style,
    pages: usize,
    loose: Laid,
    tight: Laid,
    mut lay_out: impl FnMut(u32) -> Result<Laid, E>,
) -> Result<(u32, Laid), E> {
    let grid: Vec<f32> = (0..=GRID).map(|step| step as f32).collect();
    let full = |step: usize, laid: &Laid| fullness(&style.shrunk(step as f32 / GRID as f32), laid);
    let (step, laid) =
        first_fitting(pages, &grid, loose, tight, full, |step| lay_out(step as u32))?;
    Ok((step as u32, laid))
}

/// The first step whose layout fits on `pages` pages, and that layout, for steps that
/// each take the layout further one way (a shrink, something more left out). Step `i`
/// lies at `positions[i]`, which grow with `i` (for the shrink, the step itself; for
/// leaving out, the lines it leaves out by estimate); `loose`, the layout at the first
/// step, does not fit, and `tight`, at the last, does.
///
/// Each try is a whole layout, so the search guesses rather than bisects. How full the
/// pages are (`full`: the height of the lines over the height of the text area,
/// [`fullness`]) falls nearly in proportion to the position, so the straight line
/// through the two latest tries says where the pages become exactly full; the guess is
/// the first step at or past that position, kept between the loosest step known not to
/// fit and the tightest known to. The search ends with two neighbouring steps of which
/// the looser does not fit. For the shrink, on the test's résumés of one and two pages,
/// that took 2.2 tries after the first two on average, where walking the grid from the
/// loose end took 9.6. When three guesses in a row each leave more than half of the
/// steps in play, the next try is the middle one, so poor guesses cost at most a
/// bisection.
fn first_fitting<E>(
    pages: usize,
    positions: &[f32],
    loose: Laid,
    tight: Laid,
    full: impl Fn(usize, &Laid) -> f32,
    mut lay_out: impl FnMut(usize) -> Result<Laid, E>,
) -> Result<(usize, Laid), E> {
    let (mut low, mut high) = (0, positions.len().saturating_sub(1));
    // The two latest tries, as (position, fullness): the line through them makes the guess.
    let mut tries = [(positions[low], full(low, &loose)), (positions[high], full(high, &tight))];
    let mut best = tight;
    let mut stalled = 0;
    while high - low > 1 {
        let [(a, full_a), (b, full_b)] = tries;
        let slope = (full_b - full_a) / (b - a);
        let guess = if stalled >= 3 || !slope.is_finite() || slope >= 0.0 {
            low + (high - low) / 2
        } else {
            // The first step at or past where the pages are exactly full.
            let exact = a + (pages as f32 - full_a) / slope;
            positions.partition_point(|&p| p < exact)
        };
        let step = guess.clamp(low + 1, high - 1);
        let before = high - low;
        let laid = lay_out(step)?;
        tries = [tries[1], (positions[step], full(step, &laid))];
        if laid.document.pages.len() <= pages {
            high = step;
            best = laid;
        } else {
            low = step;
        }
        stalled = if 2 * (high - low) > before { stalled + 1 } else { 0 };
    }
    Ok((high, best))
}

/// For each number of the leaving-out steps taken, from none to all, about how many
/// lines of `style` they leave out: where the search over them places each.
fn lines_left_out(resume: &Resume, steps: &[Step], style: &Style) -> Vec<f32> {
    // Characters of body text a line holds, at half an em each.
    let per_line = (style.measure() / (0.5 * style.sizes.body)).max(1.0);
    let mut gone = Vec::with_capacity(steps.len() + 1);
    gone.push(0.0);
    for step in steps {
        gone.push(gone[gone.len() - 1] + step_lines(resume, *step, per_line));
    }
    gone
}

/// About how many lines a step of the leaving-out rule saves, at `per_line` characters a
/// line: each bullet's lines, or an entry's heading and paragraphs (its bullets went in
/// an earlier step).
fn step_lines(resume: &Resume, step: Step, per_line: f32) -> f32 {
    fn lines(text: &crate::model::Text, per_line: f32) -> f32 {
        (text.plain().chars().count() as f32 / per_line).ceil().max(1.0)
    }
    fn bullets(list: &[Bullet], per_line: f32) -> f32 {
        list.iter().map(|b| lines(&b.text, per_line) + bullets(&b.children, per_line)).sum()
    }
    match step {
        Step::Bullets { section, entry } => {
            let body = &resume.sections[section].entries[entry].body;
            body.iter()
                .map(|block| match block {
                    Block::Bullets(list) => bullets(list, per_line),
                    Block::Paragraph(_) => 0.0,
                })
                .sum()
        }
        Step::Row { .. } | Step::Item { .. } => 1.0,
        Step::Section { section } => {
            let section = &resume.sections[section];
            let texts = section.text.iter().chain(&section.items);
            let rows = section.rows.len() as f32;
            2.0 + rows + texts.map(|t| lines(t, per_line)).sum::<f32>()
        }
        Step::Entry { section, entry } => {
            let entry = &resume.sections[section].entries[entry];
            let paragraphs: f32 = entry
                .body
                .iter()
                .map(|block| match block {
                    Block::Paragraph(text) => lines(text, per_line),
                    Block::Bullets(_) => 0.0,
                })
                .sum();
            // The title line, and a second for a subtitle or the space between entries.
            2.0 + paragraphs
        }
    }
}

/// How many text areas of `style` the lines of a layout fill: the height from the top
/// of each page's first line to the foot of its last (footers aside), summed over the
/// pages, over the height of one text area.
fn fullness(style: &Style, laid: &Laid) -> f32 {
    let area = style.page_height - style.margin_top - style.margin_bottom;
    let filled: f32 = laid
        .document
        .pages
        .iter()
        .map(|page| {
            let lines = page.lines.iter().filter(|l| l.block.is_some());
            let (top, foot) = lines.fold((f32::MAX, 0.0f32), |(top, foot), l| {
                (top.min(l.y), foot.max(l.y + l.line.height))
            });
            (foot - top).max(0.0)
        })
        .sum();
    filled / area.max(1.0)
}

/// Lines set on pages after the first `pages`, footers aside.
fn lines_beyond(laid: &Laid, pages: usize) -> usize {
    laid.document.pages.iter().skip(pages).map(|p| p.lines.len().saturating_sub(1)).sum()
}

/// One step of the leaving-out rule.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    /// A section whose `priority` is below 0, whole.
    Section {
        section: usize,
    },
    /// The bullet lists of entry `entry` of section `section`.
    Bullets {
        section: usize,
        entry: usize,
    },
    /// The whole entry.
    Entry {
        section: usize,
        entry: usize,
    },
    /// One key–value row, or one item of a list, from the end.
    Row {
        section: usize,
        row: usize,
    },
    Item {
        section: usize,
        item: usize,
    },
}

/// A list keeps this many rows or items until every entry that may go has gone.
const LIST_KEPT: usize = 5;

/// The leaving-out rule as a list of steps (docs/format.md, "Fitting"):
///
/// 1. sections whose `priority` is below 0, whole, lowest first;
/// 2. the bullets of every entry that has some, lowest priority first, then oldest first;
/// 3. the rows and items of long lists beyond their first five, from the end;
/// 4. whole entries in the same order as their bullets, never a section's last one;
/// 5. the rows and items left, from the end, never a list's first.
///
/// An entry's age is its end; an ongoing one's is its start (a side business kept since
/// 2004 is older than this year's job); an undated one takes the age of the dated entry
/// above it in its section (or, for the first, below it), so that it goes with its
/// neighbours rather than last.
fn drop_steps(resume: &Resume) -> Vec<Step> {
    let mut sections: Vec<usize> =
        (0..resume.sections.len()).filter(|&s| resume.sections[s].priority < 0).collect();
    sections.sort_by_key(|&s| (resume.sections[s].priority, std::cmp::Reverse(s)));
    let mut steps: Vec<Step> = sections.iter().map(|&section| Step::Section { section }).collect();
    let whole = |s: usize| resume.sections[s].priority >= 0;

    let mut entries: Vec<(usize, usize)> = resume
        .sections
        .iter()
        .enumerate()
        .filter(|&(s, _)| whole(s))
        .flat_map(|(s, section)| (0..section.entries.len()).map(move |e| (s, e)))
        .collect();
    let ages: Vec<Vec<Age>> = resume.sections.iter().map(|s| ages(&s.entries)).collect();
    // Ties keep the file's order from its end (later in a section is older in a
    // reverse-chronological résumé).
    entries.sort_by_key(|&(s, e)| {
        (resume.sections[s].entries[e].priority, ages[s][e], std::cmp::Reverse((s, e)))
    });
    steps.extend(
        entries
            .iter()
            .filter(|&&(s, e)| {
                resume.sections[s].entries[e].body.iter().any(|b| matches!(b, Block::Bullets(_)))
            })
            .map(|&(section, entry)| Step::Bullets { section, entry }),
    );
    let lists: Vec<usize> = (0..resume.sections.len()).filter(|&s| whole(s)).collect();
    let mut rows: Vec<usize> = resume.sections.iter().map(|s| s.rows.len()).collect();
    let mut items: Vec<usize> = resume.sections.iter().map(|s| s.items.len()).collect();
    shorten(&lists, &mut rows, &mut items, LIST_KEPT, &mut steps);
    let mut remaining: Vec<usize> = resume.sections.iter().map(|s| s.entries.len()).collect();
    for &(section, entry) in &entries {
        if remaining[section] > 1 {
            remaining[section] -= 1;
            steps.push(Step::Entry { section, entry });
        }
    }
    shorten(&lists, &mut rows, &mut items, 1, &mut steps);
    steps
}

/// Steps that take rows and items from the end of the `lists`' sections until each has
/// `keep` left (`rows`, `items`: how many each has now), from the longest list first, so
/// that lists shorten together.
fn shorten(
    lists: &[usize],
    rows: &mut [usize],
    items: &mut [usize],
    keep: usize,
    steps: &mut Vec<Step>,
) {
    use std::cmp::Reverse;
    // The longest list first; of equal ones, rows before items, the first section first.
    // A heap, so that a résumé of many long lists costs a logarithm a step.
    let mut longest: std::collections::BinaryHeap<(usize, Reverse<u8>, Reverse<usize>)> = lists
        .iter()
        .flat_map(|&s| [(rows[s], Reverse(0), Reverse(s)), (items[s], Reverse(1), Reverse(s))])
        .filter(|&(n, _, _)| n > keep)
        .collect();
    while let Some((n, Reverse(kind), Reverse(section))) = longest.pop() {
        if kind == 0 {
            rows[section] -= 1;
            steps.push(Step::Row { section, row: rows[section] });
        } else {
            items[section] -= 1;
            steps.push(Step::Item { section, item: items[section] });
        }
        if n - 1 > keep {
            longest.push((n - 1, Reverse(kind), Reverse(section)));
        }
    }
}

/// The résumé without what is marked `detailed-only`.
fn without_detailed_only(resume: &Resume) -> Resume {
    fn bullets(list: &[Bullet]) -> Vec<Bullet> {
        list.iter()
            .filter(|b| !b.detailed_only)
            .map(|b| Bullet { children: bullets(&b.children), ..b.clone() })
            .collect()
    }
    let mut out = resume.clone();
    out.sections.retain(|s| !s.detailed_only);
    for section in &mut out.sections {
        section.entries.retain(|e| !e.detailed_only);
        for entry in &mut section.entries {
            for block in &mut entry.body {
                if let Block::Bullets(list) = block {
                    *list = bullets(list);
                }
            }
            entry.body.retain(|b| !matches!(b, Block::Bullets(list) if list.is_empty()));
        }
    }
    // A section whose entries were all marked has nothing left to show.
    out.sections.retain(|s| {
        !(s.entries.is_empty() && s.text.is_empty() && s.rows.is_empty() && s.items.is_empty())
    });
    out
}

/// An entry's age for the leaving-out rule: smaller is older. Dated entries come
/// before the entries of sections without any date.
type Age = (u8, u16, u8, u8);

/// The ages of a section's entries: each by its end, an ongoing one by its start, and an
/// undated one by the dated entry above it (or the first below it).
fn ages(entries: &[Entry]) -> Vec<Age> {
    let own: Vec<Option<Age>> = entries.iter().map(|e| age(&e.when)).collect();
    let mut ages: Vec<Age> = Vec::with_capacity(own.len());
    for (i, age) in own.iter().enumerate() {
        let inherited = age
            .or_else(|| ages.last().copied().filter(|_| i > 0))
            .or_else(|| own[i..].iter().flatten().next().copied());
        ages.push(inherited.unwrap_or((1, 0, 0, 0)));
    }
    ages
}

fn age(when: &Option<When>) -> Option<Age> {
    let date = match when.as_ref()? {
        When::Range(start, End::Present) => start,
        When::Range(_, End::Date(d)) | When::Single(d) => d,
    };
    Some((0, date.year, date.month.unwrap_or(0), date.day.unwrap_or(0)))
}

/// The résumé with the given steps applied.
fn apply(resume: &Resume, steps: &[Step]) -> Resume {
    let mut out = resume.clone();
    let mut gone: Vec<Vec<bool>> =
        out.sections.iter().map(|s| vec![false; s.entries.len()]).collect();
    let mut sections_gone = vec![false; out.sections.len()];
    for step in steps {
        match *step {
            Step::Section { section } => sections_gone[section] = true,
            Step::Bullets { section, entry } => {
                let body = &mut out.sections[section].entries[entry].body;
                *body = without_bullets(std::mem::take(body));
            }
            Step::Entry { section, entry } => gone[section][entry] = true,
            // Rows and items go from the end: the step says how many are left.
            Step::Row { section, row } => out.sections[section].rows.truncate(row),
            Step::Item { section, item } => out.sections[section].items.truncate(item),
        }
    }
    for (section, gone) in out.sections.iter_mut().zip(&gone) {
        let mut e = 0;
        section.entries.retain(|_| {
            e += 1;
            !gone[e - 1]
        });
    }
    let mut s = 0;
    out.sections.retain(|_| {
        s += 1;
        !sections_gone[s - 1]
    });
    out
}

/// An entry's body without its bullet lists, and without a paragraph that only led into
/// one ("Features:"), which would dangle.
fn without_bullets(body: Vec<Block>) -> Vec<Block> {
    let mut kept: Vec<Block> = Vec::with_capacity(body.len());
    for block in body {
        match block {
            Block::Bullets(_) => {
                let lead_in = |b: &Block| matches!(b, Block::Paragraph(p) if p.plain().trim_end().ends_with(':'));
                if kept.last().is_some_and(lead_in) {
                    kept.pop();
                }
            }
            paragraph => kept.push(paragraph),
        }
    }
    kept
}

/// "1 entry", "3 entries", "1 bullet", "2 bullets".
fn counted(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        (_, None) => format!("{n} {noun}s"),
    }
}

/// What the steps left out, a line per section: "14 bullets of 6 entries and 3 entries
/// (A, B, C) in Projects"; "12 rows of Skills"; "Interests". An entry's title is named
/// when a section loses at most three; more are counted, so that the note stays a line
/// however long the résumé.
fn report(resume: &Resume, steps: &[Step]) -> Vec<String> {
    const NAMED: usize = 3;
    // Each section's steps, gathered once: a long résumé has many of both.
    let mut by_section: Vec<Vec<Step>> = vec![Vec::new(); resume.sections.len()];
    for step in steps {
        let (Step::Section { section }
        | Step::Bullets { section, .. }
        | Step::Entry { section, .. }
        | Step::Row { section, .. }
        | Step::Item { section, .. }) = *step;
        by_section[section].push(*step);
    }
    let mut lines = Vec::new();
    for ((s, section), steps) in resume.sections.iter().enumerate().zip(&by_section) {
        let title = section.title.plain();
        if steps.contains(&Step::Section { section: s }) {
            lines.push(format!("{title}, whole"));
            continue;
        }
        let mut entry_gone = vec![false; section.entries.len()];
        for step in steps {
            if let Step::Entry { entry, .. } = *step {
                entry_gone[entry] = true;
            }
        }
        let entries_gone: Vec<usize> = (0..entry_gone.len()).filter(|&e| entry_gone[e]).collect();
        let bullets: Vec<usize> = steps
            .iter()
            .filter_map(|st| match *st {
                Step::Bullets { entry, .. } if !entry_gone[entry] => Some(entry),
                _ => None,
            })
            .collect();
        let count = |e: usize| -> usize {
            fn count(list: &[crate::model::Bullet]) -> usize {
                list.iter().map(|b| 1 + count(&b.children)).sum()
            }
            section.entries[e]
                .body
                .iter()
                .map(|b| match b {
                    Block::Bullets(list) => count(list),
                    Block::Paragraph(_) => 0,
                })
                .sum()
        };
        let rows = steps.iter().filter(|st| matches!(st, Step::Row { .. }));
        let items = steps.iter().filter(|st| matches!(st, Step::Item { .. }));
        let mut parts = Vec::new();
        if !bullets.is_empty() {
            let n: usize = bullets.iter().map(|&e| count(e)).sum();
            parts.push(format!("{} of {}", counted(n, "bullet"), counted(bullets.len(), "entry")));
        }
        match entries_gone.len() {
            0 => {}
            n if n <= NAMED => {
                let titles: Vec<String> =
                    entries_gone.iter().map(|&e| section.entries[e].title.plain()).collect();
                parts.push(format!("{} ({})", counted(n, "entry"), titles.join(", ")));
            }
            n => parts.push(counted(n, "entry")),
        }
        for (n, noun) in [(rows.count(), "row"), (items.count(), "item")] {
            if n > 0 {
                parts.push(counted(n, noun));
            }
        }
        if !parts.is_empty() {
            lines.push(format!("{} in {title}", parts.join(" and ")));
        }
    }
    lines
}

/// Every thing the steps left out, a line each, by section in the résumé's order:
/// "Projects: Gamma, Lead"; "Experience: 4 bullets of Acme, Engineer"; "Skills: the row
/// Go"; "Interests, the whole section". Long texts are cut to a line.
fn report_in_full(resume: &Resume, steps: &[Step]) -> Vec<String> {
    const LONGEST: usize = 60;
    fn short(text: String) -> String {
        match text.char_indices().nth(LONGEST) {
            Some((end, _)) => format!("{}…", text[..end].trim_end()),
            None => text,
        }
    }
    fn bullets(list: &[Bullet]) -> usize {
        list.iter().map(|b| 1 + bullets(&b.children)).sum()
    }
    let named = |entry: &Entry| {
        let mut name = entry.title.plain();
        if let Some(subtitle) = &entry.subtitle {
            name = format!("{name}, {}", subtitle.plain());
        }
        short(name)
    };
    // In the résumé's order: by section, then entries (their bullets with them), rows and
    // items by their place.
    let mut ordered = steps.to_vec();
    ordered.sort_by_key(|step| match *step {
        Step::Section { section } => (section, 0, 0),
        Step::Bullets { section, entry } | Step::Entry { section, entry } => (section, 1, entry),
        Step::Row { section, row } => (section, 2, row),
        Step::Item { section, item } => (section, 3, item),
    });
    let gone: std::collections::HashSet<(usize, usize)> = steps
        .iter()
        .filter_map(|step| match *step {
            Step::Entry { section, entry } => Some((section, entry)),
            _ => None,
        })
        .collect();
    let mut lines = Vec::new();
    for step in ordered {
        let (Step::Section { section }
        | Step::Bullets { section, .. }
        | Step::Entry { section, .. }
        | Step::Row { section, .. }
        | Step::Item { section, .. }) = step;
        let s = &resume.sections[section];
        let title = s.title.plain();
        lines.push(match step {
            Step::Section { .. } => format!("{title}, the whole section"),
            Step::Bullets { entry, .. } if gone.contains(&(section, entry)) => continue,
            Step::Bullets { entry, .. } => {
                let entry = &s.entries[entry];
                let n: usize = entry
                    .body
                    .iter()
                    .map(|b| match b {
                        Block::Bullets(list) => bullets(list),
                        Block::Paragraph(_) => 0,
                    })
                    .sum();
                format!("{title}: {} of {}", counted(n, "bullet"), named(entry))
            }
            Step::Entry { entry, .. } => format!("{title}: {}", named(&s.entries[entry])),
            Step::Row { row, .. } => {
                format!("{title}: the row {}", short(s.rows[row].label.plain()))
            }
            Step::Item { item, .. } => format!("{title}: {}", short(s.items[item].plain())),
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::typeset::lay_out;

    /// A résumé of `entries` dated jobs sharing `bullets` bullets.
    fn jobs(entries: usize, bullets: usize) -> Resume {
        let mut yaml =
            String::from("name: Test Person\nsections:\n  - title: Work\n    entries:\n");
        for e in 0..entries {
            yaml +=
                &format!("      - title: Job {e}\n        date: {}\n        bullets:\n", 2020 - e);
            for b in 0..(bullets / entries + usize::from(e < bullets % entries)).max(1) {
                yaml += &format!("          - Bullet {b} of job {e}, with words to fill a line.\n");
            }
        }
        crate::model::load(&Source::new("jobs.yaml", yaml)).unwrap()
    }

    #[test]
    fn leaving_out_takes_as_many_steps_as_a_bisection_finds() {
        let style = crate::style::resolve("one-page").unwrap();
        let smallest = style.shrunk(1.0);
        let book = FontBook::default();
        let (mut cases, mut tries, mut bisected) = (0, 0, 0);
        for (entries, bullets) in (4..16).flat_map(|e| [(e, 9 * e), (e, 12 * e + 20)]) {
            let resume = jobs(entries, bullets);
            let steps = drop_steps(&resume);
            let at = |taken: usize| lay_out(&apply(&resume, &steps[..taken]), &smallest, &book);
            let fits = |laid: &Laid| laid.document.pages.len() == 1;
            let (none, all) = (at(0).unwrap(), at(steps.len()).unwrap());
            if fits(&none) || !fits(&all) {
                continue;
            }
            cases += 1;
            // The search this one replaced.
            let (mut low, mut high) = (0, steps.len());
            while low + 1 < high {
                let mid = (low + high) / 2;
                bisected += 1;
                if fits(&at(mid).unwrap()) { high = mid } else { low = mid }
            }
            let gone = lines_left_out(&resume, &steps, &smallest);
            let full = |_, laid: &Laid| fullness(&smallest, laid);
            let (found, _) = first_fitting(1, &gone, none, all, full, |n| {
                tries += 1;
                at(n)
            })
            .unwrap();
            assert_eq!(found, high, "{entries} jobs, {bullets} bullets");
        }
        assert!(cases >= 16, "only {cases} résumés needed leaving out");
        // 19 cases: 42 tries where the bisection took 80 (2026-12-04).
        assert!(4 * tries <= 3 * bisected, "{tries} tries where a bisection took {bisected}");
    }

    fn load(yaml: &str) -> Resume {
        crate::model::load(&Source::new("cv.yaml", yaml)).unwrap()
    }

    /// The titles of the entries whose bullets the rule takes, in its order.
    fn bullets_order(resume: &Resume) -> Vec<String> {
        drop_steps(resume)
            .iter()
            .filter_map(|st| match *st {
                Step::Bullets { section, entry } => {
                    Some(resume.sections[section].entries[entry].title.plain())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn undated_entries_go_with_their_neighbours_and_ongoing_ones_by_their_start() {
        let entry = |title: &str, when: &str| {
            format!("      - title: {title}\n{when}        bullets: [one, two]\n")
        };
        let yaml = format!(
            "name: A\nsections:\n  - title: Work\n    entries:\n{}{}{}{}",
            entry("Job 2022", "        start: 2022-01\n        end: present\n"),
            entry("Side business", "        start: 2004\n        end: present\n"),
            entry("Job 2015", "        start: 2012\n        end: 2015\n"),
            entry("Job 2010", "        date: 2010\n"),
        );
        assert_eq!(
            bullets_order(&load(&yaml)),
            ["Side business", "Job 2010", "Job 2015", "Job 2022"]
        );
        let yaml = format!(
            "name: A\nsections:\n  - title: Papers\n    entries:\n{}{}{}",
            entry("Paper 2024", "        date: 2024\n"),
            entry("Undated", ""),
            entry("Paper 2001", "        date: 2001\n"),
        );
        // The undated paper is as old as the one above it: it goes after 2001's.
        assert_eq!(bullets_order(&load(&yaml)), ["Paper 2001", "Undated", "Paper 2024"]);
    }

    #[test]
    fn low_priority_sections_go_whole_first_and_long_lists_shorten_from_the_end() {
        let mut yaml = String::from(
            "name: A\nsections:\n  - title: Hobbies\n    priority: -1\n    items: [chess, go]\n  - title: Skills\n    rows:\n",
        );
        for i in 0..8 {
            yaml += &format!("      - label: Skill {i}\n        text: a, b\n");
        }
        yaml += "  - title: Work\n    entries:\n      - title: A\n        date: 2020\n        bullets: [x]\n      - title: B\n        date: 2019\n";
        let resume = load(&yaml);
        let steps = drop_steps(&resume);
        assert_eq!(steps[0], Step::Section { section: 0 });
        assert_eq!(steps[1], Step::Bullets { section: 2, entry: 0 });
        // Skills down to five, then entry B, then Skills down to one.
        let rows =
            |from: usize, to: usize| (to..from).rev().map(|row| Step::Row { section: 1, row });
        let mut expected: Vec<Step> = rows(8, 5).collect();
        expected.push(Step::Entry { section: 2, entry: 1 });
        expected.extend(rows(5, 1));
        assert_eq!(steps[2..], expected);
        let kept = apply(&resume, &steps);
        let titles: Vec<String> = kept.sections.iter().map(|s| s.title.plain()).collect();
        assert_eq!(titles, ["Skills", "Work"]);
        assert_eq!(kept.sections[0].rows.len(), 1);
        assert_eq!(
            report(&resume, &steps),
            ["Hobbies, whole", "7 rows in Skills", "1 bullet of 1 entry and 1 entry (B) in Work"]
        );
    }

    #[test]
    fn a_long_list_of_gone_entries_is_counted_not_named() {
        let resume = jobs(8, 8);
        let steps = drop_steps(&resume);
        assert_eq!(report(&resume, &steps), ["1 bullet of 1 entry and 7 entries in Work"]);
        // In full, every one of them, in the résumé's order.
        let full = report_in_full(&resume, &steps);
        assert_eq!(full.len(), 8, "{full:?}");
        assert_eq!(full[0], "Work: 1 bullet of Job 0");
        assert_eq!(full[7], "Work: Job 7");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(1, "entry"), "1 entry");
        assert_eq!(counted(5, "entry"), "5 entries");
        assert_eq!(counted(1, "bullet"), "1 bullet");
        assert_eq!(counted(5000, "bullet"), "5000 bullets");
    }
}
