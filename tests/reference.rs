//! Reference images: page 1 of both examples in every preset, rendered by the `--png`
//! preview at a low resolution, held against the images committed in
//! `tests/reference/`, so that a change to how a page looks shows in review.
//!
//! A page that differs fails the test and is written beside the test's temporary folder
//! for a look. When the change is meant, accept it by writing the images anew:
//!
//! ```sh
//! CVPDF_UPDATE_REFERENCES=1 cargo test --test reference
//! ```
//!
//! The preview is cvpdf's own renderer, with no antialiasing that depends on the machine:
//! the same PDF gives the same pixels. The tolerance only absorbs last-bit differences of
//! floating point between machines; a word moved, a rule or a line missing is far over it.

mod common;

use std::path::PathBuf;

use common::*;
use cvpdf::diag::Source;

/// Low enough that the images stay small (about 45 KB each), high enough that a
/// moved word changes hundreds of pixels.
const DPI: f32 = 50.0;

/// Levels a channel may differ by before the pixel counts as changed.
const LEVELS: u8 = 24;
/// Changed pixels a page may have: a few, for floating-point differences on an edge.
const CHANGED_PIXELS: usize = 20;

fn reference(name: &str, preset: &str) -> PathBuf {
    repo().join("tests/reference").join(format!("{name}-{preset}.png"))
}

fn page_one(name: &str, preset: &str) -> Vec<u8> {
    let source = Source::new(
        format!("{name}.yaml"),
        std::fs::read_to_string(example(name)).expect("the example"),
    );
    let options =
        cvpdf::Options { layout: preset.into(), png_dpi: Some(DPI), ..cvpdf::Options::default() };
    let output = cvpdf::build(&source, &options).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    output.pngs.into_iter().next().expect("a page")
}

/// Width, height and RGB pixels of a PNG.
fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let samples = info.color_type.samples();
    let rgb = buffer[..info.buffer_size()]
        .chunks_exact(samples)
        .flat_map(|p| if samples < 3 { [p[0]; 3] } else { [p[0], p[1], p[2]] })
        .collect();
    (info.width, info.height, rgb)
}

/// The image in grey levels, compressed as well as the encoder can: the committed
/// references stay small (some 45 KB). A change of colour shows as a change of grey.
fn compact(png: &[u8]) -> Vec<u8> {
    let (width, height, rgb) = pixels(png);
    let grey: Vec<u8> = rgb.chunks_exact(3).map(luma).collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().expect("a PNG header");
    writer.write_image_data(&grey).expect("the pixels");
    writer.finish().expect("a PNG");
    bytes
}

/// Rec. 601 luma of an RGB pixel.
fn luma(p: &[u8]) -> u8 {
    ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]) + 500) / 1000) as u8
}

/// How many pixels of `ours` differ in grey from the reference, or why they cannot be
/// compared.
fn changed(ours: &[u8], reference: &[u8]) -> Result<usize, String> {
    let (w, h, a) = pixels(ours);
    let (rw, rh, b) = pixels(reference);
    if (w, h) != (rw, rh) {
        return Err(format!("{w} × {h} pixels, the reference {rw} × {rh}"));
    }
    // The reference is stored in grey: decoded, each level is repeated three times.
    let grey = a.chunks_exact(3).map(luma);
    Ok(grey.zip(b.chunks_exact(3)).filter(|(p, q)| p.abs_diff(q[0]) > LEVELS).count())
}

#[test]
fn page_one_of_every_preset_looks_as_it_did() {
    let update = std::env::var_os("CVPDF_UPDATE_REFERENCES").is_some();
    let out = std::env::temp_dir().join(format!("cvpdf-reference-{}", std::process::id()));
    let mut failures = Vec::new();
    let mut compared = 0;
    for name in EXAMPLES {
        for preset in PRESETS {
            let ours = page_one(name, preset);
            let path = reference(name, preset);
            if update {
                std::fs::write(&path, compact(&ours)).expect("the reference folder");
                continue;
            }
            let theirs = std::fs::read(&path).unwrap_or_else(|_| {
                panic!("{} is missing: write it with CVPDF_UPDATE_REFERENCES=1", path.display())
            });
            compared += 1;
            match changed(&ours, &theirs) {
                Ok(n) if n <= CHANGED_PIXELS => {}
                found => {
                    std::fs::create_dir_all(&out).expect("a temporary folder");
                    let seen = out.join(format!("{name}-{preset}.png"));
                    std::fs::write(&seen, &ours).expect("a temporary file");
                    let what = match found {
                        Ok(n) => format!("{n} pixels changed"),
                        Err(e) => e,
                    };
                    failures.push(format!("{name} in {preset}: {what} (now: {})", seen.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "pages that look different:\n{}", failures.join("\n"));
    if !update {
        assert_eq!(compared, EXAMPLES.len() * PRESETS.len());
    }
    // Every committed image belongs to a preset and example still there.
    let committed = std::fs::read_dir(repo().join("tests/reference")).expect("the folder").count();
    assert_eq!(committed, EXAMPLES.len() * PRESETS.len(), "stale images in tests/reference");
}
