//! Compose stage: [`Resume`] + [`Style`] → [`Flow`], the résumé as a column of blocks
//! (paragraphs with styled runs, rules, key–value rows) with spacing and keep rules.
//!
//! This is where a résumé becomes typography: which text is bold, what is muted, where a
//! bullet hangs, which block must stay with the next. Nothing here measures text; the
//! text stage does that with the fonts.

mod dates;
mod restyle;

use std::sync::Arc;

use crate::font::{Family, Icon, Variant};
use crate::model::locale::Locale;
use crate::model::{Block as BodyBlock, Bullet, Entry, Inline, Link, Resume, Section, Text};
use crate::photo::Photo;
use crate::style::{
    Case, ColourName, Field, FieldLook, LayoutText, NameWeight, PhotoShape, PhotoSide, Rgb,
    RulePosition, SidebarSide, SizeName, Style,
};

pub use dates::{format_when, time_span};
use restyle::{accent_letters, last_word_bold};

/// The composed document.
#[derive(Debug, Clone)]
pub struct Flow {
    pub blocks: Vec<Block>,
    /// How many of the first blocks are the header (name, headline, photo, contact
    /// line): across the page above the columns when the layout has a sidebar.
    pub header: usize,
    /// The sidebar's column, when the layout has a sidebar and something goes in it.
    pub side: Vec<Block>,
    pub meta: Meta,
}

/// Document metadata, for the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: Option<String>,
    pub keywords: Vec<String>,
    pub language: String,
}

/// One block of the column, with how it joins its neighbours.
#[derive(Debug, Clone)]
pub struct Block {
    pub content: Content,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// The page may not break in the next this-many gaps after this block's last line:
    /// 1 keeps a heading with the next line, 2 an entry title with two lines of its body.
    pub keep_with_next: usize,
    /// An outline entry pointing at this block.
    pub mark: Option<Mark>,
    /// What the block is to a reader: the PDF's structure tags come from it.
    pub role: Role,
}

/// What a block is in the document's structure. A section runs from its heading to the
/// next, an entry from its heading to the next entry or section, and consecutive list
/// items make one list (nested by depth); the PDF stage builds its tag tree from these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The name atop the page: the document's title heading.
    Title,
    /// Running text: the headline, a summary or body paragraph.
    Paragraph,
    /// The contact line: location, e-mail, phone, links.
    Contact,
    /// A section heading.
    Heading,
    /// An entry's header line (title, subtitle, location, dates): the entry's heading.
    EntryHeading,
    /// A bulleted item, nested `depth` lists deep (0 for an outermost one).
    ListItem { depth: usize },
    /// Key–value rows: a list whose items are labelled by their keys.
    Rows,
    /// A rule: decoration, not content.
    Rule,
    /// The résumé's photo, with its alternate text.
    Figure,
}

/// What a block holds.
#[derive(Debug, Clone)]
pub enum Content {
    Paragraph(Paragraph),
    /// A horizontal rule: across the text width, or `width` long from the left (centred
    /// when `centred`).
    Rule {
        thickness: f32,
        colour: Rgb,
        width: Option<f32>,
        centred: bool,
    },
    /// The photo beside the header.
    Photo(PhotoBox),
    /// Key–value lines whose labels share one column, as wide as the widest label.
    Rows {
        rows: Vec<(Vec<Run>, Vec<Run>)>,
        /// Where the labels start, from the left margin.
        indent: f32,
        gap: f32,
        leading: f32,
        space_between: f32,
    },
}

/// A photo and the box it fills, beside the blocks that follow it.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoBox {
    pub photo: Arc<Photo>,
    /// The box's left edge, from the left margin.
    pub x: f32,
    pub width: f32,
    pub height: f32,
    pub shape: PhotoShape,
    /// The thickness of the line around it (0 for none).
    pub border: f32,
    pub border_colour: Rgb,
    /// What it shows, for a reader who cannot see it.
    pub alt: String,
    /// How many of the blocks after it are set beside it: the page goes on below the
    /// taller of the photo and them.
    pub beside: usize,
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Section(String),
    Entry(String),
}

/// A paragraph to be broken into lines.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub runs: Vec<Run>,
    /// Left edge of every line, from the left margin.
    pub indent: f32,
    /// Right edge of every line, from the right margin (beside a photo on the right).
    pub right_indent: f32,
    /// A marker (bullet) drawn on the first line at its own x, hanging left of the text.
    pub marker: Option<Marker>,
    /// Set flush right on the first line's baseline (an entry's dates); moved to a line
    /// of its own below when it would collide with the text.
    pub trailing: Vec<Run>,
    pub align: Align,
    /// Baseline distance as a multiple of the largest font size in a line.
    pub leading: f32,
    /// What fills the width beside the text of each line (of a heading).
    pub beside: Beside,
    /// An accent bar before the text of each line, in the indent (a heading's).
    pub bar: Option<Bar>,
}

