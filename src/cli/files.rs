//! Command line, files: résumés read through [`crate::access`] as UTF-8 text, and
//! outputs written all or nothing: each through a temporary file of an unpredictable
//! name made with `O_EXCL` beside it, renamed into place once every output is ready, and
//! never through a symbolic link.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::access::{Access, Denied, real_path};
use crate::diag::{Diagnostic, Error, Severity, Source, Span, io_reason as reason, printable};
use crate::model::{MAX_FILE_BYTES, too_big};

/// Read a résumé file as UTF-8 text. Only a regular file is read, and only when it has
/// at most [`MAX_FILE_BYTES`] (checked before reading); a link must stay in its folder
/// or lead into a `trusted` folder.
pub fn read_source(path: &Path, trusted: &[PathBuf]) -> Result<Source, Error> {
    let name = path.display().to_string();
    let shown = printable(&name).into_owned();
    let mut access = Access::none();
    for folder in trusted {
        let _ = access.allow(folder);
    }
    let bytes = match access.read_named(path, MAX_FILE_BYTES as u64) {
        Ok(bytes) => bytes,
        Err(Denied::TooBig(size)) => {
            let source = Source::new(name, "");
            return Err(Error::Input(vec![source.report(&too_big(size), Severity::Error)]));
        }
        Err(Denied::Outside) => {
            return Err(Error::Io(format!(
                "cannot read `{shown}`: it is a link to a file outside its folder (add the \
                 folder it leads into with --allow-read if you trust it)"
            )));
        }
        Err(Denied::NotAFile(kind)) => {
            return Err(Error::Io(format!("cannot read `{shown}`: it is {kind}, not a file")));
        }
        Err(Denied::NotFound) => {
            return Err(Error::Io(format!("cannot read `{shown}` (no such file or directory)")));
        }
        Err(Denied::Hidden) => return Err(Error::Io(format!("cannot read `{shown}`"))),
        Err(Denied::Unreadable(why)) => {
            return Err(Error::Io(format!("cannot read `{shown}` ({why})")));
        }
    };
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

/// Where a path really leads: links followed, `.` and `..` resolved, a file that does
/// not exist yet taken as written; on file systems that ignore case, in lower case. Two
/// outputs with the same key are the same file (`./a.pdf` and `a.pdf`).
pub fn file_key(path: &Path) -> PathBuf {
    let real = real_path(path).unwrap_or_else(|| crate::access::normalise(path));
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        PathBuf::from(real.to_string_lossy().to_lowercase())
    } else {
        real
    }
}

pub fn same_file(a: &Path, b: &Path) -> bool {
    file_key(a) == file_key(b)
}

/// Temporary files being written, so that the binary can remove them when it is
/// interrupted (`src/main.rs`); the library itself installs no signal handler.
#[derive(Debug, Clone, Default)]
pub struct TempFiles {
    paths: Arc<Mutex<Vec<PathBuf>>>,
}

impl TempFiles {
    fn add(&self, path: &Path) {
        self.paths.lock().unwrap_or_else(|p| p.into_inner()).push(path.to_path_buf());
    }

    fn forget(&self, path: &Path) {
        self.paths.lock().unwrap_or_else(|p| p.into_inner()).retain(|p| p != path);
    }

