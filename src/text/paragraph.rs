//! Text stage, paragraphs: a composed [`Paragraph`] → finished [`Line`]s.
//!
//! The paragraph's runs are concatenated into one string so that break opportunities
//! (UAX #14) and hyphenation see whole words across style changes. Words are shaped
//! whole, per run and per font of the fallback chain ("pieces"), so kerning and
//! ligatures inside a word survive; the width of a fragment between two hyphenation
//! points is summed from the clusters it covers. Only a word that a line actually breaks
//! inside is shaped again, in its two halves.

use std::ops::Range;
use std::sync::Arc;

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use unicode_linebreak::linebreaks;

use super::bidi::Levels;
use super::gaps;
use super::linebreak::{self, Item, Params};
use super::shape::{Features, Glyph};
use super::{
    FaceId, GlyphOffset, GlyphRun, Line, LineItem, PlacedGlyph, TextProblem, Typesetter, Variant,
};
use crate::compose::{Align, BAR_GAP, Bar, Beside, Paragraph, Run};
use crate::font::Family;

/// Cost of breaking at a hyphenation point. Higher than TeX's 50: a ragged-right résumé
/// line rarely gains enough evenness to pay for a hyphen, and hyphens in short résumé
/// lines are more noticeable than in book pages.
const HYPHEN_PENALTY: f32 = 120.0;
/// Cost of breaking a long URL or path at a URL-safe character (no hyphen is drawn).
const URL_BREAK_PENALTY: f32 = 150.0;
/// The loosest a justified line is ever set, as an adjustment ratio (TeX's tolerance 200
/// is about 1.26).
const MAX_STRETCH: f32 = 2.0;
/// Characters after which a token too long for the line may break.
/// Not after `-` (a stretch still too long breaks before it): poppler drops a line-final
/// hyphen when it rejoins lines, which would corrupt the URL in extracted text.
const URL_SAFE: &[char] = &['/', '.', '?', '&', '=', '_', '#'];
/// Cost of breaking after an en or em dash with no space around it ("2019–2020").
const DASH_PENALTY: f32 = 250.0;

/// A stretch of one run in one face, shaped as a unit.
struct Piece {
    range: Range<usize>,
    run: usize,
    face: FaceId,
    glyphs: Arc<[Glyph]>,
    /// Set right to left (`bidi.rs`).
    rtl: bool,
    /// Which way the glyphs' clusters run ([`cluster_order`]); `None` for a short piece,
    /// whose glyphs are simply all looked at.
    order: Option<bool>,
}

/// What an item stands for in the text, to rebuild the lines after breaking.
#[derive(Clone)]
enum Atom {
    Word(Range<usize>),
    /// `boundary`: widened where extraction splits items (see `prepare`).
    Space {
        range: Range<usize>,
        run: usize,
        face: FaceId,
        boundary: bool,
    },
    Break(BreakKind),
}

#[derive(Clone, Copy, PartialEq)]
enum BreakKind {
    /// Inside a word at a hyphenation point: a hyphen is drawn when taken.
    Hyphen { run: usize, face: FaceId },
    /// Between words with no space (after a dash, between CJK characters) or inside a URL.
    Plain,
    /// The end of the paragraph.
    Final,
}

/// A paragraph's text and what `add_word` needs to know about it.
#[derive(Clone, Copy)]
struct ParagraphText<'a> {
    text: &'a str,
    runs: &'a [Run],
    run_ranges: &'a [Range<usize>],
    /// The narrowest line: a token wider than this gets URL-safe breaks.
    min_width: f32,
    /// Whether to add hyphenation points.
    hyphenate: bool,
    widened: &'a [(usize, f32)],
    /// Room made before the glyph at a position, in points: an icon's ([`icon_room`]).
    leads: &'a [(usize, f32)],
    /// The text's bidirectional levels, when it has right-to-left text.
    levels: Option<&'a Levels>,
}

/// A paragraph prepared for breaking.
struct Prepared<'p> {
    text: String,
    runs: &'p [Run],
    pieces: Vec<Piece>,
    /// Where each run is in `text`.
    run_ranges: Vec<Range<usize>>,
    /// Spaces inside unbreakable text that are made wider (see [`widened_spaces`]): the
    /// position of the first space of each, and the width added to it in points.
    widened: Vec<(usize, f32)>,
    /// Where a run with an icon starts in `text`, and the room the icon takes (points).
    leads: Vec<(usize, f32)>,
    items: Vec<Item>,
    atoms: Vec<Atom>,
    /// The text's bidirectional levels, when it has right-to-left text (`bidi.rs`).
    levels: Option<Levels>,
}

impl Prepared<'_> {
    /// The width added to the glyph at byte `at` of the text, in points.
    fn widened_at(&self, at: usize) -> f32 {
        widened_at(&self.widened, at)
    }

    /// The end of a line's last word without a separator run that ends it (and the
    /// spaces before it): an item separator is not printed at the end of a line.
    fn without_final_separator(&self, word: Range<usize>) -> usize {
        // The runs that start inside the word, found by bisection (a paragraph may have
        // many runs; a scan of all of them per line was quadratic).
        let first = self.run_ranges.partition_point(|range| range.start <= word.start);
        let separator = self.run_ranges[first..]
            .iter()
            .zip(&self.runs[first..])
            .take_while(|(range, _)| range.start < word.end)
            .find(|(_, run)| run.separator);
        match separator {
            Some((range, _)) => word.start + self.text[word.start..range.start].trim_end().len(),
            None => word.end,
        }
    }
}

/// The narrowest a space may become, in em: what every extractor still reads as a space.
const MIN_SPACE: f32 = 0.16;

/// [`set`] for a paragraph whose trailing text (an entry's dates, and the location that
/// joins them when there is no subtitle) is wider than the text area: flush right on
/// one line it would run off the paper, so it goes under the paragraph, set as one of
/// its own and broken like one. Only a word too long even for a line of its own still
/// sticks out, with a warning in the dates' terms.
fn set_trailing_apart(
    ts: &mut Typesetter,
    p: &Paragraph,
    measure: f32,
) -> Result<Vec<Line>, TextProblem> {
    let mut lines = Vec::new();
    let mut marker = p.marker.clone();
    if !p.runs.is_empty() {
        let head = Paragraph { trailing: Vec::new(), ..p.clone() };
        lines = set(ts, &head, measure)?;
        marker = None;
    }
    let tail = Paragraph {
        runs: p.trailing.clone(),
        trailing: Vec::new(),
        marker,
        align: Align::Left,
        ..p.clone()
    };
    let before = ts.warnings.len();
    lines.extend(set(ts, &tail, measure)?);
    for warning in &mut ts.warnings[before..] {
        warning.message = "the dates are wider than the text area and run into the margin".into();
        warning.hint = Some("shorten the dates, or the layout's `dates.present`".into());
    }
    Ok(lines)
}

