//! cvpdf: a résumé compiler. A structured résumé in YAML goes in, a typeset PDF comes out.
//!
//! # Pipeline
//! Each stage is a function of the previous stage's data and returns its own types:
//!
//! 1. [`model::load`]: YAML → [`model::Resume`], validated, with inline markup parsed.
//! 2. [`style::resolve`]: a layout preset or file → [`style::Style`] in points.
//! 3. [`compose::compose`]: résumé + style → [`compose::Flow`] of blocks with keep rules.
//! 4. [`text::Typesetter::set_flow`]: blocks → lines, shaped (harfrust), hyphenated and
//!    broken (Knuth–Plass).
//! 5. [`paginate::paginate`]: lines → [`paginate::Document`] pages.
//! 6. [`pdf::write`]: pages → PDF bytes (krilla); with [`Options::png_dpi`],
//!    [`preview::render`]: pages → PNG previews (fontdue).
//!
//! Below them, [`font`] holds the faces (compiled in, or files a layout names) that
//! style, text, PDF and previews use. [`typeset`] runs stages 3–5 once, or as many times
//! as fitting a page count takes; [`build`] runs them all; the `cvpdf` binary (`cli`) is
//! a thin layer over it:
//!
//! ```
//! use cvpdf::{Options, build, diag::Source};
//!
//! let source = Source::new("me.yaml", "name: Ada Lovelace\nsummary: I write **programs**.\n");
//! let output = build(&source, &Options::default()).unwrap();
//! assert_eq!(output.pages, 1);
//! assert!(output.pdf.starts_with(b"%PDF-"));
//! ```

#![forbid(unsafe_code)]

pub mod access;
#[cfg(feature = "cli")]
pub mod cli;
pub mod compose;
pub mod diag;
pub mod font;
pub mod model;
pub mod paginate;
mod parallel;
pub mod pdf;
pub mod photo;
#[cfg(feature = "previews")]
pub mod preview;
pub mod style;
pub mod synthetic;
pub mod text;
pub mod typeset;

use diag::{Diagnostic, Error, Report, Severity, Source, Span};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use font::FontBook;
use text::TextProblem;
use text::shape::ShapeCache;
use typeset::fit::FitError;

/// What a build needs besides the résumé.
#[derive(Debug, Clone)]
pub struct Options {
    /// A preset name (`detailed`) or a layout file path.
    pub layout: String,
    /// Whether a résumé that names a design of its own (a RenderCV file's
    /// `design.theme`) is built with the preset nearest to it; `layout` is then for files
    /// that name none. The binary sets it when no `--layout` is given.
    pub layout_from_file: bool,
    /// Paper that overrides the layout's.
    pub paper: Option<style::Paper>,
    /// Fit the layout to at most this many pages (`--pages`), within its own `fit`
    /// bounds or, for a layout without them, bounds made from its sizes.
    pub pages: Option<usize>,
    /// When fitting, fail instead of leaving content out.
    pub no_drop: bool,
    /// The PDF's creation date; `None` writes no date (reproducible by default).
    pub date: Option<pdf::Timestamp>,
    /// The standards the PDF must meet; `None` is PDF/UA-1 when the document can meet
    /// it (else tagged PDF, with a warning that says why).
    pub standard: Option<pdf::Standard>,
    /// Files to carry inside the PDF (`--embed-source`).
    pub attachments: Vec<pdf::Attachment>,
    /// The input format; `None` detects it from the file.
    pub from: Option<model::Format>,
    /// The résumé's language (a BCP 47 tag), over what the file says or its text
    /// suggests: dates, section titles cvpdf gives, hyphenation and `/Lang` follow it.
    pub language: Option<String>,
    /// Keep only entries and bullets with one of these tags (and all untagged ones).
    pub tags: Vec<String>,
    /// Also render PNG previews of the pages at this resolution (dots per inch).
    pub png_dpi: Option<f32>,
    /// What the build may share with other builds (the jobs of a batch, the rebuilds of
    /// `watch`); the default is a cache of its own.
    pub cache: Cache,
    /// Folders the user trusts, which files may name files in besides the résumé's
    /// folder and the layout file's (`--allow-read`; `docs/security.md`).
    pub trusted: Vec<PathBuf>,
    /// Folders of font files cvpdf does not carry (`--font-path`): the faces with the
    /// Japanese and Traditional Chinese forms of Han characters ([`font::han`]).
    pub font_paths: Vec<PathBuf>,
    /// Threads the text stage may set a long résumé's paragraphs on, the calling one
    /// included: 1 (the default) starts none; [`Options::machine_threads`] is what the
    /// binary gives.
    pub threads: usize,
}

