//! Model stage, loading: YAML source → raw serde structs (with spans) → validated [`Resume`].
//!
//! serde-saphyr reports syntax and type errors with a position but no field path; every
//! check it cannot do (dates, links, markup) is done here against `Spanned` values, so each
//! error still points at the exact value in the file.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::markup::{self, MarkupError};
use super::{Block, Bullet, Date, End, Entry, Link, Resume, Row, Section, Text, When};
use crate::diag::{Diagnostic, Source, Span, suggest};

/// Largest résumé file accepted; real ones are under 100 KB.
const MAX_FILE_BYTES: usize = 4 << 20;

/// Parse and validate a résumé.
pub fn load(source: &Source) -> Result<Resume, Diagnostic> {
    if source.text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(format!(
            "the file is {} MB; a résumé file is at most {} MB",
            source.text.len() >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    if source.text.trim_start_matches('\u{feff}').lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        return Err(Diagnostic::new("the file is empty: a résumé needs at least `name:`")
            .hint("run `cvpdf` on examples/liu.yaml to see a complete résumé"));
    }
    let raw: RawResume = parse_yaml(source)?;
    Builder { source }.resume(raw)
}

/// Deserialize YAML with budgets that stop alias bombs and absurd nesting quickly.
pub(crate) fn parse_yaml<T: de::DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: 400_000,
            max_events: 2_000_000,
            max_depth: 48,
        },
        strict_booleans: true,
    };
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    serde_saphyr::from_str_with_options(text, options).map_err(|e| yaml_error(source, &e))
}

/// Turn a serde-saphyr error into a diagnostic pointing at its position.
fn yaml_error(source: &Source, error: &serde_saphyr::Error) -> Diagnostic {
    let one_line = error.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    // The one-line form ends with " at line L, column C"; the span carries that already.
    let message = match one_line.rfind(" at line ") {
        Some(i) => one_line[..i].to_string(),
        None => one_line,
    };
    // serde-saphyr speaks of YAML events; a résumé author thinks in lists and mappings.
    let message = match message.trim() {
        "expected sequence start" => "expected a list here (lines starting with `- `)".to_string(),
        "expected mapping start" => "expected a mapping here (`key: value` lines)".to_string(),
        other => other.to_string(),
    };
    let mut diagnostic = Diagnostic::new(message);
    if let Some(location) = error.location().filter(|l| l.line() > 0) {
        let bom = usize::from(source.text.starts_with('\u{feff}')) * 3;
        let start = location.span().byte_offset().map(|o| o as usize + bom).unwrap_or_else(|| {
            source.offset_of(location.line() as usize, location.column() as usize)
        });
        let mut start = start.min(source.text.len());
        while !source.text.is_char_boundary(start) {
            start -= 1;
        }
        let len = token_len(&source.text[start..]);
        diagnostic = diagnostic.at(Span::new(start, len));
    }
    let message = diagnostic.message.clone();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split_once("expected one of ")
            .or_else(|| rest.split_once("expected "))
            .map(|(_, list)| list.split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        if let Some(best) = suggest(name, expected.iter().copied()) {
            diagnostic = diagnostic.hint(format!("did you mean `{best}`?"));
        }
    }
    if diagnostic.message.contains("quoted scalar") {
        diagnostic = diagnostic.hint("a quote opened above may be missing its closing quote");
    }
    if diagnostic.message.contains("tabs") {
        diagnostic =
            diagnostic.hint("indent with spaces: YAML does not allow tabs for indentation");
    }
    diagnostic
}

/// The length of the word or value starting at `text`, for the caret.
fn token_len(text: &str) -> usize {
    text.find(['\n', ':', ',', ']', '}']).unwrap_or(text.len()).max(1).min(text.len()).max(1)
}

