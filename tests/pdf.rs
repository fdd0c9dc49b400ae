//! The examples, built by the binary in every preset and read back with poppler and qpdf:
//! every word in reading order, dates beside titles, fonts embedded and subset, links,
//! outline, metadata, determinism.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::*;
use cvpdf::model::{Block, Bullet, Resume, Text};

/// The résumé as a layout sets it: for a fitting layout, without what it left out.
fn kept(name: &str, layout: &str) -> Resume {
    let full = resume(name);
    let style = cvpdf::style::resolve(layout).unwrap();
    match style.fit {
        None => full,
        Some(bounds) => {
            let book = &cvpdf::font::FontBook::default();
            let fitted = cvpdf::typeset::fit::fit(&full, &style, &bounds, book, true);
            fitted.ok().expect("the example fits").kept
        }
    }
}

#[test]
fn every_word_comes_back_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        // A sidebar's sections and contact items are read after the main column, not in
        // the file's order; tests/ats.rs checks each column's order in every extractor.
        for layout in PRESETS.into_iter().filter(|l| *l != "sidebar") {
            let expected = fields(&kept(name, layout));
            let pdf = build(name, layout, dir.path());
            assert_words_in_order(&expected, &pdftotext(&pdf), &format!("{name}/{layout}"), 100);
        }
    }
}

#[test]
fn one_page_gives_one_page_and_says_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let out = dir.path().join(format!("{name}.pdf"));
        let input = example(name);
        let args = ["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
        let result = cvpdf(&[&args[..], &["--layout", "one-page"]].concat());
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        let info = tool("pdfinfo", &[out.to_str().unwrap()]);
        assert!(info.contains("Pages:           1\n"), "{name}: {info}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        if name == "liu" {
            assert!(!stderr.contains("left out"), "Liu fits whole: {stderr}");
        } else {
            assert!(stderr.contains("note: left out to fit one page: "), "{stderr}");
            assert!(stderr.contains("in Projects"), "{stderr}");
            assert!(stderr.contains("--verbose lists each thing left out"), "{stderr}");
            // --verbose: each thing, a line, by the title it has in the résumé.
            let verbose = cvpdf(&[&args[..], &["--layout", "one-page", "--verbose"]].concat());
            let stderr = String::from_utf8_lossy(&verbose.stderr);
            let listed: Vec<&str> = stderr.lines().filter(|l| l.starts_with("  - ")).collect();
            assert!(listed.len() > 10, "{stderr}");
            assert!(listed.contains(&"  - Career: Ericsson"), "{stderr}");
            assert!(listed.iter().any(|l| l.starts_with("  - Projects: ")), "{stderr}");
        }
        let strict = cvpdf(&[&args[..], &["--layout", "one-page", "--no-drop"]].concat());
        if name == "liu" {
            assert!(strict.status.success());
        } else {
            assert_eq!(strict.status.code(), Some(2));
            let stderr = String::from_utf8_lossy(&strict.stderr);
            assert!(stderr.contains("does not fit on 1 page"), "{stderr}");
        }
    }
}

#[test]
fn dates_follow_their_titles() {
    let dir = tempfile::tempdir().unwrap();
    let style = cvpdf::style::resolve("detailed").unwrap();
    for name in EXAMPLES {
        let r = resume(name);
        let text = pdftotext(&build(name, "detailed", dir.path()));
        let lines: Vec<String> =
            text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        let mut dated = 0;
        for entry in r.sections.iter().flat_map(|s| &s.entries) {
            let Some(when) = &entry.when else { continue };
            let mut head = entry.title.plain();
            if let Some(subtitle) = &entry.subtitle {
                head = format!("{head}, {}", subtitle.plain());
            }
            if let Some(location) = &entry.location {
                head = format!("{head} {}  ·", location.plain());
            }
            let dates = cvpdf::compose::format_when(
                when,
                &style,
                cvpdf::model::locale::Locale::for_tag(&r.language),
            );
            // Title, subtitle, location and dates on one line of text, as they are drawn.
            let expected = format!("{head} {dates}");
            let expected = expected.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                lines.iter().any(|l| l.contains(&expected)),
                "{name}: `{expected}` is not one line of text"
            );
            dated += 1;
        }
        assert!(dated >= 5, "{name}: only {dated} dated entries");
    }
}

