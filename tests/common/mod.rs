//! Shared helpers for the integration tests: run the binary, run the PDF tools.
//!
//! A test that needs a tool (pdftotext, pdffonts, qpdf, pdfinfo) fails with a clear
//! message when the tool is missing; it never skips.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cvpdf::compose;
use cvpdf::diag::Source;
use cvpdf::font::FontBook;
use cvpdf::model::{Block, Bullet, Resume, Text};
use cvpdf::paginate::{self, Document};
use cvpdf::style::Style;
use cvpdf::text::Typesetter;

pub const EXAMPLES: [&str; 2] = ["luo", "liu"];
pub const PRESETS: [&str; 13] = [
    "detailed",
    "one-page",
    "two-page",
    "classic",
    "modern",
    "engineering",
    "harvard",
    "awesome",
    "ember",
    "ink",
    "opal",
    "timeline",
    "sidebar",
];

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example(name: &str) -> PathBuf {
    repo().join("examples").join(format!("{name}.yaml"))
}

/// An example résumé, read.
pub fn resume(name: &str) -> Resume {
    let path = example(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let source = cvpdf::diag::Source::new(path.display().to_string(), text);
    cvpdf::model::load(&source).unwrap()
}

/// Run `cvpdf` with arguments; the environment never carries SOURCE_DATE_EPOCH unless set here.
pub fn cvpdf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the cvpdf binary runs")
}

/// Build an example into `dir` and return the PDF's path.
pub fn build(name: &str, layout: &str, dir: &Path) -> PathBuf {
    let out = dir.join(format!("{name}-{layout}.pdf"));
    build_to(name, layout, &out);
    out
}

/// Build an example into the file `out`.
pub fn build_to(name: &str, layout: &str, out: &Path) {
    let result = cvpdf(&[
        "build",
        example(name).to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--layout",
        layout,
    ]);
    assert!(
        result.status.success(),
        "building {name} with {layout} failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Run an external tool and return its standard output; a missing tool fails the test.
pub fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is needed by this test and could not be run ({e}); install poppler-utils and qpdf")
    });
    assert!(
        output.status.success(),
        "`{name} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn pdftotext(pdf: &Path) -> String {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// Every text field of a résumé, in the order it is printed (dates apart).
pub fn fields(r: &Resume) -> Vec<String> {
    let mut out = vec![r.name.plain()];
    let plain = |t: &Option<Text>| t.as_ref().map(Text::plain);
    // The header, in print order: name line, headline, then the contact line.
    out.extend(
        [plain(&r.native_name), plain(&r.headline), plain(&r.location)].into_iter().flatten(),
    );
    out.extend(r.email.iter().map(|e| e.label.plain()));
    out.extend(plain(&r.phone));
    out.extend(r.links.iter().map(|l| l.label.plain()));
    for p in &r.summary {
        out.push(p.plain());
    }
    fn bullets(list: &[Bullet], out: &mut Vec<String>) {
        for b in list {
            out.push(b.text.plain());
            bullets(&b.children, out);
        }
    }
    for section in &r.sections {
        out.push(section.title.plain());
        out.extend(section.text.iter().map(Text::plain));
        for entry in &section.entries {
            out.push(entry.title.plain());
            // No preset places the degree: it goes before the subtitle.
            out.extend(entry.degree.iter().map(Text::plain));
            out.extend(entry.subtitle.iter().map(Text::plain));
            out.extend(entry.location.iter().map(Text::plain));
            for block in &entry.body {
                match block {
                    Block::Paragraph(t) => out.push(t.plain()),
                    Block::Bullets(list) => bullets(list, &mut out),
                }
            }
        }
        for row in &section.rows {
            out.push(row.label.plain());
            out.push(row.text.plain());
        }
        out.extend(section.items.iter().map(Text::plain));
    }
    out
}

/// Find every expected word in the extracted text, in order (at least `at_least` of them). A word may come back split
/// over two or three tokens when a long URL was broken at a slash.
pub fn assert_words_in_order(expected: &[String], extracted: &str, what: &str, at_least: usize) {
    // A title and its subtitle are joined by ", ": compare words without a trailing comma.
    let clean = |w: &str| w.to_lowercase().trim_end_matches(',').to_string();
    let tokens: Vec<String> = extracted.split_whitespace().map(clean).collect();
    let mut cursor = 0;
    let mut checked = 0;
    for field in expected {
        for word in field.split_whitespace() {
            let word = clean(word);
            let found = (cursor..tokens.len()).find_map(|i| {
                (1..=3).find_map(|n| {
                    let joined: String = tokens.get(i..i + n)?.concat();
                    (joined == word).then_some(i + n)
                })
            });
            match found {
                Some(next) => cursor = next,
                None => panic!(
                    "{what}: `{word}` (of `{field}`) not found after token {cursor}: …{}…",
                    tokens[cursor.saturating_sub(5)..(cursor + 10).min(tokens.len())].join(" ")
                ),
            }
            checked += 1;
        }
    }
    assert!(checked >= at_least, "{what}: only {checked} words checked");
}

/// A résumé in the cvpdf format laid out in a style through the library's stages, with
/// the text stage's warnings.
pub fn lay_out(yaml: &str, style: &Style) -> (Document, Vec<String>) {
    let source = Source::new("test.yaml", yaml);
    let resume = cvpdf::model::load(&source).unwrap_or_else(|d| panic!("{}", d.message));
    let flow = compose::compose(&resume, style);
    let book = FontBook::default();
    let mut ts = Typesetter::new(&book, style, &resume.language);
    let blocks = ts.set_flow(flow.blocks, 1).unwrap();
    let texts = paginate::PageTexts::of(&resume, style);
    let document = paginate::paginate(&mut ts, blocks, style, &texts).unwrap();
    let warnings = ts.warnings.iter().map(|w| w.message.clone()).collect();
    (document, warnings)
}