impl Options {
    /// One thread a core, at most four: what setting paragraphs gains from (the binary's
    /// choice; a library caller makes its own).
    pub fn machine_threads() -> usize {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(4)
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            layout: "detailed".into(),
            layout_from_file: false,
            paper: None,
            pages: None,
            no_drop: false,
            date: None,
            standard: None,
            attachments: Vec::new(),
            from: None,
            language: None,
            tags: Vec::new(),
            png_dpi: None,
            cache: Cache::default(),
            trusted: Vec::new(),
            font_paths: Vec::new(),
            threads: 1,
        }
    }
}

/// What builds may share: the faces cvpdf carries, once parsed; the faces of the font
/// folders, once found and read; the hyphenation patterns, once decoded; and the words,
/// once shaped. The library keeps nothing between builds by itself: a caller that builds
/// more than once keeps one cache and gives a clone of it (a few reference counts) to
/// each build.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    pub faces: Arc<font::BundledFaces>,
    pub han_faces: Arc<font::han::HanFaceCache>,
    pub hyphenators: Arc<text::hyphenate::Hyphenators>,
    pub shapes: Arc<ShapeCache>,
}

/// A finished build.
#[derive(Debug)]
pub struct Output {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// The layout it was built with: [`Options::layout`], or the preset the file chose.
    pub layout: String,
    pub warnings: Vec<Report>,
    /// What fitting left out: a line per section ("14 bullets of 6 entries in Projects"),
    /// and in full.
    pub left_out: typeset::fit::LeftOut,
    /// The page count the layout fits to, if it fits.
    pub fit_pages: Option<usize>,
    /// PNG file bytes per page, when [`Options::png_dpi`] asked for them.
    pub pngs: Vec<Vec<u8>>,
}

/// A résumé laid out on its pages, before it becomes a PDF.
pub struct LaidOut {
    pub document: paginate::Document,
    /// The layout it was laid out with: [`Options::layout`], or the preset the file chose.
    pub layout: String,
    pub meta: compose::Meta,
    /// The layout's font files, which the pages are set in besides the bundled faces
    /// ([`LaidOut::book`]).
    pub font_files: Vec<std::sync::Arc<font::FontFile>>,
    /// The bundled faces, as the build parsed them.
    pub faces: Arc<font::BundledFaces>,
    pub warnings: Vec<Report>,
    /// What fitting left out.
    pub left_out: typeset::fit::LeftOut,
    /// The page count the layout fits to, if it fits.
    pub fit_pages: Option<usize>,
}

impl LaidOut {
    /// The faces the pages are set in.
    pub fn book(&self) -> FontBook<'_> {
        FontBook::with_files(&self.faces, &self.font_files)
    }
}

/// Build a résumé into a PDF.
pub fn build(source: &Source, options: &Options) -> Result<Output, Error> {
    let (style, access, loaded) = read(source, options)?;
    build_with(source, &style, &access, loaded, options)
}

/// Lay a résumé out on its pages: every stage but the PDF's.
pub fn lay_out(source: &Source, options: &Options) -> Result<LaidOut, Error> {
    let (style, access, loaded) = read(source, options)?;
    lay_out_with(source, &style, &access, loaded, options)
}

/// The layout a build asks for, and the résumé. Neither needs the other (a résumé that
/// names another preset has that one resolved after it is read), so when the caller allows a second
/// thread the layout is resolved on it while this one reads the résumé: a quarter to a
/// half of a millisecond, on a build of ten. A bad layout is reported before a bad
/// résumé either way.
fn read(
    source: &Source,
    options: &Options,
) -> Result<(style::Style, access::Access, model::Loaded), Error> {
    let (resolved, loaded) = if options.threads < 2 {
        (resolve(source, options), read_resume(source, options))
    } else {
        let (loaded, resolved) =
            parallel::join(|| read_resume(source, options), || resolve(source, options));
        (resolved, loaded)
    };
    let (style, access) = resolved?;
    Ok((style, access, loaded?))
}