/// The gap between a heading's accent bar and its text, in em of the heading's size.
pub const BAR_GAP: f32 = 0.5;

/// An accent bar before a heading's text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub width: f32,
    /// Its height, through the middle of the capitals; 0 for as tall as they are.
    pub thickness: f32,
    pub colour: Rgb,
}

/// What fills the width beside a short line's text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Beside {
    /// Nothing: the line is as long as its text.
    Nothing,
    /// Whitespace, to text extraction: a short centred line between full ones is otherwise
    /// a text box of its own, which pdfminer.six reads out of order.
    Blank,
    /// A rule of this thickness and colour, over the whitespace (a heading between rules).
    Rule(f32, Rgb),
}

/// A hanging marker.
#[derive(Debug, Clone)]
pub struct Marker {
    pub runs: Vec<Run>,
    pub x: f32,
    /// Whether the text keeps clear of the marker, a wide blank after it, starting its
    /// first line further in when there is no room (an entry's column); a list's mark or
    /// a row's label hangs further out instead.
    pub clear: bool,
}

/// Paragraph alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Justify,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub family: Family,
    pub variant: Variant,
    pub size: f32,
    pub colour: Rgb,
    /// Extra space after every glyph, in em.
    pub tracking: f32,
    pub link: Option<String>,
    /// Whether words of this run may be hyphenated.
    pub hyphenate: bool,
    /// Whether lines may break inside this run (false for a contact item).
    pub breakable: bool,
    /// A separator between items (" · "): not printed when a line ends with it.
    pub separator: bool,
    /// Lowercase letters set as small capitals (OpenType `smcp`).
    pub small_caps: bool,
    /// An icon drawn before the run's text (a contact item's): an artifact, in the
    /// run's size and colour, that moves the text after it.
    pub icon: Option<Icon>,
    /// Byte offset in the résumé file of the text this run came from, or the
    /// [`LayoutText::origin`] of a text the layout gives (a marker, a separator).
    pub origin: usize,
}

/// Chinese, Japanese, Korean and the Indic and Southeast Asian scripts have no italics:
/// their glyphs stay upright in an italic run. A stretch of italic runs mostly in them
/// is set upright whole, so that its Latin commas, brackets and joins do not lean among
/// upright characters (a Japanese subtitle after its entry's title); a Latin stretch
/// with a CJK word in it keeps its slant.
fn upright_without_italics(runs: &mut [Run]) {
    let mut start = 0;
    while start < runs.len() {
        let end = start + runs[start..].iter().take_while(|r| r.variant.italic).count();
        if end > start {
            let text: String = runs[start..end].iter().map(|r| r.text.as_str()).collect();
            if mostly_without_italics(&text) {
                runs[start..end].iter_mut().for_each(|r| r.variant.italic = false);
            }
        }
        start = end + 1;
    }
}

/// Whether most of `text`'s letters are of a script without italics (CJK, Hangul,
/// Hebrew, Arabic, Indic, Southeast Asian).
fn mostly_without_italics(text: &str) -> bool {
    let (mut cjk, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        letters += 1;
        cjk += usize::from(matches!(c,
            '\u{3040}'..='\u{30FF}' // kana
            | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' // Han
            | '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' // Hangul
            | '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' // Hebrew, Arabic
            | '\u{0900}'..='\u{0DFF}' // Devanagari to Sinhala
            | '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' // Thai, Lao, Myanmar, Khmer
        ));
    }
    cjk * 2 > letters
}

/// A layout's join between fields in the résumé's language: Arabic and Persian write
/// their own comma (،), which turns the other way; after Chinese or Japanese text, the
/// comma is the full-width one (，, and Japanese 、), which holds its own space.
fn comma_of(join: &str, locale: &Locale, after: Option<char>) -> String {
    let cjk = after.is_some_and(|c| {
        restyle::is_east_asian(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF60}')
    });
    match locale.code {
        "ar" | "fa" => join.replace(',', "\u{060C}"),
        "zh" | "zh-Hant" if cjk => join.replace(", ", ",").replace(',', "\u{FF0C}"),
        "ja" if cjk => join.replace(", ", ",").replace(',', "\u{3001}"),
        _ => join.to_string(),
    }
}

/// Whether `c` is a letter of Arabic or an Indic or Southeast Asian script: scripts whose
/// letters join or stack, and come apart when set in pieces.
fn letters_join(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' // Arabic
        | '\u{0900}'..='\u{0DFF}' // Devanagari to Sinhala
        | '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' // Thai, Lao, Myanmar, Khmer
    )
}

