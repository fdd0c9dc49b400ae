//! Photo: the bytes of a résumé's photo file → a checked [`Photo`] (JPEG or PNG, its
//! size, its pixels upright), bounded before anything is decoded.
//!
//! A photo comes with the résumé, so it is as hostile as the résumé: a file that is not
//! an image, a truncated one, or one whose header claims 100,000 × 100,000 pixels (a few
//! bytes that would make a decoder ask for 40 GB). The checks run in that order: the
//! format from the first bytes, the dimensions from the header alone, then the whole
//! image is decoded strictly, so that a damaged file is an error here, at the résumé's
//! line, and never a grey block in the PDF or a failure while it is written.
//!
//! Phone cameras store a portrait photo sideways and say so in its EXIF orientation; the
//! pixels here are turned upright, and [`Photo::orientation`] tells the PDF stage, which
//! embeds the JPEG as it is (a tenth of the size of its pixels), how to turn it.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use crate::access::Access;
use crate::diag::{Diagnostic, Span};

/// The largest photo file read, in bytes (a 16-megapixel JPEG is about 8 MB).
pub const MAX_PHOTO_BYTES: u64 = 16 * 1024 * 1024;
/// The most pixels a photo may have: 16 megapixels (a phone's 12 fit), 64 MB decoded. A
/// photo printed 5 cm wide is sharp with 600 × 600.
pub const MAX_PIXELS: u64 = 16_000_000;
/// The longest side a photo may have, in pixels.
pub const MAX_SIDE: u32 = 8192;
/// The most pixels an inch of a photo keeps where it is printed: paper shows no more, and
/// a phone's photo as it is would make a résumé of megabytes.
pub const MAX_PRINTED_PPI: f32 = 300.0;

/// The file formats a photo may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    Jpeg,
    Png,
}

/// A photo that decoded whole.
#[derive(Clone, PartialEq, Eq)]
pub struct Photo {
    pub format: PhotoFormat,
    /// The file as it was read: the PDF embeds a JPEG as it is.
    pub bytes: Arc<Vec<u8>>,
    /// The size upright, in pixels.
    pub width: u32,
    pub height: u32,
    /// The pixels upright, RGBA, row by row (for PNG photos in the PDF and previews).
    pub pixels: Arc<Vec<u8>>,
    /// How the stored image turns upright (EXIF orientation, 1 to 8; 1 is as stored).
    pub orientation: u8,
}

impl std::fmt::Debug for Photo {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Photo({:?}, {} × {} px)", self.format, self.width, self.height)
    }
}

/// Why a photo cannot be used: a message and a hint for the person who named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoError {
    pub message: String,
    pub hint: String,
}

fn error(message: impl Into<String>, hint: impl Into<String>) -> PhotoError {
    PhotoError { message: message.into(), hint: hint.into() }
}

/// Read, check and decode the photo file `name`, written at `span` in a file of `folder`
/// (the résumé's).
pub fn load(name: &str, span: Span, folder: &Path, access: &Access) -> Result<Photo, Diagnostic> {
    let shown = if folder == Path::new(".") {
        name.to_string()
    } else {
        folder.join(name).display().to_string()
    };
    let (_, bytes) = access
        .read_within(folder, name, MAX_PHOTO_BYTES)
        .map_err(|denied| denied.diagnostic("photo", &shown, MAX_PHOTO_BYTES).at(span))?;
    Photo::decode(bytes).map_err(|e| Diagnostic::new(e.message).hint(e.hint).at(span))
}

