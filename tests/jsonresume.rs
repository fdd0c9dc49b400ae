//! JSON Resume files (`cvpdf build resume.json`): the schema's own samples build with every
//! preset and print every string they hold; messy files warn at the right line; a value of
//! the wrong type stops the build at its place; non-Latin résumés build.
//!
//! The samples in tests/fixtures/jsonresume/ come from the @jsonresume/schema npm package
//! (see the README there); the other fixtures were written for these tests.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/jsonresume").join(name)
}

/// The schema package's résumés.
const SAMPLES: [&str; 4] = [
    "sample.resume.json",
    "examples/career-changer.resume.json",
    "examples/new-grad.resume.json",
    "examples/senior-engineer.resume.json",
];

/// Build `input` into `dir` with `layout`; returns the PDF's path and stderr.
fn build(input: &Path, layout: &str, dir: &Path) -> (PathBuf, String) {
    let stem = input.file_stem().unwrap().to_string_lossy();
    let out = dir.join(format!("{stem}-{layout}.pdf"));
    let args = ["build", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--layout", layout];
    let result = cvpdf(&args);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(
        result.status.success(),
        "building {} with {layout} failed:\n{stderr}",
        input.display()
    );
    (out, stderr)
}

/// Text with every kind of whitespace removed: pdftotext breaks lines where the layout did,
/// also where no space was (after a slash or a dash, between CJK characters), so compare
/// the characters alone. Hyphenation needs nothing: poppler rejoins hyphenated line ends,
/// and cvpdf never breaks after a hyphen the author wrote.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Keys whose values are not printed as written, with why.
const NOT_PRINTED_AS_WRITTEN: [&str; 12] = [
    // Printed without their scheme ("piedpiper.example.com"), or only as a link target
    // behind a label ("Twitter: neutralthoughts"), and long ones broken over lines.
    "url",
    "website",
    // Photos are not printed (a warning says so); the samples leave them empty anyway.
    "image",
    "picture",
    // Formatted for the page: "2013-12-01" becomes "Dec 2013".
    "startDate",
    "endDate",
    "date",
    "releaseDate",
    // About the file, not the person: not printed.
    "$schema",
    "canonical",
    "version",
    "lastModified",
];

/// Every string value in the JSON, with the key it is under, skipping the keys above.
fn strings(value: &serde_json::Value, key: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s)
            if !NOT_PRINTED_AS_WRITTEN.contains(&key) && !s.trim().is_empty() =>
        {
            out.push((key.to_string(), s.clone()));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, key, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| strings(v, k, out)),
        _ => {}
    }
}

fn json(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

/// `basics.name` of a fixture.
fn name(fixture: &str) -> String {
    json(fixture)["basics"]["name"].as_str().unwrap().to_string()
}

#[test]
fn the_schema_samples_build_with_every_preset() {
    let dir = tempfile::tempdir().unwrap();
    for sample in SAMPLES {
        for layout in PRESETS {
            let (pdf, stderr) = build(&fixture(sample), layout, dir.path());
            let text = pdftotext(&pdf);
            assert!(text.contains(&name(sample)), "{sample} with {layout}:\n{text}");
            assert!(!stderr.contains("warning"), "{sample} with {layout} warned:\n{stderr}");
        }
    }
}

#[test]
fn every_string_of_the_schema_samples_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    for sample in SAMPLES {
        let mut expected = Vec::new();
        strings(&json(sample), "", &mut expected);
        assert!(expected.len() > 50, "{sample}: only {} strings", expected.len());
        let (pdf, _) = build(&fixture(sample), "detailed", dir.path());
        let printed = squeezed(&pdftotext(&pdf));
        let missing: Vec<String> = expected
            .iter()
            .filter(|(_, s)| !printed.contains(&squeezed(s)))
            .map(|(key, s)| format!("{key}: {s}"))
            .collect();
        assert!(missing.is_empty(), "{sample}: not in the PDF:\n{}", missing.join("\n"));
    }
}

