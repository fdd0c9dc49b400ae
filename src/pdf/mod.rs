//! PDF stage: laid-out [`Document`] + [`Meta`] → PDF bytes, written with krilla: a
//! tagged PDF (PDF/UA-1 by default, PDF/A on request, each checked by krilla as it
//! writes), subset fonts with ToUnicode, borderless links, a nested outline, Info and
//! XMP metadata, attached source files, small objects packed into object streams.
//!
//! The pages are drawn by page.rs, which marks their text for the structure tree
//! (structure.rs, language.rs); pack.rs packs the finished file. Nothing here measures
//! or moves text; every glyph arrives positioned. The output is a pure function of the
//! input: no clock is read (dates come from `SOURCE_DATE_EPOCH`).
//!
//! With the `threads` feature, krilla compresses each finished page's content stream on
//! rayon's pool while the next page is drawn (a fifth of the stage for Luo): the pool
//! the calling thread runs in, else the global one. The library configures no pool. The
//! binary runs it on its main thread as one of the pool's, so the pages still waiting
//! when krilla finishes the file are compressed on that thread too, beside the pool's
//! other; without the feature (WebAssembly), krilla compresses each page as it is
//! finished.
//! Pages that wait for the worker are at most the uncompressed contents of the résumé,
//! some 35 KB a page.

pub mod attached;
mod language;
mod pack;
mod page;
mod photo;
mod structure;

use krilla::Document as PdfDocument;
use krilla::SerializeSettings;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::embed::EmbedError;
use krilla::error::KrillaError;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;

use crate::compose::{Mark, Meta};
use crate::font::FontBook;
use crate::model::markup::ascii_url;
use crate::paginate::{Document, Page};
use page::Painter;
use structure::Structure;

/// A moment for the PDF's creation date, in seconds since 1970 (UTC).
pub type Timestamp = i64;

/// The standards a PDF claims to meet; krilla checks each as it writes the file, and
/// fails rather than write a false claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// Tagged, with no claim.
    Tagged,
    /// PDF/UA-1: tagged and accessible (the default).
    #[default]
    Ua1,
    /// PDF/A-2b (archival: it looks the same forever), with PDF/UA-1.
    A2b,
    /// PDF/A-2a (archival and tagged), with PDF/UA-1.
    A2a,
    /// PDF/A-3b: as PDF/A-2b, and files may be attached (the résumé's source).
    A3b,
    /// PDF/A-3a: as PDF/A-2a, and files may be attached.
    A3a,
}

impl Standard {
    /// Every standard with its name on the command line.
    pub const NAMES: [(&'static str, Standard); 6] = [
        ("ua-1", Standard::Ua1),
        ("a-2b", Standard::A2b),
        ("a-2a", Standard::A2a),
        ("a-3b", Standard::A3b),
        ("a-3a", Standard::A3a),
        ("none", Standard::Tagged),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, s)| *s == self).map_or("none", |(name, _)| name)
    }

    /// How it is called in messages ("PDF/A-2b and PDF/UA-1").
    pub fn title(self) -> &'static str {
        match self {
            Standard::Tagged => "tagged PDF",
            Standard::Ua1 => "PDF/UA-1",
            Standard::A2b => "PDF/A-2b and PDF/UA-1",
            Standard::A2a => "PDF/A-2a and PDF/UA-1",
            Standard::A3b => "PDF/A-3b and PDF/UA-1",
            Standard::A3a => "PDF/A-3a and PDF/UA-1",
        }
    }

    fn archival(self) -> Option<Archival> {
        match self {
            Standard::Tagged | Standard::Ua1 => None,
            Standard::A2b => Some(Archival::A2_B),
            Standard::A2a => Some(Archival::A2_A),
            Standard::A3b => Some(Archival::A3_B),
            Standard::A3a => Some(Archival::A3_A),
        }
    }

    /// Whether the standard allows files attached to the PDF.
    pub fn allows_attachments(self) -> bool {
        !matches!(self, Standard::A2b | Standard::A2a)
    }

    /// Whether the standard requires a creation date.
    pub fn needs_date(self) -> bool {
        self.archival().is_some()
    }
}

