//! Model stage, RenderCV's `design:` → the cvpdf layout values it asks for, as the text of
//! a layout block, and a warning at each option cvpdf does not honour.
//!
//! RenderCV's themes are cvpdf's presets (`NEAREST_PRESET` in rendercv.rs); what a file
//! sets over its theme maps onto the layout keys that mean the same: margins, colours,
//! type sizes, the body font (a bundled one by name), alignment, the heading's rule and
//! the bullets. Each value is checked here, where its place in the file is known; what
//! does not map (a font cvpdf does not carry, a value it cannot read) is a warning at it.

use super::tree::{Node, Value, written};
use crate::diag::{Diagnostic, Source};
use crate::model::span_of;

/// The layout values a `design:` block sets, as `key.path: value` lines to turn into a
/// layout block, and the warnings for what is not used.
#[derive(Default)]
pub(super) struct Design {
    pub(super) values: Vec<(&'static str, String)>,
    /// The bullet and the nested bullet, when set.
    bullets: [Option<String>; 2],
    /// An education entry's degree in a column of its own, as its template sets it:
    /// whether it is bold and italic.
    degree_column: Option<(bool, bool)>,
    /// That column's width in points (RenderCV's `degree_width`, 1 cm unless set).
    degree_width: Option<f32>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl Design {
    /// The values as the text of a layout block (nested YAML), or `None` for none.
    pub(super) fn layout(&self) -> Option<String> {
        let mut values = self.values.clone();
        if let Some((bold, italic)) = self.degree_column {
            // RenderCV's column is as wide as the file says, within what a layout takes.
            let width = self.degree_width.unwrap_or(72.0 / 2.54).clamp(24.0, 200.0);
            values.push(("entry.column", format!("{{ fields: [degree], width: {width:.2}pt }}")));
            values.push(("entry.degree", format!("{{ bold: {bold}, italic: {italic} }}")));
        }
        if values.is_empty() && self.bullets.iter().all(Option::is_none) {
            return None;
        }
        let mut text = String::new();
        if self.bullets.iter().any(Option::is_some) {
            let [first, nested] = self.bullets.clone().map(|b| b.unwrap_or_else(|| "•".into()));
            text.push_str(&format!("bullets: [{first:?}, {nested:?}]\n"));
        }
        // Each outer key once, with its inner keys under it, in the order first met.
        let mut outers: Vec<&str> = Vec::new();
        for (path, _) in &values {
            let outer = path.split_once('.').map_or(*path, |(outer, _)| outer);
            if !outers.contains(&outer) {
                outers.push(outer);
            }
        }
        for outer in outers {
            let mut opened = false;
            for (path, value) in &values {
                match path.split_once('.') {
                    None if *path == outer => text.push_str(&format!("{path}: {value}\n")),
                    Some((o, inner)) if o == outer => {
                        if !opened {
                            text.push_str(&format!("{outer}:\n"));
                            opened = true;
                        }
                        text.push_str(&format!("  {inner}: {value}\n"));
                    }
                    _ => {}
                }
            }
        }
        Some(text)
    }

    /// A value the file's theme has where the preset nearest it differs (icons, for
    /// RenderCV's classic themes); what the file itself sets wins.
    pub(super) fn theme_default(&mut self, path: &'static str, value: &str) {
        if !self.values.iter().any(|(p, _)| *p == path) {
            self.values.push((path, value.to_string()));
        }
    }

    /// Read one option of `design` (`name`, its `value`); `false` when it is not one this
    /// module reads (the caller warns).
    pub(super) fn read(&mut self, source: &Source, name: &str, value: &Value) -> bool {
        let mut reader = Reader { source, design: self, unused: Vec::new() };
        let _: bool = match name {
            "page" => reader.each(value, |r, k, v| match k {
                "top_margin" => r.length("margins.top", v),
                "bottom_margin" => r.length("margins.bottom", v),
                "left_margin" => r.length("margins.left", v),
                "right_margin" => r.length("margins.right", v),
                // The paper is read with the résumé (rendercv.rs).
                "size" => true,
                _ => false,
            }),
            "colors" => reader.each(value, |r, k, v| match k {
                "body" => r.colour("colours.text", v),
                "section_titles" | "name" => r.colour("colours.accent", v),
                "links" => r.colour("colours.link", v),
                // The secondary colour: cvpdf sets the contact line, dates and footer in it.
                "connections" | "footer" | "date_and_location" => r.colour("colours.muted", v),
                _ => false,
            }),
            "typography" => reader.each(value, |r, k, v| match k {
                "alignment" => r.alignment(v),
                "line_spacing" => r.line_spacing(v),
                "font_family" => r.font_family(v),
                "font_size" => r.each(v, |r, k, v| match k {
                    "body" => r.size("sizes.body", v),
                    "name" => r.size("sizes.name", v),
                    "headline" => r.size("sizes.headline", v),
                    "connections" => r.size("sizes.contact", v),
                    "section_titles" => r.size("sizes.heading", v),
                    _ => false,
                }),
                _ => false,
            }),
            "header" => reader.each(value, |r, k, v| match k {
                "alignment" => {
                    r.choice("header.align", v, &[("center", "center"), ("left", "left")])
                }
                // 2.3's names.
                "name_font_size" => r.size("sizes.name", v),
                "use_icons_for_connections" => {
                    r.choice("header.icons", v, &[("true", "true"), ("false", "false")])
                }
                "connections" => r.each(v, |r, k, v| match k {
                    "show_icons" => {
                        r.choice("header.icons", v, &[("true", "true"), ("false", "false")])
                    }
                    "separator" => r.separator(v),
                    _ => false,
                }),
                _ => false,
            }),
            "section_titles" => reader.each(value, |r, k, v| match k {
                "type" => r.section_title(v),
                "line_thickness" => r.length("heading.rule", v),
                "font_size" => r.size("sizes.heading", v),
                "small_caps" => {
                    r.choice("heading.case", v, &[("true", "small-caps"), ("false", "as-is")])
                }
                // 2.3 names them `vertical_space_…`.
                "space_above" | "vertical_space_above" => r.space("spacing.section", v),
                "space_below" | "vertical_space_below" => r.space("spacing.heading", v),
                _ => false,
            }),
            "sections" => reader.each(value, |r, k, v| match k {
                "space_between_regular_entries" => r.space("spacing.entry", v),
                "space_between_text_based_entries" => r.space("spacing.paragraph", v),
                "show_time_spans_in" => r.sections("dates.time-spans-in", v),
                _ => false,
            }),
            "entries" => reader.each(value, |r, k, v| match k {
                "highlights" => r.each(v, |r, k, v| r.highlight(k, v)),
                "degree_width" => r.degree_width(v),
                "vertical_space_between_entries" => r.space("spacing.entry", v),
                "show_time_spans_in" => r.sections("dates.time-spans-in", v),
                _ => false,
            }),
            // 2.3 keeps the highlights' options at the top of `design`.
            "highlights" => reader.each(value, |r, k, v| r.highlight(k, v)),
            // Of the entries' templates, the degree's column (2.4+; 2.3's `entry_types`).
            "templates" => reader.each(value, |r, k, v| match k {
                "education_entry" => r.each(v, |r, k, v| match k {
                    "degree_column" => r.degree_column(v),
                    _ => false,
                }),
                _ => false,
            }),
            "entry_types" => reader.each(value, |r, k, v| match k {
                "education_entry" => r.each(v, |r, k, v| match k {
                    "degree_column_template" => r.degree_column(v),
                    "degree_column_width" => r.degree_width(v),
                    _ => false,
                }),
                _ => false,
            }),
            _ => return false,
        };
        let unused = std::mem::take(&mut reader.unused);
        if let Some(first) = unused.first() {
            let names: Vec<String> = unused.iter().map(|(n, _)| format!("`{n}`")).collect();
            let message = format!(
                "design.{name}: {} not used: the rest of the look comes from the cvpdf layout",
                names.join(", ")
            );
            self.warnings.push(Diagnostic::new(message).at(first.1));
        }
        true
    }
}

/// The bundled family nearest a font cvpdf does not carry, by its kind as its name tells
/// it (`lower`, lower case), and how to name it: monospaced names, then serif ones (the
/// classic book and LaTeX faces RenderCV users pick), else the sans serif.
fn nearest_font(lower: &str) -> (&'static str, &'static str) {
    const MONO: [&str; 6] = ["mono", "code", "courier", "consol", "menlo", "typewriter"];
    const SERIF: [&str; 18] = [
        "serif",
        "roman",
        "times",
        "georgia",
        "garamond",
        "charter",
        "libertin",
        "palatino",
        "baskerville",
        "merriweather",
        "lora",
        "crimson",
        "caslon",
        "cambria",
        "computer modern",
        "latin modern",
        "tex gyre",
        "pt serif",
    ];
    let sans = lower.contains("sans");
    if MONO.iter().any(|m| lower.contains(m)) {
        ("dejavu-sans-mono", "DejaVu Sans Mono")
    } else if !sans && SERIF.iter().any(|s| lower.contains(s)) {
        ("xcharter", "XCharter")
    } else {
        ("source-sans-3", "Source Sans 3")
    }
}

struct Reader<'a> {
    source: &'a Source,
    design: &'a mut Design,
    /// Options read and not used: their dotted names and places.
    unused: Vec<(String, crate::diag::Span)>,
}

impl Reader<'_> {
    /// Each option of a mapping, through `read`; those it does not use are noted.
    fn each(&mut self, map: &Value, read: impl Fn(&mut Self, &str, &Value) -> bool) -> bool {
        let Node::Map(items) = &map.value else { return false };
        for (key, value) in items {
            if value.value.is_null() {
                continue;
            }
            if !read(self, &key.value.0, value) {
                self.unused.push((key.value.0.clone(), span_of(key)));
            }
        }
        true
    }

