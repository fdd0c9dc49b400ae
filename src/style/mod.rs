//! Style stage: a layout file (`layouts/*.yaml`, or the user's own) → resolved [`Style`]
//! in points, colours and font families.
//!
//! The presets are data embedded at build time; nothing about the look lives in code.

mod entry;
mod font;
mod length;
mod photo;
mod show;
mod sidebar;

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

pub use entry::{ColourName, EntryLine, EntryTemplate, Field, FieldLook, SizeName};
pub use length::Length;
pub use photo::{PhotoShape, PhotoSide, PhotoStyle};
pub use show::to_yaml;
pub use sidebar::{Columns, SidebarPages, SidebarSide, SidebarStyle};

pub use crate::model::Paper;

use crate::access::{Access, is_layout_path};
use crate::diag::{Diagnostic, MAX_REPORTED, Source, Span, suggest};
use crate::font::{Family, FontFile, FontFiles};
use crate::model::{load_yaml, span_of};

/// The shared defaults every preset extends: not a preset itself, but `extends: base`
/// works in any layout.
const BASE: &str = include_str!("../../layouts/base.yaml");

/// The presets shipped in the binary, by name.
pub const PRESETS: &[(&str, &str)] = &[
    ("detailed", include_str!("../../layouts/detailed.yaml")),
    ("one-page", include_str!("../../layouts/one-page.yaml")),
    ("two-page", include_str!("../../layouts/two-page.yaml")),
    ("classic", include_str!("../../layouts/classic.yaml")),
    ("modern", include_str!("../../layouts/modern.yaml")),
    ("engineering", include_str!("../../layouts/engineering.yaml")),
    ("harvard", include_str!("../../layouts/harvard.yaml")),
    ("awesome", include_str!("../../layouts/awesome.yaml")),
    ("ember", include_str!("../../layouts/ember.yaml")),
    ("ink", include_str!("../../layouts/ink.yaml")),
    ("opal", include_str!("../../layouts/opal.yaml")),
    ("timeline", include_str!("../../layouts/timeline.yaml")),
    ("sidebar", include_str!("../../layouts/sidebar.yaml")),
];

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// How section headings are cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Upper,
    /// Lowercase letters as small capitals, as in LaTeX's `\textsc`.
    SmallCaps,
    AsIs,
}

/// Horizontal alignment of the header block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
}

/// How months are written in dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthStyle {
    /// "Jun 2024"
    Short,
    /// "2024.06"
    Numeric,
}

/// The weight of the name atop the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameWeight {
    Bold,
    /// The last word bold (the family name, in Western order), the words before regular.
    LastBold,
}

impl NameWeight {
    pub const ALL: [(&'static str, NameWeight); 2] =
        [("bold", NameWeight::Bold), ("last-bold", NameWeight::LastBold)];
}

/// Where a section heading's rule goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulePosition {
    /// Under the heading, across the text width.
    Below,
    /// Over the heading, across the text width.
    Above,
    /// On the heading's line, filling the width on either side of it (or after it, for
    /// a heading on the left), through the middle of its small letters.
    Beside,
}

impl RulePosition {
    pub const ALL: [(&'static str, RulePosition); 3] = [
        ("below", RulePosition::Below),
        ("above", RulePosition::Above),
        ("beside", RulePosition::Beside),
    ];
}

/// A resolved layout: every length in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub page_width: f32,
    pub page_height: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    pub body_family: Family,
    pub heading_family: Family,
    pub mono_family: Family,
    pub fallback: Vec<Family>,
    pub sizes: Sizes,
    pub leading: Leading,
    pub spacing: Spacing,
    pub bullet_indent: f32,
    /// Where a bullet mark sits inside its level, from the level's left edge.
    pub bullet_marker: f32,
    pub row_gap: f32,
    pub text: Rgb,
    pub accent: Rgb,
    pub muted: Rgb,
    pub link: Rgb,
    pub heading_case: Case,
    /// Letter spacing of headings, in em.
    pub heading_tracking: f32,
    pub heading_rule: f32,
    /// Where a heading's rule is drawn.
    pub heading_rule_position: RulePosition,
    /// How long a rule below or above a heading is, from the heading's start (centred
    /// under a centred one); 0 draws it across the text width.
    pub heading_rule_width: f32,
    /// The width of an accent bar before a heading's text, in the accent colour; 0 for
    /// none.
    pub heading_bar: f32,
    /// How tall the accent bar is, through the middle of the capitals; 0 makes it as
    /// tall as they are.
    pub heading_bar_thickness: f32,
    /// How many of a heading's first letters are set in the accent colour, the rest in
    /// the text colour; 0 sets the whole heading in the accent colour.
    pub heading_accent_letters: usize,
    pub heading_align: Align,
    pub header_align: Align,
    /// How the name is set: all bold, or its last word bold and the rest regular.
    pub name_weight: NameWeight,
    /// The name's colour: the accent or the text colour.
    pub name_colour: ColourName,
    pub separator: String,
    /// Whether each contact item has its icon before it (e-mail, phone, place, a
    /// profile's site).
    pub contact_icons: bool,
    /// How many contact items the header sets on a line, each line its own; 0 sets them
    /// all on one, wrapped where the width ends.
    pub contact_per_line: usize,
    /// Where an entry's heading puts its title, subtitle, location and dates.
    pub entry: EntryTemplate,
    /// Where and how a résumé's photo is set.
    pub photo: PhotoStyle,
    /// A column beside the main one, and the sections it holds.
    pub sidebar: SidebarStyle,
    pub bullets: Vec<String>,
    pub justify: bool,
    pub hyphenate: bool,
    /// Ragged-right stretch per line; `em` is the body size (see [`Style::ragged_stretch`]).
    pub ragged: Length,
    pub months: MonthStyle,
    /// The twelve months' names, January first, over the language's own (empty: the
    /// language's): "Jan. 2024" for `short` dates.
    pub month_names: Vec<String>,
    pub present: String,
    /// The sections whose entries' date ranges say how long they lasted ("2 years 3
    /// months"), by title as the sidebar's are matched.
    pub time_spans_in: Vec<String>,
    /// Section titles the layout gives instead of the résumé's or cvpdf's: each section
    /// a name matches (as the sidebar's names match) takes the title after it.
    pub titles: Vec<(String, String)>,
    /// The footer: placeholders `{page}`, `{pages}`, `{name}`, `{updated}`; empty for none.
    pub footer_text: String,
    /// Whether a one-page document gets a footer too (page numbers on one page say little).
    pub footer_on_single_page: bool,
    /// A line at the top of every page but the first, with the same placeholders; empty
    /// for none.
    pub running_head: String,
    /// Fitting to a number of pages, if the layout asks for it.
    pub fit: Option<Fit>,
    /// The font files the families name (`Family::Files`), in the order of their ids.
    pub font_files: Vec<Arc<FontFile>>,
    /// Where the layout's own texts were written, for messages about them.
    pub places: Places,
}

/// A text that a layout gives and the résumé does not: problems the text stage finds in
/// it point into the layout file that wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutText {
    Bullets,
    Separator,
    Present,
    Footer,
    RunningHead,
    EntryJoin,
    DegreeJoin,
    Titles,
}

impl LayoutText {
    pub const ALL: [LayoutText; 8] = [
        LayoutText::Bullets,
        LayoutText::Separator,
        LayoutText::Present,
        LayoutText::Footer,
        LayoutText::RunningHead,
        LayoutText::EntryJoin,
        LayoutText::DegreeJoin,
        LayoutText::Titles,
    ];

    /// The stand-in for a byte offset of the résumé that a run of this text carries
    /// (`compose::Run::origin`): past the end of any file.
    pub const fn origin(self) -> usize {
        usize::MAX - self as usize
    }

    /// The layout text a run's origin stands for, if it stands for one.
    pub fn of_origin(origin: usize) -> Option<LayoutText> {
        LayoutText::ALL.into_iter().find(|t| t.origin() == origin)
    }

