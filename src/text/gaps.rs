//! Text stage, gaps: two parts of one line with blank space between them (a list marker
//! and its text, a row's label and its value, a title and its flush-right dates) → a
//! glyph run that fills the blank with whitespace every text extractor reads as such.
//!
//! A person sees one line; a text extractor sees glyphs at positions and must guess
//! where words, lines and columns are, each with thresholds of its own, measured here
//! on a line whose two parts are `g` em apart with nothing between them:
//!
//! | extractor | reads one line while | then |
//! |---|---|---|
//! | pdftotext (poppler), reading order | g < 1.5 | a column break: the second part moves away, often after the lines below |
//! | pdfminer.six, pdfplumber's layout | g < 2 × the wider neighbouring glyph (≈ 1) | a new line, or a text box of its own |
//! | PyMuPDF (MuPDF) | g < ≈ 0.8 | a new line |
//! | pdf.js | any g | one line, but a gap over 0.6 em splits items, and parsers drop whitespace items |
//! | pypdf, pdftotext `-raw`, `-layout` | any g | one line |
//!
//! - A narrow blank (under [`WIDE`]) is a word space: the font's space glyph, U+0020,
//!   with the blank's width as its advance, in the run of the text before it. What is
//!   left of the gap beside the space's own box is under every threshold above, and
//!   poppler, which drops whitespace before it looks for columns, sees no column in a
//!   gap that narrow either.
//! - A wide blank is one blank glyph stretched horizontally to span it exactly (it has
//!   no ink: stretching it shows nothing), so pdfminer and MuPDF, which measure between
//!   glyph boxes, see no gap at all. It stands for two spaces: poppler drops a glyph
//!   that stands for *one* whitespace character (`uLen == 1 && UnicodeIsWhitespace`),
//!   not one that stands for two, so the glyph closes the gap for it too and title and
//!   dates are one line everywhere: `Title, Subtitle  Jun 2024 – present`. pdf.js and
//!   pypdf read whitespace, and pdf.js leaves the dates an item of their own, which is
//!   how a résumé parser built on it finds them. The glyph must be one that no other
//!   text of the document uses, because a PDF maps each glyph to one text (ToUnicode):
//!   a blank glyph of a rarely used space character ([`RARE_SPACES`]), of the line's own
//!   face or else of Source Sans 3, whose figure and thin spaces are blank.
//!
//! Two things were tried and dropped. An invisible middle dot stretched over the gap
//! (what cvpdf drew before) joined the line in poppler but glued the dot to the title in
//! every other extractor (`Scheduling·Jun`), and put a character in the text that the
//! page does not show. Marking the line with `ActualText` joins it for poppler, but
//! poppler places the replacement text at a mirrored position (it reads the span's glyph
//! positions in the transform that krilla's `q … cm … Q` around every glyph run has
//! already left), so `-layout` moved headers onto other pages.

use super::shape::Features;
use super::{GlyphRun, PlacedGlyph, Typesetter};
use crate::font::{FaceId, Family};
use crate::style::Rgb;

/// A blank at least this wide (in em of the text beside it) is filled with the
/// two-space glyph: a little under the narrowest threshold above (MuPDF's).
const WIDE: f32 = 0.75;

/// Space characters whose glyphs are blank in most fonts and which résumés almost never
/// contain: the wide filler borrows the glyph of the first one the document does not
/// use. Source Sans 3 has the figure space and the thin space.
pub const RARE_SPACES: [char; 9] = [
    '\u{2007}', '\u{2009}', '\u{2002}', '\u{2003}', '\u{2008}', '\u{2004}', '\u{2005}', '\u{2006}',
    '\u{200a}',
];

/// The space character whose glyph fills wide blanks in a document made of these runs:
/// the first of [`RARE_SPACES`] that none of them contains.
pub fn rare_space<'r>(texts: impl Iterator<Item = &'r str>) -> char {
    let mut used = [false; RARE_SPACES.len()];
    for text in texts {
        // Most text is ASCII: only the rare texts with a space character this wide are
        // scanned character by character.
        if text.is_ascii() {
            continue;
        }
        for c in text.chars() {
            if let Some(i) = RARE_SPACES.iter().position(|&s| s == c) {
                used[i] = true;
            }
        }
    }
    RARE_SPACES.iter().zip(used).find(|(_, used)| !used).map_or(RARE_SPACES[0], |(&c, _)| c)
}

/// A run from `from` to `to` (x in points, on the line) that fills the blank between two
/// parts of a line, set beside text of `size` points in `face`; `None` when there is no
/// blank.
pub fn fill(
    ts: &Typesetter,
    from: f32,
    to: f32,
    face: FaceId,
    size: f32,
    colour: Rgb,
) -> Option<GlyphRun> {
    let width = to - from;
    if width < 0.01 * size {
        return None;
    }
    if width < WIDE * size {
        let space = ts.shaper.shape(face, Features::default(), " ");
        let id = space.first()?.id;
        let glyph = PlacedGlyph { id, cluster: 0, advance: width / size };
        return Some(run(from, face, size, colour, " ", glyph, 1.0));
    }
    let (face, id) = wide_glyph(ts, face)?;
    let natural = ts.book.advance(face, id);
    if natural <= 0.0 {
        return None;
    }
    let glyph = PlacedGlyph { id, cluster: 0, advance: natural };
    Some(run(from, face, size, colour, "  ", glyph, width / (natural * size)))
}

/// A run of one glyph.
fn run(
    x: f32,
    face: FaceId,
    size: f32,
    colour: Rgb,
    text: &str,
    glyph: PlacedGlyph,
    scale_x: f32,
) -> GlyphRun {
    GlyphRun {
        x,
        face,
        size,
        colour,
        text: text.into(),
        glyphs: vec![glyph],
        offsets: Vec::new(),
        scale_x,
        label: false,
        link: None,
    }
}

/// The blank glyph for wide gaps: the document's rare space in `face` if it is blank
/// there (and not the space glyph), else in Source Sans 3.
fn wide_glyph(ts: &Typesetter, face: FaceId) -> Option<(FaceId, u16)> {
    let own = ts.book.blank_glyph(face, ts.rare_space).map(|id| (face, id));
    own.or_else(|| {
        let sans = ts.book.select(Family::SourceSans3, Default::default());
        let id = ts.book.blank_glyph(sans, ts.rare_space).or_else(|| {
            // The document uses both of Source Sans 3's own: share the figure space's.
            ts.book.blank_glyph(sans, RARE_SPACES[0])
        })?;
        Some((sans, id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rare_space_is_one_the_document_does_not_use() {
        assert_eq!(rare_space(["plain text", "Jun 2024 – now"].into_iter()), '\u{2007}');
        assert_eq!(rare_space(["+1\u{2007}555\u{2007}0100"].into_iter()), '\u{2009}');
        let all: String = RARE_SPACES.iter().collect();
        assert_eq!(rare_space([all.as_str()].into_iter()), '\u{2007}');
    }

    #[test]
    fn source_sans_has_blank_rare_spaces_that_are_not_its_space() {
        let book = &super::super::FontBook::default();
        let sans = book.select(Family::SourceSans3, Default::default());
        let space = book.face(sans).metrics.glyph_index(' ').map(|g| g.0);
        for c in ['\u{2007}', '\u{2009}'] {
            let blank = book.blank_glyph(sans, c);
            assert!(blank.is_some() && blank != space, "{c:?}: {blank:?}");
        }
        // A letter has ink.
        assert_eq!(book.blank_glyph(sans, 'a'), None);
    }
}
