//! Model stage, importing RenderCV files (`cv:` with `sections:`; `design`, `locale`,
//! `settings`) → the native raw structs.
//!
//! The file is read into a tree of spanned YAML values first, not into serde structs:
//! RenderCV tells an entry's type from its keys, allows extra keys on entries, and has
//! changed its keys between versions (2.3's `rendercv_settings`, 1.x's `locale_catalog`),
//! so most surprises here are warnings that point at the key, and only a value of a type
//! that cannot be read (a list where a name belongs) is an error.
//!
//! How each part maps is documented in docs/formats.md ("RenderCV").

use serde_saphyr::Spanned;

use super::design::Design;
use super::tree::{Key, Node, Value, written};
use super::{Imported, listed_names, placed_like};
use crate::diag::{Diagnostic, Source, Span, suggest};
use crate::model::Paper;
use crate::model::date::Date;
use crate::model::raw::{
    DateScalar, RawBullet, RawEntry, RawLink, RawResume, RawRow, RawSection, Scalar,
};
use crate::model::yaml::parse_yaml;
use crate::model::{FilePreset, locate, span_of};

/// Read a RenderCV file.
pub(crate) fn read(source: &Source) -> Result<Imported, Diagnostic> {
    let root: Value = parse_yaml(source)?;
    Importer {
        source,
        warnings: Vec::new(),
        errors: Vec::new(),
        untranslated: Vec::new(),
        degree_with_area: None,
        degree_join: None,
        preset: None,
        design: Design::default(),
        ignored: Vec::new(),
    }
    .file(&root)
}

/// A mapping's keys as the importer reads them: known names (a misspelt key counts as
/// the name it is closest to, with a warning), null values left out.
struct Fields<'v> {
    found: Vec<(&'static str, &'v Key, &'v Value)>,
}

impl<'v> Fields<'v> {
    fn get(&self, name: &str) -> Option<&'v Value> {
        self.found.iter().find(|(n, _, _)| *n == name).map(|(_, _, v)| *v)
    }

    fn key(&self, name: &str) -> Option<&'v Key> {
        self.found.iter().find(|(n, _, _)| *n == name).map(|(_, k, _)| *k)
    }
}

// ---------------------------------------------------------------------------------------
// The file.

const TOP: &[&str] = &["cv", "design", "locale", "settings", "rendercv_settings", "locale_catalog"];

const CV: &[&str] = &[
    "name",
    "headline",
    "location",
    "email",
    "photo",
    "phone",
    "website",
    "social_networks",
    "custom_connections",
    "sections",
    "sort_entries",
];

/// The fields of each entry type; `url` is read on every type (RenderCV allows extra
/// keys on entries, and `url` is the one people add).
const DATED: &[&str] =
    &["date", "start_date", "end_date", "location", "summary", "highlights", "url"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    OneLine,
    Normal,
    Experience,
    Education,
    Publication,
    Bullet,
    Numbered,
    ReversedNumbered,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Text => "TextEntry",
            Kind::OneLine => "OneLineEntry",
            Kind::Normal => "NormalEntry",
            Kind::Experience => "ExperienceEntry",
            Kind::Education => "EducationEntry",
            Kind::Publication => "PublicationEntry",
            Kind::Bullet => "BulletEntry",
            Kind::Numbered => "NumberedEntry",
            Kind::ReversedNumbered => "ReversedNumberedEntry",
        }
    }

    /// "an EducationEntry", "a NormalEntry".
    fn with_article(self) -> String {
        let name = self.name();
        let vowel = name.starts_with(['E', 'O']);
        format!("{} {name}", if vowel { "an" } else { "a" })
    }

    /// The keys that tell this type apart, in the order RenderCV tries the types.
    const TELLING: &[(Kind, &[&str])] = &[
        (Kind::OneLine, &["label", "details"]),
        (Kind::Normal, &["name"]),
        (Kind::Experience, &["company", "position"]),
        (Kind::Education, &["institution", "area", "degree", "grade"]),
        (Kind::Publication, &["title", "authors", "doi", "journal"]),
        (Kind::Bullet, &["bullet"]),
        (Kind::Numbered, &["number"]),
        (Kind::ReversedNumbered, &["reversed_number"]),
    ];

    fn fields(self) -> Vec<&'static str> {
        let own: &[&str] = match self {
            Kind::Text => &[],
            Kind::OneLine => &["label", "details"],
            Kind::Normal => &["name"],
            Kind::Experience => &["company", "position"],
            Kind::Education => &["institution", "area", "degree", "grade"],
            Kind::Publication => &["title", "authors", "doi", "url", "journal", "date", "summary"],
            Kind::Bullet => &["bullet"],
            Kind::Numbered => &["number"],
            Kind::ReversedNumbered => &["reversed_number"],
        };
        let mut fields = own.to_vec();
        if matches!(self, Kind::Normal | Kind::Experience | Kind::Education) {
            fields.extend_from_slice(DATED);
        }
        fields
    }

    /// The type of an entry, from its keys; `None` when no key tells.
    fn of(entry: &Value) -> Option<Kind> {
        match &entry.value {
            Node::Str(_) | Node::Number(_) | Node::Bool(_) => Some(Kind::Text),
            Node::Map(items) => {
                let keys: Vec<String> = items
                    .iter()
                    .filter(|(_, v)| !v.value.is_null())
                    .map(|(k, _)| k.value.0.clone())
                    .collect();
                Kind::TELLING
                    .iter()
                    .find(|(_, telling)| telling.iter().any(|t| keys.iter().any(|k| k == t)))
                    .map(|(kind, _)| *kind)
            }
            _ => None,
        }
    }
}

/// A section being filled, in the native model's parts.
#[derive(Default)]
struct SectionParts {
    /// The TextEntries, joined into paragraphs, placed where the first one is.
    text: Option<Spanned<Scalar>>,
    entries: Vec<Spanned<RawEntry>>,
    rows: Vec<RawRow>,
    items: Vec<Spanned<Scalar>>,
}

struct Importer<'a> {
    source: &'a Source,
    warnings: Vec<Diagnostic>,
    /// Values that cannot be read, each left out: the importer goes on, so that one run
    /// reports every mistake of the file.
    errors: Vec<Diagnostic>,
    /// Typst code and math that could not be translated: (where, what), warned about once.
    untranslated: Vec<(Span, String)>,
    /// `locale.phrases.degree_with_area` (2.7+), "DEGREE in AREA" when not given.
    degree_with_area: Option<String>,
    /// What that phrase puts between a degree and its area, once an entry has both.
    degree_join: Option<String>,
    /// The preset nearest `design.theme`.
    preset: Option<FilePreset>,
    /// The layout values `design` sets over its theme.
    design: Design,
    /// Keys that are not RenderCV's and no misspelling of one: (name, where, the warning
    /// one alone gets), said in one warning at the end.
    ignored: Vec<(String, Span, String)>,
}

