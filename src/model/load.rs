//! Model stage, loading: a file → raw serde structs (with spans) → validated [`Resume`].
//!
//! serde-saphyr reports syntax and type errors with a position but no field path; every
//! check it cannot do (dates, links, markup) is done here against `Spanned` values, so each
//! error still points at the exact value in the file.

use serde_saphyr::Spanned;

use super::import::{self, Format, Imported};
use super::markup::{self, MarkupError};
use super::raw::{
    DateScalar, RawBlock, RawBullet, RawEntry, RawLink, RawResume, RawSection, Scalar,
};
use super::{
    Block, Bullet, Date, End, Entry, FilePreset, Link, PhotoFile, Resume, Row, Section, Text, When,
};
use crate::diag::{Diagnostic, MAX_REPORTED, Source, Span};

/// Largest résumé file accepted; real ones are under 100 KB.
pub const MAX_FILE_BYTES: usize = 4 << 20;

/// A résumé read from a file, with what was odd but not wrong in it.
#[derive(Debug)]
pub struct Loaded {
    pub resume: Resume,
    /// The format it was read as.
    pub format: Format,
    /// Things worth saying that do not stop the build (a foreign field cvpdf ignores).
    pub warnings: Vec<Diagnostic>,
    /// The preset nearest the design the file names for itself.
    pub preset: Option<FilePreset>,
}

/// Parse and validate a résumé in any format cvpdf reads, detected from the file.
pub fn load(source: &Source) -> Result<Resume, Diagnostic> {
    read(source, None).map(|loaded| loaded.resume)
}

/// Parse and validate a résumé, in `format` or the one detected from the file.
pub fn read(source: &Source, format: Option<Format>) -> Result<Loaded, Diagnostic> {
    read_in(source, format, None)
}

/// [`read`], in `language` (a BCP 47 tag, `--language`) whatever the file says: the
/// titles cvpdf gives a JSON Resume file's sections are in it too.
pub fn read_in(
    source: &Source,
    format: Option<Format>,
    language: Option<&str>,
) -> Result<Loaded, Diagnostic> {
    if source.text.len() > MAX_FILE_BYTES {
        return Err(too_big(source.text.len() as u64));
    }
    if source.text.trim_start_matches('\u{feff}').lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        return Err(Diagnostic::new("the file is empty: a résumé needs at least `name:`")
            .hint("run `cvpdf new` to write a starter résumé"));
    }
    let format = format.unwrap_or_else(|| Format::detect(source));
    let Imported { raw, mut warnings, errors, paper, degree_join, preset } =
        import::read(source, format, language)?;
    let builder = Builder {
        source,
        spans: std::cell::Cell::new(0),
        warnings: std::cell::RefCell::new(Vec::new()),
        errors: std::cell::RefCell::new(Vec::new()),
        unreported: std::cell::Cell::new(0),
    };
    // The importer's mistakes first; the builder goes on to find its own.
    for error in errors {
        builder.record(error);
    }
    let resume = builder.resume(raw);
    let mut errors = builder.errors.into_inner();
    errors.extend(resume.as_ref().err().cloned());
    if let Some(first) = Diagnostic::first_of(errors, builder.unreported.get()) {
        return Err(first);
    }
    let mut resume = resume?;
    resume.paper = paper;
    resume.degree_join = degree_join;
    if let Some(tag) = language {
        resume.language = tag.to_string();
    }
    warnings.extend(builder.warnings.into_inner());
    Ok(Loaded { resume, format, warnings, preset })
}

/// Whether `tag` has the form of a BCP 47 language tag: subtags of 1 to 8 letters and
/// digits, joined by hyphens (`en-US`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 64
        && tag
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The report on a file of `bytes` bytes, more than [`MAX_FILE_BYTES`].
pub fn too_big(bytes: u64) -> Diagnostic {
    Diagnostic::new(format!(
        "the file is {:.1} MB; a résumé file is at most {} MB",
        bytes as f64 / (1 << 20) as f64,
        MAX_FILE_BYTES >> 20
    ))
    .hint("is this the right file? A résumé is rarely more than 100 KB")
}

// ---------------------------------------------------------------------------------------
// Raw → model, with the checks serde cannot make.

struct Builder<'a> {
    source: &'a Source,
    /// Pieces of styled text so far (a span of bold, a link, a plain stretch), against
    /// [`MAX_SPANS`].
    spans: std::cell::Cell<usize>,
    warnings: std::cell::RefCell<Vec<Diagnostic>>,
    /// The mistakes found so far: the builder goes on past each (with the field left
    /// out), so that one run reports them all, as a compiler does.
    errors: std::cell::RefCell<Vec<Diagnostic>>,
    /// Errors found past [`MAX_REPORTED`], counted.
    unreported: std::cell::Cell<usize>,
}

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 1000;

