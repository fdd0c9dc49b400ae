//! File access, shared by every stage that reads: a path from the command line or from
//! inside a résumé or layout file → the bytes of one regular file, read only from the
//! folders a build may read (the threat model is `docs/security.md`).
//!
//! Two kinds of path reach cvpdf. A path on the command line (the résumé, `--layout
//! FILE`) is the user's choice: it is read wherever it is, but if it is a symbolic link,
//! the link must stay in the file's own folder or in a folder the user trusts. A path
//! written inside a file (`extends:`, a font file) is the file's choice, and the file may
//! come from anyone: it is read only when, with every link on the way followed, it lies
//! in one of the [`Access`] folders and passes through no hidden file or folder (`.git`,
//! `.env`). Both are decided from the path and its links alone, before the file is
//! opened, so a refusal reads the same whether the file exists or not.
//!
//! What is read must be a regular file (never a device, a pipe or a socket: `/dev/zero`
//! would never end, a pipe would block), and its size is checked before it is read.

use std::ffi::OsString;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, io_reason};

/// The folders a build may read files from, each as a real path (no links, no `..`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Access {
    folders: Vec<PathBuf>,
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq)]
pub enum Denied {
    /// Outside every folder the build may read: decided before anything is opened.
    Outside,
    /// Through a hidden file or folder (`.git/config`, `.env`).
    Hidden,
    NotFound,
    /// Not a regular file: what it is ("a folder", "a device").
    NotAFile(&'static str),
    /// Larger than the limit: its size in bytes.
    TooBig(u64),
    /// Any other failure, in words ("permission denied").
    Unreadable(String),
}

/// How many symbolic links one path may go through; more is a loop.
const MAX_LINKS: usize = 40;

impl Access {
    /// Access to no folder at all (only command-line files that are not links can be read).
    pub fn none() -> Access {
        Access::default()
    }

    /// Add a folder and everything under it. A folder that does not exist is an error.
    pub fn allow(&mut self, folder: &Path) -> std::io::Result<()> {
        let real = folder.canonicalize()?;
        if !real.is_dir() {
            return Err(std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"));
        }
        if !self.folders.contains(&real) {
            self.folders.push(real);
        }
        Ok(())
    }

    /// Add the folder a file is in (the working folder for a bare name); nothing when
    /// that folder cannot be found.
    pub fn allow_folder_of(&mut self, file: &Path) {
        let _ = self.allow(folder_of(file));
    }

    /// The access of a build: the résumé's folder, the layout file's folder (when the
    /// layout is a file rather than a preset name) and the folders the user added.
    pub fn for_build(resume: &Path, layout: &str, trusted: &[PathBuf]) -> Access {
        let mut access = Access::none();
        access.allow_folder_of(resume);
        if is_layout_path(layout) {
            access.allow_folder_of(Path::new(layout));
        }
        for folder in trusted {
            let _ = access.allow(folder);
        }
        access
    }

    /// The folders, as real paths.
    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    /// Read a file the user named on the command line, at most `limit` bytes. It may be
    /// anywhere; a link is followed only into the file's own folder or an allowed one.
    pub fn read_named(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Denied> {
        let link = std::fs::symlink_metadata(path).map_err(|e| denied(&e))?;
        let target = if link.file_type().is_symlink() {
            let real = real_path(path).ok_or(Denied::Outside)?;
            let own = folder_of(path).canonicalize().map_err(|e| denied(&e))?;
            if !real.starts_with(&own) && !self.contains(&real) {
                return Err(Denied::Outside);
            }
            real
        } else {
            path.to_path_buf()
        };
        read_regular(&target, limit)
    }

    /// Read a file that a file in `folder` names as `name` (relative to `folder`, or
    /// absolute), at most `limit` bytes; returns its real path too.
    pub fn read_within(
        &self,
        folder: &Path,
        name: &str,
        limit: u64,
    ) -> Result<(PathBuf, Vec<u8>), Denied> {
        let real = self.check_within(folder, name)?;
        read_regular(&real, limit).map(|bytes| (real, bytes))
    }

    /// Where `name`, written in a file of `folder`, leads: refused when outside the
    /// allowed folders or hidden, from the path and its links alone.
    pub fn check_within(&self, folder: &Path, name: &str) -> Result<PathBuf, Denied> {
        let base = folder.canonicalize().map_err(|_| Denied::Outside)?;
        let joined = base.join(name);
        // First the path as written, without touching the file system: `/etc/shadow` or
        // `../../x` is refused before any of its folders is looked at.
        let written = normalise(&joined);
        if !self.contains(&written) {
            return Err(Denied::Outside);
        }
        // Then with its links followed: `fonts/x.ttf` where `fonts` links to `/etc`.
        let real = real_path(&joined).ok_or(Denied::Outside)?;
        let Some(folder) = self.folders.iter().find(|f| real.starts_with(f)) else {
            return Err(Denied::Outside);
        };
        let hidden = real.strip_prefix(folder).is_ok_and(|below| {
            below.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        });
        if hidden {
            return Err(Denied::Hidden);
        }
        Ok(real)
    }

    fn contains(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| path.starts_with(f))
    }
}

impl Denied {
    /// The message for a `what` ("layout file", "font file") shown as `shown`, with the
    /// largest size allowed for it.
    pub fn diagnostic(&self, what: &str, shown: &str, limit: u64) -> Diagnostic {
        match self {
            Denied::Outside => Diagnostic::new(format!(
                "the {what} `{shown}` is outside the folders cvpdf may read"
            ))
            .hint(
                "a file may name files in the résumé's folder and the layout's folder; \
                         add a folder you trust with --allow-read FOLDER",
            ),
            Denied::Hidden => Diagnostic::new(format!(
                "the {what} `{shown}` is in a hidden file or folder, which cvpdf does not read"
            ))
            .hint("move the file out of the hidden folder, or rename it without the leading `.`"),
            Denied::NotFound => Diagnostic::new(format!("the {what} `{shown}` does not exist")),
            Denied::NotAFile(kind) => {
                Diagnostic::new(format!("the {what} `{shown}` is {kind}, not a file"))
            }
            Denied::TooBig(size) => Diagnostic::new(format!(
                "the {what} `{shown}` is {}: a {what} is at most {}",
                bytes(*size),
                bytes(limit)
            ))
            .hint("is this the right file?"),
            Denied::Unreadable(why) => {
                Diagnostic::new(format!("cannot read the {what} `{shown}` ({why})"))
            }
        }
    }
}

/// Whether a `--layout` value names a file rather than a preset.
pub fn is_layout_path(layout: &str) -> bool {
    layout.contains(['/', '\\', '.'])
}

/// A size in words: "300 KB", "4.0 MB".
fn bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", n.div_ceil(1024))
    }
}

