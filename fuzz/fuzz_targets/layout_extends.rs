//! Bytes → a chain of layout files in a folder of their own, one of them the layout the
//! user names → `Style`. The bytes are cut at lines `=== NAME` into files of that folder
//! (the first part is `main.yaml`). Beside them lie files no layout may quote: a YAML
//! file that is no layout, a hidden one, and one in the folder above. Must hold: resolving
//! never panics, every error renders, and no report holds a line of those files.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use cvpdf::access::Access;
use cvpdf::diag::Severity;
use libfuzzer_sys::fuzz_target;

/// The text every file that must not be quoted holds.
const CANARY: &str = "CANARY-7f3a";

/// The fuzzing folder: `outside.yaml` in it, and the layouts' folder `layouts/`.
fn folders() -> &'static (PathBuf, PathBuf) {
    static FOLDERS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    FOLDERS.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("cvpdf-fuzz-extends-{}", std::process::id()));
        let layouts = root.join("layouts");
        std::fs::create_dir_all(&layouts).unwrap();
        std::fs::write(root.join("outside.yaml"), format!("token: {CANARY}\n")).unwrap();
        (root, layouts)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (_, layouts) = folders();
    // A fresh folder for every input: files of the last one must not linger.
    for entry in std::fs::read_dir(layouts).unwrap() {
        let _ = std::fs::remove_file(entry.unwrap().path());
    }
    std::fs::write(layouts.join("notes.yaml"), format!("secret: {CANARY}\nregion: eu\n")).unwrap();
    std::fs::write(layouts.join(".hidden.yaml"), format!("extends: detailed\n# {CANARY}\n"))
        .unwrap();
    let mut name = "main.yaml".to_string();
    let mut body = String::new();
    let mut files = 0;
    for line in text.split_inclusive('\n') {
        if let Some(next) = line.strip_prefix("=== ") {
            let next = next.trim();
            let plain = !next.is_empty()
                && next.len() < 40
                && next.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                && !next.starts_with('.')
                && next != "notes.yaml";
            if plain && files < 6 {
                std::fs::write(layouts.join(&name), &body).unwrap();
                files += 1;
                name = next.to_string();
                body.clear();
                continue;
            }
        }
        body.push_str(line);
    }
    std::fs::write(layouts.join(&name), &body).unwrap();
    let main = layouts.join("main.yaml");
    if !main.is_file() {
        return;
    }
    let main = main.display().to_string();
    let mut access = Access::none();
    access.allow_folder_of(std::path::Path::new(&main));
    if let Err((source, diagnostic)) = cvpdf::style::resolve_with(&main, &access) {
        let report = source.report(&diagnostic, Severity::Error);
        // `main.yaml` is the user's: it may quote anything written in it, the canary too.
        let quoted_main = source.name == main;
        assert!(
            quoted_main || !report.rendered.contains(CANARY),
            "a file that is no layout was quoted:\n{}",
            report.rendered
        );
        assert!(!report.rendered.lines().any(|l| l.starts_with("::")), "{}", report.rendered);
    }
});
