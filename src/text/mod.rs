//! Text stage: composed [`Block`]s → [`SetBlock`]s of finished lines: runs shaped
//! with their fonts (per-character fallback), hyphenated, broken with Knuth–Plass, and
//! positioned glyph by glyph.
//!
//! Steps for one paragraph (`paragraph.rs`): collect break opportunities (UAX #14) and
//! split the text into words → shape each word piece with the first font of the chain
//! that covers it (`crate::font`, `shape.rs`) → build box/glue/penalty items with the
//! hyphenation points (`hyphenate.rs`) → break (`linebreak.rs`) → assemble each line's
//! glyph runs and link areas.

mod bidi;
mod gaps;
pub mod hyphenate;
pub mod linebreak;
mod paragraph;
pub mod shape;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::compose::{Block, Content, Mark, PhotoBox, Role, Run};
use crate::font::{FaceId, FontBook, Icon, Variant};
use crate::style::{Rgb, Style};
use hyphenate::{Hyphenator, Hyphenators};
use shape::{ShapeCache, Shaper};

/// The texts of a block's runs.
fn block_texts(block: &Block) -> Vec<&str> {
    fn add<'b>(texts: &mut Vec<&'b str>, runs: &'b [Run]) {
        texts.extend(runs.iter().map(|r| r.text.as_str()));
    }
    let mut texts = Vec::new();
    match &block.content {
        Content::Paragraph(p) => {
            add(&mut texts, &p.runs);
            add(&mut texts, &p.trailing);
            if let Some(marker) = &p.marker {
                add(&mut texts, &marker.runs);
            }
        }
        Content::Rows { rows, .. } => {
            for (key, value) in rows {
                add(&mut texts, key);
                add(&mut texts, value);
            }
        }
        Content::Rule { .. } | Content::Photo(_) => {}
    }
    texts
}

/// Align a photo with the blocks set beside it (the header's): the shorter of the two
/// is centred on the taller, and what follows them starts below both.
fn beside_photo(blocks: &mut [SetBlock]) {
    let Some(at) = blocks.iter().position(|b| b.role == Role::Figure) else { return };
    let Some(LineItem::Photo { photo, .. }) =
        blocks[at].lines.first().and_then(|l| l.items.first())
    else {
        return;
    };
    let (photo_height, beside) = (photo.height, photo.beside);
    let beside = beside.min(blocks.len() - at - 1);
    if beside == 0 {
        return;
    }
    let text_height: f32 = blocks[at + 1..=at + beside]
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let lines: f32 = b.lines.iter().map(|l| l.space_before + l.height).sum();
            // The first block's space is above the photo's top too.
            if i == 0 { lines } else { b.space_before + lines }
        })
        .sum();
    let over = photo_height - text_height;
    let first_space = blocks.get(at + 1).map_or(0.0, |b| b.space_before);
    if over > 0.0 && beside > 0 {
        blocks[at + 1].space_before += over / 2.0;
        if let Some(next) = blocks.get_mut(at + beside + 1) {
            next.space_before += over / 2.0;
        }
    } else if let Some(LineItem::Photo { y, .. }) =
        blocks[at].lines.first_mut().and_then(|l| l.items.first_mut())
    {
        *y = first_space + (-over / 2.0).max(0.0);
    }
}

/// Blocks a thread takes at a time from a flow set on several: few enough that the
/// threads finish together (blocks differ in cost by more than their length says: runs,
/// faces, hyphenation), enough that neighbouring blocks, which share words, stay on one
/// thread's cache of shaped words.
const BLOCKS_PER_TAKE: usize = 8;

/// A block's lines, with the keep rules pagination needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SetBlock {
    pub lines: Vec<Line>,
    pub space_before: f32,
    /// No page break in this many gaps after the block's last line.
    pub keep_with_next: usize,
    pub mark: Option<Mark>,
    pub role: Role,
}

impl SetBlock {
    /// How tall the block is with the space above it and its lines'.
    pub fn height(&self) -> f32 {
        self.space_before + self.lines.iter().map(|l| l.space_before + l.height).sum::<f32>()
    }
}