    fn text(&self, value: &Value) -> String {
        written(self.source, value).unwrap_or_default().trim().to_string()
    }

    fn set(&mut self, path: &'static str, value: String) -> bool {
        self.design.values.retain(|(p, _)| *p != path);
        self.design.values.push((path, value));
        true
    }

    fn warn(&mut self, message: String, value: &Value) -> bool {
        self.design.warnings.push(Diagnostic::new(message).at(span_of(value)));
        true
    }

    /// A length in pt, mm, cm or in.
    fn length(&mut self, path: &'static str, value: &Value) -> bool {
        let text = self.text(value);
        let number = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let unit = &text[number.len()..];
        match (number.parse::<f32>(), unit) {
            (Ok(n), "pt" | "mm" | "cm" | "in") if n.is_finite() && n >= 0.0 => {
                self.set(path, format!("{n}{unit}"))
            }
            _ => self.warn(
                format!(
                    "design: `{text}` is not a length cvpdf reads (pt, mm, cm or in): not used"
                ),
                value,
            ),
        }
    }

    /// The body's size as the design sets it (10 pt, RenderCV's, unless set): an `em`.
    fn em(&self) -> f32 {
        self.design
            .values
            .iter()
            .find(|(p, _)| *p == "sizes.body")
            .and_then(|(_, v)| v.parse::<f32>().ok())
            .unwrap_or(10.0)
    }