    /// The key that sets it in a layout file.
    pub fn key(self) -> &'static str {
        match self {
            LayoutText::Bullets => "bullets",
            LayoutText::Separator => "header.separator",
            LayoutText::Present => "dates.present",
            LayoutText::Footer => "footer.text",
            LayoutText::RunningHead => "header.running-head",
            LayoutText::EntryJoin => "entry.join",
            LayoutText::DegreeJoin => "entry.degree-join",
            LayoutText::Titles => "titles",
        }
    }
}

impl Style {
    /// The text a layout gives for `which` (the markers joined).
    pub fn layout_text(&self, which: LayoutText) -> String {
        match which {
            LayoutText::Bullets => self.bullets.concat(),
            LayoutText::Separator => self.separator.clone(),
            LayoutText::Present => self.present.clone(),
            LayoutText::Footer => self.footer_text.clone(),
            LayoutText::RunningHead => self.running_head.clone(),
            LayoutText::EntryJoin => self.entry.join.clone(),
            LayoutText::DegreeJoin => self.entry.degree_join().to_string(),
            LayoutText::Titles => {
                self.titles.iter().map(|(_, title)| title.as_str()).collect::<Vec<_>>().join("\n")
            }
        }
    }
}

/// Where each [`LayoutText`] was written: the file and the value's span in it. The
/// presets' places are their embedded files.
#[derive(Debug, Clone, Default)]
pub struct Places {
    places: Vec<(LayoutText, Arc<Source>, Span)>,
}

impl Places {
    /// The file and span of a layout text, if a file set it.
    pub fn of(&self, text: LayoutText) -> Option<(&Source, Span)> {
        self.places.iter().rev().find(|(t, _, _)| *t == text).map(|(_, s, span)| (&**s, *span))
    }

    fn set(&mut self, text: LayoutText, source: &Arc<Source>, span: Span) {
        self.places.retain(|(t, _, _)| *t != text);
        self.places.push((text, source.clone(), span));
    }
}

/// Where a value was written never changes how a résumé looks.
impl PartialEq for Places {
    fn eq(&self, _: &Places) -> bool {
        true
    }
}

/// The most pages a layout may be fitted to (`fit.pages`, `--pages`).
pub const MAX_FIT_PAGES: usize = 50;

/// How far a layout may shrink to fit its page count, before content is left out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The number of pages to fit into.
    pub pages: usize,
    /// The smallest body size; every other size shrinks in proportion.
    pub min_body: f32,
    /// The smallest body leading.
    pub min_leading: f32,
    /// The smallest vertical spaces, as a fraction of the layout's.
    pub min_spacing: f32,
    /// The smallest margin.
    pub min_margin: f32,
}

impl Style {
    /// Width of the text area.
    pub fn measure(&self) -> f32 {
        self.page_width - self.margin_left - self.margin_right
    }

    /// Ragged-right stretch per line in points: an `em` value follows the body size, also
    /// in a layout that changes the size but inherits the stretch.
    pub fn ragged_stretch(&self) -> f32 {
        self.ragged.points(self.sizes.body)
    }

    /// Height of the text area.
    pub fn text_height(&self) -> f32 {
        self.page_height - self.margin_top - self.margin_bottom
    }
}

/// Font sizes in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizes {
    pub body: f32,
    pub name: f32,
    pub native_name: f32,
    pub headline: f32,
    pub contact: f32,
    pub heading: f32,
    pub entry_title: f32,
    pub meta: f32,
    pub footer: f32,
    /// `code` relative to the size of the text around it.
    pub code_scale: f32,
}

/// Baseline distances, as multiples of the font size.
#[derive(Debug, Clone, PartialEq)]
pub struct Leading {
    pub body: f32,
    /// Name and headline.
    pub header: f32,
    /// Section headings.
    pub heading: f32,
}

/// Vertical spaces in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Spacing {
    /// Below the header block.
    pub header: f32,
    /// Above the headline.
    pub headline: f32,
    /// Above the contact line.
    pub contact: f32,
    /// Above a section heading.
    pub section: f32,
    /// Between a heading and its rule.
    pub rule: f32,
    /// Between a heading's rule and what follows.
    pub heading: f32,
    pub entry: f32,
    /// Between an entry's title lines and its body.
    pub entry_body: f32,
    pub paragraph: f32,
    pub bullet: f32,
}

/// One line about each preset: the first comment line of its file.
pub fn describe(preset: &str) -> String {
    let text = PRESETS.iter().find(|(name, _)| *name == preset).map_or("", |(_, t)| t);
    let first = text.lines().next().unwrap_or("").trim_start_matches('#').trim();
    first.split_once(": ").map_or(first, |(_, what)| what).to_string()
}

/// Resolve a layout given as a preset name or a file path, following `extends`; a layout
/// file may read files in its own folder.
pub fn resolve(name_or_path: &str) -> Result<Style, (Source, Diagnostic)> {
    let mut access = Access::none();
    if is_layout_path(name_or_path) {
        access.allow_folder_of(Path::new(name_or_path));
    }
    resolve_with(name_or_path, &access)
}

/// [`resolve`], reading only what `access` allows (`extends:` and font files).
pub fn resolve_with(name_or_path: &str, access: &Access) -> Result<Style, (Source, Diagnostic)> {
    let source =
        find_named(name_or_path, access).map_err(|d| (Source::new("--layout", name_or_path), d))?;
    resolve_source(Arc::new(source), access, None, 0)
}

/// Parse and check a layout file, following its `extends`; it may read files in its own
/// folder.
pub fn from_source(source: &Source) -> Result<Style, Diagnostic> {
    let mut access = Access::none();
    access.allow_folder_of(Path::new(&source.name));
    resolve_source(Arc::new(source.clone()), &access, None, 0).map_err(|(_, d)| d)
}

/// Whether a résumé may have a `layout:` block: most have none, and are not parsed a
/// second time for it.
fn has_block(resume: &Source) -> bool {
    let text = &resume.text;
    text.starts_with("layout:") || text.contains("\nlayout:")
}

/// The preset a résumé's `layout:` block `extends`, if it names one, with its place: the
/// layout the résumé is built with when no `--layout` is given, as a RenderCV file's
/// theme chooses its own. A block extends presets only: a layout file is chosen with
/// `--layout`, by whoever builds.
pub fn block_preset(resume: &Source) -> Result<Option<(String, Span)>, Diagnostic> {
    if !has_block(resume) || !resume.text.contains("extends") {
        return Ok(None);
    }
    #[derive(Deserialize)]
    struct Block {
        extends: Option<Spanned<String>>,
    }
    #[derive(Deserialize)]
    struct ResumeLayout {
        layout: Option<Block>,
    }
    let parsed: ResumeLayout = load_yaml(resume)?;
    let Some(extends) = parsed.layout.and_then(|block| block.extends) else { return Ok(None) };
    let name = extends.value.trim();
    if !PRESETS.iter().any(|(preset, _)| *preset == name) {
        let mut d = Diagnostic::new(format!(
            "a résumé's layout block extends a preset, and `{name}` is none"
        ))
        .at(span_of(&extends));
        if let Some(near) = suggest(name, preset_names()) {
            d = d.hint(format!("did you mean `{near}`?"));
        }
        return Err(d.hint(format!(
            "the presets are: {}; a layout file is chosen with --layout",
            preset_names().join(", ")
        )));
    }
    Ok(Some((name.to_string(), span_of(&extends))))
}

/// A style with the overrides of a résumé's own `layout:` block, if it has one. Its
/// values go over the chosen layout (its `extends` is read by [`block_preset`]); errors
/// point into the résumé file.
pub fn with_overrides(style: Style, resume: &Source, access: &Access) -> Result<Style, Diagnostic> {
    if !has_block(resume) {
        return Ok(style);
    }
    #[derive(Deserialize)]
    struct ResumeLayout {
        layout: Option<Spanned<RawLayout>>,
    }
    let parsed: ResumeLayout = load_yaml(resume)?;
    // Font files in the block are found relative to the résumé.
    let folder = folder_of(&resume.name);
    match parsed.layout {
        None => Ok(style),
        Some(block) => {
            let source = Arc::new(resume.clone());
            block.value.resolve(Some(&style), &Context::new(access, folder, &source))
        }
    }
}

