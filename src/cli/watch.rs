//! Command line, watching: files on disk → a rebuild after each save, debounced.
//!
//! The watcher polls: it reads each file's length, modification time and a hash of its
//! bytes every [`POLL`]. Editors save in bursts (truncate, write, rename), so a change
//! starts a rebuild only after the files have been still for [`SETTLE`]. Polling needs no
//! platform API and sees a file replaced by rename the same way as one written in place.
//!
//! Files are read through [`crate::access`] like any build's: a résumé that becomes a
//! pipe, a device or a link out of its folder is never opened, only reported by the build.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::access::Access;
use crate::model::MAX_FILE_BYTES;

pub const POLL: Duration = Duration::from_millis(100);
pub const SETTLE: Duration = Duration::from_millis(150);

/// What a file looked like at one poll; `None` while it is missing (mid-save).
type Stamp = Option<(u64, Option<SystemTime>, u64)>;

fn stamp(path: &Path, access: &Access) -> Stamp {
    // Looking at the metadata opens nothing; the bytes are read only from a regular file
    // of at most the size a build reads (else only the metadata tells a change).
    let meta = std::fs::metadata(path).ok()?;
    let mut hasher = DefaultHasher::new();
    if let Ok(bytes) = access.read_named(path, MAX_FILE_BYTES as u64) {
        bytes.hash(&mut hasher);
    }
    Some((meta.len(), meta.modified().ok(), hasher.finish()))
}

/// Watches a set of files.
pub struct Watcher {
    files: Vec<PathBuf>,
    access: Access,
    seen: Vec<Stamp>,
}

impl Watcher {
    /// Watch `files`, which may be links into their own folders or into `trusted` ones.
    pub fn new(files: Vec<PathBuf>, trusted: &[PathBuf]) -> Watcher {
        let mut access = Access::none();
        for folder in trusted {
            let _ = access.allow(folder);
        }
        let seen = files.iter().map(|f| stamp(f, &access)).collect();
        Watcher { files, access, seen }
    }

    /// Block until a file has changed and then stayed still for [`SETTLE`].
    pub fn next_change(&mut self) {
        let mut changed_at: Option<Instant> = None;
        loop {
            std::thread::sleep(POLL);
            let now: Vec<Stamp> = self.files.iter().map(|f| stamp(f, &self.access)).collect();
            if now != self.seen {
                self.seen = now;
                changed_at = Some(Instant::now());
            } else if changed_at.is_some_and(|t| t.elapsed() >= SETTLE) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_is_seen_once_it_settles() {
        let dir = std::env::temp_dir().join(format!("cvpdf-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("cv.yaml");
        std::fs::write(&file, "name: A\n").unwrap();
        let mut watcher = Watcher::new(vec![file.clone()], &[]);
        let writer = {
            let file = file.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(250));
                std::fs::write(&file, "name: B\n").unwrap();
            })
        };
        let started = Instant::now();
        watcher.next_change();
        writer.join().unwrap();
        assert!(started.elapsed() >= Duration::from_millis(250 + 150));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
