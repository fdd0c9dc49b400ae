//! Command line, watching: files on disk → a rebuild after each save, debounced.
//!
//! The watcher polls: it reads each file's length, modification time and a hash of its
//! bytes every [`POLL`]. Editors save in bursts (truncate, write, rename), so a change
//! starts a rebuild only after the files have been still for [`SETTLE`]. Polling needs no
//! platform API and sees a file replaced by rename the same way as one written in place.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

pub const POLL: Duration = Duration::from_millis(100);
pub const SETTLE: Duration = Duration::from_millis(150);

/// What a file looked like at one poll; `None` while it is missing (mid-save).
type Stamp = Option<(u64, Option<SystemTime>, u64)>;

fn stamp(path: &PathBuf) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some((meta.len(), meta.modified().ok(), hasher.finish()))
}

/// Watches a set of files.
pub struct Watcher {
    files: Vec<PathBuf>,
    seen: Vec<Stamp>,
}

impl Watcher {
    pub fn new(files: Vec<PathBuf>) -> Watcher {
        let seen = files.iter().map(stamp).collect();
        Watcher { files, seen }
    }

    /// Block until a file has changed and then stayed still for [`SETTLE`].
    pub fn next_change(&mut self) {
        let mut changed_at: Option<Instant> = None;
        loop {
            std::thread::sleep(POLL);
            let now: Vec<Stamp> = self.files.iter().map(stamp).collect();
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
        let mut watcher = Watcher::new(vec![file.clone()]);
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
