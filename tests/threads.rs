//! The library starts threads only when its caller asks: a layout with the default
//! [`Resources`] runs on the calling thread; with two allowed, the text stage sets a long
//! résumé on two. Watched from `/proc/self/task` (Linux) while the layout runs, in a test
//! binary of its own so that no other test's threads come and go.

#![cfg(target_os = "linux")]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

use cvpdf::diag::Source;
use cvpdf::font::FontBook;
use cvpdf::text::Resources;
use cvpdf::{model, style, synthetic, typeset};

/// The most threads the process had while `work` ran.
fn most_threads_during(work: impl FnOnce()) -> usize {
    let done = AtomicBool::new(false);
    let most = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Relaxed) {
                let tasks = std::fs::read_dir("/proc/self/task").expect("Linux's /proc").count();
                most.fetch_max(tasks, Relaxed);
            }
        });
        while most.load(Relaxed) == 0 {
            std::thread::yield_now();
        }
        work();
        done.store(true, Relaxed);
    });
    most.into_inner()
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

    let idle = most_threads_during(|| {});
    let by_default = most_threads_during(|| lay_out(&Resources::default()));
    assert_eq!(by_default, idle, "a layout with the default resources started a thread");
    let two = Resources { threads: 2, ..Resources::default() };
    let asked = most_threads_during(|| lay_out(&two));
    assert_eq!(asked, idle + 1, "with two threads allowed, the text stage starts one");
    assert_eq!(cvpdf::Options::default().threads, 1, "the library's default is one thread");
}
