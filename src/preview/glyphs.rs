//! Preview stage, glyphs: faces loaded into fontdue on first use, each glyph rasterised
//! once per size, and its coverage resampled onto the page at a fractional x.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use fontdue::{Font, FontSettings};

use super::canvas::Canvas;
use crate::font::{FaceId, FontBook, FontBytes};
use crate::paginate::Document;
use crate::style::Rgb;

/// A glyph's coverage with three columns per pixel.
///
/// fontdue places a glyph on whole pixels only: its rasteriser takes no subpixel offset.
/// Its LCD-subpixel raster (`rasterize_indexed_subpixel`) is the same outline sampled
/// three times as finely across, and read as plain coverage columns it lets a glyph sit
/// at any x: every column is spread over the page pixels it overlaps.
#[derive(Debug)]
pub(super) struct Mask {
    /// Left edge of column 0, in pixels right of the glyph origin.
    left: f32,
    /// Top edge of row 0, in whole pixels above the baseline.
    top: i32,
    columns: usize,
    coverage: Vec<u8>,
}

/// Columns per pixel in a [`Mask`]: fontdue's subpixel raster has three.
const OVERSAMPLE: usize = 3;

impl Mask {
    fn rasterise(font: &Font, glyph: u16, px: f32) -> Mask {
        let (metrics, coverage) = font.rasterize_indexed_subpixel(glyph, px);
        // fontdue puts the outline's left edge `fract(xmin)` columns into the bitmap (the
        // whole-pixel offset, not tripled), so column 0 starts that many thirds left of
        // xmin. `masks_match_whole_pixel_rasters` checks this against the plain raster.
        let xmin = metrics.bounds.xmin;
        let left = xmin - (xmin - xmin.floor()) / OVERSAMPLE as f32;
        Mask {
            left,
            top: metrics.ymin + metrics.height as i32,
            columns: metrics.width * OVERSAMPLE,
            coverage,
        }
    }

    fn rows(&self) -> impl Iterator<Item = &[u8]> {
        // A glyph without ink (a space) has no columns.
        self.coverage.chunks_exact(self.columns.max(1))
    }

    /// Paint at origin `x` (pixels, fractional) on `baseline` (a boundary between rows),
    /// stretched across by `scale_x` about the origin.
    pub(super) fn draw(
        &self,
        canvas: &mut Canvas,
        x: f32,
        baseline: i64,
        scale_x: f32,
        colour: Rgb,
    ) {
        let column_width = scale_x / OVERSAMPLE as f32;
        let start = x + self.left * scale_x;
        let first = start.floor() as i64;
        let span = (start + self.columns as f32 * column_width).ceil() as i64 - first;
        let mut row_coverage = vec![0.0f32; span.max(0) as usize + 1];
        for (r, row) in self.rows().enumerate() {
            row_coverage.iter_mut().for_each(|c| *c = 0.0);
            for (k, &c) in row.iter().enumerate().filter(|(_, c)| **c > 0) {
                let a = start + k as f32 * column_width - first as f32;
                spread(&mut row_coverage, a, a + column_width, f32::from(c) / 255.0);
            }
            let y = baseline - i64::from(self.top) + r as i64;
            for (i, &c) in row_coverage.iter().enumerate().filter(|(_, c)| **c > 0.0) {
                canvas.blend(first + i as i64, y, c.min(1.0), colour);
            }
        }
    }
}

/// Add `value` × the overlap of [a, b) with each unit cell of `cells`.
fn spread(cells: &mut [f32], a: f32, b: f32, value: f32) {
    let mut cell = a.floor().max(0.0) as usize;
    while let Some(slot) = cells.get_mut(cell) {
        let (left, right) = (cell as f32, cell as f32 + 1.0);
        if left >= b {
            break;
        }
        *slot += value * (b.min(right) - a.max(left)).max(0.0);
        cell += 1;
    }
}

/// The fontdue faces and rasterised glyphs of one render.
pub(super) struct Glyphs<'a> {
    book: &'a FontBook<'a>,
    /// The glyphs the document draws in each face stored in chunks, which its font file
    /// must hold ([`FontBook::bytes`]).
    drawn: BTreeMap<FaceId, BTreeSet<u16>>,
    /// Loaded only when a painted run needs the face: loading parses every outline, which
    /// takes long for the CJK faces.
    fonts: BTreeMap<FaceId, Font>,
    /// By face, glyph and size in pixels per em (as bits: sizes come from a few styles).
    masks: HashMap<(FaceId, u16, u32), Mask>,
}