/// One finished line. Positions are relative to the line's top-left corner at the left
/// margin; y grows downwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub height: f32,
    /// Distance from the top of the line to its baseline.
    pub baseline: f32,
    /// Space to add above this line (inside a block: between bullets, rows).
    pub space_before: f32,
    /// Whether a page may end after this line (widow and orphan control inside a block).
    pub breakable_after: bool,
    /// The line ends inside a word, with a hyphen that is not part of the word.
    pub hyphenated: bool,
    pub items: Vec<LineItem>,
}

/// Something drawn on a line.
#[derive(Debug, Clone, PartialEq)]
pub enum LineItem {
    Text(GlyphRun),
    /// A filled rectangle: a rule.
    Rule {
        x: f32,
        y: f32,
        width: f32,
        thickness: f32,
        colour: Rgb,
    },
    /// A photo in its box, `y` below the line's top (the box's `x` is from the left
    /// margin).
    Photo {
        y: f32,
        photo: Box<PhotoBox>,
    },
    /// An icon (before a contact item): drawn from a baseline `y` below the line's top,
    /// `size` points to the em.
    Icon {
        x: f32,
        y: f32,
        size: f32,
        colour: Rgb,
        icon: Icon,
    },
    /// A clickable area; `y` and `height` relative to the line top.
    Link {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        url: String,
    },
}

/// Glyphs of one face, size and colour, drawn from a baseline origin.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub x: f32,
    pub face: FaceId,
    pub size: f32,
    pub colour: Rgb,
    /// The text the glyphs stand for; each glyph maps to a byte range of it.
    pub text: String,
    pub glyphs: Vec<PlacedGlyph>,
    /// The few glyphs placed off the pen position (marks over a base letter), kept
    /// apart from `glyphs` because most glyphs have no offset.
    pub offsets: Vec<GlyphOffset>,
    /// Horizontal scale of the glyphs: 1 for text; a blank glyph that fills a gap is
    /// stretched across it (`gaps.rs`).
    pub scale_x: f32,
    /// A list marker or a row's label, with the blank after it: the label of the item
    /// whose text follows.
    pub label: bool,
    /// The address this run's text links to: the line has a [`LineItem::Link`] for it
    /// over the run.
    pub link: Option<String>,
}

/// A glyph with its advance in em.
///
/// Kept small (8 bytes): a long résumé holds every glyph of every page at once, and
/// they are most of a build's memory.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    /// Where the glyph's cluster starts in the run's text; it ends where the next
    /// glyph's cluster starts ([`GlyphRun::ranges`]). A run's clusters start in its
    /// first 64 KiB: the paragraph stage starts a new run there.
    pub cluster: u16,
    pub advance: f32,
}

/// Where a glyph is drawn relative to the pen position, in em (GPOS mark positioning).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphOffset {
    /// The glyph's index in [`GlyphRun::glyphs`].
    pub glyph: u32,
    pub x: f32,
    pub y: f32,
}

impl GlyphRun {
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size * self.scale_x
    }

    /// The byte range of the text that each glyph stands for: from its cluster to the
    /// next different cluster (glyphs of one cluster, such as a ligature's, share it).
    pub fn ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        // Right-to-left glyphs come in the order they are drawn, their clusters
        // descending: each cluster then ends where the next one in the text starts,
        // found among the sorted cluster starts.
        let mut starts: Vec<u16> = Vec::new();
        if self.glyphs.windows(2).any(|w| w[0].cluster > w[1].cluster) {
            starts = self.glyphs.iter().map(|g| g.cluster).collect();
            starts.sort_unstable();
            starts.dedup();
        }
        // The glyphs of one cluster share their end, found once for all of them: a scan
        // per glyph was quadratic in a cluster of thousands of combining marks.
        let mut group_end = 0; // the index of the first glyph of the next cluster
        let mut end = 0;
        self.glyphs.iter().enumerate().map(move |(i, g)| {
            let start = g.cluster as usize;
            if !starts.is_empty() {
                let next = starts.partition_point(|&s| s <= g.cluster);
                return start..starts.get(next).map_or(self.text.len(), |&s| s as usize);
            }
            if i >= group_end {
                let same = self.glyphs[i + 1..].iter().take_while(|n| n.cluster == g.cluster);
                group_end = i + 1 + same.count();
                end = self.glyphs.get(group_end).map_or(self.text.len(), |n| n.cluster as usize);
            }
            start.min(end)..end
        })
    }

    /// Each glyph's offset (x, y) from the pen position in em: (0, 0) for most.
    pub fn glyph_offsets(&self) -> impl Iterator<Item = (f32, f32)> + '_ {
        let mut offsets = self.offsets.iter().peekable();
        (0..self.glyphs.len() as u32).map(move |i| match offsets.next_if(|o| o.glyph == i) {
            Some(o) => (o.x, o.y),
            None => (0.0, 0.0),
        })
    }
}