/// Break and set a paragraph.
pub(super) fn set(
    ts: &mut Typesetter,
    p: &Paragraph,
    measure: f32,
) -> Result<Vec<Line>, TextProblem> {
    let available = measure - p.indent;
    let marker = match &p.marker {
        Some(marker) => Some((ts.single_line(&marker.runs)?, marker.x, size_of(&marker.runs))),
        None => None,
    };
    let trailing = if p.trailing.is_empty() {
        None
    } else {
        Some((ts.single_line(&p.trailing)?, size_of(&p.trailing)))
    };
    let trailing_width = trailing.as_ref().map_or(0.0, |((_, w), _)| *w);
    if trailing_width > available {
        return set_trailing_apart(ts, p, measure);
    }
    // A marker the text keeps clear of (an entry's dates in a column) is set flush right
    // in its column, an em before the text: a wide blank (gaps.rs), where a narrow one
    // is a space that poppler drops, and then reads a heading in another size beside
    // the column as two blocks; and at least an item boundary's space, which a parser
    // built on pdf.js does not close (a Chinese letter is an em of body text wide).
    // When there is no room for that, the first line's text starts further in, and is
    // that much shorter.
    let clear = p.marker.as_ref().is_some_and(|m| m.clear);
    let clear_gap = |size: f32| size.max(ts.boundary_space);
    // So, too, past a hanging marker wider than all the room before the text, which
    // would otherwise run into it.
    let lead = match &marker {
        Some(((_, width), x, size)) if clear => (x + width + clear_gap(*size) - p.indent).max(0.0),
        Some(((_, width), _, _)) if *width > p.indent => width + ts.boundary_space - p.indent,
        _ => 0.0,
    };
    // The dates keep a gap of one em of body text from the title.
    let beside =
        available - trailing_width - if trailing.is_some() { ts.style.sizes.body } else { 0.0 };
    let first_width = beside - lead;

    // As TeX does, try without hyphenation first: most paragraphs set well without it,
    // and looking up every word's hyphenation points costs more than breaking the lines.
    let min_width = first_width.min(available);
    let mut prepared = prepare(ts, &p.runs, min_width, true, false)?;
    let mut widths = vec![first_width, available];
    let mut breaks = break_prepared(ts, &prepared, &widths, p.align);
    let loose = |b: &linebreak::Breaks| {
        !b.overfull.is_empty() || b.ratios.iter().any(|&r| r > Params::default().pretolerance)
    };
    if ts.style.hyphenate && p.runs.iter().any(|r| r.hyphenate) && loose(&breaks) {
        prepared = prepare(ts, &p.runs, min_width, true, true)?;
        breaks = break_prepared(ts, &prepared, &widths, p.align);
    }
    // The line that takes the trailing text (an entry's dates): the title's only line
    // when they fit beside each other, else the title's last, so that they follow the
    // whole title in reading order too; past the end, a line of their own.
    let mut trailing_at = 0;
    if trailing.is_some() && breaks.positions.len() > 1 {
        let full = break_prepared(ts, &prepared, &[available - lead, available], p.align);
        let lines = full.positions.len();
        let beside_last = (lines..lines + 3).find_map(|count| {
            let mut narrow_last = vec![available; count - 1];
            narrow_last.push(beside);
            narrow_last[0] -= lead;
            let b = break_prepared(ts, &prepared, &narrow_last, p.align);
            (b.positions.len() == count && b.overfull.is_empty()).then_some((b, narrow_last))
        });
        // A title that fills one line, but not the room beside the dates, is wrapped
        // early, so that its last words keep the dates company: dates alone on a line
        // read as belonging to nothing. The first line is broken as if it could not
        // hold the whole title, and set in its full width; without hyphenation, for a
        // word split before the dates is read in two by every extractor but one.
        let beside_last = match beside_last {
            None if lines == 1 => {
                let whole = prepare(ts, &p.runs, min_width, true, false)?;
                let tightest = tightest_width(&whole.items);
                let capped = vec![(available - lead).min(tightest - 1.0), beside];
                let b = break_prepared(ts, &whole, &capped, p.align);
                let wrapped = b.positions.len() == 2 && b.overfull.is_empty();
                if wrapped {
                    prepared = whole;
                }
                wrapped.then(|| (b, vec![available - lead, beside]))
            }
            found => found,
        };
        (breaks, widths, trailing_at) = match beside_last {
            Some((b, w)) => {
                let last = b.positions.len() - 1;
                (b, w, last)
            }
            None => (full, vec![available - lead, available], lines),
        };
    }
    if !breaks.overfull.is_empty() {
        ts.warnings.push(TextProblem {
            message: "a word is too long for the line and sticks out into the margin".into(),
            origin: p.runs.first().map_or(0, |r| r.origin),
            needle: None,
            hint: Some("break the word, or shorten the link text with [text](url)".into()),
        });
    }
    let mut lines = assemble(ts, &prepared, &breaks, p.indent, &widths, p.align, p.leading);
    if lead > 0.0
        && let Some(first) = lines.first_mut()
    {
        let items = std::mem::take(&mut first.items);
        let baseline = first.baseline;
        put(first, 0, items, lead, baseline);
    }

    if let Some(((label, width), x, size)) = marker
        && let Some(first) = lines.first_mut()
    {
        grow_line(first, size, p.leading);
        // At least a letter's width from the text, else extraction may join the two
        // (gaps.rs): a wide marker hangs further out, as far as the margin, and the
        // text moves in for one wider still (`lead`).
        let x = if clear {
            x.max(p.indent + lead - width - clear_gap(size))
        } else {
            x.min(p.indent + lead - width - ts.boundary_space).max(0.0)
        };
        // The blank after the marker is whitespace to text extraction (gaps.rs).
        let last = label.items.iter().rev().find_map(|item| match item {
            LineItem::Text(run) => Some(run),
            _ => None,
        });
        let blank = last.and_then(|last| {
            gaps::fill(ts, width, p.indent + lead - x, last.face, last.size, last.colour)
        });
        let mut items = label.items;
        match (blank, items.last_mut()) {
            // A narrow blank is a word space after the marker, in its run (on a page that
            // is mirrored, a run of its own, to go to the marker's other side).
            (Some(space), Some(LineItem::Text(marker)))
                if space.scale_x == 1.0
                    && marker.text.len() < MAX_RUN_TEXT
                    && marker.face == space.face
                    && marker.scale_x == 1.0
                    && !ts.right_to_left =>
            {
                let cluster = marker.text.len() as u16;
                marker.text.push_str(&space.text);
                marker
                    .glyphs
                    .extend(space.glyphs.into_iter().map(|g| PlacedGlyph { cluster, ..g }));
            }
            (blank, _) => items.extend(blank.map(LineItem::Text)),
        }
        for item in &mut items {
            if let LineItem::Text(run) = item {
                run.label = true;
            }
        }
        // The marker goes first, so that the content stream reads "• text" in order too.
        put(first, 0, items, x, label.baseline);
    }
    if let Some(((dates, width), size)) = trailing {
        let x = measure - width;
        match lines.get_mut(trailing_at) {
            Some(line) => {
                grow_line(line, size, p.leading);
                let blank = blank_before(ts, line, x);
                line.items.extend(blank.map(LineItem::Text));
                let end = line.items.len();
                put(line, end, dates.items, x, dates.baseline);
            }
            None => {
                let mut line = empty_line(size, p.leading);
                put(&mut line, 0, dates.items, x, dates.baseline);
                lines.push(line);
            }
        }
    }
    if p.beside != Beside::Nothing {
        for line in &mut lines {
            fill_beside(ts, line, p.indent, measure, p.beside);
        }
    }
    if let Some(bar) = p.bar {
        for line in &mut lines {
            draw_bar(ts, line, p.indent, bar);
        }
    }
    widow_and_orphan_control(&mut lines);
    Ok(lines)
}

/// An accent bar before a line's text, which starts at `indent`, [`BAR_GAP`] em before
/// it: through the middle of the capitals, as tall as they are unless the bar has a
/// thickness of its own. Like a rule, it is decoration to text extraction and screen
/// readers.
fn draw_bar(ts: &Typesetter, line: &mut Line, indent: f32, bar: Bar) {
    let Some((face, size)) = line.items.iter().find_map(|item| match item {
        LineItem::Text(run) if !run.text.trim().is_empty() => Some((run.face, run.size)),
        _ => None,
    }) else {
        return;
    };
    let capitals = ts.book.metrics(face).cap_height * size;
    let thickness = if bar.thickness > 0.0 { bar.thickness } else { capitals };
    let x = (indent - bar.width - BAR_GAP * size).max(0.0);
    let y = line.baseline - capitals / 2.0 - thickness / 2.0;
    let (width, colour) = (bar.width, bar.colour);
    line.items.insert(0, LineItem::Rule { x, y, width, thickness, colour });
}

/// Fill the width beside a line's text, from the indent to the text and from the text to
/// the measure: with whitespace ([`gaps::fill`]), so that to a text extractor the line
/// spans the width like the lines around it (a short centred line between them is
/// otherwise a text box of its own, which pdfminer.six reads out of order); and with a
/// rule, if asked, half an em of the text's size away from it, through the middle of its
/// small letters (of its capitals when it has none: an upper-case heading). A side
/// narrower than an em gets no rule.
fn fill_beside(ts: &Typesetter, line: &mut Line, indent: f32, measure: f32, beside: Beside) {
    let text = || {
        line.items.iter().filter_map(|item| match item {
            LineItem::Text(run) if !run.text.trim().is_empty() => Some(run),
            _ => None,
        })
    };
    let Some(first) = text().next() else { return };
    let (face, size, ink) = (first.face, first.size, first.colour);
    let start = text().map(|run| run.x).fold(f32::INFINITY, f32::min);
    let end = text().map(|run| run.x + run.width()).fold(f32::NEG_INFINITY, f32::max);
    if let Beside::Rule(thickness, colour) = beside {
        let metrics = ts.book.metrics(face);
        let lowercase = text().any(|run| run.text.chars().any(char::is_lowercase));
        let height = if lowercase { metrics.x_height } else { metrics.cap_height };
        let y = line.baseline - height * size / 2.0 - thickness / 2.0;
        let gap = size / 2.0;
        for (from, to) in [(indent, start - gap), (end + gap, measure)] {
            if to - from >= size {
                let width = to - from;
                line.items.push(LineItem::Rule { x: from, y, width, thickness, colour });
            }
        }
    }
    let before = gaps::fill(ts, indent, start, face, size, ink);
    let after = gaps::fill(ts, end, measure, face, size, ink);
    // In the content stream as on the page: the blank before, the text, the blank after.
    line.items.splice(0..0, before.map(LineItem::Text));
    line.items.extend(after.map(LineItem::Text));
}

/// Set key–value rows from `indent`: labels in a column as wide as the widest label, each
/// value broken as a paragraph beside its label; or, when that column would take more
/// than a third of the measure, each label above its value ([`stacked_rows`]).
/// `spacing` is the gap after the labels, the leading and the space between rows.
pub(super) fn set_rows(
    ts: &mut Typesetter,
    rows: &[(Vec<Run>, Vec<Run>)],
    indent: f32,
    (gap, leading, space_between): (f32, f32, f32),
    measure: f32,
) -> Result<Vec<Line>, TextProblem> {
    let mut label_width: f32 = 0.0;
    for (label, _) in rows {
        let width = ts.single_line(label)?.1;
        if width > measure {
            ts.warnings.push(TextProblem {
                message: "a row label is wider than the text area and runs off the page".into(),
                origin: label.first().map_or(0, |r| r.origin),
                needle: None,
                hint: Some("shorten the label, or move its words into the row's text".into()),
            });
        }
        label_width = label_width.max(width);
    }
    // The labels' column keeps at least an item boundary's space from the values (see
    // `prepare`): a parser built on pdf.js would join label and value otherwise.
    let column = label_width + gap.max(ts.boundary_space);
    if column > (measure - indent) / 3.0 {
        return stacked_rows(ts, rows, indent, (leading, space_between), measure);
    }
    let mut lines = Vec::new();
    for (i, (label, value)) in rows.iter().enumerate() {
        let paragraph = Paragraph {
            runs: value.clone(),
            indent: indent + column,
            right_indent: 0.0,
            marker: Some(crate::compose::Marker { runs: label.clone(), x: indent, clear: false }),
            trailing: Vec::new(),
            align: Align::Left,
            leading,
            beside: Beside::Nothing,
            bar: None,
        };
        let mut row_lines = set(ts, &paragraph, measure)?;
        if i > 0
            && let Some(first) = row_lines.first_mut()
        {
            first.space_before = space_between;
        }
        lines.extend(row_lines);
    }
    Ok(lines)
}

/// Rows whose labels would take more than a third of the measure beside their values (a
/// narrow sidebar's): each label on a line of its own, its value below it.
fn stacked_rows(
    ts: &mut Typesetter,
    rows: &[(Vec<Run>, Vec<Run>)],
    indent: f32,
    (leading, space_between): (f32, f32),
    measure: f32,
) -> Result<Vec<Line>, TextProblem> {
    let paragraph = |runs: &[Run]| Paragraph {
        runs: runs.to_vec(),
        indent,
        right_indent: 0.0,
        marker: None,
        trailing: Vec::new(),
        align: Align::Left,
        leading,
        beside: Beside::Nothing,
        bar: None,
    };
    let mut lines = Vec::new();
    for (i, (label, value)) in rows.iter().enumerate() {
        let mut label_lines = set(ts, &paragraph(label), measure)?;
        for line in &mut label_lines {
            // A label to the structure tree, as a row's key beside its value is; and
            // kept with its value.
            line.breakable_after = false;
            for item in &mut line.items {
                if let LineItem::Text(run) = item {
                    run.label = true;
                }
            }
        }
        if i > 0
            && let Some(first) = label_lines.first_mut()
        {
            first.space_before = space_between;
        }
        lines.extend(label_lines);
        lines.extend(set(ts, &paragraph(value), measure)?);
    }
    Ok(lines)
}