/// The folder a file is in; `.` for a bare name.
pub fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn denied(error: &std::io::Error) -> Denied {
    match error.kind() {
        std::io::ErrorKind::NotFound => Denied::NotFound,
        _ => Denied::Unreadable(io_reason(error)),
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a link"
    } else {
        "not a regular file"
    }
}

/// Read a regular file of at most `limit` bytes; `path` holds no links (a link that
/// appears there meanwhile is not followed).
fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Denied> {
    // Looked at before opening: opening a pipe blocks, and opening a device may act.
    let metadata = std::fs::metadata(path).map_err(|e| denied(&e))?;
    if !metadata.is_file() {
        return Err(Denied::NotAFile(kind_of(metadata.file_type())));
    }
    let file = open_no_follow(path).map_err(|e| denied(&e))?;
    // Looked at again on the open file, in case the path changed in between.
    let metadata = file.metadata().map_err(|e| denied(&e))?;
    if !metadata.is_file() {
        return Err(Denied::NotAFile(kind_of(metadata.file_type())));
    }
    if metadata.len() > limit {
        return Err(Denied::TooBig(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| denied(&e))?;
    // A file that grew while it was read.
    if bytes.len() as u64 > limit {
        return Err(Denied::TooBig(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Open for reading without following a link at the last component, and without
/// blocking if the path has become a pipe.
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// A path made absolute, with `.` and `..` resolved as written (no link is followed).
pub fn normalise(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The real path of `path`: absolute, with every link followed where one exists, and the
/// rest (a file that does not exist yet) taken as written. `None` for a loop of links.
pub fn real_path(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    // The components still to walk, last first.
    let mut pending: Vec<OsString> =
        absolute.components().rev().map(|c| c.as_os_str().to_os_string()).collect();
    let mut real = PathBuf::new();
    let mut links = 0;
    while let Some(part) = pending.pop() {
        match Path::new(&part).components().next() {
            Some(Component::CurDir) | None => continue,
            Some(Component::ParentDir) => {
                real.pop();
                continue;
            }
            Some(Component::RootDir | Component::Prefix(_)) => {
                real.push(&part);
                continue;
            }
            Some(Component::Normal(_)) => {}
        }
        let next = real.join(&part);
        match std::fs::symlink_metadata(&next) {
            Ok(m) if m.file_type().is_symlink() => {
                links += 1;
                if links > MAX_LINKS {
                    return None;
                }
                let target = std::fs::read_link(&next).ok()?;
                if target.is_absolute() {
                    real = PathBuf::new();
                }
                pending.extend(target.components().rev().map(|c| c.as_os_str().to_os_string()));
            }
            _ => real = next,
        }
    }
    Some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        dir
    }

    fn access(folder: &Path) -> Access {
        let mut access = Access::none();
        access.allow(folder).unwrap();
        access
    }

    #[test]
    fn files_in_the_folder_are_read_and_the_rest_refused_alike() {
        let dir = folder_with(&[("a.yaml", b"x: 1\n"), ("sub/b.yaml", b"y: 2\n")]);
        let access = access(dir.path());
        let (_, bytes) = access.read_within(dir.path(), "sub/b.yaml", 100).unwrap();
        assert_eq!(bytes, b"y: 2\n");
        let sub = dir.path().join("sub");
        assert_eq!(access.read_within(&sub, "../a.yaml", 100).unwrap().1, b"x: 1\n");
        // Outside: the same answer for a file that exists and one that does not.
        for name in
            ["/etc/passwd", "/etc/no-such-file", "../../../../etc/passwd", "/proc/self/environ"]
        {
            assert_eq!(access.read_within(dir.path(), name, 100), Err(Denied::Outside), "{name}");
        }
        assert_eq!(access.read_within(dir.path(), "missing.yaml", 100), Err(Denied::NotFound));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_and_hidden_files_are_refused() {
        let dir = folder_with(&[
            ("a.yaml", b"x\n"),
            (".env", b"SECRET=1\n"),
            (".git/config", b"[core]\n"),
        ]);
        let access = access(dir.path());
        let link = |target: &str, name: &str| {
            std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap()
        };
        link("/etc/passwd", "passwd.yaml");
        link("/etc", "etc");
        link("/etc/nothing-here", "dangling.yaml");
        link("a.yaml", "inside.yaml");
        link("loop.yaml", "loop.yaml");
        for name in ["passwd.yaml", "etc/passwd", "etc/../etc/passwd", "dangling.yaml", "loop.yaml"]
        {
            assert_eq!(access.read_within(dir.path(), name, 100), Err(Denied::Outside), "{name}");
        }
        assert_eq!(access.read_within(dir.path(), "inside.yaml", 100).unwrap().1, b"x\n");
        for name in [".env", ".git/config", "./.git/../.env"] {
            assert_eq!(access.read_within(dir.path(), name, 100), Err(Denied::Hidden), "{name}");
        }
        // On the command line, a link may point inside its own folder only.
        assert_eq!(access.read_named(&dir.path().join("inside.yaml"), 100).unwrap(), b"x\n");
        assert_eq!(access.read_named(&dir.path().join("passwd.yaml"), 100), Err(Denied::Outside));
    }

    #[cfg(unix)]
    #[test]
    fn devices_pipes_folders_and_big_files_are_refused_unread() {
        let dir = folder_with(&[("big.ttf", &[0u8; 2000])]);
        let access = access(dir.path());
        let named = |path: &str| access.read_named(Path::new(path), 1000);
        assert_eq!(named("/dev/zero"), Err(Denied::NotAFile("a device")));
        assert!(named("/dev/stdin").is_err());
        assert_eq!(access.read_within(dir.path(), "big.ttf", 1000), Err(Denied::TooBig(2000)));
        assert_eq!(access.read_within(dir.path(), ".", 1000), Err(Denied::NotAFile("a folder")));
        let fifo = dir.path().join("pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        // Refused at once: a pipe would block a read forever.
        assert_eq!(
            access.read_within(dir.path(), "pipe.yaml", 1000),
            Err(Denied::NotAFile("a named pipe"))
        );
    }

    #[test]
    fn real_paths_follow_links_and_keep_what_does_not_exist() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(real_path(&real.join("a/../b/./c")).unwrap(), real.join("b/c"));
        assert_eq!(normalise(Path::new("/x/./y/../z")), PathBuf::from("/x/z"));
    }
}
