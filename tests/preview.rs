//! The PNG previews of `build --png`, held against poppler's rendering of the same PDF
//! (`pdftoppm`, which the test needs): the same size, nearly the same pixels, and the
//! same ink band by band down the page, so a missing line of text or rule shows.

mod common;

use std::ops::Range;
use std::path::{Path, PathBuf};

use common::*;

const DPI: &str = "72";

// Tolerances. The examples in every preset at 72 dpi (pages 1 and 2) measured, against
// poppler 22.12:
// - mean difference per channel: 0.84 to 3.06 levels;
// - pixels with a channel more than 96 levels apart: 0 to 0.53 %, mostly on rules;
// - ink per band of text, preview over poppler: 0.988 to 1.035;
// - ink per thin band (a rule, at most 3 rows): 0.399 to 0.603, the rule's thickness in
//   pixels: poppler snaps a thin filled rectangle to whole pixels (stroke adjustment),
//   the preview shades the pixels it partly covers;
// - first and last inked column per band: at most 1 pixel apart.
// Checked by breaking the renderer on purpose: with the rules left out every page that
// has one fails, and with one line of text per page left out every page fails.
const MEAN_DIFFERENCE: f64 = 4.5;
const DIFFERING_PERCENT: f64 = 1.0;
const TEXT_INK: Range<f64> = 0.95..1.08;
const RULE_INK: Range<f64> = 0.3..1.1;
/// Bands of at most this many rows hold a rule (text is taller at 72 dpi).
const RULE_ROWS: usize = 3;
const EDGE_PIXELS: usize = 2;

/// Levels apart for a pixel to count as differing.
const DIFFERING: u8 = 96;
/// A pixel greyer than this is inked: it shows text or a rule, if faintly.
const INKED: f64 = 224.0;

#[test]
fn liu_previews_match_poppler() {
    compare_with_poppler("liu");
}

#[test]
fn luo_previews_match_poppler() {
    compare_with_poppler("luo");
}

/// Build the example in every preset with previews and hold pages 1 and 2 against
/// poppler's rendering. Measurements are printed (`--nocapture`) to tune the tolerances.
fn compare_with_poppler(name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for layout in PRESETS {
        let (pdf, previews) = build_with_previews(name, layout, dir.path());
        for (index, preview) in previews.iter().enumerate().take(2) {
            let page = index + 1;
            let ours = Image::read(preview);
            let theirs = pdftoppm(&pdf, page, dir.path());
            let what = format!("{name} {layout} page {page}");
            failures
                .extend(compare(&ours, &theirs, &what).into_iter().map(|f| format!("{what}: {f}")));
        }
    }
    assert!(
        failures.is_empty(),
        "previews differ from poppler's rendering:\n{}",
        failures.join("\n")
    );
}

/// Every way `ours` differs from `theirs` beyond the tolerances.
fn compare(ours: &Image, theirs: &Image, what: &str) -> Vec<String> {
    if (ours.width, ours.height) != (theirs.width, theirs.height) {
        return vec![format!(
            "{} × {} pixels, poppler {} × {}",
            ours.width, ours.height, theirs.width, theirs.height
        )];
    }
    let mut failures = Vec::new();
    let (mean, differing) = difference(ours, theirs);
    eprintln!("{what}: mean difference {mean:.2}, {differing:.2} % differing");
    if mean >= MEAN_DIFFERENCE {
        failures.push(format!("mean difference {mean:.2} levels"));
    }
    if differing >= DIFFERING_PERCENT {
        failures.push(format!("{differing:.2} % of the pixels more than {DIFFERING} apart"));
    }
    for rows in bands(ours, theirs) {
        let ratio = ours.ink(&rows) / theirs.ink(&rows).max(1.0);
        let expected = if rows.len() <= RULE_ROWS { RULE_INK } else { TEXT_INK };
        if !expected.contains(&ratio) {
            failures.push(format!("rows {rows:?}: {ratio:.3} times poppler's ink"));
        }
        let (a, b) = (ours.inked_columns(&rows), theirs.inked_columns(&rows));
        let apart = match (&a, &b) {
            (Some(a), Some(b)) => a.start.abs_diff(b.start).max(a.end.abs_diff(b.end)),
            _ => usize::MAX,
        };
        if apart > EDGE_PIXELS {
            failures.push(format!("rows {rows:?}: ink across columns {a:?}, poppler {b:?}"));
        }
    }
    failures
}

