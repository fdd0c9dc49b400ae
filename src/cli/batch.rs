//! Command line, batches: résumé files × layouts → one build job each, with predictable
//! output names, run on every core.
//!
//! One input and one layout write `-o` or the input's name with `.pdf`. Anything more, or
//! `--out-dir`, writes `STEM-LAYOUT.pdf` (`liu-one-page.pdf`) into the folder, so a CI job
//! knows every file name in advance.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::Error;

/// One PDF to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub input: PathBuf,
    pub layout: String,
    pub output: PathBuf,
}

/// Plan the jobs for `inputs` × `layouts`; an error when the outputs would collide.
pub fn plan(
    inputs: &[PathBuf],
    layouts: &[String],
    output: Option<&Path>,
    out_dir: Option<&Path>,
) -> Result<Vec<Job>, String> {
    let single = inputs.len() == 1 && layouts.len() == 1;
    if output.is_some() && !single {
        return Err("-o names one PDF: with several résumés or layouts use --out-dir".into());
    }
    if output.is_some() && out_dir.is_some() {
        return Err("give either -o or --out-dir, not both".into());
    }
    let mut jobs = Vec::new();
    for input in inputs {
        for layout in layouts {
            let output = match (output, out_dir) {
                (Some(output), _) => output.to_path_buf(),
                (None, None) if single => input.with_extension("pdf"),
                (None, folder) => {
                    let folder = folder
                        .map(Path::to_path_buf)
                        .or_else(|| input.parent().map(Path::to_path_buf))
                        .unwrap_or_default();
                    folder.join(format!("{}-{}.pdf", stem(input), layout_name(layout)))
                }
            };
            jobs.push(Job { input: input.clone(), layout: layout.clone(), output });
        }
    }
    // By real path: `./a.yaml` and `a.yaml`, or a link to the same folder, meet.
    let keys: Vec<PathBuf> = jobs.iter().map(|j| super::files::file_key(&j.output)).collect();
    for (i, job) in jobs.iter().enumerate() {
        if let Some(other) = (0..i).find(|&k| keys[k] == keys[i]).map(|k| &jobs[k]) {
            return Err(format!(
                "`{}` ({}) and `{}` ({}) would both be written to `{}`: rename one",
                other.input.display(),
                other.layout,
                job.input.display(),
                job.layout,
                job.output.display()
            ));
        }
    }
    Ok(jobs)
}

/// A file's name without its extension: `cv/liu.yaml` → `liu`.
fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "resume".into())
}

/// A layout as part of a file name: a preset's name, or a layout file's stem.
fn layout_name(layout: &str) -> String {
    if layout.ends_with(".yaml") || layout.ends_with(".yml") || layout.contains('/') {
        stem(Path::new(layout))
    } else {
        layout.to_string()
    }
}

/// Run `work` on every job with up to `threads` threads; results come back in job order.
pub fn run<T: Send>(
    jobs: &[Job],
    threads: usize,
    work: impl Fn(&Job) -> Result<T, Error> + Sync,
) -> Vec<Result<T, Error>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<T, Error>>>> =
        Mutex::new(jobs.iter().map(|_| None).collect());
    let worker = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            let result = work(job);
            results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(result);
        }
    };
    std::thread::scope(|scope| {
        // This thread works too: a single build runs on it, with no thread to start.
        for _ in 1..threads.clamp(1, jobs.len().max(1)) {
            scope.spawn(worker);
        }
        worker();
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::Io("a build thread stopped early".into()))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    fn layouts(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_input_one_layout_keeps_the_simple_names() {
        let jobs = plan(&paths(&["cv/me.yaml"]), &layouts(&["detailed"]), None, None).unwrap();
        assert_eq!(jobs[0].output, PathBuf::from("cv/me.pdf"));
        let jobs =
            plan(&paths(&["me.yaml"]), &layouts(&["detailed"]), Some(Path::new("x.pdf")), None)
                .unwrap();
        assert_eq!(jobs[0].output, PathBuf::from("x.pdf"));
    }

    #[test]
    fn every_combination_gets_a_predictable_name() {
        let jobs = plan(
            &paths(&["a.yaml", "cv/b.json"]),
            &layouts(&["one-page", "detailed", "styles/mine.yaml"]),
            None,
            Some(Path::new("dist")),
        )
        .unwrap();
        let names: Vec<_> = jobs.iter().map(|j| j.output.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "dist/a-one-page.pdf",
                "dist/a-detailed.pdf",
                "dist/a-mine.pdf",
                "dist/b-one-page.pdf",
                "dist/b-detailed.pdf",
                "dist/b-mine.pdf"
            ]
        );
    }

    #[test]
    fn collisions_and_ambiguous_outputs_are_errors() {
        let e = plan(
            &paths(&["a/me.yaml", "b/me.json"]),
            &layouts(&["detailed"]),
            None,
            Some(Path::new("d")),
        )
        .unwrap_err();
        assert!(e.contains("would both be written"), "{e}");
        let e = plan(
            &paths(&["a.yaml", "b.yaml"]),
            &layouts(&["detailed"]),
            Some(Path::new("x.pdf")),
            None,
        )
        .unwrap_err();
        assert!(e.contains("--out-dir"), "{e}");
    }

    #[test]
    fn outputs_that_are_one_file_by_two_names_collide() {
        let e = plan(
            &paths(&["a.yaml", "./a.yaml"]),
            &layouts(&["detailed"]),
            None,
            Some(Path::new("d")),
        )
        .unwrap_err();
        assert!(e.contains("would both be written"), "{e}");
        let e = plan(
            &paths(&["x/../a.yaml", "a.yaml"]),
            &layouts(&["one-page", "detailed"]),
            None,
            None,
        )
        .unwrap_err();
        assert!(e.contains("would both be written"), "{e}");
    }

    #[test]
    fn results_come_back_in_job_order() {
        let jobs = plan(&paths(&["a.yaml", "b.yaml", "c.yaml"]), &layouts(&["x", "y"]), None, None)
            .unwrap();
        let results = run(&jobs, 2, |job| Ok(job.output.clone()));
        let outputs: Vec<_> = results.into_iter().map(|r| r.unwrap()).collect();
        assert_eq!(outputs, jobs.iter().map(|j| j.output.clone()).collect::<Vec<_>>());
    }
}