/// Set runs on one unbreakable line at x = 0 (leading 1); returns the line and the
/// width of its text.
pub(super) fn single_line(ts: &mut Typesetter, runs: &[Run]) -> Result<(Line, f32), TextProblem> {
    let prepared = prepare(ts, runs, f32::INFINITY, false, false)?;
    let last = prepared.items.len().saturating_sub(1);
    let breaks =
        linebreak::Breaks { positions: vec![last], ratios: vec![0.0], overfull: Vec::new() };
    let mut lines = assemble(ts, &prepared, &breaks, 0.0, &[f32::INFINITY], Align::Left, 1.0);
    let line = lines.pop().unwrap_or_else(|| empty_line(size_of(runs).max(1.0), 1.0));
    let width = line
        .items
        .iter()
        .filter_map(|item| match item {
            LineItem::Text(run) => Some(run.x + run.width()),
            _ => None,
        })
        .fold(0.0, f32::max);
    Ok((line, width))
}

/// Put the items of a line set apart (`from`, baseline `baseline`) into `line` at
/// `index`, moved right by `dx`: a marker before the text, dates after it.
fn put(line: &mut Line, index: usize, items: Vec<LineItem>, dx: f32, baseline: f32) {
    let dy = line.baseline - baseline;
    let items = items.into_iter().map(|mut item| {
        match &mut item {
            LineItem::Text(run) => run.x += dx,
            LineItem::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            LineItem::Rule { x, y, .. } | LineItem::Icon { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            LineItem::Photo { .. } => {}
        }
        item
    });
    // Exactly: a vector's doubling would leave room for as many items again on every
    // line with a marker, for as long as the page is kept.
    line.items.reserve_exact(items.len());
    line.items.splice(index..index, items);
}

fn size_of(runs: &[Run]) -> f32 {
    runs.iter().map(|r| r.size).fold(0.0, f32::max)
}

/// Turn runs into pieces and box/glue/penalty items. `min_width` is the narrowest line,
/// to decide which tokens need URL-safe breaks.
fn prepare<'p>(
    ts: &Typesetter,
    runs: &'p [Run],
    min_width: f32,
    breakable: bool,
    hyphenate: bool,
) -> Result<Prepared<'p>, TextProblem> {
    let mut text = String::new();
    let mut run_ranges = Vec::with_capacity(runs.len());
    for run in runs {
        let start = text.len();
        text.push_str(&run.text);
        run_ranges.push(start..text.len());
    }
    let run_at =
        |pos: usize| run_containing(&run_ranges, pos).unwrap_or(runs.len().saturating_sub(1));

    let opportunities =
        if breakable { break_opportunities(&text, runs, &run_ranges) } else { vec![text.len()] };

    let widened = widened_spaces(ts, &text, runs, &run_ranges, &opportunities);
    let separators: Vec<Range<usize>> = runs
        .iter()
        .zip(&run_ranges)
        .filter(|(run, range)| run.separator && !range.is_empty())
        .map(|(_, range)| range.clone())
        .collect();
    let levels = Levels::of(&text, ts.right_to_left, &separators);
    let leads: Vec<(usize, f32)> = runs
        .iter()
        .zip(&run_ranges)
        .filter(|(run, range)| run.icon.is_some() && !range.is_empty())
        .map(|(run, range)| (range.start, icon_room(run)))
        .collect();
    let mut prepared = Prepared {
        text: String::new(),
        runs,
        pieces: Vec::new(),
        run_ranges: Vec::new(),
        widened: Vec::new(),
        leads: Vec::new(),
        items: Vec::new(),
        atoms: Vec::new(),
        levels: None,
    };
    let justify_stretch = |space: f32| (space / 2.0, space / 3.0);
    let mut start = 0;
    for &end in &opportunities {
        let segment = &text[start..end];
        let word_end = start + segment.trim_end_matches([' ', '\u{3000}']).len();
        if word_end > start {
            let para = ParagraphText {
                text: &text,
                runs,
                run_ranges: &run_ranges,
                min_width,
                hyphenate,
                widened: &widened,
                leads: &leads,
                levels: levels.as_ref(),
            };
            add_word(ts, &para, start..word_end, &mut prepared)?;
        }
        if end == text.len() {
            break;
        }
        if word_end < end {
            let run = run_at(word_end);
            // A space between words set in a fallback face (Chinese, Korean) is set in
            // that face too: a change of font at a space is where pdf.js splits its
            // items and parsers lose the space (and pdfplumber, the line).
            let primary = ts.book.select(runs[run].family, runs[run].variant);
            let face = match prepared.pieces.last() {
                Some(piece)
                    if piece.run == run
                        && piece.range.end == word_end
                        && piece.face != primary
                        && ts.book.covers(piece.face, ' ') =>
                {
                    piece.face
                }
                _ => primary,
            };
            // The glue is as wide as all the spaces it stands for (a separator may use two).
            let spaces = &text[word_end..end];
            let mut space = (ts.shaper.width(face, features(&runs[run]), spaces)
                + runs[run].tracking)
                * runs[run].size;
            let (stretch, shrink) = justify_stretch(space);
            let (stretch, shrink) =
                if ts.style.justify { (stretch, shrink) } else { (0.0, shrink * 0.6) };
            // A justified line may shrink a space only so far that it is still read as
            // one: `pdftotext -raw` joins words closer than 0.15 em (a narrow sans space
            // shrunk by a third is 0.138 em).
            let mut shrink = shrink.min((space - MIN_SPACE * runs[run].size).max(0.0));
            // Where a link starts or ends the PDF stage starts new marked content, and
            // pdf.js a new text item, with the space as an item of its own that résumé
            // parsers drop; they then join two items closer than a letter's width. Such
            // spaces, and those around an item separator, are made wider than that.
            let before = run_at(word_end.saturating_sub(1));
            let boundary = splits_items(runs, before, run, run_at(end));
            let boundary = boundary && space < ts.boundary_space;
            if boundary {
                space = ts.boundary_space;
                shrink = 0.0;
            }
            prepared.items.push(Item::Glue { width: space, stretch, shrink });
            prepared.atoms.push(Atom::Space { range: word_end..end, run, face, boundary });
        } else {
            // A break with no space: after a dash it is a flagged break like a hyphen's.
            let after_dash = text[..end].ends_with(['–', '—']);
            let cost = if after_dash { DASH_PENALTY } else { 0.0 };
            prepared.items.push(Item::Penalty { width: 0.0, cost, flagged: after_dash });
            prepared.atoms.push(Atom::Break(BreakKind::Plain));
        }
        start = end;
    }
    prepared.items.push(Item::Glue { width: 0.0, stretch: 1.0e6, shrink: 0.0 });
    let run = runs.len().saturating_sub(1);
    let face = runs.last().map_or(FaceId(0), |r| ts.book.select(r.family, r.variant));
    let end = text.len()..text.len();
    prepared.atoms.push(Atom::Space { range: end, run, face, boundary: false });
    prepared.items.push(Item::Penalty { width: 0.0, cost: f32::NEG_INFINITY, flagged: false });
    prepared.atoms.push(Atom::Break(BreakKind::Final));
    prepared.text = text;
    prepared.run_ranges = run_ranges;
    prepared.widened = widened;
    prepared.leads = leads;
    prepared.levels = levels;
    Ok(prepared)
}

/// Spaces inside text that may not break (a contact item, a separator) that sit where the
/// PDF stage starts new marked content (a link's ends) or beside a separator: pdf.js
/// splits its text items there, and résumé parsers drop the space and join what is
/// closer than a letter's width. They are widened to [`Typesetter::boundary_space`]; the
/// spaces where a line may break get the same in [`prepare`].
fn widened_spaces(
    ts: &Typesetter,
    text: &str,
    runs: &[Run],
    run_ranges: &[Range<usize>],
    opportunities: &[usize],
) -> Vec<(usize, f32)> {
    let run_at =
        |pos: usize| run_containing(run_ranges, pos).unwrap_or(runs.len().saturating_sub(1));
    let mut widened = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b' ' || i == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        // A space before a line-break opportunity is glue, widened in `prepare`.
        if i == bytes.len() || opportunities.binary_search(&i).is_ok() {
            continue;
        }
        let run = run_at(start);
        if !splits_items(runs, run_at(start - 1), run, run_at(i)) {
            continue;
        }
        let r = &runs[run];
        let face = ts.book.select(r.family, r.variant);
        let natural =
            (ts.shaper.width(face, features(r), " ") + r.tracking) * r.size * (i - start) as f32;
        if natural < ts.boundary_space {
            widened.push((start, ts.boundary_space - natural));
        }
    }
    widened
}

/// Whether a space in run `space`, between text of runs `before` and `after`, is where
/// the PDF stage starts new marked content (a link starts or ends) or an item separator
/// stands: there pdf.js splits its items.
fn splits_items(runs: &[Run], before: usize, space: usize, after: usize) -> bool {
    runs[before].link != runs[after].link
        || [before, space, after].iter().any(|&r| runs[r].separator)
}

/// An icon's size against its run's text: Font Awesome's icons fill their em from
/// 0.125 below the baseline to 0.875 above, and at 0.9 of the text's size their middle
/// is the middle of its capitals.
const ICON_SCALE: f32 = 0.9;
/// The space between an icon and its text, in em of the text: a third of a quad, more
/// than a word space, so the icon belongs to what follows it.
const ICON_GAP: f32 = 0.35;

