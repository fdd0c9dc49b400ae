//! Command line, files: reading résumés as UTF-8 and writing outputs atomically.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error, Severity, Source, Span};

/// Read a résumé file as UTF-8 text.
pub fn read_source(path: &Path) -> Result<Source, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::Io(format!("cannot read `{}` ({e})", path.display())))?;
    let name = path.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let source = Source::new(name, text);
            let diagnostic = Diagnostic::new("the file is not UTF-8 text")
                .at(Span::new(valid, 1))
                .hint("save the file as UTF-8");
            Err(Error::Input(vec![source.report(&diagnostic, Severity::Error)]))
        }
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "now".
pub fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|s| (0..253_402_300_800).contains(s))
            .map(Some)
            .ok_or_else(|| {
                Error::Io(format!(
                    "SOURCE_DATE_EPOCH=`{value}` is not a number of seconds since 1970"
                ))
            }),
        Err(_) => Ok(None),
    }
}

pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Write through a temporary file in the same folder and rename it into place, so an
/// error never leaves a partial PDF and an existing one stays intact until the end.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |what: &str, e: std::io::Error| {
        Error::Io(format!("cannot {what} `{}` ({e})", path.display()))
    };
    if path.is_dir() {
        return Err(Error::Io(format!(
            "`{}` is a folder: give a file name for the PDF",
            path.display()
        )));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(|e| io("write", e))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io("write", e)
    })
}

/// Write page previews beside the PDF, `cv.pdf` → `cv-1.png`, `cv-2.png`, …; returns
/// their paths.
pub fn write_previews(pdf: &Path, pngs: &[Vec<u8>]) -> Result<Vec<PathBuf>, Error> {
    let stem = match pdf.extension() {
        Some(extension) if extension.eq_ignore_ascii_case("pdf") => pdf.with_extension(""),
        _ => pdf.to_path_buf(),
    };
    let mut written = Vec::new();
    for (index, png) in pngs.iter().enumerate() {
        let mut name = stem.clone().into_os_string();
        name.push(format!("-{}.png", index + 1));
        let path = PathBuf::from(name);
        write_atomically(&path, png)?;
        written.push(path);
    }
    Ok(written)
}
