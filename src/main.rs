//! The `cvpdf` binary: see `cvpdf --help`. All the work is in the library; the binary
//! only chooses the allocator and the threads, removes half-written temporary files on a
//! signal, and owns what its builds share, which it leaves to the kernel when it exits.

mod allocator;

#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

fn main() -> std::process::ExitCode {
    allocator::tune();
    // The library's threads: one a core, at most four, and at least two, this one among
    // them. krilla compresses finished pages on the others while this thread draws the
    // next, and this one helps with the last while it waits for them; the text stage
    // sets paragraphs, and the layout is resolved while the résumé is read, on them too
    // (`cvpdf::Options::threads` is one a core as well). None is started per build.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(cvpdf::Options::machine_threads().max(2))
        .use_current_thread()
        .thread_name(|_| "cvpdf-worker".into())
        .build_global();
    let temps = cvpdf::cli::TempFiles::default();
    #[cfg(unix)]
    remove_temporary_files_on_signals(&temps);
    let cache = cvpdf::Cache::default();
    let code = cvpdf::cli::main_with(&temps, &cache);
    // The process ends here, and the kernel takes its memory back at once. Freeing the
    // parsed faces (harfrust's lookup caches) and the shaped words block by block first,
    // with glibc handing the shrinking heap back as it goes, cost Luo's build about half
    // a millisecond (docs/performance.md).
    std::mem::forget(cache);
    code
}

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary files being written, then die of
/// the signal as if there were no handler (so a shell sees 130 for Ctrl-C). The handler
/// is signal-hook's: the signal only wakes a thread of ours, which does the work.
#[cfg(unix)]
fn remove_temporary_files_on_signals(temps: &cvpdf::cli::TempFiles) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let temps = temps.clone();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            temps.remove_all();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}