#[test]
fn sections_have_the_schema_order_and_entries_their_titles_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = build(&fixture("sample.resume.json"), "detailed", dir.path());
    let text = pdftotext(&pdf);
    let headings: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.len() > 3 && l.chars().all(|c| c.is_ascii_uppercase()))
        .collect();
    assert_eq!(
        headings,
        [
            "EXPERIENCE",
            "VOLUNTEERING",
            "EDUCATION",
            "AWARDS",
            "PUBLICATIONS",
            "SKILLS",
            "LANGUAGES",
            "INTERESTS",
            "REFERENCES",
            "PROJECTS"
        ]
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "Pied Piper, CEO/President",
        "Dec 2013 – Dec 2014",
        "University of Oklahoma, Bachelor, Information Technology",
        "Web Development HTML, CSS, Javascript (Master)",
        "Miss Direction, Smoogle",
        "Twitter: neutralthoughts",
    ] {
        assert!(flat.contains(line), "`{line}` not in:\n{flat}");
    }
}

/// The 1-based line of the first line holding `needle` in a fixture.
fn line_of(name: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    text.lines().position(|l| l.contains(needle)).expect("the needle is in the fixture") + 1
}

#[test]
fn a_messy_file_builds_and_warns_at_each_repair() {
    let dir = tempfile::tempdir().unwrap();
    let name = "messy.resume.json";
    let (pdf, stderr) = build(&fixture(name), "detailed", dir.path());
    for (needle, message) in [
        (r#""picture""#, "the photo is a web address, which cvpdf does not fetch"),
        (r#""highlights": "Cut median"#, "`highlights` should be a list"),
        (r#""hightlights""#, "did you mean `highlights`?"),
        (r#""courses": "Compilers""#, "`courses` should be a list"),
        (r#""keywords": "Bazel, Nix""#, "`keywords` should be a list"),
        (r#""hobbies""#, "`hobbies` is not a JSON Resume field"),
        (r#""highlights": []"#, "has no `name` or `position`: it is left out"),
    ] {
        let line = line_of(name, needle);
        // An object's warning points at its `{`, the line above its first key.
        let line = if needle.contains("[]") { line - 2 } else { line };
        let place = format!("{name}:{line}:");
        let report = stderr.split("warning: ").find(|w| w.contains(&place));
        let report = report.unwrap_or_else(|| panic!("no warning at {place} in:\n{stderr}"));
        assert!(report.contains(message), "expected `{message}` at {place}:\n{report}");
    }
    assert_eq!(stderr.matches("warning: ").count(), 7, "{stderr}");
    for quiet in ["x-internal-note", "x-timezone", "_id", "\"id\"", "icon", "theme", "$schema"] {
        assert!(!stderr.contains(quiet), "`{quiet}` should be accepted silently:\n{stderr}");
    }
    let text = pdftotext(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for printed in [
        "Platform engineer — C++ & *nix",
        "`make`, CI, *nix hosts.",
        "a [bracket] and <angle> text.",
        r"Backslash \ and star * and **double** stay as typed",
        "https://example.org/a_(b)*)",
        "Hafenlicht GmbH, Staff Platform Engineer",
        "Apr 2021 – present",
        "Feb 2018 – present",
        "2016 – present",
        "Jun 2015 – present",
        "GitHub: morgan-on",
        "German: Native",
        "Bazel, Nix (Expert)",
        "1.7",
    ] {
        assert!(flat.contains(printed), "`{printed}` not in:\n{flat}");
    }
    // Each `\n` of the summary starts a paragraph: three lines.
    let summary: Vec<&str> =
        text.lines().skip_while(|l| !l.starts_with("I build")).take(3).collect();
    assert_eq!(summary[1], "Second line: a new paragraph, with a [bracket] and <angle> text.");
    assert_eq!(summary[2], "Third, after a blank line.");
}

#[test]
fn a_value_of_the_wrong_type_stops_the_build_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("wrong-type.resume.json");
    let out = dir.path().join("cv.pdf");
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: `position` should be text, not an object"), "{stderr}");
    let line = line_of("wrong-type.resume.json", r#""position""#);
    assert!(stderr.contains(&format!("wrong-type.resume.json:{line}:19")), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn broken_json_is_located() {
    let dir = tempfile::tempdir().unwrap();
    for (json, place) in [
        ("{\"basics\": {\"name\": \"A\"\n  \"label\": \"B\"}}", "cv.json:2:3"),
        (
            "{\"basics\": {\"name\": \"A\"},\n\"work\": [{\"name\": \"B\", \"startDate\": \"2019-13\"}]}",
            "cv.json:2:37",
        ),
        // A byte-order mark, as some Windows editors write, moves nothing.
        (
            "\u{feff}{\"basics\": {\"name\": \"A\"},\n\"work\": [{\"name\": \"B\", \"startDate\": \"2019-13\"}]}",
            "cv.json:2:37",
        ),
    ] {
        let input = dir.path().join("cv.json");
        std::fs::write(&input, json).unwrap();
        let out = dir.path().join("cv.pdf");
        let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(place), "expected {place} in:\n{stderr}");
    }
}

#[test]
fn json_is_recognised_by_its_content_too() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("resume.txt");
    std::fs::copy(fixture("sample.resume.json"), &input).unwrap();
    let (pdf, _) = build(&input, "detailed", dir.path());
    assert!(pdftotext(&pdf).contains("Richard Hendriks"));
}

#[test]
fn non_latin_resumes_build_with_titles_in_their_language() {
    let dir = tempfile::tempdir().unwrap();
    for (name, person, experience) in [
        ("zh.resume.json", "王晓明", "工作经历"),
        ("ja.resume.json", "佐藤 花子", "職歴"),
        ("ru.resume.json", "Анна Смирнова", "Опыт работы"),
        ("fr.resume.json", "Élodie Lefèvre", "Expérience professionnelle"),
        ("de.resume.json", "Jürgen Weiß", "Berufserfahrung"),
    ] {
        let (pdf, stderr) = build(&fixture(name), "detailed", dir.path());
        assert!(!stderr.contains("warning: `"), "{name} warned:\n{stderr}");
        let text = squeezed(&pdftotext(&pdf)).to_lowercase();
        assert!(text.contains(&squeezed(person).to_lowercase()), "{name}: no {person} in {text}");
        assert!(text.contains(&squeezed(experience).to_lowercase()), "{name}: no {experience}");
    }
}

#[test]
fn a_file_that_does_not_say_its_language_is_read_in_the_one_its_name_or_text_is_in() {
    // The same fixtures without `meta.language`: the titles, dates and document language
    // are still theirs, with a warning that says where the language was taken from.
    let dir = tempfile::tempdir().unwrap();
    for (name, tag, experience) in [
        ("de.resume.json", "de", "Berufserfahrung"),
        ("fr.resume.json", "fr", "Expérience professionnelle"),
        ("ru.resume.json", "ru", "Опыт работы"),
        ("zh.resume.json", "zh", "工作经历"),
    ] {
        let mut value = json(name);
        value.as_object_mut().unwrap().remove("meta");
        let text = serde_json::to_string_pretty(&value).unwrap();
        for (file, from) in
            [("resume.json", "its text"), (&*format!("resume.{tag}.json"), "its file's name")]
        {
            let input = dir.path().join(file);
            std::fs::write(&input, &text).unwrap();
            let (pdf, stderr) = build(&input, "detailed", dir.path());
            let said = format!("it is taken as `{tag}`, from {from}");
            assert!(stderr.contains(&said), "{name} as {file}: {stderr}");
            let text = squeezed(&pdftotext(&pdf)).to_lowercase();
            assert!(text.contains(&squeezed(experience).to_lowercase()), "{name}: no {experience}");
            let info = tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
            let language = format!("<dc:language><rdf:Bag><rdf:li>{tag}</rdf:li>");
            assert!(info.contains(&language), "{name}: {info}");
        }
    }
    // The schema's English samples say nothing.
    let (_, stderr) = build(&fixture("sample.resume.json"), "detailed", dir.path());
    assert!(!stderr.contains("does not say its language"), "{stderr}");
}

/// Korean is read and titled, but no font cvpdf bundles has Hangul, so it cannot be typeset
/// yet (the build says which character no font has).
#[test]
fn a_korean_resume_is_read_with_korean_titles() {
    let text = std::fs::read_to_string(fixture("ko.resume.json")).unwrap();
    let source = cvpdf::diag::Source::new("ko.resume.json", text);
    let loaded = cvpdf::model::read(&source, None).unwrap();
    assert!(loaded.warnings.is_empty());
    let resume = loaded.resume;
    assert_eq!(resume.name.plain(), "김민준");
    assert_eq!(resume.language, "ko");
    let titles: Vec<String> = resume.sections.iter().map(|s| s.title.plain()).collect();
    assert_eq!(titles, ["경력", "학력", "기술"]);
    let work = &resume.sections[0].entries[0];
    assert_eq!(
        work.when,
        Some(cvpdf::model::When::Range(
            cvpdf::model::Date::parse("2021-01").unwrap(),
            cvpdf::model::End::Present
        ))
    );
}

#[test]
fn a_korean_resume_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = build(&fixture("ko.resume.json"), "detailed", dir.path());
    assert!(squeezed(&pdftotext(&pdf)).contains("김민준"));
}

#[test]
fn fields_outside_the_schema_are_printed_and_oddities_warn_once() {
    let dir = tempfile::tempdir().unwrap();
    let name = "extensions.resume.json";
    for layout in common::PRESETS {
        let (pdf, stderr) = build(&fixture(name), layout, dir.path());
        let text = squeezed(&pdftotext(&pdf));
        for field in [
            "ilse.example.org",                             // basics.links: an address
            "in/ilse-marquardt",                            // basics.links: an object
            "Kubernetes, Terraform, Go",                    // work[].keywords
            "Tafel Hamburg",                                // volunteer[].name
            "Unfinished degree: left after the third year", // education[].description
            "Numerical Methods",                            // education[].courses
            "Jun 2019 – Mar 2017",                          // inverted, as written
        ] {
            assert!(text.contains(&squeezed(field)), "{layout}: `{field}` is not in the PDF");
        }
        assert!(!text.contains("Mentored"), "{layout}: highlightGroups is not read");
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
        assert_eq!(
            warnings,
            [
                "warning: 3 fields are not JSON Resume fields and are ignored: `pronouns`, \
                 `highlightGroups`, `team`",
                "warning: end (2017-03) is before start (2019-06)",
            ],
            "{layout}"
        );
        let place = format!("{name}:{}:", line_of(name, r#""pronouns""#));
        assert!(stderr.contains(&place), "{layout}: the summary is at the first: {stderr}");
    }
}

#[test]
fn any_section_alone_builds_without_a_name() {
    // The schema's own test files hold one section each, many without `basics`, some
    // with nulls: each builds, with one warning, that the résumé has no name.
    let sections = [
        r#""work": [{"name": "Acme", "position": "Dev", "startDate": "2020-01", "summary": null}]"#,
        r#""volunteer": [{"organization": "Org", "highlights": null}]"#,
        r#""education": [{"institution": "MIT", "courses": [], "score": null}]"#,
        r#""awards": [{"title": "Prize", "date": "2019"}]"#,
        r#""certificates": [{"name": "CKA", "issuer": "CNCF"}]"#,
        r#""publications": [{"name": "Paper", "releaseDate": "2018-05-01"}]"#,
        r#""skills": [{"name": "Rust", "keywords": ["async"]}]"#,
        r#""languages": [{"language": "German", "fluency": "Native"}]"#,
        r#""interests": [{"name": "Chess"}]"#,
        r#""references": [{"name": "Jane", "reference": "Great."}]"#,
        r#""projects": [{"name": "cvpdf", "startDate": "2024-01", "endDate": null}]"#,
        r#""meta": {"version": "v1.0.0"}"#,
        r#""basics": null"#,
        r#""basics": {"name": null, "label": "Dev"}"#,
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, section) in sections.iter().enumerate() {
        let input = dir.path().join(format!("s{i}.json"));
        std::fs::write(&input, format!("{{{section}}}")).unwrap();
        let (_, stderr) = build(&input, "detailed", dir.path());
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
        assert_eq!(
            warnings,
            ["warning: the résumé has no name: it is built without one"],
            "{section}"
        );
    }
}