#[test]
fn the_chinese_name_is_typeset_and_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build("luo", "detailed", dir.path());
    assert!(pdftotext(&pdf).contains("JinHua Luo 罗锦华"));
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("NotoSansSC"), "{fonts}");
}

#[test]
fn fonts_are_embedded_and_subset() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let pdf = build(name, "detailed", dir.path());
        let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.len() >= 3, "{fonts}");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object-id generation
            let n = columns.len();
            assert_eq!(&columns[n - 5..n - 2], ["yes", "yes", "yes"], "{name}: {row}");
            assert!(columns[0].contains('+'), "{name}: not a subset name: {row}");
        }
        // A résumé without Chinese does not embed (or pay for) the CJK font.
        if name == "liu" {
            assert!(!fonts.contains("NotoSansSC"), "{fonts}");
        }
    }
}

#[test]
fn qpdf_finds_no_problems() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        for layout in PRESETS {
            let pdf = build(name, layout, dir.path());
            let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
            assert!(out.contains("No syntax or stream encoding errors"), "{name}/{layout}: {out}");
        }
    }
}

/// Every URL of the résumé, as the model normalised it.
fn urls(r: &Resume) -> BTreeSet<String> {
    let mut urls = BTreeSet::new();
    let mut text = |t: &Text| {
        urls.extend(t.spans.iter().filter_map(|s| s.link.clone()));
    };
    text(&r.name);
    r.summary.iter().for_each(&mut text);
    fn bullets(list: &[Bullet], text: &mut dyn FnMut(&Text)) {
        for b in list {
            text(&b.text);
            bullets(&b.children, text);
        }
    }
    for section in &r.sections {
        section.text.iter().for_each(&mut text);
        section.items.iter().for_each(&mut text);
        for row in &section.rows {
            text(&row.text);
        }
        for entry in &section.entries {
            text(&entry.title);
            for block in &entry.body {
                match block {
                    Block::Paragraph(t) => text(t),
                    Block::Bullets(list) => bullets(list, &mut text),
                }
            }
        }
    }
    for section in &r.sections {
        urls.extend(section.entries.iter().filter_map(|e| e.url.as_ref().map(|u| u.url.clone())));
    }
    urls.extend(r.email.iter().map(|e| e.url.clone()));
    urls.extend(r.links.iter().map(|l| l.url.clone()));
    urls
}

#[test]
fn every_url_is_a_link() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let expected = urls(&resume(name));
        assert!(expected.len() >= 3, "{name}: {expected:?}");
        let pdf = build(name, "detailed", dir.path());
        let qdf = dir.path().join(format!("{name}.qdf.pdf"));
        tool(
            "qpdf",
            &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), qdf.to_str().unwrap()],
        );
        let bytes = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
        let found: BTreeSet<String> = bytes
            .split("/URI (")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
            .map(|s| s.replace("\\(", "(").replace("\\)", ")"))
            .collect();
        for url in &expected {
            assert!(found.contains(url), "{name}: no /URI link for {url}");
        }
        assert!(!bytes.contains("/Border [0 0 1]"), "{name}: links must be borderless");
    }
}

#[test]
fn metadata_and_outline() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build("luo", "detailed", dir.path());
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    for expected in [
        "Title:           JinHua Luo — Résumé",
        "Author:          JinHua Luo",
        "Subject:         Software engineer",
        "Keywords:        PostgreSQL",
        &format!("Creator:         cvpdf {}", env!("CARGO_PKG_VERSION")),
    ] {
        assert!(info.contains(expected), "missing `{expected}` in\n{info}");
    }
    assert!(!info.contains("CreationDate"), "no clock may leak into the PDF:\n{info}");
    let outline = tool("qpdf", &["--json", "--json-key=outlines", pdf.to_str().unwrap()]);
    for title in ["Career", "API7", "Projects", "pgcat"] {
        assert!(outline.contains(&format!("\"title\": \"{title}\"")), "outline lacks {title}");
    }
    let xmp = std::fs::read(&pdf).unwrap();
    assert!(xmp.windows(12).any(|w| w == b"dc:language>"), "no XMP language");
}