/// The résumé, read in the format and language the options give.
fn read_resume(source: &Source, options: &Options) -> Result<model::Loaded, Error> {
    if let Some(tag) = options.language.as_deref().filter(|t| !model::is_language_tag(t)) {
        let message = format!("`{tag}` is not a language tag: write one such as `en-US` or `de`");
        return Err(Error::Input(vec![note_error(source, message)]));
    }
    model::read_in(source, options.from, options.language.as_deref())
        .map_err(|d| Error::Input(source.reports(&d, Severity::Error)))
}

/// The layout a build asks for, and what its files may read.
fn resolve(source: &Source, options: &Options) -> Result<(style::Style, access::Access), Error> {
    let access =
        access::Access::for_build(Path::new(&source.name), &options.layout, &options.trusted);
    let style = style::resolve_with(&options.layout, &access)
        .map_err(|(layout, d)| Error::Input(layout.reports(&d, Severity::Error)))?;
    Ok((style, access))
}

/// Build with a style that is already resolved (the benchmark's entry point).
pub fn build_with_style(
    source: &Source,
    style: &style::Style,
    date: Option<pdf::Timestamp>,
) -> Result<Output, Error> {
    let access = access::Access::for_build(Path::new(&source.name), "", &[]);
    let options = Options { date, ..Options::default() };
    build_with(source, style, &access, read_resume(source, &options)?, &options)
}

/// The build, over a resolved layout.
fn build_with(
    source: &Source,
    style: &style::Style,
    access: &access::Access,
    loaded: model::Loaded,
    options: &Options,
) -> Result<Output, Error> {
    let laid = lay_out_with(source, style, access, loaded, options)?;
    // Field by field: the book borrows the font files while the document goes to the PDF.
    let LaidOut { document, layout, meta, font_files, faces, mut warnings, left_out, fit_pages } =
        laid;
    let book = FontBook::with_files(&faces, &font_files);
    // The previews first: the PDF stage takes the document and drops each page it draws.
    let pngs = match options.png_dpi {
        #[cfg(feature = "previews")]
        Some(dpi) => preview::render(&document, &book, dpi).map_err(Error::Io)?,
        #[cfg(not(feature = "previews"))]
        Some(_) => return Err(Error::Io("this cvpdf was built without PNG previews".into())),
        None => Vec::new(),
    };
    let pages = document.pages.len();
    let settings = pdf::Settings {
        date: options.date,
        standard: options.standard.unwrap_or_default(),
        attachments: options.attachments.clone(),
    };
    let pdf = match pdf::write(document, &meta, &book, &settings) {
        Ok(pdf) => pdf,
        // The default standard is a promise cvpdf keeps when it can: a document that cannot
        // meet it (a font whose licence forbids embedding) is still written, tagged. The
        // layout is made again (the same, for it is a function of its input): so rare a
        // case does not warrant keeping every page of every build.
        Err(error @ pdf::PdfError::Standard { .. }) if options.standard.is_none() => {
            warnings.push(note(source, format!("{error}; it is written as tagged PDF")));
            let again =
                lay_out_with(source, style, access, read_resume(source, options)?, options)?;
            let settings = pdf::Settings { standard: pdf::Standard::Tagged, ..settings };
            pdf::write(again.document, &again.meta, &book, &settings)
                .map_err(|e| Error::Io(e.to_string()))?
        }
        Err(error @ pdf::PdfError::Standard { .. }) => {
            return Err(Error::Input(vec![note_error(source, error.to_string())]));
        }
        Err(pdf::PdfError::Other(message)) => return Err(Error::Io(message)),
    };
    Ok(Output { pdf, pages, layout, warnings, left_out, fit_pages, pngs })
}

