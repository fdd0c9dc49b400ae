//! PDF stage: laid-out [`Document`] + [`Meta`] → PDF bytes, written with krilla:
//! subset fonts with ToUnicode, borderless links, a nested outline, Info and XMP metadata.
//!
//! Nothing here measures or moves text; every glyph arrives positioned. The output is a
//! pure function of the input: no clock is read (dates come from `SOURCE_DATE_EPOCH`).
//!
//! krilla compresses each finished page's content stream on rayon's pool while the next
//! page is drawn (a fifth of the stage for Luo). [`Compressor`] keeps that pool to one
//! worker and lets no more than [`MAX_WAITING_PAGES`] pages wait for it, so a long
//! résumé's uncompressed pages never pile up in memory when the machine is busy.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::mpsc;

use krilla::Document as PdfDocument;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId};

use crate::compose::{Mark, Meta};
use crate::model::markup::ascii_url;
use crate::paginate::Document;
use crate::style::Rgb;
use crate::text::fonts::FontBytes;
use crate::text::{FaceId, FontBook, LineItem, Paint, PlacedGlyph};

/// A moment for the PDF's creation date, in seconds since 1970 (UTC).
pub type Timestamp = i64;

/// Write the PDF.
pub fn write(
    document: &Document,
    meta: &Meta,
    book: &FontBook,
    date: Option<Timestamp>,
) -> Result<Vec<u8>, String> {
    let mut pdf = PdfDocument::new();
    let mut fonts: BTreeMap<FaceId, Font> = BTreeMap::new();
    let mut outline = Outline::new();
    let mut section: Option<OutlineNode> = None;
    let mut compressor = Compressor::new();

    for (index, page) in document.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(document.width, document.height)
            .ok_or_else(|| format!("invalid page size {} × {}", document.width, document.height))?;
        let mut pdf_page = pdf.start_page_with(settings);
        let mut links = Vec::new();
        {
            let mut surface = pdf_page.surface();
            for placed in &page.lines {
                for item in &placed.line.items {
                    match item {
                        LineItem::Text(run) => {
                            let font = match fonts.get(&run.face) {
                                Some(font) => font.clone(),
                                None => {
                                    let data = match book.bytes(run.face) {
                                        FontBytes::Bundled(bytes) => bytes.into(),
                                        FontBytes::File(bytes) => bytes.into(),
                                    };
                                    let font = Font::new(data, 0).ok_or_else(|| {
                                        format!("krilla cannot read {}", book.name(run.face))
                                    })?;
                                    fonts.insert(run.face, font.clone());
                                    font
                                }
                            };
                            let opacity = match run.paint {
                                Paint::Hidden => NormalizedF32::ZERO,
                                Paint::Text => NormalizedF32::ONE,
                            };
                            set_fill(&mut surface, run.colour, opacity);
                            let glyphs: Vec<PdfGlyph> = run
                                .glyphs
                                .iter()
                                .zip(run.ranges())
                                .zip(run.glyph_offsets())
                                .map(|((glyph, text), offset)| PdfGlyph { glyph, text, offset })
                                .collect();
                            let (x, y) = (placed.x + run.x, placed.y + placed.line.baseline);
                            if run.scale_x == 1.0 {
                                let origin = Point::from_xy(x, y);
                                surface
                                    .draw_glyphs(origin, &glyphs, font, &run.text, run.size, false);
                            } else {
                                // Scaled about the run's origin, so it still starts at x.
                                let stretch = Transform::from_row(run.scale_x, 0.0, 0.0, 1.0, x, y);
                                surface.push_transform(&stretch);
                                let origin = Point::from_xy(0.0, 0.0);
                                surface
                                    .draw_glyphs(origin, &glyphs, font, &run.text, run.size, false);
                                surface.pop();
                            }
                        }
                        LineItem::Rule { x, y, width, thickness, colour } => {
                            if let Some(rect) =
                                Rect::from_xywh(placed.x + x, placed.y + y, *width, *thickness)
                            {
                                let mut path = PathBuilder::new();
                                path.push_rect(rect);
                                if let Some(path) = path.finish() {
                                    set_fill(&mut surface, *colour, NormalizedF32::ONE);
                                    surface.draw_path(&path);
                                }
                            }
                        }
                        LineItem::Link { x, y, width, height, url } => {
                            links.push((
                                Rect::from_xywh(placed.x + x, placed.y + y, *width, *height),
                                url.clone(),
                            ));
                        }
                    }
                }
            }
            surface.finish();
        }
        for (rect, url) in links {
            if let Some(rect) = rect {
                // The PDF's link targets are 7-bit: IDNA hosts, percent-encoded paths.
                let target = Target::Action(Action::Link(LinkAction::new(ascii_url(&url))));
                pdf_page.add_annotation(Annotation::new_link(
                    LinkAnnotation::new(rect, target),
                    Some(url),
                ));
            }
        }
        pdf_page.finish();
        compressor.page_queued();

        for (mark, y) in &page.marks {
            let destination = XyzDestination::new(index, Point::from_xy(0.0, *y));
            match mark {
                Mark::Section(title) => {
                    if let Some(done) = section.take() {
                        outline.push_child(done);
                    }
                    section = Some(OutlineNode::new(title.clone(), destination).with_open(true));
                }
                Mark::Entry(title) => {
                    let node = OutlineNode::new(title.clone(), destination);
                    match &mut section {
                        Some(parent) => parent.push_child(node),
                        None => outline.push_child(node),
                    }
                }
            }
        }
    }
    if let Some(done) = section.take() {
        outline.push_child(done);
    }
    pdf.set_outline(outline);
    pdf.set_metadata(metadata(meta, date));
    pdf.finish().map_err(|e| format!("cannot write the PDF ({e:?})"))
}

