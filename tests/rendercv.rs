//! RenderCV files: the samples `rendercv new` writes (2.3 and 2.8) and a file of the
//! oddities real ones have, built by the binary and read back with poppler.
//!
//! What is expected is read from the fixtures themselves, with a reader of RenderCV's
//! format written here, not with cvpdf's importer.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use common::*;

const SAMPLES: [&str; 2] = ["john-doe-2.3.yaml", "john-doe-2.8.yaml"];

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/rendercv").join(name)
}

/// Build `input` with `extra` arguments into `dir`; returns the PDF path, exit code and stderr.
fn run(input: &Path, dir: &Path, extra: &[&str]) -> (PathBuf, Option<i32>, String) {
    let stem = input.file_stem().unwrap().to_str().unwrap();
    let out = dir.join(format!("{stem}-{}.pdf", extra.join("-").replace(['/', ' '], "_")));
    let mut args = vec!["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let result = cvpdf(&args);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out, result.status.code(), stderr)
}

fn builds(input: &Path, dir: &Path, extra: &[&str]) -> (PathBuf, String) {
    let (out, code, stderr) = run(input, dir, extra);
    assert_eq!(code, Some(0), "building {} {extra:?} failed:\n{stderr}", input.display());
    (out, stderr)
}

/// Line and column (1-based) of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in the file"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (text[..at].matches('\n').count() + 1, text[line_start..at].chars().count() + 1)
}

// ---------------------------------------------------------------------------------------
// A reader of RenderCV's `cv.sections`, enough to know what a PDF must show.

#[derive(Deserialize)]
struct File {
    cv: Cv,
}

#[derive(Deserialize)]
struct Cv {
    name: String,
    sections: Sections,
}

/// Sections in file order.
struct Sections(Vec<(String, Vec<Entry>)>);