/// A style with the values of a layout block, given as its text, over it: what a foreign
/// file's design sets over its theme ([`crate::model::FilePreset::layout`]). The text
/// names no file: fonts are the bundled ones.
pub fn with_values(style: Style, text: &str, access: &Access) -> Result<Style, Diagnostic> {
    let source = Arc::new(Source::new("design", text));
    let raw: RawLayout = load_yaml(&source)?;
    if raw.extends.is_some() {
        return Err(Diagnostic::new("values over a layout cannot `extends`"));
    }
    raw.resolve(Some(&style), &Context::new(access, Path::new("."), &source))
}

/// The folder of a file by its name as shown; `.` for a bare name.
fn folder_of(name: &str) -> &Path {
    match Path::new(name).parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// How many layouts may extend each other in a chain; more is surely a cycle.
const MAX_EXTENDS: usize = 8;

/// Resolve a layout's text. `named_by` is the `extends:` value that named it, when a file
/// chose it rather than the user: until such a file reads as a layout, its errors are
/// reported there, without quoting it (it may be any file of the folder).
fn resolve_source(
    source: Arc<Source>,
    access: &Access,
    named_by: Option<(&Arc<Source>, Span)>,
    depth: usize,
) -> Result<Style, (Source, Diagnostic)> {
    // A file that `extends` names is not quoted until it reads as a layout: unknown keys
    // in it (every key of a file of secrets) make it none.
    let read = read_layout(&source).and_then(|(raw, unknown)| match (named_by, unknown.first()) {
        (Some(_), Some(first)) => Err(first.clone()),
        _ => Ok((raw, unknown)),
    });
    let (raw, unknown) = match (read, named_by) {
        (Ok(read), _) => read,
        (Err(d), None) => return Err(((*source).clone(), d)),
        (Err(d), Some((parent, span))) => {
            let at = d.span.map(|s| source.line_column(s.start));
            let place = at.map_or(String::new(), |(l, c)| format!(" (line {l}, column {c})"));
            let d = Diagnostic::new(format!(
                "`{}` is not a layout file cvpdf can read{place}",
                source.name
            ))
            .at(span)
            .hint(format!(
                "a file that `extends` names is not quoted until it reads as a layout: see the \
                 problem with `cvpdf layouts show {}`",
                source.name
            ));
            return Err(((**parent).clone(), d));
        }
    };
    let folder = folder_of(&source.name);
    let base = match &raw.extends {
        None => None,
        Some(extends) if depth >= MAX_EXTENDS => {
            let d = Diagnostic::new("layouts extend each other in a cycle").at(span_of(extends));
            return Err(((*source).clone(), d));
        }
        Some(extends) => {
            let span = span_of(extends);
            let parent = find_extended(&extends.value, folder, access)
                .map_err(|d| ((*source).clone(), d.at(span)))?;
            let named_by = parent.1.then_some((&source, span));
            Some(resolve_source(Arc::new(parent.0), access, named_by, depth + 1)?)
        }
    };
    let context = Context::new(access, folder, &source);
    context.errors.borrow_mut().extend(unknown);
    raw.resolve(base.as_ref(), &context).map_err(|d| ((*source).clone(), d))
}

/// A layout file's values, with every unknown key in it. serde stops at the first key it
/// does not know; that key is then commented out in a copy of the text (its line, and
/// the lines indented under it) and the copy read again, so five misspelt keys take one
/// run. The copy keeps every byte in its place, so the values' places are the file's.
fn read_layout(source: &Source) -> Result<(RawLayout, Vec<Diagnostic>), Diagnostic> {
    let mut unknown: Vec<Diagnostic> = Vec::new();
    let mut copy = Cow::Borrowed(source);
    loop {
        let mistake = match load_yaml::<RawLayout>(&copy) {
            Ok(raw) => return Ok((raw, unknown)),
            Err(mistake) => mistake,
        };
        let without = mistake
            .span
            .filter(|_| {
                mistake.message.starts_with("unknown field") && unknown.len() < MAX_REPORTED
            })
            .and_then(|at| without_key(&copy.text, at.start));
        match without {
            Some(text) => {
                unknown.push(mistake);
                copy = Cow::Owned(Source::new(source.name.clone(), text));
            }
            None => {
                unknown.push(mistake.clone());
                return Err(Diagnostic::first_of(unknown, 0).unwrap_or(mistake));
            }
        }
    }
}

/// `text` with the key that starts at byte `at` commented out, with the lines indented
/// under it, byte for byte in place; `None` when the key does not start its line (one in
/// `{…}`), which cannot be taken out alone.
fn without_key(text: &str, at: usize) -> Option<String> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    if !text[line_start..at].bytes().all(|b| b == b' ') || at >= text.len() {
        return None;
    }
    let indent = at - line_start;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    let mut rest = &text[at..];
    let mut first = true;
    while !rest.is_empty() {
        let end = rest.find('\n').map_or(rest.len(), |n| n + 1);
        let (line, after) = rest.split_at(end);
        let content = line.trim_start_matches(' ');
        let deeper = line.len() - content.len() > indent;
        let blank = content.trim().is_empty();
        if !first && !deeper && !blank {
            break;
        }
        match content.chars().next().filter(|_| !blank) {
            // `#` in place of the line's first character, padded to its width.
            Some(c) => {
                out.push_str(&line[..line.len() - content.len()]);
                out.push('#');
                out.extend(std::iter::repeat_n(' ', c.len_utf8() - 1));
                out.push_str(&content[c.len_utf8()..]);
            }
            None => out.push_str(line),
        }
        first = false;
        rest = after;
    }
    out.push_str(rest);
    Some(out)
}

/// Largest layout file accepted; the presets are about 2 KB.
const MAX_LAYOUT_BYTES: u64 = 256 << 10;

/// A preset by name, if `name` is one.
fn preset(name: &str) -> Option<Source> {
    if let Some((_, text)) = PRESETS.iter().find(|(preset, _)| *preset == name) {
        return Some(Source::new(format!("layouts/{name}.yaml"), *text));
    }
    (name == "base").then(|| Source::new("layouts/base.yaml", BASE))
}

/// The error for a name that is neither a preset nor a path.
fn unknown_preset(name: &str) -> Diagnostic {
    let names = preset_names();
    let mut diagnostic = Diagnostic::new(format!("unknown layout `{name}`"))
        .hint(format!("the presets are: {}", names.join(", ")));
    if let Some(best) = suggest(name, names.iter().copied()) {
        diagnostic = diagnostic.hint(format!("did you mean `{best}`?"));
    }
    diagnostic
}

/// The layout of `--layout`: a preset, or a file the user named (read wherever it is).
fn find_named(name_or_path: &str, access: &Access) -> Result<Source, Diagnostic> {
    if let Some(source) = preset(name_or_path) {
        return Ok(source);
    }
    if !is_layout_path(name_or_path) {
        return Err(unknown_preset(name_or_path));
    }
    let bytes = access
        .read_named(Path::new(name_or_path), MAX_LAYOUT_BYTES)
        .map_err(|denied| layout_denied(&denied, name_or_path))?;
    layout_text(bytes, name_or_path.to_string())
}