/// The spaces of a document's text that the text stage sets gaps with
/// ([`Typesetter::spaces_of`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowSpaces {
    rare_space: char,
    boundary_space: f32,
}

/// A problem of the text stage, pointing into the résumé file by byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct TextProblem {
    pub message: String,
    /// Byte offset of the field in the résumé file.
    pub origin: usize,
    /// What to look for from `origin` to find the exact place (the character).
    pub needle: Option<String>,
    pub hint: Option<String>,
}

/// Typesets text: owns the shaping cache and hyphenation patterns for one build.
pub struct Typesetter<'a> {
    pub book: &'a FontBook<'a>,
    pub style: &'a Style,
    shaper: Shaper<'a>,
    hyphenator: Arc<Hyphenator>,
    /// Hyphenation points by word, looked up in the patterns once per typesetter.
    hyphens: RefCell<HashMap<Box<str>, Vec<usize>>>,
    /// Non-fatal problems (an overfull line), reported after the build.
    pub warnings: Vec<TextProblem>,
    /// The space character whose blank glyph fills wide gaps: one the text never uses
    /// ([`gaps::rare_space`]).
    rare_space: char,
    /// The narrowest space where text extraction splits a line into items (a link's
    /// ends, around a separator): a little wider than an average letter of body text,
    /// which is where résumé parsers built on pdf.js join items again.
    boundary_space: f32,
    /// Whether the résumé's language is written right to left: every paragraph is then
    /// set right to left (`bidi.rs`).
    right_to_left: bool,
}

/// Text with the letters, digits and punctuation of a résumé's body in about their
/// usual mix, to measure an average letter before a flow's own text is seen.
const AVERAGE_TEXT: &str =
    "Led the 2019 migration of 14 services to Kubernetes, cutting costs by 30%.";

/// How much wider than an average letter of body text a space must be where extraction
/// splits items (see [`Typesetter::boundary_space`]): parsers measure the letter in the
/// text of the most common size, which after fitting may be a little larger than body
/// text's.
const BOUNDARY: f32 = 1.3;

/// The widest such space, in em of body text: a document mostly in Chinese has letters a
/// full em wide. (Drawn as a gap, gaps.rs, a space this wide is no column break.)
const BOUNDARY_MAX: f32 = 1.2;

/// How many characters of a flow's body text are measured for its average letter.
const AVERAGE_SAMPLE: usize = 400;

/// The narrowest space at an item boundary for this flow: its body text's average letter
/// (Cyrillic letters are wider than Latin ones, Chinese ones wider still), measured in
/// the faces that set them.
fn boundary_space<'b>(
    book: &FontBook,
    style: &Style,
    blocks: impl Iterator<Item = &'b Block>,
) -> f32 {
    let body = blocks.filter_map(|b| match &b.content {
        Content::Paragraph(p) => Some(p.runs.iter().filter(|r| r.size == style.sizes.body)),
        _ => None,
    });
    let mut chars = body.flatten().flat_map(|r| r.text.chars()).take(AVERAGE_SAMPLE).peekable();
    let average = match chars.peek() {
        Some(_) => average_advance(book, style, chars),
        None => average_advance(book, style, AVERAGE_TEXT.chars()),
    };
    (BOUNDARY * average).min(BOUNDARY_MAX) * style.sizes.body
}

/// The average advance of characters, in em, each in the first face that has it: the
/// body face, then the fallbacks.
fn average_advance(book: &FontBook, style: &Style, chars: impl Iterator<Item = char>) -> f32 {
    let faces: Vec<FaceId> = std::iter::once(style.body_family)
        .chain(style.fallback.iter().copied())
        .map(|family| book.select(family, Variant::default()))
        .collect();
    let (mut sum, mut count) = (0.0, 0);
    for c in chars {
        let glyph = faces.iter().find_map(|&f| {
            let id = book.face(f).metrics.glyph_index(c)?;
            Some(book.advance(f, id.0))
        });
        if let Some(advance) = glyph {
            sum += advance;
            count += 1;
        }
    }
    if count == 0 { 0.5 } else { sum / count as f32 }
}

