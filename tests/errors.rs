//! Bad input: each case gives a clear message at the right line:column, exit code 2,
//! and leaves no output behind (an existing PDF stays byte for byte as it was).

mod common;

use std::path::Path;

use common::*;

/// Build `yaml` and expect failure; returns stderr. Checks the exit code and that the
/// existing output file was not touched.
fn fails(yaml: &str, code: i32, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, yaml).unwrap();
    let output = dir.path().join("cv.pdf");
    std::fs::write(&output, b"the last good PDF").unwrap();
    let mut args = vec!["build", input.to_str().unwrap(), "-o", output.to_str().unwrap()];
    args.extend_from_slice(extra);
    let result = cvpdf(&args);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(code), "{stderr}");
    assert_eq!(std::fs::read(&output).unwrap(), b"the last good PDF", "output was changed");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 2, "a temporary file was left behind");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// The report names `cv.yaml:line:column` and puts a caret under the right column.
fn assert_points_at(stderr: &str, line: usize, column: usize) {
    let location = format!("cv.yaml:{line}:{column}");
    assert!(stderr.contains(&location), "expected {location} in:\n{stderr}");
    let caret_line = stderr.lines().find(|l| l.trim_start().starts_with("|") && l.contains('^'));
    let caret_line = caret_line.unwrap_or_else(|| panic!("no caret in:\n{stderr}"));
    let gutter = caret_line.find('|').unwrap() + 2;
    assert_eq!(caret_line.find('^').unwrap() - gutter + 1, column, "caret column in:\n{stderr}");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let stderr =
        fails("name: Ada\nsections:\n  - title: Work\n    entries:\n      - titel: X\n", 2, &[]);
    assert!(stderr.contains("unknown field `titel`"), "{stderr}");
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    assert_points_at(&stderr, 5, 9);
}

#[test]
fn other_formats_field_names_get_cvpdfs() {
    let entry = |field: &str| {
        let yaml = format!(
            "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: X\n        {field}: 2020-01\n"
        );
        fails(&yaml, 2, &[])
    };
    let stderr = entry("start_date");
    assert!(stderr.contains("cvpdf calls it `start`"), "{stderr}");
    assert_points_at(&stderr, 6, 9);
    assert!(entry("endDate").contains("cvpdf calls it `end`"));
    assert!(entry("detailed_only").contains("cvpdf's names use dashes: `detailed-only`"));
    let stderr = fails("name: Ada\nlabel: Engineer\n", 2, &[]);
    assert!(stderr.contains("cvpdf calls it `headline`"), "{stderr}");
}

