//! Model stage: a résumé file's YAML → [`Resume`], validated, with inline markup parsed.
//!
//! Every text keeps the byte offset of its YAML scalar ([`Text::origin`]), so later stages
//! can point an error (a character no font covers) back into the file.

mod date;
pub mod import;
mod keys;
mod load;
pub mod locale;
pub mod markup;
mod raw;
mod slips;
mod tags;
mod yaml;

pub use date::{Date, End, When};
pub use import::Format;
pub use load::{Loaded, MAX_FILE_BYTES, is_language_tag, load, read, read_in, too_big};
pub(crate) use load::{locate, span_of};
pub use markup::Span as Inline;
pub(crate) use yaml::parse_yaml as load_yaml;

/// The JSON Schema (draft 2020-12) of the native résumé format, generated from the raw
/// structs that read it, for editors (`cvpdf schema`, docs/editors.md).
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(raw::RawResume);
    schema.insert("title".into(), "cvpdf résumé".into());
    schema.insert(
        "description".into(),
        format!("A résumé for cvpdf {}: docs/format.md", env!("CARGO_PKG_VERSION")).into(),
    );
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// A whole résumé.
#[derive(Debug, Clone, PartialEq)]
pub struct Resume {
    pub name: Text,
    pub native_name: Option<Text>,
    pub headline: Option<Text>,
    pub location: Option<Text>,
    pub email: Option<Link>,
    pub phone: Option<Text>,
    pub links: Vec<Link>,
    /// The photo file the résumé names.
    pub photo: Option<PhotoFile>,
    /// BCP 47 tag, `en-US` by default.
    pub language: String,
    pub keywords: Vec<String>,
    /// When the résumé was last updated, for a footer.
    pub updated: Option<Date>,
    pub summary: Vec<Text>,
    pub sections: Vec<Section>,
    /// The paper the file asks for (RenderCV's `design.page.size`); layouts and `--paper`
    /// go over it.
    pub paper: Option<Paper>,
    /// How the file joins a degree to its subject (" in " of RenderCV's "DEGREE in
    /// AREA"): the layout's `entry.degree-join` for this résumé, whatever its layout. A
    /// cvpdf résumé says it in its `layout:` block.
    pub degree_join: Option<String>,
}

/// A photo file a résumé names: read and checked by the build ([`crate::photo`]), which
/// puts the photo here for the compose stage.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoFile {
    /// The path as written, from the résumé's folder, or a web address (not fetched).
    pub path: String,
    /// Where the path is written in the résumé file.
    pub span: crate::diag::Span,
    pub photo: Option<std::sync::Arc<crate::photo::Photo>>,
}

impl PhotoFile {
    /// Whether the path is a web address, which cvpdf does not fetch.
    pub fn is_url(&self) -> bool {
        let lower = self.path.to_ascii_lowercase();
        ["http://", "https://", "ftp://", "data:", "//"].iter().any(|p| lower.starts_with(p))
    }
}

/// The preset nearest the design a file names for itself (RenderCV's `design.theme`):
/// a build without a layout of the user's choice uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct FilePreset {
    /// The design as the file names it.
    pub theme: String,
    /// cvpdf's preset nearest to it.
    pub preset: &'static str,
    /// Where the file names it.
    pub span: crate::diag::Span,
    /// The layout values the file sets over its design (RenderCV's `design.colors`,
    /// margins, sizes…), as the text of a layout block.
    pub layout: Option<String>,
}

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub const ALL: [(&'static str, Paper); 2] = [("a4", Paper::A4), ("letter", Paper::Letter)];

    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

impl std::str::FromStr for Paper {
    type Err = String;

    fn from_str(name: &str) -> Result<Paper, String> {
        Paper::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, p)| *p)
            .ok_or_else(|| format!("unknown paper `{name}`: choose a4 or letter"))
    }
}

/// One paragraph of styled text.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub spans: Vec<Inline>,
    /// Byte offset in the résumé file where this text's scalar starts.
    pub origin: usize,
}

impl Text {
    /// The text without its styling.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Unstyled text with no link, e.g. a label made by cvpdf itself.
    pub fn plain_at(text: &str, origin: usize) -> Text {
        Text {
            spans: vec![Inline {
                text: text.to_string(),
                bold: false,
                italic: false,
                code: false,
                link: None,
            }],
            origin,
        }
    }
}

/// A link with what to show for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub label: Text,
    /// Absolute target: `https://…` or `mailto:…`.
    pub url: String,
}

/// A titled section, printed in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: Text,
    pub text: Vec<Text>,
    pub entries: Vec<Entry>,
    pub rows: Vec<Row>,
    pub items: Vec<Text>,
    /// Left out by layouts that fit a page count (one-page).
    pub detailed_only: bool,
    /// Higher is kept longer when fitting; 0 by default.
    pub priority: i32,
}

/// A job, project, degree…
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub title: Text,
    pub subtitle: Option<Text>,
    /// An education entry's degree, which a layout may set in a place of its own; before
    /// the subtitle where it does not.
    pub degree: Option<Text>,
    pub location: Option<Text>,
    pub when: Option<When>,
    pub url: Option<Link>,
    pub body: Vec<Block>,
    /// Kept by `--tags` only when one of these is asked for; untagged entries always stay.
    pub tags: Vec<String>,
    /// Left out by layouts that fit a page count (one-page).
    pub detailed_only: bool,
    /// Higher is kept longer when fitting; the section's priority by default.
    pub priority: i32,
}

/// A piece of an entry's body, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Text),
    Bullets(Vec<Bullet>),
}

/// A bullet with its nested bullets.
#[derive(Debug, Clone, PartialEq)]
pub struct Bullet {
    pub text: Text,
    pub children: Vec<Bullet>,
    /// As [`Entry::tags`].
    pub tags: Vec<String>,
    /// Left out by layouts that fit a page count (one-page).
    pub detailed_only: bool,
}

/// A key–value line, such as "Languages: C, Go".
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: Text,
    pub text: Text,
}
