//! PDF stage, pages: a page's placed lines → glyphs and rules on a krilla surface, each
//! stretch of text marked as content of its own for the structure tree (structure.rs).
//!
//! A line's text runs are marked in pieces: a run starts a new piece where it changes
//! part (a list marker or row key against the text), link or language. Rules are
//! artifacts of layout; footers and running heads, of pagination.
//!
//! A hyphen at a line's end is drawn as the hyphen it shows (U+002D), which poppler
//! rejoins, and nothing more (docs/ats.md). An `/ActualText` that gives the word whole
//! was tried in both places a PDF allows: in the content, poppler reads it at a
//! mirrored position (it measures the span in the transform that krilla's `q … cm … Q`
//! around each glyph run has already left); in the structure tree, MuPDF spreads the
//! replacement over the glyphs one by one and splits the word in another place
//! (`Dianp` / `ing`), or repeats its second half.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{Font, GlyphId};

use super::PdfError;
use super::language;
use super::structure::{LinkKey, Part, Structure};
use crate::compose::Role;
use crate::font::{FaceId, FontBook, FontBytes, PathSegment};
use crate::paginate::PlacedLine;
use crate::style::Rgb;
use crate::text::{GlyphRun, LineItem, PlacedGlyph};

/// A link area on a page, with the key its text and annotation share in the structure.
pub type LinkArea = (Option<Rect>, String, LinkKey);

/// Draws the lines of the pages, in order, marking their text.
pub struct Painter<'d> {
    book: &'d FontBook<'d>,
    fonts: BTreeMap<FaceId, Font>,
    /// The glyphs the document draws in each face stored in chunks, which its font file
    /// must hold ([`FontBook::bytes`]).
    glyphs: BTreeMap<FaceId, BTreeSet<u16>>,
    pub structure: Structure<'d>,
    /// The document's language, for text in another script (language.rs).
    language: &'d str,
    /// The piece of marked content being drawn, and its block.
    open: Option<(usize, OpenPiece)>,
}

/// A piece of marked content being drawn.
struct OpenPiece {
    piece: Piece,
    /// The address of its link, to carry the link on into the next run.
    url: Option<String>,
    content: Identifier,
    /// The text it shows, when the structure needs it (a heading's title).
    text: String,
}

/// What a stretch of a line's text is: glyphs with the same key are one piece of marked
/// content.
#[derive(Clone, Copy, PartialEq)]
struct Piece {
    part: Part,
    link: Option<LinkKey>,
    language: Option<&'static str>,
}

impl<'d> Painter<'d> {
    /// `glyphs`: what the document draws in each face stored in chunks
    /// ([`crate::paginate::Document::glyphs_by_face`]).
    pub fn new(
        book: &'d FontBook<'d>,
        glyphs: BTreeMap<FaceId, BTreeSet<u16>>,
        structure: Structure<'d>,
        language: &'d str,
    ) -> Self {
        Painter { book, fonts: BTreeMap::new(), glyphs, structure, language, open: None }
    }