/// Every stage but the PDF's, over a resolved layout and the résumé read: the résumé's own
/// `layout:` block goes over the layout, then `--paper` over both.
fn lay_out_with(
    source: &Source,
    style: &style::Style,
    access: &access::Access,
    loaded: model::Loaded,
    options: &Options,
) -> Result<LaidOut, Error> {
    let allow_dropping = !options.no_drop;
    let input_error = |d: Diagnostic| Error::Input(source.reports(&d, Severity::Error));
    let mut warnings: Vec<Report> =
        loaded.warnings.iter().map(|d| source.report(d, Severity::Warning)).collect();
    let mut resume = loaded.resume;
    for tag in resume.keep_tagged(&options.tags) {
        warnings.push(note(source, format!("no entry or bullet has the tag `{tag}`")));
    }
    let mut style = style.clone();
    let mut layout = options.layout.clone();
    if let Some(file) = &loaded.preset {
        if options.layout_from_file {
            // The same name resolves to the same style: the one given is kept.
            if layout != file.preset {
                layout = file.preset.to_string();
                style = style::resolve_with(file.preset, access)
                    .map_err(|(layout, d)| Error::Input(layout.reports(&d, Severity::Error)))?;
            }
            // What the file sets over its theme, checked where it was read; a value the
            // layout still refuses (out of its range) is said, and the theme stands alone.
            if let Some(values) = &file.layout {
                match style::with_values(style.clone(), values, access) {
                    Ok(with) => style = with,
                    Err(d) => warnings.push(note(
                        source,
                        format!("the design's values are not used: {}", d.message),
                    )),
                }
            }
        } else if file.layout.is_some() {
            let d = Diagnostic::new(format!(
                "design: its colours, sizes and margins are not used: the layout is `{}`",
                options.layout
            ))
            .at(file.span)
            .hint("without --layout, cvpdf builds the file with its design");
            warnings.push(source.report(&d, Severity::Warning));
        } else if options.layout != file.preset {
            let d = Diagnostic::new(format!(
                "design.theme `{}` is not used: the layout is `{}`",
                file.theme, options.layout
            ))
            .at(file.span)
            .hint(format!("the nearest cvpdf preset is `--layout {}`", file.preset));
            warnings.push(source.report(&d, Severity::Warning));
        }
    }
    if loaded.format == model::Format::Cvpdf {
        // The preset the résumé's layout block extends: its layout unless one is given.
        if let Some((preset, span)) = style::block_preset(source).map_err(input_error)? {
            if options.layout_from_file && layout != preset {
                style = style::resolve_with(&preset, access)
                    .map_err(|(layout, d)| Error::Input(layout.reports(&d, Severity::Error)))?;
                layout = preset;
            } else if options.layout != preset {
                let d = Diagnostic::new(format!(
                    "the résumé's layout extends `{preset}`: the layout is `{}`, with the block's values over it",
                    options.layout
                ))
                .at(span)
                .hint(format!("without --layout, cvpdf builds the résumé with `{preset}`"));
                warnings.push(source.report(&d, Severity::Warning));
            }
        }
        style = style::with_overrides(style, source, access).map_err(input_error)?;
    }
    // The photo is read when the layout prints it, and never fetched.
    if let Some(file) = resume.photo.as_mut()
        && style.photo.side != style::PhotoSide::None
    {
        if file.is_url() {
            let d = Diagnostic::new("the photo is a web address, which cvpdf does not fetch")
                .at(file.span)
                .hint("save the photo beside the résumé and write its file name");
            warnings.push(source.report(&d, Severity::Warning));
        } else {
            let folder = access::folder_of(Path::new(&source.name));
            match photo::load(&file.path, file.span, folder, access) {
                Ok(photo) => file.photo = Some(Arc::new(photo)),
                // A file made for another tool often names a photo of another machine
                // (or none at all): it is built without it. cvpdf's own file is fixed.
                Err(d) if loaded.format != model::Format::Cvpdf => {
                    let d = d.hint("the résumé is built without the photo");
                    warnings.push(source.report(&d, Severity::Warning));
                }
                Err(d) => return Err(input_error(d)),
            }
        }
    }
    if let Some(join) = &resume.degree_join {
        style = style.with_degree_join(join);
    }
    if let Some(paper) = options.paper.or(resume.paper) {
        style = style.on_paper(paper);
    }
    if let Some(pages) = options.pages {
        style = style.fitted_to(pages);
    }
    let cache = &options.cache;
    // The forms the résumé's Han characters should have, when no font folder has them.
    let mut han_forms_missing = None;
    if let Some(forms) = font::han::HanForms::of(&resume.language) {
        // The font folders are read for these faces alone: the résumé's and layout's
        // files may not name files in them (unless `trusted` has them too). One that
        // does not exist is the caller's to refuse (the binary does); here it has no
        // fonts.
        let mut fonts = access::Access::none();
        for folder in &options.font_paths {
            let _ = fonts.allow(folder);
        }
        let found = cache.han_faces.find(forms, &options.font_paths, &fonts);
        for (path, why) in &found.unusable {
            let message = format!("the font file `{}` is not used: {why}", path.display());
            warnings.push(note(source, message));
        }
        match &found.faces {
            Some(faces) => style = style.with_han_faces(faces),
            None => han_forms_missing = Some(forms),
        }
    }
    let style = &style;
    let book = FontBook::with_files(&cache.faces, &style.font_files);
    let hyphenation = cache.hyphenators.get(&resume.language);
    if style.hyphenate
        && text::hyphenate::Hyphenator::is_needed(&resume.language)
        && !hyphenation.is_available()
    {
        let message =
            format!("no hyphenation patterns for `{}`: words are not hyphenated", resume.language);
        warnings.push(note(source, message));
    }
    if !model::locale::Locale::knows(&resume.language) {
        let message = format!(
            "cvpdf has no words for `{}`: the months and \"present\" in dates are English \
             (`dates.month-names` and `dates.present` in the résumé's `layout:` set them)",
            resume.language
        );
        warnings.push(note(source, message));
    }
    let resume = &resume;
    let resources = text::Resources {
        shapes: cache.shapes.clone(),
        hyphenators: cache.hyphenators.clone(),
        threads: options.threads.max(1),
    };
    // Words shaped with the font files of builds that are over go with them.
    resources.shapes.forget_unused_fonts();
    let (laid, left_out) = match &style.fit {
        None => {
            (typeset::lay_out_pulled_back(resume, style, &book, &resources), Default::default())
        }
        Some(fit) => {
            match typeset::fit::fit_with(resume, style, fit, &book, allow_dropping, &resources) {
                Ok(fitted) => (Ok(fitted.laid), fitted.left_out),
                Err(FitError::Text(p)) => (Err(p), Default::default()),
                Err(FitError::TooLong { pages, lines_over, dropping_allowed }) => {
                    let s = if fit.pages == 1 { "" } else { "s" };
                    let mut d = Diagnostic::new(format!(
                        "the résumé does not fit on {} page{s}: at the smallest setting the layout \
                     allows it takes {pages} pages, {lines_over} lines too many",
                        fit.pages
                    ));
                    d = if dropping_allowed {
                        d.hint("even leaving out what the rule allows is not enough: shorten the résumé")
                    } else {
                        d.hint("without --no-drop, cvpdf leaves out the bullets of the oldest entries, then the oldest entries")
                    };
                    return Err(Error::Input(vec![source.report(&d, Severity::Error)]));
                }
            }
        }
    };
    let laid =
        laid.map_err(|p| Error::Input(vec![report_problem(source, style, &p, Severity::Error)]))?;
    warnings
        .extend(laid.warnings.iter().map(|p| report_problem(source, style, p, Severity::Warning)));
    let fit_pages = style.fit.map(|f| f.pages);
    let pages = laid.document.pages.len();
    // Only where `--pages` could take it: a résumé of a hundred pages has other problems.
    let short_page_matters = fit_pages.is_none() && (2..=style::MAX_FIT_PAGES + 1).contains(&pages);
    let last_lines = laid.document.pages.last().map_or(0, |last| last.text_lines());
    if short_page_matters && last_lines <= typeset::SHORT_PAGE_LINES {
        let lines = last_lines;
        let message = format!(
            "the last page holds only {lines} line{}: `--pages {}` shrinks the type and spaces to take them back (and leaves out the oldest content if need be)",
            if lines == 1 { "" } else { "s" },
            pages - 1
        );
        warnings.push(Report { rendered: format!("note: {message}\n"), ..note(source, message) });
    }
    if let Some(forms) = han_forms_missing
        && uses_mainland_forms(&laid.document, &book)
    {
        let message = han_forms_note(forms, &resume.language, &options.font_paths);
        warnings.push(Report { rendered: format!("note: {message}\n"), ..note(source, message) });
    }
    let typeset::Laid { document, meta, .. } = laid;
    let font_files = style.font_files.clone();
    let faces = cache.faces.clone();
    Ok(LaidOut { document, layout, meta, font_files, faces, warnings, left_out, fit_pages })
}

