//! Writes synthetic résumés (`cvpdf::synthetic`) for timing whole-process builds.
//!
//! ```sh
//! cargo run --example synthetic -- 60 > cv60.yaml              # about 60 pages
//! cargo run --example synthetic -- 2 --count 100 --out-dir batch # batch/cv-001.yaml …
//! ```
//!
//! `--seed N` changes the text (default 1); with `--count`, file `i` uses seed `N + i`.

use std::path::PathBuf;
use std::process::ExitCode;

use cvpdf::synthetic::{Size, resume};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut pages, mut seed, mut count, mut dir) = (None, 1u64, None, None);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--seed" => seed = value().parse().unwrap_or(seed),
            "--count" => count = value().parse().ok(),
            "--out-dir" => dir = Some(PathBuf::from(value())),
            other => pages = other.parse::<usize>().ok(),
        }
    }
    let Some(pages) = pages else {
        eprintln!("usage: synthetic PAGES [--seed N] [--count N --out-dir DIR]");
        return ExitCode::from(2);
    };
    let size = Size::pages(pages);
    match (count, dir) {
        (None, None) => print!("{}", resume(size, seed)),
        (count, Some(dir)) => {
            let count = count.unwrap_or(1);
            if let Err(e) = std::fs::create_dir_all(&dir) {
                eprintln!("cannot make {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
            for i in 0..count {
                let file = dir.join(format!("cv-{:03}.yaml", i + 1));
                if let Err(e) = std::fs::write(&file, resume(size, seed + i as u64)) {
                    eprintln!("cannot write {}: {e}", file.display());
                    return ExitCode::FAILURE;
                }
            }
        }
        (Some(_), None) => {
            eprintln!("--count needs --out-dir");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