impl Importer<'_> {
    fn file(mut self, root: &Value) -> Result<Imported, Diagnostic> {
        if !matches!(root.value, Node::Map(_)) {
            return Err(Diagnostic::new("a RenderCV file is a mapping that starts with `cv:`")
                .at(span_of(root)));
        }
        let top = self.fields(root, TOP, "a RenderCV file", "is not read")?;
        let Some(cv) = top.get("cv") else {
            return Err(Diagnostic::new("this RenderCV file has no `cv:`").at(span_of(root)));
        };
        // The locale first: its phrase for degrees is used by the entries.
        let mut language = None;
        for key in ["locale", "locale_catalog"] {
            if let Some(locale) = top.get(key) {
                let read = self.locale(key, locale);
                language = self.kept(read).flatten().or(language);
            }
        }
        // "DEGREE in AREA" is English: another language without a phrase of its own gets
        // the two apart by a comma ("학사, 컴퓨터공학"), not an English word between them.
        // Arabic has its word, "في", standing alone as "in" does; Persian its own comma.
        // Hebrew's "in" is a prefix, joined to a Hebrew word but not to a Latin one or a
        // digit, which a fixed phrase cannot tell apart: it gets the comma.
        if self.degree_with_area.is_none()
            && let Some(tag) = &language
        {
            let primary = tag.value.0.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
            let phrase = match primary.as_str() {
                "en" => None,
                "ar" => Some("DEGREE في AREA"),
                "fa" => Some("DEGREE، AREA"),
                _ => Some("DEGREE, AREA"),
            };
            self.degree_with_area = phrase.map(str::to_string);
        }
        let mut raw = self.cv(cv)?;
        raw.language = language;
        let paper = match top.get("design") {
            Some(design) => {
                let read = self.design(design);
                self.kept(read).flatten()
            }
            None => None,
        };
        for key in ["settings", "rendercv_settings"] {
            if let Some(settings) = top.get(key) {
                let read = self.settings(key, settings);
                if let Some(updated) = self.kept(read).flatten() {
                    raw.updated = Some(updated);
                }
            }
        }
        if let Some((span, first)) = self.untranslated.first() {
            let more = match self.untranslated.len() - 1 {
                0 => String::new(),
                1 => " (and 1 more place)".to_string(),
                n => format!(" (and {n} more places)"),
            };
            let warning = Diagnostic::new(format!(
                "Typst code `{first}` is not run{more}: cvpdf prints the text it holds, as written"
            ))
            .at(*span)
            .hint("cvpdf translates #strong, #emph, #link and #linebreak(); write other styling as **bold** or *italic*");
            self.warnings.push(warning);
        }
        if let Some(layout) = self.design.layout() {
            // Values over the theme: RenderCV's default theme is `classic`.
            let span = top.get("design").map_or(Span::new(0, 1), span_of);
            let preset = self.preset.get_or_insert(FilePreset {
                theme: "classic".into(),
                preset: "detailed",
                span,
                layout: None,
            });
            preset.layout = Some(layout);
        }
        self.warnings.append(&mut self.design.warnings);
        self.say_ignored();
        // In the order of the file, as a reader goes through it.
        self.warnings.sort_by_key(|w| w.span.map(|s| s.start));
        Ok(Imported {
            raw,
            warnings: self.warnings,
            errors: self.errors,
            paper,
            degree_join: self.degree_join,
            preset: self.preset,
        })
    }

    // -----------------------------------------------------------------------------------
    // Helpers.

    /// One warning for every unknown key, at the first of them.
    fn say_ignored(&mut self) {
        let Some((_, at, alone)) = self.ignored.first() else { return };
        let warning = match listed_names(self.ignored.iter().map(|(name, _, _)| name.as_str())) {
            (1, _) => Diagnostic::new(alone.clone()).at(*at),
            (n, listed) => {
                Diagnostic::new(format!("{n} keys are not RenderCV's and are not read: {listed}"))
                    .at(*at)
                    .hint(format!("the first is here; {} in all", self.ignored.len()))
            }
        };
        self.warnings.push(warning);
    }

    /// `result`'s value, or `None` with its mistake kept for the report: what it was
    /// about is left out, and the importer goes on to the next field or entry.
    fn kept<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        result.map_err(|mistake| self.errors.push(mistake)).ok()
    }

    fn warn<T>(&mut self, message: impl Into<String>, at: &Spanned<T>) {
        self.warnings.push(Diagnostic::new(message).at(span_of(at)));
    }

    /// Read a mapping's keys against `known`: unknown keys with a value are warnings
    /// ("`what`: … `rest`"), and a misspelt key whose right name is not used is read as
    /// that name. Anything but a mapping is an error.
    fn fields<'v>(
        &mut self,
        map: &'v Value,
        known: &[&'static str],
        what: &str,
        rest: &str,
    ) -> Result<Fields<'v>, Diagnostic> {
        let Node::Map(items) = &map.value else {
            return Err(Diagnostic::new(format!(
                "{what} must be a mapping (`key: value` lines), not {}",
                map.value.kind()
            ))
            .at(span_of(map)));
        };
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        for (key, value) in items {
            if value.value.is_null() {
                continue;
            }
            let name = key.value.0.clone();
            match known.iter().find(|k| **k == name) {
                Some(k) => found.push((*k, key, value)),
                None => unknown.push((name, key, value)),
            }
        }
        for (name, key, value) in unknown {
            let close = suggest(&name, known.iter().copied())
                .and_then(|s| known.iter().find(|k| **k == s).copied());
            match close {
                Some(right) if !found.iter().any(|(n, _, _)| *n == right) => {
                    self.warn(format!("{what}: unknown key `{name}`, read as `{right}`"), key);
                    found.push((right, key, value));
                }
                Some(right) => {
                    let message = format!("{what}: unknown key `{name}` {rest}");
                    self.warnings.push(
                        Diagnostic::new(message)
                            .at(span_of(key))
                            .hint(format!("did you mean `{right}`?")),
                    );
                }
                None => {
                    let alone = format!("{what}: unknown key `{name}` {rest}");
                    self.ignored.push((name, span_of(key), alone));
                }
            }
        }
        Ok(Fields { found })
    }

    /// A scalar as written: numbers keep their digits as in the file (`0123`, `3.90`).
    fn scalar_text(&self, value: &Value) -> String {
        written(self.source, value).unwrap_or_default()
    }

    /// A text value as written; a list or mapping is an error.
    fn plain(&self, value: &Value, what: &str) -> Result<String, Diagnostic> {
        match &value.value {
            Node::Seq(_) | Node::Map(_) => {
                Err(Diagnostic::new(format!("`{what}` must be text, not {}", value.value.kind()))
                    .at(span_of(value)))
            }
            _ => Ok(self.scalar_text(value)),
        }
    }

    /// A text value with RenderCV's markdown and Typst translated to cvpdf markup.
    fn markup(
        &mut self,
        value: &Value,
        what: &str,
        paragraphs: bool,
    ) -> Result<Spanned<Scalar>, Diagnostic> {
        let text = self.plain(value, what)?;
        Ok(placed_like(Scalar(self.translate_at(&text, value, paragraphs)), value))
    }

    fn translate_at<T>(&mut self, text: &str, at: &Spanned<T>, paragraphs: bool) -> String {
        let (translated, untranslated) = translate(text, paragraphs);
        let origin = span_of(at).start;
        for code in untranslated {
            let start = locate(&self.source.text, origin, &code).unwrap_or(origin);
            let shown = if code.chars().count() > 40 {
                format!("{}…", code.chars().take(40).collect::<String>())
            } else {
                code.clone()
            };
            self.untranslated.push((Span::new(start, code.len().max(1)), shown));
        }
        translated
    }

    /// A value that may be one item or a list of them (`email`, `phone`, `website`).
    fn one_or_many<'v>(&self, value: &'v Value) -> Vec<&'v Value> {
        match &value.value {
            Node::Seq(items) => items.iter().filter(|v| !v.value.is_null()).collect(),
            Node::Null => Vec::new(),
            _ => vec![value],
        }
    }

    // -----------------------------------------------------------------------------------
    // `cv`.

    fn cv(&mut self, cv: &Value) -> Result<RawResume, Diagnostic> {
        let f = self.fields(cv, CV, "cv", "is not read")?;
        // RenderCV's `name` is optional; a nameless résumé is warned about by the model.
        let nameless = placed_like(Scalar(String::new()), cv);
        let name = match f.get("name") {
            Some(name) => {
                let read = self.markup(name, "name", false);
                self.kept(read).unwrap_or(nameless)
            }
            None => nameless,
        };
        let read = f.get("headline").map(|h| self.markup(h, "headline", false)).transpose();
        let headline = self.kept(read).flatten();
        let read = f.get("location").map(|l| self.markup(l, "location", false)).transpose();
        let mut location = self.kept(read).flatten();
        let mut links = Vec::new();

        let mut email = None;
        if let Some(value) = f.get("email") {
            for (i, address) in self.one_or_many(value).into_iter().enumerate() {
                let Some(text) = self.kept(self.plain(address, "email")) else { continue };
                let text = placed_like(Scalar(text.trim().to_string()), address);
                if i == 0 {
                    email = Some(text);
                } else {
                    let url = placed_like(Scalar(format!("mailto:{}", text.value.0)), address);
                    links.push(RawLink { label: Some(text), url });
                }
            }
        }
        let mut phone = None;
        if let Some(value) = f.get("phone") {
            for (i, number) in self.one_or_many(value).into_iter().enumerate() {
                let Some(text) = self.kept(self.plain(number, "phone")) else { continue };
                if i == 0 {
                    phone = Some(placed_like(Scalar(text), number));
                } else {
                    let dial: String =
                        text.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                    links.push(RawLink {
                        label: Some(placed_like(Scalar(text), number)),
                        url: placed_like(Scalar(format!("tel:{dial}")), number),
                    });
                }
            }
        }
        if let Some(value) = f.get("website") {
            for site in self.one_or_many(value) {
                let Some(url) = self.kept(self.plain(site, "website")) else { continue };
                links.push(RawLink { label: None, url: placed_like(Scalar(url), site) });
            }
        }
        if let Some(value) = f.get("social_networks") {
            let read = self.social_networks(value, &mut links);
            self.kept(read);
        }
        if let Some(value) = f.get("custom_connections") {
            let read = self.custom_connections(value, &mut links, &mut location);
            self.kept(read);
        }
        let photo = f
            .get("photo")
            .and_then(|value| Some((self.kept(self.plain(value, "photo"))?, value)))
            .filter(|(path, _)| !path.trim().is_empty())
            .map(|(path, value)| placed_like(Scalar(path.trim().to_string()), value));
        if let Some(order) = f.get("sort_entries")
            && self.scalar_text(order) != "none"
        {
            let message = "cv.sort_entries is not applied: cvpdf keeps entries in file order";
            self.warn(message, order);
        }
        let sections = match f.get("sections") {
            Some(sections) => self.sections(sections)?,
            None => Vec::new(),
        };
        Ok(RawResume {
            name,
            native_name: None,
            headline,
            location,
            email,
            phone,
            links,
            photo,
            language: None,
            keywords: Vec::new(),
            updated: None,
            summary: None,
            sections,
            layout: None,
        })
    }

    fn social_networks(
        &mut self,
        value: &Value,
        links: &mut Vec<RawLink>,
    ) -> Result<(), Diagnostic> {
        for item in self.list(value, "social_networks")? {
            let f =
                self.fields(item, &["network", "username"], "a social network", "is not read")?;
            let (Some(network), Some(username)) = (f.get("network"), f.get("username")) else {
                self.warn("a social network needs `network` and `username`: left out", item);
                continue;
            };
            let network_name = self.plain(network, "network")?;
            let username_text = self.plain(username, "username")?;
            match social_url(&network_name, &username_text) {
                Ok(url) => {
                    links.push(RawLink { label: None, url: placed_like(Scalar(url), username) })
                }
                Err(message) => {
                    let mut warning = Diagnostic::new(message).at(span_of(network));
                    let names = SOCIAL.iter().map(|(n, _)| *n);
                    if let Some(close) = suggest(&network_name, names) {
                        warning = warning.hint(format!("did you mean `{close}`?"));
                    }
                    self.warnings.push(warning);
                }
            }
        }
        Ok(())
    }

    /// RenderCV 2.4+: `{placeholder, url, fontawesome_icon}`; one without a URL is
    /// printed with the location.
    fn custom_connections(
        &mut self,
        value: &Value,
        links: &mut Vec<RawLink>,
        location: &mut Option<Spanned<Scalar>>,
    ) -> Result<(), Diagnostic> {
        const KEYS: &[&str] = &["placeholder", "url", "fontawesome_icon"];
        for item in self.list(value, "custom_connections")? {
            let f = self.fields(item, KEYS, "a custom connection", "is not read")?;
            let Some(placeholder) = f.get("placeholder") else {
                self.warn("a custom connection needs `placeholder`: left out", item);
                continue;
            };
            let label = self.markup(placeholder, "placeholder", false)?;
            match f.get("url") {
                Some(url) => {
                    let url = placed_like(Scalar(self.plain(url, "url")?), url);
                    links.push(RawLink { label: Some(label), url });
                }
                None => match location {
                    Some(location) => {
                        location.value.0 = format!("{} · {}", location.value.0, label.value.0)
                    }
                    None => *location = Some(label),
                },
            }
        }
        Ok(())
    }

    fn list<'v>(&self, value: &'v Value, what: &str) -> Result<Vec<&'v Value>, Diagnostic> {
        match &value.value {
            Node::Seq(items) => Ok(items.iter().filter(|v| !v.value.is_null()).collect()),
            other => Err(Diagnostic::new(format!("`{what}` must be a list, not {}", other.kind()))
                .at(span_of(value))
                .hint("write one item per line, each starting with `- `")),
        }
    }

    // -----------------------------------------------------------------------------------
    // Sections and entries.

    fn sections(&mut self, value: &Value) -> Result<Vec<Spanned<RawSection>>, Diagnostic> {
        let Node::Map(items) = &value.value else {
            return Err(Diagnostic::new(format!(
                "`sections` must map section titles to lists of entries, not {}",
                value.value.kind()
            ))
            .at(span_of(value))
            .hint("write `sections:` then one `title:` line per section, with its entries below"));
        };
        let mut sections = Vec::new();
        for (key, entries) in items {
            let title_text = section_title(&key.value.0.clone());
            let title = placed_like(Scalar(self.translate_at(&title_text, key, false)), key);
            let entries = match &entries.value {
                Node::Null => Vec::new(),
                Node::Seq(items) => items.iter().collect(),
                other => {
                    let message = format!(
                        "section `{title_text}` must be a list of entries, not {}",
                        other.kind()
                    );
                    self.errors.push(
                        Diagnostic::new(message)
                            .at(span_of(entries))
                            .hint("write each entry on a line starting with `- `"),
                    );
                    continue;
                }
            };
            let section_kind = entries.iter().find_map(|e| Kind::of(e));
            let mut parts = SectionParts::default();
            let reversed_count = entries
                .iter()
                .filter(|e| Kind::of(e).or(section_kind) == Some(Kind::ReversedNumbered))
                .count();
            let (mut numbered, mut reversed) = (0, reversed_count);
            let mut mixed_warned = false;
            for entry in entries {
                if entry.value.is_null() {
                    self.warn("an empty entry is left out", entry);
                    continue;
                }
                // A mapping no key tells the type of is an entry gone wrong, even among text.
                let Some(kind) = Kind::of(entry).or(section_kind.filter(|k| *k != Kind::Text))
                else {
                    self.errors.push(Diagnostic::new(
                        "this entry is none of RenderCV's entry types: no key tells which it is",
                    )
                    .at(span_of(entry))
                    .hint("give it `company`/`position`, `institution`/`area`, `name`, `title`/`authors`, `label`/`details`, `bullet`, `number` or `reversed_number`, or make it a line of text"));
                    continue;
                };
                if let Some(first) = section_kind
                    && kind != first
                    && !mixed_warned
                {
                    mixed_warned = true;
                    let message = format!(
                        "section `{title_text}` mixes {} with {}s: RenderCV allows one entry type per section; cvpdf prints its text, entries, rows and lists in that order",
                        kind.with_article(),
                        first.name()
                    );
                    self.warn(message, entry);
                }
                let number = match kind {
                    Kind::Numbered => {
                        numbered += 1;
                        numbered
                    }
                    Kind::ReversedNumbered => {
                        reversed = reversed.saturating_sub(1);
                        reversed + 1
                    }
                    _ => 0,
                };
                let read = self.entry(entry, kind, number, &mut parts);
                self.kept(read);
            }
            let SectionParts { text, entries, rows, items } = parts;
            if text.is_none() && entries.is_empty() && rows.is_empty() && items.is_empty() {
                self.warn(format!("section `{title_text}` has no entries: left out"), key);
                continue;
            }
            let section =
                RawSection { title, text, entries, rows, items, detailed_only: false, priority: 0 };
            sections.push(placed_like(section, key));
        }
        Ok(sections)
    }

    fn entry(
        &mut self,
        entry: &Value,
        kind: Kind,
        number: usize,
        parts: &mut SectionParts,
    ) -> Result<(), Diagnostic> {
        if kind == Kind::Text {
            let paragraph = self.markup(entry, "text", true)?;
            match &mut parts.text {
                Some(text) => {
                    text.value.0.push_str("\n\n");
                    text.value.0.push_str(&paragraph.value.0);
                }
                None => parts.text = Some(paragraph),
            }
            return Ok(());
        }
        let what = kind.with_article();
        let fields = kind.fields();
        let f =
            self.fields(entry, &fields, &what, "is not printed: cvpdf has no entry templates")?;
        match kind {
            Kind::OneLine => {
                let label = f.get("label").map(|v| self.markup(v, "label", false)).transpose()?;
                let details =
                    f.get("details").map(|v| self.markup(v, "details", false)).transpose()?;
                match (label, details) {
                    (Some(label), Some(text)) => parts.rows.push(RawRow { label, text }),
                    (Some(only), None) | (None, Some(only)) => parts.items.push(only),
                    (None, None) => return Err(missing(entry, &what, "`label` and `details`")),
                }
            }
            Kind::Bullet => match f.get("bullet") {
                Some(bullet) => parts.items.push(self.markup(bullet, "bullet", false)?),
                None => return Err(missing(entry, &what, "`bullet`")),
            },
            Kind::Numbered | Kind::ReversedNumbered => {
                let key = if kind == Kind::Numbered { "number" } else { "reversed_number" };
                let Some(value) = f.get(key) else {
                    return Err(missing(entry, &what, &format!("`{key}`")));
                };
                let text = self.markup(value, key, false)?;
                let label = placed_like(Scalar(format!("{number}.")), value);
                parts.rows.push(RawRow { label, text });
            }
            Kind::Normal | Kind::Experience | Kind::Education | Kind::Publication => {
                let raw = self.full_entry(kind, entry, &what, &f)?;
                parts.entries.push(placed_like(raw, entry));
            }
            Kind::Text => unreachable!("handled above"),
        }
        Ok(())
    }

    fn line(&mut self, f: &Fields, name: &str) -> Result<Option<Spanned<Scalar>>, Diagnostic> {
        f.get(name).map(|v| self.markup(v, name, false)).transpose()
    }

    fn full_entry(
        &mut self,
        kind: Kind,
        entry: &Value,
        what: &str,
        f: &Fields,
    ) -> Result<RawEntry, Diagnostic> {
        let mut degree_field = None;
        let (title, subtitle, needs) = match kind {
            Kind::Experience => (self.line(f, "company")?, self.line(f, "position")?, "`company`"),
            Kind::Education => {
                let degree = self.line(f, "degree")?;
                let area = self.line(f, "area")?;
                let institution = self.line(f, "institution")?;
                let phrase = self.degree_with_area.as_deref().unwrap_or("DEGREE in AREA");
                let join = degree_join(phrase);
                match (institution, degree, area) {
                    // The degree is a field of its own, which a layout may set apart;
                    // where it does not, it goes before the area, joined as the phrase
                    // joins them (the résumé's `degree_join`).
                    (Some(institution), degree, area)
                        if join.is_some() || degree.is_none() || area.is_none() =>
                    {
                        if degree.is_some() && area.is_some() {
                            self.degree_join = join.map(str::to_string);
                        }
                        degree_field = degree;
                        (Some(institution), area, "`institution`")
                    }
                    // A phrase that is no degree, words and an area ("AREA (DEGREE)")
                    // is the subtitle, as RenderCV prints it.
                    (institution, degree, area) => {
                        let studied = match (degree, area) {
                            (Some(degree), Some(area)) => {
                                let values =
                                    [("DEGREE", &*degree.value.0), ("AREA", &area.value.0)];
                                let text = fill(phrase, &values);
                                Some(placed_like(Scalar(text), f.get("degree").unwrap_or(entry)))
                            }
                            (Some(one), None) | (None, Some(one)) => Some(one),
                            (None, None) => None,
                        };
                        (institution, studied, "`institution`")
                    }
                }
            }
            Kind::Publication => (self.line(f, "title")?, self.line(f, "journal")?, "`title`"),
            _ => (self.line(f, "name")?, None, "`name`"),
        };
        let (title, subtitle) = match (title, subtitle) {
            (Some(title), subtitle) => (title, subtitle),
            (None, Some(subtitle)) => (subtitle, None),
            (None, None) => return Err(missing(entry, what, needs)),
        };
        let mut location = self.line(f, "location")?;
        let (date, start, end) = self.dates(f, &mut location)?;

        // The body's paragraphs: a grade (2.3), the authors, the summary.
        let mut paragraphs: Vec<Spanned<Scalar>> = Vec::new();
        if let Some(grade) = f.get("grade") {
            paragraphs.push(self.markup(grade, "grade", false)?);
        }
        if let Some(authors) = f.get("authors") {
            let names = match &authors.value {
                Node::Seq(items) => items
                    .iter()
                    .filter(|a| !a.value.is_null())
                    .map(|a| self.markup(a, "authors", false).map(|s| s.value.0))
                    .collect::<Result<Vec<_>, _>>()?,
                _ => vec![self.markup(authors, "authors", false)?.value.0],
            };
            if !names.is_empty() {
                paragraphs.push(placed_like(Scalar(names.join(", ")), authors));
            }
        }
        let mut url = None;
        if let Some(doi) = f.get("doi") {
            let doi = self.plain(doi, "doi")?;
            let doi = doi.trim();
            let doi = doi.strip_prefix("doi:").unwrap_or(doi).trim();
            let target = if doi.starts_with("http") {
                doi.to_string()
            } else {
                format!("https://doi.org/{doi}")
            };
            url = Some(placed_like(Scalar(target), f.get("doi").unwrap_or(entry)));
        }
        if let Some(link) = f.get("url") {
            let link_text = self.plain(link, "url")?;
            match url {
                // A DOI and a URL: the DOI is the entry's link, the URL goes in the text.
                Some(_) => paragraphs.push(placed_like(Scalar(link_text), link)),
                None => url = Some(placed_like(Scalar(link_text), link)),
            }
        }
        if let Some(summary) = f.get("summary") {
            paragraphs.push(self.markup(summary, "summary", true)?);
        }
        let text = paragraphs.into_iter().reduce(|mut all, next| {
            all.value.0.push_str("\n\n");
            all.value.0.push_str(&next.value.0);
            all
        });
        let bullets = match f.get("highlights") {
            Some(highlights) => self.highlights(highlights)?,
            None => None,
        };
        Ok(RawEntry {
            title,
            subtitle,
            degree: degree_field,
            location,
            date,
            start,
            end,
            url,
            text,
            bullets,
            body: None,
            tags: Vec::new(),
            detailed_only: false,
            priority: None,
        })
    }

    /// RenderCV's dates: `date` (a date, or free text such as "Fall 2023") wins over
    /// `start_date`/`end_date`; only an end is a single date; only a start runs to present.
    #[allow(clippy::type_complexity)]
    fn dates(
        &mut self,
        f: &Fields,
        location: &mut Option<Spanned<Scalar>>,
    ) -> Result<
        (Option<Spanned<DateScalar>>, Option<Spanned<DateScalar>>, Option<Spanned<DateScalar>>),
        Diagnostic,
    > {
        let date_of =
            |this: &Self, v: &Value, what: &str| -> Result<Spanned<DateScalar>, Diagnostic> {
                Ok(placed_like(DateScalar(this.plain(v, what)?.trim().to_string()), v))
            };
        let (start, end) = (f.get("start_date"), f.get("end_date"));
        if let Some(date) = f.get("date") {
            if let Some(ignored) = f.key("start_date").or(f.key("end_date")) {
                let message = "`start_date` and `end_date` are not used when `date` is given (as in RenderCV)";
                self.warn(message, ignored);
            }
            let date = date_of(self, date, "date")?;
            if Date::parse(&date.value.0).is_ok() {
                return Ok((Some(date), None, None));
            }
            self.free_date(&date, location);
            return Ok((None, None, None));
        }
        Ok(match (start, end) {
            (None, None) => (None, None, None),
            (None, Some(end)) => {
                let end = date_of(self, end, "end_date")?;
                if end.value.0.eq_ignore_ascii_case("present") {
                    self.free_date(&end, location);
                    (None, None, None)
                } else {
                    (Some(end), None, None)
                }
            }
            (Some(start), None) => {
                let start = date_of(self, start, "start_date")?;
                let present = placed_like(DateScalar("present".to_string()), &start);
                (None, Some(start), Some(present))
            }
            (Some(start), Some(end)) => (
                None,
                Some(date_of(self, start, "start_date")?),
                Some(date_of(self, end, "end_date")?),
            ),
        })
    }

    /// A date written as words ("Fall 2023") is printed after the location.
    fn free_date(&mut self, date: &Spanned<DateScalar>, location: &mut Option<Spanned<Scalar>>) {
        let words = date.value.0.clone();
        self.warnings.push(
            Diagnostic::new(format!(
                "`{words}` is not a date cvpdf can put in the date column: it is printed with the location"
            ))
            .at(span_of(date))
            .hint("write YYYY, YYYY-MM or YYYY-MM-DD to have it in the date column"),
        );
        let words = escape_markup(&words);
        match location {
            Some(location) => location.value.0 = format!("{} · {words}", location.value.0),
            None => *location = Some(placed_like(Scalar(words), date)),
        }
    }

    /// Highlights: text each, where " - " starts a sub-bullet (as in RenderCV); a list
    /// inside the list nests under the highlight before it.
    fn highlights(
        &mut self,
        value: &Value,
    ) -> Result<Option<Spanned<Vec<Spanned<RawBullet>>>>, Diagnostic> {
        let items: Vec<&Value> = match &value.value {
            Node::Seq(items) => items.iter().filter(|v| !v.value.is_null()).collect(),
            Node::Map(_) => {
                return Err(Diagnostic::new("`highlights` must be a list of text, not a mapping")
                    .at(span_of(value))
                    .hint("write each highlight on a line starting with `- `"));
            }
            _ => vec![value],
        };
        let mut bullets: Vec<Spanned<RawBullet>> = Vec::new();
        for item in items {
            match &item.value {
                Node::Seq(children) => {
                    let mut nested = Vec::new();
                    for child in children.iter().filter(|c| !c.value.is_null()) {
                        nested.extend(self.highlight(child)?);
                    }
                    match bullets.last_mut() {
                        Some(parent) => adopt(parent, nested),
                        None => bullets.extend(nested),
                    }
                }
                _ => bullets.extend(self.highlight(item)?),
            }
        }
        if bullets.is_empty() {
            return Ok(None);
        }
        Ok(Some(placed_like(bullets, value)))
    }

    fn highlight(&mut self, item: &Value) -> Result<Option<Spanned<RawBullet>>, Diagnostic> {
        let text = self.plain(item, "highlights")?;
        let mut parts = text.split(" - ").map(str::trim).filter(|p| !p.is_empty());
        let Some(first) = parts.next() else { return Ok(None) };
        let children: Vec<String> = parts.map(String::from).collect();
        let first = self.translate_at(first, item, false);
        if children.is_empty() {
            return Ok(Some(placed_like(RawBullet::Plain(first), item)));
        }
        let bullets = children
            .iter()
            .map(|c| placed_like(RawBullet::Plain(self.translate_at(c, item, false)), item))
            .collect();
        Ok(Some(placed_like(
            RawBullet::Nested {
                text: placed_like(Scalar(first), item),
                bullets,
                tags: Vec::new(),
                detailed_only: false,
            },
            item,
        )))
    }
}