// ---------------------------------------------------------------------------------------
// The raw file, as serde sees it.

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawResume {
    name: Spanned<Scalar>,
    native_name: Option<Spanned<Scalar>>,
    headline: Option<Spanned<Scalar>>,
    location: Option<Spanned<Scalar>>,
    email: Option<Spanned<Scalar>>,
    phone: Option<Spanned<Scalar>>,
    #[serde(default)]
    links: Vec<RawLink>,
    language: Option<Spanned<Scalar>>,
    #[serde(default)]
    keywords: Vec<Scalar>,
    updated: Option<Spanned<DateScalar>>,
    summary: Option<Spanned<Scalar>>,
    #[serde(default)]
    sections: Vec<Spanned<RawSection>>,
    /// Layout overrides: read by the style stage (`style::with_overrides`), skipped here.
    #[allow(dead_code)]
    layout: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLink {
    label: Option<Spanned<Scalar>>,
    url: Spanned<Scalar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSection {
    title: Spanned<Scalar>,
    text: Option<Spanned<Scalar>>,
    #[serde(default)]
    entries: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    rows: Vec<RawRow>,
    #[serde(default)]
    items: Vec<Spanned<Scalar>>,
    #[serde(default)]
    detailed_only: bool,
    #[serde(default)]
    priority: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEntry {
    title: Spanned<Scalar>,
    subtitle: Option<Spanned<Scalar>>,
    location: Option<Spanned<Scalar>>,
    date: Option<Spanned<DateScalar>>,
    start: Option<Spanned<DateScalar>>,
    end: Option<Spanned<DateScalar>>,
    url: Option<Spanned<Scalar>>,
    text: Option<Spanned<Scalar>>,
    bullets: Option<Spanned<Vec<Spanned<RawBullet>>>>,
    body: Option<Spanned<Vec<Spanned<RawBlock>>>>,
    #[serde(default)]
    detailed_only: bool,
    priority: Option<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRow {
    label: Spanned<Scalar>,
    text: Spanned<Scalar>,
}

/// A bullet: markup, or `{text, bullets}`.
enum RawBullet {
    Plain(String),
    Nested { text: Spanned<Scalar>, bullets: Vec<Spanned<RawBullet>>, detailed_only: bool },
}

/// A body block: a markup paragraph, or `{bullets: [...]}`.
enum RawBlock {
    Paragraph(String),
    Bullets(Vec<Spanned<RawBullet>>),
}

/// A scalar read as text. Numbers are accepted where people write them unquoted
/// (a phone number, a year); anything else that is not a string is a type error.
#[derive(Debug, Clone, PartialEq)]
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor).map(Scalar)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<String, E> {
        Err(E::custom("a decimal number here would lose its digits: put the value in quotes"))
    }
}

/// A date as written: a string, or a bare year. `2019.06` reads as a decimal number in
/// YAML, so it gets a message of its own.
#[derive(Debug, Clone, PartialEq)]
struct DateScalar(String);

impl<'de> Deserialize<'de> for DateScalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = String;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date: YYYY, YYYY-MM or YYYY-MM-DD")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_string())
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Err(E::custom(format!(
                    "`{v}` is a decimal number, not a date: write YYYY-MM (for example 2019-06)"
                )))
            }
        }
        deserializer.deserialize_any(DateVisitor).map(DateScalar)
    }
}