/// Flows with fewer blocks than this are set on one thread: a thread costs more than
/// setting a short résumé.
const PARALLEL_MIN_BLOCKS: usize = 48;

/// What the text stage of a layout may use besides its style and fonts: the shaped words
/// and decoded hyphenation patterns it shares with other layouts (the tries of a fit, the
/// jobs of a batch), and how many threads it may set paragraphs on. The default shares
/// nothing and spawns no thread: the library starts threads only when its caller asks
/// (the binary does, one a core).
#[derive(Clone)]
pub struct Resources {
    pub shapes: Arc<ShapeCache>,
    pub hyphenators: Arc<Hyphenators>,
    /// At most this many threads, the calling one included; 1 spawns none.
    pub threads: usize,
}

impl Default for Resources {
    fn default() -> Self {
        Resources { shapes: Arc::default(), hyphenators: Arc::default(), threads: 1 }
    }
}

impl<'a> Typesetter<'a> {
    /// A typesetter that shares nothing with others.
    pub fn new(book: &'a FontBook<'a>, style: &'a Style, language: &str) -> Self {
        Self::with_resources(book, style, language, &Resources::default())
    }

    /// A typesetter that shapes through the cache and takes the hyphenation patterns of
    /// `resources`, shared with other layouts (the tries of a fit).
    pub fn with_resources(
        book: &'a FontBook<'a>,
        style: &'a Style,
        language: &str,
        resources: &Resources,
    ) -> Self {
        let shaper = Shaper::new(book, resources.shapes.clone());
        Typesetter {
            book,
            style,
            shaper,
            hyphenator: resources.hyphenators.get(language),
            hyphens: RefCell::default(),
            warnings: Vec::new(),
            rare_space: gaps::RARE_SPACES[0],
            boundary_space: BOUNDARY
                * average_advance(book, style, AVERAGE_TEXT.chars())
                * style.sizes.body,
            right_to_left: false,
        }
    }

    /// The typesetter for a résumé written right to left: every paragraph is set right to
    /// left, and each line's text mirrored within itself for the page's mirroring
    /// (`paginate::mirror`).
    pub fn right_to_left(self) -> Self {
        Typesetter { right_to_left: true, ..self }
    }

    /// Whether hyphenation patterns exist for the language.
    pub fn can_hyphenate(&self) -> bool {
        self.hyphenator.is_available()
    }

    /// Byte offsets inside `word` where a hyphen may go. A résumé repeats its words, and
    /// a hash map answers faster than the patterns: each word is looked up there once.
    fn hyphenation_points(&self, word: &str) -> Vec<usize> {
        if let Some(points) = self.hyphens.borrow().get(word) {
            return points.clone();
        }
        let points = self.hyphenator.breaks(word);
        self.hyphens.borrow_mut().insert(word.into(), points.clone());
        points
    }

    /// Set the blocks of a flow, on at most `threads` threads (one for a short flow).
    ///
    /// Paragraphs are independent, so on several threads each takes the next few blocks
    /// until none are left ([`BLOCKS_PER_TAKE`]), with a typesetter of its own (its own
    /// shaping cache; fonts and hyphenation patterns shared). The result, warnings and
    /// the first problem included, does not depend on the number of threads. Each block
    /// is dropped once it is set: in a long résumé the composed text and the lines set
    /// from it would otherwise both be held at the end, a fifth of the peak.
    ///
    /// The calling thread drops them all, those the others set included, at its next
    /// take: it composed them, so their memory is in its allocator's arena. A block freed
    /// by another thread makes that thread take the caller's arena lock, which the caller
    /// holds for each of its own allocations; dropping them there cost Luo's build 0.6 ms
    /// of waiting (docs/performance.md).
    pub fn set_flow(
        &mut self,
        blocks: Vec<Block>,
        threads: usize,
    ) -> Result<Vec<SetBlock>, TextProblem> {
        let spaces = self.spaces_of(&blocks);
        self.set_column(blocks, threads, spaces)
    }