/// Mean difference per channel, and the percentage of pixels with a channel more than
/// [`DIFFERING`] levels apart.
fn difference(a: &Image, b: &Image) -> (f64, f64) {
    let total: u64 = a.rgb.iter().zip(&b.rgb).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    let differing = a
        .rgb
        .chunks_exact(3)
        .zip(b.rgb.chunks_exact(3))
        .filter(|(p, q)| p.iter().zip(*q).any(|(x, y)| x.abs_diff(*y) > DIFFERING))
        .count();
    let pixels = (a.width * a.height) as f64;
    (total as f64 / (pixels * 3.0), 100.0 * differing as f64 / pixels)
}

/// Runs of rows with ink in either image, each a line of text or a rule (or a few close
/// together), separated by rows blank in both.
fn bands(a: &Image, b: &Image) -> Vec<Range<usize>> {
    let inked = |y: usize| a.row_has(y, INKED) || b.row_has(y, INKED);
    let mut bands = Vec::new();
    let mut start = None;
    for y in 0..=a.height {
        match (start, y < a.height && inked(y)) {
            (None, true) => start = Some(y),
            (Some(s), false) => {
                bands.push(s..y);
                start = None;
            }
            _ => {}
        }
    }
    bands
}

/// An 8-bit RGB image.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Image {
    fn read(path: &Path) -> Image {
        let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buffer).unwrap();
        let samples = info.color_type.samples();
        let rgb = buffer[..info.buffer_size()]
            .chunks_exact(samples)
            .flat_map(|p| if samples < 3 { [p[0]; 3] } else { [p[0], p[1], p[2]] })
            .collect();
        Image { width: info.width as usize, height: info.height as usize, rgb }
    }

    fn grey(&self, x: usize, y: usize) -> f64 {
        let at = (y * self.width + x) * 3;
        self.rgb[at..at + 3].iter().map(|&v| f64::from(v)).sum::<f64>() / 3.0
    }

    fn row_has(&self, y: usize, darker_than: f64) -> bool {
        (0..self.width).any(|x| self.grey(x, y) < darker_than)
    }

    /// Darkness summed over the rows.
    fn ink(&self, rows: &Range<usize>) -> f64 {
        rows.clone()
            .flat_map(|y| (0..self.width).map(move |x| (x, y)))
            .map(|(x, y)| 255.0 - self.grey(x, y))
            .sum()
    }

    /// The columns from the leftmost to the rightmost inked pixel in the rows.
    fn inked_columns(&self, rows: &Range<usize>) -> Option<Range<usize>> {
        let dark = |x: usize| rows.clone().any(|y| self.grey(x, y) < INKED);
        let first = (0..self.width).find(|&x| dark(x))?;
        let last = (0..self.width).rev().find(|&x| dark(x))?;
        Some(first..last + 1)
    }
}

/// Build an example with `--png` into `dir`: the PDF and its previews, one per page.
fn build_with_previews(name: &str, layout: &str, dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let pdf = dir.join(format!("{name}-{layout}.pdf"));
    let result = cvpdf(&[
        "build",
        example(name).to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--layout",
        layout,
        "--png",
        "--png-dpi",
        DPI,
    ]);
    assert!(
        result.status.success(),
        "building {name} with {layout} failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    let preview = |page: usize| dir.join(format!("{name}-{layout}-{page}.png"));
    assert!(!preview(pages + 1).exists(), "a preview past the last page");
    let previews: Vec<PathBuf> = (1..=pages).map(preview).collect();
    for path in &previews {
        assert!(path.exists(), "no preview {}", path.display());
    }
    (pdf, previews)
}

/// Poppler's rendering of one page.
fn pdftoppm(pdf: &Path, page: usize, dir: &Path) -> Image {
    let stem = dir.join(format!("poppler-{page}"));
    let page = page.to_string();
    let args = ["-png", "-r", DPI, "-f", &page, "-l", &page, "-singlefile"];
    tool("pdftoppm", &[&args[..], &[pdf.to_str().unwrap(), stem.to_str().unwrap()]].concat());
    Image::read(&stem.with_extension("png"))
}
