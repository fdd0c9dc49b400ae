//! Inputs that once crashed a fuzz target or failed a property test, replayed with the
//! same checks (docs/reliability.md), together with the repository's own inputs that
//! `fuzz/run.sh` seeds each target with (examples and fixtures, layouts, PDFs), so that
//! every check runs on real cases even while a target has found nothing. Each folder of
//! `tests/regressions/` belongs to one fuzz target (`fuzz/fuzz_targets/`):
//!
//! - `read/`: any bytes, read as every format: no panic; a file that reads converts to
//!   the native format and reads back as the same résumé;
//! - `markup/`: any text: parsing never panics, and escaped text reads back as itself;
//! - `layout/`: a layout file: no panic; one that resolves lays out `everything.yaml`;
//! - `build/`: a résumé (the YAML the `build_model` target writes, or one a property test
//!   found): builds in every preset, with at most one page in `one-page`.
//! - `extract/`: any bytes, as a PDF for `cvpdf extract`: no panic; every file read back
//!   has a plain file name.

mod common;

use std::path::PathBuf;

use common::*;
use cvpdf::diag::{Severity, Source};
use cvpdf::model::{self, Format, markup};

/// The seeds of one fuzz target and the files of `tests/regressions/TARGET`, sorted.
/// Fails when there are none: a check that runs no case proves nothing.
fn inputs(target: &str, seeds: &[(&str, &str)]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut folders: Vec<(PathBuf, &str)> =
        seeds.iter().map(|(folder, ext)| (repo().join(folder), *ext)).collect();
    folders.push((repo().join("tests/regressions").join(target), ""));
    let mut files = Vec::new();
    for (dir, ext) in folders {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for path in entries.map(|e| e.unwrap().path()) {
            if path.is_file() && (ext.is_empty() || path.extension().is_some_and(|e| e == ext)) {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no inputs for {target}");
    files.into_iter().map(|p| (p.clone(), std::fs::read(p).unwrap())).collect()
}

/// As [`inputs`], the ones that are UTF-8 (fuzz inputs need not be; the targets skip
/// what is not).
fn texts(target: &str, seeds: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
    let texts: Vec<_> = inputs(target, seeds)
        .into_iter()
        .filter_map(|(p, bytes)| Some((p, String::from_utf8(bytes).ok()?)))
        .collect();
    assert!(!texts.is_empty(), "no text inputs for {target}");
    texts
}

/// What `fuzz/run.sh` seeds the `read` target with.
const READ_SEEDS: [(&str, &str); 4] = [
    ("examples", "yaml"),
    ("tests/fixtures/jsonresume", "json"),
    ("tests/fixtures/jsonresume/examples", "json"),
    ("tests/fixtures/rendercv", "yaml"),
];

/// The résumé's debug form without byte offsets, which differ between two files.
fn without_offsets(resume: &model::Resume) -> String {
    let debug = format!("{resume:?}");
    let mut out = String::new();
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("origin: ") {
        out.push_str(&rest[..i + 8]);
        rest = rest[i + 8..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

#[test]
fn read_inputs_never_panic_and_convert_back_to_the_same_resume() {
    let mut seeds = 0;
    for (path, text) in texts("read", &READ_SEEDS) {
        // `wrong-type` is the fixture of an error message: it must not read.
        let seed = !path.starts_with(repo().join("tests/regressions"))
            && !path.to_string_lossy().contains("wrong-type");
        seeds += usize::from(seed);
        let name =
            if path.extension().is_some_and(|e| e == "json") { "case.json" } else { "case.yaml" };
        // The repository's own résumés read as what they are.
        if seed {
            let source = Source::new(name, text.as_str());
            if let Err(d) = model::read(&source, None) {
                panic!("{}: {}", path.display(), d.message);
            }
        }
        for (name, format) in [
            ("case.yaml", None),
            ("case.yaml", Some(Format::Cvpdf)),
            ("case.json", Some(Format::Jsonresume)),
            ("case.yaml", Some(Format::Rendercv)),
        ] {
            let source = Source::new(name, text.as_str());
            match model::read(&source, format) {
                Err(d) => {
                    source.report(&d, Severity::Error);
                }
                Ok(loaded) => {
                    let (native, _) = model::import::to_native(&source, loaded.format)
                        .unwrap_or_else(|d| panic!("{}: {}", path.display(), d.message));
                    let again = model::read(&Source::new("c.yaml", native.as_str()), None)
                        .unwrap_or_else(|d| panic!("{}: {}\n{native}", path.display(), d.message));
                    let (mut a, mut b) = (loaded.resume, again.resume);
                    (a.paper, b.paper) = (None, None);
                    // The file's join of a degree to its area goes into the layout block.
                    if let Some(join) = &a.degree_join {
                        let line = format!("\n    degree-join: {join:?}\n");
                        assert!(native.contains(&line), "{}: {native}", path.display());
                    }
                    (a.degree_join, b.degree_join) = (None, None);
                    // Where the photo's path is written differs between the files.
                    let photo = |r: &model::Resume| r.photo.as_ref().map(|p| p.path.clone());
                    assert_eq!(photo(&a), photo(&b), "{}", path.display());
                    (a.photo, b.photo) = (None, None);
                    assert_eq!(without_offsets(&a), without_offsets(&b), "{}", path.display());
                }
            }
        }
    }
    assert!(seeds >= 16, "{seeds} seeds");
}
#[test]
fn markup_inputs_never_panic_and_escaped_text_reads_back() {
    for (path, text) in texts("markup", &[]) {
        let _ = markup::parse(&text);
        let _ = markup::paragraphs(&text);
        // Normalising is idempotent (the fuzzer's `//\0<`: a protocol-relative link whose
        // host was not checked for invisible characters until it had a scheme).
        if let Ok(url) = markup::normalize_url(&text) {
            assert_eq!(markup::normalize_url(&url), Ok(url.clone()), "{}", path.display());
        }
        let spans = markup::parse(&markup::escape(&text))
            .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message));
        let plain: String = spans.iter().map(|s| s.text.as_str()).collect();
        let expected = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(plain, expected, "{}", path.display());
    }
}

#[test]
fn extract_inputs_never_panic_and_names_stay_plain() {
    let mut attached = 0;
    for (path, bytes) in inputs("extract", &[("tests/fixtures/pdf", "pdf")]) {
        let files = cvpdf::pdf::attached::attached_files(&bytes).unwrap_or_default();
        // The fixtures each carry `cv.yaml` (tests/fixtures/pdf/README.md).
        if path.starts_with(repo().join("tests/fixtures")) {
            assert!(files.iter().any(|f| f.name == "cv.yaml"), "{}", path.display());
            attached += 1;
        }
        for file in files {
            let name = file.name.as_str();
            assert!(
                !name.contains(['/', '\\']) && name != ".." && !name.is_empty(),
                "{}: {name:?}",
                path.display()
            );
        }
    }
    assert!(attached >= 2);
}

#[test]
fn layout_inputs_never_panic() {
    let everything = std::fs::read_to_string(repo().join("tests/regressions/everything.yaml"));
    let resume = Source::new("everything.yaml", everything.unwrap());
    let mut presets = 0;
    for (path, text) in texts("layout", &[("layouts", "yaml")]) {
        let source = Source::new("fuzz/layout.yaml", text);
        let built = cvpdf::style::from_source(&source)
            .ok()
            .and_then(|style| cvpdf::build_with_style(&resume, &style, None).ok());
        if let Some(output) = &built {
            assert!(output.pdf.starts_with(b"%PDF-"), "{}", path.display());
        }
        // The presets themselves must build; a fuzz input need only not panic.
        if path.starts_with(repo().join("layouts")) {
            assert!(built.is_some(), "{}", path.display());
            presets += 1;
        }
    }
    // Every preset, and base.yaml.
    assert_eq!(presets, PRESETS.len() + 1);
}

#[test]
fn build_inputs_build_in_every_preset() {
    for (path, text) in texts("build", &[]) {
        let source = Source::new(path.display().to_string(), text);
        for preset in PRESETS {
            let options = cvpdf::Options { layout: preset.into(), ..cvpdf::Options::default() };
            let output = cvpdf::build(&source, &options).unwrap_or_else(|e| {
                panic!("{} with {preset}: {e:?}", path.display());
            });
            assert!(output.pages >= 1);
            if let Some(pages) = output.fit_pages {
                assert!(output.pages <= pages, "{} with {preset}", path.display());
            }
        }
    }
}

/// Setting a line looked for the pieces of each of its words among all the pieces of the
/// paragraph: quadratic in the paragraph's length. A 1.2 MB paragraph (150,000 words,
/// within the 4 MB a file may have) took over two minutes unoptimised; linear, it takes
/// seconds.
#[test]
fn a_very_long_paragraph_lays_out_in_linear_time() {
    let words = ["the", "engineer", "built", "systems", "internationalization", "café"];
    let text: Vec<&str> = (0..150_000).map(|i| words[(i * 7 + i / 5) % words.len()]).collect();
    let yaml = format!("name: A\nsummary: \"{}\"\n", text.join(" "));
    let resume = model::load(&Source::new("long.yaml", yaml)).unwrap();
    let style = cvpdf::style::resolve("detailed").unwrap();
    let started = std::time::Instant::now();
    let laid = cvpdf::typeset::lay_out(&resume, &style, &cvpdf::font::FontBook::default()).unwrap();
    let seconds = started.elapsed().as_secs_f32();
    assert!(laid.document.pages.len() > 100);
    assert!(seconds < 60.0, "{seconds:.1} s");
}
