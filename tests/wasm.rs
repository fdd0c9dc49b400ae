//! The library built for WebAssembly (`wasm/`, without default features: pure Rust, no
//! threads) writes the same PDF, byte for byte, as the native build: both examples in
//! every preset, and résumés whose faces are stored compressed (ruzstd in WebAssembly,
//! the zstd C library here), run in Node as a page would run them.
//!
//! Needs the `wasm32-unknown-unknown` target (`rustup target add`) and Node.js; both
//! are installed by `.ci/run`. Without them the test fails, saying so.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{EXAMPLES, PRESETS, example, repo};

/// `wasm/` built for WebAssembly, in a target folder of its own: the `cargo test` that
/// runs this holds the lock of the usual one.
fn wasm_library() -> PathBuf {
    let target = repo().join("target").join("wasm");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", "cvpdf-wasm", "--target", "wasm32-unknown-unknown"])
        .arg("--target-dir")
        .arg(&target)
        .current_dir(repo())
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "cannot build wasm/ for WebAssembly: `rustup target add wasm32-unknown-unknown` \
         (`bash .ci/run` does)"
    );
    target.join("wasm32-unknown-unknown/debug/cvpdf_wasm.wasm")
}

/// The PDF of `resume` in `layout`, built by the WebAssembly library in Node.
fn built_in_node(wasm: &Path, resume: &Path, layout: &str, out: &Path) -> Vec<u8> {
    let script = repo().join("tests/wasm/build.mjs");
    let output = Command::new("node")
        .arg(script)
        .args([wasm, resume])
        .arg(layout)
        .arg(out)
        .output()
        .expect("Node.js is needed: `bash .ci/run`, or Debian's nodejs package");
    assert!(
        output.status.success(),
        "the WebAssembly build of {} in {layout} failed: {}",
        resume.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(out).unwrap()
}

/// The same, built natively by the library in this process.
fn built_here(resume: &Path, layout: &str) -> Vec<u8> {
    let name = resume.file_name().unwrap().to_str().unwrap();
    let source = cvpdf::diag::Source::new(name, std::fs::read_to_string(resume).unwrap());
    let options = cvpdf::Options { layout: layout.into(), ..cvpdf::Options::default() };
    cvpdf::build(&source, &options).unwrap().pdf
}

#[test]
fn the_webassembly_library_writes_the_native_pdf_byte_for_byte() {
    let wasm = wasm_library();
    let dir = std::env::temp_dir().join(format!("cvpdf-wasm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cases: Vec<(PathBuf, &str)> = Vec::new();
    for name in EXAMPLES {
        cases.extend(PRESETS.iter().map(|preset| (example(name), *preset)));
    }
    // A Korean résumé (Noto Sans KR, stored in compressed chunks) and XCharter (a zstd
    // file), which the examples do not use.
    cases.push((repo().join("tests/fixtures/jsonresume/ko.resume.json"), "detailed"));
    cases.push((repo().join("tests/fixtures/jsonresume/zh.resume.json"), "classic"));
    for (i, (resume, layout)) in cases.iter().enumerate() {
        let wasm_pdf = built_in_node(&wasm, resume, layout, &dir.join(format!("{i}.pdf")));
        assert!(wasm_pdf.starts_with(b"%PDF-"), "{}: not a PDF", resume.display());
        assert!(
            wasm_pdf == built_here(resume, layout),
            "{} in {layout}: the WebAssembly build differs from the native one",
            resume.display()
        );
    }
    assert_eq!(cases.len(), EXAMPLES.len() * PRESETS.len() + 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