    /// Draw a line; its link areas go into `links` (their annotations come when the page
    /// is done).
    pub fn line(
        &mut self,
        surface: &mut Surface,
        placed: &PlacedLine,
        page_height: f32,
        links: &mut Vec<LinkArea>,
    ) -> Result<(), PdfError> {
        // The line's links, in order: the text of each is the run or runs with its
        // address, from where the one before ended.
        let first_link = links.len();
        for item in &placed.line.items {
            if let LineItem::Link { x, y, width, height, url } = item {
                let key = self.structure.link();
                let rect = Rect::from_xywh(placed.x + x, placed.y + y, *width, *height);
                links.push((rect, url.clone(), key));
            }
        }
        let mut next_link = first_link;
        let block = match placed.block {
            Some(block) if self.structure.role(block) != Role::Rule => block,
            // A rule is decoration; a line of the page's own (footer, running head) is
            // pagination.
            _ => {
                self.close(surface);
                let tint = placed.line.items.iter().all(|i| matches!(i, LineItem::Rule { .. }));
                let kind = match placed.block {
                    Some(_) => ArtifactType::Layout,
                    // A sidebar's tint.
                    None if tint => ArtifactType::Layout,
                    None if placed.y > page_height / 2.0 => ArtifactType::Footer,
                    None => ArtifactType::Header,
                };
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
                for item in &placed.line.items {
                    self.item(surface, placed, item)?;
                }
                surface.end_tagged();
                return Ok(());
            }
        };

        for item in &placed.line.items {
            let LineItem::Text(run) = item else {
                if let LineItem::Photo { photo, .. } = item {
                    // Content of its own, whose figure says what it shows.
                    self.close(surface);
                    let content = surface.start_tagged(ContentTag::Other);
                    self.item(surface, placed, item)?;
                    surface.end_tagged();
                    self.structure.push(block, Part::Text, None, content, &photo.alt);
                } else if matches!(item, LineItem::Rule { .. } | LineItem::Icon { .. }) {
                    // Decoration: an icon says what its text says, which a reader and an
                    // extractor read from the text.
                    self.close(surface);
                    let layout = ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout));
                    surface.start_tagged(layout);
                    self.item(surface, placed, item)?;
                    surface.end_tagged();
                }
                continue;
            };
            let url = run.link.as_deref();
            let open = self.open.as_ref().map(|(_, open)| open);
            let link = match open {
                Some(open) if open.url.as_deref() == url => open.piece.link,
                _ => url.and_then(|url| {
                    let found = links[next_link..].iter().position(|(_, u, _)| u == url)?;
                    next_link += found + 1;
                    Some(links[next_link - 1].2)
                }),
            };
            // A blank between two parts keeps the language of the part before it.
            let language = match open {
                Some(before) if run.text.trim().is_empty() => before.piece.language,
                _ => language::foreign(&run.text, self.language),
            };
            let part = if run.label { Part::Label } else { Part::Text };
            let piece = Piece { part, link, language };
            if self.open.as_ref().is_none_or(|(_, open)| open.piece != piece) {
                self.close(surface);
                let span = SpanTag::empty().with_lang(piece.language);
                let content = surface.start_tagged(ContentTag::Span(span));
                let url = url.map(str::to_string);
                self.open = Some((block, OpenPiece { piece, url, content, text: String::new() }));
            }
            if let Some((block, open)) = &mut self.open
                && self.structure.needs_text(*block, part)
            {
                open.text.push_str(&run.text);
            }
            self.item(surface, placed, item)?;
        }
        self.close(surface);
        Ok(())
    }

    /// End the open piece of marked content and give it to the structure.
    fn close(&mut self, surface: &mut Surface) {
        let Some((block, open)) = self.open.take() else { return };
        surface.end_tagged();
        let OpenPiece { piece, content, text, .. } = open;
        self.structure.push(block, piece.part, piece.link, content, &text);
    }

    fn item(
        &mut self,
        surface: &mut Surface,
        placed: &PlacedLine,
        item: &LineItem,
    ) -> Result<(), PdfError> {
        match item {
            LineItem::Text(run) => self.run(surface, placed, run),
            LineItem::Rule { x, y, width, thickness, colour } => {
                if let Some(rect) = Rect::from_xywh(placed.x + x, placed.y + y, *width, *thickness)
                {
                    let mut path = PathBuilder::new();
                    path.push_rect(rect);
                    if let Some(path) = path.finish() {
                        set_fill(surface, *colour);
                        surface.draw_path(&path);
                    }
                }
                Ok(())
            }
            LineItem::Photo { y, photo } => {
                super::photo::draw(surface, placed.x + photo.x, placed.y + y, photo)
            }
            LineItem::Icon { x, y, size, colour, icon } => {
                // The outline in its own units, y up, from the baseline's left end: the
                // transform places and scales it, and the path keeps short whole numbers.
                let glyph = icon.glyph();
                let mut path = PathBuilder::new();
                for segment in glyph.path() {
                    match segment {
                        PathSegment::MoveTo(x, y) => path.move_to(x, y),
                        PathSegment::LineTo(x, y) => path.line_to(x, y),
                        PathSegment::QuadTo(x1, y1, x, y) => path.quad_to(x1, y1, x, y),
                        PathSegment::CubicTo(x1, y1, x2, y2, x, y) => {
                            path.cubic_to(x1, y1, x2, y2, x, y)
                        }
                        PathSegment::Close => path.close(),
                    }
                }
                if let Some(path) = path.finish() {
                    let scale = size / glyph.units;
                    let (left, baseline) = (placed.x + x, placed.y + y);
                    surface.push_transform(&Transform::from_row(
                        scale, 0.0, 0.0, -scale, left, baseline,
                    ));
                    set_fill(surface, *colour);
                    surface.draw_path(&path);
                    surface.pop();
                }
                Ok(())
            }
            // Annotations are added when the page's drawing is done.
            LineItem::Link { .. } => Ok(()),
        }
    }

    fn run(
        &mut self,
        surface: &mut Surface,
        placed: &PlacedLine,
        run: &GlyphRun,
    ) -> Result<(), PdfError> {
        let font = match self.fonts.get(&run.face) {
            Some(font) => font.clone(),
            None => {
                let glyphs = self.glyphs.remove(&run.face).unwrap_or_default();
                let data = match self.book.bytes(run.face, &glyphs).map_err(PdfError::Other)? {
                    FontBytes::Bundled(bytes) => bytes.into(),
                    FontBytes::File(bytes) => bytes.into(),
                    FontBytes::Drawn(bytes) => bytes.into(),
                };
                let font = Font::new(data, self.book.index(run.face)).ok_or_else(|| {
                    PdfError::Other(format!("krilla cannot read {}", self.book.name(run.face)))
                })?;
                self.fonts.insert(run.face, font.clone());
                font
            }
        };
        set_fill(surface, run.colour);
        let drawn: Vec<PdfGlyph> = run
            .glyphs
            .iter()
            .zip(run.ranges())
            .zip(run.glyph_offsets())
            .map(|((glyph, text), offset)| PdfGlyph { glyph, text, offset })
            .collect();
        let (x, y) = (placed.x + run.x, placed.y + placed.line.baseline);
        if run.scale_x == 1.0 {
            let origin = Point::from_xy(x, y);
            surface.draw_glyphs(origin, &drawn, font, &run.text, run.size, false);
        } else {
            // Scaled about the run's origin, so it still starts at x.
            let stretch = Transform::from_row(run.scale_x, 0.0, 0.0, 1.0, x, y);
            surface.push_transform(&stretch);
            let origin = Point::from_xy(0.0, 0.0);
            surface.draw_glyphs(origin, &drawn, font, &run.text, run.size, false);
            surface.pop();
        }
        Ok(())
    }
}

fn set_fill(surface: &mut Surface, colour: Rgb) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}

/// A positioned glyph and its text as krilla wants them; advances are per em, krilla
/// scales them.
struct PdfGlyph<'a> {
    glyph: &'a PlacedGlyph,
    text: Range<usize>,
    /// (x, y) in em.
    offset: (f32, f32),
}

impl krilla::text::Glyph for PdfGlyph<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.glyph.id))
    }

    fn text_range(&self) -> Range<usize> {
        self.text.clone()
    }

    fn x_advance(&self, size: f32) -> f32 {
        self.glyph.advance * size
    }

    fn x_offset(&self, size: f32) -> f32 {
        self.offset.0 * size
    }

    fn y_offset(&self, size: f32) -> f32 {
        self.offset.1 * size
    }

    fn y_advance(&self, _: f32) -> f32 {
        0.0
    }

    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}