#[test]
fn builds_are_byte_identical_and_dates_come_from_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let first = std::fs::read(build(name, "detailed", dir.path())).unwrap();
        let second = std::fs::read(build(name, "detailed", dir.path())).unwrap();
        assert!(first == second, "{name}: two builds differ");
    }
    let out = dir.path().join("dated.pdf");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(["build", example("liu").to_str().unwrap(), "-o", out.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .status()
        .unwrap();
    assert!(status.success());
    let info = tool("pdfinfo", &["-isodates", out.to_str().unwrap()]);
    assert!(info.contains("2023-11-14T22:13:20"), "{info}");
}

#[test]
fn multi_page_output_is_numbered() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build("luo", "detailed", dir.path());
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(pages > 2, "{pages}");
    // Poppler may print "1 / 8" as "1/8": compare without spaces.
    let text: String = pdftotext(&pdf).chars().filter(|c| *c != ' ').collect();
    for n in 1..=pages {
        assert!(text.contains(&format!("\n{n}/{pages}\n")), "page {n} has no number");
    }
    let single = build("liu", "one-page", dir.path());
    let text: String = pdftotext(&single).chars().filter(|c| *c != ' ').collect();
    if tool("pdfinfo", &[single.to_str().unwrap()]).contains("Pages:           1\n") {
        assert!(!text.contains("1/1"), "a single page carries no number");
    }
}

#[test]
fn serif_letter_justified_with_rows_code_and_cjk() {
    let dir = tempfile::tempdir().unwrap();
    let preset = std::fs::read_to_string(repo().join("layouts/base.yaml")).unwrap();
    let layout = preset
        .replace("paper: a4", "paper: letter")
        .replace("  body: source-sans-3", "  body: xcharter")
        .replace("justify: false", "justify: true");
    let layout_path = dir.path().join("serif.yaml");
    std::fs::write(&layout_path, layout).unwrap();
    let resume = "\
name: Ada Lovelace
native-name: 艾达
email: ada@example.org
links:
  - label: Notes
    url: example.org/notes#sketch%20one
summary: |
  I write *programs* for the **Analytical Engine**, such as `bernoulli(n)`, and
  publish them at <https://example.org/sketch> and www.example.org/more for everyone who
  wants to read a long paragraph that certainly needs to be justified across several lines.
sections:
  - title: Skills
    rows:
      - label: Languages
        text: English, French, Italian
      - label: Mathematics
        text: Analysis, the calculus of finite differences, and the theory of machines
";
    let input = dir.path().join("ada.yaml");
    std::fs::write(&input, resume).unwrap();
    let pdf = dir.path().join("ada.pdf");
    let result = cvpdf(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--layout",
        layout_path.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    for face in ["XCharter-Roman", "XCharter-Italic", "DejaVuSansMono", "NotoSansSC"] {
        assert!(fonts.contains(face), "{face} missing:\n{fonts}");
    }
    let text = pdftotext(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in ["Ada Lovelace 艾达", "bernoulli(n)", "Languages English, French, Italian"] {
        assert!(flat.contains(expected), "`{expected}` not in {flat}");
    }
    let qdf = dir.path().join("ada.qdf.pdf");
    tool(
        "qpdf",
        &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), qdf.to_str().unwrap()],
    );
    let bytes = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    for url in [
        "https://example.org/notes#sketch%20one",
        "https://example.org/sketch",
        "https://www.example.org/more",
        "mailto:ada@example.org",
    ] {
        assert!(bytes.contains(&format!("/URI ({url})")), "no link to {url}");
    }
}

#[test]
fn paper_overrides_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("liu-letter.pdf");
    let input = example("liu");
    let (input, out_path) = (input.to_str().unwrap(), out.to_str().unwrap());
    let result = cvpdf(&["build", input, "-o", out_path, "--paper", "letter"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let info = tool("pdfinfo", &[out.to_str().unwrap()]);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
}

#[test]
fn a_resumes_layout_block_goes_over_the_layout_and_paper_over_both() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ada.yaml");
    let yaml = "name: Ada Lovelace\nsummary: I write programs.\nlayout:\n  paper: letter\n";
    std::fs::write(&input, yaml).unwrap();
    let out = dir.path().join("ada.pdf");
    let (input, out_path) = (input.to_str().unwrap(), out.to_str().unwrap());
    for (extra, expected) in [(None, "(letter)"), (Some("a4"), "(A4)")] {
        let mut args = vec!["build", input, "-o", out_path];
        if let Some(paper) = extra {
            args.extend(["--paper", paper]);
        }
        let result = cvpdf(&args);
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        let info = tool("pdfinfo", &[out_path]);
        assert!(info.contains(expected), "{extra:?}: {info}");
    }
}

