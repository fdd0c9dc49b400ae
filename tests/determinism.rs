//! Determinism and validity over every résumé the repository has: the examples and the
//! JSON Resume and RenderCV fixtures, in every preset, built as one batch on one thread
//! and again on two. The two batches are byte-identical; every PDF passes `qpdf --check`
//! and embeds every font as a subset; SOURCE_DATE_EPOCH, and only it, dates a PDF.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;

/// Every input that builds: the error fixtures (`wrong-type`) are left out.
fn inputs() -> Vec<PathBuf> {
    let mut inputs = Vec::new();
    for (folder, extension) in [
        ("examples", "yaml"),
        ("tests/fixtures/jsonresume", "json"),
        ("tests/fixtures/jsonresume/examples", "json"),
        ("tests/fixtures/rendercv", "yaml"),
        ("tests/fixtures/scripts", "yaml"),
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == extension))
            .filter(|p| !p.to_string_lossy().contains("wrong-type"))
            .collect();
        files.sort();
        inputs.extend(files);
    }
    assert!(inputs.len() >= 15, "{inputs:?}");
    inputs
}

/// `cvpdf build` of every input in every preset into `dir`, on `jobs` threads.
fn batch(inputs: &[PathBuf], dir: &Path, jobs: usize, extra: &[&str], date: Option<&str>) {
    let _ = std::fs::remove_dir_all(dir);
    let mut command = Command::new(env!("CARGO_BIN_EXE_cvpdf"));
    command
        .arg("build")
        .args(inputs)
        .args(["--layout", &PRESETS.join(","), "--out-dir"])
        .arg(dir)
        .args(["-j", &jobs.to_string()])
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(date) = date {
        command.env("SOURCE_DATE_EPOCH", date);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "batch -j {jobs}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The files of a folder, by name, with their bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn assert_same_files(a: &Path, b: &Path, what: &str) -> usize {
    let (a, b) = (files(a), files(b));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{what}: different files");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{what}: {name} differs");
    }
    a.len()
}

/// The batch on one thread, checked against the batch on two; built once for the tests
/// of this file.
fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
        let inputs = inputs();
        let (one, two) = (root.join("j1"), root.join("j2"));
        batch(&inputs, &one, 1, &[], None);
        batch(&inputs, &two, 2, &[], None);
        let count = assert_same_files(&one, &two, "-j 1 and -j 2");
        assert_eq!(count, inputs.len() * PRESETS.len());
        one
    })
}

#[test]
fn every_input_and_preset_builds_byte_identically_on_one_thread_and_on_two() {
    built();
}

#[test]
fn previews_are_byte_identical_on_one_thread_and_on_two() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism-png");
    let inputs = [example("liu")];
    let (one, two) = (root.join("j1"), root.join("j2"));
    batch(&inputs, &one, 1, &["--png", "--png-dpi", "40"], None);
    batch(&inputs, &two, 2, &["--png", "--png-dpi", "40"], None);
    let count = assert_same_files(&one, &two, "previews -j 1 and -j 2");
    assert!(count > PRESETS.len() * 2, "{count} files");
}

#[test]
fn every_pdf_passes_qpdf_and_embeds_subset_fonts() {
    let dir = built();
    let mut pdfs = 0;
    for (name, _) in files(dir) {
        let path = dir.join(&name);
        let path = path.to_str().unwrap();
        let check = tool("qpdf", &["--check", path]);
        assert!(check.contains("No syntax or stream encoding errors"), "{name}: {check}");
        let fonts = tool("pdffonts", &[path]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{name}: no fonts\n{fonts}");
        for row in rows {
            // name type encoding emb sub uni object-id generation
            let columns: Vec<&str> = row.split_whitespace().collect();
            let n = columns.len();
            assert_eq!(&columns[n - 5..n - 2], ["yes", "yes", "yes"], "{name}: {row}");
            assert!(columns[0].contains('+'), "{name}: not a subset name: {row}");
        }
        pdfs += 1;
    }
    assert_eq!(pdfs, inputs().len() * PRESETS.len());
}

#[test]
fn source_date_epoch_dates_the_pdf_and_nothing_else_does() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism-dated");
    let inputs = [example("liu"), repo().join("tests/fixtures/jsonresume/sample.resume.json")];
    let (dated, again) = (root.join("dated"), root.join("again"));
    batch(&inputs, &dated, 2, &[], Some("1700000000"));
    batch(&inputs, &again, 1, &[], Some("1700000000"));
    assert_same_files(&dated, &again, "dated builds");
    for (name, _) in files(&dated) {
        let info = tool("pdfinfo", &["-isodates", dated.join(&name).to_str().unwrap()]);
        let line = info.lines().find(|l| l.starts_with("CreationDate:")).unwrap_or("");
        assert!(line.ends_with("2023-11-14T22:13:20Z"), "{name}: {info}");
    }
    for (name, _) in files(built()) {
        let info = tool("pdfinfo", &[built().join(&name).to_str().unwrap()]);
        assert!(!info.contains("CreationDate") && !info.contains("ModDate"), "{name}: {info}");
    }
}