#[test]
fn everyday_yaml_slips_get_the_fix() {
    let entry = "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: X\n";
    let stderr = fails(&format!("{entry}        bullets:\n          - **Led** it\n"), 2, &[]);
    assert!(stderr.contains(r#"hint: quote it: `- "**Led** it"`"#), "{stderr}");
    assert_points_at(&stderr, 7, 13);
    let stderr = fails("name: Ada\nheadline: @home\n", 2, &[]);
    assert!(stderr.contains("a YAML value cannot start with `@`"), "{stderr}");
    let stderr = fails(&format!("{entry}       subtitle: Y\n"), 2, &[]);
    assert!(stderr.contains("indent it by 8 spaces"), "{stderr}");
}

#[test]
fn five_mistakes_give_five_errors_in_one_run() {
    let yaml = "name: Ada\nemail: ada-at-home\nsections:\n  - title: Work\n    entries:\n      - title: Acme\n        start: 2019-13\n        end: present\n        url: ftp://x.example\n      - title: Babbage\n        date: 2020\n        tags: [two words]\n  - title: Skills\n    rows:\n      - label: Rust\n        text: \"\"\n";
    let stderr = fails(yaml, 2, &[]);
    assert_eq!(places(&stderr), [":2:8", ":7:16", ":9:14", ":12:16", ":16:15", ""], "{stderr}");
    assert!(stderr.contains("error: 5 mistakes in this file\n"), "{stderr}");
    // Unknown keys too, though serde stops at the first.
    let stderr = fails(
        "name: Ada\nheadlin: x\nsumary: y\nlinks:\n  - url: https://a.example\n    labl: A\n",
        2,
        &[],
    );
    for (key, line) in [("headlin", 2), ("sumary", 3), ("labl", 6)] {
        assert!(stderr.contains(&format!("unknown field `{key}`")), "{stderr}");
        assert!(stderr.contains(&format!("cv.yaml:{line}:")), "{stderr}");
    }
    assert!(stderr.contains("3 mistakes in this file"), "{stderr}");
}

/// The `-->` places of a report, without the file's name.
fn places(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("--> "))
        .map(|l| l.rsplit("cv.yaml").next().unwrap())
        .collect()
}

#[test]
fn imported_files_report_every_mistake_in_one_run() {
    // JSON Resume: values of the wrong type (the importer's) and a month that does not
    // exist (the model's), in one report, in file order.
    let json = r#"{
  "basics": {"name": "Ann Lee", "label": ["x"], "email": {"a": 1}},
  "work": [
    {"name": "Acme", "startDate": "2019-13", "highlights": true},
    {"name": ["Beta"], "position": "Dev"},
    {"name": "Gamma", "location": [1]}
  ],
  "skills": [{"name": "Rust"}, "oops"]
}"#;
    let stderr = fails(json, 2, &[]);
    let expected = [":2:42", ":2:58", ":4:35", ":4:60", ":5:14", ":6:35", ":8:32", ""];
    assert_eq!(places(&stderr), expected, "{stderr}");
    assert!(stderr.contains("error: 7 mistakes in this file\n"), "{stderr}");
    assert!(stderr.contains("month 13 does not exist"), "{stderr}");

    // RenderCV: fields, entries and sections, each left out and the next one read.
    let yaml = "cv:\n  name: Ann Lee\n  headline: [a, b]\n  email: {x: 1}\n  sections:\n    experience:\n      - company: Acme\n        position: [Dev]\n        start_date: 2019-13\n      - foo: bar\n    skills: text here\n    education:\n      - institution: MIT\n        area: CS\n        degree: [BS]\n";
    let stderr = fails(yaml, 2, &[]);
    let expected = [":3:13", ":4:10", ":8:19", ":10:9", ":11:13", ":15:17", ""];
    assert_eq!(places(&stderr), expected, "{stderr}");
    assert!(stderr.contains("error: 6 mistakes in this file\n"), "{stderr}");
}

#[test]
fn a_flood_of_mistakes_shows_the_first_twenty_and_counts_the_rest() {
    let mut yaml = String::from("name: Ada\nsections:\n  - title: Work\n    entries:\n");
    for i in 0..50 {
        yaml.push_str(&format!("      - title: E{i}\n        date: 2019-13\n"));
    }
    let stderr = fails(&yaml, 2, &[]);
    assert_eq!(stderr.matches("month 13 does not exist").count(), 20, "{stderr}");
    assert!(stderr.contains("50 mistakes in this file (the first 20 are shown)"), "{stderr}");
}

#[test]
fn wrong_type_is_located() {
    let stderr = fails("name: Ada\nsections: just text\n", 2, &[]);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_points_at(&stderr, 2, 11);
}

#[test]
fn impossible_month_points_at_the_value() {
    let yaml = "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: X\n        start: 2019-13\n        end: present\n";
    let stderr = fails(yaml, 2, &[]);
    assert!(stderr.contains("month 13 does not exist"), "{stderr}");
    assert_points_at(&stderr, 6, 16);
}

#[test]
fn a_byte_order_mark_moves_no_place() {
    let yaml = "\u{feff}name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: X\n        start: 2019-13\n        end: present\n";
    let stderr = fails(yaml, 2, &[]);
    assert!(stderr.contains("month 13 does not exist"), "{stderr}");
    assert_points_at(&stderr, 6, 16);
}