#[test]
fn footer_and_running_head_fill_their_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = std::fs::read_to_string(example("liu")).unwrap();
    yaml += "updated: 2024-06\nlayout:\n  footer: { text: \"{name} · {page} of {pages} · updated {updated}\" }\n  header: { running-head: \"{name} — résumé\" }\n";
    let input = dir.path().join("liu.yaml");
    std::fs::write(&input, yaml).unwrap();
    let out = dir.path().join("liu.pdf");
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let text = pdftotext(&out);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Ganghuan Liu · 1 of 2 · updated Jun 2024"), "{flat}");
    assert!(flat.contains("Ganghuan Liu · 2 of 2 · updated Jun 2024"), "{flat}");
    let second_page = text.split('\u{c}').nth(1).unwrap();
    assert!(second_page.trim_start().starts_with("Ganghuan Liu — résumé"), "{second_page}");
    assert_eq!(flat.matches("— résumé").count(), 1, "the running head is not on page 1");
}

#[test]
fn sections_a_layout_names_say_how_long_their_entries_lasted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    let yaml = "name: Ada\nupdated: 2026-05\nlayout:\n  dates: { time-spans-in: [work] }\nsections:\n  - title: Work\n    entries:\n      - { title: Acme, start: 2024-06, end: present }\n      - { title: Babbage, start: 2020-06, end: 2023-03 }\n      - { title: Old, start: 2015, end: 2019 }\n  - title: Education\n    entries:\n      - { title: School, start: 2010-09, end: 2014-06 }\n";
    std::fs::write(&input, yaml).unwrap();
    let out = dir.path().join("cv.pdf");
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let text = pdftotext(&out);
    // Ongoing to the résumé's `updated`; years alone and other sections say nothing.
    assert!(text.contains("Jun 2024 – present · 2 years"), "{text}");
    assert!(text.contains("Jun 2020 – Mar 2023 · 2 years 10 months"), "{text}");
    assert!(text.contains("2015 – 2019") && !text.contains("2015 – 2019 ·"), "{text}");
    assert!(!text.contains("2014 ·"), "{text}");
}

/// Build `inputs` in every preset into `dir`, which must succeed: what cvpdf said.
fn build_in_every_preset(inputs: &[PathBuf], dir: &std::path::Path) -> String {
    let mut args = vec!["build".to_string()];
    args.extend(inputs.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(["--layout".into(), PRESETS.join(","), "--out-dir".into()]);
    args.push(dir.to_string_lossy().into_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = cvpdf(&args);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(result.status.success(), "{stderr}");
    stderr
}

/// The PDF embeds the Regular and the Bold face of a family (`NotoSansThai`).
fn assert_regular_and_bold(pdf: &std::path::Path, face: &str) {
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains(&format!("{face}-Regular")), "{}: {fonts}", pdf.display());
    assert!(fonts.contains(&format!("{face}-Bold")), "{}: {fonts}", pdf.display());
}

/// The Thai, Lao, Khmer and Burmese résumés of `tests/fixtures/scripts` build in every
/// preset, each script in its own face, and `pdftotext` reads every sentence back in
/// order: lines broken between words (where no space is) join again without a gap.
#[test]
fn thai_lao_khmer_and_burmese_build_in_every_preset_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let scripts = [
        ("th", "NotoSansThai"),
        ("lo", "NotoSansLao"),
        ("km", "NotoSansKhmer"),
        ("my", "NotoSansMyanmar"),
    ];
    let inputs: Vec<PathBuf> = scripts
        .iter()
        .map(|(language, _)| repo().join(format!("tests/fixtures/scripts/{language}.yaml")))
        .collect();
    let stderr = build_in_every_preset(&inputs, dir.path());
    // cvpdf has Thai words; for the others the dates are English, and a note says so.
    for language in ["lo", "km", "my"] {
        assert!(stderr.contains(&format!("cvpdf has no words for `{language}`")), "{stderr}");
    }
    assert!(!stderr.contains("no words for `th`"), "{stderr}");
    let mut checked = 0;
    for ((language, face), input) in scripts.iter().zip(&inputs) {
        let yaml = std::fs::read_to_string(input).unwrap();
        let resume = cvpdf::model::load(&cvpdf::diag::Source::new("cv.yaml", &yaml)).unwrap();
        // The sentences: the summary and every bullet, without the spaces between
        // phrases (a line may end at one).
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let mut sentences: Vec<String> =
            resume.summary.iter().map(|t| squeeze(&t.plain())).collect();
        for entry in resume.sections.iter().flat_map(|s| &s.entries) {
            for block in &entry.body {
                if let Block::Bullets(list) = block {
                    sentences.extend(list.iter().map(|b| squeeze(&b.text.plain())));
                }
            }
        }
        assert!(sentences.len() >= 2, "{language}: {sentences:?}");
        for preset in PRESETS {
            let pdf = dir.path().join(format!("{language}-{preset}.pdf"));
            let text = squeeze(&pdftotext(&pdf));
            for sentence in &sentences {
                assert!(text.contains(sentence.as_str()), "{language} in {preset}: {sentence}");
            }
            assert_regular_and_bold(&pdf, face);
            checked += 1;
        }
    }
    assert_eq!(checked, scripts.len() * PRESETS.len());
}

