//! Model stage, importing JSON Resume (jsonresume.org, schema 1.x): a `resume.json` → the
//! native raw structs ([`RawResume`]).
//!
//! The file is read with the YAML reader (JSON is YAML's flow syntax) into a spanned tree,
//! which is walked by hand: real files are messy, so the walk repairs what has one obvious
//! meaning (legacy keys, `"endDate": "Present"`, a string where a list belongs) and says so
//! in a warning at its place, while what cannot be repaired is an error at its place. Each
//! value made here is placed where the JSON value it came from is, so the `Builder`'s
//! checks (dates, URLs, e-mail) point into the user's file. JSON Resume has no section
//! titles: they come from the résumé's language ([`Locale`]). Its strings are plain text,
//! so they are escaped into markup ([`markup::escape`]). The mapping is documented in
//! docs/formats.md.

use serde_saphyr::Spanned;

use super::super::load::span_of;
use super::super::locale::{Locale, Title};
use super::super::markup;
use super::super::raw::{
    DateScalar, RawBlock, RawBullet, RawEntry, RawLink, RawResume, RawRow, RawSection, Scalar,
};
use super::super::yaml::parse_json;
use super::tree::{Key, Node, Value, written};
use super::{Imported, listed_names, placed_like};
use crate::diag::{Diagnostic, Source, Span, suggest};

/// The sections, in the order of the schema (the order themes follow unless told otherwise).
const SECTIONS: [(&str, Title); 11] = [
    ("work", Title::Experience),
    ("volunteer", Title::Volunteering),
    ("education", Title::Education),
    ("awards", Title::Awards),
    ("certificates", Title::Certificates),
    ("publications", Title::Publications),
    ("skills", Title::Skills),
    ("languages", Title::Languages),
    ("interests", Title::Interests),
    ("references", Title::References),
    ("projects", Title::Projects),
];

/// The languages whose word for "present" an `endDate` may use, besides English.
const PRESENT_LOCALES: [&str; 24] = [
    "en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja", "ko", "ru", "sv", "pl", "cs", "uk", "tr",
    "vi", "id", "hi", "bn", "th", "ar", "he", "fa",
];

/// Read a JSON Resume file.
pub(crate) fn read(source: &Source, language: Option<&str>) -> Result<Imported, Diagnostic> {
    let root: Value = parse_json(source)?;
    let mut reader = Reader {
        source,
        warnings: Vec::new(),
        errors: Vec::new(),
        ignored: Vec::new(),
        locale: Locale::for_tag(language.unwrap_or("en")),
        language,
    };
    let raw = reader.resume(&root)?;
    reader.say_ignored();
    Ok(Imported {
        raw,
        warnings: reader.warnings,
        errors: reader.errors,
        paper: None,
        degree_join: None,
        preset: None,
    })
}

/// Every text value of a file, in file order, for telling its language.
fn texts(root: &Value) -> impl Iterator<Item = &str> {
    let mut stack = vec![root];
    std::iter::from_fn(move || {
        while let Some(value) = stack.pop() {
            match &value.value {
                Node::Str(text) => return Some(text.as_str()),
                Node::Seq(items) => stack.extend(items.iter().rev()),
                Node::Map(pairs) => stack.extend(pairs.iter().rev().map(|(_, v)| v)),
                _ => {}
            }
        }
        None
    })
}

/// Keys accepted anywhere without a word: extensions (`x-…`), tooling (`_…`, `$schema`),
/// and the `id` and `icon` that editors and themes add.
fn tolerated(key: &str) -> bool {
    key.starts_with("x-")
        || key.starts_with('_')
        || key.starts_with('$')
        || key == "id"
        || key == "icon"
}

// ---------------------------------------------------------------------------------------
// Reading values, with repairs and warnings.

struct Reader<'a> {
    source: &'a Source,
    warnings: Vec<Diagnostic>,
    /// Values of the wrong type, each left out: the reader goes on, so that one run
    /// reports every mistake of the file.
    errors: Vec<Diagnostic>,
    /// Keys cvpdf does not read and that are no misspelling of one it does, with their
    /// places: said in one warning at the end (a file with 42 of them is one thought).
    ignored: Vec<(String, Span)>,
    /// The résumé's language, for section titles and lists.
    locale: &'static Locale,
    /// The language the build asks for (`--language`), over the file's.
    language: Option<&'a str>,
}

/// An object's fields that cvpdf knows.
struct Fields<'j> {
    at: &'j Value,
    pairs: Vec<(&'j Key, &'j Value)>,
}

impl<'j> Fields<'j> {
    /// The value of the first of `names` that is present and not null (legacy names last).
    fn get(&self, names: &[&str]) -> Option<&'j Value> {
        names.iter().find_map(|name| {
            self.pairs
                .iter()
                .find(|(k, v)| k.value.0 == *name && !matches!(v.value, Node::Null))
                .map(|(_, v)| *v)
        })
    }

    fn key(&self, name: &str) -> Option<&'j Key> {
        self.pairs.iter().find(|(k, _)| k.value.0 == name).map(|(k, _)| *k)
    }
}

/// A text value, trimmed, with the JSON value it came from.
struct Str<'j> {
    text: String,
    at: &'j Value,
}

impl Str<'_> {
    /// As one line of markup that prints the text as written.
    fn markup(&self) -> Spanned<Scalar> {
        placed_like(Scalar(markup::escape(&self.text)), self.at)
    }

    /// As written (URLs, e-mail, language tags: not markup).
    fn raw(&self) -> Spanned<Scalar> {
        placed_like(Scalar(self.text.clone()), self.at)
    }
}

/// An `endDate` as written.
enum EndDate {
    Missing,
    /// "Present", "now", "" and the like.
    Present,
    Date(Spanned<DateScalar>),
}

impl<'a> Reader<'a> {
    fn warn(&mut self, diagnostic: Diagnostic) {
        self.warnings.push(diagnostic);
    }