#[test]
fn end_before_start_warns_at_the_end_and_prints_as_written() {
    let yaml = "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: X\n        start: 2019\n        end: 2017\n";
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, yaml).unwrap();
    let output = dir.path().join("cv.pdf");
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(stderr.starts_with("warning: end (2017) is before start (2019)"), "{stderr}");
    assert_points_at(&stderr, 7, 14);
    assert!(pdftotext(&output).contains("2019 – 2017"));
}

#[test]
fn words_are_not_dates() {
    let yaml = "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: X\n        date: yesterday\n";
    let stderr = fails(yaml, 2, &[]);
    assert!(stderr.contains("`yesterday` is not a date"), "{stderr}");
    assert_points_at(&stderr, 6, 15);
}

#[test]
fn syntax_errors_are_located() {
    let stderr = fails("name: 'Ada\nheadline: x\n", 2, &[]);
    assert!(stderr.contains("cv.yaml:"), "{stderr}");
    let stderr = fails("name: Ada\nsections:\n\t- title: x\n", 2, &[]);
    assert!(stderr.contains("cv.yaml:3:"), "{stderr}");
}

#[test]
fn empty_files_and_missing_names() {
    let stderr = fails("", 2, &[]);
    assert!(stderr.contains("the file is empty"), "{stderr}");
    let stderr = fails("# only a comment\n", 2, &[]);
    assert!(stderr.contains("the file is empty"), "{stderr}");
    let stderr = fails("headline: x\n", 2, &[]);
    assert!(stderr.contains("missing field `name`"), "{stderr}");
}

#[test]
fn a_character_no_font_covers_is_named_and_located() {
    let stderr = fails("name: Ada\nsummary: Hello \u{E000} world\n", 2, &[]);
    assert!(stderr.contains("no font has the private-use character"), "{stderr}");
    assert!(stderr.contains("U+E000"), "{stderr}");
    assert_points_at(&stderr, 2, 16);
}

#[test]
fn bad_markup_links_are_located() {
    let stderr = fails("name: Ada\nsummary: see [this](ht tp://x)\n", 2, &[]);
    assert!(stderr.contains("cv.yaml:2:"), "{stderr}");
}

#[test]
fn bad_email_is_located() {
    let stderr = fails("name: Ada\nemail: ada.example.org\n", 2, &[]);
    assert!(stderr.contains("is not an e-mail address"), "{stderr}");
    assert_points_at(&stderr, 2, 8);
}

#[test]
fn unknown_layout_suggests_a_preset() {
    let stderr = fails("name: Ada\nsummary: x\n", 2, &["--layout", "one-pgae"]);
    assert!(stderr.contains("unknown layout `one-pgae`"), "{stderr}");
    assert!(stderr.contains("did you mean `one-page`?"), "{stderr}");
}

#[test]
fn bad_layout_values_are_located_in_the_layout_file() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("my.yaml");
    let preset = std::fs::read_to_string(repo().join("layouts/base.yaml")).unwrap();
    std::fs::write(&layout, preset.replace("  body: 10.5", "  body: 0")).unwrap();
    let stderr = fails("name: Ada\nsummary: x\n", 2, &["--layout", layout.to_str().unwrap()]);
    assert!(stderr.contains("body size 0 is out of range"), "{stderr}");
    assert!(stderr.contains("my.yaml:"), "{stderr}");
}