impl<'de> Deserialize<'de> for RawBullet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BulletVisitor;
        impl<'de> Visitor<'de> for BulletVisitor {
            type Value = RawBullet;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a bullet: text, or a mapping with `text` and `bullets`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBullet, E> {
                Ok(RawBullet::Plain(v.to_string()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawBullet, E> {
                Ok(RawBullet::Plain(v.to_string()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawBullet, E> {
                Ok(RawBullet::Plain(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawBullet, A::Error> {
                const FIELDS: &[&str] = &["text", "bullets", "detailed-only"];
                let mut text = None;
                let mut bullets = Vec::new();
                let mut detailed_only = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" => text = Some(map.next_value()?),
                        "bullets" => bullets = map.next_value()?,
                        "detailed-only" => detailed_only = map.next_value()?,
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    }
                }
                let text = text.ok_or_else(|| de::Error::missing_field("text"))?;
                Ok(RawBullet::Nested { text, bullets, detailed_only })
            }
        }
        deserializer.deserialize_any(BulletVisitor)
    }
}

impl<'de> Deserialize<'de> for RawBlock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BlockVisitor;
        impl<'de> Visitor<'de> for BlockVisitor {
            type Value = RawBlock;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a paragraph (text) or a mapping with `bullets`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBlock, E> {
                Ok(RawBlock::Paragraph(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawBlock, A::Error> {
                let mut bullets = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "bullets" => bullets = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, &["bullets"])),
                    }
                }
                bullets.map(RawBlock::Bullets).ok_or_else(|| de::Error::missing_field("bullets"))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<RawBlock, A::Error> {
                Err(de::Error::custom("a list inside `body` must be written as `- bullets: [...]`"))
            }
        }
        deserializer.deserialize_any(BlockVisitor)
    }
}

// ---------------------------------------------------------------------------------------
// Raw → model, with the checks serde cannot make.

struct Builder<'a> {
    source: &'a Source,
}

/// Where a spanned value starts, as a byte offset in the file.
fn offset<T>(spanned: &Spanned<T>) -> usize {
    spanned.referenced.span().byte_offset().unwrap_or(0) as usize
}

/// The byte span of a spanned value in its file.
pub(crate) fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let span = spanned.referenced.span();
    Span::new(
        span.byte_offset().unwrap_or(0) as usize,
        span.byte_len().unwrap_or(1).max(1) as usize,
    )
}

impl Builder<'_> {
    fn resume(&self, raw: RawResume) -> Result<Resume, Diagnostic> {
        let name = self.line(&raw.name)?;
        if name.plain().trim().is_empty() {
            return Err(Diagnostic::new("`name` is empty").at(span_of(&raw.name)));
        }
        let email = match &raw.email {
            Some(email) => Some(self.email(email)?),
            None => None,
        };
        let links = raw.links.iter().map(|l| self.link(l)).collect::<Result<_, _>>()?;
        let language = match &raw.language {
            Some(lang) => {
                let tag = lang.value.0.trim();
                let valid = !tag.is_empty()
                    && tag.split('-').all(|p| {
                        !p.is_empty()
                            && p.len() <= 8
                            && p.chars().all(|c| c.is_ascii_alphanumeric())
                    });
                if !valid {
                    return Err(Diagnostic::new(format!("`{tag}` is not a language tag"))
                        .at(span_of(lang))
                        .hint("write a BCP 47 tag such as `en-US`, `de` or `zh-CN`"));
                }
                tag.to_string()
            }
            None => "en-US".to_string(),
        };
        let sections = raw.sections.iter().map(|s| self.section(s)).collect::<Result<_, _>>()?;
        Ok(Resume {
            name,
            native_name: self.optional_line(&raw.native_name)?,
            headline: self.optional_line(&raw.headline)?,
            location: self.optional_line(&raw.location)?,
            email,
            phone: self.optional_line(&raw.phone)?,
            links,
            language,
            keywords: raw.keywords.into_iter().map(|k| k.0).collect(),
            updated: raw.updated.as_ref().map(|d| self.date(d)).transpose()?,
            summary: match &raw.summary {
                Some(s) => self.paragraphs(s)?,
                None => Vec::new(),
            },
            sections,
        })
    }

    fn section(&self, raw: &Spanned<RawSection>) -> Result<Section, Diagnostic> {
        let s = &raw.value;
        let section = Section {
            title: self.line(&s.title)?,
            text: match &s.text {
                Some(t) => self.paragraphs(t)?,
                None => Vec::new(),
            },
            entries: s
                .entries
                .iter()
                .map(|e| self.entry(e, s.priority))
                .collect::<Result<_, _>>()?,
            rows: s
                .rows
                .iter()
                .map(|r| Ok(Row { label: self.line(&r.label)?, text: self.line(&r.text)? }))
                .collect::<Result<_, Diagnostic>>()?,
            items: s.items.iter().map(|i| self.line(i)).collect::<Result<_, _>>()?,
            detailed_only: s.detailed_only,
            priority: s.priority,
        };
        if section.text.is_empty()
            && section.entries.is_empty()
            && section.rows.is_empty()
            && section.items.is_empty()
        {
            return Err(Diagnostic::new(format!(
                "section `{}` has nothing in it",
                section.title.plain()
            ))
            .at(span_of(&s.title))
            .hint("give it `text`, `entries`, `rows` or `items`, or remove it"));
        }
        Ok(section)
    }

    fn entry(&self, raw: &Spanned<RawEntry>, section_priority: i32) -> Result<Entry, Diagnostic> {
        let e = &raw.value;
        let when = self.when(e)?;
        let url = match &e.url {
            Some(url) => {
                let target = self.url(url)?;
                Some(Link {
                    label: Text::plain_at(&display_url(&url.value.0), offset(url)),
                    url: target,
                })
            }
            None => None,
        };
        let mut body = Vec::new();
        if let Some(blocks) = &e.body {
            if let Some(other) = e.text.as_ref().map(span_of).or(e.bullets.as_ref().map(span_of)) {
                return Err(Diagnostic::new("an entry has either `body` or `text`/`bullets`")
                    .at(other)
                    .hint("move this into `body`, which keeps paragraphs and lists in order"));
            }
            for block in &blocks.value {
                match &block.value {
                    RawBlock::Paragraph(text) => {
                        body.extend(self.markup_paragraphs(text, offset(block))?)
                    }
                    RawBlock::Bullets(bullets) => body.push(Block::Bullets(self.bullets(bullets)?)),
                }
            }
        } else {
            if let Some(text) = &e.text {
                body.extend(self.paragraphs(text)?.into_iter().map(Block::Paragraph));
            }
            if let Some(bullets) = &e.bullets {
                body.push(Block::Bullets(self.bullets(&bullets.value)?));
            }
        }
        Ok(Entry {
            title: self.line(&e.title)?,
            subtitle: self.optional_line(&e.subtitle)?,
            location: self.optional_line(&e.location)?,
            when,
            url,
            body,
            detailed_only: e.detailed_only,
            priority: e.priority.unwrap_or(section_priority),
        })
    }

    fn bullets(&self, raw: &[Spanned<RawBullet>]) -> Result<Vec<Bullet>, Diagnostic> {
        raw.iter()
            .map(|b| match &b.value {
                RawBullet::Plain(text) => Ok(Bullet {
                    text: self.markup_line(text, offset(b))?,
                    children: Vec::new(),
                    detailed_only: false,
                }),
                RawBullet::Nested { text, bullets, detailed_only } => Ok(Bullet {
                    text: self.line(text)?,
                    children: self.bullets(bullets)?,
                    detailed_only: *detailed_only,
                }),
            })
            .collect()
    }

    fn when(&self, e: &RawEntry) -> Result<Option<When>, Diagnostic> {
        match (&e.date, &e.start, &e.end) {
            (None, None, None) => Ok(None),
            (Some(date), None, None) => Ok(Some(When::Single(self.date(date)?))),
            (Some(date), _, _) => {
                Err(Diagnostic::new("an entry has `date` or `start`/`end`, not both")
                    .at(span_of(date)))
            }
            (None, Some(start), None) => Err(Diagnostic::new("`start` without `end`")
                .at(span_of(start))
                .hint("write `end: present` for ongoing work, or `date:` for a single date")),
            (None, None, Some(end)) => {
                Err(Diagnostic::new("`end` without `start`").at(span_of(end)))
            }
            (None, Some(start), Some(end)) => {
                let from = self.date(start)?;
                let to = if end.value.0.trim().eq_ignore_ascii_case("present") {
                    End::Present
                } else {
                    let to = self.date(end)?;
                    if to.before(&from) {
                        return Err(Diagnostic::new(format!(
                            "end ({to}) is before start ({from})"
                        ))
                        .at(span_of(end)));
                    }
                    End::Date(to)
                };
                Ok(Some(When::Range(from, to)))
            }
        }
    }

    fn date(&self, raw: &Spanned<DateScalar>) -> Result<Date, Diagnostic> {
        Date::parse(&raw.value.0).map_err(|message| Diagnostic::new(message).at(span_of(raw)))
    }

    fn email(&self, raw: &Spanned<Scalar>) -> Result<Link, Diagnostic> {
        let address = raw.value.0.trim();
        let valid = address.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
        if !valid || address.contains(char::is_whitespace) {
            return Err(Diagnostic::new(format!("`{address}` is not an e-mail address"))
                .at(span_of(raw))
                .hint("write it as name@example.org"));
        }
        Ok(Link { label: Text::plain_at(address, offset(raw)), url: format!("mailto:{address}") })
    }

    fn link(&self, raw: &RawLink) -> Result<Link, Diagnostic> {
        let url = self.url(&raw.url)?;
        let label = match &raw.label {
            Some(label) => self.line(label)?,
            None => Text::plain_at(&display_url(&raw.url.value.0), offset(&raw.url)),
        };
        Ok(Link { label, url })
    }

    fn url(&self, raw: &Spanned<Scalar>) -> Result<String, Diagnostic> {
        markup::normalize_url(raw.value.0.trim())
            .map_err(|message| Diagnostic::new(message).at(span_of(raw)))
    }

    fn optional_line(&self, raw: &Option<Spanned<Scalar>>) -> Result<Option<Text>, Diagnostic> {
        raw.as_ref().map(|r| self.line(r)).transpose()
    }

    /// A field that is one paragraph (titles, bullets, items).
    fn line(&self, raw: &Spanned<Scalar>) -> Result<Text, Diagnostic> {
        self.markup_line(&raw.value.0, offset(raw))
    }

    fn markup_line(&self, text: &str, origin: usize) -> Result<Text, Diagnostic> {
        let spans = markup::parse(text).map_err(|e| self.markup_error(&e, text, origin))?;
        let text = Text { spans, origin };
        // An empty title or bullet would print a lone heading rule or bullet mark.
        if text.plain().trim().is_empty() {
            return Err(Diagnostic::new("this text is empty")
                .at(Span::new(origin, 1))
                .hint("write something here, or leave the field or list item out"));
        }
        Ok(text)
    }

    /// A field whose blank lines separate paragraphs.
    fn paragraphs(&self, raw: &Spanned<Scalar>) -> Result<Vec<Text>, Diagnostic> {
        Ok(self
            .markup_paragraphs(&raw.value.0, offset(raw))?
            .into_iter()
            .filter_map(|b| match b {
                Block::Paragraph(t) => Some(t),
                Block::Bullets(_) => None,
            })
            .collect())
    }

    fn markup_paragraphs(&self, text: &str, origin: usize) -> Result<Vec<Block>, Diagnostic> {
        markup::paragraphs(text)
            .into_iter()
            .map(|(_, p)| self.markup_line(p, origin).map(Block::Paragraph))
            .collect()
    }

    fn markup_error(&self, error: &MarkupError, text: &str, origin: usize) -> Diagnostic {
        let fragment = &text[error.offset.min(text.len())..];
        let fragment: String = fragment.chars().take_while(|c| !c.is_whitespace()).collect();
        let at = locate(&self.source.text, origin, &fragment).unwrap_or(origin);
        Diagnostic::new(error.message.clone()).at(Span::new(at, fragment.len().max(1)))
    }
}

/// Find `needle` in the file at or after `origin` (the start of its YAML scalar): a
/// value's own offsets shift when YAML unquotes or folds it, the file's text does not.
pub(crate) fn locate(text: &str, origin: usize, needle: &str) -> Option<usize> {
    if needle.is_empty() || origin > text.len() || !text.is_char_boundary(origin) {
        return None;
    }
    text[origin..].find(needle).map(|i| origin + i)
}

/// How a URL is shown when it has no label: without its scheme and trailing slash.
fn display_url(url: &str) -> String {
    let url = url.trim();
    let bare = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
        .unwrap_or(url);
    bare.strip_suffix('/').unwrap_or(bare).to_string()
}