    /// Keep a mistake for the report; what it was about is left out.
    fn fail(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// `result`'s value, or `None` with its mistake kept: a wrong entry is left out and
    /// the next one read.
    fn kept<T>(&mut self, result: Result<Option<T>, Diagnostic>) -> Option<T> {
        result.unwrap_or_else(|mistake| {
            self.fail(mistake);
            None
        })
    }

    /// `value` as an object of `what` ("a `work` entry"), keeping the keys in `known`.
    /// Other keys are ignored with a warning, unless tolerated; `quiet` objects (`meta`,
    /// where themes keep their settings) warn only about near-misses of a known key.
    fn object<'j>(
        &mut self,
        value: &'j Value,
        what: &str,
        known: &[&str],
        quiet: bool,
    ) -> Result<Fields<'j>, Diagnostic> {
        let mut fields = Fields { at: value, pairs: Vec::new() };
        let Node::Map(pairs) = &value.value else {
            self.fail(
                Diagnostic::new(format!(
                    "{what} should be an object (`{{…}}`), not {}",
                    value.value.json_kind()
                ))
                .at(span_of(value)),
            );
            return Ok(fields);
        };
        for (key, v) in pairs {
            if known.contains(&key.value.0.as_str()) {
                fields.pairs.push((key, v));
                continue;
            }
            if tolerated(&key.value.0) {
                continue;
            }
            // `highlightGroups` is a field of its own, not `highlights` misspelt.
            let near = suggest(&key.value.0, known.iter().copied())
                .filter(|near| !extends(&key.value.0, near));
            match near {
                Some(near) => self.warn(
                    Diagnostic::new(format!(
                        "`{}` is not a JSON Resume field of {what}: it is ignored",
                        key.value.0
                    ))
                    .at(span_of(key))
                    .hint(format!("did you mean `{near}`?")),
                ),
                None if quiet => {}
                None => self.ignored.push((key.value.0.clone(), span_of(key))),
            }
        }
        Ok(fields)
    }

    /// One warning for every key ignored, at the first of them.
    fn say_ignored(&mut self) {
        let Some((first, at)) = self.ignored.first() else { return };
        let message = match listed_names(self.ignored.iter().map(|(name, _)| name.as_str())) {
            (1, _) => format!("`{first}` is not a JSON Resume field: it is ignored"),
            (n, listed) => {
                format!("{n} fields are not JSON Resume fields and are ignored: {listed}")
            }
        };
        let mut warning = Diagnostic::new(message).at(*at);
        if self.ignored.len() > 1 {
            warning = warning.hint(format!(
                "the first is here; {} in all (jsonresume.org/schema lists the fields)",
                self.ignored.len()
            ));
        }
        self.warn(warning);
    }

    /// A text field: `None` when absent, null or blank. Numbers are taken as written.
    fn string<'j>(
        &mut self,
        value: Option<&'j Value>,
        key: &str,
    ) -> Result<Option<Str<'j>>, Diagnostic> {
        let Some(value) = value else { return Ok(None) };
        let text = match &value.value {
            Node::Null => return Ok(None),
            Node::Str(s) => s.trim().to_string(),
            Node::Number(_) => written(self.source, value).unwrap_or_default(),
            other => {
                let message = format!("{} should be text, not {}", named(key), other.json_kind());
                self.fail(Diagnostic::new(message).at(span_of(value)));
                return Ok(None);
            }
        };
        Ok((!text.is_empty()).then_some(Str { text, at: value }))
    }

    /// A list field. A single value where the list belongs is read as a list of one, with
    /// a warning at it.
    fn list<'j>(
        &mut self,
        value: Option<&'j Value>,
        key: &str,
    ) -> Result<Vec<&'j Value>, Diagnostic> {
        let Some(value) = value else { return Ok(Vec::new()) };
        match &value.value {
            Node::Null => Ok(Vec::new()),
            Node::Seq(items) => {
                Ok(items.iter().filter(|i| !matches!(i.value, Node::Null)).collect())
            }
            Node::Str(s) if s.trim().is_empty() => Ok(Vec::new()),
            Node::Str(_) | Node::Number(_) | Node::Map(_) => {
                let one = value.value.json_kind();
                self.warn(
                    Diagnostic::new(format!(
                        "`{key}` should be a list: this is {one}, read as a list of one item"
                    ))
                    .at(span_of(value))
                    .hint("write `[…]` around it"),
                );
                Ok(vec![value])
            }
            Node::Bool(_) => {
                self.fail(
                    Diagnostic::new(format!("`{key}` should be a list, not true or false"))
                        .at(span_of(value)),
                );
                Ok(Vec::new())
            }
        }
    }

    /// A list of texts, blank ones left out.
    fn strings<'j>(
        &mut self,
        value: Option<&'j Value>,
        key: &str,
    ) -> Result<Vec<Str<'j>>, Diagnostic> {
        let mut out = Vec::new();
        for item in self.list(value, key)? {
            if let Some(s) = self.string(Some(item), &format!("an item of `{key}`"))? {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// A date: ISO 8601 `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a time after it is dropped
    /// (`2017-12-24T15:53:00`). Anything else is left for the `Builder` to refuse, at
    /// its place.
    fn date(
        &mut self,
        value: Option<&Value>,
        key: &str,
    ) -> Result<Option<Spanned<DateScalar>>, Diagnostic> {
        Ok(self.string(value, key)?.map(|s| {
            let text = match s.text.get(..10) {
                Some(day) if matches!(s.text.as_bytes().get(10), Some(b'T' | b' ')) => day,
                _ => s.text.as_str(),
            };
            placed_like(DateScalar(text.to_string()), s.at)
        }))
    }

    fn end_date(&mut self, value: Option<&Value>, key: &str) -> Result<EndDate, Diagnostic> {
        if value.is_some_and(|v| matches!(&v.value, Node::Str(s) if s.trim().is_empty())) {
            return Ok(EndDate::Present);
        }
        match self.date(value, key)? {
            None => Ok(EndDate::Missing),
            Some(date) if is_present(&date.value.0) => Ok(EndDate::Present),
            Some(date) => Ok(EndDate::Date(date)),
        }
    }

    /// `startDate`/`endDate` (or `date` alone) into an entry. A start without an end is
    /// ongoing, as JSON Resume means it; an end alone is a single date (a graduation).
    fn when(&mut self, f: &Fields, entry: &mut RawEntry) -> Result<(), Diagnostic> {
        let start = self.date(f.get(&["startDate"]), "startDate")?;
        let end = self.end_date(f.get(&["endDate"]), "endDate")?;
        match (start, end) {
            // A range that starts and ends on the same day is that day ("2016-08-24").
            (Some(start), EndDate::Date(end)) if start.value == end.value => entry.date = Some(end),
            (Some(start), EndDate::Date(end)) => {
                entry.start = Some(start);
                entry.end = Some(end);
            }
            (Some(start), EndDate::Missing | EndDate::Present) => {
                let at = f.get(&["endDate"]).unwrap_or(f.at);
                entry.end = Some(placed_like(DateScalar("present".into()), at));
                entry.start = Some(start);
            }
            (None, EndDate::Date(end)) => entry.date = Some(end),
            (None, EndDate::Missing | EndDate::Present) => {}
        }
        Ok(())
    }

    /// Texts joined into one line of markup, placed at the first.
    fn joined(&self, parts: &[Str], separator: &str) -> Option<Spanned<Scalar>> {
        let first = parts.first()?;
        let text: Vec<String> = parts.iter().map(|p| markup::escape(&p.text)).collect();
        Some(placed_like(Scalar(text.join(separator)), first.at))
    }

    /// The separator of a label and its text in the résumé's language.
    fn colon(&self) -> &'static str {
        match self.locale.code {
            "zh" | "zh-Hant" | "ja" => "：",
            _ => ": ",
        }
    }

    /// The separator of a list of words in the résumé's language.
    fn comma(&self) -> &'static str {
        match self.locale.code {
            "zh" | "zh-Hant" | "ja" => "、",
            // Arabic and Persian have a comma of their own, turned for right to left.
            "ar" | "fa" => "، ",
            _ => ", ",
        }
    }

    // -----------------------------------------------------------------------------------
    // The résumé.

    fn resume(&mut self, root: &Value) -> Result<RawResume, Diagnostic> {
        const TOP: [&str; 13] = [
            "basics",
            "work",
            "volunteer",
            "education",
            "awards",
            "certificates",
            "publications",
            "skills",
            "languages",
            "interests",
            "references",
            "projects",
            "meta",
        ];
        refuse_fresh(root)?;
        let top = self.object(root, "the résumé", &TOP, false)?;

        // Meta first: the language decides the section titles.
        let mut language = None;
        let mut updated = None;
        let mut order = None;
        if let Some(meta) = top.get(&["meta"]) {
            const META: [&str; 7] =
                ["canonical", "version", "lastModified", "order", "language", "lang", "x-lang"];
            let meta = self.object(meta, "`meta`", &META, true)?;
            for key in ["canonical", "version"] {
                self.string(meta.get(&[key]), key)?;
            }
            updated = self.date(meta.get(&["lastModified"]), "lastModified")?;
            if let Some(tag) = self.string(meta.get(&["language", "lang", "x-lang"]), "language")?
                && self.language.is_none()
            {
                self.locale = Locale::for_tag(&tag.text);
                language = Some(tag.raw());
            }
            if let Some(value) = meta.get(&["order"]) {
                order = Some(self.order(value)?);
            }
        }

        // A file that does not say its language (and is not built in one): its name's, or
        // its text's.
        if language.is_none()
            && self.language.is_none()
            && let Some((tag, evidence)) = super::language::infer(&self.source.name, texts(root))
        {
            self.locale = Locale::for_tag(tag);
            language = Some(placed_like(Scalar(tag.to_string()), root));
            let from = match evidence {
                super::language::Evidence::Name => "its file's name",
                super::language::Evidence::Text => "its text",
            };
            self.warn(
                Diagnostic::new(format!(
                    "the résumé does not say its language: it is taken as `{tag}`, from {from}"
                ))
                .hint(format!(
                    "add \"meta\": {{ \"language\": \"{tag}\" }} to say so (section titles, dates and hyphenation follow it)"
                )),
            );
        }

        // Without `basics` (the schema's own test files) the résumé is nameless, which the
        // model stage warns about.
        let no_basics = placed_like(Node::Map(Vec::new()), root);
        let mut raw = self.basics(top.get(&["basics"]).unwrap_or(&no_basics))?;
        raw.language = language;
        raw.updated = updated;

        let order = order.unwrap_or_else(|| SECTIONS.iter().map(|(key, _)| *key).collect());
        for (key, _) in SECTIONS {
            if !order.contains(&key)
                && let Some(k) = top.key(key)
                && top.get(&[key]).is_some_and(|v| has_content(&v.value))
            {
                self.warn(
                    Diagnostic::new(format!("`meta.order` leaves out `{key}`: it is not printed"))
                        .at(span_of(k))
                        .hint(format!("add \"{key}\" to `meta.order` to print it")),
                );
            }
        }
        for key in order {
            let Some(&(_, title)) = SECTIONS.iter().find(|(k, _)| *k == key) else { continue };
            let (Some(name), Some(value)) = (top.key(key), top.get(&[key])) else { continue };
            if let Some(section) = self.section(key, title, name, value)? {
                raw.sections.push(section);
            }
        }
        Ok(raw)
    }

    /// `meta.order`: the section keys in the order to print them.
    fn order(&mut self, value: &Value) -> Result<Vec<&'static str>, Diagnostic> {
        let mut order: Vec<&'static str> = Vec::new();
        for item in self.strings(Some(value), "order")? {
            let name = item.text.as_str();
            match SECTIONS.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)) {
                Some((key, _)) if order.contains(key) => self.warn(
                    Diagnostic::new(format!("`{key}` is named twice in `meta.order`"))
                        .at(span_of(item.at)),
                ),
                Some((key, _)) => order.push(key),
                None if name == "basics" || name == "meta" => {}
                None => {
                    let mut warning = Diagnostic::new(format!(
                        "`meta.order` names `{name}`, which is not a JSON Resume section"
                    ))
                    .at(span_of(item.at));
                    if let Some(near) = suggest(name, SECTIONS.iter().map(|(k, _)| *k)) {
                        warning = warning.hint(format!("did you mean `{near}`?"));
                    }
                    self.warn(warning);
                }
            }
        }
        Ok(order)
    }

    fn basics(&mut self, value: &Value) -> Result<RawResume, Diagnostic> {
        const BASICS: [&str; 12] = [
            "name", "label", "image", "picture", "email", "phone", "url", "website", "summary",
            "location", "profiles", "links",
        ];
        let b = self.object(value, "`basics`", &BASICS, false)?;
        let name = match self.string(b.get(&["name"]), "name")? {
            Some(name) => name.markup(),
            None => placed_like(Scalar(String::new()), b.get(&["name"]).unwrap_or(value)),
        };
        let photo = self.string(b.get(&["image", "picture"]), "image")?.map(|i| i.raw());
        let email = self.string(b.get(&["email"]), "email")?.map(|e| {
            let text = e.text.strip_prefix("mailto:").unwrap_or(&e.text).to_string();
            placed_like(Scalar(text), e.at)
        });
        let mut links = Vec::new();
        if let Some(url) = self.string(b.get(&["url", "website"]), "url")? {
            links.push(RawLink { label: None, url: url.raw() });
        }
        for profile in self.list(b.get(&["profiles"]), "profiles")? {
            if let Some(link) = self.profile(profile)? {
                links.push(link);
            }
        }
        for link in self.list(b.get(&["links"]), "links")? {
            if let Some(link) = self.link(link)? {
                links.push(link);
            }
        }
        let summary = self.string(b.get(&["summary"]), "summary")?.map(|s| paragraphs(&s));
        Ok(RawResume {
            name,
            native_name: None,
            headline: self.string(b.get(&["label"]), "label")?.map(|s| s.markup()),
            location: self.location(b.get(&["location"]))?,
            email,
            phone: self.string(b.get(&["phone"]), "phone")?.map(|s| s.markup()),
            links,
            photo,
            language: None,
            keywords: Vec::new(),
            updated: None,
            summary,
            sections: Vec::new(),
            layout: None,
        })
    }

    /// `basics.location` → "address, postalCode city, region, countryCode". A plain string
    /// (older files) is taken as it is.
    fn location(&mut self, value: Option<&Value>) -> Result<Option<Spanned<Scalar>>, Diagnostic> {
        let Some(value) = value else { return Ok(None) };
        if let Node::Str(_) = value.value {
            return Ok(self.string(Some(value), "location")?.map(|s| s.markup()));
        }
        const LOCATION: [&str; 5] = ["address", "postalCode", "city", "countryCode", "region"];
        let l = self.object(value, "`basics.location`", &LOCATION, false)?;
        // The postal code goes with the city: "CA 94115 San Francisco".
        let (mut parts, mut code, mut first) = (Vec::new(), None, None);
        for key in ["address", "postalCode", "city", "region", "countryCode"] {
            let Some(s) = self.string(l.get(&[key]), key)? else { continue };
            first.get_or_insert(s.at);
            let escaped = markup::escape(&s.text);
            match key {
                "postalCode" => code = Some(escaped),
                "city" => parts.push(match code.take() {
                    Some(code) => format!("{code} {escaped}"),
                    None => escaped,
                }),
                _ => {
                    parts.extend(code.take());
                    parts.push(escaped);
                }
            }
        }
        parts.extend(code);
        Ok(first.map(|at| placed_like(Scalar(parts.join(", ")), at)))
    }

    /// A profile → a link labelled "Network: username". Without a `url`, the address is
    /// made for the few networks whose profile URLs are plain (GitHub, GitLab, LinkedIn,
    /// Twitter/X); other profiles without one are left out with a warning.
    fn profile(&mut self, value: &Value) -> Result<Option<RawLink>, Diagnostic> {
        let p = self.object(
            value,
            "a `basics.profiles` entry",
            &["network", "username", "url"],
            false,
        )?;
        let network = self.string(p.get(&["network"]), "network")?;
        let username = self.string(p.get(&["username"]), "username")?;
        let url = match self.string(p.get(&["url"]), "url")? {
            Some(url) => url.raw(),
            None => {
                let made = network.as_ref().zip(username.as_ref()).and_then(|(n, u)| {
                    let base = match n.text.to_lowercase().as_str() {
                        "github" => "https://github.com/",
                        "gitlab" => "https://gitlab.com/",
                        "linkedin" => "https://www.linkedin.com/in/",
                        "twitter" | "x" => "https://x.com/",
                        _ => return None,
                    };
                    Some(placed_like(
                        Scalar(format!("{base}{}", u.text.trim_start_matches('@'))),
                        u.at,
                    ))
                });
                match made {
                    Some(url) => url,
                    None => {
                        self.warn(
                            Diagnostic::new("this profile has no `url`: it is not printed")
                                .at(opening(value)),
                        );
                        return Ok(None);
                    }
                }
            }
        };
        let label = match (&network, &username) {
            (Some(n), Some(u)) => Some(placed_like(
                Scalar(format!("{}: {}", markup::escape(&n.text), markup::escape(&u.text))),
                n.at,
            )),
            (Some(one), None) | (None, Some(one)) => Some(one.markup()),
            (None, None) => None,
        };
        Ok(Some(RawLink { label, url }))
    }

    /// An item of `basics.links`, an array some editors write instead of `profiles`: an
    /// address, or an object with one (`url` or `link`) and what to call it (`label`,
    /// `name`, or its `network` or `type`: "LinkedIn").
    fn link(&mut self, value: &Value) -> Result<Option<RawLink>, Diagnostic> {
        if let Node::Str(_) = value.value {
            return Ok(self
                .string(Some(value), "an item of `links`")?
                .map(|url| RawLink { label: None, url: url.raw() }));
        }
        let known = ["url", "link", "href", "label", "name", "network", "type"];
        let l = self.object(value, "an item of `basics.links`", &known, false)?;
        let Some(url) = self.string(l.get(&["url", "link", "href"]), "url")? else {
            self.warn(
                Diagnostic::new("this link has no `url`: it is not printed").at(opening(value)),
            );
            return Ok(None);
        };
        let label = self.string(l.get(&["label", "name", "network", "type"]), "label")?;
        Ok(Some(RawLink { label: label.map(|l| l.markup()), url: url.raw() }))
    }

    // -----------------------------------------------------------------------------------
    // Sections.

    fn section(
        &mut self,
        key: &str,
        title: Title,
        name: &Key,
        value: &Value,
    ) -> Result<Option<Spanned<RawSection>>, Diagnostic> {
        let mut section = RawSection {
            title: placed_like(Scalar(self.locale.title(title).to_string()), name),
            text: None,
            entries: Vec::new(),
            rows: Vec::new(),
            items: Vec::new(),
            detailed_only: false,
            priority: 0,
        };
        let mut pairs = Vec::new();
        for item in self.list(Some(value), key)? {
            let entry = match key {
                "work" => self.experience(item, "a `work` entry", &WORK, &["name", "company"]),
                "volunteer" => self.experience(
                    item,
                    "a `volunteer` entry",
                    &VOLUNTEER,
                    &["organization", "name"],
                ),
                "education" => self.education(item),
                "awards" => self.award(item),
                "certificates" => self.certificate(item),
                "publications" => self.publication(item),
                "projects" => self.project(item),
                "references" => self.reference(item, &mut section),
                "skills" => self.row(item, "a `skills` entry", "name", &mut pairs),
                "interests" => self.row(item, "an `interests` entry", "name", &mut pairs),
                _ => self.row(item, "a `languages` entry", "language", &mut pairs),
            };
            let entry = self.kept(entry);
            section.entries.extend(entry.map(|e| placed_like(e, item)));
        }
        // Rows when every one has both halves; otherwise items, so that a language without
        // a fluency does not turn into a lone bullet under an aligned table.
        if pairs.iter().all(|(label, text)| label.is_some() && text.is_some()) {
            section.rows = pairs
                .into_iter()
                .filter_map(|(label, text)| Some(RawRow { label: label?, text: text? }))
                .collect();
        } else {
            for pair in pairs {
                section.items.push(match pair {
                    (Some(label), Some(text)) => placed_like(
                        Scalar(format!("{}{}{}", label.value.0, self.colon(), text.value.0)),
                        &label,
                    ),
                    (Some(one), None) | (None, Some(one)) => one,
                    (None, None) => continue,
                });
            }
        }
        let empty =
            section.entries.is_empty() && section.rows.is_empty() && section.items.is_empty();
        Ok((!empty).then(|| placed_like(section, name)))
    }

    /// The entry's title: the first of `names` present, or `None` with a warning (an empty
    /// template entry left in the file is no reason to stop).
    fn title<'j>(
        &mut self,
        f: &Fields<'j>,
        what: &str,
        names: &[&[&str]],
    ) -> Result<Option<(usize, Str<'j>)>, Diagnostic> {
        for (i, keys) in names.iter().enumerate() {
            if let Some(s) = self.string(f.get(keys), keys[0])? {
                return Ok(Some((i, s)));
            }
        }
        let names: Vec<&str> = names.iter().map(|k| k[0]).collect();
        self.left_out(what, &names, f.at);
        Ok(None)
    }

    fn left_out(&mut self, what: &str, names: &[&str], at: &Value) {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        let message = format!("{what} has no {}: it is left out", names.join(" or "));
        self.warn(Diagnostic::new(message).at(opening(at)));
    }

    /// `work` and `volunteer`: title the organisation, subtitle the position (as the
    /// examples do: "ByteDance, Observability").
    fn experience(
        &mut self,
        value: &Value,
        what: &str,
        known: &[&str],
        organisation: &[&str],
    ) -> Result<Option<RawEntry>, Diagnostic> {
        let f = self.object(value, what, known, false)?;
        let Some((which, title)) = self.title(&f, what, &[organisation, &["position"]])? else {
            return Ok(None);
        };
        let mut entry = entry(title.markup());
        if which == 0 {
            entry.subtitle = self.string(f.get(&["position"]), "position")?.map(|s| s.markup());
        }
        entry.location = self.string(f.get(&["location"]), "location")?.map(|s| s.markup());
        entry.url = self.string(f.get(&["url", "website"]), "url")?.map(|s| s.raw());
        self.when(&f, &mut entry)?;
        let description = self.string(f.get(&["description"]), "description")?;
        let summary = self.string(f.get(&["summary"]), "summary")?;
        entry.text = text(&[description.map(|d| italic(&d)), summary.map(|s| paragraphs(&s))]);
        entry.bullets = self.bullets(f.get(&["highlights"]), "highlights")?;
        self.keywords(&f, &mut entry, value)?;
        Ok(Some(entry))
    }

    /// `keywords` of a `work` or `volunteer` entry (an extension many files use, as
    /// `projects` has it): a line in italics after the bullets, as for a project.
    fn keywords(&mut self, f: &Fields, entry: &mut RawEntry, at: &Value) -> Result<(), Diagnostic> {
        let keywords = self.strings(f.get(&["keywords"]), "keywords")?;
        let Some(keywords) = self.joined(&keywords, self.comma()) else { return Ok(()) };
        // The text and bullets go into the body, which keeps the order they come in.
        let mut body = Vec::new();
        if let Some(text) = entry.text.take() {
            body.push(map(text, |t| RawBlock::Paragraph(t.0)));
        }
        if let Some(bullets) = entry.bullets.take() {
            body.push(map(bullets, RawBlock::Bullets));
        }
        let line = format!("*{}*", keywords.value.0);
        body.push(placed_like(RawBlock::Paragraph(line), &keywords));
        entry.body = Some(placed_like(body, at));
        Ok(())
    }

    fn education(&mut self, value: &Value) -> Result<Option<RawEntry>, Diagnostic> {
        const EDUCATION: [&str; 14] = [
            "institution",
            "description",
            "summary",
            "highlights",
            "url",
            "website",
            "area",
            "studyType",
            "startDate",
            "endDate",
            "score",
            "gpa",
            "courses",
            "location",
        ];
        let what = "an `education` entry";
        let f = self.object(value, what, &EDUCATION, false)?;
        let study_type = self.string(f.get(&["studyType"]), "studyType")?;
        let area = self.string(f.get(&["area"]), "area")?;
        let institution = self.string(f.get(&["institution"]), "institution")?;
        let mut entry = match institution {
            // The degree is a field of its own, which a layout may set apart; where it
            // does not, the entry's join puts it before the area, with the comma of the
            // résumé's language (compose).
            Some(institution) => {
                let mut entry = entry(institution.markup());
                entry.degree = study_type.map(|d| d.markup());
                entry.subtitle = area.map(|a| a.markup());
                entry
            }
            // Without an institution, the degree and its area are the entry's title.
            None => {
                let degree: Vec<Str> = [study_type, area].into_iter().flatten().collect();
                // A comma, not a list's separator (Chinese lists with 、, which is
                // Japanese's comma): Arabic's and Persian's own, and after Chinese or
                // Japanese words the full-width one of each (本科，计算机; 学士、情報工学).
                let east_asian =
                    degree.first().and_then(|d| d.text.chars().last()).is_some_and(|c| {
                        matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
                    });
                let comma = match self.locale.code {
                    "ar" | "fa" => "، ",
                    "zh" | "zh-Hant" if east_asian => "，",
                    "ja" if east_asian => "、",
                    _ => ", ",
                };
                match self.joined(&degree, comma) {
                    Some(degree) => entry(degree),
                    None => {
                        self.left_out(what, &["institution", "studyType"], f.at);
                        return Ok(None);
                    }
                }
            }
        };
        let place: Vec<Str> = [
            self.string(f.get(&["location"]), "location")?,
            self.string(f.get(&["score", "gpa"]), "score")?,
        ]
        .into_iter()
        .flatten()
        .collect();
        entry.location = self.joined(&place, " · ");
        entry.url = self.string(f.get(&["url", "website"]), "url")?.map(|s| s.raw());
        self.when(&f, &mut entry)?;
        // A description says what the degree was ("unfinished"): left out, the PDF would
        // claim a finished one.
        let description = self.string(f.get(&["description"]), "description")?;
        let summary = self.string(f.get(&["summary"]), "summary")?;
        entry.text = text(&[description.map(|d| paragraphs(&d)), summary.map(|s| paragraphs(&s))]);
        let highlights = self.bullets(f.get(&["highlights"]), "highlights")?;
        let courses = self.bullets(f.get(&["courses"]), "courses")?;
        entry.bullets = match (highlights, courses) {
            (Some(mut highlights), Some(courses)) => {
                highlights.value.extend(courses.value);
                Some(highlights)
            }
            (one, other) => one.or(other),
        };
        Ok(Some(entry))
    }

    fn award(&mut self, value: &Value) -> Result<Option<RawEntry>, Diagnostic> {
        let what = "an `awards` entry";
        let f = self.object(value, what, &["title", "date", "awarder", "summary"], false)?;
        let Some((which, title)) = self.title(&f, what, &[&["title"], &["awarder"]])? else {
            return Ok(None);
        };
        let mut entry = entry(title.markup());
        if which == 0 {
            entry.subtitle = self.string(f.get(&["awarder"]), "awarder")?.map(|s| s.markup());
        }
        entry.date = self.date(f.get(&["date"]), "date")?;
        entry.text = self.string(f.get(&["summary"]), "summary")?.map(|s| paragraphs(&s));
        Ok(Some(entry))
    }

    fn certificate(&mut self, value: &Value) -> Result<Option<RawEntry>, Diagnostic> {
        let what = "a `certificates` entry";
        let f = self.object(value, what, &["name", "date", "url", "website", "issuer"], false)?;
        let Some((which, title)) = self.title(&f, what, &[&["name"], &["issuer"]])? else {
            return Ok(None);
        };
        let mut entry = entry(title.markup());
        if which == 0 {
            entry.subtitle = self.string(f.get(&["issuer"]), "issuer")?.map(|s| s.markup());
        }
        entry.date = self.date(f.get(&["date"]), "date")?;
        entry.url = self.string(f.get(&["url", "website"]), "url")?.map(|s| s.raw());
        Ok(Some(entry))
    }

    fn publication(&mut self, value: &Value) -> Result<Option<RawEntry>, Diagnostic> {
        let what = "a `publications` entry";
        let known = ["name", "publisher", "releaseDate", "url", "website", "summary"];
        let f = self.object(value, what, &known, false)?;
        let Some((which, title)) = self.title(&f, what, &[&["name"], &["publisher"]])? else {
            return Ok(None);
        };
        let mut entry = entry(title.markup());
        if which == 0 {
            entry.subtitle = self.string(f.get(&["publisher"]), "publisher")?.map(|s| s.markup());
        }
        entry.date = self.date(f.get(&["releaseDate"]), "releaseDate")?;
        entry.url = self.string(f.get(&["url", "website"]), "url")?.map(|s| s.raw());
        entry.text = self.string(f.get(&["summary"]), "summary")?.map(|s| paragraphs(&s));
        Ok(Some(entry))
    }

    /// `projects`: title the project, subtitle the `entity` it was for (as the examples'
    /// "lua-resty-ffi, open-source project"), roles and type on the line under the title.
    fn project(&mut self, value: &Value) -> Result<Option<RawEntry>, Diagnostic> {
        const PROJECT: [&str; 12] = [
            "name",
            "description",
            "highlights",
            "keywords",
            "startDate",
            "endDate",
            "url",
            "website",
            "roles",
            "entity",
            "type",
            "location",
        ];
        let what = "a `projects` entry";
        let f = self.object(value, what, &PROJECT, false)?;
        let Some((which, title)) = self.title(&f, what, &[&["name"], &["entity"]])? else {
            return Ok(None);
        };
        let mut entry = entry(title.markup());
        if which == 0 {
            entry.subtitle = self.string(f.get(&["entity"]), "entity")?.map(|s| s.markup());
        }
        let roles = self.strings(f.get(&["roles"]), "roles")?;
        let roles = self.joined(&roles, self.comma());
        let mut place = Vec::new();
        for key in ["location", "type"] {
            if let Some(s) = self.string(f.get(&[key]), key)? {
                place.push(s);
            }
        }
        let place = self.joined(&place, " · ");
        entry.location = match (roles, place) {
            (Some(r), Some(p)) => {
                Some(placed_like(Scalar(format!("{} · {}", r.value.0, p.value.0)), &r))
            }
            (one, other) => one.or(other),
        };
        entry.url = self.string(f.get(&["url", "website"]), "url")?.map(|s| s.raw());
        self.when(&f, &mut entry)?;
        // Description, highlights, then the keywords in italics: `body` keeps that order.
        let mut body = Vec::new();
        if let Some(description) = self.string(f.get(&["description"]), "description")? {
            let text = paragraphs(&description);
            body.push(map(text, |t| RawBlock::Paragraph(t.0)));
        }
        if let Some(bullets) = self.bullets(f.get(&["highlights"]), "highlights")? {
            body.push(map(bullets, RawBlock::Bullets));
        }
        let keywords = self.strings(f.get(&["keywords"]), "keywords")?;
        if let Some(keywords) = self.joined(&keywords, self.comma()) {
            let text = format!("*{}*", keywords.value.0);
            body.push(placed_like(RawBlock::Paragraph(text), &keywords));
        }
        if !body.is_empty() {
            entry.body = Some(placed_like(body, value));
        }
        Ok(Some(entry))
    }

    /// `references`: the name titles the reference; one without a name is an item.
    fn reference(
        &mut self,
        value: &Value,
        section: &mut RawSection,
    ) -> Result<Option<RawEntry>, Diagnostic> {
        let f = self.object(value, "a `references` entry", &["name", "reference"], false)?;
        let name = self.string(f.get(&["name"]), "name")?;
        let reference = self.string(f.get(&["reference"]), "reference")?;
        Ok(match (name, reference) {
            (Some(name), reference) => {
                let mut entry = entry(name.markup());
                entry.text = reference.map(|r| paragraphs(&r));
                Some(entry)
            }
            (None, Some(reference)) => {
                section.items.push(reference.markup());
                None
            }
            (None, None) => None,
        })
    }

    /// `skills`, `interests` and `languages`: a row "name — keywords (level)"; with only
    /// one of the two, an item.
    fn row(
        &mut self,
        value: &Value,
        what: &str,
        label: &str,
        pairs: &mut Vec<Pair>,
    ) -> Result<Option<RawEntry>, Diagnostic> {
        let known: &[&str] = match label {
            "language" => &["language", "fluency"],
            _ => &["name", "level", "keywords"],
        };
        let f = self.object(value, what, known, false)?;
        let name = self.string(f.get(&[label]), label)?;
        let keywords = self.strings(f.get(&["keywords"]), "keywords")?;
        let keywords = self.joined(&keywords, self.comma());
        let level = self.string(f.get(&["level", "fluency"]), "level")?.map(|s| s.markup());
        let text = match (keywords, level) {
            (Some(k), Some(l)) => {
                Some(placed_like(Scalar(format!("{} ({})", k.value.0, l.value.0)), &k))
            }
            (one, other) => one.or(other),
        };
        if name.is_some() || text.is_some() {
            pairs.push((name.map(|n| n.markup()), text));
        }
        Ok(None)
    }

    fn bullets(
        &mut self,
        value: Option<&Value>,
        key: &str,
    ) -> Result<Option<Spanned<Vec<Spanned<RawBullet>>>>, Diagnostic> {
        let items = self.strings(value, key)?;
        let bullets: Vec<Spanned<RawBullet>> = items
            .iter()
            .map(|s| placed_like(RawBullet::Plain(markup::escape(&s.text)), s.at))
            .collect();
        Ok(match value {
            Some(list) if !bullets.is_empty() => Some(placed_like(bullets, list)),
            _ => None,
        })
    }
}

