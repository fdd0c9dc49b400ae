//! Memory: a long résumé is built within a budget of heap, counted by this test binary's
//! own allocator (the library's allocations are the test's), so that a change which
//! keeps every page's glyphs, or the composed text beside the lines set from it, to the
//! end of a build fails here rather than in a user's CI.
//!
//! The heap is what the library controls; a process's peak resident size adds the
//! binary's mapped code and fonts, thread stacks and the allocator's slack
//! (`docs/performance.md` gives both, measured on the release binary).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use cvpdf::diag::Source;
use cvpdf::synthetic::{self, Size};

/// The system's allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grown(by: usize) {
    let now = IN_USE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed on to the system's allocator unchanged; the counters
// only watch.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            grown(layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            grown(layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { System.dealloc(block, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(block, layout, size) };
        if !moved.is_null() {
            IN_USE.fetch_sub(layout.size(), Relaxed);
            grown(size);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap in use above what was in use before, while `work` ran.
fn peak_heap_of<T>(work: impl FnOnce() -> T) -> (usize, T) {
    let before = IN_USE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let result = work();
    (PEAK.load(Relaxed) - before, result)
}

const MB: usize = 1_000_000;

#[test]
fn a_200_page_resume_is_built_within_its_heap_budget() {
    let source = Source::new("cv200.yaml", synthetic::resume(Size::pages(200), 1));
    // Two text threads, as the binary gives a 2-core machine.
    let options = cvpdf::Options { threads: 2, ..cvpdf::Options::default() };
    let (peak, output) = peak_heap_of(|| cvpdf::build(&source, &options));
    let output = output.unwrap_or_else(|e| panic!("{e}"));
    assert!(output.pages >= 195, "{} pages", output.pages);
    // 21.1 MB on 2026-12-05 with glyphs of 8 bytes; 25.2 MB with glyphs of 12, and
    // 35.5 MB while every page's glyphs were kept to the end of the build and the
    // composed text until all of it was set.
    let peak_mb = peak as f64 / MB as f64;
    assert!(peak <= 23 * MB, "the heap peaked at {peak_mb:.1} MB for {} pages", output.pages);
}