/// The width an icon takes before its run's text, with the space after it, in points.
fn icon_room(run: &Run) -> f32 {
    let advance = run.icon.map_or(0.0, |icon| icon.glyph().advance);
    (advance * ICON_SCALE + ICON_GAP) * run.size
}

fn widened_at(widened: &[(usize, f32)], at: usize) -> f32 {
    widened.binary_search_by_key(&at, |&(pos, _)| pos).map_or(0.0, |i| widened[i].1)
}

/// Where lines may end (byte offsets after which a break is allowed): UAX #14, less the
/// breaks inside runs that must stay whole, inside URLs and after an author's hyphen.
fn break_opportunities(text: &str, runs: &[Run], run_ranges: &[Range<usize>]) -> Vec<usize> {
    let run_at =
        |pos: usize| run_containing(run_ranges, pos).unwrap_or(runs.len().saturating_sub(1));
    let urls = url_tokens(text);
    let positions = linebreaks(text).map(|(pos, _)| pos);
    // Most text has no letter of these scripts (their UTF-8 starts with one of three
    // bytes), and is not collected twice.
    let positions: Box<dyn Iterator<Item = usize>> =
        if text.bytes().any(|b| matches!(b, 0xE0 | 0xE1 | 0xEA))
            && text.chars().any(breaks_by_dictionary)
        {
            Box::new(with_dictionary_breaks(text, positions.collect()).into_iter())
        } else {
            Box::new(positions)
        };
    positions
        .filter(|&pos| {
            pos == text.len() || {
                let run = run_at(pos - 1);
                runs[run].breakable || run_ranges[run].end == pos
            }
        })
        // Inside a URL only the URL-safe breaks of a too-long token apply (add_word).
        .filter(|&pos| {
            // The URLs are in text order: the last that starts before `pos` is the one.
            let before = urls.partition_point(|u| u.start < pos);
            before == 0 || pos >= urls[before - 1].end
        })
        // Never after a hyphen the author wrote: poppler rejoins a line that ends in "-"
        // without the hyphen, so "coroutine-" + "based" would be extracted as
        // "coroutinebased". A compound stays whole (dashes may still break).
        .filter(|&pos| pos == text.len() || !text[..pos].ends_with('-'))
        // Nor inside "C++": UAX #14 allows a break between the pluses, and a skill split
        // over two lines is a skill an applicant-tracking system does not find.
        .filter(|&pos| {
            pos == text.len() || !(text[..pos].ends_with('+') && text[pos..].starts_with('+'))
        })
        // Nor between two Korean letters: Korean is written with spaces and wraps between
        // words (UAX #14 allows a break between any two syllables, as for Chinese; Korean
        // typesetting, and CSS's `word-break: keep-all`, do not). "플랫폼을" stays whole.
        .filter(|&pos| {
            let before = text[..pos].chars().next_back();
            let after = text[pos..].chars().next();
            !(before.is_some_and(is_hangul) && after.is_some_and(is_hangul))
        })
        .collect()
}

/// Where UAX #14 `positions` of `text` gain the breaks between words of Thai, Lao, Khmer
/// and Burmese. These scripts write no spaces between words, so UAX #14 leaves the
/// breaks inside their runs to "complex context analysis" (class SA), and the
/// `unicode-linebreak` crate makes none: a Thai sentence would be one unbreakable word.
/// ICU4X's segmenter finds the words with its dictionaries; only the breaks it finds
/// between two letters of these scripts are taken, so the rest of the text breaks as
/// before.
fn with_dictionary_breaks(text: &str, mut positions: Vec<usize>) -> Vec<usize> {
    let segmenter = LineSegmenter::new_dictionary(LineBreakOptions::default());
    let inside_words = segmenter.segment_str(text).filter(|&pos| {
        let before = text[..pos].chars().next_back();
        let after = text[pos..].chars().next();
        before.is_some_and(breaks_by_dictionary) && after.is_some_and(breaks_by_dictionary)
    });
    positions.extend(inside_words);
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// A letter or mark of the scripts whose words a dictionary finds (UAX #14's class SA,
/// for the scripts cvpdf has fonts for): Thai, Lao, Myanmar and Khmer, with their
/// extension blocks.
fn breaks_by_dictionary(c: char) -> bool {
    matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' | '\u{19E0}'..='\u{19FF}' | '\u{A9E0}'..='\u{A9FF}' | '\u{AA60}'..='\u{AA7F}')
}

/// A Korean letter: a syllable, or a jamo of the blocks that compose them.
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{A960}'..='\u{A97F}' | '\u{D7B0}'..='\u{D7FF}')
}

/// The run whose byte range holds `pos`, found by bisection: the ranges are in text order
/// and a paragraph may have many runs.
fn run_containing(run_ranges: &[Range<usize>], pos: usize) -> Option<usize> {
    let i = run_ranges.partition_point(|r| r.end <= pos);
    run_ranges.get(i).is_some_and(|r| r.start <= pos).then_some(i)
}

/// Byte ranges of the URL-like tokens in a text: `scheme://…` and `www.…`.
fn url_tokens(text: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let token = &text[s..i];
                if token.contains("://") || token.starts_with("www.") {
                    urls.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    urls
}

/// Shape one word (per run and per fallback face) and add its boxes, with penalties at
/// hyphenation points and, for a token wider than any line, at URL-safe characters.
#[allow(clippy::too_many_arguments)]
fn add_word(
    ts: &Typesetter,
    para: &ParagraphText,
    word: Range<usize>,
    out: &mut Prepared,
) -> Result<(), TextProblem> {
    let ParagraphText { text, runs, run_ranges, min_width, hyphenate, widened, leads, levels } =
        *para;
    let first_piece = out.pieces.len();
    // Only the runs the word overlaps, found by bisection: a paragraph may have many.
    let first_run = run_ranges.partition_point(|r| r.end <= word.start);
    for (r, run_range) in run_ranges.iter().enumerate().skip(first_run) {
        if run_range.start >= word.end {
            break;
        }
        let from = run_range.start.max(word.start);
        let to = run_range.end.min(word.end);
        match levels {
            // Each stretch of one direction is shaped in that direction.
            Some(levels) => {
                for part in levels.runs(from..to) {
                    let rtl = levels.is_rtl(part.start);
                    split_by_face(ts, text, &runs[r], r, part, rtl, &mut out.pieces)?;
                }
            }
            None if from < to => {
                split_by_face(ts, text, &runs[r], r, from..to, false, &mut out.pieces)?;
            }
            None => {}
        }
    }
    let pieces = &out.pieces[first_piece..];
    // The width of a part of the word. The pieces are in text order, and a piece's glyphs
    // in cluster order (one way or the other), so the pieces and glyphs of a part are
    // found by bisection: a word of a megabyte cut at every `.` stays linear. The sums
    // run over the same glyphs in the same order as a filter would, to the same bits.
    let width_of = |range: Range<usize>| -> f32 {
        let first = pieces.partition_point(|p| p.range.end <= range.start);
        pieces[first..]
            .iter()
            .take_while(|p| p.range.start < range.end)
            .map(|p| {
                let run = &runs[p.run];
                let at = |g: &Glyph| p.range.start + g.cluster as usize;
                glyphs_within(&p.glyphs, p.order, at, &range)
                    .iter()
                    .filter(|g| range.contains(&at(g)))
                    .map(|g| {
                        let extra = widened_at(widened, at(g)) + widened_at(leads, at(g));
                        (g.advance + run.tracking) * run.size + extra
                    })
                    .sum::<f32>()
            })
            .sum()
    };

    // Inner break points: hyphenation when every run of the word allows it.
    let mut inner: Vec<(usize, BreakKind)> = Vec::new();
    let all_hyphenate = pieces.iter().all(|p| runs[p.run].hyphenate);
    if hyphenate && all_hyphenate && ts.style.hyphenate {
        for b in ts.hyphenation_points(&text[word.clone()]) {
            let at = word.start + b;
            let p = pieces.partition_point(|p| p.range.end < at);
            if let Some(p) = pieces.get(p).filter(|p| p.range.contains(&(at - 1))) {
                inner.push((at, BreakKind::Hyphen { run: p.run, face: p.face }));
            }
        }
    }
    if width_of(word.clone()) > min_width {
        // The hyphenation points are in order: bisect them rather than scan them all.
        let hyphens: Vec<usize> = inner.iter().map(|&(at, _)| at).collect();
        let mut safe = vec![word.start];
        for (i, c) in text[word.clone()].char_indices() {
            let at = word.start + i + c.len_utf8();
            if URL_SAFE.contains(&c) && at < word.end && hyphens.binary_search(&at).is_err() {
                inner.push((at, BreakKind::Plain));
                safe.push(at);
            }
        }
        safe.push(word.end);
        // A stretch between those still too long for any line breaks before a hyphen of
        // its own, never after it (URL_SAFE): the next line starts with the hyphen, as
        // style guides break a URL, and no extractor drops it.
        for stretch in safe.windows(2).filter(|w| width_of(w[0]..w[1]) > min_width) {
            for (i, _) in text[stretch[0]..stretch[1]].match_indices('-') {
                let before = stretch[0] + i;
                if i > 0 && hyphens.binary_search(&before).is_err() {
                    inner.push((before, BreakKind::Plain));
                }
            }
        }
        inner.sort_by_key(|&(at, _)| at);
    }

    let mut from = word.start;
    for (at, kind) in inner {
        if at <= from || at >= word.end {
            continue;
        }
        out.items.push(Item::Box { width: width_of(from..at) });
        out.atoms.push(Atom::Word(from..at));
        let (width, cost, flagged) = match kind {
            BreakKind::Hyphen { run, face } => {
                let r = &runs[run];
                let hyphen = ts.shaper.width(face, features(r), "-");
                ((hyphen + r.tracking) * r.size, HYPHEN_PENALTY, true)
            }
            _ => (0.0, URL_BREAK_PENALTY, false),
        };
        out.items.push(Item::Penalty { width, cost, flagged });
        out.atoms.push(Atom::Break(kind));
        from = at;
    }
    out.items.push(Item::Box { width: width_of(from..word.end) });
    out.atoms.push(Atom::Word(from..word.end));
    Ok(())
}

/// The most bytes one cluster of shaped text may span: a letter with its marks, an emoji
/// sequence. Real ones have a few dozen; the PDF writer compares a cluster's text once per
/// glyph, so one of a million joiners took minutes.
const MAX_CLUSTER_BYTES: usize = 256;

/// The most bytes of text one glyph run holds: its glyphs' clusters are 16-bit
/// ([`PlacedGlyph`]). A line holds more only in a hostile file (a word of 80,000 letters,
/// thousands of zero-width spaces), whose text then goes on in a run of its own.
const MAX_RUN_TEXT: usize = u16::MAX as usize;

// A run starts with one shaped piece of text, which must fit.
const _: () = assert!(MAX_SHAPED_BYTES + MAX_CLUSTER_BYTES < MAX_RUN_TEXT);

/// Refuse a cluster longer than [`MAX_CLUSTER_BYTES`], at its first character; `range` is
/// the shaped text's place in the paragraph. One pass when the clusters run one way.
fn check_clusters(
    text: &str,
    run: &Run,
    range: Range<usize>,
    glyphs: &[Glyph],
    order: Option<bool>,
) -> Result<(), TextProblem> {
    let cluster = |g: &Glyph| g.cluster as usize;
    let widest = match order {
        Some(true) => widest_cluster(glyphs.iter().map(cluster), range.len()),
        Some(false) => widest_cluster(glyphs.iter().rev().map(cluster), range.len()),
        None => {
            let mut starts: Vec<usize> = glyphs.iter().map(cluster).collect();
            starts.sort_unstable();
            widest_cluster(starts.into_iter(), range.len())
        }
    };
    match widest {
        Some((at, bytes)) if bytes > MAX_CLUSTER_BYTES => {
            let first = text[range.start + at..].chars().next().unwrap_or(' ');
            Err(TextProblem {
                message: format!(
                    "a character carries {bytes} bytes of marks and joiners: at most {MAX_CLUSTER_BYTES}"
                ),
                origin: run.origin,
                needle: Some(first.to_string()),
                hint: Some("remove the repeated combining marks or joiners".into()),
            })
        }
        _ => Ok(()),
    }
}

/// The widest cluster, from cluster starts in order and the end of the text: its start
/// and its length in bytes.
fn widest_cluster(starts: impl Iterator<Item = usize>, end: usize) -> Option<(usize, usize)> {
    let mut widest: Option<(usize, usize)> = None;
    let mut previous: Option<usize> = None;
    for start in starts.chain(std::iter::once(end)) {
        if let Some(p) = previous
            && widest.is_none_or(|(_, w)| start - p > w)
        {
            widest = Some((p, start - p));
        }
        previous = Some(start);
    }
    widest
}

/// Whether a piece's glyph clusters run forwards (`Some(true)`), backwards (right to left,
/// `Some(false)`), or neither (`None`).
fn cluster_order(glyphs: &[Glyph]) -> Option<bool> {
    if glyphs.windows(2).all(|w| w[0].cluster <= w[1].cluster) {
        Some(true)
    } else if glyphs.windows(2).all(|w| w[0].cluster >= w[1].cluster) {
        Some(false)
    } else {
        None
    }
}

/// The glyphs of a piece that may fall in `range`: a slice found by bisection when the
/// clusters run one way ([`cluster_order`]), else all of them.
fn glyphs_within<'g>(
    glyphs: &'g [Glyph],
    order: Option<bool>,
    at: impl Fn(&Glyph) -> usize,
    range: &Range<usize>,
) -> &'g [Glyph] {
    let (start, end) = match order {
        Some(true) => (
            glyphs.partition_point(|g| at(g) < range.start),
            glyphs.partition_point(|g| at(g) < range.end),
        ),
        Some(false) => (
            glyphs.partition_point(|g| at(g) >= range.end),
            glyphs.partition_point(|g| at(g) >= range.start),
        ),
        None => return glyphs,
    };
    &glyphs[start..end.max(start)]
}