/// An error for an entry without the fields its type needs.
fn missing(entry: &Value, what: &str, needs: &str) -> Diagnostic {
    Diagnostic::new(format!("{what} needs {needs}")).at(span_of(entry))
}

/// Put `children` under `parent`.
fn adopt(parent: &mut Spanned<RawBullet>, children: Vec<Spanned<RawBullet>>) {
    let text = match &mut parent.value {
        RawBullet::Nested { bullets, .. } => {
            bullets.extend(children);
            return;
        }
        RawBullet::Plain(text) => std::mem::take(text),
    };
    let text = placed_like(Scalar(text), parent);
    parent.value =
        RawBullet::Nested { text, bullets: children, tags: Vec::new(), detailed_only: false };
}

/// Fill UPPERCASE placeholders in one pass (a value holding "AREA" stays as written).
/// What `phrase` ("DEGREE in AREA") puts between a degree and its area (" in "), when
/// it is only that: the degree, words, the area.
fn degree_join(phrase: &str) -> Option<&str> {
    let between = phrase.strip_prefix("DEGREE")?.strip_suffix("AREA")?;
    (!between.contains("DEGREE") && !between.contains("AREA")).then_some(between)
}

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = template;
    'scan: while !rest.is_empty() {
        for (name, value) in values {
            if let Some(after) = rest.strip_prefix(name) {
                out.push_str(value);
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

// ---------------------------------------------------------------------------------------
// `design`, `locale`, `settings`: what maps is read, the rest is a warning.

/// RenderCV's design keys (2.4+, 2.3 and 1.x), for "did you mean".
const DESIGN: &[&str] = &[
    "theme",
    "page",
    "colors",
    "typography",
    "links",
    "header",
    "section_titles",
    "sections",
    "entries",
    "templates",
    "text",
    "highlights",
    "entry_types",
    "page_size",
    "font",
    "font_size",
    "color",
    "margins",
];

/// The languages RenderCV 2.7+ names in `locale.language`, with their BCP 47 tags.
const LANGUAGES: &[(&str, &str)] = &[
    ("english", "en"),
    ("arabic", "ar"),
    ("danish", "da"),
    ("dutch", "nl"),
    ("french", "fr"),
    ("german", "de"),
    ("hebrew", "he"),
    ("hindi", "hi"),
    ("hungarian", "hu"),
    ("indonesian", "id"),
    ("italian", "it"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("mandarin_chinese", "zh"),
    ("norwegian_bokmål", "nb"),
    ("norwegian_nynorsk", "nn"),
    ("persian", "fa"),
    ("portuguese", "pt"),
    ("russian", "ru"),
    ("spanish", "es"),
    ("turkish", "tr"),
    ("vietnamese", "vi"),
];

/// RenderCV's themes (2.3 to 2.8) and the cvpdf preset that looks most like each.
const NEAREST_PRESET: [(&str, &str); 9] = [
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

impl Importer<'_> {
    fn design(&mut self, design: &Value) -> Result<Option<Paper>, Diagnostic> {
        let Node::Map(items) = &design.value else {
            self.warn("`design` is not a mapping: ignored", design);
            return Ok(None);
        };
        let mut paper = None;
        for (key, value) in items {
            if value.value.is_null() {
                continue;
            }
            let name = key.value.0.clone();
            match name.as_str() {
                "theme" => {
                    let theme = self.scalar_text(value);
                    let nearest = NEAREST_PRESET
                        .iter()
                        .find(|(name, _)| theme.trim().eq_ignore_ascii_case(name))
                        .map(|(_, preset)| *preset);
                    // A known theme chooses the layout when the user does not (the build
                    // says whether it was used).
                    match nearest {
                        Some(preset) => {
                            let theme = theme.trim().to_string();
                            // RenderCV's classic themes show icons on the contact line; the
                            // presets nearest them do not.
                            let lower = theme.to_ascii_lowercase();
                            if ["classic", "engineeringclassic"].contains(&lower.as_str()) {
                                self.design.theme_default("header.icons", "true");
                            }
                            let span = span_of(value);
                            self.preset = Some(FilePreset { theme, preset, span, layout: None });
                        }
                        None => self.warnings.push(
                            Diagnostic::new(format!(
                                "design.theme `{theme}` is not a RenderCV theme cvpdf knows: the layout is cvpdf's (--layout)"
                            ))
                            .at(span_of(value))
                            .hint("`cvpdf layouts` lists the presets"),
                        ),
                    }
                }
                "page" => {
                    let Node::Map(page) = &value.value else {
                        self.warn("design.page is not a mapping: ignored", key);
                        continue;
                    };
                    if let Some((_, size)) =
                        page.iter().find(|(k, v)| k.value.0 == "size" && !v.value.is_null())
                    {
                        paper = self.paper("design.page.size", size).or(paper);
                    }
                    self.design.read(self.source, "page", value);
                }
                // RenderCV 1.x.
                "page_size" => paper = self.paper("design.page_size", value).or(paper),
                other if self.design.read(self.source, other, value) => {}
                other => {
                    let mut warning = Diagnostic::new(format!(
                        "design.{other} is not used: the look of a cvpdf résumé comes from its layout (--layout)"
                    ))
                    .at(span_of(key));
                    if !DESIGN.contains(&other)
                        && let Some(close) = suggest(other, DESIGN.iter().copied())
                    {
                        warning = warning.hint(format!("did you mean `{close}`?"));
                    }
                    self.warnings.push(warning);
                }
            }
        }
        Ok(paper)
    }

    fn paper(&mut self, what: &str, value: &Value) -> Option<Paper> {
        let size = self.scalar_text(value);
        match size.trim().to_ascii_lowercase().as_str() {
            "a4" | "a4paper" => Some(Paper::A4),
            "us-letter" | "letter" | "letterpaper" => Some(Paper::Letter),
            _ => {
                let message = format!(
                    "{what} `{size}` is not a paper cvpdf prints on (A4 or US letter): the layout's paper is used"
                );
                self.warnings.push(
                    Diagnostic::new(message).at(span_of(value)).hint("or give --paper a4|letter"),
                );
                None
            }
        }
    }

    /// `locale` (and 1.x's `locale_catalog`): the language, and the degree phrase.
    fn locale(
        &mut self,
        what: &str,
        locale: &Value,
    ) -> Result<Option<Spanned<Scalar>>, Diagnostic> {
        let Node::Map(items) = &locale.value else {
            self.warn(format!("`{what}` is not a mapping: ignored"), locale);
            return Ok(None);
        };
        let mut language = None;
        let mut unused = Vec::new();
        for (key, value) in items {
            if value.value.is_null() {
                continue;
            }
            let name = key.value.0.clone();
            match name.as_str() {
                "language" => language = self.language(value),
                "phrases" => {
                    let Node::Map(phrases) = &value.value else { continue };
                    for (key, value) in phrases {
                        match key.value.0.clone().as_str() {
                            "degree_with_area" if !value.value.is_null() => {
                                self.degree_with_area = Some(self.scalar_text(value));
                            }
                            other => unused.push((format!("phrases.{other}"), key)),
                        }
                    }
                }
                _ => unused.push((name, key)),
            }
        }
        if let Some((_, first)) = unused.first() {
            let names = listed(unused.iter().map(|(n, _)| n.as_str()));
            let message =
                format!("{what}: {names} not used: cvpdf writes dates and “present” itself");
            self.warn(message, first);
        }
        Ok(language)
    }

    /// `english`, `mandarin_chinese` (2.7+) or an ISO 639-1 code (2.3: `en`) → a BCP 47 tag.
    fn language(&mut self, value: &Value) -> Option<Spanned<Scalar>> {
        let written = self.scalar_text(value);
        let name = written.trim().to_lowercase();
        let tag = LANGUAGES.iter().find(|(n, _)| *n == name).map(|(_, tag)| tag.to_string());
        let tag = tag.or_else(|| {
            let code = name.len() == 2 || name.len() == 3;
            (code && name.chars().all(|c| c.is_ascii_lowercase())).then(|| name.clone())
        });
        let Some(tag) = tag else {
            let mut warning = Diagnostic::new(format!(
                "locale.language `{written}` is not a language RenderCV names: the résumé is set in English"
            ))
            .at(span_of(value));
            if let Some(close) = suggest(&name, LANGUAGES.iter().map(|(n, _)| *n)) {
                warning = warning.hint(format!("did you mean `{close}`?"));
            }
            self.warnings.push(warning);
            return None;
        };
        Some(placed_like(Scalar(tag), value))
    }

    /// `settings` (2.4+) and `rendercv_settings` (2.3): the date the résumé was updated.
    fn settings(
        &mut self,
        what: &str,
        settings: &Value,
    ) -> Result<Option<Spanned<DateScalar>>, Diagnostic> {
        let Node::Map(items) = &settings.value else {
            self.warn(format!("`{what}` is not a mapping: ignored"), settings);
            return Ok(None);
        };
        let mut updated = None;
        for (key, value) in items {
            if value.value.is_null() {
                continue;
            }
            let name = key.value.0.clone();
            match name.as_str() {
                "current_date" | "date" => {
                    let date = self.plain(value, &name)?;
                    if date.trim() != "today" {
                        updated = Some(placed_like(DateScalar(date.trim().to_string()), value));
                    }
                }
                "bold_keywords" => {
                    if matches!(&value.value, Node::Seq(words) if !words.is_empty()) {
                        let message = format!(
                            "{what}.bold_keywords is not applied: write **bold** in the text instead"
                        );
                        self.warn(message, key);
                    }
                }
                "sort_entries" => {
                    if self.scalar_text(value) != "none" {
                        let message = format!(
                            "{what}.sort_entries is not applied: cvpdf keeps entries in file order"
                        );
                        self.warn(message, value);
                    }
                }
                "pdf_title" => {
                    if self.scalar_text(value) != "NAME - CV" {
                        let message = format!(
                            "{what}.pdf_title is not used: cvpdf titles the PDF “name — Résumé”"
                        );
                        self.warn(message, value);
                    }
                }
                "render_command" => {
                    // Output paths and what to generate are the command line's business;
                    // overlay files would change the résumé, so they are worth a word.
                    let Node::Map(command) = &value.value else { continue };
                    for (key, value) in command {
                        let overlay = key.value.0.clone();
                        let is_overlay = matches!(
                            overlay.as_str(),
                            "design" | "locale" | "rendercv_settings" | "settings"
                        );
                        if is_overlay && !value.value.is_null() {
                            let message = format!(
                                "{what}.render_command.{overlay} is not read: cvpdf reads only this file"
                            );
                            self.warn(message, key);
                        }
                    }
                }
                other => {
                    let message = format!("{what}.{other} is not used by cvpdf");
                    self.warn(message, key);
                }
            }
        }
        Ok(updated)
    }
}

/// "`a`, `b` and `c` are" / "`a` is", for warnings that list keys.
fn listed<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    match names.len() {
        0 => String::new(),
        1 => format!("{} is", names[0]),
        2..=4 => {
            let (last, rest) = names.split_last().expect("several names");
            format!("{} and {last} are", rest.join(", "))
        }
        n => format!("{}, {} and {} more are", names[0], names[1], n - 2),
    }
}

// ---------------------------------------------------------------------------------------
// Section titles and social networks.

/// A section key as RenderCV 2.3 shows it: `_` is a space and each all-lowercase word is
/// capitalised, except short words such as "and" and "of" after the first
/// (`education_and_training` → "Education and Training"); words with a capital stay.
fn section_title(key: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "and", "as", "at", "but", "by", "for", "from", "if", "in", "into", "like", "near",
        "nor", "of", "off", "on", "onto", "or", "over", "so", "than", "that", "to", "upon", "when",
        "with", "yet",
    ];
    key.replace('_', " ")
        .split(' ')
        .enumerate()
        .map(|(i, word)| {
            let lower =
                word.chars().any(char::is_lowercase) && !word.chars().any(char::is_uppercase);
            if lower && (i == 0 || !SMALL.contains(&word)) {
                let mut chars = word.chars();
                let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
                first.unwrap_or_default() + chars.as_str()
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The networks RenderCV knows (and 1.x's Twitter), with the start of a profile's URL.
const SOCIAL: &[(&str, &str)] = &[
    ("LinkedIn", "https://linkedin.com/in/"),
    ("GitHub", "https://github.com/"),
    ("GitLab", "https://gitlab.com/"),
    ("IMDB", "https://imdb.com/name/"),
    ("Instagram", "https://instagram.com/"),
    ("ORCID", "https://orcid.org/"),
    ("Mastodon", ""),
    ("StackOverflow", "https://stackoverflow.com/users/"),
    ("ResearchGate", "https://researchgate.net/profile/"),
    ("YouTube", "https://youtube.com/@"),
    ("Google Scholar", "https://scholar.google.com/citations?user="),
    ("Telegram", "https://t.me/"),
    ("WhatsApp", "https://wa.me/"),
    ("Leetcode", "https://leetcode.com/u/"),
    ("X", "https://x.com/"),
    ("Twitter", "https://twitter.com/"),
    ("Bluesky", "https://bsky.app/profile/"),
    ("Reddit", "https://reddit.com/user/"),
];

/// The profile URL of `username` on `network`, as RenderCV makes it.
fn social_url(network: &str, username: &str) -> Result<String, String> {
    let username = username.trim();
    let Some((name, prefix)) = SOCIAL.iter().find(|(n, _)| n.eq_ignore_ascii_case(network.trim()))
    else {
        return Err(format!(
            "social network `{network}` is not one RenderCV knows: left out (write it under `website` or `custom_connections`)"
        ));
    };
    if username.is_empty() {
        return Err(format!("the {name} username is empty: left out"));
    }
    // A whole profile URL is taken as it is.
    if username.starts_with("https://") || username.starts_with("http://") {
        return Ok(username.to_string());
    }
    Ok(match *name {
        "Mastodon" => {
            let mut parts = username.trim_start_matches('@').split('@');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(user), Some(host), None) if !user.is_empty() && !host.is_empty() => {
                    format!("https://{host}/@{user}")
                }
                _ => {
                    return Err(format!(
                        "the Mastodon username `{username}` is not @user@server: left out"
                    ));
                }
            }
        }
        "WhatsApp" => {
            let digits: String = username.chars().filter(char::is_ascii_digit).collect();
            format!("{prefix}{digits}")
        }
        "X" | "Twitter" | "YouTube" | "Telegram" | "Instagram" | "Reddit" | "Bluesky"
        | "GitHub" | "GitLab" => format!("{prefix}{}", username.trim_start_matches('@')),
        _ => format!("{prefix}{username}"),
    })
}

// ---------------------------------------------------------------------------------------
// Markdown and Typst → cvpdf markup.

/// Translate a text as RenderCV users write it into cvpdf markup; returns the text and
/// the Typst code (and math) that had no translation, for one warning.
///
/// The same: `**b**`, `*i*`, `` `c` ``, `[t](url)`, backslash escapes. Translated: `_i_`
/// and `__b__` (python-markdown's), `#strong[…]`, `#emph[…]`, `#link("url")[…]`,
/// `#linebreak()` (a new paragraph where the field has paragraphs, else a space),
/// `#h(…)`, `#"…"`, and Typst escapes such as `\#` and `\$`. Kept as text: other Typst
/// functions' bodies (`#underline[x]` → x), math (`$$x$$` → x), `#word` with no call,
/// and HTML-looking `<tag>` (RenderCV drops it silently). Bare URLs are left alone.
fn translate(src: &str, paragraphs: bool) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut untranslated = Vec::new();
    translate_into(src, paragraphs, &mut out, &mut untranslated);
    (out, untranslated)
}

fn translate_into(src: &str, paragraphs: bool, out: &mut String, untranslated: &mut Vec<String>) {
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        let before = src[..i].chars().next_back();
        let c = rest.chars().next().expect("not at the end");
        // Code spans and link targets are copied as they are.
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..run];
            let close =
                rest[run..].find(fence).filter(|&at| !rest[run + at + run..].starts_with('`'));
            let end = close.map_or(run, |at| run + at + run);
            out.push_str(&rest[..end]);
            i += end;
            continue;
        }
        if rest.starts_with("](")
            && let Some(len) = balanced(&rest[1..], '(', ')')
        {
            out.push_str(&rest[..1 + len]);
            i += 1 + len;
            continue;
        }
        let word_start = !before.is_some_and(|b| b.is_alphanumeric());
        if word_start && ["https://", "http://", "www."].iter().any(|p| rest.starts_with(p)) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            i += end;
            continue;
        }
        match c {
            '\\' => {
                let next = rest[1..].chars().next();
                match next {
                    Some(n) if n.is_ascii_punctuation() => {
                        out.push_str(&escape_markup(&n.to_string()));
                        i += 2;
                    }
                    _ => {
                        out.push('\\');
                        i += 1;
                    }
                }
            }
            '$' if rest.starts_with("$$") => match rest[2..].find("$$") {
                Some(close) => {
                    let math = &rest[..close + 4];
                    out.push_str(&escape_markup(rest[2..close + 2].trim()));
                    untranslated.push(math.to_string());
                    i += close + 4;
                }
                None => {
                    out.push_str("$$");
                    i += 2;
                }
            },
            '#' => match typst_call(rest) {
                Some(call) => {
                    i += call.len;
                    call.translate(paragraphs, out, untranslated);
                }
                None => {
                    out.push('#');
                    i += 1;
                }
            },
            '_' if word_start => {
                let run = (rest.len() - rest.trim_start_matches('_').len()).min(3);
                match underscore_close(&rest[run..], run) {
                    Some(close) => {
                        let stars = "*".repeat(run);
                        out.push_str(&stars);
                        translate_into(&rest[run..run + close], paragraphs, out, untranslated);
                        out.push_str(&stars);
                        i += run + close + run;
                    }
                    None => {
                        out.push_str(&rest[..run]);
                        i += run;
                    }
                }
            }
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
}

/// Where a `_` emphasis opened by a run of `run` underscores closes in `rest`: not before
/// a space, not inside a word, on the same line.
fn underscore_close(rest: &str, run: usize) -> Option<usize> {
    if rest.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    let fence = "_".repeat(run);
    let mut from = 1;
    while let Some(at) = rest.get(from..)?.find(&fence) {
        let at = from + at;
        if rest[..at].contains('\n') {
            return None;
        }
        let after = &rest[at + run..];
        let before = rest[..at].chars().next_back();
        let exact = !after.starts_with('_');
        let closes = before.is_some_and(|b| !b.is_whitespace())
            && !after.chars().next().is_some_and(char::is_alphanumeric);
        if exact && closes {
            return Some(at);
        }
        from = at + run;
    }
    None
}

/// The length of a bracketed group at the start of `text` (`(…)`, `[…]`), with nested
/// groups and, in parentheses, Typst strings.
fn balanced(text: &str, open: char, close: char) -> Option<usize> {
    if !text.starts_with(open) {
        return None;
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if open == '(' => in_string = true,
            '\\' if open == '[' => escaped = !escaped,
            _ if c == open && !escaped => depth += 1,
            _ if c == close && !escaped => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + c.len_utf8());
                }
            }
            _ => escaped = false,
        }
    }
    None
}

