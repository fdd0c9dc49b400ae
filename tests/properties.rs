//! Property tests over generated résumés: valid files with sections, entries, dates,
//! nested bullets, rows and items, in words drawn from a list with accented Latin, long
//! words, compounds, URLs, e-mail addresses, Greek, Cyrillic, Chinese and Korean.
//!
//! - any valid résumé lays out in every preset without a panic or an error;
//! - no glyph or rule is placed outside the page's text area, but in a line whose
//!   paragraph was reported as overflowing; margin lines (footer, running head) stay in
//!   their margins;
//! - every word of the résumé comes back from `pdftotext`;
//! - `one-page` gives one page, or the documented "does not fit" error.
//!
//! Case counts are bounded so that the file runs in well under a minute unoptimised;
//! `PROPTEST_CASES=N` runs N cases of each instead.

mod common;

use common::*;
use cvpdf::diag::Source;
use cvpdf::font::FontBook;
use cvpdf::model::{self, Block, Bullet, Resume, Text};
use cvpdf::style::{self, Paper, Style};
use cvpdf::text::LineItem;
use cvpdf::typeset::{self, Laid, fit::FitError};
use proptest::prelude::*;
use proptest::sample::select;

const WORDS: &[&str] = &[
    "the",
    "engineer",
    "built",
    "systems",
    "latency",
    "with",
    "and",
    "for",
    "team",
    "design",
    "café",
    "naïve",
    "Zürich",
    "Ångström",
    "Núñez",
    "façade",
    "résumé",
    "Donaudampfschifffahrtsgesellschaft",
    "internationalization",
    "incomprehensibilities",
    "coroutine-based",
    "state-of-the-art",
    "https://example.org/docs",
    "https://example.org/a/long/path/with/many/segments/that/must/break/somewhere",
    "www.example.com/page",
    "ada@example.org",
    "2019–2024",
    "v1.2.3",
    "C++",
    "Node.js",
    "1,000,000",
    "40%",
    "Ελληνικά",
    "Русский",
    "中文",
    "分布式系统",
    "数据库内核开发工程师",
    "한국어",
    "0123456789012345678901234567890123456789",
];

/// A word, sometimes bold, italic or code.
fn word() -> impl Strategy<Value = String> {
    (select(WORDS), 0..10u8).prop_map(|(w, style)| match style {
        0 => format!("**{w}**"),
        1 => format!("*{w}*"),
        2 if !w.contains('`') => format!("`{w}`"),
        _ => w.to_string(),
    })
}

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), n).prop_map(|w| w.join(" "))
}

/// Plain short words, for row labels (a label column a few words wide).
fn label() -> impl Strategy<Value = String> {
    prop::collection::vec(select(&WORDS[..16]), 1..3).prop_map(|w| w.join(" "))
}

#[derive(Debug, Clone)]
struct Item {
    text: String,
    children: Vec<Item>,
}

fn bullets() -> impl Strategy<Value = Vec<Item>> {
    let leaf = words(1..25).prop_map(|text| Item { text, children: Vec::new() });
    let tree = leaf.prop_recursive(3, 12, 3, |inner| {
        (words(1..20), prop::collection::vec(inner, 0..3))
            .prop_map(|(text, children)| Item { text, children })
    });
    prop::collection::vec(tree, 0..5)
}

/// A year with an optional month.
type Month = (u16, Option<u8>);

#[derive(Debug, Clone)]
struct Entry {
    title: String,
    subtitle: Option<String>,
    location: Option<String>,
    /// (start year, start month, end: None = present, or years after the start and month)
    when: Option<(u16, Option<u8>, Option<Month>)>,
    url: bool,
    text: Option<String>,
    bullets: Vec<Item>,
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        words(1..6),
        prop::option::of(words(1..5)),
        prop::option::of(words(1..3)),
        prop::option::of((
            1990..2024u16,
            prop::option::of(1..=12u8),
            prop::option::of((1..6u16, prop::option::of(1..=12u8))),
        )),
        any::<bool>(),
        prop::option::of(words(3..40)),
        bullets(),
    )
        .prop_map(|(title, subtitle, location, when, url, text, bullets)| Entry {
            title,
            subtitle,
            location,
            when,
            url,
            text,
            bullets,
        })
}

#[derive(Debug, Clone)]
struct Section {
    title: String,
    text: Option<String>,
    entries: Vec<Entry>,
    rows: Vec<(String, String)>,
    items: Vec<String>,
}

fn section() -> impl Strategy<Value = Section> {
    (
        words(1..4),
        prop::option::of(words(5..60)),
        prop::collection::vec(entry(), 0..4),
        prop::collection::vec((label(), words(1..20)), 0..4),
        prop::collection::vec(words(1..15), 0..4),
    )
        .prop_map(|(title, text, entries, rows, mut items)| {
            if text.is_none() && entries.is_empty() && rows.is_empty() && items.is_empty() {
                items.push("the engineer".into());
            }
            Section { title, text, entries, rows, items }
        })
}

