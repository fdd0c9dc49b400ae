//! Preview stage, the photo: a [`PhotoBox`] → its pixels on the canvas, as the PDF
//! stage draws it: covering its box, cut to its shape, with its border.
//!
//! Each canvas pixel takes the average of the photo's pixels under it (a photo is
//! usually many times finer than a preview), and its share of the shape's area from the
//! distance of its centre to the outline.

use super::canvas::Canvas;
use crate::compose::PhotoBox;
use crate::style::{PhotoShape, Rgb};

/// How far in a rounded square's corners are rounded, as a share of its width (as in
/// the PDF stage).
const CORNER: f32 = 0.12;

/// Paint a photo whose box's top-left corner is at (`left`, `top`) points, at `scale`
/// pixels a point.
pub(super) fn draw(canvas: &mut Canvas, left: f32, top: f32, b: &PhotoBox, scale: f32) {
    let photo = &b.photo;
    let (pw, ph) = (photo.width as usize, photo.height as usize);
    // In pixels of the canvas: the box, and the photo covering it, centred.
    let (x0, y0, w, h) = (left * scale, top * scale, b.width * scale, b.height * scale);
    let per = (w / pw as f32).max(h / ph as f32);
    let (ox, oy) = (x0 + (w - pw as f32 * per) / 2.0, y0 + (h - ph as f32 * per) / 2.0);
    let half_border = b.border * scale / 2.0;
    let outset = half_border.ceil() as i64 + 1;
    for y in (y0.floor() as i64 - outset)..((y0 + h).ceil() as i64 + outset) {
        for x in (x0.floor() as i64 - outset)..((x0 + w).ceil() as i64 + outset) {
            let (cx, cy) = (x as f32 + 0.5 - x0, y as f32 + 0.5 - y0);
            let inside = distance(b.shape, cx, cy, w, h);
            let coverage = (0.5 - inside).clamp(0.0, 1.0);
            if coverage > 0.0 {
                // The photo's pixels under this one: [u0, u1) × [v0, v1).
                let span = |from: f32, origin: f32, count: usize| {
                    let a = ((from - origin) / per).floor().clamp(0.0, count as f32 - 1.0);
                    let b = ((from + 1.0 - origin) / per).ceil().clamp(a + 1.0, count as f32);
                    (a as usize, b as usize)
                };
                let ((u0, u1), (v0, v1)) = (span(x as f32, ox, pw), span(y as f32, oy, ph));
                let mut sum = [0u64; 4];
                for v in v0..v1 {
                    for u in u0..u1 {
                        let at = (v * pw + u) * 4;
                        let alpha = u64::from(photo.pixels[at + 3]);
                        for (c, total) in sum.iter_mut().take(3).enumerate() {
                            *total += u64::from(photo.pixels[at + c]) * alpha;
                        }
                        sum[3] += alpha;
                    }
                }
                let count = ((u1 - u0) * (v1 - v0)) as f32;
                if sum[3] > 0 {
                    let channel = |c: usize| (sum[c] / sum[3]) as u8;
                    let opacity = sum[3] as f32 / 255.0 / count;
                    canvas.blend(x, y, coverage * opacity, Rgb(channel(0), channel(1), channel(2)));
                }
            }
            if half_border > 0.0 {
                let ring = (half_border + 0.5 - inside.abs()).clamp(0.0, 1.0);
                canvas.blend(x, y, ring, b.border_colour);
            }
        }
    }
}

/// How far (x, y) is outside the outline of a `w` × `h` box of `shape` (negative inside).
fn distance(shape: PhotoShape, x: f32, y: f32, w: f32, h: f32) -> f32 {
    let (dx, dy) = ((x - w / 2.0).abs(), (y - h / 2.0).abs());
    let rounded = |r: f32| {
        let (qx, qy) = (dx - (w / 2.0 - r), dy - (h / 2.0 - r));
        qx.max(0.0).hypot(qy.max(0.0)) + qx.max(qy).min(0.0) - r
    };
    match shape {
        PhotoShape::Circle => dx.hypot(dy) - w.min(h) / 2.0,
        PhotoShape::Rounded => rounded(CORNER * w.min(h)),
        PhotoShape::Square | PhotoShape::AsIs => (dx - w / 2.0).max(dy - h / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_is_at_distance_zero() {
        let d = |shape, x, y| distance(shape, x, y, 10.0, 10.0);
        assert_eq!(d(PhotoShape::Square, 0.0, 5.0), 0.0);
        assert_eq!(d(PhotoShape::Circle, 5.0, 0.0), 0.0);
        assert!(d(PhotoShape::Circle, 0.5, 0.5) > 0.0, "a circle's corners are outside");
        assert!(d(PhotoShape::Rounded, 0.1, 0.1) > 0.0, "so are a rounded square's");
        assert!(d(PhotoShape::Rounded, 5.0, 0.1) < 0.0);
    }
}