/// The layout an `extends:` in a file of `folder` names: a preset, or a file of the
/// folders the build may read, whose name ends in `.yaml` or `.yml`. Whether it is a file
/// (a file chose it, so it is not quoted until it reads as a layout).
fn find_extended(name: &str, folder: &Path, access: &Access) -> Result<(Source, bool), Diagnostic> {
    let name = name.trim();
    if let Some(source) = preset(name) {
        return Ok((source, false));
    }
    if !is_layout_path(name) {
        return Err(unknown_preset(name));
    }
    // Relative to the working folder, the path is shown as it was given.
    let shown = if folder == Path::new(".") {
        name.to_string()
    } else {
        folder.join(name).display().to_string()
    };
    // Outside the allowed folders or hidden: refused before anything else is said of it.
    access.check_within(folder, name).map_err(|denied| layout_denied(&denied, &shown))?;
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return Err(Diagnostic::new(format!(
            "`extends` names `{shown}`, which is not a layout file: its name must end in .yaml"
        ))
        .hint(format!(
            "give a preset name ({}) or a .yaml layout file",
            preset_names().join(", ")
        )));
    }
    let (_, bytes) = access
        .read_within(folder, name, MAX_LAYOUT_BYTES)
        .map_err(|denied| layout_denied(&denied, &shown))?;
    layout_text(bytes, shown).map(|source| (source, true))
}

fn layout_denied(denied: &crate::access::Denied, shown: &str) -> Diagnostic {
    let d = denied.diagnostic("layout file", shown, MAX_LAYOUT_BYTES);
    match denied {
        crate::access::Denied::NotFound => {
            d.hint(format!("the presets are: {}", preset_names().join(", ")))
        }
        _ => d,
    }
}

fn layout_text(bytes: Vec<u8>, shown: String) -> Result<Source, Diagnostic> {
    String::from_utf8(bytes)
        .map(|text| Source::new(shown.clone(), text))
        .map_err(|_| Diagnostic::new(format!("the layout file `{shown}` is not UTF-8 text")))
}

/// What resolving a layout's values needs besides the values: where its font files may
/// be read from, and the file it is, for the places of its texts.
struct Context<'a> {
    access: &'a Access,
    folder: &'a Path,
    source: &'a Arc<Source>,
    /// The file's mistakes so far: a wrong value is kept for the report and the value of
    /// the layout it extends taken instead, so that one run reports them all.
    errors: std::cell::RefCell<Vec<Diagnostic>>,
}

impl<'a> Context<'a> {
    fn new(access: &'a Access, folder: &'a Path, source: &'a Arc<Source>) -> Self {
        Context { access, folder, source, errors: Default::default() }
    }

    /// [`pick`], going on past a wrong value that has one to fall back on.
    fn pick<R, T: Clone>(
        &self,
        raw: &Option<R>,
        base: Option<&T>,
        key: &str,
        check: impl FnOnce(&R) -> Result<T, Diagnostic>,
    ) -> Result<T, Diagnostic> {
        match (raw, base) {
            (Some(raw), Some(base)) => Ok(check(raw).unwrap_or_else(|mistake| {
                self.errors.borrow_mut().push(mistake);
                base.clone()
            })),
            _ => pick(raw, base, key, check),
        }
    }
}

fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|(n, _)| *n).collect()
}

