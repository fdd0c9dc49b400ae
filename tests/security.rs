//! The threat model of `docs/security.md`, scripted where the catalogue of bad inputs
//! cannot go: symbolic links at outputs and inputs, named pipes, devices, batches whose
//! outputs meet, previews all or nothing, builds at the same time, and a build killed
//! while it writes. Each case runs the binary in a folder of its own.
//!
//! The tests run as root: a link pointing out of the case's folder points at a file of
//! the test's own (`outside/`), never at a real system file.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const RESUME: &str =
    "name: Ada Lovelace\nsummary: I write **programs** for the Analytical Engine.\n";
const SECRET: &[u8] = b"export TOKEN=the-secret-a-pdf-must-not-overwrite\n";

/// A case: `work/` where cvpdf runs (with `cv.yaml`), and `outside/` beside it, which no
/// file of `work/` may make cvpdf read or write.
struct Case {
    _dir: tempfile::TempDir,
    work: PathBuf,
    outside: PathBuf,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("work");
        let outside = dir.path().join("outside");
        std::fs::create_dir(&work).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(work.join("cv.yaml"), RESUME).unwrap();
        std::fs::write(outside.join("bashrc"), SECRET).unwrap();
        Case { _dir: dir, work, outside }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cvpdf"))
            .args(args)
            .current_dir(&self.work)
            .stdin(Stdio::null())
            .output()
            .expect("the cvpdf binary runs")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.work.join(name)
    }

    /// The names in `work/`, sorted.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.work)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn secret_is_intact(&self) {
        assert_eq!(std::fs::read(self.outside.join("bashrc")).unwrap(), SECRET);
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn a_committed_link_at_the_output_is_refused_and_its_target_untouched() {
    let case = Case::new();
    symlink("../outside/bashrc", case.path("cv.pdf")).unwrap();
    let out = case.run(&["build", "cv.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a symbolic link"), "{}", stderr(&out));
    case.secret_is_intact();
    assert!(case.path("cv.pdf").symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(case.names(), ["cv.pdf", "cv.yaml"], "a temporary file was left");
}

#[test]
fn a_link_inside_the_out_dir_is_refused_too() {
    let case = Case::new();
    std::fs::create_dir(case.path("dist")).unwrap();
    symlink("../../outside/bashrc", case.path("dist/cv-detailed.pdf")).unwrap();
    let out = case.run(&["build", "cv.yaml", "--out-dir", "dist"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    case.secret_is_intact();
    // A preview name that is a link is refused in the same way, and the PDF stays out.
    let case = Case::new();
    symlink("../outside/bashrc", case.path("cv-1.png")).unwrap();
    let out = case.run(&["build", "cv.yaml", "--png", "--png-dpi", "20"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    case.secret_is_intact();
    assert_eq!(case.names(), ["cv-1.png", "cv.yaml"], "the PDF was written without its previews");
}

#[test]
fn a_resume_that_links_out_of_its_folder_is_not_read() {
    let case = Case::new();
    std::fs::write(case.outside.join("cv.yaml"), "name: Eve\nsummary: \"exfiltrated\n").unwrap();
    symlink("../outside/cv.yaml", case.path("linked.yaml")).unwrap();
    let out = case.run(&["build", "linked.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("it is a link to a file outside its folder"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("exfiltrated"));
    // Trusted with --allow-read, it is read; a link inside the folder always is.
    let out = case.run(&["build", "linked.yaml", "--allow-read", "../outside", "-o", "a.pdf"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    symlink("cv.yaml", case.path("same.yaml")).unwrap();
    let out = case.run(&["build", "same.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn pipes_and_devices_are_refused_at_once() {
    let case = Case::new();
    mkfifo(&case.path("pipe.yaml"));
    symlink("/dev/zero", case.path("zero.yaml")).unwrap();
    mkfifo(&case.path("pipe-layout.yaml"));
    std::fs::write(case.path("mine.yaml"), "extends: pipe-layout.yaml\n").unwrap();
    std::fs::write(case.path("font.yaml"), "extends: detailed\nfonts:\n  body: font.ttf\n")
        .unwrap();
    mkfifo(&case.path("font.ttf"));
    for (args, code, message) in [
        (vec!["build", "pipe.yaml"], 1, "it is a named pipe, not a file"),
        (vec!["build", "/dev/zero"], 1, "it is a device, not a file"),
        (vec!["build", "zero.yaml"], 1, "it is a link to a file outside its folder"),
        (
            vec!["build", "cv.yaml", "--layout", "pipe-layout.yaml"],
            2,
            "is a named pipe, not a file",
        ),
        (vec!["build", "cv.yaml", "--layout", "mine.yaml"], 2, "is a named pipe, not a file"),
        (vec!["build", "cv.yaml", "--layout", "font.yaml"], 2, "is a named pipe, not a file"),
        (vec!["build", "cv.yaml", "--layout", "/dev/stdin"], 2, "is a device, not a file"),
    ] {
        let started = Instant::now();
        let out = case.run(&args);
        assert!(started.elapsed() < Duration::from_secs(5), "{args:?} blocked");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn links_from_a_layout_to_outside_are_refused_whether_the_target_exists_or_not() {
    let case = Case::new();
    std::fs::write(case.outside.join("team.yaml"), "extends: detailed\n").unwrap();
    symlink("../outside", case.path("shared")).unwrap();
    let mut messages = Vec::new();
    for target in ["shared/team.yaml", "shared/missing.yaml"] {
        std::fs::write(case.path("mine.yaml"), format!("extends: {target}\n")).unwrap();
        let out = case.run(&["build", "cv.yaml", "--layout", "mine.yaml"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let first = stderr(&out).lines().next().unwrap_or("").replace(target, "TARGET");
        messages.push(first);
    }
    assert_eq!(messages[0], messages[1]);
    assert!(messages[0].contains("is outside the folders cvpdf may read"), "{}", messages[0]);
    // A font file through the linked folder, likewise; trusted, it is read.
    std::fs::copy(
        common::repo().join("fonts/source-sans-3/SourceSans3-Regular.ttf"),
        case.outside.join("Sans.ttf"),
    )
    .unwrap();
    std::fs::write(case.path("mine.yaml"), "extends: detailed\nfonts:\n  body: shared/Sans.ttf\n")
        .unwrap();
    let out = case.run(&["build", "cv.yaml", "--layout", "mine.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out =
        case.run(&["build", "cv.yaml", "--layout", "mine.yaml", "--allow-read", "../outside"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn batch_outputs_are_compared_by_their_real_paths() {
    let case = Case::new();
    let out = case.run(&["build", "cv.yaml", "./cv.yaml", "--out-dir", "dist"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("would both be written"), "{}", stderr(&out));
    symlink(".", case.path("same")).unwrap();
    let out = case.run(&["build", "cv.yaml", "same/cv.yaml", "--layout", "one-page,detailed"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("would both be written"), "{}", stderr(&out));
    assert!(!case.path("dist").exists(), "a refused batch made its folder");
    assert_eq!(case.names(), ["cv.yaml", "same"]);
}

#[test]
fn previews_go_all_or_nothing_and_stale_ones_go() {
    let case = Case::new();
    let long: String = (0..120)
        .map(|i| {
            format!("      - Bullet {i} of a résumé that needs a second page in every preset.\n")
        })
        .collect();
    std::fs::write(
        case.path("long.yaml"),
        format!("name: Ada\nsections:\n  - title: Work\n    items:\n{long}"),
    )
    .unwrap();
    let out = case.run(&["build", "long.yaml", "-o", "cv.pdf", "--png", "--png-dpi", "20"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(case.path("cv-2.png").is_file());
    let out = case.run(&["build", "cv.yaml", "-o", "cv.pdf", "--png", "--png-dpi", "20"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(case.names(), ["cv-1.png", "cv.pdf", "cv.yaml", "long.yaml"]);
    // A preview that cannot be written leaves the PDF and the other previews as they were.
    let before = std::fs::read(case.path("cv.pdf")).unwrap();
    let png = std::fs::read(case.path("cv-1.png")).unwrap();
    std::fs::create_dir(case.path("cv-2.png")).unwrap();
    let out = case.run(&["build", "long.yaml", "-o", "cv.pdf", "--png", "--png-dpi", "20"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read(case.path("cv.pdf")).unwrap(), before);
    assert_eq!(std::fs::read(case.path("cv-1.png")).unwrap(), png);
    assert_eq!(case.names(), ["cv-1.png", "cv-2.png", "cv.pdf", "cv.yaml", "long.yaml"]);
}

#[test]
fn builds_of_one_output_at_the_same_time_leave_one_whole_pdf() {
    let case = Case::new();
    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_cvpdf"))
                .args(["build", "cv.yaml", "-o", "cv.pdf"])
                .current_dir(&case.work)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert_eq!(case.names(), ["cv.pdf", "cv.yaml"], "temporary files were left");
    let pdf = std::fs::read(case.path("cv.pdf")).unwrap();
    let alone = case.run(&["build", "cv.yaml", "-o", "alone.pdf"]);
    assert_eq!(alone.status.code(), Some(0));
    assert_eq!(pdf, std::fs::read(case.path("alone.pdf")).unwrap(), "a torn PDF");
}

#[test]
fn a_build_killed_while_it_writes_leaves_no_temporary_file() {
    let case = Case::new();
    std::fs::write(case.path("cv.pdf"), "%PDF the last good one").unwrap();
    // The preview is a named pipe: the build blocks writing into it, after the PDF's
    // temporary file is written and before it is renamed into place.
    mkfifo(&case.path("cv-1.png"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(["build", "cv.yaml", "--png", "--png-dpi", "20"])
        .current_dir(&case.work)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let temporary = |case: &Case| case.names().iter().any(|n| n.ends_with(".tmp"));
    let started = Instant::now();
    while !temporary(&case) {
        assert!(started.elapsed() < Duration::from_secs(30), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(15), "{status:?}");
    assert!(!temporary(&case), "left: {:?}", case.names());
    assert_eq!(std::fs::read(case.path("cv.pdf")).unwrap(), b"%PDF the last good one");
}

#[test]
fn watch_goes_on_when_the_resume_becomes_a_pipe() {
    let case = Case::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(["watch", "cv.yaml", "--max-builds", "2"])
        .current_dir(&case.work)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !case.path("cv.pdf").exists() {
        assert!(started.elapsed() < Duration::from_secs(30), "no first build");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::remove_file(case.path("cv.yaml")).unwrap();
    mkfifo(&case.path("cv.yaml"));
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("watch blocked on the pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("it is a named pipe, not a file"), "{}", stderr(&out));
}

#[test]
fn a_font_path_is_read_for_the_cjk_faces_alone() {
    // A --font-path folder is not one a file may name files in: a layout's font there
    // is refused as with no option at all, and a missing folder is an error.
    let case = Case::new();
    std::fs::copy(
        common::repo().join("fonts/source-sans-3/SourceSans3-Regular.ttf"),
        case.outside.join("Sans.ttf"),
    )
    .unwrap();
    std::fs::write(
        case.path("mine.yaml"),
        "extends: detailed\nfonts:\n  body: ../outside/Sans.ttf\n",
    )
    .unwrap();
    let out = case.run(&["build", "cv.yaml", "--layout", "mine.yaml", "--font-path", "../outside"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is outside the folders cvpdf may read"), "{}", stderr(&out));
    let out = case.run(&["build", "cv.yaml", "--font-path", "no-such-folder"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--font-path `no-such-folder` is not a folder"),
        "{}",
        stderr(&out)
    );
    // A file named like a CJK collection but holding something else, a link to a
    // secret, and a pipe with such a name: none is a face, none blocks, nothing of the
    // secret is shown, and the résumé is built with the bundled face and a note.
    std::fs::write(case.outside.join("NotoSansCJK-Regular.ttc"), b"ttcf not a font").unwrap();
    symlink("bashrc", case.outside.join("NotoSansJP-Bold.otf")).unwrap();
    mkfifo(&case.outside.join("NotoSansCJKjp-Regular.otf"));
    std::fs::write(
        case.path("ja.yaml"),
        "name: 佐藤 花子\nlanguage: ja\nsummary: 七年間の経験。\n",
    )
    .unwrap();
    let started = Instant::now();
    let out = case.run(&["build", "ja.yaml", "--font-path", "../outside"]);
    assert!(started.elapsed() < Duration::from_secs(20), "a pipe blocked the build");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("no folder given with --font-path has Noto Sans CJK JP"), "{said}");
    // Each with its own reason: the folder was given as a relative path.
    let reason = "NotoSansCJK-Regular.ttc` is not used: it is not a font file cvpdf can read";
    assert!(said.contains(reason), "{said}");
    assert!(said.contains("NotoSansCJKjp-Regular.otf` is not used: it is a named pipe"), "{said}");
    assert!(!said.contains("the-secret"), "{said}");
    case.secret_is_intact();
}