/// The faces a run's characters are looked for in, in order: its face, then the
/// fallbacks.
fn font_chain(ts: &Typesetter, run: &Run, primary: FaceId) -> Vec<FaceId> {
    // An italic face may lack what its upright face has (XCharter Bold Italic has no
    // Greek): the upright face of the same family comes next. A font file of the user's
    // is followed by Source Sans 3 for what it lacks; then come the fallback families.
    let upright = ts.book.select(run.family, Variant { italic: false, ..run.variant });
    let bundled =
        ts.book.is_file(primary).then(|| ts.book.select(Family::SourceSans3, run.variant));
    [primary, upright]
        .into_iter()
        .take(if upright == primary { 1 } else { 2 })
        .chain(bundled)
        .chain(
            ts.style
                .fallback
                .iter()
                .map(|&f| ts.book.select(f, Variant { italic: false, ..run.variant })),
        )
        .collect()
}

/// Split a run's part of a word into pieces, each in the first face of the run's font
/// chain that has all its characters, and shape them.
fn split_by_face(
    ts: &Typesetter,
    text: &str,
    run: &Run,
    run_index: usize,
    range: Range<usize>,
    rtl: bool,
    out: &mut Vec<Piece>,
) -> Result<(), TextProblem> {
    let primary = ts.book.select(run.family, run.variant);
    // Built for the first character that needs it: most words are ASCII in the primary
    // face, and a chain of many fallback families costs a search of the faces each.
    let mut chain: Option<Vec<FaceId>> = None;
    let ascii = ts.book.has_ascii(primary);
    let mut current: Option<(usize, FaceId)> = None;
    let push =
        |start: usize, end: usize, face: FaceId, out: &mut Vec<Piece>| -> Result<(), TextProblem> {
            let glyphs =
                ts.shaper.shape(face, Features { rtl, ..features(run) }, &text[start..end]);
            if let Some(g) = glyphs.iter().find(|g| g.id == 0) {
                let c = text[start + g.cluster as usize..].chars().next().unwrap_or('\u{fffd}');
                return Err(uncovered(c, run.origin));
            }
            // Only a long piece can hold a long cluster or need its glyphs bisected: an
            // ordinary word pays for neither.
            let long = end - start > MAX_CLUSTER_BYTES;
            let order = if long { cluster_order(&glyphs) } else { None };
            if long {
                check_clusters(text, run, start..end, &glyphs, order)?;
            }
            out.push(Piece { range: start..end, run: run_index, face, glyphs, rtl, order });
            Ok(())
        };
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        // Marks and joiners stay with the face of the character before them.
        let face = match current {
            // A space stays in the face of the text before it (see `prepare`).
            Some((_, face)) if c == ' ' && ts.book.covers(face, ' ') => face,
            // Every bundled face has printable ASCII (checked by a test in fonts.rs).
            _ if ascii && (c.is_ascii_graphic() || c == ' ') => primary,
            // A variation selector or joiner the face lacks is dropped by the shaper.
            Some((_, face)) if is_ignorable(c) || (is_joining(c) && ts.book.covers(face, c)) => {
                face
            }
            None if is_ignorable(c) => primary,
            _ => *chain
                .get_or_insert_with(|| font_chain(ts, run, primary))
                .iter()
                .find(|&&f| ts.book.covers(f, c))
                .ok_or_else(|| uncovered(c, run.origin))?,
        };
        match current {
            // A word far longer than any real one (a megabyte without a space) is shaped
            // in parts, cut between characters that do not join, so that the shaper's
            // buffers stay small.
            Some((start, f)) if f == face => {
                if at - start >= MAX_SHAPED_BYTES
                    && !is_joining(c)
                    && !is_ignorable(c)
                    && !text[..at].ends_with('\u{200d}')
                {
                    push(start, at, f, out)?;
                    current = Some((at, face));
                }
            }
            Some((start, f)) => {
                push(start, at, f, out)?;
                current = Some((at, face));
            }
            None => current = Some((at, face)),
        }
    }
    if let Some((start, face)) = current {
        push(start, range.end, face, out)?;
    }
    Ok(())
}

/// The longest piece of a word shaped at once ([`split_by_face`]); a link is at most
/// 1 KB, a real word a few dozen bytes.
const MAX_SHAPED_BYTES: usize = 4096;

/// The OpenType features a run asks for.
fn features(run: &Run) -> Features {
    Features { small_caps: run.small_caps, rtl: false }
}

/// Characters that are never drawn (variation selectors, joiners, the marks and
/// embeddings of bidirectional text): shapers hide them when a font lacks them, so they
/// need no font.
fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

fn is_joining(c: char) -> bool {
    matches!(c, '\u{200d}' | '\u{fe0f}' | '\u{0300}'..='\u{036f}')
}

fn uncovered(c: char, origin: usize) -> TextProblem {
    let code = c as u32;
    let private = matches!(code, 0xE000..=0xF8FF | 0xF0000..);
    // The blocks of pictographs and symbols that only an emoji font draws.
    let emoji = matches!(code, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF);
    let kind = if private {
        "the private-use character "
    } else if emoji {
        "the emoji "
    } else {
        "the character "
    };
    let shown = if c.is_control() || c.is_whitespace() || private {
        String::new()
    } else {
        format!("`{c}` ")
    };
    let hint = if private {
        "a private-use character is an icon of one font (Font Awesome, Nerd Fonts): remove it, \
         or name that font's file in the layout's `fonts.fallback`"
    } else if emoji {
        "cvpdf carries no emoji font: remove the emoji, or name a (monochrome) emoji font file, \
         such as Symbola, in the layout's `fonts.fallback`"
    } else {
        "cvpdf's fonts cover Latin, Greek, Cyrillic, Chinese, Japanese, Korean, Arabic, Hebrew, \
         Devanagari, Bengali, Tamil, Thai, Lao, Khmer and Burmese text: remove \
         or replace the character, or name a font file that has it in the layout's `fonts.fallback`"
    };
    TextProblem {
        message: format!("no font has {kind}{shown}(U+{code:04X})"),
        origin,
        needle: Some(c.to_string()),
        hint: Some(hint.into()),
    }
}

