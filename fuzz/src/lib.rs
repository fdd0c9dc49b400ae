//! Shared by the fuzz targets: the convert round trip, a résumé with every kind of
//! content, and a structured résumé ([`Model`]) that `arbitrary` builds from the fuzzer's
//! bytes and that is written out as native YAML for `cvpdf::build`.

use arbitrary::Arbitrary;
use cvpdf::diag::Source;
use cvpdf::model::{self, Format, Loaded};
use cvpdf::style::PRESETS;

/// A file that reads converts to the native format (`cvpdf convert`), and the converted
/// file reads back as the same résumé (up to byte offsets, and the paper, which the
/// converted file carries in its `layout:` block).
pub fn round_trip(source: &Source, loaded: &Loaded) {
    let (native, _) = model::import::to_native(source, loaded.format).unwrap_or_else(|d| {
        panic!("read as {:?} but does not convert: {}", loaded.format, d.message)
    });
    let converted = Source::new("converted.yaml", native.as_str());
    let again = model::read(&converted, Some(Format::Cvpdf))
        .unwrap_or_else(|d| panic!("the converted file does not read: {}\n{native}", d.message));
    let (mut a, mut b) = (loaded.resume.clone(), again.resume);
    (a.paper, b.paper) = (None, None);
    // The file's join of a degree to its area goes into the layout block.
    if let Some(join) = &a.degree_join {
        let line = format!("\n    degree-join: {join:?}\n");
        assert!(native.contains(&line), "no `{line}` in the converted file:\n{native}");
    }
    (a.degree_join, b.degree_join) = (None, None);
    // The photo's path is written in another place in the converted file.
    let photo = |r: &model::Resume| r.photo.as_ref().map(|p| p.path.clone());
    assert_eq!(photo(&a), photo(&b), "converted:\n{native}");
    (a.photo, b.photo) = (None, None);
    assert_eq!(without_offsets(&a), without_offsets(&b), "converted:\n{native}");
}

