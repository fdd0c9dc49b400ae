//! Preview stage, canvas: an RGB page on white paper, painted by coverage, encoded as PNG.

use crate::style::Rgb;

/// A page of 8-bit RGB pixels, rows top to bottom.
pub(super) struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Canvas {
    /// A blank page: white, as a PDF viewer shows paper.
    pub(super) fn new(width: usize, height: usize) -> Self {
        Canvas { width, height, pixels: vec![255; width * height * 3] }
    }

    /// Lay `colour` over pixel (x, y) at `coverage` (0 to 1), blending in sRGB values as
    /// PDF renderers do for DeviceRGB. Pixels off the page are ignored.
    pub(super) fn blend(&mut self, x: i64, y: i64, coverage: f32, colour: Rgb) {
        let (Ok(x), Ok(y)) = (usize::try_from(x), usize::try_from(y)) else { return };
        if x >= self.width || y >= self.height {
            return;
        }
        let at = (y * self.width + x) * 3;
        for (channel, value) in
            self.pixels[at..at + 3].iter_mut().zip([colour.0, colour.1, colour.2])
        {
            let (from, to) = (f32::from(*channel), f32::from(value));
            *channel = (from + (to - from) * coverage).round() as u8;
        }
    }

    /// Fill the rectangle [x0, x1) × [y0, y1) (pixels, fractional), edge pixels by the
    /// share of them it covers.
    pub(super) fn fill_rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, colour: Rgb) {
        for y in y0.floor() as i64..y1.ceil() as i64 {
            let cover_y = overlap(y, y0, y1);
            for x in x0.floor() as i64..x1.ceil() as i64 {
                self.blend(x, y, cover_y * overlap(x, x0, x1), colour);
            }
        }
    }

    #[cfg(test)]
    pub(super) fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let at = (y * self.width + x) * 3;
        [self.pixels[at], self.pixels[at + 1], self.pixels[at + 2]]
    }

    /// The page as PNG file bytes, stamped with its resolution. No time or other
    /// varying chunk is written: the same page always gives the same bytes.
    pub(super) fn encode_png(&self, dpi: f32) -> Result<Vec<u8>, String> {
        let error = |e: png::EncodingError| format!("cannot encode the PNG preview ({e})");
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width as u32, self.height as u32);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let per_metre = (dpi / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header().map_err(error)?;
        writer.write_image_data(&self.pixels).map_err(error)?;
        writer.finish().map_err(error)?;
        Ok(bytes)
    }
}

/// How much of the unit cell [cell, cell + 1) the span [a, b) covers.
fn overlap(cell: i64, a: f32, b: f32) -> f32 {
    let cell = cell as f32;
    (b.min(cell + 1.0) - a.max(cell)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectangles_cover_edge_pixels_partly() {
        let mut canvas = Canvas::new(4, 4);
        canvas.fill_rect(1.0, 1.5, 3.0, 2.0, Rgb(0, 0, 0));
        assert_eq!(canvas.pixel(0, 1), [255; 3]);
        assert_eq!(canvas.pixel(1, 1), [128; 3]);
        assert_eq!(canvas.pixel(2, 1), [128; 3]);
        assert_eq!(canvas.pixel(1, 2), [255; 3]);
    }

    #[test]
    fn blending_mixes_towards_the_colour() {
        let mut canvas = Canvas::new(1, 1);
        canvas.blend(0, 0, 1.0, Rgb(10, 20, 30));
        assert_eq!(canvas.pixel(0, 0), [10, 20, 30]);
        canvas.blend(5, 0, 1.0, Rgb(0, 0, 0));
        canvas.blend(0, -1, 1.0, Rgb(0, 0, 0));
        assert_eq!(canvas.pixel(0, 0), [10, 20, 30]);
    }
}