#[derive(Debug, Clone)]
struct Cv {
    name: String,
    headline: Option<String>,
    location: Option<String>,
    email: bool,
    link: bool,
    summary: Option<String>,
    sections: Vec<Section>,
}

fn cv(sections: std::ops::Range<usize>) -> impl Strategy<Value = Cv> {
    (
        prop::collection::vec(select(&WORDS[..16]), 1..4),
        prop::option::of(words(1..10)),
        prop::option::of(words(1..4)),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(words(5..80)),
        prop::collection::vec(section(), sections),
    )
        .prop_map(|(name, headline, location, email, link, summary, sections)| Cv {
            name: name.join(" "),
            headline,
            location,
            email,
            link,
            summary,
            sections,
        })
}

/// A YAML double-quoted string.
fn q(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn write_bullets(out: &mut String, items: &[Item], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        if item.children.is_empty() {
            out.push_str(&format!("{pad}- {}\n", q(&item.text)));
        } else {
            out.push_str(&format!("{pad}- text: {}\n{pad}  bullets:\n", q(&item.text)));
            write_bullets(out, &item.children, indent + 4);
        }
    }
}

impl Cv {
    fn yaml(&self) -> String {
        let mut y = format!("name: {}\n", q(&self.name));
        let mut field = |key: &str, value: &Option<String>| {
            if let Some(v) = value {
                y.push_str(&format!("{key}: {}\n", q(v)));
            }
        };
        field("headline", &self.headline);
        field("location", &self.location);
        field("summary", &self.summary);
        if self.email {
            y.push_str("email: someone@example.org\n");
        }
        if self.link {
            y.push_str("links:\n  - label: Code\n    url: https://example.org/code\n");
        }
        y.push_str("sections:\n");
        for s in &self.sections {
            y.push_str(&format!("  - title: {}\n", q(&s.title)));
            if let Some(text) = &s.text {
                y.push_str(&format!("    text: {}\n", q(text)));
            }
            if !s.entries.is_empty() {
                y.push_str("    entries:\n");
            }
            for e in &s.entries {
                y.push_str(&format!("      - title: {}\n", q(&e.title)));
                let pad = "        ";
                for (key, value) in [("subtitle", &e.subtitle), ("location", &e.location)] {
                    if let Some(v) = value {
                        y.push_str(&format!("{pad}{key}: {}\n", q(v)));
                    }
                }
                let date = |year: u16, month: Option<u8>| match month {
                    Some(m) => format!("\"{year}-{m:02}\""),
                    None => year.to_string(),
                };
                match e.when {
                    None => {}
                    Some((year, month, None)) if year % 2 == 0 => {
                        y.push_str(&format!("{pad}date: {}\n", date(year, month)))
                    }
                    Some((year, month, end)) => {
                        y.push_str(&format!("{pad}start: {}\n", date(year, month)));
                        match end {
                            None => y.push_str(&format!("{pad}end: present\n")),
                            Some((after, m)) => {
                                y.push_str(&format!("{pad}end: {}\n", date(year + after, m)))
                            }
                        }
                    }
                }
                if e.url {
                    y.push_str(&format!("{pad}url: https://example.org/project\n"));
                }
                if let Some(text) = &e.text {
                    y.push_str(&format!("{pad}text: {}\n", q(text)));
                }
                if !e.bullets.is_empty() {
                    y.push_str(&format!("{pad}bullets:\n"));
                    write_bullets(&mut y, &e.bullets, 10);
                }
            }
            if !s.rows.is_empty() {
                y.push_str("    rows:\n");
            }
            for (label, text) in &s.rows {
                y.push_str(&format!("      - label: {}\n        text: {}\n", q(label), q(text)));
            }
            if !s.items.is_empty() {
                y.push_str("    items:\n");
            }
            for item in &s.items {
                y.push_str(&format!("      - {}\n", q(item)));
            }
        }
        y
    }

    fn resume(&self) -> Resume {
        let yaml = self.yaml();
        model::load(&Source::new("generated.yaml", yaml.as_str()))
            .unwrap_or_else(|d| panic!("a generated résumé must be valid: {}\n{yaml}", d.message))
    }
}

/// The résumé laid out as `build` lays it out, with the style its lines were set in.
fn lay_out(resume: &Resume, style: &Style) -> Result<(Laid, Style, Resume), FitError> {
    let book = &FontBook::default();
    match &style.fit {
        None => Ok((typeset::lay_out(resume, style, book)?, style.clone(), resume.clone())),
        Some(bounds) => {
            let fitted = typeset::fit::fit(resume, style, bounds, book, true)?;
            Ok((fitted.laid, style.shrunk(fitted.shrink), fitted.kept))
        }
    }
}