/// A Typst call written in text: `#name(args)[body]` (either part optional) or `#"text"`.
struct TypstCall<'a> {
    whole: &'a str,
    name: &'a str,
    args: Option<&'a str>,
    body: Option<&'a str>,
    len: usize,
}

fn typst_call(text: &str) -> Option<TypstCall<'_>> {
    let after_hash = &text[1..];
    if after_hash.starts_with('"') {
        let len = string_literal(after_hash)?;
        return Some(TypstCall {
            whole: &text[..1 + len],
            name: "",
            args: Some(&after_hash[1..len - 1]),
            body: None,
            len: 1 + len,
        });
    }
    let first = after_hash.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let name_len = after_hash
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(after_hash.len());
    let name = after_hash[..name_len].trim_end_matches('.');
    let mut len = 1 + name.len();
    let args = balanced(&text[len..], '(', ')').map(|n| {
        let args = &text[len + 1..len + n - 1];
        len += n;
        args
    });
    let body = balanced(&text[len..], '[', ']').map(|n| {
        let body = &text[len + 1..len + n - 1];
        len += n;
        body
    });
    // `#word` with neither is a hashtag or a URL fragment, not a call.
    if args.is_none() && body.is_none() {
        return None;
    }
    Some(TypstCall { whole: &text[..len], name, args, body, len })
}

