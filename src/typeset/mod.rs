//! Typesetting, the orchestrator of a layout run: résumé + style → pages, running the
//! compose, text and paginate stages in turn ([`lay_out`]), or as many times as fitting
//! a page count takes ([`fit`]). The stages know nothing of each other beyond the types
//! they take; this module is where one stage's output becomes the next one's input.

pub mod fit;

use crate::compose::{self, Meta};
use crate::font::FontBook;
use crate::model::Resume;
use crate::paginate::{self, Document};
use crate::style::Style;
use crate::text::{Resources, TextProblem, Typesetter};

/// A résumé laid out: its pages, its metadata, and the text stage's warnings.
pub struct Laid {
    pub document: Document,
    pub meta: Meta,
    pub warnings: Vec<TextProblem>,
}

/// Compose, set and paginate a résumé with a style.
pub fn lay_out(resume: &Resume, style: &Style, book: &FontBook) -> Result<Laid, TextProblem> {
    lay_out_with(resume, style, book, &Default::default())
}

/// [`lay_out`] with the text stage's [`Resources`]: a cache of shaped words shared with
/// other layouts (the tries of a fit, the jobs of a batch), threads.
pub fn lay_out_with(
    resume: &Resume,
    style: &Style,
    book: &FontBook,
    resources: &Resources,
) -> Result<Laid, TextProblem> {
    let compose::Flow { blocks, meta } = compose::compose(resume, style);
    let mut ts = Typesetter::with_resources(book, style, &resume.language, resources);
    // The text stage takes the composed blocks and lets each go once it is set.
    let blocks = ts.set_flow(blocks, resources.threads)?;
    let document =
        paginate::paginate(&mut ts, blocks, style, &paginate::PageTexts::of(resume, style))?;
    Ok(Laid { document, meta, warnings: ts.warnings })
}