/// Every text of the résumé with its byte offset, to find what a warning points at.
fn texts(r: &Resume) -> Vec<&Text> {
    let mut out = vec![&r.name];
    out.extend([&r.native_name, &r.headline, &r.location, &r.phone].into_iter().flatten());
    out.extend(r.email.iter().map(|l| &l.label));
    out.extend(r.links.iter().map(|l| &l.label));
    out.extend(&r.summary);
    fn bullets<'a>(list: &'a [Bullet], out: &mut Vec<&'a Text>) {
        for b in list {
            out.push(&b.text);
            bullets(&b.children, out);
        }
    }
    for s in &r.sections {
        out.push(&s.title);
        out.extend(&s.text);
        out.extend(&s.items);
        for row in &s.rows {
            out.extend([&row.label, &row.text]);
        }
        for e in &s.entries {
            out.extend([&e.title].into_iter().chain(&e.subtitle).chain(&e.location));
            out.extend(e.url.iter().map(|l| &l.label));
            for block in &e.body {
                match block {
                    Block::Paragraph(t) => out.push(t),
                    Block::Bullets(list) => bullets(list, &mut out),
                }
            }
        }
    }
    out
}

/// Check that every glyph and rule lies inside the text area, but in lines of paragraphs
/// that a warning reported as sticking out; footer and running head in their margins.
fn check_text_area(laid: &Laid, style: &Style, resume: &Resume) -> Result<(), TestCaseError> {
    const SLACK: f32 = 0.5;
    let (left, right) = (style.margin_left, style.page_width - style.margin_right);
    let (top, bottom) = (style.margin_top, style.page_height - style.margin_bottom);
    let footer_y = style.page_height - style.margin_bottom / 2.0 - style.sizes.footer * 0.5;
    let head_y = style.margin_top / 2.0 - style.sizes.footer * 0.5;
    // Words of the paragraphs reported as overflowing.
    let warned: Vec<String> = laid
        .warnings
        .iter()
        .flat_map(|w| texts(resume).into_iter().filter(move |t| t.origin == w.origin))
        .map(Text::plain)
        .collect();
    for (n, page) in laid.document.pages.iter().enumerate() {
        for placed in &page.lines {
            let line = &placed.line;
            let text: String = line
                .items
                .iter()
                .filter_map(|i| match i {
                    LineItem::Text(run) => Some(run.text.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ");
            // A footer, a running head or a sidebar's tint belongs to the page, not the text
            // area: it may go anywhere on the paper.
            let margin_line = placed.block.is_none()
                || (placed.y - footer_y).abs() < 0.01
                || (placed.y - head_y).abs() < 0.01;
            let (x_min, x_max) = if margin_line { (0.0, style.page_width) } else { (left, right) };
            if margin_line {
                prop_assert!(
                    placed.y + line.height <= style.page_height && placed.y >= 0.0,
                    "page {}: margin line `{text}` off the page",
                    n + 1
                );
            } else {
                prop_assert!(
                    placed.y >= top - SLACK && placed.y + line.height <= bottom + SLACK,
                    "page {}: line `{text}` at y {}–{} outside {top}–{bottom}",
                    n + 1,
                    placed.y,
                    placed.y + line.height
                );
            }
            for item in &line.items {
                let (from, to) = match item {
                    LineItem::Text(run) => (placed.x + run.x, placed.x + run.x + run.width()),
                    LineItem::Rule { x, width, .. } => (placed.x + x, placed.x + x + width),
                    LineItem::Photo { photo, .. } => {
                        (placed.x + photo.x, placed.x + photo.x + photo.width)
                    }
                    LineItem::Icon { x, size, icon, .. } => {
                        (placed.x + x, placed.x + x + size * icon.glyph().advance)
                    }
                    LineItem::Link { .. } => continue,
                };
                if from >= x_min - SLACK && to <= x_max + SLACK {
                    continue;
                }
                // Sticking out is allowed only where a warning said so.
                let reported = warned.iter().any(|p| {
                    text.split_whitespace().any(|w| w.chars().count() > 3 && p.contains(w))
                });
                prop_assert!(
                    reported,
                    "page {}: `{text}` spans {from}–{to}, outside {x_min}–{x_max}, unreported \
                     (warnings: {:?})",
                    n + 1,
                    laid.warnings
                );
            }
        }
    }
    Ok(())
}

/// Every word of every field is in the extracted text, as one token or split over up
/// to three (a URL broken at a slash, CJK broken between characters), or in the two
/// pieces a line's end hyphenated it into. pdftotext joins those again only inside one
/// of its blocks, and a paragraph that starts with a smaller run (inline code) has its
/// first line read as a block of its own; the other extractors never join them
/// (docs/ats.md, `tests/ats.rs`).
fn assert_words_present(fields: &[String], extracted: &str, what: &str) {
    let clean = |w: &str| w.to_lowercase().trim_end_matches(',').to_string();
    let tokens: Vec<String> = extracted.split_whitespace().map(clean).collect();
    let mut found = std::collections::HashSet::new();
    for n in 1..=3 {
        found.extend(tokens.windows(n).map(|w| w.concat()));
    }
    found.extend(
        tokens
            .windows(2)
            .filter_map(|w| w[0].strip_suffix('-').map(|piece| format!("{piece}{}", w[1]))),
    );
    for field in fields {
        for word in field.split_whitespace().map(clean) {
            assert!(
                found.contains(&word),
                "{what}: `{word}` (of `{field}`) is not in:\n{extracted}"
            );
        }
    }
}

/// `cases` per test, or `PROPTEST_CASES` when set (the long run: docs/reliability.md).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, max_shrink_iters: 200, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(16))]

    /// Any valid résumé lays out in every preset, on either paper, and keeps every glyph
    /// inside the text area but where an overflow was reported.
    #[test]
    fn any_valid_resume_lays_out_inside_the_text_area(
        cv in cv(1..4),
        preset in select(&PRESETS[..]),
        letter in any::<bool>(),
        long in prop::option::of(40..160usize),
    ) {
        let mut cv = cv;
        // Sometimes a token no line can hold, which must be reported where it sticks out.
        if let Some(n) = long {
            cv.sections[0].items.push(format!("see {}", "W".repeat(n / 2)));
        }
        let resume = cv.resume();
        let mut style = style::resolve(preset).unwrap();
        if letter {
            style = style.on_paper(Paper::Letter);
        }
        match lay_out(&resume, &style) {
            Ok((laid, style, kept)) => check_text_area(&laid, &style, &kept)?,
            // Fitting may fail with the documented error; nothing else may.
            Err(FitError::TooLong { .. }) => prop_assert!(style.fit.is_some()),
            Err(FitError::Text(p)) => prop_assert!(false, "text problem: {}", p.message),
        }
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// Every word of the résumé comes back from the PDF. (Not always in reading order:
    /// see docs/reliability.md on rows whose text wraps.)
    #[test]
    fn every_word_comes_back_from_the_pdf(cv in cv(1..4), preset in select(&PRESETS[..])) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("cv.yaml");
        std::fs::write(&input, cv.yaml()).unwrap();
        let pdf = dir.path().join("cv.pdf");
        let out = cvpdf(&["build", input.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--layout", preset]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            // Only fitting may refuse, with its documented message.
            prop_assert!(stderr.contains("does not fit on 1 page"), "{stderr}");
            return Ok(());
        }
        let style = style::resolve(preset).unwrap();
        let (_, _, kept) = lay_out(&cv.resume(), &style).ok().unwrap();
        // An entry's dates follow the first line of its title ("Title · 2003 – present"),
        // also when the title goes on to a second line: take them out, so that a title
        // broken over two lines reads as one again.
        let mut text = pdftotext(&pdf);
        let locale = cvpdf::model::locale::Locale::for_tag(&kept.language);
        for entry in kept.sections.iter().flat_map(|s| &s.entries) {
            if let Some(when) = &entry.when {
                let dates = cvpdf::compose::format_when(when, &style, locale);
                text = text.replace(&format!(" · {dates}\n"), " ");
            }
        }
        assert_words_present(&fields(&kept), &text, preset);
    }
}

proptest! {
    #![proptest_config(config(10))]

    /// `one-page` gives exactly one page, or the documented error: with leaving out
    /// allowed, and with `--no-drop`.
    #[test]
    fn one_page_gives_one_page_or_the_documented_error(cv in cv(1..7), no_drop in any::<bool>()) {
        let source = Source::new("cv.yaml", cv.yaml());
        let options = cvpdf::Options {
            layout: "one-page".into(),
            no_drop,
            ..cvpdf::Options::default()
        };
        match cvpdf::build(&source, &options) {
            Ok(output) => {
                prop_assert_eq!(output.pages, 1);
                prop_assert_eq!(output.fit_pages, Some(1));
                if no_drop {
                    prop_assert!(output.left_out.is_empty(), "{:?}", output.left_out);
                }
            }
            Err(cvpdf::diag::Error::Input(reports)) => {
                let message = &reports[0].message;
                prop_assert!(message.starts_with("the résumé does not fit on 1 page"), "{message}");
            }
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }
}