impl<'de> Deserialize<'de> for Sections {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SectionsVisitor;
        impl<'de> Visitor<'de> for SectionsVisitor {
            type Value = Sections;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("sections")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sections, A::Error> {
                let mut sections = Vec::new();
                while let Some((title, entries)) = map.next_entry()? {
                    sections.push((title, entries));
                }
                Ok(Sections(sections))
            }
        }
        deserializer.deserialize_map(SectionsVisitor)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Entry {
    Text(String),
    Fields(BTreeMap<String, Option<Field>>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Field {
    Text(String),
    Number(i64),
    List(Vec<String>),
}

impl Entry {
    /// RenderCV's entry type, told by the keys as RenderCV tells it.
    fn kind(&self) -> &'static str {
        let Entry::Fields(fields) = self else { return "TextEntry" };
        let has = |keys: &[&str]| keys.iter().any(|k| matches!(fields.get(*k), Some(Some(_))));
        if has(&["label", "details"]) {
            "OneLineEntry"
        } else if has(&["name"]) {
            "NormalEntry"
        } else if has(&["company", "position"]) {
            "ExperienceEntry"
        } else if has(&["institution", "area", "degree"]) {
            "EducationEntry"
        } else if has(&["title", "authors", "doi", "journal"]) {
            "PublicationEntry"
        } else if has(&["bullet"]) {
            "BulletEntry"
        } else if has(&["number"]) {
            "NumberedEntry"
        } else if has(&["reversed_number"]) {
            "ReversedNumberedEntry"
        } else {
            "unknown"
        }
    }

    /// The texts a reader must find in the PDF: every field but dates and links,
    /// highlights split at " - " as RenderCV splits them.
    fn texts(&self) -> Vec<String> {
        let fields = match self {
            Entry::Text(text) => return vec![text.clone()],
            Entry::Fields(fields) => fields,
        };
        let mut out = Vec::new();
        for key in [
            "institution",
            "area",
            "degree",
            "company",
            "position",
            "name",
            "title",
            "journal",
            "location",
            "summary",
            "label",
            "details",
            "bullet",
            "number",
            "reversed_number",
            "authors",
            "highlights",
        ] {
            match fields.get(key) {
                Some(Some(Field::Text(text))) if key == "highlights" => {
                    out.extend(text.split(" - ").map(String::from))
                }
                Some(Some(Field::Text(text))) => out.push(text.clone()),
                Some(Some(Field::Number(n))) => out.push(n.to_string()),
                Some(Some(Field::List(items))) => {
                    for item in items {
                        out.extend(item.split(" - ").map(String::from));
                    }
                }
                _ => {}
            }
        }
        out
    }
}

fn read_fixture(name: &str) -> (String, File) {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let file: File = serde_saphyr::from_str(&text).unwrap();
    (text, file)
}

/// Markdown as a reader sees it: `[text](url)` is "text", emphasis marks are gone.
fn unmarked(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").zip(after.find(')')) {
            Some((mid, close)) if mid < close => {
                out.push_str(&after[..mid]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace('*', "")
}

/// The words of a text, as compared with `pdftotext`: lower case, without the
/// punctuation a line may end with.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_end_matches([',', '.', ';', ':']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------

#[test]
fn the_samples_hold_all_nine_entry_types() {
    let all: BTreeSet<&str> = [
        "TextEntry",
        "EducationEntry",
        "ExperienceEntry",
        "NormalEntry",
        "PublicationEntry",
        "OneLineEntry",
        "BulletEntry",
        "NumberedEntry",
        "ReversedNumberedEntry",
    ]
    .into();
    for sample in SAMPLES {
        let (_, file) = read_fixture(sample);
        let kinds: BTreeSet<&str> = file
            .cv
            .sections
            .0
            .iter()
            .flat_map(|(_, entries)| entries.iter().map(Entry::kind))
            .collect();
        assert_eq!(kinds, all, "{sample}");
    }
}

#[test]
fn the_samples_build_with_every_preset() {
    let dir = tempfile::tempdir().unwrap();
    for sample in SAMPLES {
        for preset in PRESETS {
            let (pdf, stderr) = builds(&fixture(sample), dir.path(), &["--layout", preset]);
            assert!(!stderr.contains("error"), "{sample} {preset}:\n{stderr}");
            assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF-"));
        }
    }
}

#[test]
fn every_entry_of_the_samples_is_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    for sample in SAMPLES {
        let (_, file) = read_fixture(sample);
        let (pdf, _) = builds(&fixture(sample), dir.path(), &["--layout", "detailed"]);
        let extracted = pdftotext(&pdf);
        assert!(extracted.lines().any(|l| l.trim() == file.cv.name), "{sample}: no name line");
        let tokens: Vec<String> = words(&extracted);
        let found: BTreeSet<&str> = tokens.iter().map(String::as_str).collect();
        let mut checked = 0;
        for (title, entries) in &file.cv.sections.0 {
            for word in words(&title.replace('_', " ")) {
                assert!(found.contains(word.as_str()), "{sample}: section title word `{word}`");
            }
            for entry in entries {
                for text in entry.texts() {
                    for word in words(&unmarked(&text)) {
                        // A word broken at a line end comes back in two pieces.
                        let whole = found.contains(word.as_str())
                            || tokens.windows(2).any(|w| format!("{}{}", w[0], w[1]) == word);
                        assert!(whole, "{sample}: `{word}` of `{text}` is not in the PDF");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 250, "{sample}: only {checked} words checked");
    }
}

#[test]
fn design_page_size_chooses_the_paper_and_paper_goes_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let letter = fixture("john-doe-2.3.yaml");
    assert!(std::fs::read_to_string(&letter).unwrap().contains("    size: us-letter\n"));
    let (pdf, _) = builds(&letter, dir.path(), &[]);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");

    let (pdf, _) = builds(&letter, dir.path(), &["--paper", "a4"]);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("(A4)"), "--paper goes over the file: {info}");

    let a4 = dir.path().join("a4.yaml");
    let text = std::fs::read_to_string(&letter).unwrap().replace("size: us-letter", "size: a4");
    std::fs::write(&a4, text).unwrap();
    let (pdf, _) = builds(&a4, dir.path(), &["--layout", "classic"]);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("(A4)"), "{info}");
}

#[test]
fn design_options_cvpdf_does_not_use_are_warnings_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("oddities.yaml");
    let text = std::fs::read_to_string(&input).unwrap();
    let (_, stderr) = builds(&input, dir.path(), &[]);
    let name = input.display().to_string();
    for (message, needle) in [
        ("warning: design.colours is not used", "colours"),
        ("warning: the photo `", "photo.jpg"),
        ("warning: settings.bold_keywords is not applied", "bold_keywords"),
        ("warning: a NormalEntry: unknown key `stars` is not printed", "stars"),
        ("warning: section `Patents` has no entries", "patents"),
    ] {
        let (line, column) = position(&text, needle);
        let at = stderr.find(message).unwrap_or_else(|| panic!("no `{message}` in:\n{stderr}"));
        let place = format!("{name}:{line}:{column}");
        let report = &stderr[at..];
        let report = &report[..report[1..].find("\nwarning").map_or(report.len(), |i| i + 1)];
        assert!(report.contains(&place), "`{message}` is not at {place}:\n{report}");
    }
    assert!(stderr.contains("did you mean `colors`?"), "{stderr}");
    assert!(!stderr.contains("top_margin"), "a margin is used: {stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn every_rendercv_theme_has_a_nearest_preset() {
    let themes = [
        ("classic", "detailed"),
        ("engineeringclassic", "classic"),
        ("engineeringresumes", "classic"),
        ("sb2nov", "engineering"),
        ("ink", "ink"),
        ("ember", "ember"),
        ("harvard", "harvard"),
        ("moderncv", "timeline"),
        ("opal", "opal"),
    ];
    for (theme, nearest) in themes {
        let yaml = format!("cv:\n  name: Jane\ndesign:\n  theme: {theme}\n");
        let source = cvpdf::diag::Source::new("cv.yaml", yaml);
        let loaded = cvpdf::model::read(&source, None).unwrap_or_else(|d| panic!("{}", d.message));
        let file = loaded.preset.unwrap_or_else(|| panic!("{theme}: no preset"));
        let preset = file.preset;
        assert_eq!(preset, nearest, "{theme}");
        assert!(cvpdf::style::PRESETS.iter().any(|(name, _)| *name == preset), "{theme}");
        assert!(loaded.warnings.is_empty(), "{theme}: {:?}", loaded.warnings);
        // The themes with icons on the contact line have them here too: their preset's, or
        // the file's layout values over it.
        let style = cvpdf::style::resolve(preset).unwrap_or_else(|(_, d)| panic!("{}", d.message));
        let icons = style.contact_icons
            || file.layout.as_deref().is_some_and(|layout| layout.contains("icons: true"));
        let themed = ["classic", "engineeringclassic", "moderncv", "opal"].contains(&theme);
        assert_eq!(icons, themed, "{theme}");
    }
    // A theme cvpdf does not know is a warning at it.
    let source = cvpdf::diag::Source::new("cv.yaml", "cv:\n  name: Jane\ndesign:\n  theme: mine\n");
    let loaded = cvpdf::model::read(&source, None).unwrap();
    assert_eq!(loaded.preset, None);
    assert!(loaded.warnings[0].message.contains("`mine` is not a RenderCV theme"));
}

#[test]
fn without_layout_the_theme_chooses_the_preset() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("Jane_CV.yaml");
    let yaml = "cv:\n  name: Jane Roe\n  sections:\n    experience:\n      - company: Acme\n        position: Engineer\n        start_date: 2020-01\n        end_date: present\ndesign:\n  theme: sb2nov\n";
    std::fs::write(&input, yaml).unwrap();
    // No --layout: built as `--layout engineering` builds it, and nothing to say.
    let (chosen, stderr) = builds(&input, dir.path(), &[]);
    assert!(!stderr.contains("design.theme"), "{stderr}");
    let (engineering, stderr) = builds(&input, dir.path(), &["--layout", "engineering"]);
    assert!(!stderr.contains("design.theme"), "the layout is the theme's own: {stderr}");
    assert_eq!(std::fs::read(&chosen).unwrap(), std::fs::read(&engineering).unwrap());
    // Another --layout wins, and says so at the theme.
    let (detailed, stderr) = builds(&input, dir.path(), &["--layout", "detailed"]);
    assert!(
        stderr.contains("design.theme `sb2nov` is not used: the layout is `detailed`"),
        "{stderr}"
    );
    assert!(stderr.contains("Jane_CV.yaml:10:10"), "{stderr}");
    assert!(stderr.contains("`--layout engineering`"), "{stderr}");
    assert_ne!(std::fs::read(&chosen).unwrap(), std::fs::read(&detailed).unwrap());
    // `check` names the layout it used.
    let out = cvpdf(&["check", input.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("with `engineering`"), "{stdout}");
    // In a batch the PDF's name says the layout: it is the one named, `detailed`.
    let dist = dir.path().join("dist");
    let out = cvpdf(&["build", input.to_str().unwrap(), "--out-dir", dist.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("the layout is `detailed`"), "{stderr}");
    assert_eq!(
        std::fs::read(dist.join("Jane_CV-detailed.pdf")).unwrap(),
        std::fs::read(&detailed).unwrap()
    );
}

#[test]
fn a_converted_file_builds_as_the_file_it_came_from() {
    // Its theme (and the values its design sets over it) go into the layout block, which
    // extends the nearest preset: no --layout needed for the same PDF.
    let dir = tempfile::tempdir().unwrap();
    for theme in ["moderncv", "sb2nov", "harvard"] {
        let input = dir.path().join(format!("{theme}.yaml"));
        let yaml = format!(
            "cv:\n  name: Jane Roe\n  sections:\n    experience:\n      - company: Acme\n        position: Engineer\n        start_date: 2020-01\n        end_date: present\ndesign:\n  theme: {theme}\n  colors:\n    name: rgb(10, 20, 30)\n"
        );
        std::fs::write(&input, yaml).unwrap();
        let native = dir.path().join(format!("{theme}-native.yaml"));
        let out = cvpdf(&["convert", input.to_str().unwrap(), "-o", native.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(&native).unwrap();
        assert!(text.contains("layout:\n  extends: "), "{text}");
        let (original, _) = builds(&input, dir.path(), &[]);
        let (converted, stderr) = builds(&native, dir.path(), &[]);
        assert!(!stderr.contains("warning"), "{stderr}");
        assert_eq!(std::fs::read(original).unwrap(), std::fs::read(converted).unwrap(), "{theme}");
    }
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("cv:\n  name: [Jane, Roe]\n", "[Jane", "`name` must be text, not a list"),
        (
            "cv:\n  name: Jane Roe\n  sections:\n    experience:\n      - company: Acme\n        position: Engineer\n        highlights: {led: things}\n",
            "{led",
            "`highlights` must be a list of text",
        ),
        (
            "cv:\n  name: Jane Roe\n  sections:\n    experience: Acme, 2019 to 2024\n",
            "Acme",
            "section `Experience` must be a list of entries",
        ),
    ];
    for (yaml, needle, message) in cases {
        let input = dir.path().join("cv.yaml");
        std::fs::write(&input, yaml).unwrap();
        let (out, code, stderr) = run(&input, dir.path(), &[]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(stderr.contains(message), "no `{message}` in:\n{stderr}");
        let (line, column) = position(yaml, needle);
        assert!(
            stderr.contains(&format!("cv.yaml:{line}:{column}")),
            "not at {line}:{column}:\n{stderr}"
        );
        assert!(!out.exists(), "no PDF is written");
    }
}

#[test]
fn locale_language_sets_the_document_language() {
    let dir = tempfile::tempdir().unwrap();
    let english = std::fs::read_to_string(fixture("john-doe-2.8.yaml")).unwrap();
    assert!(english.contains("\n  language: english\n"));
    let input = dir.path().join("german.yaml");
    std::fs::write(&input, english.replace("\n  language: english\n", "\n  language: german\n"))
        .unwrap();
    let (pdf, stderr) = builds(&input, dir.path(), &[]);
    let bytes = std::fs::read(&pdf).unwrap();
    let xmp = b"<dc:language><rdf:Bag><rdf:li>de</rdf:li>";
    assert!(bytes.windows(xmp.len()).any(|w| w == xmp), "the XMP language is not `de`");
    // German patterns are embedded: no warning about them; dates are German.
    assert!(!stderr.contains("hyphenation"), "{stderr}");
    let text = pdftotext(&pdf);
    assert!(text.contains("Sept. 2018 – Mai 2023"), "{text}");
    // No English "in" between the degree and its area: a comma.
    assert!(text.contains("Princeton University, PhD, Computer Science"), "{text}");
}

#[test]
fn the_oddities_read_as_renderc_users_meant_them() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, stderr) = builds(&fixture("oddities.yaml"), dir.path(), &[]);
    let extracted = pdftotext(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "JinHua Luo (罗锦华)",
        // #linebreak() starts a paragraph; _coding_ is italic.
        "TCP/IP programming. I love designing and coding.",
        // #link("…")[#"…"] is a link with its text.
        "open-source API gateway; see the mTLS bypass docs.",
        // " - " starts a sub-bullet.
        "Refactored the core code – rewrote the plugin loader – added hot reload",
        "Wrote the SOAP-to-REST plugin (zero code)",
        // Typst escapes, HTML-looking text and underscores inside words are literal.
        "Fixed apache/apisix#9456: a <table> tag leak in snake_case_names",
        // Math and other Typst calls keep their text.
        "Cut lookups to O(log n) with radix trees",
        // A Chinese locale without a phrase of its own: no English "in".
        "Bachelor, Electronic Information Engineering",
        // A date in words goes with the location.
        "Summer 2022",
        "Foshan, China · Open to remote work",
        "1. What Is OAuth? 2. APISIX: Be FIPS 140-2 Compliant",
    ] {
        assert!(extracted.contains(expected), "no `{expected}` in:\n{extracted}");
    }
    let qdf = dir.path().join("oddities.qdf.pdf");
    tool(
        "qpdf",
        &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), qdf.to_str().unwrap()],
    );
    let bytes = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    for url in [
        "https://apisix.apache.org/docs/apisix/tutorials/client-to-apisix-mtls/#mtls-bypass-based-on-regular-expression-matching-against-uri",
        "https://github.com/kingluo",
        "https://mastodon.social/@kingluo",
        "https://orcid.org/0000-0002-1825-0097",
        "https://www.zhihu.com/people/jinhua-luo-94",
        "https://github.com/kingluo/lua-resty-ffi",
        "https://api7.ai/blog/etcd-vs-postgresql",
        "tel:+442079460000",
    ] {
        assert!(bytes.contains(&format!("/URI ({url})")), "no link to {url}");
    }
    for warning in [
        "`Summer 2022` is not a date cvpdf can put in the date column",
        "Typst code `$$O(log n)$$` is not run (and 1 more place)",
    ] {
        assert!(stderr.contains(warning), "no `{warning}` in:\n{stderr}");
    }
}

#[test]
fn the_design_sets_margins_colours_sizes_and_fonts_over_its_theme() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("Jane_CV.yaml");
    let yaml = "cv:\n  name: Jane Roe\n  email: jane@example.com\n  sections:\n    experience:\n      - company: Acme\n        position: Engineer\n        start_date: 2020-01\n        end_date: present\n        highlights:\n          - Built things\ndesign:\n  theme: sb2nov\n  page:\n    size: us-letter\n    top_margin: 0.5in\n    left_margin: 2cm\n    show_footer: false\n  colors:\n    body: rgb(10, 20, 30)\n    section_titles: rgb(0, 79, 144)\n    links: '#aa0000'\n  typography:\n    alignment: justified\n    font_family: Source Sans 3\n    font_size:\n      body: 11pt\n      name: 2.5em\n  section_titles:\n    type: with_full_line\n    line_thickness: 1pt\n  entries:\n    highlights:\n      bullet: '◦'\n  header:\n    alignment: left\n";
    std::fs::write(&input, yaml).unwrap();
    let (designed, stderr) = builds(&input, dir.path(), &[]);
    // What is not honoured is named at its place; the rest is used.
    assert!(stderr.contains("design.page: `show_footer` not used"), "{stderr}");
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    // The same look as a layout file: the theme's preset with those values over it.
    let layout = dir.path().join("same.yaml");
    let same = "extends: engineering\npaper: letter\nmargins: { top: 0.5in, left: 2cm }\ncolours: { text: \"#0a141e\", accent: \"#004f90\", link: \"#aa0000\" }\njustify: true\nfonts: { body: source-sans-3, heading: source-sans-3 }\nsizes: { body: 11, name: 27.5 }\nheading: { rule-position: below, rule: 1pt }\nbullets: [\"◦\", \"•\"]\nheader: { align: left }\n";
    std::fs::write(&layout, same).unwrap();
    let (by_layout, _) = builds(&input, dir.path(), &["--layout", layout.to_str().unwrap()]);
    assert_eq!(std::fs::read(&designed).unwrap(), std::fs::read(&by_layout).unwrap());
    let (plain, _) = builds(&input, dir.path(), &["--layout", "engineering"]);
    assert_ne!(std::fs::read(&designed).unwrap(), std::fs::read(&plain).unwrap());
}

#[test]
fn a_degree_is_its_own_field_joined_to_its_area_as_the_file_says_in_any_layout() {
    // RenderCV prints "DEGREE in AREA" (or its locale's phrase); cvpdf keeps the degree a
    // field of its own and the phrase's words as the résumé's join, so the line reads as
    // RenderCV's whatever the layout, a layout may set the degree apart, and a converted
    // file says the same.
    let dir = tempfile::tempdir().unwrap();
    for (language, degree, area, line) in [
        ("english", "BS", "Physics", "BS in Physics"),
        ("arabic", "بكالوريوس", "علوم", "في"),
        ("persian", "کارشناسی", "مهندسی", "،"),
        ("german", "Master", "Physik", "Master, Physik"),
    ] {
        let input = dir.path().join(format!("{language}.yaml"));
        std::fs::write(
            &input,
            format!(
                "cv:\n  name: Jane Roe\n  sections:\n    education:\n      - institution: Uni\n        degree: {degree}\n        area: {area}\n        start_date: 2015\n        end_date: 2019\nlocale:\n  language: {language}\n"
            ),
        )
        .unwrap();
        let native = dir.path().join(format!("{language}-native.yaml"));
        let out = cvpdf(&["convert", input.to_str().unwrap(), "-o", native.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(&native).unwrap();
        assert!(text.contains(&format!("degree: {degree}")), "{text}");
        for layout in ["detailed", "classic", "harvard", "sidebar"] {
            let (pdf, _) = builds(&input, dir.path(), &["--layout", layout]);
            let extracted = pdftotext(&pdf);
            let heading = extracted.lines().find(|l| l.contains(degree)).unwrap_or_default();
            for part in [degree, area, line] {
                assert!(
                    heading.contains(part),
                    "{language}, {layout}: `{part}` not in {heading:?}"
                );
            }
            let (again, _) = builds(&native, dir.path(), &["--layout", layout]);
            let again = std::fs::read(again).unwrap();
            assert!(again == std::fs::read(&pdf).unwrap(), "{language}, {layout}: converted");
        }
    }
}

#[test]
fn a_degree_column_the_design_sets_is_a_column_of_the_layout() {
    // RenderCV 2.4+ (`templates.education_entry.degree_column`, `entries.degree_width`)
    // and 2.3 (`entry_types.education_entry.degree_column_template` and `_width`).
    let dir = tempfile::tempdir().unwrap();
    let cv = "cv:\n  name: Jane Roe\n  sections:\n    education:\n      - institution: Uni\n        degree: BS\n        area: Physics\n        start_date: 2015\n        end_date: 2019\n    experience:\n      - company: Acme\n        position: Engineer\n        start_date: 2020\n";
    for (i, design) in [
        "design:\n  entries:\n    degree_width: 1.2cm\n  templates:\n    education_entry:\n      degree_column: '**DEGREE**'\n",
        "design:\n  entry_types:\n    education_entry:\n      degree_column_template: '**DEGREE**'\n      degree_column_width: 1.2cm\n",
        "design:\n  templates:\n    education_entry:\n      degree_column: ''\n",
    ]
    .iter()
    .enumerate()
    {
        let input = dir.path().join(format!("{i}.yaml"));
        std::fs::write(&input, format!("{cv}{design}")).unwrap();
        let (pdf, stderr) = builds(&input, dir.path(), &[]);
        assert!(!stderr.contains("degree"), "{i}: {stderr}");
        let extracted = pdftotext(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
        let column = i < 2;
        let expected = if column { "BS Uni, Physics" } else { "Uni, BS in Physics" };
        assert!(extracted.contains(expected), "{i}: {expected:?} not in {extracted}");
        if column {
            let native = dir.path().join(format!("{i}-native.yaml"));
            let out = cvpdf(&["convert", input.to_str().unwrap(), "-o", native.to_str().unwrap()]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let text = std::fs::read_to_string(&native).unwrap();
            assert!(text.contains("column: { fields: [degree], width: 34.02pt }"), "{text}");
            let (converted, _) = builds(&native, dir.path(), &[]);
            let same = std::fs::read(converted).unwrap() == std::fs::read(&pdf).unwrap();
            assert!(same, "{i}: the converted file builds another PDF");
        }
    }
}
