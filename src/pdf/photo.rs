//! PDF stage, the photo: a [`PhotoBox`] at its place → the image on a krilla surface,
//! covering its box, cut to its shape, with its border.
//!
//! A JPEG goes into the PDF as it is (krilla writes its bytes with `/DCTDecode`), turned
//! upright by the transform it is drawn with; a PNG, as the pixels it decoded to. A photo
//! with far more pixels than its box shows at [`MAX_PRINTED_PPI`] goes in smaller
//! ([`Photo::at_most`]).

use crate::photo::{MAX_PRINTED_PPI, Photo};

use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{FillRule, Stroke};
use krilla::surface::Surface;

use super::PdfError;
use crate::compose::PhotoBox;
use crate::photo::PhotoFormat;
use crate::style::PhotoShape;

/// How far in a rounded square's corners are rounded, as a share of its width.
const CORNER: f32 = 0.12;

/// Draw a photo with its box's top-left corner at (`left`, `top`).
pub fn draw(surface: &mut Surface, left: f32, top: f32, b: &PhotoBox) -> Result<(), PdfError> {
    // The photo covers its box: scaled until both sides fill it, centred, the rest cut.
    let scale = (b.width / b.photo.width as f32).max(b.height / b.photo.height as f32);
    let pixels = |side: u32| (side as f32 * scale * MAX_PRINTED_PPI / 72.0).ceil() as u32;
    let smaller = b.photo.at_most(pixels(b.photo.width), pixels(b.photo.height));
    let photo: &Photo = smaller.as_ref().unwrap_or(&b.photo);
    let image = match photo.format {
        PhotoFormat::Jpeg => Image::from_jpeg(photo.bytes.clone().into(), true)
            .map_err(|e| PdfError::Other(format!("the photo cannot be embedded: {e}")))?,
        PhotoFormat::Png => Image::from_rgba8(photo.pixels.to_vec(), photo.width, photo.height),
    };
    let Some(outline) = outline(b.shape, left, top, b.width, b.height) else { return Ok(()) };
    let (width, height) = (b.photo.width as f32 * scale, b.photo.height as f32 * scale);
    let (x, y) = (left + (b.width - width) / 2.0, top + (b.height - height) / 2.0);
    let [sx, ky, kx, sy, tx, ty] = photo.upright_transform();
    // The stored image, drawn in the unit square, turned upright, then onto the page.
    let upright = Transform::from_row(sx, ky, kx, sy, tx, ty);
    let place = Transform::from_row(width, 0.0, 0.0, height, x, y);
    surface.push_clip_path(&outline, &FillRule::NonZero);
    surface.push_transform(&place);
    surface.push_transform(&upright);
    if let Some(unit) = Size::from_wh(1.0, 1.0) {
        surface.draw_image(image, unit);
    }
    surface.pop();
    surface.pop();
    surface.pop();
    if b.border > 0.0 {
        let (r, g, bl) = (b.border_colour.0, b.border_colour.1, b.border_colour.2);
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(r, g, bl).into(),
            width: b.border,
            opacity: NormalizedF32::ONE,
            ..Stroke::default()
        }));
        surface.draw_path(&outline);
        surface.set_stroke(None);
    }
    Ok(())
}

/// The outline of a box of `shape`.
pub fn outline(shape: PhotoShape, x: f32, y: f32, width: f32, height: f32) -> Option<Path> {
    let mut path = PathBuilder::new();
    let radius = match shape {
        PhotoShape::Circle => Some(width.min(height) / 2.0),
        PhotoShape::Rounded => Some(CORNER * width.min(height)),
        PhotoShape::Square | PhotoShape::AsIs => None,
    };
    match radius {
        Some(r) => {
            // Each corner a quarter circle of radius r, drawn as a cubic (κ = 0.5523); a
            // circle is four corners.
            let k = r * (1.0 - 0.552_284_8);
            let (right, bottom) = (x + width, y + height);
            path.move_to(x + r, y);
            path.line_to(right - r, y);
            path.cubic_to(right - k, y, right, y + k, right, y + r);
            path.line_to(right, bottom - r);
            path.cubic_to(right, bottom - k, right - k, bottom, right - r, bottom);
            path.line_to(x + r, bottom);
            path.cubic_to(x + k, bottom, x, bottom - k, x, bottom - r);
            path.line_to(x, y + r);
            path.cubic_to(x, y + k, x + k, y, x + r, y);
            path.close();
        }
        None => path.push_rect(krilla::geom::Rect::from_xywh(x, y, width, height)?),
    }
    path.finish()
}