/// The least width a paragraph's items take on one line, every space shrunk as far as
/// it may.
fn tightest_width(items: &[Item]) -> f32 {
    items
        .iter()
        .map(|item| match *item {
            Item::Box { width } => width,
            Item::Glue { width, shrink, .. } => width - shrink,
            Item::Penalty { .. } => 0.0,
        })
        .sum()
}

fn break_prepared(
    ts: &Typesetter,
    p: &Prepared,
    widths: &[f32],
    align: Align,
) -> linebreak::Breaks {
    let params = Params {
        ragged_stretch: if align == Align::Justify {
            None
        } else {
            Some(ts.style.ragged_stretch())
        },
        ..Params::default()
    };
    let last = *widths.last().unwrap_or(&0.0);
    let width = |line: usize| widths.get(line).copied().unwrap_or(last);
    if p.items.len() <= MAX_BREAK_ITEMS {
        return linebreak::break_lines(&p.items, &width, &params);
    }
    // A paragraph far longer than any résumé's is broken in parts, each at a glue ending
    // a line: Knuth–Plass keeps a node per feasible break, which for a paragraph of a
    // megabyte is hundreds of megabytes. A part's last line is set as a paragraph's is.
    let mut all =
        linebreak::Breaks { positions: Vec::new(), ratios: Vec::new(), overfull: Vec::new() };
    let mut start = 0;
    while start < p.items.len() {
        let end = part_end(&p.items, start);
        let mut part = p.items[start..end].to_vec();
        let whole = end == p.items.len();
        if !whole {
            // The part ends where the glue or penalty at `end` would break the paragraph.
            part.push(Item::Glue { width: 0.0, stretch: 1.0e6, shrink: 0.0 });
            part.push(Item::Penalty { width: 0.0, cost: f32::NEG_INFINITY, flagged: false });
        }
        let lines = all.positions.len();
        let breaks = linebreak::break_lines(&part, &|line| width(lines + line), &params);
        let count = breaks.positions.len();
        for (n, at) in breaks.positions.into_iter().enumerate() {
            let last_of_part = n + 1 == count && !whole;
            all.positions.push(if last_of_part { end } else { start + at });
        }
        all.ratios.extend(breaks.ratios);
        all.overfull.extend(breaks.overfull.into_iter().map(|line| lines + line));
        start = if whole { end } else { end + 1 };
    }
    all
}

/// Paragraphs of more items are broken in parts of about this many ([`break_prepared`]):
/// a long summary has a few thousand.
const MAX_BREAK_ITEMS: usize = 20_000;

/// Where a part of a long paragraph that starts at `start` ends: at the last break within
/// [`MAX_BREAK_ITEMS`] that adds nothing to its line (the break itself is left out), else
/// at the next one, else at the end.
fn part_end(items: &[Item], start: usize) -> usize {
    let limit = (start + MAX_BREAK_ITEMS).min(items.len());
    if limit == items.len() {
        return limit;
    }
    // A legal break that adds nothing to its line: a glue after a box, or a penalty with
    // no width (between CJK characters, at a URL's slash).
    let cut = |k: &usize| {
        *k > start + 1
            && match items[*k] {
                Item::Glue { .. } => matches!(items[*k - 1], Item::Box { .. }),
                Item::Penalty { width, cost, .. } => width == 0.0 && cost < f32::INFINITY,
                Item::Box { .. } => false,
            }
    };
    (start + 1..limit)
        .rev()
        .find(cut)
        .or_else(|| (limit..items.len()).find(cut))
        .filter(|&k| k + 2 < items.len())
        .unwrap_or(items.len())
}

/// Build the lines chosen by the breaker.
fn assemble(
    ts: &Typesetter,
    p: &Prepared,
    breaks: &linebreak::Breaks,
    indent: f32,
    widths: &[f32],
    align: Align,
    leading: f32,
) -> Vec<Line> {
    let mut lines = Vec::with_capacity(breaks.positions.len());
    let mut start = 0;
    for (n, &end) in breaks.positions.iter().enumerate() {
        // Spaces and untaken breaks at the start of a line are discarded, as in TeX.
        while start < end && !matches!(p.atoms[start], Atom::Word(_)) {
            start += 1;
        }
        // A line the breaker could only set very loose (a long URL that will not fit)
        // is left short rather than spread into gaping word spaces.
        let ratio = breaks.ratios.get(n).copied().unwrap_or(0.0).clamp(-1.0, MAX_STRETCH);
        let is_last = n + 1 == breaks.positions.len();
        // The line's words, spaces and hyphen, in the text's order: set as they come, or
        // held to be reordered when the paragraph has right-to-left text.
        let mut builder = LineBuilder::new(ts, p);
        let mut held: Vec<LinePart> = Vec::new();
        let mut add = |builder: &mut LineBuilder, part: LinePart| match p.levels {
            Some(_) => held.push(part),
            None => builder.set(part),
        };
        // Fragments of one word between untaken hyphenation points are set as one range,
        // so that the word's own shaping (kerning, ligatures) is used whole.
        let mut word: Option<Range<usize>> = None;
        for i in start..end {
            match &p.atoms[i] {
                Atom::Word(range) => match &mut word {
                    Some(w) if w.end == range.start => w.end = range.end,
                    _ => {
                        if let Some(w) = word.replace(range.clone()) {
                            add(&mut builder, LinePart::Word(w));
                        }
                    }
                },
                Atom::Break(_) => {}
                Atom::Space { range, run, face, boundary } => {
                    if let Some(w) = word.take() {
                        add(&mut builder, LinePart::Word(w));
                    }
                    let Item::Glue { width, stretch, shrink } = p.items[i] else { continue };
                    // Shrink applies in every mode (the breaker counted on it); stretch
                    // only when justifying, and never on a paragraph's last line.
                    let adjust = if ratio < 0.0 {
                        ratio * shrink
                    } else if align == Align::Justify && !is_last {
                        ratio * stretch
                    } else {
                        0.0
                    };
                    let (run, face, boundary) = (*run, *face, *boundary);
                    let width = width + adjust;
                    let range = range.clone();
                    add(&mut builder, LinePart::Space { range, run, face, width, boundary });
                }
            }
        }
        if let Some(mut w) = word.take() {
            if !is_last {
                w.end = p.without_final_separator(w.clone());
            }
            add(&mut builder, LinePart::Word(w));
        }
        let hyphenated = matches!(p.atoms[end], Atom::Break(BreakKind::Hyphen { .. }));
        if let Atom::Break(BreakKind::Hyphen { run, face }) = p.atoms[end] {
            add(&mut builder, LinePart::Hyphen { run, face });
        }
        if let Some(levels) = &p.levels {
            for part in in_draw_order(levels, p, held) {
                builder.set(part);
            }
        }
        let width = widths.get(n).or(widths.last()).copied().unwrap_or(0.0);
        let shift = match align {
            Align::Center if width.is_finite() => ((width - builder.x) / 2.0).max(0.0),
            _ => 0.0,
        };
        let natural = builder.x;
        let mut line = builder.finish(indent + shift, leading);
        // A page written right to left is mirrored when it is done, each item where it
        // stands (`paginate::mirror`): the line's text is mirrored within itself now, so
        // that it comes out in the order it was set, where the line is mirrored to.
        if ts.right_to_left {
            mirror_within(&mut line, indent + shift, natural);
        }
        line.hyphenated = hyphenated;
        lines.push(line);
        start = end + 1;
    }
    lines
}

/// Mirror the items of a line that lie between `x` and `x + width`, each where it stands.
fn mirror_within(line: &mut Line, x: f32, width: f32) {
    let mirrored = |at: f32, w: f32| 2.0 * x + width - at - w;
    for item in &mut line.items {
        match item {
            LineItem::Text(run) => run.x = mirrored(run.x, run.width()),
            LineItem::Link { x, width, .. } | LineItem::Rule { x, width, .. } => {
                *x = mirrored(*x, *width)
            }
            LineItem::Icon { x, size, icon, .. } => *x = mirrored(*x, icon.glyph().advance * *size),
            LineItem::Photo { .. } => {}
        }
    }
}

/// A part of a line to set, in the paragraph's text.
enum LinePart {
    Word(Range<usize>),
    /// A space as wide as its glue was set (`boundary`: see [`Atom::Space`]).
    Space {
        range: Range<usize>,
        run: usize,
        face: FaceId,
        width: f32,
        boundary: bool,
    },
    /// The hyphen after a word broken at the line's end.
    Hyphen {
        run: usize,
        face: FaceId,
    },
}

/// A line's parts in the order they are drawn, left to right (`bidi.rs`): words cut
/// where their direction or face changes (the pieces of a right-to-left word are drawn
/// last first), then reordered by their levels.
fn in_draw_order(levels: &Levels, p: &Prepared, parts: Vec<LinePart>) -> Vec<LinePart> {
    let text = p.text.as_str();
    let mut cut = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            LinePart::Word(range) => {
                for run in levels.runs(range) {
                    let first = p.pieces.partition_point(|pc| pc.range.end <= run.start);
                    let pieces = p.pieces[first..].iter().take_while(|pc| pc.range.start < run.end);
                    cut.extend(pieces.map(|pc| {
                        LinePart::Word(pc.range.start.max(run.start)..pc.range.end.min(run.end))
                    }));
                }
            }
            other => cut.push(other),
        }
    }
    let starts: Vec<Option<usize>> = cut
        .iter()
        .map(|part| match part {
            LinePart::Word(range) => Some(range.start),
            LinePart::Space { range, .. } => (!range.is_empty()).then_some(range.start),
            LinePart::Hyphen { .. } => None,
        })
        .collect();
    let order = levels.visual_order(text, &starts);
    let mut slots: Vec<Option<LinePart>> = cut.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// How [`LineBuilder::push`] advances glyphs.
#[derive(Clone, Copy)]
enum Glyphs {
    /// As shaped.
    Shaped,
    /// As shaped, for the paragraph's text from this byte on: widened spaces widen.
    Text(usize),
    /// One space glyph with this advance, in em (its glue's width), stretched to it when
    /// the glue was widened where extraction splits items.
    Space { advance: f32, stretched: bool },
}