/// The most pieces of styled text a résumé may have. Each becomes a run of glyphs on
/// every line it touches, with its own text and glyphs: a file of `*a*b` repeated would
/// otherwise make a million of them and take gigabytes. A long résumé has a few thousand.
pub const MAX_SPANS: usize = 200_000;

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
        let nameless = Text { spans: Vec::new(), origin: offset(&raw.name) };
        let name = match raw.name.value.0.trim().is_empty() {
            true => nameless,
            false => self.keep(self.line(&raw.name)).unwrap_or(nameless),
        };
        // The name goes on every page's footer and into the PDF's title and author, twice
        // each (document information and XMP): a name of megabytes is no one's.
        let length = name.plain().chars().count();
        if length > MAX_NAME_CHARS {
            return Err(Diagnostic::new(format!(
                "the name is {length} characters long: at most {MAX_NAME_CHARS}"
            ))
            .at(span_of(&raw.name)));
        }
        // JSON Resume's and RenderCV's schemas make the name optional, and their files
        // without one (the schemas' own tests) convert to `name: ""`: all build, and say it.
        if name.plain().trim().is_empty() && !self.failed() {
            self.warnings.borrow_mut().push(
                Diagnostic::new("the résumé has no name: it is built without one")
                    .at(span_of(&raw.name))
                    .hint("a résumé's first line is its person's name"),
            );
        }
        let email = raw.email.as_ref().and_then(|email| self.keep(self.email(email)));
        let links = raw.links.iter().filter_map(|l| self.keep(self.link(l))).collect();
        let language = match &raw.language {
            Some(lang) => {
                let tag = lang.value.0.trim();
                if !is_language_tag(tag) {
                    self.record(
                        Diagnostic::new(format!("`{tag}` is not a language tag"))
                            .at(span_of(lang))
                            .hint("write a BCP 47 tag such as `en-US`, `de` or `zh-CN`"),
                    );
                }
                tag.to_string()
            }
            None => "en-US".to_string(),
        };
        let sections = raw.sections.iter().filter_map(|s| self.keep(self.section(s))).collect();
        Ok(Resume {
            name,
            native_name: self.optional_line(&raw.native_name),
            headline: self.optional_line(&raw.headline),
            location: self.optional_line(&raw.location),
            email,
            phone: self.optional_line(&raw.phone),
            links,
            photo: raw.photo.as_ref().filter(|p| !p.value.0.trim().is_empty()).map(|p| PhotoFile {
                path: p.value.0.trim().to_string(),
                span: span_of(p),
                photo: None,
            }),
            language,
            keywords: raw.keywords.into_iter().map(|k| k.0).collect(),
            updated: raw.updated.as_ref().and_then(|d| self.keep(self.date(d))),
            summary: match &raw.summary {
                Some(s) => self.keep(self.paragraphs(s)).unwrap_or_default(),
                None => Vec::new(),
            },
            sections,
            paper: None,
            degree_join: None,
        })
    }

    fn section(&self, raw: &Spanned<RawSection>) -> Result<Section, Diagnostic> {
        let s = &raw.value;
        let errors_before = self.errors.borrow().len();
        let section = Section {
            title: self.keep(self.line(&s.title)).unwrap_or_else(|| Text::plain_at("", 0)),
            text: match &s.text {
                Some(t) => self.keep(self.paragraphs(t)).unwrap_or_default(),
                None => Vec::new(),
            },
            entries: s
                .entries
                .iter()
                .filter_map(|e| self.keep(self.entry(e, s.priority)))
                .collect(),
            rows: s
                .rows
                .iter()
                .filter_map(|r| {
                    let label = self.keep(self.line(&r.label));
                    let text = self.keep(self.line(&r.text));
                    Some(Row { label: label?, text: text? })
                })
                .collect(),
            items: s.items.iter().filter_map(|i| self.keep(self.line(i))).collect(),
            detailed_only: s.detailed_only,
            priority: s.priority,
        };
        // A section whose every part was wrong is not empty: its errors say what it lacks.
        let failed_inside = self.errors.borrow().len() > errors_before;
        if !failed_inside
            && section.text.is_empty()
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
        let when = self.keep(self.when(e)).flatten();
        let url = e.url.as_ref().and_then(|url| {
            let target = self.keep(self.url(url))?;
            Some(Link {
                label: Text::plain_at(&display_url(&url.value.0), offset(url)),
                url: target,
            })
        });
        let mut body = Vec::new();
        if let Some(blocks) = &e.body {
            if let Some(other) = e.text.as_ref().map(span_of).or(e.bullets.as_ref().map(span_of)) {
                self.record(
                    Diagnostic::new("an entry has either `body` or `text`/`bullets`")
                        .at(other)
                        .hint("move this into `body`, which keeps paragraphs and lists in order"),
                );
            }
            for block in &blocks.value {
                match &block.value {
                    RawBlock::Paragraph(text) => body.extend(
                        self.keep(self.markup_paragraphs(text, offset(block))).unwrap_or_default(),
                    ),
                    RawBlock::Bullets(bullets) => body.push(Block::Bullets(self.bullets(bullets))),
                }
            }
        } else {
            if let Some(text) = &e.text {
                let paragraphs = self.keep(self.paragraphs(text)).unwrap_or_default();
                body.extend(paragraphs.into_iter().map(Block::Paragraph));
            }
            if let Some(bullets) = &e.bullets {
                body.push(Block::Bullets(self.bullets(&bullets.value)));
            }
        }
        Ok(Entry {
            title: self.line(&e.title)?,
            subtitle: self.optional_line(&e.subtitle),
            degree: self.optional_line(&e.degree),
            location: self.optional_line(&e.location),
            when,
            url,
            body,
            tags: self.keep(self.tags(&e.tags)).unwrap_or_default(),
            detailed_only: e.detailed_only,
            priority: e.priority.unwrap_or(section_priority),
        })
    }

    /// The bullets that are right; each wrong one is kept for the report.
    fn bullets(&self, raw: &[Spanned<RawBullet>]) -> Vec<Bullet> {
        raw.iter()
            .filter_map(|b| match &b.value {
                RawBullet::Plain(text) => Some(Bullet {
                    text: self.keep(self.markup_line(text, offset(b)))?,
                    children: Vec::new(),
                    tags: Vec::new(),
                    detailed_only: false,
                }),
                RawBullet::Nested { text, bullets, tags, detailed_only } => {
                    let text = self.keep(self.line(text));
                    let children = self.bullets(bullets);
                    let tags = self.keep(self.tags(tags)).unwrap_or_default();
                    Some(Bullet { text: text?, children, tags, detailed_only: *detailed_only })
                }
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
                        // Most often a typo in one entry of many: the PDF is still made (as
                        // resume-cli makes it), with the dates as written.
                        self.warnings.borrow_mut().push(
                            Diagnostic::new(format!("end ({to}) is before start ({from})"))
                                .at(span_of(end))
                                .hint("the dates are printed as written: check them"),
                        );
                    }
                    End::Date(to)
                };
                Ok(Some(When::Range(from, to)))
            }
        }
    }

    /// Tags are compared as written, lower-cased: one word each, as on the command line.
    fn tags(&self, raw: &[Spanned<Scalar>]) -> Result<Vec<String>, Diagnostic> {
        raw.iter()
            .map(|tag| {
                let name = tag.value.0.trim().to_lowercase();
                if name.is_empty() || name.contains([',', ' ']) {
                    return Err(Diagnostic::new(format!("`{name}` is not a tag"))
                        .at(span_of(tag))
                        .hint("a tag is one word without commas, such as `backend`"));
                }
                Ok(name)
            })
            .collect()
    }

    fn date(&self, raw: &Spanned<DateScalar>) -> Result<Date, Diagnostic> {
        Date::parse(&raw.value.0).map_err(|message| Diagnostic::new(message).at(span_of(raw)))
    }

    fn email(&self, raw: &Spanned<Scalar>) -> Result<Link, Diagnostic> {
        let address = raw.value.0.trim();
        let valid = address.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
        if !valid || address.contains(|c: char| c.is_whitespace() || c.is_control()) {
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

    /// An optional one-line field; a wrong one is kept for the report.
    fn optional_line(&self, raw: &Option<Spanned<Scalar>>) -> Option<Text> {
        raw.as_ref().and_then(|r| self.keep(self.line(r)))
    }

    /// `result`'s value, or `None` with its error kept for the report: the builder goes
    /// on to find the next mistake.
    fn keep<T>(&self, result: Result<T, Diagnostic>) -> Option<T> {
        result.map_err(|error| self.record(error)).ok()
    }

    /// Keep an error for the report: the first [`MAX_REPORTED`], and a count of the rest.
    /// Once the résumé holds too much styled text, every later field says so again: once
    /// is enough.
    fn record(&self, error: Diagnostic) {
        let mut errors = self.errors.borrow_mut();
        if self.spans.get() > MAX_SPANS && errors.iter().any(|e| e.message == error.message) {
            return;
        }
        match errors.len() < MAX_REPORTED {
            true => errors.push(error),
            false => self.unreported.set(self.unreported.get() + 1),
        }
    }

    /// Whether a mistake was found already.
    fn failed(&self) -> bool {
        !self.errors.borrow().is_empty()
    }

    /// A field that is one paragraph (titles, bullets, items).
    fn line(&self, raw: &Spanned<Scalar>) -> Result<Text, Diagnostic> {
        self.markup_line(&raw.value.0, offset(raw))
    }

    fn markup_line(&self, text: &str, origin: usize) -> Result<Text, Diagnostic> {
        let spans = markup::parse(text).map_err(|e| self.markup_error(&e, text, origin))?;
        self.spans.set(self.spans.get() + spans.len());
        if self.spans.get() > MAX_SPANS {
            return Err(Diagnostic::new(format!(
                "the résumé has more than {MAX_SPANS} pieces of styled text (bold, italic, code, \
                 links, and the plain text between them)"
            ))
            .at(Span::new(origin, 1))
            .hint("a résumé this long cannot be read: is this the right file?"));
        }
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