/// Letter-spacing pulls apart what Arabic and the Indic and Southeast Asian scripts join
/// and stack (a vowel sign drawn before its consonant, conjuncts, marks above): their
/// words would read as broken, and typographers do not track them. A tracked run (a
/// heading) with letters of these scripts is set without tracking.
fn untracked_where_letters_join(runs: &mut [Run]) {
    for run in runs.iter_mut().filter(|r| r.tracking != 0.0) {
        if run.text.chars().any(letters_join) {
            run.tracking = 0.0;
        }
    }
}

/// Compose a résumé with a style.
pub fn compose(resume: &Resume, style: &Style) -> Flow {
    let locale = Locale::for_tag(&resume.language);
    let sidebar = &style.sidebar;
    let beside = sidebar.side != SidebarSide::None;
    let aside = |section: &Section| {
        let title = section.title.plain();
        beside && sidebar.sections.iter().any(|name| locale.names(name, &title))
    };
    let composer = |style| Composer {
        style,
        locale,
        blocks: Vec::new(),
        column: 0.0,
        updated: resume.updated,
        time_spans: false,
    };
    let mut c = composer(style);
    // The sidebar's entries may have a template of their own.
    let columns = style.columns();
    let side_style =
        columns.as_ref().filter(|_| !sidebar.entry_lines.is_empty()).map_or(style, |c| &c.side);
    let mut side = composer(side_style);
    let contact = c.header(resume, !(beside && sidebar.contact));
    let header = c.blocks.len();
    let side_photo = match (&columns, style.photo.side) {
        (Some(columns), PhotoSide::Sidebar) => side.sidebar_photo(resume, columns.side.measure()),
        _ => None,
    };
    let below_photo = match side_photo {
        Some(photo) => {
            side.push(Content::Photo(photo), 0.0, 1, None, Role::Figure);
            style.photo.gap
        }
        None => 0.0,
    };
    side.contact_list(contact, below_photo);
    for (i, paragraph) in resume.summary.iter().enumerate() {
        let space = if i == 0 { style.spacing.header } else { style.spacing.paragraph };
        c.paragraph(c.body(paragraph), space);
    }
    let mut first = resume.summary.is_empty();
    for section in &resume.sections {
        if aside(section) {
            // The sidebar starts at the page's top.
            let space = if side.blocks.is_empty() { 0.0 } else { style.spacing.section };
            side.section(section, space);
        } else {
            let space = match std::mem::take(&mut first) {
                true => style.spacing.header,
                false => style.spacing.section,
            };
            c.section(section, space);
        }
    }
    let document = Locale::for_tag(&resume.language).document;
    let meta = Meta {
        title: match resume.name.plain() {
            name if name.is_empty() => document.to_string(),
            name => format!("{name} — {document}"),
        },
        author: resume.name.plain(),
        subject: resume.headline.as_ref().map(Text::plain),
        keywords: resume.keywords.clone(),
        language: resume.language.clone(),
    };
    Flow { blocks: c.blocks, header, side: side.blocks, meta }
}

struct Composer<'a> {
    style: &'a Style,
    locale: &'static Locale,
    blocks: Vec<Block>,
    /// How far in the blocks being composed start: the width of the entry's column
    /// (`entry.column`) inside an entry that has one, else 0.
    column: f32,
    /// The end of an ongoing entry's time span, the résumé's `updated` (a build's clock
    /// would make a PDF that changes by the day); `None` gives ongoing entries none.
    updated: Option<crate::model::Date>,
    /// Whether the section being composed says how long its entries lasted
    /// (`dates.time-spans-in`).
    time_spans: bool,
}

/// How a piece of text is set, before it becomes runs.
#[derive(Clone, Copy)]
struct Look {
    family: Family,
    variant: Variant,
    size: f32,
    colour: Rgb,
    tracking: f32,
    hyphenate: bool,
    breakable: bool,
    small_caps: bool,
}