    /// A vertical space: a length, or `em` of the body's size; in the range a layout takes.
    fn space(&mut self, path: &'static str, value: &Value) -> bool {
        let text = self.text(value);
        let number = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let points = number.trim().parse::<f32>().ok().and_then(|n| {
            let per_unit = match &text[number.len()..] {
                "pt" => 1.0,
                "em" => self.em(),
                "mm" => 72.0 / 25.4,
                "cm" => 72.0 / 2.54,
                "in" => 72.0,
                _ => return None,
            };
            Some(n * per_unit)
        });
        match points {
            Some(p) if (0.0..=144.0).contains(&p) => self.set(path, format!("{p:.2}pt")),
            _ => self.warn(
                format!("design: `{text}` is not a space cvpdf reads (up to 2 in): not used"),
                value,
            ),
        }
    }

    /// `line_spacing`, the gap between lines in `em` (Typst's leading, from the baseline
    /// to the next line's capitals), as cvpdf's baseline-to-baseline leading: the gap and
    /// the capitals' height, about 0.7 em, within the bounds a layout takes.
    fn line_spacing(&mut self, value: &Value) -> bool {
        let text = self.text(value);
        match text.strip_suffix("em").and_then(|n| n.trim().parse::<f32>().ok()) {
            Some(gap) if gap.is_finite() && gap >= 0.0 => {
                self.set("leading.body", format!("{:.2}", (0.7 + gap).clamp(1.0, 2.0)))
            }
            _ => self.warn(
                format!("design: line spacing `{text}` is not a space in em cvpdf reads: not used"),
                value,
            ),
        }
    }