impl Photo {
    /// Check and decode a photo file's bytes.
    pub fn decode(bytes: Vec<u8>) -> Result<Photo, PhotoError> {
        let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            PhotoFormat::Png
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            PhotoFormat::Jpeg
        } else {
            return Err(error(
                "the photo is not a JPEG or PNG image",
                "save the photo as a .jpg or .png file",
            ));
        };
        let (width, height, pixels, orientation) = match format {
            PhotoFormat::Png => decode_png(&bytes)?,
            PhotoFormat::Jpeg => decode_jpeg(&bytes)?,
        };
        let (width, height, pixels) = turn_upright(width, height, pixels, orientation);
        Ok(Photo {
            format,
            bytes: Arc::new(bytes),
            width,
            height,
            pixels: Arc::new(pixels),
            orientation,
        })
    }

    /// This photo with at most `width` × `height` pixels upright, when it has half again
    /// as many or more: its pixels averaged down, a JPEG written again (at quality 90,
    /// upright). `None` when it is small enough as it is: a JPEG loses a little each time
    /// it is written.
    pub fn at_most(&self, width: u32, height: u32) -> Option<Photo> {
        let (w, h) = (self.width as f32, self.height as f32);
        if w <= width as f32 * 1.5 && h <= height as f32 * 1.5 {
            return None;
        }
        let scale = (width as f32 / w).max(height as f32 / h).min(1.0);
        let size = |side: f32| ((side * scale).round() as u32).clamp(1, u16::MAX as u32);
        let (width, height) = (size(w), size(h));
        let pixels = averaged(&self.pixels, (self.width, self.height), (width, height));
        let bytes = match self.format {
            PhotoFormat::Png => Vec::new(),
            PhotoFormat::Jpeg => {
                let rgb: Vec<u8> =
                    pixels.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
                let mut bytes = Vec::new();
                jpeg_encoder::Encoder::new(&mut bytes, 90)
                    .encode(&rgb, width as u16, height as u16, jpeg_encoder::ColorType::Rgb)
                    .ok()?;
                bytes
            }
        };
        Some(Photo {
            format: self.format,
            bytes: Arc::new(bytes),
            width,
            height,
            pixels: Arc::new(pixels),
            orientation: 1,
        })
    }

    /// Height over width, upright.
    pub fn aspect(&self) -> f32 {
        self.height as f32 / self.width as f32
    }

    /// The stored image's size in pixels, before it is turned upright.
    pub fn stored_size(&self) -> (u32, u32) {
        if self.orientation >= 5 { (self.height, self.width) } else { (self.width, self.height) }
    }

    /// The transform that takes the stored image, drawn in the unit square (y down),
    /// onto the unit square upright: `(sx, ky, kx, sy, tx, ty)`, where
    /// x' = sx·x + kx·y + tx and y' = ky·x + sy·y + ty.
    pub fn upright_transform(&self) -> [f32; 6] {
        match self.orientation {
            2 => [-1.0, 0.0, 0.0, 1.0, 1.0, 0.0],
            3 => [-1.0, 0.0, 0.0, -1.0, 1.0, 1.0],
            4 => [1.0, 0.0, 0.0, -1.0, 0.0, 1.0],
            5 => [0.0, 1.0, 1.0, 0.0, 0.0, 0.0],
            6 => [0.0, 1.0, -1.0, 0.0, 1.0, 0.0],
            7 => [0.0, -1.0, -1.0, 0.0, 1.0, 1.0],
            8 => [0.0, -1.0, 1.0, 0.0, 0.0, 1.0],
            _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        }
    }
}

/// RGBA `pixels` of size `from`, averaged down to size `to` (each side no larger): each
/// pixel the mean of the ones it covers. The covered areas tile the image, so this is
/// linear in its pixels.
fn averaged(pixels: &[u8], from: (u32, u32), to: (u32, u32)) -> Vec<u8> {
    let (width, height) = (from.0 as usize, from.1 as usize);
    let (w, h) = (to.0 as usize, to.1 as usize);
    let mut out = Vec::with_capacity(w * h * 4);
    for oy in 0..h {
        let (y0, y1) = (oy * height / h, ((oy + 1) * height / h).max(oy * height / h + 1));
        for ox in 0..w {
            let (x0, x1) = (ox * width / w, ((ox + 1) * width / w).max(ox * width / w + 1));
            let mut sum = [0u32; 4];
            for y in y0..y1 {
                for pixel in pixels[(y * width + x0) * 4..(y * width + x1) * 4].chunks_exact(4) {
                    for (total, value) in sum.iter_mut().zip(pixel) {
                        *total += u32::from(*value);
                    }
                }
            }
            let n = ((y1 - y0) * (x1 - x0)) as u32;
            out.extend(sum.map(|total| ((total + n / 2) / n) as u8));
        }
    }
    out
}

/// Refuse dimensions before a decoder allocates for them.
fn check_size(width: u32, height: u32) -> Result<(), PhotoError> {
    if width == 0 || height == 0 {
        return Err(error("the photo has no pixels", "save the photo again from an image editor"));
    }
    if width > MAX_SIDE || height > MAX_SIDE || width as u64 * height as u64 > MAX_PIXELS {
        return Err(error(
            format!(
                "the photo is {width} × {height} pixels, more than cvpdf reads ({} megapixels, \
                 {MAX_SIDE} on a side)",
                MAX_PIXELS / 1_000_000
            ),
            "scale it down: 600 × 600 pixels print sharp at 5 cm",
        ));
    }
    Ok(())
}

fn damaged(detail: impl std::fmt::Display) -> PhotoError {
    error(
        format!("the photo is damaged: {detail}"),
        "is the file complete? Open it in an image viewer, or export it again",
    )
}

type Decoded = (u32, u32, Vec<u8>, u8);