impl Composer<'_> {
    fn look(&self, size: f32, colour: Rgb) -> Look {
        Look {
            family: self.style.body_family,
            variant: Variant::default(),
            size,
            colour,
            tracking: 0.0,
            hyphenate: self.style.hyphenate,
            breakable: true,
            small_caps: false,
        }
    }

    /// Runs for a marked-up text in a base look: bold/italic add to the base, code uses
    /// the mono family, links take the link colour and are never hyphenated.
    fn runs(&self, text: &Text, look: Look) -> Vec<Run> {
        text.spans.iter().map(|span| self.run(span, text.origin, look)).collect()
    }

    fn run(&self, span: &Inline, origin: usize, look: Look) -> Run {
        let variant = Variant {
            bold: look.variant.bold || span.bold,
            italic: look.variant.italic || span.italic,
        };
        let (family, size) = if span.code {
            (self.style.mono_family, look.size * self.style.sizes.code_scale)
        } else {
            (look.family, look.size)
        };
        Run {
            text: span.text.clone(),
            family,
            variant,
            size,
            colour: if span.link.is_some() { self.style.link } else { look.colour },
            tracking: look.tracking,
            link: span.link.clone(),
            hyphenate: look.hyphenate && span.link.is_none() && !span.code,
            breakable: look.breakable,
            separator: false,
            small_caps: look.small_caps,
            icon: None,
            origin,
        }
    }

    /// The layout's separator between items; a line may end only after it, and then it
    /// is not printed. Its text is the layout's, and so is its origin.
    fn separator(&self, _origin: usize, mut look: Look) -> Run {
        look.breakable = false;
        let origin = LayoutText::Separator.origin();
        Run { separator: true, ..self.plain(&self.style.separator, origin, look) }
    }

    fn plain(&self, text: &str, origin: usize, look: Look) -> Run {
        let span =
            Inline { text: text.to_string(), bold: false, italic: false, code: false, link: None };
        self.run(&span, origin, look)
    }

    fn body(&self, text: &Text) -> Vec<Run> {
        self.runs(text, self.look(self.style.sizes.body, self.style.text))
    }

    fn push(
        &mut self,
        content: Content,
        space_before: f32,
        keep_with_next: usize,
        mark: Option<Mark>,
        role: Role,
    ) {
        let mut content = content;
        if let Content::Paragraph(p) = &mut content {
            upright_without_italics(&mut p.runs);
            upright_without_italics(&mut p.trailing);
            untracked_where_letters_join(&mut p.runs);
            untracked_where_letters_join(&mut p.trailing);
        }
        self.blocks.push(Block { content, space_before, keep_with_next, mark, role });
    }

    fn paragraph(&mut self, runs: Vec<Run>, space: f32) {
        self.indented(runs, 0.0, None, space, Role::Paragraph);
    }

    fn indented(
        &mut self,
        runs: Vec<Run>,
        indent: f32,
        marker: Option<Marker>,
        space: f32,
        role: Role,
    ) {
        let align = if self.style.justify { Align::Justify } else { Align::Left };
        let marker = marker.map(|m| Marker { x: m.x + self.column, ..m });
        let paragraph = Paragraph {
            runs,
            indent: indent + self.column,
            right_indent: 0.0,
            marker,
            trailing: Vec::new(),
            align,
            leading: self.style.leading.body,
            beside: Beside::Nothing,
            bar: None,
        };
        self.push(Content::Paragraph(paragraph), space, 0, None, role);
    }

    /// The name, headline and photo, and the contact line when `contact_line`; else the
    /// contact items are returned for the sidebar.
    fn header(&mut self, resume: &Resume, contact_line: bool) -> Vec<Vec<Run>> {
        let s = self.style;
        let align = match s.header_align {
            crate::style::Align::Left => Align::Left,
            crate::style::Align::Center => Align::Center,
        };
        let fixed = |mut look: Look| {
            look.hyphenate = false;
            look
        };
        let mut name_look = fixed(self.look(s.sizes.name, self.colour(s.name_colour)));
        name_look.variant.bold = true;
        let mut runs = self.runs(&resume.name, name_look);
        if s.name_weight == NameWeight::LastBold {
            runs = last_word_bold(runs);
        }
        if let Some(native) = &resume.native_name {
            // Two spaces: a name in another script is a second name, set apart a little
            // more than a word; and a word space at the change of font is where text
            // extractors lose it (pdf.js makes it an item of its own, which parsers drop,
            // then join the two names if what is left is narrower than a letter).
            runs.push(self.plain("  ", native.origin, name_look));
            let native_look = self.look(s.sizes.native_name, self.colour(s.name_colour));
            runs.extend(self.runs(native, fixed(native_look)));
        }
        // The photo goes first, and the header's text in the width beside it; a centred
        // header keeps the page's middle, as wide a space on the other side.
        let photo = self.photo(resume);
        let (indent, right_indent) = match &photo {
            None => (0.0, 0.0),
            Some(b) if align == Align::Center => (b.width + s.photo.gap, b.width + s.photo.gap),
            Some(b) if b.x == 0.0 => (b.width + s.photo.gap, 0.0),
            Some(b) => (0.0, b.width + s.photo.gap),
        };
        let photo_at = self.blocks.len();
        if let Some(photo) = photo {
            self.push(Content::Photo(photo), 0.0, 1, None, Role::Figure);
        }
        let header = |runs| Paragraph {
            runs,
            indent,
            right_indent,
            marker: None,
            trailing: Vec::new(),
            align,
            leading: s.leading.header,
            beside: Beside::Nothing,
            bar: None,
        };
        self.push(Content::Paragraph(header(runs)), 0.0, 1, None, Role::Title);
        if let Some(headline) = &resume.headline {
            let runs = self.runs(headline, fixed(self.look(s.sizes.headline, s.text)));
            let headline = Content::Paragraph(header(runs));
            self.push(headline, s.spacing.headline, 1, None, Role::Paragraph);
        }
        let mut contact_look = fixed(self.look(s.sizes.contact, s.muted));
        contact_look.breakable = false;
        let mut items: Vec<Vec<Run>> = Vec::new();
        let mut item = |mut runs: Vec<Run>, icon: Icon| {
            if let Some(first) = runs.first_mut().filter(|_| s.contact_icons) {
                first.icon = Some(icon);
            }
            items.push(runs);
        };
        if let Some(location) = &resume.location {
            item(self.runs(location, contact_look), Icon::location());
        }
        if let Some(email) = &resume.email {
            item(self.link_runs(email, contact_look), Icon::email());
        }
        if let Some(phone) = &resume.phone {
            item(self.runs(phone, contact_look), Icon::phone());
        }
        for link in &resume.links {
            item(self.link_runs(link, contact_look), Icon::for_address(&link.url));
        }
        let aside = if contact_line { Vec::new() } else { std::mem::take(&mut items) };
        // A line of the items at a time (all of them when the layout sets no count).
        let per_line =
            if s.contact_per_line == 0 { items.len().max(1) } else { s.contact_per_line };
        let mut space = s.spacing.contact;
        for line in items.chunks(per_line) {
            // The separator never breaks inside itself: a line may end only after it.
            let mut runs = Vec::new();
            for (i, item) in line.iter().enumerate() {
                if i > 0 {
                    runs.push(self.separator(resume.name.origin, contact_look));
                }
                runs.extend(item.iter().cloned());
            }
            let mut paragraph = header(runs);
            paragraph.leading = s.leading.body;
            self.push(Content::Paragraph(paragraph), space, 0, None, Role::Contact);
            space = 0.0;
        }
        let header_blocks = self.blocks.len() - photo_at - 1;
        if let Some(Content::Photo(photo)) = self.blocks.get_mut(photo_at).map(|b| &mut b.content) {
            photo.beside = header_blocks;
        }
        aside
    }

    /// Contact items down the sidebar, one a paragraph, the first `first_space` below
    /// what is above it.
    fn contact_list(&mut self, items: Vec<Vec<Run>>, first_space: f32) {
        for (i, mut runs) in items.into_iter().enumerate() {
            let space = if i == 0 { first_space } else { self.style.spacing.paragraph };
            // An item may wrap in a column this narrow.
            runs.iter_mut().for_each(|run| run.breakable = true);
            let paragraph = Paragraph {
                runs,
                indent: 0.0,
                right_indent: 0.0,
                marker: None,
                trailing: Vec::new(),
                align: Align::Left,
                leading: self.style.leading.body,
                beside: Beside::Nothing,
                bar: None,
            };
            self.push(Content::Paragraph(paragraph), space, 0, None, Role::Contact);
        }
    }

    /// The résumé's photo beside the header, if it has one and the layout puts it there.
    fn photo(&self, resume: &Resume) -> Option<PhotoBox> {
        let s = &self.style.photo;
        // The header's text keeps a third of the measure at least: a photo too wide for
        // the page's width (narrow paper, wide margins) is made smaller.
        let measure = self.style.measure();
        let centred = self.style.header_align == crate::style::Align::Center;
        let room = if centred { measure / 3.0 } else { measure * 2.0 / 3.0 } - s.gap;
        let width = s.width.min(room);
        let has_sidebar = self.style.sidebar.side != SidebarSide::None;
        let x = match s.side {
            PhotoSide::None => return None,
            PhotoSide::Sidebar if has_sidebar => return None,
            PhotoSide::Left | PhotoSide::Sidebar => 0.0,
            PhotoSide::Right => measure - width,
        };
        self.photo_box(resume, x, width)
    }

    /// The résumé's photo at the top of a sidebar `measure` wide, centred in it.
    fn sidebar_photo(&self, resume: &Resume, measure: f32) -> Option<PhotoBox> {
        let width = self.style.photo.width.min(measure);
        self.photo_box(resume, (measure - width) / 2.0, width)
    }

    /// The résumé's photo, if it has one, in a box `width` wide at `x`; none in a box too
    /// small to show it.
    fn photo_box(&self, resume: &Resume, x: f32, width: f32) -> Option<PhotoBox> {
        let s = &self.style.photo;
        let photo = resume.photo.as_ref()?.photo.clone()?;
        if width < 12.0 {
            return None;
        }
        let alt = match resume.name.plain() {
            name if name.trim().is_empty() => self.locale.nameless_photo.to_string(),
            name => self.locale.photo.replace("{name}", &name),
        };
        Some(PhotoBox {
            x,
            width,
            height: width * s.shape.aspect(photo.aspect()),
            shape: s.shape,
            border: s.border,
            border_colour: self.colour(s.border_colour),
            alt,
            beside: 0,
            photo,
        })
    }

    fn link_runs(&self, link: &Link, look: Look) -> Vec<Run> {
        self.runs(&link.label, look)
            .into_iter()
            .map(|mut run| {
                run.link = Some(link.url.clone());
                run.colour = self.style.link;
                run.hyphenate = false;
                run
            })
            .collect()
    }

    fn section(&mut self, section: &Section, space: f32) {
        let s = self.style;
        let title = section.title.plain();
        self.time_spans = s.time_spans_in.iter().any(|name| self.locale.names(name, &title));
        let mut look = self.look(s.sizes.heading, s.accent);
        look.family = s.heading_family;
        look.variant.bold = true;
        look.tracking = s.heading_tracking;
        look.hyphenate = false;
        let mut title = match s.titles.iter().find(|(name, _)| self.locale.names(name, &title)) {
            Some((_, renamed)) => Text::plain_at(renamed, LayoutText::Titles.origin()),
            None => section.title.clone(),
        };
        // The outline names the section as written, not in the heading's case.
        let mark = Some(Mark::Section(title.plain()));
        match s.heading_case {
            Case::Upper => {
                for span in &mut title.spans {
                    span.text = span.text.to_uppercase();
                }
            }
            Case::SmallCaps => look.small_caps = true,
            Case::AsIs => {}
        }
        let rule = (s.heading_rule > 0.0).then_some((s.heading_rule, s.accent));
        let mut runs = self.runs(&title, look);
        // Letters that join (Arabic) would come apart where the colour changes.
        if s.heading_accent_letters > 0 && !runs.iter().any(|r| r.text.chars().any(letters_join)) {
            runs = accent_letters(runs, s.heading_accent_letters, s.text);
        }
        // An accent bar stands in the indent, an em of the heading's size wide with its gap.
        // However wide the layout asks, the heading keeps two thirds of the measure.
        let bar = (s.heading_bar > 0.0).then_some(Bar {
            width: s.heading_bar.min(s.measure() / 3.0),
            thickness: s.heading_bar_thickness,
            colour: s.accent,
        });
        let heading = Paragraph {
            runs,
            indent: bar.map_or(0.0, |bar| bar.width + BAR_GAP * s.sizes.heading),
            right_indent: 0.0,
            marker: None,
            trailing: Vec::new(),
            align: match s.heading_align {
                crate::style::Align::Left => Align::Left,
                crate::style::Align::Center => Align::Center,
            },
            leading: s.leading.heading,
            beside: match rule {
                Some((thickness, colour)) if s.heading_rule_position == RulePosition::Beside => {
                    Beside::Rule(thickness, colour)
                }
                _ if s.heading_align == crate::style::Align::Center => Beside::Blank,
                // Over content that starts after a column, a heading at the margin is a
                // short line of its own that pdfminer.six reads out of order.
                _ if !s.entry.column.fields.is_empty() => Beside::Blank,
                _ => Beside::Nothing,
            },
            bar,
        };
        let mut first_space = s.spacing.heading;
        let centred = s.heading_align == crate::style::Align::Center;
        let rule_width = (s.heading_rule_width > 0.0).then_some(s.heading_rule_width);
        match (rule, s.heading_rule_position) {
            (Some((thickness, colour)), RulePosition::Above) => {
                let rule = Content::Rule { thickness, colour, width: rule_width, centred };
                self.push(rule, space, 1, None, Role::Rule);
                self.push(Content::Paragraph(heading), s.spacing.rule, 1, mark, Role::Heading);
            }
            (Some((thickness, colour)), RulePosition::Below) => {
                self.push(Content::Paragraph(heading), space, 1, mark, Role::Heading);
                let rule = Content::Rule { thickness, colour, width: rule_width, centred };
                self.push(rule, s.spacing.rule, 1, None, Role::Rule);
            }
            // Beside the heading, or none: the rule's space goes below the heading.
            _ => {
                self.push(Content::Paragraph(heading), space, 1, mark, Role::Heading);
                first_space += s.spacing.rule;
            }
        }
        // A layout with a column left of its entries starts all of a section's content
        // after it, under the heading: every section's, when the column holds the dates
        // (moderncv's timeline); else that of a section with something for it (a degree
        // column indents the education section, not the others).
        let column = &s.entry.column;
        let has = |entry: &Entry, field: Field| match field {
            Field::Title => true,
            Field::Subtitle => entry.subtitle.is_some(),
            Field::Location => entry.location.is_some(),
            Field::Dates => true,
            Field::Degree => entry.degree.is_some(),
        };
        let used = section.entries.iter().any(|e| column.fields.iter().any(|&f| has(e, f)));
        self.column = match column.fields.contains(&Field::Dates) || used {
            true => column.width,
            false => 0.0,
        };
        let mut space = first_space;
        for paragraph in &section.text {
            self.paragraph(self.body(paragraph), space);
            space = s.spacing.paragraph;
        }
        for (i, entry) in section.entries.iter().enumerate() {
            self.entry(entry, if i == 0 { space } else { s.spacing.entry });
        }
        if !section.entries.is_empty() {
            space = s.spacing.entry;
        }
        if !section.rows.is_empty() {
            let label_look = {
                let mut l = self.look(s.sizes.body, s.text);
                l.variant.bold = true;
                l.hyphenate = false;
                l
            };
            let rows = section
                .rows
                .iter()
                .map(|row| (self.runs(&row.label, label_look), self.body(&row.text)))
                .collect();
            let rows = Content::Rows {
                rows,
                indent: self.column,
                gap: s.row_gap,
                leading: s.leading.body,
                space_between: s.spacing.bullet,
            };
            self.push(rows, space, 0, None, Role::Rows);
            space = s.spacing.entry;
        }
        for item in &section.items {
            let marker = self.marker(0);
            let role = Role::ListItem { depth: 0 };
            self.indented(self.body(item), s.bullet_indent, Some(marker), space, role);
            space = s.spacing.bullet;
        }
        self.column = 0.0;
    }

    fn entry(&mut self, entry: &Entry, space: f32) {
        let s = self.style;
        let template = &s.entry;
        let mark = Some(Mark::Entry(entry.title.plain()));
        let mut lines: Vec<(Vec<Run>, Vec<Run>)> = Vec::new();
        for line in &template.lines {
            let mut left = Vec::new();
            self.fields(entry, &line.left, false, &mut left);
            match lines.last_mut() {
                // Nothing on the left (an entry without a subtitle): the right side joins
                // the line above. Alone on a line, flush right, it would read as out of
                // place, to people and to text extractors alike.
                Some((_, above)) if left.is_empty() => {
                    self.fields(entry, &line.right, true, above);
                }
                _ => {
                    let mut right = Vec::new();
                    self.fields(entry, &line.right, true, &mut right);
                    if !left.is_empty() || !right.is_empty() {
                        lines.push((left, right));
                    }
                }
            }
        }
        // The column's fields hang in front of the first line, like a list's marker; the
        // whole entry starts after the column (`section`), whether or not it has them.
        let column = &template.column;
        let mut column_runs = Vec::new();
        self.fields(entry, &column.fields, true, &mut column_runs);
        let mut column_marker =
            (!column_runs.is_empty()).then_some(Marker { runs: column_runs, x: 0.0, clear: true });
        let count = lines.len();
        let mut space = space;
        for (i, (runs, trailing)) in lines.into_iter().enumerate() {
            let head = Paragraph {
                runs,
                indent: self.column,
                right_indent: 0.0,
                marker: column_marker.take(),
                trailing,
                align: Align::Left,
                leading: s.leading.body,
                beside: Beside::Nothing,
                bar: None,
            };
            // The first line is the entry's heading; each line stays with the next, the
            // last with two lines of the body.
            let role = if i == 0 { Role::EntryHeading } else { Role::Paragraph };
            let keep = if i + 1 == count { 2 } else { 1 };
            let mark = if i == 0 { mark.clone() } else { None };
            self.push(Content::Paragraph(head), space, keep, mark, role);
            space = 0.0;
        }

        // A title that is the URL itself (a company known only by its domain) is linked
        // already; printing the URL again would say the same thing twice.
        if let Some(url) = entry.url.as_ref().filter(|u| u.label.plain() != entry.title.plain()) {
            let runs = self.link_runs(url, self.look(s.sizes.meta, s.muted));
            let paragraph = Paragraph {
                runs,
                indent: self.column,
                right_indent: 0.0,
                marker: None,
                trailing: Vec::new(),
                align: Align::Left,
                leading: s.leading.body,
                beside: Beside::Nothing,
                bar: None,
            };
            self.push(Content::Paragraph(paragraph), 0.0, 0, None, Role::Paragraph);
        }
        let mut space = s.spacing.entry_body;
        for block in &entry.body {
            match block {
                BodyBlock::Paragraph(text) => {
                    self.paragraph(self.body(text), space);
                    space = s.spacing.paragraph;
                }
                BodyBlock::Bullets(bullets) => {
                    self.bullets(bullets, 0, space);
                    space = s.spacing.paragraph;
                }
            }
        }
    }

    /// Add to `runs` the fields of an entry's heading that the entry has, in the
    /// template's order and looks: joined by the template's `join` on the left, by the
    /// item separator on the right, where nothing may break.
    ///
    /// A template that does not place the degree has it before the subtitle, set like it
    /// and joined to it by the template's `degree_join` ("B.Sc. in Mathematics").
    fn fields(&self, entry: &Entry, fields: &[Field], right: bool, runs: &mut Vec<Run>) {
        let s = self.style;
        let degree_apart = s.entry.places(Field::Degree);
        // Each field with the field whose look it takes.
        let placed = fields.iter().flat_map(|&field| match field {
            Field::Subtitle if !degree_apart => {
                [Some((Field::Degree, field)), Some((field, field))]
            }
            _ => [Some((field, field)), None],
        });
        let mut before = None;
        for (field, look_of) in placed.flatten() {
            let mut look = self.field_look(s.entry.looks[look_of as usize]);
            look.breakable &= !right && field != Field::Dates;
            look.hyphenate &= look_of == Field::Subtitle;
            let (text, origin) = match field {
                Field::Title => (self.runs(&entry.title, look), entry.title.origin),
                Field::Subtitle => match &entry.subtitle {
                    Some(subtitle) => (self.runs(subtitle, look), subtitle.origin),
                    None => continue,
                },
                Field::Degree => match &entry.degree {
                    Some(degree) => (self.runs(degree, look), degree.origin),
                    None => continue,
                },
                Field::Location => match &entry.location {
                    Some(location) => (self.runs(location, look), location.origin),
                    None => continue,
                },
                Field::Dates => match &entry.when {
                    Some(when) => {
                        let mut dates = format_when(when, s, self.locale);
                        if let Some(span) = self
                            .time_spans
                            .then(|| time_span(when, self.updated, self.locale))
                            .flatten()
                        {
                            dates = format!("{dates} · {span}");
                        }
                        (vec![self.plain(&dates, entry.title.origin, look)], entry.title.origin)
                    }
                    None => continue,
                },
            };
            if !runs.is_empty() {
                runs.push(if right {
                    self.separator(origin, look)
                } else {
                    let after = runs.last().and_then(|r: &Run| r.text.chars().last());
                    let (join, which) = match (before, field) {
                        (Some(Field::Degree), Field::Subtitle) if !degree_apart => {
                            (s.entry.degree_join(), LayoutText::DegreeJoin)
                        }
                        _ => (s.entry.join.as_str(), LayoutText::EntryJoin),
                    };
                    self.plain(&comma_of(join, self.locale, after), which.origin(), look)
                });
            }
            runs.extend(text);
            before = Some(field);
            if field == Field::Title
                && let Some(url) = &entry.url
            {
                let start = runs.len() - entry.title.spans.len();
                for run in &mut runs[start..] {
                    run.link.get_or_insert_with(|| url.url.clone());
                }
            }
        }
    }

    fn colour(&self, name: ColourName) -> Rgb {
        match name {
            ColourName::Text => self.style.text,
            ColourName::Muted => self.style.muted,
            ColourName::Accent => self.style.accent,
        }
    }

    fn field_look(&self, field: FieldLook) -> Look {
        let s = self.style;
        let size = match field.size {
            SizeName::EntryTitle => s.sizes.entry_title,
            SizeName::Meta => s.sizes.meta,
            SizeName::Body => s.sizes.body,
        };
        let mut look = self.look(size, self.colour(field.colour));
        look.variant = Variant { bold: field.bold, italic: field.italic };
        look
    }

    fn bullets(&mut self, bullets: &[Bullet], level: usize, mut space: f32) {
        for bullet in bullets {
            let marker = self.marker(level);
            let indent = self.style.bullet_indent * (level + 1) as f32;
            let role = Role::ListItem { depth: level };
            self.indented(self.body(&bullet.text), indent, Some(marker), space, role);
            space = self.style.spacing.bullet;
            self.bullets(&bullet.children, level + 1, space);
        }
    }

    fn marker(&self, level: usize) -> Marker {
        let s = self.style;
        let symbol = &s.bullets[level.min(s.bullets.len() - 1)];
        let mut look = self.look(s.sizes.body, s.accent);
        look.hyphenate = false;
        Marker {
            runs: vec![self.plain(symbol, LayoutText::Bullets.origin(), look)],
            x: s.bullet_indent * level as f32 + s.bullet_marker,
            clear: false,
        }
    }
}
