//! The commands around `build`: new, check, watch, convert, schema, completions, batches
//! with --out-dir, --tags, and the résumé's language.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{EXAMPLES, PRESETS, cvpdf, example, tool};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn text_of(pdf: &Path) -> String {
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn new_writes_a_starter_that_builds_in_every_preset_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ada.yaml");
    let out = cvpdf(&["new", "Ada Lovelace", "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let starter = std::fs::read_to_string(&file).unwrap();
    assert!(starter.contains("name: \"Ada Lovelace\""));
    for layout in PRESETS {
        let pdf = dir.path().join(format!("{layout}.pdf"));
        let out = cvpdf(&[
            "build",
            file.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--layout",
            layout,
        ]);
        assert!(out.status.success(), "{layout}: {}", stderr(&out));
        assert!(stderr(&out).is_empty(), "the starter builds without warnings: {}", stderr(&out));
        assert!(text_of(&pdf).contains("Ada Lovelace"));
    }
    let again = cvpdf(&["new", "Someone Else", "-o", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("exists already"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), starter, "the file is untouched");
}

#[test]
fn check_exit_codes_and_fit_report() {
    let dir = tempfile::tempdir().unwrap();
    let ok = cvpdf(&["check", example("liu").to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("ok, 2 pages with `detailed`"), "{}", stdout(&ok));

    let fit = cvpdf(&["check", example("luo").to_str().unwrap(), "--layout", "one-page"]);
    assert_eq!(fit.status.code(), Some(0), "{}", stderr(&fit));
    assert!(stdout(&fit).contains("fits on one page with `one-page` after leaving out:"));

    let strict =
        cvpdf(&["check", example("luo").to_str().unwrap(), "--layout", "one-page", "--no-drop"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("does not fit on 1 page"), "{}", stderr(&strict));

    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "name: Ada\nsections:\n  - title: X\n    entries:\n      - title: Y\n        date: 2020-13\n").unwrap();
    let out = cvpdf(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.yaml:6:"), "{}", stderr(&out));
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(written.len(), 1, "check writes nothing");
}

#[test]
fn batch_builds_every_combination_with_predictable_names() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    let mut args = vec!["build".to_string()];
    args.extend(EXAMPLES.iter().map(|e| example(e).display().to_string()));
    args.extend(
        ["--layout", "one-page,detailed", "--out-dir", dist.to_str().unwrap(), "-j", "2"]
            .map(String::from),
    );
    let out = cvpdf(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", stderr(&out));
    for name in EXAMPLES {
        for layout in ["one-page", "detailed"] {
            let pdf = dist.join(format!("{name}-{layout}.pdf"));
            let single = dir.path().join("single.pdf");
            common::build_to(name, layout, &single);
            assert_eq!(
                std::fs::read(&pdf).unwrap(),
                std::fs::read(&single).unwrap(),
                "{name}-{layout}: the batch build equals a single build"
            );
        }
    }
    // Lines come in job order.
    let lines: Vec<_> =
        stdout(&out).lines().map(|l| l.split(':').next().unwrap().to_string()).collect();
    let expected: Vec<_> = ["luo-one-page", "luo-detailed", "liu-one-page", "liu-detailed"]
        .iter()
        .map(|n| dist.join(format!("{n}.pdf")).display().to_string())
        .collect();
    assert_eq!(lines, expected);
}

#[test]
fn a_batch_of_a_hundred_resumes_builds_every_one() {
    // One-page synthetic résumés, each with its own text; how fast the batch runs and
    // that it uses every core is measured in docs/performance.md, not asserted here.
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["build".to_string()];
    for i in 0..100u64 {
        let file = dir.path().join(format!("cv-{i:03}.yaml"));
        std::fs::write(&file, cvpdf::synthetic::resume(cvpdf::synthetic::Size::pages(1), i))
            .unwrap();
        args.push(file.display().to_string());
    }
    let dist = dir.path().join("dist");
    args.extend(["--out-dir".to_string(), dist.display().to_string()]);
    let out = cvpdf(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 100, "{}", stdout(&out));
    for i in 0..100 {
        let pdf = std::fs::read(dist.join(format!("cv-{i:03}-detailed.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 10_000, "cv-{i:03}");
    }
    assert_eq!(std::fs::read_dir(&dist).unwrap().count(), 100, "nothing else is written");
}

#[test]
fn a_failed_job_does_not_stop_the_others_and_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "name: [\n").unwrap();
    let out = cvpdf(&[
        "build",
        bad.to_str().unwrap(),
        example("liu").to_str().unwrap(),
        "--out-dir",
        dir.path().join("d").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("1 of 2 builds failed"), "{}", stderr(&out));
    assert!(dir.path().join("d/liu-detailed.pdf").exists());
    assert!(!dir.path().join("d/bad-detailed.pdf").exists());
}

#[test]
fn a_batch_says_each_warning_once_and_names_the_pdf_of_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("ada.json");
    std::fs::write(&json, r#"{"basics": {"name": "Ada", "nickname": "A"}}"#).unwrap();
    let dist = dir.path().join("dist");
    let out = cvpdf(&[
        "build",
        json.to_str().unwrap(),
        example("luo").to_str().unwrap(),
        "--layout",
        "one-page,detailed",
        "--out-dir",
        dist.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert_eq!(said.matches("`nickname` is not a JSON Resume field").count(), 1, "{said}");
    let note = said.lines().find(|l| l.starts_with("note: ")).expect("Luo's one page leaves out");
    let pdf = dist.join("luo-one-page.pdf").display().to_string();
    assert!(note.starts_with(&format!("note: {pdf}: left out to fit one page: ")), "{note}");
}

#[test]
fn any_layout_fits_a_page_count_with_pages() {
    let dir = tempfile::tempdir().unwrap();
    let luo = example("luo");
    let pdf = dir.path().join("luo.pdf");
    let out = cvpdf(&[
        "build",
        luo.to_str().unwrap(),
        "--layout",
        "classic",
        "--pages",
        "3",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(": 3 pages,"), "{}", stdout(&out));
    assert!(stderr(&out).contains("note: left out to fit 3 pages: "), "{}", stderr(&out));
    let check = cvpdf(&["check", luo.to_str().unwrap(), "--pages", "2", "--no-drop"]);
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
    assert!(stderr(&check).contains("does not fit on 2 pages"), "{}", stderr(&check));
    let zero = cvpdf(&["build", luo.to_str().unwrap(), "--pages", "0"]);
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn outputs_are_pdfs_in_folders_made_as_needed() {
    let dir = tempfile::tempdir().unwrap();
    let liu = example("liu");
    let png = dir.path().join("cv.png");
    let out = cvpdf(&["build", liu.to_str().unwrap(), "-o", png.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cvpdf writes a PDF, and PNG previews beside it"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing is written");
    let nested = dir.path().join("out/2026/cv.pdf");
    let out = cvpdf(&["build", liu.to_str().unwrap(), "-o", nested.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&nested).unwrap().starts_with(b"%PDF-"));
    let out = cvpdf(&["build", liu.to_str().unwrap(), "--theme", "sb2nov"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("tip: `--layout sb2nov`"), "{}", stderr(&out));
}

#[test]
fn tags_keep_matching_and_untagged_content() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.yaml");
    std::fs::write(
        &file,
        "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: Backend job\n        tags: [backend]\n        bullets:\n          - Untagged bullet\n          - text: Rust bullet\n            tags: [rust]\n      - title: Frontend job\n        tags: [frontend]\n      - title: Always here\n",
    )
    .unwrap();
    let pdf = dir.path().join("t.pdf");
    let build = |tags: &str| {
        let out =
            cvpdf(&["build", file.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--tags", tags]);
        assert!(out.status.success(), "{}", stderr(&out));
        (text_of(&pdf), stderr(&out))
    };
    let (text, _) = build("backend");
    assert!(text.contains("Backend job") && text.contains("Untagged bullet"));
    assert!(text.contains("Always here"));
    assert!(!text.contains("Frontend job") && !text.contains("Rust bullet"), "{text}");
    let (text, _) = build("backend,rust");
    assert!(text.contains("Rust bullet"));
    let (text, warnings) = build("frontend,typo");
    assert!(text.contains("Frontend job") && !text.contains("Backend job"));
    assert!(warnings.contains("no entry or bullet has the tag `typo`"), "{warnings}");
}

#[test]
fn convert_round_trips_to_the_same_pdf() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let yaml = dir.path().join(format!("{name}.yaml"));
        let out =
            cvpdf(&["convert", example(name).to_str().unwrap(), "-o", yaml.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let again = dir.path().join(format!("{name}-again.pdf"));
        let out = cvpdf(&["build", yaml.to_str().unwrap(), "-o", again.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let original = dir.path().join(format!("{name}.pdf"));
        common::build_to(name, "detailed", &original);
        assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&original).unwrap(), "{name}");
    }
}

#[test]
fn foreign_files_convert_to_cvpdf_yaml_that_builds_the_same_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = common::repo().join("tests/fixtures");
    for (i, file) in [
        fixtures.join("jsonresume/sample.resume.json"),
        fixtures.join("jsonresume/zh.resume.json"),
        fixtures.join("rendercv/john-doe-2.8.yaml"),
        fixtures.join("rendercv/john-doe-2.3.yaml"),
    ]
    .iter()
    .enumerate()
    {
        let yaml = dir.path().join(format!("{i}.yaml"));
        let out = cvpdf(&["convert", file.to_str().unwrap(), "-o", yaml.to_str().unwrap()]);
        assert!(out.status.success(), "{}: {}", file.display(), stderr(&out));
        let direct = dir.path().join(format!("{i}-direct.pdf"));
        let converted = dir.path().join(format!("{i}-converted.pdf"));
        for (input, pdf) in [(file.as_path(), &direct), (yaml.as_path(), &converted)] {
            let out = cvpdf(&["build", input.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
            assert!(out.status.success(), "{}: {}", input.display(), stderr(&out));
        }
        assert_eq!(
            std::fs::read(&direct).unwrap(),
            std::fs::read(&converted).unwrap(),
            "{}: the converted file builds another PDF",
            file.display()
        );
    }
}

#[test]
fn the_schema_accepts_the_examples_and_the_starter_and_rejects_mistakes() {
    let out = cvpdf(&["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    let dir = tempfile::tempdir().unwrap();
    let starter = dir.path().join("s.yaml");
    assert!(cvpdf(&["new", "-o", starter.to_str().unwrap()]).status.success());
    let mut files: Vec<_> = EXAMPLES.iter().map(|e| example(e)).collect();
    files.push(starter);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
    for wrong in [
        "name: Ada\nheadlin: typo\n",
        "name: Ada\nsections:\n  - title: X\n    entries:\n      - title: Y\n        start: last year\n",
        "sections: []\n",
        "name: Ada\nsections:\n  - title: X\n    entries:\n      - title: Y\n        bullets:\n          - txt: z\n",
    ] {
        let value: serde_json::Value = serde_saphyr::from_str(wrong).unwrap();
        assert!(!validator.is_valid(&value), "the schema should reject:\n{wrong}");
    }
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in
        [("bash", "complete -F"), ("zsh", "#compdef cvpdf"), ("fish", "complete -c cvpdf")]
    {
        let out = cvpdf(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}");
        assert!(script.contains("out-dir") && script.contains("watch"), "{shell}");
    }
}

#[test]
fn watch_rebuilds_after_a_write_and_survives_a_bad_save() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.yaml");
    let pdf = dir.path().join("w.pdf");
    std::fs::write(&file, "name: First Version\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(["watch", file.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--max-builds", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains("w.pdf: 1 page"), "{first}");
    assert!(text_of(&pdf).contains("First Version"));
    // A broken save: reported on stderr, the watcher goes on, the PDF stays.
    let before = std::fs::read(&pdf).unwrap();
    std::fs::write(&file, "name: [unclosed\n").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    std::fs::write(&file, "name: Second Version\n").unwrap();
    let second = lines.next().unwrap().unwrap();
    assert!(second.contains("w.pdf: 1 page"), "{second}");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("watch did not stop after --max-builds");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    let mut errors = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut errors).unwrap();
    assert!(errors.contains("w.yaml:1:"), "the bad save is reported: {errors}");
    assert!(text_of(&pdf).contains("Second Version"));
}

#[test]
fn dates_and_titles_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("de-DE", "März 2021 – heute", "Lebenslauf"),
        ("fr", "mars 2021 – aujourd’hui", "CV"),
        ("es", "mar. 2021 – actualidad", "Currículum"),
        ("zh-CN", "2021年3月 – 至今", "简历"),
        ("ja", "2021年3月 – 現在", "履歴書"),
        ("ko", "2021년 3월 – 현재", "이력서"),
    ];
    for (language, dates, title) in cases {
        let file = dir.path().join(format!("{language}.yaml"));
        std::fs::write(
            &file,
            format!(
                "name: Ada\nlanguage: {language}\nsections:\n  - title: Work\n    entries:\n      - title: Job\n        start: 2021-03\n        end: present\n"
            ),
        )
        .unwrap();
        let pdf = dir.path().join(format!("{language}.pdf"));
        let out = cvpdf(&["build", file.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert!(out.status.success(), "{language}: {}", stderr(&out));
        assert!(text_of(&pdf).contains(dates), "{language}: {}", text_of(&pdf));
        let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(info.contains(&format!("Ada — {title}")), "{language}: {info}");
    }
}

/// The workflow in docs/ci.md runs as written: its cvpdf steps, on the starter résumé.
#[test]
fn the_ci_workflow_in_the_docs_runs() {
    let doc = std::fs::read_to_string(common::repo().join("docs/ci.md")).unwrap();
    let workflow = doc.split("```yaml").nth(1).unwrap().split("```").next().unwrap();
    let steps: Vec<&str> =
        workflow.lines().filter_map(|l| l.trim().strip_prefix("- run: cvpdf ")).collect();
    assert!(steps.len() >= 3, "{steps:?}");
    let dir = tempfile::tempdir().unwrap();
    let me = dir.path().join("me.yaml");
    assert!(cvpdf(&["new", "Ada Lovelace", "-o", me.to_str().unwrap()]).status.success());
    for step in steps {
        let out = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
            .args(step.split_whitespace())
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert!(out.status.success(), "`cvpdf {step}`: {}", stderr(&out));
    }
    for name in ["me-one-page.pdf", "me-detailed.pdf", "me-one-page-1.png", "me-detailed-1.png"] {
        assert!(dir.path().join("dist").join(name).is_file(), "no dist/{name}");
    }
}

#[test]
fn the_release_workflow_checks_and_packs_every_platform() {
    let repo = common::repo();
    let text = std::fs::read_to_string(repo.join(".github/workflows/release.yml")).unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let matrix = &workflow["jobs"]["binary"]["strategy"]["matrix"]["include"];
    let targets: Vec<&str> =
        matrix.as_array().unwrap().iter().map(|t| t["target"].as_str().unwrap()).collect();
    for platform in ["linux-musl", "apple-darwin", "windows-msvc"] {
        assert!(targets.iter().any(|t| t.contains(platform)), "{platform}: {targets:?}");
    }
    let steps = workflow["jobs"]["binary"]["steps"].as_array().unwrap();
    assert!(
        steps.iter().any(|s| s["run"] == "bash .ci/release ${{ matrix.target }}"),
        "every job runs .ci/release"
    );
    let syntax = Command::new("bash").arg("-n").arg(repo.join(".ci/release")).output().unwrap();
    assert!(syntax.status.success(), "{}", stderr(&syntax));
    // What .ci/release runs on each binary, run here on the test binary.
    let out = Command::new("bash")
        .arg(repo.join(".ci/release-check"))
        .arg(env!("CARGO_BIN_EXE_cvpdf"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).ends_with("works\n"), "{}", stdout(&out));
}

/// `--language` goes over what the file says: a German JSON Resume file built in French
/// gets French section titles and dates, and the PDF says French; a tag that is not one
/// is a usage error.
#[test]
fn language_option_goes_over_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let german = common::repo().join("tests/fixtures/jsonresume/de.resume.json");
    let out = dir.path().join("cv.pdf");
    let build = |language: &str| {
        cvpdf(&[
            "build",
            german.to_str().unwrap(),
            "--language",
            language,
            "-o",
            out.to_str().unwrap(),
        ])
    };
    let result = build("fr");
    assert!(result.status.success(), "{}", stderr(&result));
    let text = text_of(&out);
    assert!(text.to_lowercase().contains("expérience professionnelle"), "{text}");
    assert!(text.contains("aujourd’hui") && !text.contains("heute"), "{text}");
    assert!(!text.to_lowercase().contains("berufserfahrung"), "{text}");
    let info = tool("pdfinfo", &["-meta", out.to_str().unwrap()]);
    assert!(info.contains("<rdf:li>fr</rdf:li>"), "{info}");

    let before = std::fs::read(&out).unwrap();
    let result = build("not a tag");
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    assert!(stderr(&result).contains("BCP 47"), "{}", stderr(&result));
    assert_eq!(std::fs::read(&out).unwrap(), before, "the PDF is left as it was");
}