/// Japanese and Traditional Chinese take the faces with their own Han glyph forms from
/// the folder `--font-path` names (Debian's fonts-noto-cjk, which `.ci/run` installs),
/// in every preset: Noto Sans CJK JP, TC or HK, chosen by the résumé's language, in
/// place of the bundled Noto Sans SC. Without the folder, a note says how to get them;
/// the text reads the same either way.
#[test]
fn japanese_and_traditional_chinese_take_their_own_forms_from_the_font_path() {
    let noto = "/usr/share/fonts/opentype/noto";
    assert!(
        std::path::Path::new(noto).join("NotoSansCJK-Bold.ttc").is_file(),
        "this test needs Debian's fonts-noto-cjk"
    );
    let dir = tempfile::tempdir().unwrap();
    let japanese = repo().join("tests/fixtures/jsonresume/ja.resume.json");
    let taiwan = repo().join("tests/fixtures/scripts/zh-tw.yaml");
    // (input, --language, the faces, the forms' name in the note)
    let cases = [
        (&japanese, None, "NotoSansCJKjp", "Japanese (`ja`)"),
        (&taiwan, None, "NotoSansCJKtc", "Traditional Chinese (Taiwan) (`zh-TW`)"),
        (&taiwan, Some("zh-HK"), "NotoSansCJKhk", "Traditional Chinese (Hong Kong) (`zh-HK`)"),
    ];
    for (input, language, face, name) in cases {
        let build = |out: &std::path::Path, font_path: Option<&str>| {
            let mut args = vec!["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
            args.extend(language.iter().flat_map(|l| ["--language", *l]));
            args.extend(font_path.iter().flat_map(|f| ["--font-path", *f]));
            let result = cvpdf(&args);
            let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
            assert!(result.status.success(), "{stderr}");
            stderr
        };
        let (with, without) = (dir.path().join("with.pdf"), dir.path().join("without.pdf"));
        // A folder above the fonts' own is searched below itself.
        let stderr = build(&with, Some("/usr/share/fonts"));
        assert!(!stderr.contains("Han characters"), "{name}: {stderr}");
        assert_regular_and_bold(&with, face);
        let fonts = tool("pdffonts", &[with.to_str().unwrap()]);
        assert!(!fonts.contains("NotoSansSC"), "{name}: {fonts}");
        let stderr = build(&without, None);
        assert!(stderr.contains(&format!("the résumé is in {name}")), "{stderr}");
        assert!(stderr.contains("--font-path"), "{stderr}");
        assert_regular_and_bold(&without, "NotoSansSC");
        assert_eq!(pdftotext(&with), pdftotext(&without), "{name}");
    }
    // A folder without the faces is said to be one.
    let empty = tempfile::tempdir().unwrap();
    let out = dir.path().join("empty.pdf");
    let args = ["build", japanese.to_str().unwrap(), "-o", out.to_str().unwrap()];
    let result = cvpdf(&[&args[..], &["--font-path", empty.path().to_str().unwrap()]].concat());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("no folder given with --font-path has Noto Sans CJK JP"), "{stderr}");
    // Every preset, the faces read once for the batch.
    let mut args = vec!["build".to_string()];
    args.extend([&japanese, &taiwan].map(|p| p.to_string_lossy().into_owned()));
    args.extend(["--layout".into(), PRESETS.join(","), "--font-path".into(), noto.into()]);
    args.extend(["--out-dir".into(), dir.path().to_string_lossy().into_owned()]);
    let result = cvpdf(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    for preset in PRESETS {
        assert_regular_and_bold(
            &dir.path().join(format!("ja.resume-{preset}.pdf")),
            "NotoSansCJKjp",
        );
        assert_regular_and_bold(&dir.path().join(format!("zh-tw-{preset}.pdf")), "NotoSansCJKtc");
    }
    // Simplified Chinese keeps the bundled faces, with no note.
    let zh = repo().join("tests/fixtures/jsonresume/zh.resume.json");
    let result =
        cvpdf(&["build", zh.to_str().unwrap(), "-o", out.to_str().unwrap(), "--font-path", noto]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success() && !stderr.contains("Han characters"), "{stderr}");
    assert_regular_and_bold(&out, "NotoSansSC");
    // Between Chinese or Japanese fields, the comma is their own full-width one, which
    // holds its space: ，in Chinese, 、in Japanese.
    let text = |pdf: &std::path::Path| pdftotext(pdf).replace('\n', " ");
    let chinese = text(&out);
    for joined in ["上海云杉科技有限公司，高级后端工程师", "复旦大学，本科，计算机科学与技术"]
    {
        assert!(chinese.contains(joined), "{joined}: {chinese}");
    }
    let traditional = text(&dir.path().join("zh-tw-detailed.pdf"));
    assert!(traditional.contains("範例科技股份有限公司，資深軟體工程師"), "{traditional}");
    let japanese = text(&dir.path().join("ja.resume-detailed.pdf"));
    for joined in ["株式会社サクラシステム、シニアエンジニア", "東京工業大学、学士、情報工学"]
    {
        assert!(japanese.contains(joined), "{joined}: {japanese}");
    }
}

/// The release file of the CJK faces (`.ci/cjk-fonts`), unpacked, is a font folder that
/// gives a Japanese résumé its forms.
#[test]
fn the_release_file_of_cjk_fonts_unpacks_into_a_font_path() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("bash")
        .arg(repo().join(".ci/cjk-fonts"))
        .arg(dir.path())
        .status()
        .expect("bash runs");
    assert!(status.success(), ".ci/cjk-fonts failed");
    let archive = dir.path().join("cvpdf-fonts-cjk.tar.gz");
    tool("tar", &["-xzf", archive.to_str().unwrap(), "-C", dir.path().to_str().unwrap()]);
    let folder = dir.path().join("cvpdf-fonts-cjk");
    let licence = std::fs::read_to_string(folder.join("LICENCE")).unwrap();
    assert!(licence.contains("SIL OPEN FONT LICENSE") || licence.contains("OFL-1.1"), "{licence}");
    // Given as the folder's relative path, as its README says.
    let input = repo().join("tests/fixtures/jsonresume/ja.resume.json");
    let out = dir.path().join("ja.pdf");
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(["build", input.to_str().unwrap(), "-o", "ja.pdf", "--font-path", "cvpdf-fonts-cjk"])
        .current_dir(dir.path())
        .output()
        .expect("the cvpdf binary runs");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success() && !stderr.contains("Han characters"), "{stderr}");
    assert!(!stderr.contains("is not used"), "{stderr}");
    assert_regular_and_bold(&out, "NotoSansCJKjp");
}