const WORK: [&str; 12] = [
    "name",
    "company",
    "position",
    "url",
    "website",
    "location",
    "description",
    "startDate",
    "endDate",
    "summary",
    "highlights",
    "keywords",
];

/// `name` too: files written after `work` use it for the organisation.
const VOLUNTEER: [&str; 12] = [
    "organization",
    "name",
    "keywords",
    "position",
    "url",
    "website",
    "location",
    "startDate",
    "endDate",
    "summary",
    "highlights",
    "description",
];

/// FRESH (HackMyResume, FluentCV) is JSON too, with other names for everything
/// (`employment.history`, `contact.email`): read as JSON Resume it would come out empty,
/// so it is refused in plain words, by its `meta.format` or its own top-level keys.
fn refuse_fresh(root: &Value) -> Result<(), Diagnostic> {
    let Node::Map(pairs) = &root.value else { return Ok(()) };
    fn get<'v>(map: &'v [(Key, Value)], name: &str) -> Option<(Span, &'v Value)> {
        map.iter().find(|(k, _)| k.value.0 == name).map(|(k, v)| (span_of(k), v))
    }
    let format = get(pairs, "meta").and_then(|(_, meta)| match &meta.value {
        Node::Map(meta) => get(meta, "format").filter(
            |(_, v)| matches!(&v.value, Node::Str(f) if f.to_ascii_uppercase().starts_with("FRESH")),
        ),
        _ => None,
    });
    const FRESH_ONLY: [&str; 5] = ["employment", "contact", "info", "writing", "recognition"];
    let fresh_key = || match get(pairs, "basics") {
        Some(_) => None,
        None => FRESH_ONLY.iter().find_map(|k| get(pairs, k)),
    };
    let Some((at, _)) = format.or_else(fresh_key) else { return Ok(()) };
    Err(Diagnostic::new(
        "this is a FRESH résumé (HackMyResume, FluentCV), a format cvpdf does not read",
    )
    .at(at)
    .hint("convert it to JSON Resume, which cvpdf reads: `hackmyresume convert in.json out.json`"))
}

