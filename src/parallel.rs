//! Below the stages: work done beside the calling thread, on the rayon pool the caller
//! runs in (the binary's) or, outside one, on threads started for it.
//!
//! The library starts threads only when its caller allows more than one
//! (`Options::threads`). A caller that runs the library inside a rayon pool (the binary
//! does, its main thread one of the pool's) lends it the pool's threads: nothing is
//! started, and a thread that would otherwise wait picks up work instead. Starting a
//! thread costs a stack, an allocator arena faulted in afresh and the kernel's time, some
//! 0.1 ms each; a one-page fit of Luo sets its text ten times, and started ten threads
//! (docs/performance.md). Outside a pool nothing of rayon's is touched, so a library
//! caller never gets rayon's global pool made for it.

/// `here` on the calling thread and `there` beside it, at once; both results.
pub fn join<H: Send, T: Send>(
    here: impl FnOnce() -> H + Send,
    there: impl FnOnce() -> T + Send,
) -> (H, T) {
    #[cfg(feature = "threads")]
    if rayon::current_thread_index().is_some() {
        // `there` waits to be taken by another of the pool's threads; if none has taken
        // it when `here` is done, the calling thread runs it.
        return rayon::join(here, there);
    }
    std::thread::scope(|scope| {
        let there = scope.spawn(there);
        let here = here();
        (here, there.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}

/// `work` on the calling thread (`work(true)`) and on up to `threads - 1` others
/// (`work(false)`) at once: the calling thread's result first, then the others' in no
/// particular order. In a pool, fewer others than asked when the pool has fewer threads.
pub fn spread<T: Send>(threads: usize, work: impl Fn(bool) -> T + Sync) -> Vec<T> {
    #[cfg(feature = "threads")]
    if rayon::current_thread_index().is_some() {
        let others = threads.min(rayon::current_num_threads()).saturating_sub(1);
        let theirs = std::sync::Mutex::new(Vec::with_capacity(others));
        let work = &work;
        let theirs_ref = &theirs;
        let here = rayon::in_place_scope(|scope| {
            for _ in 0..others {
                scope.spawn(move |_| {
                    let result = work(false);
                    theirs_ref.lock().unwrap_or_else(|e| e.into_inner()).push(result);
                });
            }
            work(true)
        });
        let theirs = theirs.into_inner().unwrap_or_else(|e| e.into_inner());
        return std::iter::once(here).chain(theirs).collect();
    }
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(|| work(false))).collect();
        let here = work(true);
        std::iter::once(here)
            .chain(
                others
                    .into_iter()
                    .map(|o| o.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
            )
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_gives_both_results_outside_a_pool_and_in_one() {
        assert_eq!(join(|| 1, || "two"), (1, "two"));
        #[cfg(feature = "threads")]
        {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
            assert_eq!(pool.install(|| join(|| 1, || "two")), (1, "two"));
        }
    }

    #[test]
    fn spread_runs_the_calling_thread_first_and_as_many_others_as_allowed() {
        let count = |results: Vec<bool>| (results[0], results.iter().filter(|&&c| !c).count());
        assert_eq!(count(spread(1, |caller| caller)), (true, 0));
        assert_eq!(count(spread(3, |caller| caller)), (true, 2));
        #[cfg(feature = "threads")]
        {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
            // The pool has two threads: the calling one and one other, whatever is asked.
            assert_eq!(pool.install(|| count(spread(4, |caller| caller))), (true, 1));
            assert_eq!(pool.install(|| count(spread(2, |caller| caller))), (true, 1));
            assert_eq!(pool.install(|| count(spread(1, |caller| caller))), (true, 0));
        }
    }
}