/// The Arabic, Hebrew and Persian résumés of `tests/fixtures/scripts` build in every
/// preset, right to left. `pdftotext` reads them back in the order they are written:
/// every sentence of the summary, bullets, name, headline and titles written in the
/// script alone (no Latin letters, no digits) comes out whole; of a sentence with Latin
/// words or digits, each word of the script (pdftotext orders them by its own rules
/// around the Latin, and may put the space between the two scripts on the wrong side). Dates are in the résumé's
/// language, and the script's faces are in the PDF.
#[test]
fn arabic_hebrew_and_persian_build_right_to_left_in_every_preset_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    // (language, face, the dates' words: "present" and the first entry's start month)
    let scripts = [
        ("ar", "NotoSansArabic", ["حتى الآن", "مارس"]),
        ("he", "NotoSansHebrew", ["היום", "ינו׳"]),
        ("fa", "NotoSansArabic", ["تاکنون", "آوریل"]),
    ];
    let inputs: Vec<PathBuf> = scripts
        .iter()
        .map(|(language, ..)| repo().join(format!("tests/fixtures/scripts/{language}.yaml")))
        .collect();
    let stderr = build_in_every_preset(&inputs, dir.path());
    assert!(!stderr.contains("no words for"), "{stderr}");
    assert!(!stderr.contains("hyphenation"), "{stderr}");
    // pdftotext marks the direction of what it reads with Unicode's embedding controls.
    let plain = |s: &str| {
        let controls =
            ['\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}'];
        s.replace(controls, "").split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let mut checked = 0;
    for ((language, face, dates), input) in scripts.iter().zip(&inputs) {
        let yaml = std::fs::read_to_string(input).unwrap();
        let resume = cvpdf::model::load(&cvpdf::diag::Source::new("cv.yaml", &yaml)).unwrap();
        let mut sentences: Vec<String> = resume.summary.iter().map(|t| plain(&t.plain())).collect();
        sentences.push(plain(&resume.name.plain()));
        sentences.extend(resume.headline.iter().map(|t| plain(&t.plain())));
        for section in &resume.sections {
            sentences.push(plain(&section.title.plain()));
            for entry in &section.entries {
                for block in &entry.body {
                    if let Block::Bullets(list) = block {
                        sentences.extend(list.iter().map(|b| plain(&b.text.plain())));
                    }
                }
            }
        }
        let (whole, mixed): (Vec<&String>, Vec<&String>) = sentences
            .iter()
            .partition(|s| !s.chars().any(|c| c.is_ascii_alphanumeric() || c.is_numeric()));
        assert!(whole.len() >= 5 && mixed.len() >= 2, "{language}: {sentences:?}");
        let script_words: Vec<&str> = mixed
            .iter()
            .flat_map(|s| s.split(' '))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_alphabetic() && !c.is_ascii()))
            .collect();
        for preset in PRESETS {
            let pdf = dir.path().join(format!("{language}-{preset}.pdf"));
            let text = plain(&pdftotext(&pdf));
            for sentence in &whole {
                assert!(
                    text.contains(sentence.as_str()),
                    "{language} in {preset}: {sentence}\n{text}"
                );
            }
            // The words of the script, wherever the spaces went.
            let words: BTreeSet<&str> =
                text.split(|c: char| c.is_ascii() || !c.is_alphabetic()).collect();
            for word in &script_words {
                assert!(words.contains(word), "{language} in {preset}: {word}\n{text}");
            }
            for date in dates {
                assert!(text.contains(date), "{language} in {preset}: {date}\n{text}");
            }
            assert_regular_and_bold(&pdf, face);
            checked += 1;
        }
    }
    assert_eq!(checked, scripts.len() * PRESETS.len());
}