/// The length of a Typst string literal at the start of `text`, quotes included.
fn string_literal(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The first string argument of a Typst call: `"https://x.org"`.
fn first_string(args: &str) -> Option<String> {
    let args = args.trim_start();
    let len = string_literal(args).filter(|_| args.starts_with('"'))?;
    Some(args[1..len - 1].replace("\\\"", "\"").replace("\\\\", "\\"))
}

impl TypstCall<'_> {
    fn translate(&self, paragraphs: bool, out: &mut String, untranslated: &mut Vec<String>) {
        let body = |out: &mut String, untranslated: &mut Vec<String>| {
            if let Some(body) = self.body {
                translate_into(body, paragraphs, out, untranslated);
            }
        };
        match (self.name, self.body) {
            // `#"text"`: a Typst string, printed as written.
            ("", _) => out.push_str(&escape_markup(self.args.unwrap_or(""))),
            ("linebreak", None) | ("parbreak", None) | ("v", None) => {
                out.push_str(if paragraphs { "\n\n" } else { " " })
            }
            ("h", None) => out.push(' '),
            ("strong", Some(_)) => {
                out.push_str("**");
                body(out, untranslated);
                out.push_str("**");
            }
            ("emph", Some(_)) => {
                out.push('*');
                body(out, untranslated);
                out.push('*');
            }
            ("link", _) => match self.args.and_then(first_string) {
                Some(url) if self.body.is_some() => {
                    out.push('[');
                    body(out, untranslated);
                    out.push_str("](");
                    out.push_str(&url);
                    out.push(')');
                }
                Some(url) => {
                    out.push('<');
                    out.push_str(&url);
                    out.push('>');
                }
                None => {
                    untranslated.push(self.whole.to_string());
                    body(out, untranslated);
                }
            },
            _ => {
                untranslated.push(self.whole.to_string());
                body(out, untranslated);
            }
        }
    }
}

