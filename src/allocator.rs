//! The binary's allocator: the system's, with glibc's heaps tuned for a short process
//! ([`tune`]), and large over-aligned blocks cut from plain ones.
//!
//! zlib-rs asks for its compressor state, 380,032 bytes aligned to 64, once for every
//! stream the PDF stage compresses. With glibc's aligned allocation, the heap of the
//! thread that compresses pages grew by about 200 KB a page in about one build in four,
//! and a 200-page résumé peaked at 88 MiB instead of 41 (docs/performance.md). The
//! likely reason: glibc serves an aligned request with room to spare and trims the rest
//! off, so the hole a freed state leaves is a little too small for the next request. A
//! plain request of a fixed size fits the hole its predecessor left, so such a block is
//! taken here as a plain one of `size + align` bytes and aligned inside it; no run has
//! grown since.

use std::alloc::{GlobalAlloc, Layout, System};

/// glibc's allocator, tuned for a process that builds a few résumés and ends: each heap
/// grows by a megabyte more than it needs (`M_TOP_PAD`, default 128 KiB) and gives
/// memory back only once a megabyte of it is free at its top (`M_TRIM_THRESHOLD`);
/// blocks of 512 KiB and more get their own mapping (`M_MMAP_THRESHOLD`). Setting any of
/// these turns glibc's dynamic thresholds off; the mapping one is set above zlib's
/// compressor state (380 KB) so that every state comes from a heap, as the dynamic
/// threshold had all but the first.
///
/// With glibc's defaults, Luo's build grew and shrank its heaps (the calling thread's with
/// `brk`, the others' with `mprotect`) some 120 times, and gave back pages it then faulted
/// in again. With these: about 20 such calls, 1,050 page faults instead of 1,130, and a
/// 200-page résumé peaks 2 MiB lower (docs/performance.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const GLIBC_SETTINGS: [(i32, i32); 3] = [
    (libc::M_TOP_PAD, 1 << 20),
    (libc::M_TRIM_THRESHOLD, 1 << 20),
    (libc::M_MMAP_THRESHOLD, 512 << 10),
];

/// Tune glibc's allocator ([`GLIBC_SETTINGS`]); nothing elsewhere. Call it first thing,
/// before any other thread starts.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    for (parameter, value) in GLIBC_SETTINGS {
        // SAFETY: mallopt sets one of glibc's allocator parameters, under its own lock.
        unsafe {
            libc::mallopt(parameter, value);
        }
    }
}

/// Blocks at least this large with more than the usual alignment are cut from plain ones.
const LARGE: usize = 64 * 1024;

/// What `malloc` aligns every block to (x86-64 and AArch64 glibc).
const PLAIN_ALIGN: usize = 16;

pub struct Allocator;

impl Allocator {
    fn is_cut(layout: Layout) -> bool {
        layout.align() > PLAIN_ALIGN && layout.size() >= LARGE
    }

    /// The plain block a cut block lives in (`None` for a size too large for any).
    fn plain(layout: Layout) -> Option<Layout> {
        let size = layout.size().checked_add(layout.align())?;
        Layout::from_size_align(size, PLAIN_ALIGN).ok()
    }
}

// SAFETY: every block handed out lies inside one the system allocator gave, and is given
// back to it whole, with the layout it was asked with.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !Self::is_cut(layout) {
            // SAFETY: forwarded as asked.
            return unsafe { System.alloc(layout) };
        }
        let Some(plain) = Self::plain(layout) else {
            return std::ptr::null_mut();
        };
        // SAFETY: `plain` has a non-zero size.
        let base = unsafe { System.alloc(plain) };
        if base.is_null() {
            return base;
        }
        // The first aligned address past the base: at least PLAIN_ALIGN bytes in, which
        // leaves room to note the base just before it; at most `align` in, which leaves
        // `size` bytes after it.
        let offset = layout.align() - (base as usize & (layout.align() - 1));
        // SAFETY: `offset` ≤ align, so the block and the note lie inside `plain`.
        unsafe {
            let block = base.add(offset);
            block.cast::<*mut u8>().sub(1).write_unaligned(base);
            block
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !Self::is_cut(layout) {
            // SAFETY: it came from System.alloc with this layout.
            return unsafe { System.dealloc(ptr, layout) };
        }
        // SAFETY: `alloc` noted the base just before the block, and cut it from a plain
        // block of this layout (which exists, or `alloc` would have failed).
        unsafe {
            let base = ptr.cast::<*mut u8>().sub(1).read_unaligned();
            if let Some(plain) = Self::plain(layout) {
                System.dealloc(base, plain);
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !Self::is_cut(layout) {
            // SAFETY: forwarded as asked.
            return unsafe { System.alloc_zeroed(layout) };
        }
        // SAFETY: as `alloc`; the block is then `size` bytes long.
        unsafe {
            let block = self.alloc(layout);
            if !block.is_null() {
                block.write_bytes(0, layout.size());
            }
            block
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees that `new_size`, rounded up to the alignment,
        // does not overflow (GlobalAlloc::realloc).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if !Self::is_cut(layout) && !Self::is_cut(new_layout) {
            // SAFETY: forwarded as asked; neither block is cut.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // SAFETY: a new block, the bytes both have in common copied, the old one freed.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_blocks_are_aligned_writable_and_given_back() {
        for align in [32, 64, 4096] {
            for size in [LARGE, 380_032, 1 << 20] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero layout; the block is written within its size and
                // freed with the layout it was asked with.
                unsafe {
                    let block = Allocator.alloc_zeroed(layout);
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0, "{size} aligned to {align}");
                    assert_eq!(*block.add(size - 1), 0);
                    block.write_bytes(0xAB, size);
                    let grown = Allocator.realloc(block, layout, size * 2);
                    assert_eq!(grown as usize % align, 0);
                    assert_eq!(*grown.add(size - 1), 0xAB);
                    Allocator.dealloc(grown, Layout::from_size_align(size * 2, align).unwrap());
                }
            }
        }
    }
}