#[test]
fn a_layout_file_reports_every_mistake_in_one_run() {
    // Unknown keys (serde stops at the first; the others are found by reading again
    // without it, including one with lines under it) and values out of range, in order.
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("my.yaml");
    let text = "extends: detailed\nsizes:\n  body: 10\n  nmae: 20\ncolours:\n  accent: \"#12345\"\nheading:\n  case: shout\n  rulee: 1pt\nspacing:\n  section: 900pt\nmarginz:\n  top: 1cm\n  bottom: 1cm\n";
    let places = |stderr: &str| -> Vec<String> {
        stderr
            .lines()
            .filter(|l| l.trim_start().starts_with("--> "))
            .map(|l| l.rsplit("my.yaml").next().unwrap().to_string())
            .collect()
    };
    std::fs::write(&layout, text).unwrap();
    let stderr = fails("name: Ada\nsummary: x\n", 2, &["--layout", layout.to_str().unwrap()]);
    let expected = [":4:3", ":6:11", ":8:9", ":9:3", ":11:12", ":12:1", ""];
    assert_eq!(places(&stderr), expected, "{stderr}");
    assert!(stderr.contains("error: 6 mistakes in this file\n"), "{stderr}");
    // An unknown key inside `{…}` cannot be taken out alone: reading ends there, with the
    // unknown keys found before it.
    std::fs::write(&layout, format!("{text}footer: {{ text: x, sise: 3 }}\n")).unwrap();
    let stderr = fails("name: Ada\nsummary: x\n", 2, &["--layout", layout.to_str().unwrap()]);
    assert_eq!(places(&stderr), [":4:3", ":9:3", ":12:1", ":15:20", ""], "{stderr}");
}

#[test]
fn invalid_utf8_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, b"name: Ada\nsummary: \xff\xfe\n").unwrap();
    let result = cvpdf(&["build", input.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("not UTF-8"));
    assert!(!dir.path().join("cv.pdf").exists());
}

#[test]
fn output_equal_to_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, "name: Ada\nsummary: x\n").unwrap();
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", input.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "name: Ada\nsummary: x\n");
}

#[test]
fn output_under_a_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, "name: Ada\nsummary: x\n").unwrap();
    // A missing folder is made (tests/cli.rs); a file where the folder should be is not.
    let out = input.join("cv.pdf");
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(!Path::new(&out).exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing is written");
}

