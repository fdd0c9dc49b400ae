//! cvpdf: a résumé compiler. A structured résumé in YAML goes in, a typeset PDF comes out.
//!
//! # Pipeline
//! Each stage is a function of the previous stage's data and returns its own types:
//!
//! 1. [`model::load`]: YAML → [`model::Resume`], validated, with inline markup parsed.
//! 2. [`style::resolve`]: a layout preset or file → [`style::Style`] in points.
//! 3. [`compose::compose`]: résumé + style → [`compose::Flow`] of blocks with keep rules.
//! 4. [`text::Typesetter::set_flow`]: blocks → lines, shaped (rustybuzz), hyphenated and
//!    broken (Knuth–Plass).
//! 5. [`paginate::paginate`]: lines → [`paginate::Document`] pages.
//! 6. [`pdf::write`]: pages → PDF bytes (krilla).
//!
//! [`build`] runs them all; the `cvpdf` binary (`cli`) is a thin layer over it:
//!
//! ```
//! use cvpdf::{Options, build, diag::Source};
//!
//! let source = Source::new("me.yaml", "name: Ada Lovelace\nsummary: I write **programs**.\n");
//! let output = build(&source, &Options::default()).unwrap();
//! assert_eq!(output.pages, 1);
//! assert!(output.pdf.starts_with(b"%PDF-"));
//! ```

pub mod cli;
pub mod compose;
pub mod diag;
pub mod model;
pub mod paginate;
pub mod pdf;
pub mod style;
pub mod text;

use diag::{Diagnostic, Error, Report, Severity, Source, Span};
use text::{FontBook, TextProblem, Typesetter};

/// What a build needs besides the résumé.
#[derive(Debug, Clone)]
pub struct Options {
    /// A preset name (`detailed`) or a layout file path.
    pub layout: String,
    /// Paper that overrides the layout's.
    pub paper: Option<style::Paper>,
    /// The PDF's creation date; `None` writes no date (reproducible by default).
    pub date: Option<pdf::Timestamp>,
}

impl Default for Options {
    fn default() -> Self {
        Options { layout: "detailed".into(), paper: None, date: None }
    }
}

/// A finished build.
#[derive(Debug)]
pub struct Output {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<Report>,
}

/// Build a résumé into a PDF.
pub fn build(source: &Source, options: &Options) -> Result<Output, Error> {
    let mut style = style::resolve(&options.layout)
        .map_err(|(layout, d)| Error::Input(vec![layout.report(&d, Severity::Error)]))?;
    if let Some(paper) = options.paper {
        style = style.on_paper(paper);
    }
    build_with_style(source, &style, options.date)
}

/// Build with a style that is already resolved (the benchmark's entry point).
pub fn build_with_style(
    source: &Source,
    style: &style::Style,
    date: Option<pdf::Timestamp>,
) -> Result<Output, Error> {
    let input_error = |d: Diagnostic| Error::Input(vec![source.report(&d, Severity::Error)]);
    let resume = model::load(source).map_err(input_error)?;
    let flow = compose::compose(&resume, style);
    let book = FontBook::shared();
    let mut ts = Typesetter::new(book, style, &resume.language);
    let mut warnings = Vec::new();
    if style.hyphenate && !ts.can_hyphenate() {
        warnings.push(Report {
            message: format!(
                "no hyphenation patterns for `{}`: words are not hyphenated",
                resume.language
            ),
            file: source.name.clone(),
            position: None,
            rendered: format!(
                "warning: no hyphenation patterns for `{}`: words are not hyphenated\n",
                resume.language
            ),
        });
    }
    let blocks = ts.set_flow(&flow).map_err(|p| input_error(problem(source, &p)))?;
    let document =
        paginate::paginate(&mut ts, blocks, style).map_err(|p| input_error(problem(source, &p)))?;
    warnings
        .extend(ts.warnings.iter().map(|p| source.report(&problem(source, p), Severity::Warning)));
    let pdf = pdf::write(&document, &flow.meta, book, date).map_err(Error::Io)?;
    Ok(Output { pdf, pages: document.pages.len(), warnings })
}

/// Point a text-stage problem at its place in the résumé file.
fn problem(source: &Source, p: &TextProblem) -> Diagnostic {
    let at = p
        .needle
        .as_deref()
        .and_then(|needle| model::locate(&source.text, p.origin, needle))
        .unwrap_or(p.origin);
    let len = p.needle.as_ref().map_or(1, |n| n.len());
    let mut d = Diagnostic::new(p.message.clone()).at(Span::new(at, len));
    if let Some(hint) = &p.hint {
        d = d.hint(hint.clone());
    }
    d
}