    /// Remove every temporary file still being written (on SIGINT or SIGTERM).
    pub fn remove_all(&self) {
        for path in self.paths.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// An output made ready to go into place.
enum Ready {
    /// A temporary file beside the output, to rename over it.
    Temporary(PathBuf),
    /// A device or a pipe (`-o /dev/stdout`), written into at the end.
    Device,
}

/// Write one output atomically (see [`write_all`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_all(&[(path.to_path_buf(), bytes)], &TempFiles::default())
}

/// Write outputs all or nothing: every one goes to a temporary file first, and only when
/// all are written are they renamed into place, in order (so put the PDF last: a failed
/// preview leaves the old PDF). An error leaves every existing output as it was.
///
/// A symbolic link at an output is refused, never followed: a `cv.pdf` committed as a
/// link to `~/.bashrc` must not overwrite it. A device or a pipe is written into.
pub fn write_all(outputs: &[(PathBuf, &[u8])], temps: &TempFiles) -> Result<(), Error> {
    let mut ready: Vec<Ready> = Vec::with_capacity(outputs.len());
    let clean = |ready: &[Ready]| {
        for r in ready {
            if let Ready::Temporary(temporary) = r {
                let _ = std::fs::remove_file(temporary);
                temps.forget(temporary);
            }
        }
    };
    for (path, bytes) in outputs {
        match prepare(path, bytes, temps) {
            Ok(r) => ready.push(r),
            Err(e) => {
                clean(&ready);
                return Err(e);
            }
        }
    }
    for (i, ((path, bytes), r)) in outputs.iter().zip(&ready).enumerate() {
        let done = match r {
            Ready::Temporary(temporary) => std::fs::rename(temporary, path),
            Ready::Device => write_device(path, bytes),
        };
        if let Err(e) = done {
            clean(&ready[i..]);
            return Err(cannot_write(path, &e));
        }
        if let Ready::Temporary(temporary) = r {
            temps.forget(temporary);
        }
    }
    Ok(())
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    Error::Io(format!("cannot write `{}` ({})", printable(&path.display().to_string()), reason(e)))
}

/// Check an output's place and write its temporary file.
fn prepare(path: &Path, bytes: &[u8], temps: &TempFiles) -> Result<Ready, Error> {
    let shown = printable(&path.display().to_string()).into_owned();
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(Error::Io(format!(
                "refusing to write `{shown}`: it is a symbolic link, and cvpdf never writes \
                 through one (remove the link, or choose another output)"
            )));
        }
        Ok(m) if m.is_dir() => {
            return Err(Error::Io(format!("`{shown}` is a folder: give a file name for the PDF")));
        }
        Ok(m) if !m.is_file() => return Ok(Ready::Device),
        _ => {}
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::metadata(&folder) {
        // Made as `--out-dir` makes its folder; only once the output is built, so a
        // failed build leaves no new folder behind.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(&folder).map_err(|e| {
                Error::Io(format!(
                    "cannot write `{shown}`: cannot make the folder `{}` ({})",
                    printable(&folder.display().to_string()),
                    reason(&e)
                ))
            })?;
        }
        Ok(m) if !m.is_dir() => {
            return Err(Error::Io(format!(
                "cannot write `{shown}`: `{}` is a file, not a folder",
                printable(&folder.display().to_string())
            )));
        }
        _ => {}
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // An unpredictable name, made with O_EXCL: a file or link planted under the name
    // makes the creation fail instead of redirecting the write.
    let mut tries = 0;
    loop {
        let temporary = folder.join(format!(".{name}.{}.tmp", random_hex()));
        temps.add(&temporary);
        let created = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary);
        match created {
            Ok(mut file) => {
                use std::io::Write;
                return match file.write_all(bytes).and_then(|()| file.flush()) {
                    Ok(()) => Ok(Ready::Temporary(temporary)),
                    Err(e) => {
                        drop(file);
                        let _ = std::fs::remove_file(&temporary);
                        temps.forget(&temporary);
                        Err(cannot_write(path, &e))
                    }
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 16 => {
                temps.forget(&temporary);
                tries += 1;
            }
            Err(e) => {
                temps.forget(&temporary);
                return Err(cannot_write(path, &e));
            }
        }
    }
}

/// 64 random bits in hex, from the standard library's per-process random hash keys.
fn random_hex() -> String {
    let mut hasher = RandomState::new().build_hasher();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    hasher.write_u128(now.map_or(0, |d| d.as_nanos()));
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

/// Write into a device or pipe, without following a link that appeared meanwhile.
fn write_device(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)?.write_all(bytes)
}

/// The preview files of a PDF: `cv.pdf` → `cv-1.png`, `cv-2.png`, … (`count` of them).
pub fn preview_paths(pdf: &Path, count: usize) -> Vec<PathBuf> {
    (1..=count).map(|n| preview_path(pdf, n)).collect()
}

