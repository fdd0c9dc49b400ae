//! Preview stage, an icon: its outline ([`IconGlyph`]) → its coverage on the canvas,
//! where the PDF stage fills the same outline as a path.

use ab_glyph_rasterizer::{Point, Rasterizer, point};

use super::canvas::Canvas;
use crate::font::{IconGlyph, PathSegment};
use crate::style::Rgb;

/// Paint `glyph` with its baseline's left end at (`left`, `baseline`) pixels, `size`
/// pixels to the em.
pub(super) fn draw(
    canvas: &mut Canvas,
    left: f32,
    baseline: f32,
    size: f32,
    colour: Rgb,
    glyph: &IconGlyph,
) {
    let (x_min, y_min, x_max, y_max) = glyph.bounds();
    // The pixels the outline covers, from the whole pixel at its top-left.
    let (x0, y0) = ((left + x_min * size).floor(), (baseline - y_max * size).floor());
    let width = ((left + x_max * size).ceil() - x0) as usize + 1;
    let height = ((baseline - y_min * size).ceil() - y0) as usize + 1;
    if width * height > 1 << 22 {
        return; // no icon is drawn this large: a résumé's text is not
    }
    let per_unit = size / glyph.units;
    let at = |x: f32, y: f32| point(left + x * per_unit - x0, baseline - y * per_unit - y0);
    let mut raster = Rasterizer::new(width, height);
    let (mut start, mut pen) = (Point::default(), Point::default());
    for segment in glyph.path() {
        match segment {
            PathSegment::MoveTo(x, y) => {
                start = at(x, y);
                pen = start;
            }
            PathSegment::LineTo(x, y) => {
                let to = at(x, y);
                raster.draw_line(pen, to);
                pen = to;
            }
            PathSegment::QuadTo(x1, y1, x, y) => {
                let to = at(x, y);
                raster.draw_quad(pen, at(x1, y1), to);
                pen = to;
            }
            PathSegment::CubicTo(x1, y1, x2, y2, x, y) => {
                let to = at(x, y);
                raster.draw_cubic(pen, at(x1, y1), at(x2, y2), to);
                pen = to;
            }
            PathSegment::Close => {
                raster.draw_line(pen, start);
                pen = start;
            }
        }
    }
    raster.for_each_pixel_2d(|x, y, coverage| {
        let (x, y) = (x0 as i64 + i64::from(x), y0 as i64 + i64::from(y));
        canvas.blend(x, y, coverage.min(1.0), colour);
    });
}