/// A layout file: every value optional, taken from the layout it `extends` when absent.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLayout {
    extends: Option<Spanned<String>>,
    paper: Option<Spanned<String>>,
    #[serde(default)]
    margins: RawMargins,
    #[serde(default)]
    fonts: RawFonts,
    #[serde(default)]
    sizes: RawSizes,
    #[serde(default)]
    leading: RawLeading,
    #[serde(default)]
    spacing: RawSpacing,
    #[serde(default)]
    indent: RawIndent,
    #[serde(default)]
    colours: RawColours,
    #[serde(default)]
    heading: RawHeading,
    #[serde(default)]
    header: RawHeader,
    #[serde(default)]
    entry: entry::RawEntry,
    #[serde(default)]
    photo: photo::RawPhoto,
    #[serde(default)]
    sidebar: sidebar::RawSidebar,
    bullets: Option<Spanned<Vec<String>>>,
    justify: Option<bool>,
    hyphenate: Option<bool>,
    ragged_stretch: Option<Spanned<Length>>,
    #[serde(default)]
    dates: RawDates,
    #[serde(default)]
    footer: RawFooter,
    titles: Option<Spanned<BTreeMap<String, String>>>,
    fit: Option<RawFit>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFit {
    pages: Option<Spanned<u32>>,
    min_body: Option<Spanned<f32>>,
    min_leading: Option<Spanned<f32>>,
    min_spacing: Option<Spanned<f32>>,
    min_margin: Option<Spanned<Length>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMargins {
    top: Option<Spanned<Length>>,
    bottom: Option<Spanned<Length>>,
    left: Option<Spanned<Length>>,
    right: Option<Spanned<Length>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    body: Option<Spanned<font::RawFont>>,
    heading: Option<Spanned<font::RawFont>>,
    mono: Option<Spanned<font::RawFont>>,
    fallback: Option<Vec<Spanned<font::RawFont>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSizes {
    body: Option<Spanned<f32>>,
    name: Option<Spanned<f32>>,
    native_name: Option<Spanned<f32>>,
    headline: Option<Spanned<f32>>,
    contact: Option<Spanned<f32>>,
    heading: Option<Spanned<f32>>,
    entry_title: Option<Spanned<f32>>,
    meta: Option<Spanned<f32>>,
    footer: Option<Spanned<f32>>,
    code_scale: Option<Spanned<f32>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLeading {
    body: Option<Spanned<f32>>,
    header: Option<Spanned<f32>>,
    heading: Option<Spanned<f32>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSpacing {
    header: Option<Spanned<Length>>,
    headline: Option<Spanned<Length>>,
    contact: Option<Spanned<Length>>,
    section: Option<Spanned<Length>>,
    rule: Option<Spanned<Length>>,
    heading: Option<Spanned<Length>>,
    entry: Option<Spanned<Length>>,
    entry_body: Option<Spanned<Length>>,
    paragraph: Option<Spanned<Length>>,
    bullet: Option<Spanned<Length>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawIndent {
    bullet: Option<Spanned<Length>>,
    marker: Option<Spanned<Length>>,
    row_gap: Option<Spanned<Length>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawColours {
    text: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    muted: Option<Spanned<String>>,
    link: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHeading {
    case: Option<Spanned<String>>,
    tracking: Option<Spanned<f32>>,
    rule: Option<Spanned<Length>>,
    rule_position: Option<Spanned<String>>,
    rule_width: Option<Spanned<Length>>,
    bar: Option<Spanned<Length>>,
    bar_thickness: Option<Spanned<Length>>,
    accent_letters: Option<Spanned<u32>>,
    align: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHeader {
    align: Option<Spanned<String>>,
    name_weight: Option<Spanned<String>>,
    name_colour: Option<Spanned<String>>,
    separator: Option<Spanned<String>>,
    icons: Option<bool>,
    contact_per_line: Option<Spanned<u32>>,
    running_head: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDates {
    months: Option<Spanned<String>>,
    month_names: Option<Spanned<Vec<String>>>,
    present: Option<Spanned<String>>,
    time_spans_in: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFooter {
    text: Option<Spanned<String>>,
    single_page: Option<bool>,
}

/// A value this file sets (checked by `check`), else the one of the layout it extends.
fn pick<R, T: Clone>(
    raw: &Option<R>,
    base: Option<&T>,
    key: &str,
    check: impl FnOnce(&R) -> Result<T, Diagnostic>,
) -> Result<T, Diagnostic> {
    match (raw, base) {
        (Some(raw), _) => check(raw),
        (None, Some(base)) => Ok(base.clone()),
        (None, None) => Err(Diagnostic::new(format!("the layout does not set `{key}`")).hint(
            "start the file with `extends: detailed` to take what it does not set from a preset",
        )),
    }
}

/// A whole number from 0 to `max`.
fn count(raw: &Spanned<u32>, key: &str, max: u32) -> Result<usize, Diagnostic> {
    match raw.value {
        n if n <= max => Ok(n as usize),
        n => {
            Err(Diagnostic::new(format!("{key} {n} is out of range (0 to {max})")).at(span_of(raw)))
        }
    }
}

/// Section titles a layout names (the sidebar's, those with time spans): at most 32, of
/// up to 80 characters each, trimmed.
fn section_titles(raw: &Spanned<Vec<String>>, key: &str) -> Result<Vec<String>, Diagnostic> {
    if raw.value.len() > 32 || raw.value.iter().any(|s| s.chars().count() > 80) {
        let message = format!("`{key}` names at most 32 sections of up to 80 characters");
        return Err(Diagnostic::new(message).at(span_of(raw)));
    }
    Ok(raw.value.iter().map(|s| s.trim().to_string()).collect())
}

/// `titles`: a section name (as `sidebar.sections` names one) and the title the layout
/// gives that section, for at most 32 sections.
fn section_renames(
    raw: &Spanned<BTreeMap<String, String>>,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let too_long = |s: &str| s.chars().count() > 80 || s.trim().is_empty();
    if raw.value.len() > 32
        || raw.value.iter().any(|(name, title)| too_long(name) || too_long(title))
    {
        let message =
            "`titles` renames at most 32 sections, each name and title 1 to 80 characters";
        return Err(Diagnostic::new(message).at(span_of(raw)));
    }
    if let Some(bad) = raw.value.values().flat_map(|t| t.chars()).find(|c| c.is_control()) {
        return Err(control_character(bad).at(span_of(raw)));
    }
    Ok(raw.value.iter().map(|(name, title)| (name.trim().into(), title.trim().into())).collect())
}

/// A choice among named values, with a suggestion when misspelt.
fn choose<T: Copy>(
    raw: &Spanned<String>,
    what: &str,
    options: &[(&str, T)],
) -> Result<T, Diagnostic> {
    choose_at(&raw.value, span_of(raw), what, options)
}

/// [`choose`] for a value at `span`.
fn choose_at<T: Copy>(
    value: &str,
    span: crate::diag::Span,
    what: &str,
    options: &[(&str, T)],
) -> Result<T, Diagnostic> {
    let value = value.trim();
    if let Some((_, v)) = options.iter().find(|(n, _)| *n == value) {
        return Ok(*v);
    }
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    let mut d = Diagnostic::new(format!("unknown {what} `{value}`"))
        .at(span)
        .hint(format!("choose one of: {}", names.join(", ")));
    if let Some(best) = suggest(value, names.iter().copied()) {
        d = d.hint(format!("did you mean `{best}`?"));
    }
    Err(d)
}

fn size(raw: &Spanned<f32>, what: &str) -> Result<f32, Diagnostic> {
    let v = raw.value;
    if !v.is_finite() || !(4.0..=96.0).contains(&v) {
        return Err(Diagnostic::new(format!("{what} size {v} is out of range (4 to 96 pt)"))
            .at(span_of(raw)));
    }
    Ok(v)
}

fn ratio(raw: &Spanned<f32>, what: &str, min: f32, max: f32) -> Result<f32, Diagnostic> {
    let v = raw.value;
    if !v.is_finite() || !(min..=max).contains(&v) {
        return Err(Diagnostic::new(format!("{what} {v} is out of range ({min} to {max})"))
            .at(span_of(raw)));
    }
    Ok(v)
}

fn space(raw: &Spanned<Length>, what: &str, max: f32) -> Result<f32, Diagnostic> {
    let v = raw.value.points(0.0);
    if !v.is_finite() || v < 0.0 || v > max {
        return Err(Diagnostic::new(format!(
            "{what} {} is out of range (0 to {max} pt)",
            raw.value
        ))
        .at(span_of(raw)));
    }
    Ok(v)
}

/// A length in points between `min` and `max`, for `key`.
fn length(raw: &Spanned<Length>, key: &str, min: f32, max: f32) -> Result<f32, Diagnostic> {
    let v = raw.value.points(0.0);
    if !v.is_finite() || v < min || v > max {
        return Err(Diagnostic::new(format!(
            "{key} {} is out of range ({min:.0} to {max:.0} pt)",
            raw.value
        ))
        .at(span_of(raw)));
    }
    Ok(v)
}

fn colour(raw: &Spanned<String>) -> Result<Rgb, Diagnostic> {
    let hex = raw.value.trim();
    let digits =
        hex.strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
    match digits {
        Some(h) => {
            let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0);
            Ok(Rgb(byte(0), byte(2), byte(4)))
        }
        None => Err(Diagnostic::new(format!("`{hex}` is not a colour"))
            .at(span_of(raw))
            .hint("write colours as #rrggbb, e.g. \"#1f4e79\" (in quotes: # starts a comment)")),
    }
}

impl Style {
    /// The same style on other paper: the margins stay, the text area follows the page.
    pub fn on_paper(mut self, paper: Paper) -> Style {
        (self.page_width, self.page_height) = paper.size();
        self
    }

    /// The style with `join` between a degree its entry template does not place and the
    /// subtitle after it: a résumé's own phrase (RenderCV's `degree_with_area`), over the
    /// layout's, as a cvpdf résumé's `layout:` block goes over its preset.
    pub fn with_degree_join(mut self, join: &str) -> Style {
        self.entry.degree_join = Some(join.to_string());
        self
    }

    /// The style with `faces` for the Han characters (and kana) its fonts lack, in place
    /// of Noto Sans SC's mainland forms: first among the fallbacks that are not the
    /// layout's own font files, so that a layout that names a CJK font keeps it.
    pub fn with_han_faces(mut self, faces: &crate::font::han::HanFaces) -> Style {
        let mut id = |file: &Arc<FontFile>| {
            self.font_files.push(file.clone());
            crate::font::file_face_id(self.font_files.len() - 1)
        };
        let regular = id(&faces.regular);
        let bold = faces.bold.as_ref().map(&mut id);
        let family = Family::Files(FontFiles { regular, bold, italic: None, bold_italic: None });
        let first_bundled = self
            .fallback
            .iter()
            .position(|f| !matches!(f, Family::Files(_)))
            .unwrap_or(self.fallback.len());
        self.fallback.insert(first_bundled, family);
        self
    }

    /// The style fitted to at most `pages` pages: its own `fit` bounds with that page
    /// count, or, for a layout that has none, the bounds `one-page` has, in proportion
    /// to its sizes: a tenth off the body size (not below 8 pt), leading to 1.12, spaces
    /// to half, margins to 9 mm.
    pub fn fitted_to(mut self, pages: usize) -> Style {
        let bounds = self.fit.unwrap_or(Fit {
            pages,
            min_body: (0.9 * self.sizes.body).max(8.0).min(self.sizes.body),
            min_leading: 1.12,
            min_spacing: 0.5,
            min_margin: 9.0 * 72.0 / 25.4,
        });
        self.fit = Some(Fit { pages: pages.clamp(1, MAX_FIT_PAGES), ..bounds });
        self
    }

    /// This style with bounds that tighten only its vertical spaces, down to
    /// `min_spacing` times the layout's, to fit `pages` pages: type, leading and margins
    /// stay ([`Style::shrunk`]).
    pub fn spaces_tightened(mut self, pages: usize, min_spacing: f32) -> Style {
        self.fit = Some(Fit {
            pages,
            min_body: self.sizes.body,
            min_leading: f32::MAX,
            min_spacing,
            min_margin: f32::MAX,
        });
        self
    }
}

impl RawLayout {
    /// Resolve this file's values over those of the layout it extends; font files are
    /// found in `folder`, the file's own. Every mistake is reported, in file order.
    fn resolve(self, base: Option<&Style>, context: &Context) -> Result<Style, Diagnostic> {
        let resolved = self.resolve_values(base, context);
        let mut errors = context.errors.take();
        match resolved {
            Ok(style) => Diagnostic::first_of(errors, 0).map_or(Ok(style), Err),
            Err(last) => {
                errors.push(last.clone());
                Err(Diagnostic::first_of(errors, 0).unwrap_or(last))
            }
        }
    }

    fn resolve_values(self, base: Option<&Style>, context: &Context) -> Result<Style, Diagnostic> {
        let b = base;
        let mut places = b.map(|b| b.places.clone()).unwrap_or_default();
        let mut font_files = b.map(|b| b.font_files.clone()).unwrap_or_default();
        let (page_width, page_height) = context.pick(
            &self.paper,
            b.map(|b| (b.page_width, b.page_height)).as_ref(),
            "paper",
            |r| choose(r, "paper", &Paper::ALL).map(Paper::size),
        )?;
        let m = &self.margins;
        let margin = |raw: &Option<Spanned<Length>>, base: Option<f32>, key: &str| {
            context.pick(raw, base.as_ref(), key, |r| space(r, key, 300.0))
        };
        let top = margin(&m.top, b.map(|b| b.margin_top), "margins.top")?;
        let bottom = margin(&m.bottom, b.map(|b| b.margin_bottom), "margins.bottom")?;
        let left = margin(&m.left, b.map(|b| b.margin_left), "margins.left")?;
        let right = margin(&m.right, b.map(|b| b.margin_right), "margins.right")?;
        let at = |raws: [&Option<Spanned<Length>>; 2], d: Diagnostic| match raws
            .iter()
            .find_map(|r| r.as_ref())
        {
            Some(raw) => d.at(span_of(raw)),
            None => d,
        };
        if page_width - left - right < 144.0 {
            let d = Diagnostic::new(format!(
                "the margins leave {:.0} pt for text: at least 144 pt (2 in) are needed",
                page_width - left - right
            ));
            return Err(at([&m.left, &m.right], d));
        }
        if page_height - top - bottom < 144.0 {
            let d = Diagnostic::new(format!(
                "the margins leave {:.0} pt of height for text: at least 144 pt are needed",
                page_height - top - bottom
            ));
            return Err(at([&m.top, &m.bottom], d));
        }
        let mut fonts = font::FontPlace {
            access: context.access,
            folder: context.folder,
            files: &mut font_files,
        };
        let f = &self.fonts;
        let body_family = context.pick(&f.body, b.map(|b| &b.body_family), "fonts.body", |r| {
            font::family(r, &mut fonts)
        })?;
        let heading_family =
            context.pick(&f.heading, b.map(|b| &b.heading_family), "fonts.heading", |r| {
                font::family(r, &mut fonts)
            })?;
        let mono_family = context.pick(&f.mono, b.map(|b| &b.mono_family), "fonts.mono", |r| {
            font::family(r, &mut fonts)
        })?;
        let fallback =
            context.pick(&f.fallback, b.map(|b| &b.fallback), "fonts.fallback", |list| {
                list.iter().map(|r| font::family(r, &mut fonts)).collect()
            })?;
        let mut text = |raw: &Option<Spanned<String>>,
                        base: Option<&String>,
                        which: LayoutText,
                        max: usize|
         -> Result<String, Diagnostic> {
            context.pick(raw, base, which.key(), |r| {
                let value = layout_text_value(r, which.key(), max)?;
                places.set(which, context.source, span_of(r));
                Ok(value)
            })
        };
        let separator =
            text(&self.header.separator, b.map(|b| &b.separator), LayoutText::Separator, 16)?;
        let present = text(&self.dates.present, b.map(|b| &b.present), LayoutText::Present, 40)?;
        let footer_text =
            text(&self.footer.text, b.map(|b| &b.footer_text), LayoutText::Footer, 400)?;
        let running_head = text(
            &self.header.running_head,
            b.map(|b| &b.running_head),
            LayoutText::RunningHead,
            400,
        )?;
        let join = text(&self.entry.join, b.map(|b| &b.entry.join), LayoutText::EntryJoin, 16)?;
        // Unset, the degree is joined like any two fields: nothing to take from the base.
        let degree_join = match &self.entry.degree_join {
            Some(_) => Some(text(&self.entry.degree_join, None, LayoutText::DegreeJoin, 16)?),
            None => b.and_then(|b| b.entry.degree_join.clone()),
        };
        let entry = self.entry.resolve(b.map(|b| &b.entry), join, degree_join)?;
        let photo = self.photo.resolve(b.map(|b| &b.photo))?;
        let sidebar = self.sidebar.resolve(b.map(|b| &b.sidebar), page_width - left - right)?;
        let bullets = context.pick(&self.bullets, b.map(|b| &b.bullets), "bullets", |r| {
            if r.value.is_empty() || r.value.iter().any(|m| m.trim().is_empty()) {
                return Err(
                    Diagnostic::new("`bullets` needs at least one non-empty marker").at(span_of(r))
                );
            }
            if r.value.len() > 16 || r.value.iter().any(|m| m.chars().count() > 8) {
                return Err(Diagnostic::new(
                    "`bullets` has at most 16 markers of at most 8 characters each",
                )
                .at(span_of(r)));
            }
            if let Some(bad) = r.value.iter().find_map(|m| m.chars().find(|c| c.is_control())) {
                return Err(control_character(bad).at(span_of(r)));
            }
            places.set(LayoutText::Bullets, context.source, span_of(r));
            Ok(r.value.clone())
        })?;
        let s = &self.sizes;
        let bs = b.map(|b| &b.sizes);
        let sz = |raw: &Option<Spanned<f32>>, base: Option<f32>, key: &str| {
            context.pick(raw, base.as_ref(), key, |r| size(r, key.trim_start_matches("sizes.")))
        };
        let sizes = Sizes {
            body: sz(&s.body, bs.map(|b| b.body), "sizes.body")?,
            name: sz(&s.name, bs.map(|b| b.name), "sizes.name")?,
            native_name: sz(&s.native_name, bs.map(|b| b.native_name), "sizes.native-name")?,
            headline: sz(&s.headline, bs.map(|b| b.headline), "sizes.headline")?,
            contact: sz(&s.contact, bs.map(|b| b.contact), "sizes.contact")?,
            heading: sz(&s.heading, bs.map(|b| b.heading), "sizes.heading")?,
            entry_title: sz(&s.entry_title, bs.map(|b| b.entry_title), "sizes.entry-title")?,
            meta: sz(&s.meta, bs.map(|b| b.meta), "sizes.meta")?,
            footer: sz(&s.footer, bs.map(|b| b.footer), "sizes.footer")?,
            code_scale: context.pick(
                &s.code_scale,
                bs.map(|b| &b.code_scale),
                "sizes.code-scale",
                |r| ratio(r, "code-scale", 0.5, 1.5),
            )?,
        };
        let l = &self.leading;
        let bl = b.map(|b| &b.leading);
        let lead = |raw: &Option<Spanned<f32>>, base: Option<f32>, key: &str| {
            context.pick(raw, base.as_ref(), key, |r| ratio(r, key, 0.8, 3.0))
        };
        let leading = Leading {
            body: lead(&l.body, bl.map(|b| b.body), "leading.body")?,
            header: lead(&l.header, bl.map(|b| b.header), "leading.header")?,
            heading: lead(&l.heading, bl.map(|b| b.heading), "leading.heading")?,
        };
        let sp = &self.spacing;
        let bsp = b.map(|b| &b.spacing);
        let gap = |raw: &Option<Spanned<Length>>, base: Option<f32>, key: &str| {
            context.pick(raw, base.as_ref(), key, |r| space(r, key, 144.0))
        };
        let spacing = Spacing {
            header: gap(&sp.header, bsp.map(|b| b.header), "spacing.header")?,
            headline: gap(&sp.headline, bsp.map(|b| b.headline), "spacing.headline")?,
            contact: gap(&sp.contact, bsp.map(|b| b.contact), "spacing.contact")?,
            section: gap(&sp.section, bsp.map(|b| b.section), "spacing.section")?,
            rule: gap(&sp.rule, bsp.map(|b| b.rule), "spacing.rule")?,
            heading: gap(&sp.heading, bsp.map(|b| b.heading), "spacing.heading")?,
            entry: gap(&sp.entry, bsp.map(|b| b.entry), "spacing.entry")?,
            entry_body: gap(&sp.entry_body, bsp.map(|b| b.entry_body), "spacing.entry-body")?,
            paragraph: gap(&sp.paragraph, bsp.map(|b| b.paragraph), "spacing.paragraph")?,
            bullet: gap(&sp.bullet, bsp.map(|b| b.bullet), "spacing.bullet")?,
        };
        let indent = |raw: &Option<Spanned<Length>>, base: Option<f32>, key: &str| {
            context.pick(raw, base.as_ref(), key, |r| space(r, key, 72.0))
        };
        let paint = |raw: &Option<Spanned<String>>, base: Option<Rgb>, key: &str| {
            context.pick(raw, base.as_ref(), key, colour)
        };
        let c = &self.colours;
        let h = &self.heading;
        let body_size = sizes.body;
        Ok(Style {
            page_width,
            page_height,
            margin_top: top,
            margin_bottom: bottom,
            margin_left: left,
            margin_right: right,
            body_family,
            heading_family,
            mono_family,
            fallback,
            leading,
            bullet_indent: indent(
                &self.indent.bullet,
                b.map(|b| b.bullet_indent),
                "indent.bullet",
            )?,
            bullet_marker: indent(
                &self.indent.marker,
                b.map(|b| b.bullet_marker),
                "indent.marker",
            )?,
            row_gap: indent(&self.indent.row_gap, b.map(|b| b.row_gap), "indent.row-gap")?,
            text: paint(&c.text, b.map(|b| b.text), "colours.text")?,
            accent: paint(&c.accent, b.map(|b| b.accent), "colours.accent")?,
            muted: paint(&c.muted, b.map(|b| b.muted), "colours.muted")?,
            link: paint(&c.link, b.map(|b| b.link), "colours.link")?,
            heading_case: context.pick(
                &h.case,
                b.map(|b| &b.heading_case),
                "heading.case",
                |r| {
                    choose(
                        r,
                        "heading case",
                        &[
                            ("upper", Case::Upper),
                            ("small-caps", Case::SmallCaps),
                            ("as-is", Case::AsIs),
                        ],
                    )
                },
            )?,
            heading_tracking: context.pick(
                &h.tracking,
                b.map(|b| &b.heading_tracking),
                "heading.tracking",
                |r| ratio(r, "heading tracking", -0.1, 0.5),
            )?,
            heading_rule: context.pick(
                &h.rule,
                b.map(|b| &b.heading_rule),
                "heading.rule",
                |r| space(r, "heading rule", 6.0),
            )?,
            heading_rule_position: context.pick(
                &h.rule_position,
                b.map(|b| &b.heading_rule_position),
                "heading.rule-position",
                |r| choose(r, "rule position", &RulePosition::ALL),
            )?,
            heading_rule_width: context.pick(
                &h.rule_width,
                b.map(|b| &b.heading_rule_width),
                "heading.rule-width",
                |r| space(r, "heading rule width", 600.0),
            )?,
            heading_bar: context.pick(&h.bar, b.map(|b| &b.heading_bar), "heading.bar", |r| {
                space(r, "heading bar", 200.0)
            })?,
            heading_bar_thickness: context.pick(
                &h.bar_thickness,
                b.map(|b| &b.heading_bar_thickness),
                "heading.bar-thickness",
                |r| space(r, "heading bar thickness", 12.0),
            )?,
            heading_accent_letters: context.pick(
                &h.accent_letters,
                b.map(|b| &b.heading_accent_letters),
                "heading.accent-letters",
                |r| count(r, "heading.accent-letters", 10),
            )?,
            heading_align: context.pick(
                &h.align,
                b.map(|b| &b.heading_align),
                "heading.align",
                |r| choose(r, "alignment", &[("left", Align::Left), ("center", Align::Center)]),
            )?,
            contact_icons: context.pick(
                &self.header.icons,
                b.map(|b| &b.contact_icons),
                "header.icons",
                |r| Ok(*r),
            )?,
            contact_per_line: context.pick(
                &self.header.contact_per_line,
                b.map(|b| &b.contact_per_line),
                "header.contact-per-line",
                |r| count(r, "header.contact-per-line", 20),
            )?,
            name_weight: context.pick(
                &self.header.name_weight,
                b.map(|b| &b.name_weight),
                "header.name-weight",
                |r| choose(r, "name weight", &NameWeight::ALL),
            )?,
            name_colour: context.pick(
                &self.header.name_colour,
                b.map(|b| &b.name_colour),
                "header.name-colour",
                |r| choose(r, "name colour", &ColourName::ALL),
            )?,
            header_align: context.pick(
                &self.header.align,
                b.map(|b| &b.header_align),
                "header.align",
                |r| choose(r, "alignment", &[("left", Align::Left), ("center", Align::Center)]),
            )?,
            separator,
            entry,
            photo,
            sidebar,
            bullets,
            justify: context.pick(&self.justify, b.map(|b| &b.justify), "justify", |r| Ok(*r))?,
            hyphenate: context.pick(
                &self.hyphenate,
                b.map(|b| &b.hyphenate),
                "hyphenate",
                |r| Ok(*r),
            )?,
            ragged: context.pick(
                &self.ragged_stretch,
                b.map(|b| &b.ragged),
                "ragged-stretch",
                |r| {
                    let v = r.value.points(body_size);
                    if !(0.0..=200.0).contains(&v) {
                        return Err(Diagnostic::new(
                            "ragged-stretch is out of range (0 to 200 pt)",
                        )
                        .at(span_of(r)));
                    }
                    Ok(r.value)
                },
            )?,
            months: context.pick(
                &self.dates.months,
                b.map(|b| &b.months),
                "dates.months",
                |r| {
                    choose(
                        r,
                        "month style",
                        &[("short", MonthStyle::Short), ("numeric", MonthStyle::Numeric)],
                    )
                },
            )?,
            present,
            month_names: context.pick(
                &self.dates.month_names,
                b.map(|b| &b.month_names),
                "dates.month-names",
                |r| {
                    let names: Vec<String> = r.value.iter().map(|n| n.trim().to_string()).collect();
                    let long = names.iter().any(|n| n.chars().count() > 20 || n.is_empty());
                    match (names.len(), long) {
                        (0 | 12, false) => Ok(names),
                        _ => Err(Diagnostic::new(
                            "`dates.month-names` names the twelve months, January first, each in 1 to 20 characters (or none: the language's own)",
                        )
                        .at(span_of(r))),
                    }
                },
            )?,
            time_spans_in: context.pick(
                &self.dates.time_spans_in,
                b.map(|b| &b.time_spans_in),
                "dates.time-spans-in",
                |r| section_titles(r, "dates.time-spans-in"),
            )?,
            titles: context.pick(&self.titles, b.map(|b| &b.titles), "titles", |r| {
                let titles = section_renames(r)?;
                places.set(LayoutText::Titles, context.source, span_of(r));
                Ok(titles)
            })?,
            footer_text,
            footer_on_single_page: context.pick(
                &self.footer.single_page,
                b.map(|b| &b.footer_on_single_page),
                "footer.single-page",
                |r| Ok(*r),
            )?,
            running_head,
            fit: match &self.fit {
                None => b.and_then(|b| b.fit),
                Some(raw) => Some(raw.resolve(b.and_then(|b| b.fit.as_ref()))?),
            },
            sizes,
            spacing,
            font_files,
            places,
        })
    }
}

/// A text value of a layout (a separator, a footer): at most `max` characters, since
/// each is repeated (on every page, between every item), and without control characters.
fn layout_text_value(raw: &Spanned<String>, key: &str, max: usize) -> Result<String, Diagnostic> {
    let count = raw.value.chars().count();
    if count > max {
        return Err(Diagnostic::new(format!("`{key}` is {count} characters long: at most {max}"))
            .at(span_of(raw)));
    }
    if let Some(bad) = raw.value.chars().find(|c| c.is_control()) {
        return Err(control_character(bad).at(span_of(raw)));
    }
    Ok(raw.value.clone())
}

fn control_character(c: char) -> Diagnostic {
    Diagnostic::new(format!("a layout text holds the control character U+{:04X}", c as u32))
        .hint("remove it: a control character prints nothing")
}

impl RawFit {
    fn resolve(&self, base: Option<&Fit>) -> Result<Fit, Diagnostic> {
        Ok(Fit {
            pages: pick(&self.pages, base.map(|b| &b.pages), "fit.pages", |r| {
                if !(1..=MAX_FIT_PAGES as u32).contains(&r.value) {
                    return Err(Diagnostic::new(format!(
                        "fit.pages is out of range (1 to {MAX_FIT_PAGES})"
                    ))
                    .at(span_of(r)));
                }
                Ok(r.value as usize)
            })?,
            min_body: pick(&self.min_body, base.map(|b| &b.min_body), "fit.min-body", |r| {
                size(r, "fit.min-body")
            })?,
            min_leading: pick(
                &self.min_leading,
                base.map(|b| &b.min_leading),
                "fit.min-leading",
                |r| ratio(r, "fit.min-leading", 0.8, 3.0),
            )?,
            min_spacing: pick(
                &self.min_spacing,
                base.map(|b| &b.min_spacing),
                "fit.min-spacing",
                |r| ratio(r, "fit.min-spacing", 0.0, 1.0),
            )?,
            min_margin: pick(
                &self.min_margin,
                base.map(|b| &b.min_margin),
                "fit.min-margin",
                |r| space(r, "fit.min-margin", 300.0),
            )?,
        })
    }
}

impl Style {
    /// The style shrunk a fraction `t` (0 = as the layout says, 1 = the fit's minimum) of
    /// the way to its fitting bounds: type, leading, spaces and margins together.
    pub fn shrunk(&self, t: f32) -> Style {
        let Some(fit) = self.fit else { return self.clone() };
        let t = t.clamp(0.0, 1.0);
        let lerp = |from: f32, to: f32| from + (to - from) * t;
        let k = lerp(1.0, (fit.min_body / self.sizes.body).min(1.0));
        let mut s = self.clone();
        let z = &mut s.sizes;
        for size in [
            &mut z.body,
            &mut z.name,
            &mut z.native_name,
            &mut z.headline,
            &mut z.contact,
            &mut z.heading,
            &mut z.entry_title,
            &mut z.meta,
            &mut z.footer,
        ] {
            *size *= k;
        }
        let l = &mut s.leading;
        for leading in [&mut l.body, &mut l.header, &mut l.heading] {
            *leading = lerp(*leading, leading.min(fit.min_leading));
        }
        let spacing = lerp(1.0, fit.min_spacing);
        let sp = &mut s.spacing;
        for space in [
            &mut sp.header,
            &mut sp.headline,
            &mut sp.contact,
            &mut sp.section,
            &mut sp.rule,
            &mut sp.heading,
            &mut sp.entry,
            &mut sp.entry_body,
            &mut sp.paragraph,
            &mut sp.bullet,
        ] {
            *space *= spacing;
        }
        for indent in [&mut s.bullet_indent, &mut s.bullet_marker, &mut s.row_gap] {
            *indent *= k;
        }
        for margin in
            [&mut s.margin_top, &mut s.margin_bottom, &mut s.margin_left, &mut s.margin_right]
        {
            *margin = lerp(*margin, margin.min(fit.min_margin));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_taken_out_with_its_lines_and_every_byte_stays_in_place() {
        let text = "a:\n  ünknown:\n    b: 1\n\n    c: |\n      x\n  kept: 2\nlast: 3\n";
        let at = text.find("ünknown").unwrap();
        let out = without_key(text, at).unwrap();
        assert_eq!(out.len(), text.len());
        assert_eq!(out, "a:\n  # nknown:\n    #: 1\n\n    #: |\n      #\n  kept: 2\nlast: 3\n");
        // Not at the start of its line: inside `{…}`.
        let flow = "footer: { text: x, sise: 3 }\n";
        assert_eq!(without_key(flow, flow.find("sise").unwrap()), None);
    }

    fn write(dir: &Path, name: &str, text: &str) -> String {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    #[test]
    fn a_layout_extends_a_preset_and_changes_only_what_it_sets() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "mine.yaml",
            "extends: one-page\nsizes: { body: 10 }\npaper: letter\n",
        );
        let mine = resolve(&path).unwrap_or_else(|(_, d)| panic!("{}", d.message));
        let one_page = resolve("one-page").unwrap();
        assert_eq!(mine.sizes.body, 10.0);
        assert_eq!(mine.page_width, 612.0);
        assert_eq!(mine.sizes.name, one_page.sizes.name);
        assert_eq!(mine.margin_left, one_page.margin_left);
        // An em stretch follows the new body size.
        assert_eq!(mine.ragged_stretch(), 3.0 * 10.0);
    }

    #[test]
    fn extends_follows_files_relative_to_the_layout() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "base.yaml", "extends: detailed\nsizes: { body: 11 }\n");
        let path = write(dir.path(), "child.yaml", "extends: base.yaml\nsizes: { name: 30 }\n");
        let style = resolve(&path).unwrap_or_else(|(_, d)| panic!("{}", d.message));
        assert_eq!((style.sizes.body, style.sizes.name), (11.0, 30.0));
    }

    #[test]
    fn cycles_and_unknown_parents_are_errors_in_the_right_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.yaml", "extends: b.yaml\n");
        let b = write(dir.path(), "b.yaml", "extends: a.yaml\n");
        let (_, d) = resolve(&b).unwrap_err();
        assert_eq!(d.message, "layouts extend each other in a cycle");
        let bad = write(dir.path(), "bad.yaml", "sizes: { body: 11 }\nextends: detailled\n");
        let (source, d) = resolve(&bad).unwrap_err();
        assert!(source.name.ends_with("bad.yaml"), "{}", source.name);
        assert_eq!(source.line_column(d.span.unwrap().start), (2, 10));
        assert!(d.hints.iter().any(|h| h.contains("`detailed`")), "{:?}", d.hints);
    }

    #[test]
    fn a_layout_without_extends_must_set_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "bare.yaml", "paper: a4\n");
        let (_, d) = resolve(&path).unwrap_err();
        assert_eq!(d.message, "the layout does not set `margins.top`");
        assert!(d.hints[0].contains("extends: detailed"));
    }

    #[test]
    fn misspelt_keys_are_errors_with_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "typo.yaml", "extends: detailed\nsizez: { body: 11 }\n");
        let (_, d) = resolve(&path).unwrap_err();
        assert!(d.message.starts_with("unknown field `sizez`"), "{}", d.message);
        assert!(d.hints.iter().any(|h| h.contains("`sizes`")), "{:?}", d.hints);
    }

    #[test]
    fn every_preset_resolves() {
        for (name, _) in PRESETS {
            let style = resolve(name).unwrap_or_else(|(_, d)| panic!("{name}: {}", d.message));
            assert!(style.measure() > 300.0, "{name}");
        }
    }

    #[test]
    fn unknown_preset_suggests_the_closest() {
        let (_, d) = resolve("detailled").unwrap_err();
        assert_eq!(d.message, "unknown layout `detailled`");
        assert!(d.hints.iter().any(|h| h.contains("`detailed`")));
    }

    #[test]
    fn bad_values_point_at_themselves() {
        let text = BASE.replace("left: 19mm", "left: -5mm");
        let source = Source::new("bad.yaml", text);
        let d = from_source(&source).unwrap_err();
        assert!(d.message.contains("margins.left"), "{}", d.message);
        let (line, _) = source.line_column(d.span.unwrap().start);
        assert_eq!(source.text.lines().nth(line - 1).map(|l| l.contains("left: -5mm")), Some(true));
    }
}
