//! The library's shape, as `docs/design.md` draws it: no global state (what builds share
//! is the caller's [`cvpdf::Cache`]), and stages that import only the stages before them.

use std::path::{Path, PathBuf};

/// The library's source files: `src/` without the binary's front end and allocator.
fn library_sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, files: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() && name != "cli" {
                walk(&path, files);
            } else if name.ends_with(".rs") && !["main.rs", "allocator.rs"].contains(&&*name) {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path, text));
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    assert!(files.len() > 40, "only {} source files found", files.len());
    files
}

#[test]
fn the_library_keeps_no_global_state() {
    let global = ["static ", "pub static ", "thread_local!", "LazyLock", "lazy_static!"];
    let leaks = ["Box::leak", "mem::forget"];
    let mut found = Vec::new();
    for (path, text) in library_sources() {
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let is_global =
                global.iter().any(|g| code.starts_with(g) || code.contains(&format!(" {g}")))
                    && !code.contains("'static");
            if is_global || leaks.iter().any(|l| code.contains(l)) {
                found.push(format!("{}:{}: {code}", path.display(), number + 1));
            }
        }
    }
    assert!(found.is_empty(), "global state or leaks in the library:\n{}", found.join("\n"));
}

#[test]
fn stages_import_only_the_stages_below_them() {
    // Each stage with what it may use; `diag`, `access`, `photo` and `parallel` (reports,
    // the one door for files, the photo file read through it, and work beside the calling
    // thread) are beneath everything.
    let below: &[(&str, &[&str])] = &[
        ("font", &[]),
        ("model", &[]),
        ("style", &["font", "model"]),
        ("compose", &["font", "model", "style"]),
        ("text", &["font", "style", "compose"]),
        ("paginate", &["font", "model", "style", "compose", "text"]),
        ("typeset", &["font", "model", "style", "compose", "text", "paginate"]),
        ("pdf", &["font", "model", "style", "compose", "text", "paginate"]),
        ("preview", &["font", "style", "compose", "text", "paginate"]),
    ];
    let sources = library_sources();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (stage, allowed) in below {
        let dir = src.join(stage);
        for (path, text) in sources.iter().filter(|(p, _)| p.starts_with(&dir)) {
            checked += 1;
            for (number, line) in text.lines().enumerate() {
                for used in line.split("crate::").skip(1) {
                    let module: String = used
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    let fine = module == *stage
                        || ["diag", "access", "photo", "parallel", ""].contains(&module.as_str())
                        || allowed.contains(&module.as_str());
                    if !fine {
                        wrong.push(format!(
                            "{}:{}: {stage} uses {module}",
                            path.display(),
                            number + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 30, "only {checked} stage files checked");
    assert!(wrong.is_empty(), "a stage imports one after it:\n{}", wrong.join("\n"));
}

#[test]
fn what_builds_share_is_in_the_callers_cache() {
    let luo =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/luo.yaml")).unwrap();
    let source = cvpdf::diag::Source::new("luo.yaml", luo);
    let cache = cvpdf::Cache::default();
    let options = cvpdf::Options { cache: cache.clone(), ..Default::default() };
    let first = cvpdf::build(&source, &options).unwrap();
    // Regular, bold and italic sans, and the Chinese face of 罗锦华.
    assert!(cache.faces.parsed() >= 4, "{:?}", cache.faces);
    assert_eq!(cache.hyphenators.dictionaries(), ["en-us"]);

    // A build with a cache of its own parses for itself and leaves the other alone.
    let other = cvpdf::Cache::default();
    let second =
        cvpdf::build(&source, &cvpdf::Options { cache: other.clone(), ..Default::default() })
            .unwrap();
    assert_eq!(other.faces.parsed(), cache.faces.parsed());
    assert!(first.pdf == second.pdf, "the cache changes nothing in the PDF");
    let again = cvpdf::build(&source, &options).unwrap();
    assert!(again.pdf == first.pdf, "nor does a cache that builds filled before");
}