fn preview_path(pdf: &Path, n: usize) -> PathBuf {
    let stem = match pdf.extension() {
        Some(extension) if extension.eq_ignore_ascii_case("pdf") => pdf.with_extension(""),
        _ => pdf.to_path_buf(),
    };
    let mut name = stem.into_os_string();
    name.push(format!("-{n}.png"));
    PathBuf::from(name)
}

/// Remove the previews of an earlier, longer build: `cv-4.png`, `cv-5.png`, … after a
/// build of three pages, up to the first that is missing. Only regular files go.
pub fn remove_stale_previews(pdf: &Path, count: usize) -> Result<(), Error> {
    let mut n = count + 1;
    loop {
        let path = preview_path(pdf, n);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {
                std::fs::remove_file(&path).map_err(|e| cannot_write(&path, &e))?;
            }
            _ => return Ok(()),
        }
        n += 1;
    }
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
        let message = io_message(write_atomically(&plain.join("no/cv.pdf"), b"%PDF"));
        assert!(message.ends_with("(not a directory)"), "{message}");
        let message = io_message(write_atomically(dir.path(), b"%PDF"));
        assert!(message.ends_with("is a folder: give a file name for the PDF"), "{message}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folders_of_an_output_are_made() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out/2026/cv.pdf");
        write_atomically(&output, b"%PDF").unwrap();
        assert_eq!(std::fs::read(&output).unwrap(), b"%PDF");
    }

    #[test]
    fn a_device_is_written_into_not_replaced() {
        let message = io_message(write_atomically(Path::new("/dev/full"), b"%PDF"));
        assert_eq!(message, "cannot write `/dev/full` (no space left on device)");
        assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
        write_atomically(Path::new("/dev/null"), b"%PDF").unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_output_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("bashrc");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("cv.pdf");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let message = io_message(write_atomically(&link, b"new"));
        assert!(message.contains("is a symbolic link"), "{message}");
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn outputs_go_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("cv.pdf");
        std::fs::write(&pdf, "old pdf").unwrap();
        // The second preview cannot be written (its name is a folder): nothing changes.
        std::fs::create_dir(dir.path().join("cv-2.png")).unwrap();
        let outputs = vec![
            (dir.path().join("cv-1.png"), &b"png 1"[..]),
            (dir.path().join("cv-2.png"), &b"png 2"[..]),
            (pdf.clone(), &b"new pdf"[..]),
        ];
        let temps = TempFiles::default();
        assert!(write_all(&outputs, &temps).is_err());
        assert_eq!(std::fs::read(&pdf).unwrap(), b"old pdf");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "a file was left behind");
        std::fs::remove_dir(dir.path().join("cv-2.png")).unwrap();
        write_all(&outputs, &temps).unwrap();
        assert_eq!(std::fs::read(&pdf).unwrap(), b"new pdf");
        assert!(temps.paths.lock().unwrap().is_empty());
        // A shorter build removes the previews it no longer makes.
        std::fs::write(dir.path().join("cv-3.png"), "stale").unwrap();
        remove_stale_previews(&pdf, 1).unwrap();
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["cv-1.png", "cv.pdf"]);
    }

    #[test]
    fn temporary_names_are_unpredictable() {
        assert_ne!(random_hex(), random_hex());
    }

    #[test]
    fn the_same_file_by_other_names_is_the_same_key() {
        assert_eq!(file_key(Path::new("./a.pdf")), file_key(Path::new("a.pdf")));
        assert_eq!(file_key(Path::new("x/../a.pdf")), file_key(Path::new("a.pdf")));
        assert_ne!(file_key(Path::new("b.pdf")), file_key(Path::new("a.pdf")));
    }

    #[test]
    fn devices_and_huge_files_are_refused_unread() {
        let Error::Io(message) = read_source(Path::new("/dev/zero"), &[]).unwrap_err() else {
            panic!("not an I/O error")
        };
        assert_eq!(message, "cannot read `/dev/zero`: it is a device, not a file");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, vec![b'#'; MAX_FILE_BYTES + 1]).unwrap();
        let Error::Input(reports) = read_source(&big, &[]).unwrap_err() else {
            panic!("not an input error")
        };
        assert!(reports[0].message.starts_with("the file is 4.0 MB"), "{}", reports[0].message);
    }
}