/// A file carried inside the PDF (the résumé's source, its layout).
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The file's name, without folders.
    pub name: String,
    pub bytes: Vec<u8>,
    /// What it is, for a reader's list of attachments.
    pub description: String,
    pub mime_type: &'static str,
}

/// How to write the PDF, besides what it shows.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The creation date; `None` writes none (the same input gives the same bytes).
    pub date: Option<Timestamp>,
    pub standard: Standard,
    pub attachments: Vec<Attachment>,
}

/// Why the PDF could not be written.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// The document breaks a rule of the standard it was to meet: the rules, in words.
    Standard { standard: Standard, rules: Vec<String> },
    /// Anything else krilla refused.
    Other(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            PdfError::Standard { standard, rules } => {
                write!(f, "the PDF cannot be {}: {}", standard.title(), rules.join("; "))
            }
            PdfError::Other(message) => f.write_str(message),
        }
    }
}

/// Write the PDF. Each page of the document is dropped once it is drawn: its glyphs
/// are the largest part of a long résumé's memory, and krilla keeps what it needs.
pub fn write(
    document: Document,
    meta: &Meta,
    book: &FontBook,
    settings: &Settings,
) -> Result<Vec<u8>, PdfError> {
    let standard = settings.standard;
    let mut pdf = PdfDocument::new_with(serialize_settings(standard)?);
    let glyphs = document.glyphs_by_face(|face| book.is_chunked(face));
    let Document { width, height, pages, roles, .. } = document;
    let mut painter = Painter::new(book, glyphs, Structure::new(&roles), &meta.language);
    let mut outline = Outline::new();
    let mut section: Option<OutlineNode> = None;
    let mut marked = false;
    let any_pages = !pages.is_empty();

    for (index, page) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(width, height)
            .ok_or_else(|| PdfError::Other(format!("invalid page size {width} × {height}")))?;
        let mut pdf_page = pdf.start_page_with(settings);
        let mut links = Vec::new();
        {
            let mut surface = pdf_page.surface();
            for placed in &page.lines {
                painter.line(&mut surface, placed, height, &mut links)?;
            }
            surface.finish();
        }
        for (rect, url, key) in links {
            let Some(rect) = rect else { continue };
            // The PDF's link targets are 7-bit: IDNA hosts, percent-encoded paths.
            let target = Target::Action(Action::Link(LinkAction::new(ascii_url(&url))));
            let link = LinkAnnotation::new(rect, target);
            // The alternate text a screen reader announces for the link: its address.
            let annotation = pdf_page.add_tagged_annotation(Annotation::new_link(link, Some(url)));
            painter.structure.annotate(key, annotation);
        }
        pdf_page.finish();
        marked |= !page.marks.is_empty();
        add_marks(&mut outline, &mut section, index, &page);
    }
    if let Some(done) = section.take() {
        outline.push_child(done);
    }
    if !marked && any_pages {
        // PDF/UA wants an outline: a résumé without sections gets its name.
        let top = XyzDestination::new(0, Point::from_xy(0.0, 0.0));
        outline.push_child(OutlineNode::new(meta.author.clone(), top));
    }
    pdf.set_outline(outline);
    pdf.set_tag_tree(painter.structure.tree(&meta.language));
    pdf.set_metadata(metadata(meta, settings.date));
    for attachment in &settings.attachments {
        pdf.embed_file(embedded_file(attachment, settings.date));
    }
    pdf.finish().map(pack::pack).map_err(|e| match e {
        KrillaError::Validation(errors) => PdfError::Standard {
            standard,
            rules: {
                let mut rules: Vec<String> = errors.iter().map(|(error, _)| rule(error)).collect();
                rules.dedup();
                rules
            },
        },
        e => PdfError::Other(format!("cannot write the PDF ({e:?})")),
    })
}