impl<'a> Glyphs<'a> {
    pub(super) fn new(book: &'a FontBook<'a>, document: &Document) -> Self {
        let drawn = document.glyphs_by_face(|face| book.is_chunked(face));
        Glyphs { book, drawn, fonts: BTreeMap::new(), masks: HashMap::new() }
    }

    /// Glyph `id` of `face` at `px` pixels per em.
    pub(super) fn mask(&mut self, face: FaceId, id: u16, px: f32) -> Result<&Mask, String> {
        let key = (face, id, px.to_bits());
        if !self.masks.contains_key(&key) {
            let font = self.font(face)?;
            if id >= font.glyph_count() {
                return Err(format!("{} has no glyph {id}", self.book.name(face)));
            }
            let mask = Mask::rasterise(font, id, px);
            self.masks.insert(key, mask);
        }
        Ok(&self.masks[&key])
    }

    fn font(&mut self, face: FaceId) -> Result<&Font, String> {
        if !self.fonts.contains_key(&face) {
            let drawn = self.drawn.remove(&face).unwrap_or_default();
            let settings =
                FontSettings { collection_index: self.book.index(face), ..FontSettings::default() };
            let font = match self.book.bytes(face, &drawn)? {
                FontBytes::Bundled(bytes) => Font::from_bytes(bytes, settings),
                FontBytes::File(bytes) => Font::from_bytes(bytes.as_slice(), settings),
                FontBytes::Drawn(bytes) => Font::from_bytes(bytes, settings),
            }
            .map_err(|e| format!("fontdue cannot read {} ({e})", self.book.name(face)))?;
            self.fonts.insert(face, font);
        }
        Ok(&self.fonts[&face])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreading_splits_a_column_over_the_cells_it_overlaps() {
        let mut cells = [0.0; 3];
        spread(&mut cells, 0.75, 1.25, 1.0);
        assert_eq!(cells, [0.25, 0.25, 0.0]);
        spread(&mut cells, 1.5, 3.5, 1.0);
        assert_eq!(cells, [0.25, 0.75, 1.0]);
    }

    /// The mask's column placement relies on where fontdue puts the outline in its
    /// subpixel raster. Drawn at a whole-pixel origin, a mask must match fontdue's own
    /// whole-pixel raster of the same glyph. They differ a little where contours overlap
    /// (fontdue sums coverage before clipping it, per column or per pixel): means of 0.1
    /// to 5.7 levels per pixel; with column 0 put at `floor(xmin)` they are 2 to 75, 25
    /// over all.
    #[test]
    fn masks_match_whole_pixel_rasters() {
        let book = &FontBook::default();
        let font = Font::from_bytes(book.data(FaceId(0)), FontSettings::default()).unwrap();
        let (mut total, mut pixels) = (0, 0);
        for c in ['H', 'o', 'f', 'W', 'j', '/', 'a', 'e'] {
            for px in [9.7, 13.0, 20.3, 31.1] {
                let id = font.lookup_glyph_index(c);
                let (metrics, plain) = font.rasterize_indexed(id, px);
                let mask = Mask::rasterise(&font, id, px);
                let mut canvas = Canvas::new(64, 64);
                mask.draw(&mut canvas, 16.0, i64::from(mask.top), 1.0, Rgb(0, 0, 0));
                let mut difference = 0;
                for (i, &expected) in plain.iter().enumerate() {
                    let (col, row) = (i % metrics.width, i / metrics.width);
                    let drawn = 255 - canvas.pixel((16 + metrics.xmin) as usize + col, row)[0];
                    difference += (i32::from(drawn) - i32::from(expected)).abs();
                }
                let mean = difference as f32 / plain.len() as f32;
                assert!(mean < 8.0, "{c} at {px} px: {mean} levels apart on average");
                (total, pixels) = (total + difference, pixels + plain.len());
            }
        }
        let mean = total as f32 / pixels as f32;
        assert!(mean < 2.5, "{mean} levels apart on average");
    }
}