/// The résumé's debug form with every byte offset (`origin: N`) blanked.
fn without_offsets(resume: &model::Resume) -> String {
    let debug = format!("{resume:?}");
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("origin: ") {
        out.push_str(&rest[..i + 8]);
        rest = rest[i + 8..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// A résumé with every kind of content: header fields, links, paragraphs, entries with
/// dates and nested bullets four deep, a body, rows, items, a long URL, a long word,
/// accented Latin, CJK and code.
pub const EVERYTHING: &str = include_str!("../../tests/regressions/everything.yaml");

// ---------------------------------------------------------------------------------------
// A structured résumé for the `build` target.

/// Words the generator picks from: plain and accented Latin, long words, compounds,
/// URLs, e-mail addresses, numbers and punctuation, Greek, Cyrillic, CJK and Korean.
pub const WORDS: &[&str] = &[
    "the",
    "engineer",
    "built",
    "systems",
    "with",
    "Rust",
    "and",
    "C",
    "latency",
    "p99",
    "40 %",
    "café",
    "naïve",
    "Zürich",
    "Ångström",
    "Núñez",
    "façade",
    "coöperate",
    "Donaudampfschifffahrtsgesellschaft",
    "internationalization",
    "supercalifragilisticexpialidocious",
    "coroutine-based",
    "state-of-the-art",
    "https://example.org",
    "https://example.org/a/long/path/with/many/segments/to/break",
    "www.example.com/x",
    "ada@example.org",
    "2019–2024",
    "(see above)",
    "v1.2.3",
    "“quoted”",
    "it’s",
    "—",
    "…",
    "&",
    "#1",
    "Ελληνικά",
    "Русский",
    "中文",
    "分布式系统",
    "한국어",
    "数据库内核开发工程师",
    "x",
    "a",
    "I",
    "42",
    "1,000,000",
    "C++",
    "C#",
    "Node.js",
    "tab\there",
];

/// Markup shapes a token may take.
#[derive(Arbitrary, Debug)]
pub enum Token {
    Word(u8),
    Bold(u8),
    Italic(u8),
    Code(u8),
    Link(u8, u8),
    Escaped(u8),
    /// Anything at all, as written (may be invalid markup or uncovered characters).
    Raw(String),
}

/// A text field: tokens joined by spaces.
#[derive(Arbitrary, Debug)]
pub struct Words(pub Vec<Token>);

fn word(i: u8) -> &'static str {
    WORDS[i as usize % WORDS.len()]
}

impl Words {
    pub fn render(&self) -> String {
        let mut parts: Vec<String> = self
            .0
            .iter()
            .take(60)
            .map(|t| match t {
                Token::Word(i) => word(*i).to_string(),
                Token::Bold(i) => format!("**{}**", word(*i)),
                Token::Italic(i) => format!("*{}*", word(*i)),
                Token::Code(i) => format!("`{}`", word(*i)),
                Token::Link(i, j) => format!(
                    "[{}]({})",
                    word(*i),
                    ["example.org", "https://x.org/p?q=1", "mailto:a@b.org", "tel:+1-555"]
                        [*j as usize % 4]
                ),
                Token::Escaped(i) => format!("\\*{}\\*", word(*i)),
                Token::Raw(s) => s.chars().take(200).collect(),
            })
            .collect();
        if parts.is_empty() {
            parts.push(word(0).to_string());
        }
        parts.join(" ")
    }
}

#[derive(Arbitrary, Debug)]
pub struct Day {
    year: u8,
    month: Option<u8>,
    day: Option<u8>,
}

impl Day {
    fn render(&self, plus_years: u8) -> String {
        let year = 1950 + (u32::from(self.year) % 70) + u32::from(plus_years % 10);
        match (self.month, self.day) {
            (None, _) => format!("{year}"),
            (Some(m), None) => format!("{year}-{:02}", m % 12 + 1),
            (Some(m), Some(d)) => format!("{year}-{:02}-{:02}", m % 12 + 1, d % 28 + 1),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum When {
    None,
    Single(Day),
    Range(Day, Option<u8>),
}

#[derive(Arbitrary, Debug)]
pub struct Bullet {
    text: Words,
    children: Vec<Bullet>,
    tags: Vec<u8>,
    detailed_only: bool,
}

#[derive(Arbitrary, Debug)]
pub enum BodyBlock {
    Paragraph(Words),
    Bullets(Vec<Bullet>),
}

#[derive(Arbitrary, Debug)]
pub struct Entry {
    title: Words,
    subtitle: Option<Words>,
    location: Option<Words>,
    when: When,
    url: Option<u8>,
    text: Option<Vec<Words>>,
    bullets: Vec<Bullet>,
    body: Option<Vec<BodyBlock>>,
    tags: Vec<u8>,
    detailed_only: bool,
    priority: Option<i8>,
}

#[derive(Arbitrary, Debug)]
pub struct Section {
    title: Words,
    text: Option<Vec<Words>>,
    entries: Vec<Entry>,
    rows: Vec<(Words, Words)>,
    items: Vec<Words>,
    detailed_only: bool,
    priority: i8,
}

/// Layout values over the preset; each is mapped into (and sometimes just past) the
/// range the layout checks allow.
#[derive(Arbitrary, Debug)]
pub struct Layout {
    paper: Option<bool>,
    body: Option<u8>,
    name: Option<u8>,
    heading: Option<u8>,
    footer: Option<u8>,
    leading: Option<u8>,
    margins: Option<[u8; 4]>,
    indent: Option<[u8; 3]>,
    spacing: Option<[u8; 4]>,
    justify: Option<bool>,
    hyphenate: Option<bool>,
    case: Option<u8>,
    center: Option<bool>,
    tracking: Option<i8>,
    rule: Option<u8>,
    rule_position: Option<u8>,
    heading_center: Option<bool>,
    accent_letters: Option<u8>,
    last_bold: Option<bool>,
    bullets: Option<u8>,
    months: Option<bool>,
    footer_text: Option<u8>,
    running_head: Option<u8>,
    entry: Option<(u8, u8)>,
    sidebar: Option<(u8, u8, u8, u8)>,
    single_page: Option<bool>,
    fit_pages: Option<u8>,
    min_body: Option<u8>,
    min_margin: Option<u8>,
}

/// A whole build: a résumé, a preset and the options.
#[derive(Arbitrary, Debug)]
pub struct Model {
    pub preset: u8,
    pub paper: Option<bool>,
    pub no_drop: bool,
    pub date: Option<u32>,
    pub tags: Vec<u8>,
    name: Words,
    native_name: Option<Words>,
    headline: Option<Words>,
    location: Option<Words>,
    email: bool,
    phone: Option<u32>,
    links: Vec<(Option<Words>, u8)>,
    language: u8,
    updated: Option<Day>,
    summary: Option<Vec<Words>>,
    sections: Vec<Section>,
    layout: Option<Layout>,
}

/// A YAML value, written in block style with every string double-quoted.
#[derive(Clone)]
enum Y {
    Str(String),
    Int(i64),
    Bool(bool),
    Map(Vec<(&'static str, Y)>),
    Seq(Vec<Y>),
}

fn s(text: impl Into<String>) -> Y {
    Y::Str(text.into())
}

fn paragraphs(list: &[Words]) -> Y {
    s(list.iter().take(4).map(Words::render).collect::<Vec<_>>().join("\n\n"))
}

const TAGS: [&str; 4] = ["backend", "research", "teaching", "unused"];

fn tags(list: &[u8]) -> Y {
    Y::Seq(list.iter().take(3).map(|t| s(TAGS[*t as usize % TAGS.len()])).collect())
}

impl Y {
    fn is_empty(&self) -> bool {
        matches!(self, Y::Map(m) if m.is_empty()) || matches!(self, Y::Seq(v) if v.is_empty())
    }

    fn scalar(&self) -> Option<String> {
        match self {
            Y::Str(text) => Some(serde_json::to_string(text).unwrap_or_default()),
            Y::Int(n) => Some(n.to_string()),
            Y::Bool(b) => Some(b.to_string()),
            Y::Map(m) if m.is_empty() => Some("{}".into()),
            Y::Seq(v) if v.is_empty() => Some("[]".into()),
            _ => None,
        }
    }

    fn write(&self, out: &mut String, indent: usize) {
        let pad = " ".repeat(indent);
        match self {
            Y::Map(map) => {
                for (key, value) in map {
                    match value.scalar() {
                        Some(scalar) => out.push_str(&format!("{pad}{key}: {scalar}\n")),
                        None => {
                            out.push_str(&format!("{pad}{key}:\n"));
                            value.write(out, indent + 2);
                        }
                    }
                }
            }
            Y::Seq(items) => {
                for item in items {
                    match item.scalar() {
                        Some(scalar) => out.push_str(&format!("{pad}- {scalar}\n")),
                        None => {
                            out.push_str(&format!("{pad}-\n"));
                            item.write(out, indent + 2);
                        }
                    }
                }
            }
            other => out.push_str(&format!("{pad}{}\n", other.scalar().unwrap_or_default())),
        }
    }
}

impl Bullet {
    fn yaml(&self, depth: usize) -> Y {
        let children: Vec<Y> = if depth > 6 {
            Vec::new()
        } else {
            self.children.iter().take(6).map(|b| b.yaml(depth + 1)).collect()
        };
        if children.is_empty() && self.tags.is_empty() && !self.detailed_only {
            return s(self.text.render());
        }
        let mut map = vec![("text", s(self.text.render()))];
        if !children.is_empty() {
            map.push(("bullets", Y::Seq(children)));
        }
        if !self.tags.is_empty() {
            map.push(("tags", tags(&self.tags)));
        }
        if self.detailed_only {
            map.push(("detailed-only", Y::Bool(true)));
        }
        Y::Map(map)
    }
}

fn bullets(list: &[Bullet]) -> Y {
    Y::Seq(list.iter().take(12).map(|b| b.yaml(0)).collect())
}

const URLS: [&str; 4] =
    ["https://example.org/project", "example.com", "http://localhost:8080/x", "github.com/a/b"];

impl Entry {
    fn yaml(&self) -> Y {
        let mut map = vec![("title", s(self.title.render()))];
        if let Some(sub) = &self.subtitle {
            map.push(("subtitle", s(sub.render())));
        }
        if let Some(location) = &self.location {
            map.push(("location", s(location.render())));
        }
        match &self.when {
            When::None => {}
            When::Single(day) => map.push(("date", s(day.render(0)))),
            When::Range(start, end) => {
                map.push(("start", s(start.render(0))));
                let end = match end {
                    None => "present".to_string(),
                    // Years after the start; the month and day of the start keep it valid.
                    Some(years) => start.render(*years),
                };
                map.push(("end", s(end)));
            }
        }
        if let Some(url) = self.url {
            map.push(("url", s(URLS[url as usize % URLS.len()])));
        }
        match &self.body {
            Some(blocks) => {
                let blocks = blocks
                    .iter()
                    .take(6)
                    .map(|b| match b {
                        BodyBlock::Paragraph(w) => s(w.render()),
                        BodyBlock::Bullets(list) => Y::Map(vec![("bullets", bullets(list))]),
                    })
                    .collect();
                map.push(("body", Y::Seq(blocks)));
            }
            None => {
                if let Some(text) = &self.text {
                    map.push(("text", paragraphs(text)));
                }
                if !self.bullets.is_empty() {
                    map.push(("bullets", bullets(&self.bullets)));
                }
            }
        }
        if !self.tags.is_empty() {
            map.push(("tags", tags(&self.tags)));
        }
        if self.detailed_only {
            map.push(("detailed-only", Y::Bool(true)));
        }
        if let Some(p) = self.priority {
            map.push(("priority", Y::Int(p.into())));
        }
        Y::Map(map)
    }
}

impl Section {
    fn yaml(&self) -> Y {
        let mut map = vec![("title", s(self.title.render()))];
        if let Some(text) = &self.text {
            map.push(("text", paragraphs(text)));
        }
        let entries: Vec<Y> = self.entries.iter().take(12).map(Entry::yaml).collect();
        let rows: Vec<Y> = self
            .rows
            .iter()
            .take(8)
            .map(|(l, t)| Y::Map(vec![("label", s(l.render())), ("text", s(t.render()))]))
            .collect();
        let items: Vec<Y> = self.items.iter().take(12).map(|w| s(w.render())).collect();
        for (key, list) in [("entries", entries), ("rows", rows), ("items", items)] {
            if !list.is_empty() {
                map.push((key, Y::Seq(list)));
            }
        }
        if self.detailed_only {
            map.push(("detailed-only", Y::Bool(true)));
        }
        if self.priority != 0 {
            map.push(("priority", Y::Int(self.priority.into())));
        }
        Y::Map(map)
    }
}

/// `v` (0–255) mapped onto `from..=to`, with a little room past both ends.
fn range(v: u8, from: f32, to: f32) -> f32 {
    let t = (f32::from(v) - 8.0) / 239.0;
    from + (to - from) * t
}

fn number(v: f32) -> Y {
    Y::Str(format!("{v:.2}"))
}

impl Layout {
    fn yaml(&self) -> Y {
        let mut map = Vec::new();
        if let Some(letter) = self.paper {
            map.push(("paper", s(if letter { "letter" } else { "a4" })));
        }
        if let Some([t, b, l, r]) = self.margins {
            let m = |v: u8| s(format!("{:.1}pt", range(v, 0.0, 300.0)));
            map.push((
                "margins",
                Y::Map(vec![("top", m(t)), ("bottom", m(b)), ("left", m(l)), ("right", m(r))]),
            ));
        }
        let mut sizes = Vec::new();
        for (key, v) in [
            ("body", self.body),
            ("name", self.name),
            ("heading", self.heading),
            ("footer", self.footer),
        ] {
            if let Some(v) = v {
                sizes.push((key, number(range(v, 4.0, 96.0))));
            }
        }
        if !sizes.is_empty() {
            map.push(("sizes", Y::Map(sizes)));
        }
        if let Some(v) = self.leading {
            map.push(("leading", Y::Map(vec![("body", number(range(v, 0.8, 3.0)))])));
        }
        if let Some([a, b, c, d]) = self.spacing {
            let g = |v: u8| s(format!("{:.1}pt", range(v, 0.0, 144.0)));
            map.push((
                "spacing",
                Y::Map(vec![
                    ("section", g(a)),
                    ("entry", g(b)),
                    ("bullet", g(c)),
                    ("heading", g(d)),
                ]),
            ));
        }
        if let Some([bullet, marker, gap]) = self.indent {
            let g = |v: u8| s(format!("{:.1}pt", range(v, 0.0, 72.0)));
            map.push((
                "indent",
                Y::Map(vec![("bullet", g(bullet)), ("marker", g(marker)), ("row-gap", g(gap))]),
            ));
        }
        let mut heading = Vec::new();
        if let Some(case) = self.case {
            heading.push(("case", s(["upper", "small-caps", "as-is"][case as usize % 3])));
        }
        if let Some(t) = self.tracking {
            heading.push(("tracking", number(f32::from(t) / 200.0)));
        }
        if let Some(r) = self.rule {
            heading.push(("rule", s(format!("{:.1}pt", range(r, 0.0, 6.0)))));
        }
        if let Some(p) = self.rule_position {
            heading.push(("rule-position", s(["below", "above", "beside"][p as usize % 3])));
        }
        if let Some(center) = self.heading_center {
            heading.push(("align", s(if center { "center" } else { "left" })));
        }
        if let Some(n) = self.accent_letters {
            heading.push(("accent-letters", Y::Int(i64::from(n % 12))));
        }
        if !heading.is_empty() {
            map.push(("heading", Y::Map(heading)));
        }
        let mut header = Vec::new();
        if let Some(center) = self.center {
            header.push(("align", s(if center { "center" } else { "left" })));
        }
        if let Some(last) = self.last_bold {
            header.push(("name-weight", s(if last { "last-bold" } else { "bold" })));
        }
        if let Some(h) = self.running_head {
            header.push((
                "running-head",
                s(["", "{name} — Résumé", "{page}/{pages} {updated}", "中文 {name}"]
                    [h as usize % 4]),
            ));
        }
        if !header.is_empty() {
            map.push(("header", Y::Map(header)));
        }
        if let Some((lines, look)) = self.entry {
            let fields = |names: &[&str]| Y::Seq(names.iter().map(|n| s(*n)).collect());
            let line = |left: &[&str], right: &[&str]| {
                Y::Map(vec![("left", fields(left)), ("right", fields(right))])
            };
            let templates = [
                vec![line(&["title", "subtitle"], &["location", "dates"])],
                vec![line(&["title"], &["dates"]), line(&["subtitle"], &["location"])],
                vec![
                    line(&[], &["dates"]),
                    line(&["title", "location"], &[]),
                    line(&["subtitle"], &[]),
                ],
                vec![line(&["dates", "title", "subtitle", "location"], &[])],
            ];
            let sizes = ["entry-title", "meta", "body"];
            let colours = ["text", "muted", "accent"];
            let field_look = Y::Map(vec![
                ("bold", Y::Bool(look & 1 != 0)),
                ("italic", Y::Bool(look & 2 != 0)),
                ("size", s(sizes[(look as usize >> 2) % 3])),
                ("colour", s(colours[(look as usize >> 4) % 3])),
            ]);
            map.push((
                "entry",
                Y::Map(vec![
                    ("lines", Y::Seq(templates[lines as usize % 4].clone())),
                    ("join", s([", ", " — ", " | ", ""][(lines as usize >> 2) % 4])),
                    (
                        ["title", "subtitle", "location", "dates"][(look as usize >> 6) % 4],
                        field_look,
                    ),
                ]),
            ));
        }
        if let Some((kind, width, a, b)) = self.sidebar {
            // Sections titled with one word of the vocabulary go in it.
            let sections = Y::Seq(vec![s(word(a)), s(word(b))]);
            map.push((
                "sidebar",
                Y::Map(vec![
                    ("side", s(["left", "right", "none"][kind as usize % 3])),
                    ("width", s(format!("{:.1}pt", range(width, 48.0, 200.0)))),
                    ("sections", sections),
                    ("contact", Y::Bool(kind & 4 != 0)),
                    ("pages", s(if kind & 8 != 0 { "every" } else { "first" })),
                    ("tint", s(if kind & 16 != 0 { "#eeeeee" } else { "none" })),
                ]),
            ));
        }
        if let Some(b) = self.bullets {
            let marks = [vec!["•"], vec!["–", "◦"], vec!["→", "*", "x"], vec!["■"]];
            map.push(("bullets", Y::Seq(marks[b as usize % 4].iter().map(|m| s(*m)).collect())));
        }
        if let Some(j) = self.justify {
            map.push(("justify", Y::Bool(j)));
        }
        if let Some(h) = self.hyphenate {
            map.push(("hyphenate", Y::Bool(h)));
        }
        if let Some(numeric) = self.months {
            map.push((
                "dates",
                Y::Map(vec![("months", s(if numeric { "numeric" } else { "short" }))]),
            ));
        }
        let mut footer = Vec::new();
        if let Some(f) = self.footer_text {
            footer.push((
                "text",
                s([
                    "",
                    "{page} / {pages}",
                    "{name}, {updated}",
                    "Seite {page} von {pages} — 第{page}页",
                ][f as usize % 4]),
            ));
        }
        if let Some(single) = self.single_page {
            footer.push(("single-page", Y::Bool(single)));
        }
        if !footer.is_empty() {
            map.push(("footer", Y::Map(footer)));
        }
        if self.fit_pages.is_some() || self.min_body.is_some() || self.min_margin.is_some() {
            let mut fit = Vec::new();
            if let Some(p) = self.fit_pages {
                fit.push(("pages", Y::Int(i64::from(p % 4))));
            }
            if let Some(b) = self.min_body {
                fit.push(("min-body", number(range(b, 4.0, 12.0))));
            }
            if let Some(m) = self.min_margin {
                fit.push(("min-margin", s(format!("{:.1}pt", range(m, 0.0, 60.0)))));
            }
            map.push(("fit", Y::Map(fit)));
        }
        Y::Map(map)
    }
}

const LANGUAGES: [&str; 8] = ["en-US", "de", "fr", "zh-CN", "ja", "ko", "ru", "x-unknown"];

impl Model {
    /// The résumé as native YAML.
    pub fn yaml(&self) -> String {
        let mut map = vec![("name", s(self.name.render()))];
        for (key, field) in [
            ("native-name", &self.native_name),
            ("headline", &self.headline),
            ("location", &self.location),
        ] {
            if let Some(words) = field {
                map.push((key, s(words.render())));
            }
        }
        if self.email {
            map.push(("email", s("someone@example.org")));
        }
        if let Some(phone) = self.phone {
            map.push(("phone", s(format!("+1 {phone}"))));
        }
        if !self.links.is_empty() {
            let links = self
                .links
                .iter()
                .take(6)
                .map(|(label, url)| {
                    let mut link = Vec::new();
                    if let Some(label) = label {
                        link.push(("label", s(label.render())));
                    }
                    link.push(("url", s(URLS[*url as usize % URLS.len()])));
                    Y::Map(link)
                })
                .collect();
            map.push(("links", Y::Seq(links)));
        }
        map.push(("language", s(LANGUAGES[self.language as usize % LANGUAGES.len()])));
        if let Some(day) = &self.updated {
            map.push(("updated", s(day.render(0))));
        }
        if let Some(summary) = &self.summary {
            map.push(("summary", paragraphs(summary)));
        }
        if let Some(layout) = &self.layout {
            let layout = layout.yaml();
            if !layout.is_empty() {
                map.push(("layout", layout));
            }
        }
        let sections: Vec<Y> = self.sections.iter().take(10).map(Section::yaml).collect();
        if !sections.is_empty() {
            map.push(("sections", Y::Seq(sections)));
        }
        let mut out = String::new();
        Y::Map(map).write(&mut out, 0);
        out
    }

    pub fn options(&self) -> cvpdf::Options {
        cvpdf::Options {
            layout: PRESETS[self.preset as usize % PRESETS.len()].0.to_string(),
            // Native files name no design of their own.
            layout_from_file: false,
            paper: self.paper.map(|letter| {
                if letter { cvpdf::style::Paper::Letter } else { cvpdf::style::Paper::A4 }
            }),
            pages: None,
            no_drop: self.no_drop,
            // Seconds since 1970, within what SOURCE_DATE_EPOCH accepts.
            date: self.date.map(|d| i64::from(d) * 59),
            from: Some(Format::Cvpdf),
            language: None,
            tags: self
                .tags
                .iter()
                .take(2)
                .map(|t| TAGS[*t as usize % TAGS.len()].to_string())
                .collect(),
            png_dpi: None,
            cache: Default::default(),
            // PDF/UA-1, as a plain build writes it.
            standard: None,
            attachments: Vec::new(),
            trusted: Vec::new(),
            font_paths: Vec::new(),
            // As the binary sets a long résumé: on two threads.
            threads: 2,
        }
    }
}