/// Accumulates the glyph runs and link areas of one line.
struct LineBuilder<'t, 'a, 'p> {
    ts: &'t Typesetter<'a>,
    p: &'p Prepared<'p>,
    runs: Vec<(GlyphRun, usize)>,
    /// Where in the paragraph's text each glyph run's text starts: the order they are
    /// read in.
    firsts: Vec<usize>,
    /// Where in the paragraph's text the part being added starts.
    at: usize,
    links: Vec<(f32, f32, usize)>,
    /// Icons: where each is drawn, and the run it stands before.
    icons: Vec<(f32, usize)>,
    x: f32,
    /// The glyphs being added are right to left.
    rtl: bool,
}

impl<'t, 'a, 'p> LineBuilder<'t, 'a, 'p> {
    fn new(ts: &'t Typesetter<'a>, p: &'p Prepared<'p>) -> Self {
        LineBuilder {
            ts,
            p,
            runs: Vec::new(),
            firsts: Vec::new(),
            at: 0,
            links: Vec::new(),
            icons: Vec::new(),
            x: 0.0,
            rtl: false,
        }
    }

    fn set(&mut self, part: LinePart) {
        match part {
            LinePart::Word(range) => self.word(range),
            LinePart::Space { range, run, face, width, boundary } => {
                self.space(range, run, face, width, boundary)
            }
            LinePart::Hyphen { run, face } => self.hyphen(run, face),
        }
    }

    fn word(&mut self, range: Range<usize>) {
        let p = self.p;
        // Pieces are in text order and do not overlap: start at the first that reaches
        // into the word, rather than scanning the paragraph's pieces for every word
        // (quadratic: a 40,000-word paragraph spent 80 % of its build here).
        let first = p.pieces.partition_point(|pc| pc.range.end <= range.start);
        for piece in p.pieces[first..].iter().take_while(|pc| pc.range.start < range.end) {
            let sub = piece.range.start.max(range.start)..piece.range.end.min(range.end);
            let glyphs: Arc<[Glyph]> = if sub == piece.range {
                piece.glyphs.clone()
            } else {
                let run = &p.runs[piece.run];
                let features = Features { rtl: piece.rtl, ..features(run) };
                self.ts.shaper.shape(piece.face, features, &p.text[sub.clone()])
            };
            let start = sub.start;
            let icon = p.runs[piece.run].icon.is_some();
            let run_range = &p.run_ranges[piece.run];
            // In a right-to-left line the icon goes where its item starts when read: to
            // the right of it, after the piece drawn last (the first, read right to left).
            let icon_after = icon
                && self.ts.right_to_left
                && if piece.rtl { run_range.start == start } else { run_range.end == sub.end };
            if icon && !self.ts.right_to_left && run_range.start == start {
                // The icon's room is a blank to text extraction, which would otherwise
                // read a column break in it (poppler) or a new line (pdfminer.six).
                self.icons.push((self.x, piece.run));
                let to = self.x + widened_at(&p.leads, start);
                if self.runs.is_empty() {
                    self.x = to;
                } else {
                    self.blank(piece.run, piece.face, to);
                }
            }
            self.rtl = piece.rtl;
            self.at = start;
            self.push(piece.run, piece.face, &p.text[sub], &glyphs, Glyphs::Text(start));
            self.rtl = false;
            if icon_after {
                let r = &p.runs[piece.run];
                let room = widened_at(&p.leads, run_range.start);
                self.icons.push((self.x + ICON_GAP * r.size, piece.run));
                self.blank(piece.run, piece.face, self.x + room);
            }
        }
    }

    fn space(&mut self, range: Range<usize>, run: usize, face: FaceId, width: f32, boundary: bool) {
        if range.is_empty() {
            return;
        }
        self.at = range.start;
        let r = &self.p.runs[run];
        let glyphs = self.ts.shaper.shape(face, features(r), " ");
        // One real space glyph, stretched to the glue's width: text extraction then
        // sees exactly one space, however wide the gap.
        let kind = Glyphs::Space { advance: width / r.size, stretched: boundary };
        self.push(run, face, " ", &glyphs[..1.min(glyphs.len())], kind);
    }

    fn hyphen(&mut self, run: usize, face: FaceId) {
        let glyphs = self.ts.shaper.shape(face, features(&self.p.runs[run]), "-");
        self.push(run, face, "-", &glyphs, Glyphs::Shaped);
    }

    /// Append shaped glyphs. A space widened where text extraction splits items is drawn
    /// as the gap it is (gaps.rs).
    fn push(&mut self, run: usize, face: FaceId, text: &str, glyphs: &[Glyph], kind: Glyphs) {
        let r = &self.p.runs[run];
        let start_x = self.x;
        // A link's text is one area, however many runs and faces it spans.
        let link = r.link.as_ref().map(|_| match self.links.last_mut() {
            Some((_, end, first))
                if self.p.runs[*first].link == r.link && (*end - start_x).abs() < 0.01 =>
            {
                self.links.len() - 1
            }
            _ => {
                self.links.push((start_x, start_x, run));
                self.links.len() - 1
            }
        });
        let natural = |g: &Glyph| g.advance + r.tracking;
        // Each glyph's advance in em, and whether it is a space stretched to it.
        let advance = |g: &Glyph| match kind {
            Glyphs::Space { advance, stretched } => (advance, stretched),
            Glyphs::Shaped => (natural(g), false),
            Glyphs::Text(start) => {
                let widened = self.p.widened_at(start + g.cluster as usize) / r.size;
                (natural(g) + widened, widened > 0.0)
            }
        };
        let mut i = 0;
        while i < glyphs.len() {
            let (width, stretched) = advance(&glyphs[i]);
            if stretched {
                self.blank(run, face, self.x + width * r.size);
                i += 1;
                continue;
            }
            let stop = (i..glyphs.len()).find(|&j| advance(&glyphs[j]).1).unwrap_or(glyphs.len());
            // Left-to-right glyphs come in the order of their clusters.
            let (from, to) = match self.rtl {
                false => {
                    let to = glyphs.get(stop).map_or(text.len(), |g| g.cluster as usize);
                    (glyphs[i].cluster as usize, to)
                }
                true => text_span(glyphs, i..stop, text.len()),
            };
            let piece = &glyphs[i..stop];
            self.append(run, face, &text[from..to], from, piece, |g| advance(g).0);
            i = stop;
        }
        if let Some(i) = link {
            self.links[i].1 = self.x;
        }
    }

    /// Move the pen to `to` over a blank in the text of `run`: a gap like those between
    /// the parts of a line (gaps.rs), one blank glyph across it, which poppler, MuPDF and
    /// pdfminer do not read as a column break however wide it is.
    fn blank(&mut self, run: usize, face: FaceId, to: f32) {
        let r = &self.p.runs[run];
        match gaps::fill(self.ts, self.x, to, face, r.size, r.colour) {
            // A narrow gap is a word space, in the run like one.
            Some(space) if space.scale_x == 1.0 => {
                let g = &space.glyphs[0];
                let glyph = Glyph {
                    id: g.id,
                    cluster: 0,
                    advance: g.advance,
                    x_offset: 0.0,
                    y_offset: 0.0,
                };
                self.append(run, space.face, " ", 0, &[glyph], |g| g.advance);
            }
            // Inside a link's area, the gap is part of its text.
            Some(gap) => {
                self.runs.push((GlyphRun { link: r.link.clone(), ..gap }, run));
                self.firsts.push(self.at);
            }
            None => {}
        }
        self.x = to;
    }

    /// Append glyphs whose clusters start at `from` in `text`'s piece of the paragraph,
    /// to the current glyph run when they can share it, with their advances (em).
    fn append(
        &mut self,
        run: usize,
        face: FaceId,
        text: &str,
        from: usize,
        glyphs: &[Glyph],
        advance: impl Fn(&Glyph) -> f32,
    ) {
        let r = &self.p.runs[run];
        // After an icon the pen has moved on past it: a new run starts there (after the
        // stretched blank over the icon, if there is one, which no text may join).
        let after_icon = self.icons.last().is_some_and(|&(_, i)| i == run)
            && self.runs.last().is_none_or(|&(_, last)| last != run);
        let same = !after_icon
            && matches!(self.runs.last(), Some((g, _)) if g.face == face && g.size == r.size && g.colour == r.colour && g.link == r.link && g.scale_x == 1.0 && g.text.len() + text.len() <= MAX_RUN_TEXT);
        if !same {
            self.firsts.push(self.at);
            self.runs.push((
                GlyphRun {
                    x: self.x,
                    face,
                    size: r.size,
                    colour: r.colour,
                    text: String::new(),
                    glyphs: Vec::new(),
                    offsets: Vec::new(),
                    scale_x: 1.0,
                    label: false,
                    link: r.link.clone(),
                },
                run,
            ));
        }
        let Some((glyph_run, last_run)) = self.runs.last_mut() else { return };
        *last_run = run;
        if let Some(first) = self.firsts.last_mut() {
            *first = (*first).min(self.at);
        }
        let base = glyph_run.text.len();
        glyph_run.text.push_str(text);
        for g in glyphs {
            let advance = advance(g);
            // Within `MAX_RUN_TEXT`: a run is not joined past it, and a shaped piece is
            // far shorter.
            let cluster = u16::try_from(base + g.cluster as usize - from).unwrap_or(u16::MAX);
            if g.x_offset != 0.0 || g.y_offset != 0.0 {
                let glyph = glyph_run.glyphs.len() as u32;
                glyph_run.offsets.push(GlyphOffset { glyph, x: g.x_offset, y: g.y_offset });
            }
            glyph_run.glyphs.push(PlacedGlyph { id: g.id, cluster, advance });
            self.x += advance * r.size;
        }
        if self.rtl {
            let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster as usize - from).collect();
            starts.sort_unstable();
            starts.dedup();
            let reversed = letters_reversed_in_clusters(text, &starts);
            glyph_run.text.replace_range(base.., &reversed);
        }
    }

    fn finish(self, x: f32, leading: f32) -> Line {
        let size = self.runs.iter().map(|(g, _)| g.size).fold(0.0, f32::max).max(1.0);
        let mut line = empty_line(size, leading);
        for (start, end, run) in self.links {
            let r = &self.p.runs[run];
            if let Some(url) = &r.link {
                line.items.push(LineItem::Link {
                    x: x + start,
                    y: line.baseline - r.size * 0.85,
                    width: end - start,
                    height: r.size * 1.1,
                    url: url.clone(),
                });
            }
        }
        for (at, run) in self.icons {
            let r = &self.p.runs[run];
            if let Some(icon) = r.icon {
                let (size, colour) = (r.size * ICON_SCALE, r.colour);
                line.items.push(LineItem::Icon { x: x + at, y: line.baseline, size, colour, icon });
            }
        }
        // Glyph runs come first so that drawing order matches reading order: in a line
        // read right to left, they are drawn in the order their text is read, each
        // where it stands. Every vector is made or trimmed to its length: the line
        // lives until its page is drawn.
        let mut runs = self.runs;
        if self.ts.right_to_left {
            let mut read: Vec<_> = self.firsts.into_iter().zip(runs).collect();
            read.sort_by_key(|(first, _)| *first);
            runs = read.into_iter().map(|(_, run)| run).collect();
        }
        let mut items = Vec::with_capacity(runs.len() + line.items.len());
        items.extend(runs.into_iter().map(|(mut g, _)| {
            g.x += x;
            g.glyphs.shrink_to_fit();
            g.text.shrink_to_fit();
            LineItem::Text(g)
        }));
        items.append(&mut line.items);
        line.items = items;
        line
    }
}