/// Whether any text of the document is set in Noto Sans SC, with the mainland's forms.
fn uses_mainland_forms(document: &paginate::Document, book: &FontBook) -> bool {
    let mainland = [false, true]
        .map(|bold| book.select(font::Family::NotoSansSc, font::Variant { bold, italic: false }));
    let lines = document.pages.iter().flat_map(|page| &page.lines);
    lines
        .flat_map(|placed| &placed.line.items)
        .any(|item| matches!(item, text::LineItem::Text(run) if mainland.contains(&run.face)))
}

/// What to do for a résumé whose Han characters should have `forms` but were set with
/// the mainland's.
fn han_forms_note(forms: font::han::HanForms, language: &str, folders: &[PathBuf]) -> String {
    let (name, face) = (forms.name(), forms.face_name());
    let why = match folders.is_empty() {
        true => "the only Chinese face cvpdf carries".to_string(),
        false => format!("no folder given with --font-path has {face}"),
    };
    format!(
        "the résumé is in {name} (`{language}`), but its Han characters are drawn with the \
         mainland's forms of Noto Sans SC ({why}): for {name} forms, give a folder with \
         {face} with --font-path FOLDER (on Debian and Ubuntu, `apt install \
         fonts-noto-cjk` and `--font-path /usr/share/fonts/opentype/noto`; elsewhere, \
         the folder of cvpdf-fonts-cjk.tar.gz from cvpdf's releases)"
    )
}