/// Digits of the Arabic script (Arabic-Indic and Persian) read left to right, as the
/// bidirectional algorithm says, though their script is Arabic (shaped by the script
/// alone, they came out backwards and broke the PDF's text); the marks and embeddings of
/// bidirectional text need no font. In a résumé written right to left and in one written
/// left to right.
#[test]
fn arabic_digits_and_bidi_controls_build_in_either_direction() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("ar", "مهندسة منذ ۳۰ شهرًا و٢٠٢١ \u{202B}abc\u{202C} \u{2067}عربي\u{2069}"),
        ("en", "Engineer since ٢٠٢١ and ۳۰ months, \u{200F}عربي\u{200E} abc"),
    ];
    for (language, summary) in cases {
        let input = dir.path().join(format!("{language}.yaml"));
        let yaml = format!("name: Sara\nlanguage: {language}\nsummary: \"{summary}\"\n");
        std::fs::write(&input, yaml).unwrap();
        let out = dir.path().join(format!("{language}.pdf"));
        let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(result.status.success(), "{language}: {stderr}");
        let text = pdftotext(&out);
        for word in ["عربي", "abc", "Sara"] {
            assert!(text.contains(word), "{language}: {word} in {text}");
        }
        for digit in ['٢', '۳'] {
            assert!(text.contains(digit), "{language}: {digit} in {text}");
        }
    }
}

