//! Style stage: a layout file (`layouts/*.yaml`, or the user's own) → resolved [`Style`]
//! in points, colours and font families.
//!
//! The presets are data embedded at build time; nothing about the look lives in code.

mod length;

use serde::Deserialize;
use serde_saphyr::Spanned;

pub use length::Length;

use crate::diag::{Diagnostic, Source, Span, suggest};
use crate::model::load_yaml;

/// The presets shipped in the binary, by name.
pub const PRESETS: &[(&str, &str)] = &[
    ("detailed", include_str!("../../layouts/detailed.yaml")),
    ("one-page", include_str!("../../layouts/one-page.yaml")),
];

/// A font family that cvpdf carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    SourceSans3,
    XCharter,
    DejaVuSansMono,
    NotoSansSc,
}

impl Family {
    pub const ALL: [(&'static str, Family); 4] = [
        ("source-sans-3", Family::SourceSans3),
        ("xcharter", Family::XCharter),
        ("dejavu-sans-mono", Family::DejaVuSansMono),
        ("noto-sans-sc", Family::NotoSansSc),
    ];
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// How section headings are cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Upper,
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
    pub header_align: Align,
    pub separator: String,
    pub bullets: Vec<String>,
    pub justify: bool,
    pub hyphenate: bool,
    /// Ragged-right stretch per line, in points at the body size.
    pub ragged_stretch: f32,
    pub months: MonthStyle,
    pub present: String,
    pub page_numbers: bool,
}

impl Style {
    /// Width of the text area.
    pub fn measure(&self) -> f32 {
        self.page_width - self.margin_left - self.margin_right
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

/// Resolve a layout given as a preset name or a file path.
pub fn resolve(name_or_path: &str) -> Result<Style, (Source, Diagnostic)> {
    if let Some((_, text)) = PRESETS.iter().find(|(name, _)| *name == name_or_path) {
        let source = Source::new(format!("layouts/{name_or_path}.yaml"), *text);
        return from_source(&source).map_err(|d| (source, d));
    }
    let looks_like_path = name_or_path.contains(['/', '\\', '.']);
    if !looks_like_path {
        let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
        let mut diagnostic = Diagnostic::new(format!("unknown layout `{name_or_path}`"))
            .hint(format!("the presets are: {}", names.join(", ")));
        if let Some(best) = suggest(name_or_path, names.iter().copied()) {
            diagnostic = diagnostic.hint(format!("did you mean `{best}`?"));
        }
        return Err((Source::new("--layout", name_or_path), diagnostic));
    }
    match std::fs::read_to_string(name_or_path) {
        Ok(text) => {
            let source = Source::new(name_or_path, text);
            from_source(&source).map_err(|d| (source, d))
        }
        Err(e) => Err((
            Source::new("--layout", name_or_path),
            Diagnostic::new(format!("cannot read layout file `{name_or_path}` ({e})")),
        )),
    }
}

/// Parse and check a layout file.
pub fn from_source(source: &Source) -> Result<Style, Diagnostic> {
    let raw: RawLayout = load_yaml(source)?;
    raw.resolve()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLayout {
    paper: Spanned<String>,
    margins: RawMargins,
    fonts: RawFonts,
    sizes: RawSizes,
    leading: RawLeading,
    spacing: RawSpacing,
    indent: RawIndent,
    colours: RawColours,
    heading: RawHeading,
    header: RawHeader,
    bullets: Spanned<Vec<String>>,
    justify: bool,
    hyphenate: bool,
    ragged_stretch: Spanned<Length>,
    dates: RawDates,
    footer: RawFooter,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMargins {
    top: Spanned<Length>,
    bottom: Spanned<Length>,
    left: Spanned<Length>,
    right: Spanned<Length>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    body: Spanned<String>,
    heading: Spanned<String>,
    mono: Spanned<String>,
    fallback: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSizes {
    body: Spanned<f32>,
    name: Spanned<f32>,
    native_name: Spanned<f32>,
    headline: Spanned<f32>,
    contact: Spanned<f32>,
    heading: Spanned<f32>,
    entry_title: Spanned<f32>,
    meta: Spanned<f32>,
    footer: Spanned<f32>,
    code_scale: Spanned<f32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLeading {
    body: Spanned<f32>,
    header: Spanned<f32>,
    heading: Spanned<f32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSpacing {
    header: Spanned<Length>,
    headline: Spanned<Length>,
    contact: Spanned<Length>,
    section: Spanned<Length>,
    rule: Spanned<Length>,
    heading: Spanned<Length>,
    entry: Spanned<Length>,
    entry_body: Spanned<Length>,
    paragraph: Spanned<Length>,
    bullet: Spanned<Length>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawIndent {
    bullet: Spanned<Length>,
    marker: Spanned<Length>,
    row_gap: Spanned<Length>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColours {
    text: Spanned<String>,
    accent: Spanned<String>,
    muted: Spanned<String>,
    link: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeading {
    case: Spanned<String>,
    tracking: Spanned<f32>,
    rule: Spanned<Length>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    align: Spanned<String>,
    separator: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDates {
    months: Spanned<String>,
    present: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFooter {
    page_numbers: bool,
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    let span = s.referenced.span();
    Span::new(
        span.byte_offset().unwrap_or(0) as usize,
        span.byte_len().unwrap_or(1).max(1) as usize,
    )
}

/// A choice among named values, with a suggestion when misspelt.
fn choose<T: Copy>(
    raw: &Spanned<String>,
    what: &str,
    options: &[(&str, T)],
) -> Result<T, Diagnostic> {
    let value = raw.value.trim();
    if let Some((_, v)) = options.iter().find(|(n, _)| *n == value) {
        return Ok(*v);
    }
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    let mut d = Diagnostic::new(format!("unknown {what} `{value}`"))
        .at(span_of(raw))
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

impl RawLayout {
    fn resolve(self) -> Result<Style, Diagnostic> {
        let (page_width, page_height) =
            choose(&self.paper, "paper", &[("a4", (595.276, 841.89)), ("letter", (612.0, 792.0))])?;
        let m = &self.margins;
        let margin = |raw: &Spanned<Length>, what| space(raw, what, 300.0);
        let (top, bottom) = (margin(&m.top, "top margin")?, margin(&m.bottom, "bottom margin")?);
        let (left, right) = (margin(&m.left, "left margin")?, margin(&m.right, "right margin")?);
        if page_width - left - right < 144.0 {
            return Err(Diagnostic::new(format!(
                "the margins leave {:.0} pt for text: at least 144 pt (2 in) are needed",
                page_width - left - right
            ))
            .at(span_of(&m.left)));
        }
        if page_height - top - bottom < 144.0 {
            return Err(Diagnostic::new(format!(
                "the margins leave {:.0} pt of height for text: at least 144 pt are needed",
                page_height - top - bottom
            ))
            .at(span_of(&m.top)));
        }
        let family = |raw: &Spanned<String>| choose(raw, "font family", &Family::ALL);
        let s = &self.sizes;
        let sizes = Sizes {
            body: size(&s.body, "body")?,
            name: size(&s.name, "name")?,
            native_name: size(&s.native_name, "native-name")?,
            headline: size(&s.headline, "headline")?,
            contact: size(&s.contact, "contact")?,
            heading: size(&s.heading, "heading")?,
            entry_title: size(&s.entry_title, "entry-title")?,
            meta: size(&s.meta, "meta")?,
            footer: size(&s.footer, "footer")?,
            code_scale: ratio(&s.code_scale, "code-scale", 0.5, 1.5)?,
        };
        let l = &self.leading;
        let leading = Leading {
            body: ratio(&l.body, "body leading", 0.8, 3.0)?,
            header: ratio(&l.header, "header leading", 0.8, 3.0)?,
            heading: ratio(&l.heading, "heading leading", 0.8, 3.0)?,
        };
        let sp = &self.spacing;
        let spacing = Spacing {
            header: space(&sp.header, "header spacing", 144.0)?,
            headline: space(&sp.headline, "headline spacing", 144.0)?,
            contact: space(&sp.contact, "contact spacing", 144.0)?,
            section: space(&sp.section, "section spacing", 144.0)?,
            rule: space(&sp.rule, "rule spacing", 144.0)?,
            heading: space(&sp.heading, "heading spacing", 144.0)?,
            entry: space(&sp.entry, "entry spacing", 144.0)?,
            entry_body: space(&sp.entry_body, "entry-body spacing", 144.0)?,
            paragraph: space(&sp.paragraph, "paragraph spacing", 144.0)?,
            bullet: space(&sp.bullet, "bullet spacing", 144.0)?,
        };
        if self.bullets.value.is_empty() || self.bullets.value.iter().any(|b| b.trim().is_empty()) {
            return Err(Diagnostic::new("`bullets` needs at least one non-empty marker")
                .at(span_of(&self.bullets)));
        }
        let tracking = self.heading.tracking.value;
        if !(-0.1..=0.5).contains(&tracking) {
            return Err(Diagnostic::new(format!(
                "heading tracking {tracking} is out of range (-0.1 to 0.5 em)"
            ))
            .at(span_of(&self.heading.tracking)));
        }
        Ok(Style {
            page_width,
            page_height,
            margin_top: top,
            margin_bottom: bottom,
            margin_left: left,
            margin_right: right,
            body_family: family(&self.fonts.body)?,
            heading_family: family(&self.fonts.heading)?,
            mono_family: family(&self.fonts.mono)?,
            fallback: self.fonts.fallback.iter().map(family).collect::<Result<_, _>>()?,
            leading,
            bullet_indent: space(&self.indent.bullet, "bullet indent", 72.0)?,
            bullet_marker: space(&self.indent.marker, "marker indent", 72.0)?,
            row_gap: space(&self.indent.row_gap, "row gap", 72.0)?,
            text: colour(&self.colours.text)?,
            accent: colour(&self.colours.accent)?,
            muted: colour(&self.colours.muted)?,
            link: colour(&self.colours.link)?,
            heading_case: choose(
                &self.heading.case,
                "heading case",
                &[("upper", Case::Upper), ("as-is", Case::AsIs)],
            )?,
            heading_tracking: tracking,
            heading_rule: space(&self.heading.rule, "heading rule", 6.0)?,
            header_align: choose(
                &self.header.align,
                "alignment",
                &[("left", Align::Left), ("center", Align::Center)],
            )?,
            separator: self.header.separator,
            bullets: self.bullets.value,
            justify: self.justify,
            hyphenate: self.hyphenate,
            ragged_stretch: {
                let raw = &self.ragged_stretch;
                let v = raw.value.points(sizes.body);
                if !(0.0..=200.0).contains(&v) {
                    return Err(Diagnostic::new("ragged-stretch is out of range (0 to 200 pt)")
                        .at(span_of(raw)));
                }
                v
            },
            months: choose(
                &self.dates.months,
                "month style",
                &[("short", MonthStyle::Short), ("numeric", MonthStyle::Numeric)],
            )?,
            present: self.dates.present,
            page_numbers: self.footer.page_numbers,
            sizes,
            spacing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let text = PRESETS[0].1.replace("left: 19mm", "left: -5mm");
        let source = Source::new("bad.yaml", text);
        let d = from_source(&source).unwrap_err();
        assert!(d.message.contains("left margin"), "{}", d.message);
        let (line, _) = source.line_column(d.span.unwrap().start);
        assert_eq!(source.text.lines().nth(line - 1).map(|l| l.contains("left: -5mm")), Some(true));
    }
}