/// A warning about the whole file, with no place in it.
fn note(source: &Source, message: String) -> Report {
    Report {
        rendered: format!("warning: {message}\n"),
        message,
        file: source.name.clone(),
        position: None,
    }
}

/// An error about the whole file, with no place in it.
fn note_error(source: &Source, message: String) -> Report {
    Report {
        rendered: format!("error: {message}\n"),
        message,
        file: source.name.clone(),
        position: None,
    }
}

/// Report a text-stage problem at its place: in the résumé file, or in the layout file
/// that wrote the text (a bullet marker, a footer).
fn report_problem(
    resume: &Source,
    style: &style::Style,
    p: &TextProblem,
    severity: Severity,
) -> Report {
    let in_layout = |text: style::LayoutText| style.places.of(text).map(|(l, s)| (l, s.start));
    let (source, origin) = match style::LayoutText::of_origin(p.origin) {
        Some(text) => in_layout(text).unwrap_or((resume, 0)),
        // A character that is not in the résumé's field came from the layout's text
        // set with it (a `dates.present` word in an entry's dates).
        None => match p.needle.as_deref() {
            Some(needle) if model::locate(&resume.text, p.origin, needle).is_none() => {
                style::LayoutText::ALL
                    .into_iter()
                    .find(|&t| style.layout_text(t).contains(needle))
                    .and_then(in_layout)
                    .unwrap_or((resume, p.origin))
            }
            _ => (resume, p.origin),
        },
    };
    let at = p
        .needle
        .as_deref()
        .and_then(|needle| model::locate(&source.text, origin, needle))
        .unwrap_or(origin);
    let len = p.needle.as_ref().map_or(1, |n| n.len());
    let mut d = Diagnostic::new(p.message.clone()).at(Span::new(at, len));
    if let Some(hint) = &p.hint {
        d = d.hint(hint.clone());
    }
    source.report(&d, severity)
}
