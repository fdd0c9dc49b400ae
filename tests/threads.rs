//! The library starts threads only when its caller asks: a layout with the default
//! [`Resources`] runs on the calling thread; with two allowed, the text stage sets a long
//! résumé on two, starting one, or borrowing one from the rayon pool it runs in. Watched from `/proc/self/task` (Linux) while the layout runs, in a test
//! binary of its own so that no other test's threads come and go.

#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

use cvpdf::diag::Source;
use cvpdf::font::FontBook;
use cvpdf::text::Resources;
use cvpdf::{model, style, synthetic, typeset};

/// The ids of the process's threads now.
fn tasks() -> BTreeSet<OsString> {
    let tasks = std::fs::read_dir("/proc/self/task").expect("Linux's /proc");
    tasks.filter_map(|task| task.ok().map(|task| task.file_name())).collect()
}

/// How many threads appeared while `work` ran, besides the one that watched.
///
/// Thread ids, not a count of them: a thread that was just joined can stay listed in
/// `/proc/self/task` for a moment, and a count then took the watcher of the measurement
/// before for a thread the work started.
fn threads_started_during(work: impl FnOnce()) -> usize {
    let before = tasks();
    let done = AtomicBool::new(false);
    let watching = AtomicBool::new(false);
    let (watcher, seen) = std::thread::scope(|scope| {
        let watch = scope.spawn(|| {
            let me = std::fs::read_link("/proc/thread-self").expect("Linux's /proc");
            let mut seen = tasks();
            watching.store(true, Relaxed);
            while !done.load(Relaxed) {
                seen.extend(tasks());
            }
            (me.file_name().map(OsString::from), seen)
        });
        while !watching.load(Relaxed) {
            std::thread::yield_now();
        }
        work();
        done.store(true, Relaxed);
        watch.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    });
    seen.difference(&before).filter(|task| Some(*task) != watcher.as_ref()).count()
}

#[test]
fn a_layout_starts_threads_only_when_asked() {
    // Twenty pages: well over the blocks a flow needs to be set on several threads.
    let source = Source::new("cv.yaml", synthetic::resume(synthetic::Size::pages(20), 7));
    let resume = model::load(&source).unwrap();
    let style = style::resolve("detailed").unwrap_or_else(|(_, d)| panic!("{}", d.message));
    let book = FontBook::default();
    let lay_out = |resources: &Resources| {
        let laid = typeset::lay_out_with(&resume, &style, &book, resources).unwrap();
        assert!(laid.document.pages.len() >= 15);
    };

    let by_default = threads_started_during(|| lay_out(&Resources::default()));
    assert_eq!(by_default, 0, "a layout with the default resources started a thread");
    let two = Resources { threads: 2, ..Resources::default() };
    let asked = threads_started_during(|| lay_out(&two));
    assert_eq!(asked, 1, "with two threads allowed, the text stage starts one");
    // Run inside a rayon pool, as the binary runs it, the layout borrows the pool's
    // other thread and starts none.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let in_pool = threads_started_during(|| pool.install(|| lay_out(&two)));
    assert_eq!(in_pool, 0, "inside a pool of two, a layout started a thread");
    assert_eq!(cvpdf::Options::default().threads, 1, "the library's default is one thread");
}
