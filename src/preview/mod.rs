//! Preview stage: laid-out Document → PNG images, one per page, rasterised with fontdue.
//!
//! It paints what the PDF stage paints, where it paints it: glyph runs (stretched by
//! `scale_x` about their origin), rules, icons and the photo, in each one's colour, on
//! white paper. Links (borderless annotations) and outline marks leave no ink in the PDF
//! and none here. Coordinates are the document's: points, top-left origin, y down.
//!
//! Glyphs sit at any fractional x (see [`glyphs::Mask`]). Baselines snap up to the pixel
//! boundary above them, as in poppler's renderer: text stays crisp, and a preview lines
//! up with `pdftoppm`'s rendering of the PDF row for row (rounding instead leaves half
//! the lines a row apart from it). Rules are exact rectangles whose edge pixels are
//! shaded by the share of them covered.

mod canvas;
mod glyphs;
mod icon;
mod photo;

use canvas::Canvas;
use glyphs::Glyphs;

use crate::font::FontBook;
use crate::paginate::{Document, Page, PlacedLine};
use crate::text::{GlyphRun, LineItem};

/// The widest or tallest page, in pixels, that a preview may have.
const MAX_SIDE: f64 = 30_000.0;

/// Render every page at `dpi` pixels per inch: PNG file bytes (8-bit RGB) per page.
pub fn render(document: &Document, book: &FontBook, dpi: f32) -> Result<Vec<Vec<u8>>, String> {
    let scale = dpi / 72.0;
    let (width, height) = (pixels(document.width, dpi), pixels(document.height, dpi));
    let fits = |side: f64| side.is_finite() && (1.0..=MAX_SIDE).contains(&side);
    if !(dpi > 0.0 && fits(width) && fits(height)) {
        return Err(format!(
            "cannot render a {} × {} pt page at {dpi} dpi: the preview would be {width} × \
             {height} pixels",
            document.width, document.height
        ));
    }
    let mut glyphs = Glyphs::new(book, document);
    document
        .pages
        .iter()
        .map(|page| {
            let mut canvas = Canvas::new(width as usize, height as usize);
            draw_page(&mut canvas, page, &mut glyphs, scale)?;
            canvas.encode_png(dpi)
        })
        .collect()
}

/// Pixels across `points` at `dpi`: a partly covered pixel counts, as in poppler's
/// `pdftoppm`, computed in its precision so previews and its renderings have one size.
fn pixels(points: f32, dpi: f32) -> f64 {
    (f64::from(points) * (f64::from(dpi) / 72.0)).ceil()
}

fn draw_page(
    canvas: &mut Canvas,
    page: &Page,
    glyphs: &mut Glyphs,
    scale: f32,
) -> Result<(), String> {
    for placed in &page.lines {
        for item in &placed.line.items {
            match item {
                LineItem::Text(run) => draw_run(canvas, placed, run, glyphs, scale)?,
                LineItem::Rule { x, y, width, thickness, colour } => {
                    // At least a pixel thick, about the same middle: PDF viewers draw a
                    // hairline so (poppler's and pdf.js's thin-line adjustment) rather
                    // than as a faint grey smear over two rows.
                    let thick = (thickness * scale).max(1.0);
                    let middle = (placed.y + y + thickness / 2.0) * scale;
                    let (x0, y0) = ((placed.x + x) * scale, middle - thick / 2.0);
                    canvas.fill_rect(x0, y0, x0 + width * scale, y0 + thick, *colour);
                }
                LineItem::Photo { y, photo } => {
                    photo::draw(canvas, placed.x + photo.x, placed.y + y, photo, scale)
                }
                LineItem::Icon { x, y, size, colour, icon } => {
                    let (left, baseline) = ((placed.x + x) * scale, (placed.y + y) * scale);
                    icon::draw(canvas, left, baseline, size * scale, *colour, icon.glyph());
                }
                // An annotation over the page, without a border: nothing to paint.
                LineItem::Link { .. } => {}
            }
        }
    }
    Ok(())
}

/// Draw a run's glyphs as krilla places them: each at the pen position plus its offsets
/// (y offsets point up), the pen moving by the advances, all stretched by `scale_x`.
fn draw_run(
    canvas: &mut Canvas,
    placed: &PlacedLine,
    run: &GlyphRun,
    glyphs: &mut Glyphs,
    scale: f32,
) -> Result<(), String> {
    let x = (placed.x + run.x) * scale;
    let baseline = (placed.y + placed.line.baseline) * scale;
    let px = run.size * scale;
    let mut pen = 0.0;
    for (glyph, (x_offset, y_offset)) in run.glyphs.iter().zip(run.glyph_offsets()) {
        let glyph_x = x + run.scale_x * (pen + x_offset) * px;
        // Up to the pixel boundary above it, like poppler (see the module comment).
        let glyph_y = (baseline - y_offset * px).floor() as i64;
        let mask = glyphs.mask(run.face, glyph.id, px)?;
        mask.draw(canvas, glyph_x, glyph_y, run.scale_x, run.colour);
        pen += glyph.advance;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::FaceId;
    use crate::style::Rgb;
    use crate::text::{Line, PlacedGlyph};

    /// `text` at 12 pt on a small page, stretched by `scale_x`.
    fn document(text: &str, scale_x: f32) -> Document {
        let book = &FontBook::default();
        let face = FaceId(0);
        let glyphs = text
            .char_indices()
            .map(|(i, c)| PlacedGlyph {
                id: book.face(face).metrics.glyph_index(c).unwrap().0,
                cluster: i as u16,
                advance: 0.6,
            })
            .collect();
        let run = GlyphRun {
            x: 0.0,
            face,
            size: 12.0,
            colour: Rgb(0, 0, 0),
            text: text.into(),
            glyphs,
            offsets: Vec::new(),
            scale_x,
            label: false,
            link: None,
        };
        let line = Line {
            height: 14.0,
            baseline: 11.0,
            space_before: 0.0,
            breakable_after: true,
            hyphenated: false,
            items: vec![LineItem::Text(run)],
        };
        let placed = PlacedLine { x: 10.0, y: 10.0, line, block: None };
        let page = Page { lines: vec![placed], marks: Vec::new() };
        Document { width: 60.0, height: 40.0, pages: vec![page], roles: Vec::new(), sidebar: None }
    }

    fn decode(png: &[u8]) -> Vec<u8> {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut pixels).unwrap();
        pixels
    }

    #[test]
    fn rendering_twice_gives_the_same_bytes() {
        let book = &FontBook::default();
        let first = render(&document("Hi", 1.0), book, 144.0).unwrap();
        assert_eq!(first, render(&document("Hi", 1.0), book, 144.0).unwrap());
        assert!(decode(&first[0]).iter().any(|&v| v < 64), "the text leaves ink");
    }

    #[test]
    fn a_stretched_blank_glyph_leaves_no_ink() {
        // The figure space that fills a wide gap (text/gaps.rs), stretched threefold.
        let pngs = render(&document("\u{2007}", 3.0), &FontBook::default(), 144.0).unwrap();
        let pixels = decode(&pngs[0]);
        assert_eq!(pixels.len(), 120 * 80 * 3);
        assert!(pixels.iter().all(|&v| v == 255));
    }

    #[test]
    fn impossible_resolutions_are_refused() {
        for dpi in [0.0, -72.0, f32::NAN, f32::INFINITY, 1e6] {
            assert!(render(&document("Hi", 1.0), &FontBook::default(), dpi).is_err(), "{dpi}");
        }
    }
}