fn decode_png(bytes: &[u8]) -> Result<Decoded, PhotoError> {
    // The size first, from the header chunk (IHDR, the first after the signature), before
    // the decoder reads on.
    if let (Some(width), Some(height)) = (bytes.get(16..20), bytes.get(20..24)) {
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        check_size(be(width), be(height))?;
    }
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    // The header is read first, and its size checked before any pixel is.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    decoder.set_limits(png::Limits { bytes: (MAX_PIXELS * 4) as usize });
    let mut reader = decoder.read_info().map_err(damaged)?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(width, height)?;
    let size = reader.output_buffer_size().ok_or_else(|| damaged("its size overflows"))?;
    let mut data = vec![0; size];
    let frame = reader.next_frame(&mut data).map_err(damaged)?;
    data.truncate(frame.buffer_size());
    let rgba = match frame.color_type {
        png::ColorType::Rgba => data,
        png::ColorType::Rgb => data.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        png::ColorType::GrayscaleAlpha => {
            data.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect()
        }
        png::ColorType::Grayscale => data.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => return Err(damaged("its palette was not expanded")),
    };
    Ok((width, height, rgba, 1))
}

fn decode_jpeg(bytes: &[u8]) -> Result<Decoded, PhotoError> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize)
        .set_strict_mode(true)
        .jpeg_set_out_colorspace(ColorSpace::RGBA);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(Cursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| {
        // Past the sides' limit, the decoder refuses: say so in the words of the others.
        let text = e.to_string();
        if text.contains("width") || text.contains("height") {
            error(
                "the photo is larger than cvpdf reads",
                "scale it down: 600 × 600 pixels print sharp at 5 cm",
            )
        } else {
            damaged(text)
        }
    })?;
    let (width, height) = decoder.dimensions().ok_or_else(|| damaged("it has no image header"))?;
    let (width, height) = (width as u32, height as u32);
    check_size(width, height)?;
    let orientation = decoder.exif().map_or(1, |exif| exif_orientation(exif));
    let pixels = decoder.decode().map_err(damaged)?;
    if pixels.len() != width as usize * height as usize * 4 {
        return Err(damaged("it holds fewer pixels than its header says"));
    }
    Ok((width, height, pixels, orientation))
}

/// The orientation tag (0x0112) of an EXIF block (a TIFF structure after `Exif\0\0`), or
/// 1 when there is none or it cannot be read.
fn exif_orientation(exif: &[u8]) -> u8 {
    let tiff = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    let little = match tiff.get(0..2) {
        Some(b"II") => true,
        Some(b"MM") => false,
        _ => return 1,
    };
    let u16_at = |at: usize| {
        tiff.get(at..at + 2).map(|b| {
            if little { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) }
        })
    };
    let u32_at = |at: usize| {
        tiff.get(at..at + 4).map(|b| {
            let b = [b[0], b[1], b[2], b[3]];
            if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) }
        })
    };
    let Some(ifd) = u32_at(4).map(|o| o as usize) else { return 1 };
    let Some(count) = u16_at(ifd) else { return 1 };
    (0..count as usize)
        .map(|i| ifd + 2 + 12 * i)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
        .filter(|o| (1..=8).contains(o))
        .map_or(1, |o| o as u8)
}

/// Stored RGBA pixels turned upright by an EXIF orientation.
fn turn_upright(width: u32, height: u32, pixels: Vec<u8>, orientation: u8) -> (u32, u32, Vec<u8>) {
    if orientation <= 1 || orientation > 8 {
        return (width, height, pixels);
    }
    let (w, h) = (width as usize, height as usize);
    let (out_w, out_h) = if orientation >= 5 { (h, w) } else { (w, h) };
    let mut out = vec![0; pixels.len()];
    for y in 0..out_h {
        for x in 0..out_w {
            // The stored pixel (u, v) that lands on the upright (x, y).
            let (u, v) = match orientation {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                _ => (w - 1 - y, x),
            };
            let from = (v * w + u) * 4;
            let to = (y * out_w + x) * 4;
            out[to..to + 4].copy_from_slice(&pixels[from..from + 4]);
        }
    }
    (out_w as u32, out_h as u32, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exif_block_says_how_the_photo_turns() {
        // Big-endian TIFF, one IFD entry: orientation (SHORT, 1 value) = 6.
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        exif.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
        assert_eq!(exif_orientation(&exif), 6);
        assert_eq!(exif_orientation(b"Exif\0\0II"), 1);
        assert_eq!(exif_orientation(b""), 1);
    }

    #[test]
    fn turning_upright_moves_each_corner_where_exif_says() {
        // 2 × 1 stored: red, blue. Orientation 6 (turn 90° clockwise): red on top.
        let pixels = vec![255, 0, 0, 255, 0, 0, 255, 255];
        let (w, h, out) = turn_upright(2, 1, pixels.clone(), 6);
        assert_eq!((w, h), (1, 2));
        assert_eq!(&out[..4], &[255, 0, 0, 255]);
        // Orientation 8 (90° anticlockwise): blue on top.
        let (_, _, out) = turn_upright(2, 1, pixels, 8);
        assert_eq!(&out[..4], &[0, 0, 255, 255]);
    }
}