    /// An education entry's degree column as its template writes it (`**DEGREE**`): a
    /// column of the degree, bold or italic as the markup around it says; a template
    /// without `DEGREE` leaves the degree before the area.
    fn degree_column(&mut self, value: &Value) -> bool {
        let text = self.text(value);
        self.design.degree_column = text.contains("DEGREE").then(|| {
            let bold = text.contains("**DEGREE**");
            let italic = text.contains("_DEGREE_") || text.replace("**", "").contains("*DEGREE*");
            (bold, italic)
        });
        true
    }

    /// The degree column's width: a length, as wide as a layout's column may be.
    fn degree_width(&mut self, value: &Value) -> bool {
        let text = self.text(value);
        let number = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let per_unit = match &text[number.len()..] {
            "pt" => Some(1.0),
            "mm" => Some(72.0 / 25.4),
            "cm" => Some(72.0 / 2.54),
            "in" => Some(72.0),
            _ => None,
        };
        match (number.trim().parse::<f32>(), per_unit) {
            (Ok(n), Some(unit)) if n.is_finite() && n >= 0.0 => {
                self.design.degree_width = Some(n * unit);
                true
            }
            _ => self.warn(
                format!(
                    "design: `{text}` is not a length cvpdf reads (pt, mm, cm or in): not used"
                ),
                value,
            ),
        }
    }

    /// An option of the highlights: their bullets and the space between them.
    fn highlight(&mut self, key: &str, value: &Value) -> bool {
        match key {
            "bullet" => self.bullet(0, value),
            "nested_bullet" => self.bullet(1, value),
            "space_between_items" | "vertical_space_between_highlights" => {
                self.space("spacing.bullet", value)
            }
            _ => false,
        }
    }

    /// A list of sections by RenderCV's keys (`work_experience`), as the titles cvpdf
    /// gives them (`Work Experience`, matched without regard to case).
    fn sections(&mut self, path: &'static str, value: &Value) -> bool {
        let Node::Seq(items) = &value.value else {
            return self
                .warn("design: a list of sections is expected here: not used".into(), value);
        };
        let names: Vec<String> = items
            .iter()
            .map(|item| self.text(item).replace('_', " "))
            .filter(|name| !name.is_empty())
            .take(32)
            .map(|name| serde_json::to_string(&name).unwrap_or_default())
            .collect();
        self.set(path, format!("[{}]", names.join(", ")))
    }

    /// A type size in pt; `em` is the body's size (10 pt unless set).
    fn size(&mut self, path: &'static str, value: &Value) -> bool {
        let text = self.text(value);
        let body = self.em();
        let points = match (text.strip_suffix("pt"), text.strip_suffix("em")) {
            (Some(n), _) => n.trim().parse::<f32>().ok(),
            (_, Some(n)) => n.trim().parse::<f32>().ok().map(|n| n * body),
            _ => None,
        };
        match points {
            Some(p) if (4.0..=96.0).contains(&p) => self.set(path, format!("{p}")),
            _ => self
                .warn(format!("design: `{text}` is not a type size cvpdf reads: not used"), value),
        }
    }

    /// `rgb(0, 79, 144)`, `#004f90` or a name of RenderCV's few.
    fn colour(&mut self, path: &'static str, value: &Value) -> bool {
        let text = self.text(value);
        let lower = text.to_ascii_lowercase();
        let named =
            [("black", "#000000"), ("white", "#ffffff"), ("red", "#ff0000"), ("blue", "#0000ff")];
        let hex = if let Some(inner) = lower.strip_prefix("rgb(").and_then(|s| s.strip_suffix(')'))
        {
            let parts: Vec<Option<u8>> = inner.split(',').map(|p| p.trim().parse().ok()).collect();
            match parts[..] {
                [Some(r), Some(g), Some(b)] => Some(format!("#{r:02x}{g:02x}{b:02x}")),
                _ => None,
            }
        } else if lower.len() == 7
            && lower.starts_with('#')
            && lower[1..].chars().all(|c| c.is_ascii_hexdigit())
        {
            Some(lower.clone())
        } else {
            named.iter().find(|(n, _)| *n == lower).map(|(_, h)| h.to_string())
        };
        match hex {
            Some(hex) => self.set(path, format!("\"{hex}\"")),
            None => {
                self.warn(format!("design: `{text}` is not a colour cvpdf reads: not used"), value)
            }
        }
    }