/// Whether `key` is `known` (or its singular) with a word added in camelCase:
/// `highlightGroups` extends `highlights`.
fn extends(key: &str, known: &str) -> bool {
    let stem = known.strip_suffix('s').unwrap_or(known);
    key.strip_prefix(stem).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// A spanned value turned into another, in the same place.
fn map<T, U>(spanned: Spanned<T>, f: impl FnOnce(T) -> U) -> Spanned<U> {
    Spanned::new(f(spanned.value), spanned.referenced, spanned.defined)
}

/// A key as messages name it: `position`; "an item of `highlights`" stays as it is.
fn named(key: &str) -> String {
    if key.contains('`') { key.to_string() } else { format!("`{key}`") }
}

/// Whether a value holds anything (a section left as `[]` or `""` does not).
fn has_content(value: &Node) -> bool {
    match value {
        Node::Null => false,
        Node::Seq(items) => !items.is_empty(),
        Node::Map(pairs) => !pairs.is_empty(),
        Node::Str(s) => !s.trim().is_empty(),
        Node::Bool(_) | Node::Number(_) => true,
    }
}

/// A row's label and text, either of which may be missing.
type Pair = (Option<Spanned<Scalar>>, Option<Spanned<Scalar>>);

/// Where a value starts: one character, for values that span many lines.
fn opening<T>(value: &Spanned<T>) -> Span {
    Span::new(span_of(value).start, 1)
}

fn entry(title: Spanned<Scalar>) -> RawEntry {
    RawEntry {
        title,
        subtitle: None,
        degree: None,
        location: None,
        date: None,
        start: None,
        end: None,
        url: None,
        text: None,
        bullets: None,
        body: None,
        tags: Vec::new(),
        detailed_only: false,
        priority: None,
    }
}

/// Whether an `endDate` says the work goes on: "Present" in any case, "now", "current",
/// or the word for it in a language cvpdf knows ("heute", "至今").
fn is_present(text: &str) -> bool {
    let text = text.trim().to_lowercase().replace('\'', "’");
    ["present", "now", "current", "ongoing", "today"].contains(&text.as_str())
        || PRESENT_LOCALES.iter().any(|tag| Locale::for_tag(tag).present.to_lowercase() == text)
}

/// A plain text whose lines are paragraphs: a JSON string has no other way to write a
/// line break, and a single `\n` in one almost always means a new line, not a space.
fn paragraphs(s: &Str) -> Spanned<Scalar> {
    let lines: Vec<String> =
        s.text.lines().map(str::trim).filter(|line| !line.is_empty()).map(markup::escape).collect();
    placed_like(Scalar(lines.join("\n\n")), s.at)
}

/// A one-paragraph text in italics (a company's description above what was done there).
fn italic(s: &Str) -> Spanned<Scalar> {
    let words: Vec<&str> = s.text.split_whitespace().collect();
    placed_like(Scalar(format!("*{}*", markup::escape(&words.join(" ")))), s.at)
}

/// Paragraph texts joined into one field, placed at the first.
fn text(parts: &[Option<Spanned<Scalar>>]) -> Option<Spanned<Scalar>> {
    let present: Vec<&Spanned<Scalar>> = parts.iter().flatten().collect();
    let first = present.first()?;
    let joined: Vec<&str> = present.iter().map(|p| p.value.0.as_str()).collect();
    Some(placed_like(Scalar(joined.join("\n\n")), first))
}

#[cfg(test)]
mod tests {
    use crate::diag::{Diagnostic, Severity, Source};
    use crate::model::{Block, Date, End, Format, Loaded, Resume, Text, When, read};

    fn source(json: &str) -> Source {
        Source::new("cv.json", json)
    }

    fn load(json: &str) -> Loaded {
        let source = source(json);
        read(&source, Some(Format::Jsonresume))
            .unwrap_or_else(|d| panic!("{}", source.report(&d, Severity::Error)))
    }

    /// The warnings as (message, byte offset of their place).
    fn warnings(json: &str) -> Vec<(String, usize)> {
        let loaded = load(json);
        let place = |d: &Diagnostic| d.span.expect("every warning has a place").start;
        loaded.warnings.iter().map(|d| (d.message.clone(), place(d))).collect()
    }

    /// The error's message and the byte offset of its place.
    fn error(json: &str) -> (String, usize) {
        let d = read(&source(json), Some(Format::Jsonresume)).expect_err("an error");
        (d.message, d.span.expect("the error has a place").start)
    }

    /// The byte offset of `needle` in `json`, to compare places with.
    fn at(json: &str, needle: &str) -> usize {
        json.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in the test's JSON"))
    }

    fn with_work(work: &str) -> String {
        format!("{{\"basics\": {{\"name\": \"Ada\"}},\n\"work\": [{work}]}}")
    }

    fn paragraphs(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(t) => Some(t.plain()),
                Block::Bullets(_) => None,
            })
            .collect()
    }

    fn bullets(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .flat_map(|b| match b {
                Block::Bullets(list) => list.iter().map(|b| b.text.plain()).collect(),
                Block::Paragraph(_) => Vec::new(),
            })
            .collect()
    }

    fn titles(resume: &Resume) -> Vec<String> {
        resume.sections.iter().map(|s| s.title.plain()).collect()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn work_is_titled_by_the_organisation() {
        let resume = load(&with_work(
            r#"{"name": "Pied Piper", "position": "CEO", "location": "Palo Alto, CA",
                "description": "Compression company", "url": "http://piedpiper.example.com",
                "startDate": "2013-12-01", "endDate": "2014-12-01", "summary": "Built it.",
                "highlights": ["Won Disrupt", "Middle-out"]}"#,
        ))
        .resume;
        let section = &resume.sections[0];
        assert_eq!(section.title.plain(), "Experience");
        let entry = &section.entries[0];
        assert_eq!(entry.title.plain(), "Pied Piper");
        assert_eq!(entry.subtitle.as_ref().map(Text::plain).as_deref(), Some("CEO"));
        assert_eq!(entry.location.as_ref().map(Text::plain).as_deref(), Some("Palo Alto, CA"));
        assert_eq!(entry.url.as_ref().unwrap().url, "http://piedpiper.example.com");
        let when = When::Range(date("2013-12-01"), End::Date(date("2014-12-01")));
        assert_eq!(entry.when, Some(when));
        assert_eq!(paragraphs(&entry.body), ["Compression company", "Built it."]);
        let Block::Paragraph(description) = &entry.body[0] else { panic!() };
        assert!(description.spans.iter().all(|s| s.italic), "the description is in italics");
        assert_eq!(bullets(&entry.body), ["Won Disrupt", "Middle-out"]);
    }

    #[test]
    fn position_alone_titles_the_entry_and_an_untitled_one_is_left_out_with_a_warning() {
        let json = with_work(r#"{"position": "Consultant"}, {"startDate": "2014"}"#);
        let resume = load(&json).resume;
        assert_eq!(resume.sections[0].entries.len(), 1);
        assert_eq!(resume.sections[0].entries[0].title.plain(), "Consultant");
        assert_eq!(resume.sections[0].entries[0].subtitle, None);
        let w = warnings(&json);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].0.contains("has no `name` or `position`"), "{w:?}");
        assert_eq!(w[0].1, at(&json, r#"{"startDate""#));
    }

    #[test]
    fn legacy_keys_are_read_without_a_word() {
        let json = r#"{"basics": {"name": "Ada", "website": "ada.example.org"},
            "work": [{"company": "Acme", "website": "https://acme.example.com",
                      "position": "Dev"}],
            "education": [{"institution": "MIT", "gpa": "3.9"}]}"#;
        let loaded = load(json);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let resume = loaded.resume;
        assert_eq!(resume.links[0].url, "https://ada.example.org");
        let entry = &resume.sections[0].entries[0];
        assert_eq!(entry.title.plain(), "Acme");
        assert_eq!(entry.url.as_ref().unwrap().url, "https://acme.example.com");
        let school = &resume.sections[1].entries[0];
        assert_eq!(school.location.as_ref().map(Text::plain).as_deref(), Some("3.9"));
    }

    #[test]
    fn an_image_or_picture_is_the_photo_and_an_empty_one_is_none() {
        for json in [
            r#"{"basics": {"name": "Ada", "picture": "me.jpg"}}"#,
            r#"{"basics": {"name": "Ada", "image": " me.jpg "}}"#,
        ] {
            assert!(warnings(json).is_empty(), "{json}");
            let resume = crate::model::read(&Source::new("r.json", json), None).unwrap().resume;
            let photo = resume.photo.unwrap();
            assert_eq!(photo.path, "me.jpg");
            assert_eq!(&json[photo.span.start..photo.span.start + 1], "\"", "at the value");
        }
        let json = r#"{"basics": {"name": "Ada", "image": ""}}"#;
        assert!(warnings(json).is_empty());
        let resume = crate::model::read(&Source::new("r.json", json), None).unwrap().resume;
        assert_eq!(resume.photo, None);
    }

    #[test]
    fn present_in_any_spelling_and_an_open_end() {
        for end in [
            r#""Present""#,
            r#""present""#,
            r#""PRESENT""#,
            r#""now""#,
            r#""""#,
            "null",
            r#""heute""#,
            r#""至今""#,
            r#""aujourd'hui""#,
            r#""حتى الآن""#,
            r#""היום""#,
            r#""تاکنون""#,
        ] {
            let json =
                with_work(&format!(r#"{{"name": "A", "startDate": "2019-03", "endDate": {end}}}"#));
            let entry = &load(&json).resume.sections[0].entries[0];
            assert_eq!(entry.when, Some(When::Range(date("2019-03"), End::Present)), "{end}");
        }
        let json = with_work(r#"{"name": "A", "startDate": "2019-03"}"#);
        let entry = &load(&json).resume.sections[0].entries[0];
        assert_eq!(entry.when, Some(When::Range(date("2019-03"), End::Present)));
    }

    #[test]
    fn an_end_alone_is_a_date_and_a_one_day_range_is_that_day() {
        let json = with_work(
            r#"{"name": "A", "endDate": "2015-09"},
               {"name": "B", "startDate": "2016-08-24", "endDate": "2016-08-24"},
               {"name": "C", "startDate": "2021-04-01T00:00:00.000Z", "endDate": 2022}"#,
        );
        let resume = load(&json).resume;
        let when: Vec<_> = resume.sections[0].entries.iter().map(|e| e.when).collect();
        assert_eq!(
            when,
            [
                Some(When::Single(date("2015-09"))),
                Some(When::Single(date("2016-08-24"))),
                Some(When::Range(date("2021-04-01"), End::Date(date("2022")))),
            ]
        );
    }

    #[test]
    fn a_bad_date_is_an_error_at_the_value() {
        let json = with_work(r#"{"name": "A", "startDate": "2019", "endDate": "June 2020"}"#);
        let (message, place) = error(&json);
        assert!(message.contains("`June 2020` is not a date"), "{message}");
        assert_eq!(place, at(&json, r#""June"#));
    }

    #[test]
    fn a_string_for_a_list_is_a_list_of_one_with_a_warning_at_it() {
        let json = with_work(r#"{"name": "A", "highlights": "Shipped it"}"#);
        let resume = load(&json).resume;
        assert_eq!(bullets(&resume.sections[0].entries[0].body), ["Shipped it"]);
        let w = warnings(&json);
        assert_eq!(w.len(), 1);
        assert!(w[0].0.contains("`highlights` should be a list"), "{w:?}");
        assert_eq!(w[0].1, at(&json, r#""Shipped"#));
    }

    #[test]
    fn unknown_keys_warn_with_a_suggestion_and_extensions_are_silent() {
        let json = with_work(
            r#"{"name": "A", "id": 7, "icon": "x", "_id": "y", "x-note": {"a": [1]},
                "$comment": "z", "hightlights": ["b"], "colour": "red"}"#,
        );
        let w = warnings(&json);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].0.contains("`hightlights` is not a JSON Resume field"), "{w:?}");
        assert_eq!(w[0].1, at(&json, r#""hightlights""#));
        assert!(w[1].0.contains("`colour`"), "{w:?}");
        let source = source(&json);
        let loaded = load(&json);
        let hint = &loaded.warnings[0].hints;
        assert_eq!(hint, &["did you mean `highlights`?"]);
        assert!(source.report(&loaded.warnings[1], Severity::Warning).rendered.contains("colour"));
        // Themes keep their settings in `meta`: only a near miss of a known key is worth a word.
        let json = r#"{"basics": {"name": "A"}, "meta": {"theme": "even", "lastModifed": "2020"}}"#;
        let w = warnings(json);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].0.contains("lastModifed"), "{w:?}");
    }

    #[test]
    fn an_object_for_text_is_an_error_at_the_value() {
        let json = with_work(r#"{"name": "A", "position": {"en": "Dev"}}"#);
        let (message, place) = error(&json);
        assert_eq!(message, "`position` should be text, not an object");
        assert_eq!(place, at(&json, r#"{"en""#));
        let json = r#"{"basics": {"name": ["A", "B"]}}"#;
        let (message, place) = error(json);
        assert_eq!(message, "`name` should be text, not a list");
        assert_eq!(place, at(json, r#"["A""#));
        let json = with_work(r#"{"name": "A", "highlights": ["ok", {"text": "no"}]}"#);
        let (message, place) = error(&json);
        assert_eq!(message, "an item of `highlights` should be text, not an object");
        assert_eq!(place, at(&json, r#"{"text""#));
        let (message, _) = error(r#"{"basics": "Ada"}"#);
        assert_eq!(message, "`basics` should be an object (`{…}`), not text");
    }

    #[test]
    fn a_resume_without_a_name_or_basics_builds_and_warns() {
        for json in [r#"{"basics": {"label": "Dev"}}"#, r#"{"work": [{"name": "Acme"}]}"#] {
            let loaded = load(json);
            assert_eq!(loaded.resume.name.plain(), "");
            let said: Vec<&str> = loaded.warnings.iter().map(|w| w.message.as_str()).collect();
            assert_eq!(said, ["the résumé has no name: it is built without one"], "{json}");
        }
    }

    #[test]
    fn fresh_is_refused_in_plain_words() {
        for (json, place) in [
            (r#"{"name": "A", "meta": {"format": "FRESH@0.6.0"}}"#, r#""format""#),
            (r#"{"name": "A", "employment": {"history": []}}"#, r#""employment""#),
        ] {
            let (message, at_) = error(json);
            assert!(message.starts_with("this is a FRESH résumé"), "{message}");
            assert_eq!(at_, at(json, place));
        }
        // JSON Resume with a FRESH-like key of its own is read.
        load(r#"{"basics": {"name": "A"}, "contact": {}}"#);
    }

    #[test]
    fn extension_fields_are_read() {
        let json = r#"{"basics": {"name": "A", "links": ["https://a.example",
                {"type": "LinkedIn", "link": "https://linkedin.com/in/a"}]},
            "work": [{"name": "Acme", "highlights": ["Shipped"], "keywords": ["Rust", "Go"]}],
            "volunteer": [{"name": "Food Bank", "position": "Driver"}],
            "education": [{"institution": "MSU", "studyType": "BSc",
                "description": "Unfinished degree", "highlights": ["Prize"], "courses": ["C1"]}]}"#;
        let resume = load(json).resume;
        let links: Vec<(String, &str)> =
            resume.links.iter().map(|l| (l.label.plain(), l.url.as_str())).collect();
        assert_eq!(
            links,
            [
                ("a.example".into(), "https://a.example"),
                ("LinkedIn".into(), "https://linkedin.com/in/a")
            ]
        );
        let work = &resume.sections[0].entries[0];
        assert_eq!(bullets(&work.body), ["Shipped"]);
        assert_eq!(paragraphs(&work.body), ["Rust, Go"], "the keywords come after the bullets");
        assert!(matches!(work.body.last(), Some(Block::Paragraph(_))));
        let volunteer = &resume.sections[1].entries[0];
        assert_eq!(volunteer.title.plain(), "Food Bank");
        let education = &resume.sections[2].entries[0];
        assert_eq!(paragraphs(&education.body), ["Unfinished degree"]);
        assert_eq!(bullets(&education.body), ["Prize", "C1"]);
    }

    #[test]
    fn unknown_fields_are_one_warning_and_extensions_no_misspelling() {
        let json = r#"{"basics": {"name": "A", "nickname": "a", "pronouns": "they"},
            "work": [{"name": "X", "highlightGroups": [{"title": "t"}], "team": "B"},
                     {"name": "Y", "team": "C", "hightlights": ["z"]}]}"#;
        let w = warnings(json);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].0.contains("`hightlights` is not a JSON Resume field"), "{w:?}");
        assert_eq!(
            w[1].0,
            "4 fields are not JSON Resume fields and are ignored: `nickname`, `pronouns`, \
             `highlightGroups`, `team`"
        );
        assert_eq!(w[1].1, at(json, r#""nickname""#));
    }

    #[test]
    fn plain_text_prints_as_written_and_urls_still_link() {
        let json = with_work(
            r#"{"name": "C++ *nix `x` [a](b) <c> \\ **d**", "highlights": ["see https://x.org/a_(b) or a_b@x.org"]}"#,
        );
        let entry = &load(&json).resume.sections[0].entries[0];
        assert_eq!(entry.title.plain(), r"C++ *nix `x` [a](b) <c> \ **d**");
        assert!(
            entry.title.spans.iter().all(|s| !s.bold && !s.italic && !s.code && s.link.is_none())
        );
        let Block::Bullets(list) = &entry.body[0] else { panic!() };
        let links: Vec<_> = list[0].text.spans.iter().filter_map(|s| s.link.as_deref()).collect();
        assert_eq!(links, ["https://x.org/a_(b)", "mailto:a_b@x.org"]);
    }

    #[test]
    fn a_newline_in_a_summary_starts_a_paragraph() {
        let json = r#"{"basics": {"name": "A", "summary": "One.\nTwo.\r\n\r\nThree.\n"},
            "work": [{"name": "B", "summary": "Four.\nFive.", "highlights": ["Six\nSeven"]}]}"#;
        let resume = load(json).resume;
        let summary: Vec<String> = resume.summary.iter().map(Text::plain).collect();
        assert_eq!(summary, ["One.", "Two.", "Three."]);
        let entry = &resume.sections[0].entries[0];
        assert_eq!(paragraphs(&entry.body), ["Four.", "Five."]);
        assert_eq!(bullets(&entry.body), ["Six Seven"]);
    }

    #[test]
    fn the_language_comes_from_meta_and_titles_the_sections() {
        for (meta, tag) in [
            (r#""language": "de""#, "de"),
            (r#""lang": "de-AT""#, "de-AT"),
            (r#""x-lang": "de""#, "de"),
        ] {
            let json = format!(
                r#"{{"basics": {{"name": "A"}}, "work": [{{"name": "B"}}], "skills": [{{"name": "C", "keywords": ["D"]}}], "meta": {{{meta}}}}}"#
            );
            let resume = load(&json).resume;
            assert_eq!(resume.language, tag);
            assert_eq!(titles(&resume), ["Berufserfahrung", "Kenntnisse"]);
        }
        let resume = load(r#"{"basics": {"name": "A"}, "work": [{"name": "B"}]}"#).resume;
        assert_eq!(resume.language, "en-US");
        let (message, _) = error(r#"{"basics": {"name": "A"}, "meta": {"language": "Deutsch!"}}"#);
        assert!(message.contains("is not a language tag"), "{message}");
    }

    #[test]
    fn sections_follow_the_schema_unless_meta_order_says_otherwise() {
        let body = r#""basics": {"name": "A"}, "projects": [{"name": "P"}],
            "education": [{"institution": "E"}], "work": [{"name": "W"}], "awards": []"#;
        let resume = load(&format!("{{{body}}}")).resume;
        assert_eq!(titles(&resume), ["Experience", "Education", "Projects"]);
        let json =
            format!("{{{body},\n\"meta\": {{\"order\": [\"projects\", \"wrok\", \"work\"]}}}}");
        let resume = load(&json).resume;
        assert_eq!(titles(&resume), ["Projects", "Experience"]);
        // The empty `awards` is no loss, so no warning for it.
        let w = warnings(&json);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].0.contains("names `wrok`, which is not a JSON Resume section"), "{w:?}");
        assert_eq!(w[0].1, at(&json, r#""wrok""#));
        assert!(w[1].0.contains("`meta.order` leaves out `education`"), "{w:?}");
        assert_eq!(w[1].1, at(&json, r#""education""#));
    }

    #[test]
    fn the_header_takes_location_profiles_and_numbers_as_written() {
        let json = r#"{"basics": {"name": "A", "label": "Dev", "email": "mailto:a@x.org",
            "phone": 4915123456789, "url": "https://a.example.org",
            "location": {"address": "2712 Broadway St", "postalCode": "CA 94115",
                         "city": "San Francisco", "countryCode": "US", "region": "California"},
            "profiles": [{"network": "GitHub", "username": "ada"},
                         {"network": "Mastodon", "username": "ada", "url": "https://m.example/@ada"},
                         {"url": "https://x.example/ada"},
                         {"network": "Myspace", "username": "ada"}]},
            "education": [{"institution": "OU", "score": 4.0}]}"#;
        let loaded = load(json);
        let resume = loaded.resume;
        assert_eq!(resume.headline.as_ref().map(Text::plain).as_deref(), Some("Dev"));
        assert_eq!(resume.email.as_ref().unwrap().url, "mailto:a@x.org");
        assert_eq!(resume.phone.as_ref().map(Text::plain).as_deref(), Some("4915123456789"));
        assert_eq!(
            resume.location.as_ref().map(Text::plain).as_deref(),
            Some("2712 Broadway St, CA 94115 San Francisco, California, US")
        );
        let links: Vec<(String, &str)> =
            resume.links.iter().map(|l| (l.label.plain(), l.url.as_str())).collect();
        assert_eq!(
            links,
            [
                ("a.example.org".to_string(), "https://a.example.org"),
                ("GitHub: ada".to_string(), "https://github.com/ada"),
                ("Mastodon: ada".to_string(), "https://m.example/@ada"),
                ("x.example/ada".to_string(), "https://x.example/ada"),
            ]
        );
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert!(loaded.warnings[0].message.contains("no `url`"));
        let school = &resume.sections[0].entries[0];
        assert_eq!(school.location.as_ref().map(Text::plain).as_deref(), Some("4.0"));
        let resume = load(r#"{"basics": {"name": "A", "location": "Berlin"}}"#).resume;
        assert_eq!(resume.location.as_ref().map(Text::plain).as_deref(), Some("Berlin"));
    }

    #[test]
    fn an_arabic_file_gets_arabic_titles_and_commas() {
        let json = r#"{"basics": {"name": "A"}, "meta": {"language": "ar-EG"},
            "work": [{"name": "B"}],
            "education": [{"institution": "E", "studyType": "بكالوريوس", "area": "علوم الحاسوب"}],
            "skills": [{"name": "C", "keywords": ["Go", "Rust"]}]}"#;
        let resume = load(json).resume;
        assert_eq!(titles(&resume), ["الخبرة العملية", "التعليم", "المهارات"]);
        // The degree a field of its own, which the entry's join puts before the area with
        // Arabic's comma (tests/jsonresume.rs reads it on the page).
        let school = &resume.sections[1].entries[0];
        assert_eq!(school.degree.as_ref().map(Text::plain).as_deref(), Some("بكالوريوس"));
        assert_eq!(school.subtitle.as_ref().map(Text::plain).as_deref(), Some("علوم الحاسوب"));
        assert_eq!(resume.degree_join, None);
        // Without an institution, the two are the title, with that comma.
        let resume = load(&json.replace(r#""institution": "E", "#, "")).resume;
        let title = resume.sections[1].entries[0].title.plain();
        assert_eq!(title, "بكالوريوس، علوم الحاسوب");
        assert_eq!(resume.sections[2].rows[0].text.plain(), "Go، Rust");
        // Hebrew writes the Latin comma.
        let resume = load(&json.replace("ar-EG", "he")).resume;
        assert_eq!(titles(&resume), ["ניסיון תעסוקתי", "השכלה", "כישורים"]);
        assert_eq!(resume.sections[2].rows[0].text.plain(), "Go, Rust");
    }

    #[test]
    fn skills_languages_and_interests_are_rows_or_items() {
        let json = r#"{"basics": {"name": "A"},
            "skills": [{"name": "Web", "level": "Master", "keywords": ["HTML", "CSS"]},
                       {"name": "Ops", "keywords": "Nix"}],
            "languages": [{"language": "English", "fluency": "Native"}, {"language": "Igbo"}],
            "interests": [{"name": "Cycling"}]}"#;
        let resume = load(json).resume;
        let rows: Vec<(String, String)> =
            resume.sections[0].rows.iter().map(|r| (r.label.plain(), r.text.plain())).collect();
        assert_eq!(
            rows,
            [
                ("Web".to_string(), "HTML, CSS (Master)".to_string()),
                ("Ops".to_string(), "Nix".to_string())
            ]
        );
        let items: Vec<String> = resume.sections[1].items.iter().map(Text::plain).collect();
        assert_eq!(items, ["English: Native", "Igbo"]);
        let items: Vec<String> = resume.sections[2].items.iter().map(Text::plain).collect();
        assert_eq!(items, ["Cycling"]);
    }

    #[test]
    fn the_other_sections_map_to_entries() {
        let json = r#"{"basics": {"name": "A"},
            "volunteer": [{"organization": "CoderDojo", "position": "Teacher", "startDate": "2012", "endDate": "2013"}],
            "awards": [{"title": "Pioneer", "awarder": "Techcrunch", "date": "2014-11-01", "summary": "No spoon."}],
            "certificates": [{"name": "AWS SA", "issuer": "Amazon", "date": "2019-03", "url": "https://aws.example"}],
            "publications": [{"name": "Video", "publisher": "Hooli", "releaseDate": "2014-10-01", "summary": "Middle-out."}],
            "references": [{"name": "Erlich", "reference": "Fine."}, {"reference": "Anonymous praise."}],
            "projects": [{"name": "Miss Direction", "entity": "Smoogle", "roles": ["Lead", "Designer"],
                          "type": "application", "description": "A map.", "highlights": ["Won"],
                          "keywords": ["Maps", "JS"], "startDate": "2016-08"}]}"#;
        let resume = load(json).resume;
        assert_eq!(
            titles(&resume),
            ["Volunteering", "Awards", "Certificates", "Publications", "References", "Projects"]
        );
        let heads: Vec<(String, Option<String>)> = resume
            .sections
            .iter()
            .flat_map(|s| &s.entries)
            .map(|e| (e.title.plain(), e.subtitle.as_ref().map(Text::plain)))
            .collect();
        let expected = [
            ("CoderDojo", Some("Teacher")),
            ("Pioneer", Some("Techcrunch")),
            ("AWS SA", Some("Amazon")),
            ("Video", Some("Hooli")),
            ("Erlich", None),
            ("Miss Direction", Some("Smoogle")),
        ];
        let expected: Vec<(String, Option<String>)> =
            expected.iter().map(|(t, s)| (t.to_string(), s.map(str::to_string))).collect();
        assert_eq!(heads, expected);
        assert_eq!(resume.sections[1].entries[0].when, Some(When::Single(date("2014-11-01"))));
        assert_eq!(resume.sections[4].items[0].plain(), "Anonymous praise.");
        let project = &resume.sections[5].entries[0];
        assert_eq!(
            project.location.as_ref().map(Text::plain).as_deref(),
            Some("Lead, Designer · application")
        );
        assert_eq!(paragraphs(&project.body), ["A map.", "Maps, JS"]);
        assert!(matches!(project.body[1], Block::Bullets(_)), "highlights before keywords");
        assert_eq!(project.when, Some(When::Range(date("2016-08"), End::Present)));
    }

    #[test]
    fn last_modified_is_the_updated_date() {
        let json = r#"{"basics": {"name": "A"}, "meta": {"lastModified": "2017-12-24T15:53:00"}}"#;
        assert_eq!(load(json).resume.updated, Some(date("2017-12-24")));
    }

    #[test]
    fn a_byte_order_mark_does_not_shift_places() {
        let json = "\u{feff}{\"basics\": {\"name\": \"A\"},\n\"work\": [{\"name\": \"B\", \"startDate\": \"2019-13\"}]}";
        let (message, place) = error(json);
        assert!(message.contains("month 13"), "{message}");
        assert_eq!(place, at(json, "\"2019-13"));
        let json = "\u{feff}{\"basics\": {\"name\": \"A\"} \"x\": 1}";
        let (message, place) = error(json);
        assert_eq!(message, "this is not JSON: expected `,` or `}`");
        assert_eq!(place, at(json, "\"x\""));
    }
}