    /// The spaces that gaps are filled with and that split items, measured over a
    /// document's text: the same in each of its columns ([`Typesetter::set_column`]).
    pub fn spaces_of<'b>(&self, blocks: impl IntoIterator<Item = &'b Block> + Clone) -> FlowSpaces {
        FlowSpaces {
            rare_space: gaps::rare_space(blocks.clone().into_iter().flat_map(block_texts)),
            boundary_space: boundary_space(self.book, self.style, blocks.into_iter()),
        }
    }

    /// [`Typesetter::set_flow`] for one column of a document, with the document's
    /// spaces.
    pub fn set_column(
        &mut self,
        blocks: Vec<Block>,
        threads: usize,
        spaces: FlowSpaces,
    ) -> Result<Vec<SetBlock>, TextProblem> {
        (self.rare_space, self.boundary_space) = (spaces.rare_space, spaces.boundary_space);
        let threads = if blocks.len() < PARALLEL_MIN_BLOCKS { 1 } else { threads };
        let mut set = self.set_flow_on(blocks, threads)?;
        beside_photo(&mut set);
        Ok(set)
    }

    /// [`Typesetter::set_flow`] on a given number of threads.
    pub fn set_flow_on(
        &mut self,
        blocks: Vec<Block>,
        threads: usize,
    ) -> Result<Vec<SetBlock>, TextProblem> {
        if threads < 2 {
            return blocks.into_iter().map(|block| self.set_block(&block)).collect();
        }
        let (book, style, hyphenator) = (self.book, self.style, &self.hyphenator);
        let (rare_space, boundary_space) = (self.rare_space, self.boundary_space);
        let right_to_left = self.right_to_left;
        let cache = self.shaper.cache();
        let count = blocks.len();
        // Each thread takes the next few blocks until none are left, so the threads end
        // together whatever the blocks cost; the results go back in the flow's order.
        let queue = std::sync::Mutex::new(blocks.into_iter().enumerate());
        // Blocks set by the other threads, for the calling one to drop.
        let spent = std::sync::Mutex::new(Vec::<Block>::new());
        let set_some = |caller: bool| {
            let mut ts = Typesetter {
                book,
                style,
                shaper: Shaper::new(book, cache.clone()),
                hyphenator: hyphenator.clone(),
                hyphens: RefCell::default(),
                warnings: Vec::new(),
                rare_space,
                boundary_space,
                right_to_left,
            };
            let mut taken = Vec::new();
            let mut done = Vec::with_capacity(BLOCKS_PER_TAKE);
            loop {
                // A thread that panicked holding a lock left its data whole: go on.
                let mut waiting = spent.lock().unwrap_or_else(|e| e.into_inner());
                let theirs = match caller {
                    true => std::mem::take(&mut *waiting),
                    false => {
                        waiting.append(&mut done);
                        Vec::new()
                    }
                };
                drop(waiting);
                drop(theirs);
                done.clear();
                let some: Vec<(usize, Block)> = {
                    let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
                    queue.by_ref().take(BLOCKS_PER_TAKE).collect()
                };
                let Some(&(start, _)) = some.first() else { return Ok(taken) };
                let mut set = Vec::with_capacity(some.len());
                for (i, block) in some {
                    set.push(ts.set_block(&block).map_err(|problem| (i, problem))?);
                    done.push(block);
                }
                taken.push((start, set, std::mem::take(&mut ts.warnings)));
            }
        };
        // This thread takes blocks too, rather than only wait: one thread (and one
        // allocator arena, a few MB of a long résumé) fewer.
        let results: Vec<Result<Vec<_>, (usize, TextProblem)>> =
            crate::parallel::spread(threads, set_some);
        // A thread stops at its first problem, after every block before it was set: the
        // first problem in the flow is the one a single thread would have met.
        let mut taken = Vec::new();
        let mut first_problem: Option<(usize, TextProblem)> = None;
        for result in results {
            match result {
                Ok(some) => taken.extend(some),
                Err(problem) if first_problem.as_ref().is_none_or(|f| problem.0 < f.0) => {
                    first_problem = Some(problem)
                }
                Err(_) => {}
            }
        }
        if let Some((_, problem)) = first_problem {
            return Err(problem);
        }
        taken.sort_unstable_by_key(|(start, _, _)| *start);
        let mut all = Vec::with_capacity(count);
        for (_, set, warnings) in taken {
            all.extend(set);
            self.warnings.extend(warnings);
        }
        Ok(all)
    }

    fn set_block(&mut self, block: &Block) -> Result<SetBlock, TextProblem> {
        let measure = self.style.measure();
        let lines = match &block.content {
            Content::Paragraph(p) => paragraph::set(self, p, measure - p.right_indent)?,
            Content::Rule { thickness, colour, width, centred } => {
                let width = width.unwrap_or(measure).min(measure);
                let x = if *centred { (measure - width) / 2.0 } else { 0.0 };
                vec![Line {
                    height: *thickness,
                    baseline: 0.0,
                    space_before: 0.0,
                    breakable_after: true,
                    hyphenated: false,
                    items: vec![LineItem::Rule {
                        x,
                        y: 0.0,
                        width,
                        thickness: *thickness,
                        colour: *colour,
                    }],
                }]
            }
            Content::Rows { rows, indent, gap, leading, space_between } => {
                let spacing = (*gap, *leading, *space_between);
                paragraph::set_rows(self, rows, *indent, spacing, measure)?
            }
            // A line of no height: the photo hangs below it, beside the next blocks
            // ([`beside_photo`]); a photo beside nothing (the sidebar's) is as tall as
            // its line.
            Content::Photo(photo) => vec![Line {
                height: if photo.beside == 0 { photo.height } else { 0.0 },
                baseline: 0.0,
                space_before: 0.0,
                breakable_after: false,
                hyphenated: false,
                items: vec![LineItem::Photo { y: 0.0, photo: Box::new(photo.clone()) }],
            }],
        };
        Ok(SetBlock {
            lines,
            space_before: block.space_before,
            keep_with_next: block.keep_with_next,
            mark: block.mark.clone(),
            role: block.role,
        })
    }

    /// Set runs on one line that never breaks (a footer, a marker), starting at x = 0:
    /// the line (leading 1) and the width of its text.
    pub fn single_line(&mut self, runs: &[Run]) -> Result<(Line, f32), TextProblem> {
        paragraph::single_line(self, runs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, clusters: &[u16], offsets: Vec<GlyphOffset>) -> GlyphRun {
        GlyphRun {
            x: 0.0,
            face: FaceId(0),
            size: 10.0,
            colour: Rgb(0, 0, 0),
            text: text.into(),
            glyphs: clusters
                .iter()
                .map(|&cluster| PlacedGlyph { id: 1, cluster, advance: 0.5 })
                .collect(),
            offsets,
            scale_x: 1.0,
            label: false,
            link: None,
        }
    }

    #[test]
    fn a_glyph_stands_for_its_cluster_and_a_ligature_for_all_of_it() {
        // "ffi" as one glyph, then "c", "e": "office" = o, ffi, c, e.
        let ranges: Vec<_> = run("office", &[0, 1, 4, 5], Vec::new()).ranges().collect();
        assert_eq!(ranges, [0..1, 1..4, 4..5, 5..6]);
        // A base letter and a mark of one cluster both stand for the whole cluster.
        let ranges: Vec<_> = run("e\u{301}x", &[0, 0, 3], Vec::new()).ranges().collect();
        assert_eq!(ranges, [0..3, 0..3, 3..4]);
        // Right to left, drawn from the last letter (two bytes each): Hebrew, and Arabic
        // with lam and alef in one glyph.
        let ranges: Vec<_> = run("שלום", &[6, 4, 2, 0], Vec::new()).ranges().collect();
        assert_eq!(ranges, [6..8, 4..6, 2..4, 0..2]);
        let ranges: Vec<_> = run("سلام", &[6, 2, 0], Vec::new()).ranges().collect();
        assert_eq!(ranges, [6..8, 2..6, 0..2]);
    }

    #[test]
    fn offsets_belong_to_their_glyphs_and_the_others_have_none() {
        let mark = GlyphOffset { glyph: 1, x: -0.3, y: 0.1 };
        let offsets: Vec<_> = run("e\u{301}x", &[0, 0, 3], vec![mark]).glyph_offsets().collect();
        assert_eq!(offsets, [(0.0, 0.0), (-0.3, 0.1), (0.0, 0.0)]);
    }
}