    fn alignment(&mut self, value: &Value) -> bool {
        match self.text(value).as_str() {
            "justified" => self.set("justify", "true".into()),
            "justified-with-no-hyphenation" => {
                self.set("justify", "true".into()) && self.set("hyphenate", "false".into())
            }
            "left" => self.set("justify", "false".into()),
            other => self.warn(
                format!("design: alignment `{other}` is not one cvpdf sets: not used"),
                value,
            ),
        }
    }

    fn choice(&mut self, path: &'static str, value: &Value, names: &[(&str, &str)]) -> bool {
        let text = self.text(value);
        match names.iter().find(|(n, _)| *n == text) {
            Some((_, ours)) => self.set(path, ours.to_string()),
            None => self.warn(format!("design: `{text}` is not one cvpdf sets: not used"), value),
        }
    }

    /// The text between contact items, spaced as cvpdf's presets space theirs; with none
    /// (RenderCV sets its items apart by space alone), the preset's separator stays.
    fn separator(&mut self, value: &Value) -> bool {
        let text = self.text(value);
        if text.is_empty() {
            return true;
        }
        let separator = format!("  {text}  ");
        if separator.chars().count() > 16 {
            return self
                .warn(format!("design: the separator `{text}` is too long: not used"), value);
        }
        let quoted = serde_json::to_string(&separator).unwrap_or_default();
        self.set("header.separator", quoted)
    }

    /// The body font by name, or each part's (cvpdf sets one for the body and headings).
    fn font_family(&mut self, value: &Value) -> bool {
        let name = match &value.value {
            Node::Map(items) => match items.iter().find(|(k, _)| k.value.0 == "body") {
                Some((_, body)) => return self.font_family(body),
                None => return false,
            },
            _ => self.text(value),
        };
        let lower = name.to_ascii_lowercase();
        let bundled = match lower.as_str() {
            "source sans 3" | "source sans pro" => Some("source-sans-3"),
            "xcharter" | "charter" | "bitstream charter" => Some("xcharter"),
            "dejavu sans mono" => Some("dejavu-sans-mono"),
            _ => None,
        };
        let (family, said) = match bundled {
            Some(family) => (family, None),
            None => {
                let (family, shown) = nearest_font(&lower);
                (family, Some(shown))
            }
        };
        if let Some(shown) = said {
            self.warn(
                format!("design: cvpdf does not carry the font `{name}`: it sets {shown}, the nearest it has"),
                value,
            );
        }
        self.set("fonts.body", family.into()) && self.set("fonts.heading", family.into())
    }

    /// `with_partial_line`, `with_full_line`, `without_line`, `moderncv` (2.3 writes them
    /// with dashes).
    fn section_title(&mut self, value: &Value) -> bool {
        match self.text(value).replace('-', "_").as_str() {
            "with_partial_line" => self.set("heading.rule-position", "beside".into()),
            "with_full_line" => self.set("heading.rule-position", "below".into()),
            "without_line" => self.set("heading.rule", "0pt".into()),
            // A bar before the title, as moderncv draws one across its dates' column.
            "moderncv" => {
                self.set("heading.rule", "0pt".into())
                    && self.set("heading.bar", "2cm".into())
                    && self.set("heading.bar-thickness", "3pt".into())
            }
            other => self.warn(
                format!("design: section titles `{other}` are not a style cvpdf sets: not used"),
                value,
            ),
        }
    }

