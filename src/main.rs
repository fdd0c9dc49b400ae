//! The `cvpdf` binary: see `cvpdf --help`. All the work is in the library.

fn main() -> std::process::ExitCode {
    keep_large_blocks_out_of_the_heap();
    cvpdf::cli::main()
}

/// Fix glibc's threshold above which a block gets pages of its own, at its default 128 KiB.
///
/// glibc raises that threshold each time such a block is freed. From then on, blocks of
/// that size (the compressor's state, one per page stream) are cut from a thread's heap,
/// and in about one build in four that heap grew with every page and was never reused:
/// a 200-page résumé peaked at 90 MiB instead of 41 MiB (docs/performance.md). With the
/// threshold fixed, every run of it stays at 41–42 MiB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_large_blocks_out_of_the_heap() {
    // SAFETY: mallopt only sets a parameter of the allocator; no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_blocks_out_of_the_heap() {}