/// `text` with cvpdf's markup characters escaped, to be printed as it is.
fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '(' | ')' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, End, Resume, When};

    fn md(text: &str) -> String {
        translate(text, true).0
    }

    fn line(text: &str) -> String {
        translate(text, false).0
    }

    #[test]
    fn markdown_that_cvpdf_shares_is_kept() {
        for same in [
            "**bold**, *italic* and ***both***",
            "[RenderCV](https://rendercv.com) is `a_b_c`",
            "snake_case_name and file_name_",
            "C# and #hashtag and issue #42 and apache/apisix#9456",
            "<b>not html</b> and a < b > c",
            "https://example.org/a_b_#frag_x and www.x.org/_y_",
            "[a_b](https://x.org/_x_) and `#strong[x]`",
            "5 * 3 = 15, 100% and $5",
        ] {
            assert_eq!(md(same), same);
        }
    }

    #[test]
    fn underscores_become_asterisks() {
        assert_eq!(md("_italic_ and __bold__"), "*italic* and **bold**");
        assert_eq!(
            md("an _italic phrase_, then snake_case"),
            "an *italic phrase*, then snake_case"
        );
        assert_eq!(md("_ not _ and _open"), "_ not _ and _open");
    }

    #[test]
    fn typst_calls_are_translated() {
        assert_eq!(md("#strong[Bold] and #emph[it]"), "**Bold** and *it*");
        assert_eq!(
            md(r#"See #link("https://x.org/#mtls-bypass")[#"https://x.org/#mtls-bypass"]"#),
            "See [https://x.org/#mtls-bypass](https://x.org/#mtls-bypass)"
        );
        assert_eq!(md(r#"#link("https://x.org")"#), "<https://x.org>");
        assert_eq!(md(r#"#link("https://x.org")[*the* site]"#), "[*the* site](https://x.org)");
        assert_eq!(md("#strong[#emph[both]]"), "***both***");
        assert_eq!(md(r#"#"a*b""#), r"a\*b");
    }

    #[test]
    fn linebreaks_are_paragraphs_where_a_field_has_them() {
        assert_eq!(md("one#linebreak()two"), "one\n\ntwo");
        assert_eq!(line("one #linebreak() two"), "one   two");
        assert_eq!(line("a#h(1cm)b"), "a b");
    }

    #[test]
    fn typst_escapes_are_literal() {
        assert_eq!(md(r"\#1 at \$5, 50\% \@home"), "#1 at $5, 50% @home");
        assert_eq!(md(r"\_x\_ and \*y\*"), r"\_x\_ and \*y\*");
        assert_eq!(md(r"a \ b"), r"a \ b");
    }

    #[test]
    fn untranslated_typst_keeps_its_text_and_is_reported() {
        let (text, untranslated) =
            translate("#underline[Key] skills: $$O(n^2)$$ #fa-icon(\"x\")", true);
        assert_eq!(text, r"Key skills: O\(n^2\) ");
        assert_eq!(untranslated, ["#underline[Key]", "$$O(n^2)$$", "#fa-icon(\"x\")"]);
        let (text, untranslated) = translate("#text(fill: red, size: 9pt)[red (really)]", true);
        assert_eq!(text, "red (really)");
        assert_eq!(untranslated.len(), 1);
    }

    #[test]
    fn section_keys_become_titles() {
        assert_eq!(section_title("experience"), "Experience");
        assert_eq!(section_title("education_and_training"), "Education and Training");
        assert_eq!(section_title("welcome_to_RenderCV!"), "Welcome to RenderCV!");
        assert_eq!(section_title("Welcome to RenderCV"), "Welcome to RenderCV");
        assert_eq!(section_title("of_mice_and_men"), "Of Mice and Men");
    }

    #[test]
    fn social_networks_get_their_profile_urls() {
        let cases = [
            ("LinkedIn", "john.doe", "https://linkedin.com/in/john.doe"),
            ("GitHub", "john.doe", "https://github.com/john.doe"),
            ("github", "@jd", "https://github.com/jd"),
            ("GitLab", "jd", "https://gitlab.com/jd"),
            ("X", "@jd", "https://x.com/jd"),
            ("Twitter", "jd", "https://twitter.com/jd"),
            ("Mastodon", "@jd@mastodon.social", "https://mastodon.social/@jd"),
            ("ORCID", "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097"),
            ("StackOverflow", "12345/jd", "https://stackoverflow.com/users/12345/jd"),
            ("ResearchGate", "John-Doe", "https://researchgate.net/profile/John-Doe"),
            ("YouTube", "jd", "https://youtube.com/@jd"),
            ("Google Scholar", "abcDEF123", "https://scholar.google.com/citations?user=abcDEF123"),
            ("Telegram", "jd", "https://t.me/jd"),
            ("WhatsApp", "+1 609 999 9995", "https://wa.me/16099999995"),
            ("Leetcode", "jd", "https://leetcode.com/u/jd"),
            ("Bluesky", "jd.bsky.social", "https://bsky.app/profile/jd.bsky.social"),
            ("Reddit", "jd", "https://reddit.com/user/jd"),
            ("IMDB", "nm0000001", "https://imdb.com/name/nm0000001"),
            ("Instagram", "jd", "https://instagram.com/jd"),
            ("LinkedIn", "https://www.linkedin.com/in/jd/", "https://www.linkedin.com/in/jd/"),
        ];
        for (network, user, url) in cases {
            assert_eq!(social_url(network, user).as_deref(), Ok(url), "{network}");
        }
        assert!(social_url("Mastodon", "jd").is_err());
        assert!(social_url("Zhihu", "jd").unwrap_err().contains("not one RenderCV knows"));
    }

    #[test]
    fn placeholders_fill_in_one_pass() {
        assert_eq!(
            fill("DEGREE in AREA", &[("DEGREE", "BS"), ("AREA", "AREA studies")]),
            "BS in AREA studies"
        );
        assert_eq!(
            fill("AREA (DEGREE)", &[("DEGREE", "PhD"), ("AREA", "Physics")]),
            "Physics (PhD)"
        );
    }

    fn load(yaml: &str) -> (Resume, Vec<Diagnostic>) {
        let source = Source::new("cv.yaml", yaml);
        let loaded = crate::model::read(&source, None).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(loaded.format, crate::model::Format::Rendercv);
        (loaded.resume, loaded.warnings)
    }

    #[test]
    fn entries_map_to_the_native_model() {
        let yaml = r#"cv:
  name: Jane Roe
  email: [jane@example.org, jr@example.com]
  phone: +44 20 7946 0000
  website: https://jane.example.org
  social_networks:
    - network: GitHub
      username: jroe
  custom_connections:
    - placeholder: Blog
      url: https://blog.example.org
      fontawesome_icon: rss
    - placeholder: Open to relocation
      url:
      fontawesome_icon: plane
  sections:
    summary:
      - First paragraph.
      - "Second #linebreak() third"
    education:
      - institution: MIT
        area: Physics
        degree: BS
        start_date: 2015
        end_date: 2019-06
        grade: "GPA: 4.0"
    experience:
      - company: Acme
        position: Engineer
        start_date: 2020-01
        highlights:
          - Led things - one part - another part
          - Built more
          - - nested one
            - nested two
    projects:
      - name: Thing
        date: Fall 2023
        location: Remote
    publications:
      - title: A Paper
        authors: [A. One, "***Jane Roe***"]
        doi: 10.1000/xyz
        journal: Journal of Things
        date: 2021-05
    skills:
      - label: Languages
        details: Rust, Go
    honors:
      - bullet: An award
    talks:
      - reversed_number: Last talk
      - reversed_number: First talk
locale:
  language: german
settings:
  current_date: 2024-06-01
"#;
        let (resume, warnings) = load(yaml);
        assert_eq!(resume.language, "de");
        assert_eq!(resume.updated.map(|d| d.to_string()).as_deref(), Some("2024-06-01"));
        assert_eq!(resume.email.as_ref().unwrap().url, "mailto:jane@example.org");
        let urls: Vec<&str> = resume.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "mailto:jr@example.com",
                "https://jane.example.org",
                "https://github.com/jroe",
                "https://blog.example.org"
            ]
        );
        assert_eq!(resume.location.as_ref().unwrap().plain(), "Open to relocation");
        let titles: Vec<String> = resume.sections.iter().map(|s| s.title.plain()).collect();
        assert_eq!(
            titles,
            [
                "Summary",
                "Education",
                "Experience",
                "Projects",
                "Publications",
                "Skills",
                "Honors",
                "Talks"
            ]
        );
        let s = &resume.sections;
        let text: Vec<String> = s[0].text.iter().map(|t| t.plain()).collect();
        assert_eq!(text, ["First paragraph.", "Second", "third"]);

        let mit = &s[1].entries[0];
        assert_eq!(mit.title.plain(), "MIT");
        assert_eq!(mit.degree.as_ref().unwrap().plain(), "BS");
        assert_eq!(mit.subtitle.as_ref().unwrap().plain(), "Physics");
        assert!(matches!(mit.when, Some(When::Range(_, End::Date(_)))));
        assert!(matches!(&mit.body[0], Block::Paragraph(t) if t.plain() == "GPA: 4.0"));

        let acme = &s[2].entries[0];
        assert_eq!(acme.subtitle.as_ref().unwrap().plain(), "Engineer");
        assert!(matches!(acme.when, Some(When::Range(_, End::Present))));
        let Block::Bullets(bullets) = &acme.body[0] else { panic!("no bullets") };
        assert_eq!(bullets[0].text.plain(), "Led things");
        let children: Vec<String> = bullets[0].children.iter().map(|b| b.text.plain()).collect();
        assert_eq!(children, ["one part", "another part"]);
        assert_eq!(bullets[1].children.len(), 2, "a nested list goes under the bullet before it");

        let thing = &s[3].entries[0];
        assert_eq!(thing.when, None);
        assert_eq!(thing.location.as_ref().unwrap().plain(), "Remote · Fall 2023");
        assert!(warnings.iter().any(|w| w.message.contains("`Fall 2023` is not a date")));

        let paper = &s[4].entries[0];
        assert_eq!(paper.subtitle.as_ref().unwrap().plain(), "Journal of Things");
        assert_eq!(paper.url.as_ref().unwrap().url, "https://doi.org/10.1000/xyz");
        assert!(matches!(&paper.body[0], Block::Paragraph(t) if t.plain() == "A. One, Jane Roe"));

        assert_eq!(s[5].rows[0].label.plain(), "Languages");
        assert_eq!(s[6].items[0].plain(), "An award");
        let talks: Vec<String> =
            s[7].rows.iter().map(|r| format!("{} {}", r.label.plain(), r.text.plain())).collect();
        assert_eq!(talks, ["2. Last talk", "1. First talk"]);
    }

    #[test]
    fn a_degree_and_its_area_in_arabic_persian_and_hebrew() {
        let yaml = |language: &str, degree: &str, area: &str| {
            format!(
                "cv:\n  name: A\n  sections:\n    education:\n      - institution: U\n        degree: {degree}\n        area: {area}\nlocale:\n  language: {language}\n"
            )
        };
        // The degree and the area are fields of their own, and the phrase's words between
        // them the résumé's join (tests/rendercv.rs reads the joined line on the page).
        for (language, tag, degree, area, join) in [
            ("english", "en", "BS", "Physics", " in "),
            ("arabic", "ar", "بكالوريوس", "علوم الحاسوب", " في "),
            ("persian", "fa", "کارشناسی", "مهندسی کامپیوتر", "، "),
            ("hebrew", "he", "תואר ראשון", "מדעי המחשב", ", "),
            ("he", "he", "B.Sc.", "Computer Science", ", "),
        ] {
            let (resume, _) = load(&yaml(language, degree, area));
            assert_eq!(resume.language, tag);
            let entry = &resume.sections[0].entries[0];
            assert_eq!(entry.degree.as_ref().map(|t| t.plain()).as_deref(), Some(degree));
            assert_eq!(entry.subtitle.as_ref().map(|t| t.plain()).as_deref(), Some(area));
            assert_eq!(resume.degree_join.as_deref(), Some(join), "{language}");
        }
        // A phrase that is more than words between the two stays the subtitle.
        let odd = format!(
            "{}  phrases:\n    degree_with_area: AREA (DEGREE)\n",
            yaml("en", "BS", "Physics")
        );
        let (resume, _) = load(&odd);
        let entry = &resume.sections[0].entries[0];
        assert_eq!(entry.subtitle.as_ref().map(|t| t.plain()).as_deref(), Some("Physics (BS)"));
        assert_eq!((entry.degree.as_ref(), resume.degree_join.as_ref()), (None, None));
        // A degree alone is the degree, and the file says nothing of joins.
        let (resume, _) = load(&yaml("en", "BS", "").replace("        area: \n", ""));
        let entry = &resume.sections[0].entries[0];
        assert_eq!(entry.degree.as_ref().map(|t| t.plain()).as_deref(), Some("BS"));
        assert_eq!((entry.subtitle.as_ref(), resume.degree_join.as_ref()), (None, None));
    }

    #[test]
    fn odd_keys_are_warnings_that_point_at_them() {
        let yaml = "cv:\n  name: Jane\n  photo: me.jpg\n  nickname: JJ\n  sections:\n    work:\n      - compnay: Acme\n        position: Dev\n        team: Core\n    empty: []\ndesign:\n  theme: sb2nov\n  colours:\n    name: red\n  page:\n    size: a5\nlocale:\n  language: klingon\n";
        let (resume, warnings) = load(yaml);
        assert_eq!(resume.sections[0].entries[0].title.plain(), "Acme", "the misspelt key is read");
        assert_eq!(resume.photo.map(|p| p.path).as_deref(), Some("me.jpg"), "the photo is read");
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        for expected in [
            "2 keys are not RenderCV's and are not read: `nickname`, `team`",
            "unknown key `compnay`, read as `company`",
            "section `Empty` has no entries",
            "design.colours is not used",
            "design.page.size `a5` is not a paper",
            "locale.language `klingon`",
        ] {
            assert!(
                messages.iter().any(|m| m.contains(expected)),
                "no `{expected}` in {messages:#?}"
            );
        }
        assert!(warnings.iter().all(|w| w.span.is_some()), "every warning has a place");
        // A theme is not a warning here: the build decides whether its preset is used.
        assert!(warnings.iter().all(|w| !w.message.contains("design.theme")));
        let colours = warnings.iter().find(|w| w.message.contains("colours")).unwrap();
        assert_eq!(colours.hints, ["did you mean `colors`?"]);
        assert!(warnings.windows(2).all(|w| w[0].span.unwrap().start <= w[1].span.unwrap().start));
    }

    #[test]
    fn wrong_types_are_errors_at_the_value() {
        for (yaml, needle) in [
            ("cv:\n  name: [Jane, Roe]\n", "[Jane"),
            ("cv:\n  name: Jane\n  sections: text\n", "text"),
            (
                "cv:\n  name: Jane\n  sections:\n    work:\n      - company: A\n        highlights: {a: b}\n",
                "{a",
            ),
            ("cv:\n  name: Jane\n  sections:\n    work:\n      - where: A\n", "where"),
            (
                "cv:\n  name: Jane\n  sections:\n    intro:\n      - Hello.\n      - where: A\n",
                "where",
            ),
        ] {
            let source = Source::new("cv.yaml", yaml);
            let error = crate::model::read(&source, None).unwrap_err();
            let span = error.span.unwrap_or_else(|| panic!("{error:?} has no place"));
            assert_eq!(span.start, yaml.find(needle).unwrap(), "{error:?}");
        }
    }

    #[test]
    fn v1_and_2_3_keys_are_read() {
        let yaml = "cv:\n  name: Jane\n  sections:\n    a:\n      - Text.\ndesign:\n  page_size: letterpaper\nlocale:\n  language: fr\nrendercv_settings:\n  date: '2025-02-03'\n  sort_entries: none\nlocale_catalog:\n  month: mois\n";
        let source = Source::new("cv.yaml", yaml);
        let loaded = crate::model::read(&source, None).unwrap();
        assert_eq!(loaded.resume.paper, Some(Paper::Letter));
        assert_eq!(loaded.resume.language, "fr");
        assert_eq!(loaded.resume.updated.map(|d| d.to_string()).as_deref(), Some("2025-02-03"));
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert!(loaded.warnings[0].message.starts_with("locale_catalog: `month` is not used"));
    }
}
