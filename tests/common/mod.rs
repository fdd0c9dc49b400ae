//! Shared helpers for the integration tests: run the binary, run the PDF tools.
//!
//! A test that needs a tool (pdftotext, pdffonts, qpdf, pdfinfo) fails with a clear
//! message when the tool is missing; it never skips.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const EXAMPLES: [&str; 2] = ["luo", "liu"];
pub const PRESETS: [&str; 4] = ["detailed", "one-page", "classic", "modern"];

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example(name: &str) -> PathBuf {
    repo().join("examples").join(format!("{name}.yaml"))
}

/// Run `cvpdf` with arguments; the environment never carries SOURCE_DATE_EPOCH unless set here.
pub fn cvpdf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the cvpdf binary runs")
}

/// Build an example into `dir` and return the PDF's path.
pub fn build(name: &str, layout: &str, dir: &Path) -> PathBuf {
    let out = dir.join(format!("{name}-{layout}.pdf"));
    build_to(name, layout, &out);
    out
}

/// Build an example into the file `out`.
pub fn build_to(name: &str, layout: &str, out: &Path) {
    let result = cvpdf(&[
        "build",
        example(name).to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--layout",
        layout,
    ]);
    assert!(
        result.status.success(),
        "building {name} with {layout} failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Run an external tool and return its standard output; a missing tool fails the test.
pub fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is needed by this test and could not be run ({e}); install poppler-utils and qpdf")
    });
    assert!(
        output.status.success(),
        "`{name} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn pdftotext(pdf: &Path) -> String {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
}