    /// A bullet marker of `level` (0 or 1).
    fn bullet(&mut self, level: usize, value: &Value) -> bool {
        let text = self.text(value).trim_matches(['"', '\'']).to_string();
        if text.is_empty() || text.chars().count() > 8 {
            return self.warn(format!("design: the bullet `{text}` is not used"), value);
        }
        self.design.bullets[level] = Some(text);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::import::tree::Node;

    /// The layout text and the warnings of a `design:` block.
    fn design(yaml: &str) -> (Option<String>, Vec<String>) {
        let source = Source::new("cv.yaml", yaml);
        let root: Value = crate::model::load_yaml(&source).unwrap();
        let Node::Map(items) = &root.value else { panic!("a mapping") };
        let mut design = Design::default();
        for (key, value) in items {
            assert!(design.read(&source, &key.value.0, value), "{}", key.value.0);
        }
        (design.layout(), design.warnings.iter().map(|w| w.message.clone()).collect())
    }

    #[test]
    fn values_become_layout_keys_in_cvpdf_s_units() {
        let (layout, warnings) = design(
            "colors:\n  body: rgb(0, 79, 144)\n  links: '#AA0000'\ntypography:\n  font_size:\n    body: 11pt\n    section_titles: 1.4em\n  alignment: justified-with-no-hyphenation\npage:\n  left_margin: 0.7in\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            layout.unwrap(),
            "colours:\n  text: \"#004f90\"\n  link: \"#aa0000\"\nsizes:\n  body: 11\n  heading: 15.4\njustify: true\nhyphenate: false\nmargins:\n  left: 0.7in\n"
        );
        let (layout, warnings) =
            design("header:\n  connections:\n    show_icons: true\n    separator: '|'\n");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(layout.unwrap(), "header:\n  icons: true\n  separator: \"  |  \"\n");
        // A group met twice is written once.
        let mut twice = Design::default();
        for (path, value) in
            [("colours.text", "black"), ("margins.top", "1cm"), ("colours.link", "red")]
        {
            twice.values.push((path, value.to_string()));
        }
        assert_eq!(
            twice.layout().unwrap(),
            "colours:\n  text: black\n  link: red\nmargins:\n  top: 1cm\n"
        );
        let (layout, _) =
            design("colors:\n  body: black\n  links: red\npage:\n  top_margin: 1cm\n");
        assert_eq!(
            layout.unwrap(),
            "colours:\n  text: \"#000000\"\n  link: \"#ff0000\"\nmargins:\n  top: 1cm\n"
        );
    }

    #[test]
    fn spacing_and_section_titles_map_to_spaces_leading_and_the_heading_bar() {
        let (layout, warnings) = design(
            "typography:\n  line_spacing: 0.6em\nsections:\n  space_between_regular_entries: 1.2em\n  show_time_spans_in: [experience]\nsection_titles:\n  type: moderncv\n  space_above: 0.5cm\nentries:\n  highlights:\n    space_between_items: 0cm\n",
        );
        assert_eq!(
            layout.unwrap(),
            "leading:\n  body: 1.30\nspacing:\n  entry: 12.00pt\n  section: 14.17pt\n  bullet: 0.00pt\ndates:\n  time-spans-in: [\"experience\"]\nheading:\n  rule: 0pt\n  bar: 2cm\n  bar-thickness: 3pt\n"
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        // RenderCV 2.3's names.
        let (layout, warnings) = design(
            "section_titles:\n  type: with-full-line\n  vertical_space_below: 0.3cm\nhighlights:\n  bullet: '-'\n  vertical_space_between_highlights: 0.25cm\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let layout = layout.unwrap();
        assert!(layout.contains("rule-position: below"), "{layout}");
        assert!(
            layout.contains("heading: 8.50pt") && layout.contains("bullet: 7.09pt"),
            "{layout}"
        );
    }

    #[test]
    fn what_cannot_be_used_is_said_at_its_place() {
        let (layout, warnings) = design(
            "typography:\n  font_family: Comic Sans\n  font_size:\n    body: huge\ncolors:\n  body: teal-ish\n  top_note: rgb(1, 2, 3)\n",
        );
        assert_eq!(
            layout.as_deref(),
            Some("fonts:\n  body: source-sans-3\n  heading: source-sans-3\n")
        );
        assert!(
            warnings[0]
                .contains("cvpdf does not carry the font `Comic Sans`: it sets Source Sans 3"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("`huge` is not a type size"), "{warnings:?}");
        assert!(warnings[2].contains("`teal-ish` is not a colour"), "{warnings:?}");
        assert!(warnings[3].contains("design.colors: `top_note` not used"), "{warnings:?}");
        // The nearest of a kind: a serif (not a sans serif) and a monospaced face.
        assert_eq!(nearest_font("eb garamond").0, "xcharter");
        assert_eq!(nearest_font("noto serif").0, "xcharter");
        assert_eq!(nearest_font("pt sans").0, "source-sans-3");
        assert_eq!(nearest_font("fira code").0, "dejavu-sans-mono");
    }
}