#[test]
fn a_failed_build_makes_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, "name: [\n").unwrap();
    let out = dir.path().join("missing/cv.pdf");
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn a_good_minimal_resume_builds_beside_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, "name: Ada Lovelace\nsummary: I write **programs**.\n").unwrap();
    let result = cvpdf(&["build", input.to_str().unwrap()]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("cv.pdf: 1 page,"), "{stdout}");
    assert!(std::fs::read(dir.path().join("cv.pdf")).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn empty_titles_and_bullets_are_located() {
    let yaml = "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: X\n        bullets:\n          - \"\"\n";
    let stderr = fails(yaml, 2, &[]);
    assert!(stderr.contains("this text is empty"), "{stderr}");
    assert_points_at(&stderr, 7, 13);
}

#[test]
fn a_decimal_date_gets_a_date_message() {
    let yaml = "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: X\n        date: 2019.06\n";
    let stderr = fails(yaml, 2, &[]);
    assert!(stderr.contains("not a date: write YYYY-MM"), "{stderr}");
    assert_points_at(&stderr, 6, 15);
}

#[test]
fn layouts_are_listed_and_shown_in_a_form_that_builds() {
    let list = cvpdf(&["layouts"]);
    let list = String::from_utf8_lossy(&list.stdout);
    for name in PRESETS {
        assert!(list.lines().any(|l| l.starts_with(name)), "{name} missing from:\n{list}");
    }
    let shown = cvpdf(&["layouts", "show", "classic"]);
    assert!(shown.status.success());
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("mine.yaml");
    std::fs::write(&layout, &shown.stdout).unwrap();
    let out = dir.path().join("liu.pdf");
    let input = example("liu");
    let result = cvpdf(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--layout",
        layout.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let unknown = cvpdf(&["layouts", "show", "clasic"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `classic`?"));
}

#[test]
fn a_resumes_layout_block_is_checked_in_the_resume_file() {
    let stderr = fails("name: Ada\nsummary: x\nlayout:\n  sizes: { bdy: 3 }\n", 2, &[]);
    assert!(stderr.contains("did you mean `body`?"), "{stderr}");
    assert_points_at(&stderr, 4, 12);
    // It extends a preset only, named right.
    let stderr = fails("name: Ada\nsummary: x\nlayout:\n  extends: clasic\n", 2, &[]);
    assert!(stderr.contains("`clasic` is none"), "{stderr}");
    assert!(stderr.contains("did you mean `classic`?"), "{stderr}");
    assert_points_at(&stderr, 4, 12);
    let stderr = fails("name: Ada\nsummary: x\nlayout:\n  extends: ./mine.yaml\n", 2, &[]);
    assert!(stderr.contains("a layout file is chosen with --layout"), "{stderr}");
}

#[test]
fn month_names_are_the_twelve_or_none() {
    let stderr =
        fails("name: Ada\nsummary: x\nlayout:\n  dates: { month-names: [a, b] }\n", 2, &[]);
    assert!(stderr.contains("names the twelve months"), "{stderr}");
    assert_points_at(&stderr, 4, 25);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    let names = "[Ene, Feb, Mar, Abr, May, Jun, Jul, Ago, Sep, Oct, Nov, Dic]";
    let yaml = format!(
        "name: Ada\nlayout:\n  dates: {{ month-names: {names} }}\nsections:\n  - title: Work\n    entries:\n      - {{ title: Acme, start: 2020-01, end: 2021-08 }}\n"
    );
    std::fs::write(&input, yaml).unwrap();
    let out = dir.path().join("cv.pdf");
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert!(pdftotext(&out).contains("Ene 2020 – Ago 2021"));
}

#[test]
fn a_resumes_layout_block_chooses_its_preset_unless_the_command_does() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, "name: Ada\nsummary: x\nlayout:\n  extends: classic\n").unwrap();
    let pdf = |args: &[&str]| {
        let out = dir.path().join("cv.pdf");
        let mut all = vec!["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
        all.extend_from_slice(args);
        let result = cvpdf(&all);
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        (std::fs::read(out).unwrap(), String::from_utf8_lossy(&result.stderr).into_owned())
    };
    let (own, stderr) = pdf(&[]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let (classic, _) = pdf(&["--layout", "classic"]);
    assert_eq!(own, classic, "the block's preset is the layout");
    let (detailed, stderr) = pdf(&["--layout", "detailed"]);
    assert_ne!(own, detailed);
    assert!(
        stderr.contains("the résumé's layout extends `classic`: the layout is `detailed`"),
        "{stderr}"
    );
}

/// A bad layout and a bad résumé together: the layout's error is the one reported, on one
/// thread or with the layout resolved on a second while the résumé is read.
#[test]
fn a_bad_layout_is_reported_before_a_bad_resume_on_any_number_of_threads() {
    let source = cvpdf::diag::Source::new("cv.yaml", "name: [unclosed\n");
    for threads in [1, 2] {
        let options =
            cvpdf::Options { layout: "no-such-preset".into(), threads, ..Default::default() };
        let Err(cvpdf::diag::Error::Input(reports)) = cvpdf::build(&source, &options) else {
            panic!("{threads} thread(s): the build did not fail on its input");
        };
        let first = &reports[0];
        assert!(
            first.message.contains("no-such-preset") && first.file != "cv.yaml",
            "{threads} thread(s): the first error is not the layout's: {first:?}"
        );
    }
    // Inside a rayon pool, as the binary runs the library: the layout is resolved on the
    // pool's other thread.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let options =
        cvpdf::Options { layout: "no-such-preset".into(), threads: 2, ..Default::default() };
    let Err(cvpdf::diag::Error::Input(reports)) = pool.install(|| cvpdf::build(&source, &options))
    else {
        panic!("in a pool: the build did not fail on its input");
    };
    assert!(reports[0].message.contains("no-such-preset"), "in a pool: {:?}", reports[0]);
}