/// A layout's `titles` renames sections: one of cvpdf's format by its title in any case,
/// and one a German JSON Resume file gets from cvpdf (`Berufserfahrung`) by its English
/// name. The heading and the outline both take the new title; the rest stay.
#[test]
fn a_layout_gives_sections_titles_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("mine.yaml");
    std::fs::write(
        &layout,
        "extends: detailed\ntitles:\n  career: Laufbahn\n  Experience: Beruflicher Werdegang\n",
    )
    .unwrap();
    let input = dir.path().join("cv.yaml");
    let yaml = "name: Ada\nsections:\n  - title: Career\n    entries:\n      - { title: Acme, start: 2024-06, end: present }\n  - title: Education\n    entries:\n      - { title: School, start: 2010, end: 2014 }\n";
    std::fs::write(&input, yaml).unwrap();
    let german = repo().join("tests/fixtures/jsonresume/de.resume.json");
    for (source, renamed, kept) in
        [(input.clone(), "Laufbahn", "Education"), (german, "Beruflicher Werdegang", "Ausbildung")]
    {
        let out = dir.path().join("cv.pdf");
        let args = ["build", source.to_str().unwrap(), "--layout", layout.to_str().unwrap()];
        let result = cvpdf(&[&args[..], &["-o", out.to_str().unwrap()]].concat());
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        // The preset sets headings in capitals.
        let text = pdftotext(&out).to_lowercase();
        assert!(text.contains(&renamed.to_lowercase()), "{text}");
        assert!(text.contains(&kept.to_lowercase()), "{text}");
        assert!(!text.contains("career") && !text.contains("berufserfahrung"), "{text}");
        let outline = tool("qpdf", &["--json", "--json-key=outlines", out.to_str().unwrap()]);
        assert!(outline.contains(&format!("\"title\": \"{renamed}\"")), "{outline}");
    }
}

#[test]
fn hindi_bengali_and_tamil_are_shaped_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    let lines = [
        "प्रिया शर्मा",
        "सॉफ्टवेयर इंजीनियर",
        "भुगतान प्रणाली को माइक्रोसर्विस में बदला।",
        "আমি একজন সফটওয়্যার প্রকৌশলী।",
        "நான் ஒரு மென்பொருள் பொறியாளர்.",
    ];
    let yaml = format!(
        "name: {}\nlanguage: hi\nheadline: {}\nsections:\n  - title: अनुभव\n    entries:\n      - title: इन्फोसिस\n        subtitle: वरिष्ठ डेवलपर\n        date: 2019\n        bullets: [{}]\n  - title: Bengali\n    text: {}\n  - title: Tamil\n    text: {}\n",
        lines[0], lines[1], lines[2], lines[3], lines[4]
    );
    std::fs::write(&input, yaml).unwrap();
    let out = dir.path().join("cv.pdf");
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    // Conjuncts and vowel signs drawn in their order, read back in the text's.
    let text = pdftotext(&out);
    for line in lines {
        assert!(text.contains(line), "{line} in {text}");
    }
    // Each script in its own face; the italic subtitle upright, as its script has none.
    let fonts = tool("pdffonts", &[out.to_str().unwrap()]);
    for face in [
        "NotoSansDevanagari-Regular",
        "NotoSansDevanagari-Bold",
        "NotoSansBengali-Regular",
        "NotoSansTamil-Regular",
    ] {
        assert!(fonts.contains(face), "{face} in {fonts}");
    }
    assert!(!fonts.contains("Italic"), "{fonts}");
}