/// The stretch of `text` (of length `len`) that the glyphs `part` of `glyphs` stand for:
/// from their first cluster to where the next cluster in the text starts. Clusters
/// ascend in left-to-right text and descend in right-to-left text, whose glyphs come in
/// the order they are drawn.
fn text_span(glyphs: &[Glyph], part: Range<usize>, len: usize) -> (usize, usize) {
    let inside = &glyphs[part.clone()];
    let (Some(first), Some(last)) = (inside.first(), inside.last()) else { return (len, len) };
    let (before, after) = (part.start.checked_sub(1).map(|i| &glyphs[i]), glyphs.get(part.end));
    let ascending = first.cluster <= last.cluster
        && before.is_none_or(|g| g.cluster <= first.cluster)
        && after.is_none_or(|g| g.cluster >= last.cluster);
    if ascending {
        return (first.cluster as usize, after.map_or(len, |g| g.cluster as usize));
    }
    let from = inside.iter().map(|g| g.cluster).min().unwrap_or(0);
    let highest = inside.iter().map(|g| g.cluster).max().unwrap_or(0);
    let next = glyphs.iter().map(|g| g.cluster).filter(|&c| c > highest).min();
    (from as usize, next.map_or(len, |c| c as usize))
}

/// `text` with the letters of each cluster (starting at `starts`, sorted) in reverse:
/// what a right-to-left glyph that stands for several letters (the lam-alef ligature, a
/// letter with its vowel marks) maps to. Poppler and pdf.js read a right-to-left line by
/// reversing the letters of its glyphs in the order they are drawn, a ligature's with
/// them (`لى` came out `ىل`); stored reversed, it reads right there, and in extractors
/// that give the drawn order it reads like the rest of its word.
fn letters_reversed_in_clusters(text: &str, starts: &[usize]) -> String {
    let mut reversed = String::with_capacity(text.len());
    reversed.push_str(&text[..starts.first().copied().unwrap_or(text.len())]);
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        reversed.extend(text[start..end].chars().rev());
    }
    reversed
}

/// The blank between the end of a line's text and flush-right text at `to` (an entry's
/// dates), filled so that extraction reads title and dates as one line (gaps.rs).
fn blank_before(ts: &Typesetter, line: &Line, to: f32) -> Option<GlyphRun> {
    let last = line
        .items
        .iter()
        .filter_map(|item| match item {
            LineItem::Text(run) => Some(run),
            _ => None,
        })
        .max_by(|a, b| (a.x + a.width()).total_cmp(&(b.x + b.width())))?;
    gaps::fill(ts, last.x + last.width(), to, last.face, last.size, last.colour)
}

/// A line with no content yet, sized for text of `size` points.
fn empty_line(size: f32, leading: f32) -> Line {
    let height = size * leading;
    Line {
        height,
        baseline: baseline_for(size, leading),
        space_before: 0.0,
        breakable_after: true,
        hyphenated: false,
        items: Vec::new(),
    }
}

/// The baseline sits so that the descender and half the extra leading are below it.
fn baseline_for(size: f32, leading: f32) -> f32 {
    size * leading - size * (0.24 + (leading - 1.0) / 2.0)
}

/// Make a line tall enough for text of `size`, keeping its baseline consistent.
fn grow_line(line: &mut Line, size: f32, leading: f32) {
    let height = size * leading;
    if height > line.height {
        let shift = baseline_for(size, leading) - line.baseline;
        line.height = height;
        line.baseline += shift;
        for item in &mut line.items {
            if let LineItem::Link { y, .. } | LineItem::Icon { y, .. } = item {
                *y += shift;
            }
        }
    }
}

/// No page break leaves a single line of a paragraph alone at the top or bottom.
fn widow_and_orphan_control(lines: &mut [Line]) {
    let n = lines.len();
    for (i, line) in lines.iter_mut().enumerate() {
        line.breakable_after = i + 1 >= 2 && n - (i + 1) >= 2 || i + 1 == n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Rgb;

    fn run(text: &str, breakable: bool) -> Run {
        Run {
            text: text.into(),
            family: Family::SourceSans3,
            variant: Variant::default(),
            size: 10.0,
            colour: Rgb(0, 0, 0),
            tracking: 0.0,
            link: None,
            hyphenate: true,
            breakable,
            separator: false,
            small_caps: false,
            icon: None,
            origin: 0,
        }
    }

    fn opportunities(runs: &[Run]) -> Vec<String> {
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        let mut ranges = Vec::new();
        let mut start = 0;
        for r in runs {
            ranges.push(start..start + r.text.len());
            start += r.text.len();
        }
        let mut last = 0;
        break_opportunities(&text, runs, &ranges)
            .into_iter()
            .map(|end| {
                let piece = text[last..end].to_string();
                last = end;
                piece
            })
            .collect()
    }

    #[test]
    fn compounds_and_urls_stay_whole() {
        let pieces = opportunities(&[run("a coroutine-based, see https://x.org/a-b/c now", true)]);
        assert_eq!(pieces, ["a ", "coroutine-based, ", "see ", "https://x.org/a-b/c ", "now"]);
    }

    #[test]
    fn c_plus_plus_stays_whole() {
        let pieces = opportunities(&[run("languages are C, C++, Golang", true)]);
        assert_eq!(pieces, ["languages ", "are ", "C, ", "C++, ", "Golang"]);
    }

    #[test]
    fn dashes_and_cjk_may_break() {
        assert_eq!(opportunities(&[run("2019–2020", true)]), ["2019–", "2020"]);
        assert_eq!(opportunities(&[run("罗锦华", true)]), ["罗", "锦", "华"]);
    }

    #[test]
    fn variation_selectors_need_no_font_and_emoji_are_named() {
        let style = crate::style::resolve("detailed").unwrap_or_else(|(_, d)| panic!("{d:?}"));
        let book = super::super::FontBook::default();
        let mut ts = super::super::Typesetter::new(&book, &style, "en");
        // ❤ with the emoji selector: the heart from a text font, the selector hidden.
        assert!(ts.single_line(&[run("Chess \u{2764}\u{fe0f} and \u{fe0f}poetry", true)]).is_ok());
        let problem = ts.single_line(&[run("Rust \u{1f980}", true)]).unwrap_err();
        assert_eq!(problem.message, "no font has the emoji `\u{1f980}` (U+1F980)");
        assert!(problem.hint.unwrap().contains("no emoji font"));
        let problem = ts.single_line(&[run("icon \u{e000}", true)]).unwrap_err();
        assert_eq!(problem.message, "no font has the private-use character (U+E000)");
    }

    /// Each glyph run's text, after checking that its glyphs' ranges cover it, one after
    /// another in the text.
    fn run_texts(line: &Line) -> Vec<String> {
        let runs = line.items.iter().filter_map(|item| match item {
            LineItem::Text(run) => Some(run),
            _ => None,
        });
        runs.map(|run| {
            let mut ranges: Vec<_> = run.ranges().collect();
            ranges.sort_by_key(|r| r.start);
            ranges.dedup();
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
            assert_eq!(ranges.last().map(|r| r.end), Some(run.text.len()));
            run.text.clone()
        })
        .collect()
    }

    #[test]
    fn a_line_of_more_than_64_kib_of_text_is_cut_into_runs_that_keep_their_clusters() {
        let style = crate::style::resolve("detailed").unwrap_or_else(|(_, d)| panic!("{d:?}"));
        let book = super::super::FontBook::default();
        let mut ts = super::super::Typesetter::new(&book, &style, "en");
        // Too much text for one run's 16-bit clusters: words of 80 KB (which stick out
        // of the line), and zero-width spaces between short ones; left to right, and
        // right to left (Hebrew).
        let blanks = "\u{200b}".repeat(25_000);
        let texts = [
            format!("start{blanks}middle{blanks}end"),
            format!("start {} end", "a".repeat(80_000)),
            format!("שלום{blanks}עולם{blanks}"),
            format!("שלום {} עולם", "ש".repeat(40_000)),
        ];
        for text in texts {
            let (line, _) = ts.single_line(&[run(&text, false)]).unwrap();
            let texts = run_texts(&line);
            assert!(texts.len() > text.len() / MAX_RUN_TEXT, "{} runs", texts.len());
            assert!(texts.iter().all(|t| t.len() <= MAX_RUN_TEXT));
            assert_eq!(texts.iter().map(String::len).sum::<usize>(), text.len());
            if text.starts_with("start") {
                assert_eq!(texts.concat(), text);
            }
        }
    }

    #[test]
    fn unbreakable_runs_break_only_at_their_end() {
        let runs = [run("Foshan, China", false), run("  ·  ", false), run("luajit.io", false)];
        assert_eq!(opportunities(&runs), ["Foshan, China  ·  ", "luajit.io"]);
    }
}
