//! Command line, files: reading résumés as UTF-8 and writing outputs atomically.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error, Severity, Source, Span, io_reason as reason};
use crate::model::{MAX_FILE_BYTES, too_big};

/// Read a résumé file as UTF-8 text. At most [`MAX_FILE_BYTES`] are read: a huge file (or
/// `/dev/zero`) is refused without being read into memory.
pub fn read_source(path: &Path) -> Result<Source, Error> {
    let cannot =
        |e: std::io::Error| Error::Io(format!("cannot read `{}` ({})", path.display(), reason(&e)));
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(0, |m| m.len()).max(bytes.len() as u64);
        let source = Source::new(name, "");
        return Err(Error::Input(vec![source.report(&too_big(size), Severity::Error)]));
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        let source = Source::new(name, "");
        let diagnostic = Diagnostic::new("the file is UTF-16 text: cvpdf reads UTF-8")
            .hint("save the file as UTF-8 (in Notepad: Save as, Encoding: UTF-8)");
        return Err(Error::Input(vec![source.report(&diagnostic, Severity::Error)]));
    }
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
///
/// A device or a pipe (`-o /dev/stdout`) is written into, never replaced by a file; a
/// symbolic link keeps pointing where it did, at the new file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let shown = path.display();
    let fail = |e: std::io::Error| Error::Io(format!("cannot write `{shown}` ({})", reason(&e)));
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::Io(format!("`{shown}` is a folder: give a file name for the PDF")));
        }
        Ok(m) if !m.is_file() => return std::fs::write(path, bytes).map_err(fail),
        _ => {}
    }
    let target = match path.symlink_metadata() {
        Ok(m) if m.file_type().is_symlink() => {
            path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    };
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::metadata(&folder) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Io(format!(
                "cannot write `{shown}`: the folder `{}` does not exist",
                folder.display()
            )));
        }
        Ok(m) if !m.is_dir() => {
            return Err(Error::Io(format!(
                "cannot write `{shown}`: `{}` is a file, not a folder",
                folder.display()
            )));
        }
        _ => {}
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(e)
    })?;
    std::fs::rename(&temporary, &target).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(e)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn io_message(result: Result<(), Error>) -> String {
        match result {
            Err(Error::Io(message)) => message,
            other => panic!("not an I/O error: {other:?}"),
        }
    }

    #[test]
    fn outputs_that_cannot_be_written_say_why_and_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "x").unwrap();
        let message = io_message(write_atomically(&plain.join("cv.pdf"), b"%PDF"));
        assert!(message.ends_with("is a file, not a folder"), "{message}");
        let message = io_message(write_atomically(&dir.path().join("no/cv.pdf"), b"%PDF"));
        assert!(message.contains("the folder") && message.ends_with("does not exist"), "{message}");
        let message = io_message(write_atomically(dir.path(), b"%PDF"));
        assert!(message.ends_with("is a folder: give a file name for the PDF"), "{message}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_device_is_written_into_not_replaced() {
        let message = io_message(write_atomically(Path::new("/dev/full"), b"%PDF"));
        assert_eq!(message, "cannot write `/dev/full` (no space left on device)");
        assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
        write_atomically(Path::new("/dev/null"), b"%PDF").unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    }

    #[test]
    fn a_link_is_kept_and_its_file_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.pdf");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("cv.pdf");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn huge_files_are_refused_unread() {
        let error = read_source(Path::new("/dev/zero")).unwrap_err();
        let Error::Input(reports) = error else { panic!("not an input error") };
        assert!(reports[0].message.starts_with("the file is 4.0 MB"), "{}", reports[0].message);
    }
}