/// How many finished pages may wait, uncompressed, for the compressing worker: well under
/// a megabyte. Two made the jobs of a batch, which share the one worker, wait for each
/// other (a 100-résumé batch 8 % slower than without the worker; 4 % with sixteen).
const MAX_WAITING_PAGES: usize = 16;

/// Keeps the drawing thread at most [`MAX_WAITING_PAGES`] pages ahead of the worker that
/// compresses them.
///
/// krilla hands each finished page to rayon's pool. After each page a marker job goes
/// the same way; the pool has one worker, which runs jobs in the order they came, so a
/// marker that has run means every page before it is compressed.
struct Compressor {
    done: mpsc::Receiver<()>,
    done_sender: mpsc::Sender<()>,
    waiting: usize,
}

impl Compressor {
    fn new() -> Compressor {
        static POOL: std::sync::Once = std::sync::Once::new();
        POOL.call_once(|| {
            // One worker: a second would fight the drawing thread for the second core,
            // and each brings an allocator arena of its own. An application that set up
            // the global pool first keeps its own.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "cvpdf-deflate".into())
                .build_global();
        });
        let (done_sender, done) = mpsc::channel();
        Compressor { done, done_sender, waiting: 0 }
    }

    /// A page was finished (and queued for compression): wait while too many are queued.
    fn page_queued(&mut self) {
        let sender = self.done_sender.clone();
        rayon::spawn(move || {
            let _ = sender.send(());
        });
        self.waiting += 1;
        while self.waiting > MAX_WAITING_PAGES {
            if self.done.recv().is_err() {
                break;
            }
            self.waiting -= 1;
        }
    }
}

fn set_fill(surface: &mut Surface, colour: Rgb, opacity: NormalizedF32) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity,
        rule: Default::default(),
    }));
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

/// A positioned glyph and its text as krilla wants them; advances are per em, krilla
/// scales them.
struct PdfGlyph<'a> {
    glyph: &'a PlacedGlyph,
    text: Range<usize>,
    /// (x, y) in em.
    offset: (f32, f32),
}

impl krilla::text::Glyph for PdfGlyph<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.glyph.id))
    }

    fn text_range(&self) -> Range<usize> {
        self.text.clone()
    }

    fn x_advance(&self, size: f32) -> f32 {
        self.glyph.advance * size
    }

    fn x_offset(&self, size: f32) -> f32 {
        self.offset.0 * size
    }

    fn y_offset(&self, size: f32) -> f32 {
        self.offset.1 * size
    }

    fn y_advance(&self, _: f32) -> f32 {
        0.0
    }

    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
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