/// krilla's settings for a standard: tagging always, and the standard's validators.
fn serialize_settings(standard: Standard) -> Result<SerializeSettings, PdfError> {
    let mut configuration = ConfigurationBuilder::new();
    if standard != Standard::Tagged {
        configuration = configuration.with_accessibility_validator(Accessibility::UA1);
    }
    if let Some(archival) = standard.archival() {
        configuration = configuration.with_archival_validator(archival);
    }
    let configuration = configuration.finish().map_err(|e| {
        PdfError::Other(format!("no PDF version meets {} ({e:?})", standard.title()))
    })?;
    Ok(SerializeSettings { configuration, enable_tagging: true, ..SerializeSettings::default() })
}

/// A broken rule in plain words (what cvpdf can break; the rest as krilla names it).
fn rule(error: &ValidationError) -> String {
    match error {
        ValidationError::MissingDocumentDate => {
            "an archival PDF needs a creation date: set SOURCE_DATE_EPOCH".into()
        }
        ValidationError::RestrictedLicense(_) => {
            "the licence of a font file does not allow embedding it".into()
        }
        ValidationError::EmbeddedFile(EmbedError::Existence, _) => {
            "attached files (--embed-source) need PDF/A-3 (a-3b, a-3a) or no PDF/A".into()
        }
        ValidationError::EmbeddedFile(EmbedError::MissingDate, _) => {
            "an attached file needs a date: set SOURCE_DATE_EPOCH".into()
        }
        ValidationError::UnicodePrivateArea(_, _, c, _) => {
            format!("the private-use character U+{:04X} has no meaning of its own", *c as u32)
        }
        ValidationError::NoDocumentLanguage => "the document has no language".into(),
        ValidationError::NoDocumentTitle => "the document has no title".into(),
        other => format!("{other:?}"),
    }
}

/// Outline nodes for the sections and entries that start on this page.
fn add_marks(outline: &mut Outline, section: &mut Option<OutlineNode>, index: usize, page: &Page) {
    for (mark, y) in &page.marks {
        let destination = XyzDestination::new(index, Point::from_xy(0.0, *y));
        match mark {
            Mark::Section(title) => {
                if let Some(done) = section.take() {
                    outline.push_child(done);
                }
                *section = Some(OutlineNode::new(title.clone(), destination).with_open(true));
            }
            Mark::Entry(title) => {
                let node = OutlineNode::new(title.clone(), destination);
                match section {
                    Some(parent) => parent.push_child(node),
                    None => outline.push_child(node),
                }
            }
        }
    }
}

fn embedded_file(attachment: &Attachment, date: Option<Timestamp>) -> krilla::embed::EmbeddedFile {
    krilla::embed::EmbeddedFile {
        path: attachment.name.clone(),
        mime_type: krilla::embed::MimeType::new(attachment.mime_type),
        description: Some(attachment.description.clone()),
        association_kind: krilla::embed::AssociationKind::Source,
        data: attachment.bytes.clone().into(),
        modification_date: date.map(date_time),
        compress: Some(true),
        location: None,
    }
}

fn metadata(meta: &Meta, date: Option<Timestamp>) -> Metadata {
    let mut metadata = Metadata::new()
        .title(meta.title.clone())
        .authors(vec![meta.author.clone()])
        .keywords(meta.keywords.clone())
        .language(meta.language.clone())
        .creator(format!("cvpdf {}", env!("CARGO_PKG_VERSION")));
    if let Some(subject) = &meta.subject {
        metadata = metadata.description(subject.clone());
    }
    if let Some(seconds) = date {
        metadata = metadata.creation_date(date_time(seconds));
    }
    metadata
}

/// Seconds since 1970 → a UTC calendar date (Howard Hinnant's civil-from-days).
fn date_time(seconds: Timestamp) -> DateTime {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    DateTime::new(year.clamp(0, 9999) as u16)
        .month(month as u8)
        .day(day as u8)
        .hour((secs / 3600) as u8)
        .minute((secs / 60 % 60) as u8)
        .second((secs % 60) as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_calendar_dates() {
        // 2024-02-29 12:34:56 UTC.
        let date = format!("{:?}", date_time(1_709_210_096));
        assert!(date.contains("2024") && date.contains("29"), "{date}");
    }
}
