//! Style stage, entry templates: a layout's `entry:` block → [`EntryTemplate`], which
//! fields of an entry's heading go on which line, left or flush right, and how each
//! field is set.
//!
//! An entry's heading is made of five fields (title, subtitle, location, dates, and an
//! education entry's degree). Designs differ mostly in where they put them: one line
//! with the dates flush right (the default), two lines with the organisation under the
//! title (Jake's résumé, sb2nov), the organisation first (Harvard), the degree in a
//! column of its own (RenderCV's classic). A template names the fields of each line;
//! the compose stage fills them in and leaves out what an entry does not have. A
//! template that does not name the degree has it before the subtitle.
//!
//! Sizes and colours are named (`meta`, `muted`), not given as numbers: a field follows
//! the layout's `sizes:` and `colours:`, so fitting a page shrinks it with the rest.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Length, choose_at, pick};
use crate::diag::Diagnostic;
use crate::model::span_of;

/// Where an entry's heading puts its fields, and how it sets them.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryTemplate {
    /// One or more lines; the first is the entry's heading to a screen reader.
    pub lines: Vec<EntryLine>,
    /// Fields set in a column left of the entry, beside its first line; the entry's
    /// lines and body start after the column.
    pub column: EntryColumn,
    /// Between two fields on the left of a line (", "); the right side uses the
    /// layout's item separator (`header.separator`).
    pub join: String,
    /// Between a degree the template does not place and the subtitle it goes before
    /// (" in ": "B.Sc. in Mathematics"); `join` when not set.
    pub degree_join: Option<String>,
    /// How each field is set, in the order of [`Field::ALL`].
    pub looks: [FieldLook; 5],
}

impl EntryTemplate {
    /// Between a degree the template does not place and the subtitle after it.
    pub fn degree_join(&self) -> &str {
        self.degree_join.as_deref().unwrap_or(&self.join)
    }

    /// Whether a line or the column names `field`.
    pub fn places(&self, field: Field) -> bool {
        self.column.fields.contains(&field)
            || self.lines.iter().any(|l| l.left.contains(&field) || l.right.contains(&field))
    }
}

/// One line of an entry's heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine {
    pub left: Vec<Field>,
    /// Flush right, on the line's first baseline (or below when it would collide).
    pub right: Vec<Field>,
}

/// A column left of an entry (dates in a column of their own, as moderncv sets them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryColumn {
    /// Its fields, joined on one line like a line's right side; none for no column.
    pub fields: Vec<Field>,
    /// Its width with the gap after it, in points; the entry starts this far in.
    pub width: f32,
}

/// A field of an entry's heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Subtitle,
    Location,
    Dates,
    /// An education entry's degree (`degree: B.Sc.`).
    Degree,
}

impl Field {
    pub const ALL: [Field; 5] =
        [Field::Title, Field::Subtitle, Field::Location, Field::Dates, Field::Degree];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Subtitle => "subtitle",
            Field::Location => "location",
            Field::Dates => "dates",
            Field::Degree => "degree",
        }
    }

    fn named() -> [(&'static str, Field); 5] {
        Field::ALL.map(|f| (f.name(), f))
    }
}

/// How a field is set: its weight and slant, and which of the layout's sizes and colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLook {
    pub bold: bool,
    pub italic: bool,
    pub size: SizeName,
    pub colour: ColourName,
}

/// One of the layout's `sizes:` a field may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeName {
    EntryTitle,
    Meta,
    Body,
}

impl SizeName {
    pub const ALL: [(&'static str, SizeName); 3] =
        [("entry-title", SizeName::EntryTitle), ("meta", SizeName::Meta), ("body", SizeName::Body)];
}

/// One of the layout's `colours:` a field may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourName {
    Text,
    Muted,
    Accent,
}

impl ColourName {
    pub const ALL: [(&'static str, ColourName); 3] =
        [("text", ColourName::Text), ("muted", ColourName::Muted), ("accent", ColourName::Accent)];
}

/// The name a value is written with in a layout file.
pub fn name_of<T: Copy + PartialEq>(value: T, names: &[(&'static str, T)]) -> &'static str {
    names.iter().find(|(_, v)| *v == value).map_or("", |(n, _)| n)
}

/// The `entry:` block of a layout file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    lines: Option<Spanned<Vec<Spanned<RawLine>>>>,
    column: Option<Spanned<RawColumn>>,
    /// Resolved with the layout's other texts (`LayoutText::EntryJoin`).
    pub(super) join: Option<Spanned<String>>,
    /// Resolved with the layout's other texts (`LayoutText::DegreeJoin`).
    #[serde(rename = "degree-join")]
    pub(super) degree_join: Option<Spanned<String>>,
    title: Option<RawLook>,
    subtitle: Option<RawLook>,
    location: Option<RawLook>,
    dates: Option<RawLook>,
    degree: Option<RawLook>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLine {
    #[serde(default)]
    left: Vec<Spanned<String>>,
    #[serde(default)]
    right: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    #[serde(default)]
    fields: Vec<Spanned<String>>,
    width: Option<Spanned<Length>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLook {
    bold: Option<bool>,
    italic: Option<bool>,
    size: Option<Spanned<String>>,
    colour: Option<Spanned<String>>,
}

/// At most this many lines: a heading taller than three lines is no longer a heading.
const MAX_LINES: usize = 3;

/// The widest column, in points (7 cm): a third of a narrow page's measure.
const MAX_COLUMN: f32 = 200.0;

impl RawEntry {
    /// This file's template over the one of the layout it extends, with `join` and
    /// `degree_join` already resolved: `lines` replaces the base's, a field's look changes
    /// only the keys it sets.
    pub(super) fn resolve(
        &self,
        base: Option<&EntryTemplate>,
        join: String,
        degree_join: Option<String>,
    ) -> Result<EntryTemplate, Diagnostic> {
        let lines =
            pick(&self.lines, base.map(|b| &b.lines), "entry.lines", |r| lines(r, "entry.lines"))?;
        let column = pick(&self.column, base.map(|b| &b.column), "entry.column", column)?;
        // A field in the column is in no line: the file may have set either, over the
        // other of the layout it extends.
        let in_lines = |f: &Field| lines.iter().any(|l| l.left.contains(f) || l.right.contains(f));
        if let Some(&twice) = column.fields.iter().find(|f| in_lines(f)) {
            let mut error = Diagnostic::new(format!(
                "`{}` is in `entry.lines` and in `entry.column`",
                twice.name()
            ))
            .hint("each field goes in one place: set `entry.lines` without it");
            // The file's own value that clashes with the other (both of the base clash not).
            let at = self.column.as_ref().map(span_of).or(self.lines.as_ref().map(span_of));
            if let Some(at) = at {
                error = error.at(at);
            }
            return Err(error);
        }
        let raws = [&self.title, &self.subtitle, &self.location, &self.dates, &self.degree];
        let mut looks = Vec::with_capacity(Field::ALL.len());
        for (field, raw) in Field::ALL.into_iter().zip(raws) {
            let base = base.map(|b| b.looks[field as usize]);
            looks.push(look(raw.as_ref(), base, field)?);
        }
        let looks = [looks[0], looks[1], looks[2], looks[3], looks[4]];
        Ok(EntryTemplate { lines, column, join, degree_join, looks })
    }
}

fn column(raw: &Spanned<RawColumn>) -> Result<EntryColumn, Diagnostic> {
    let mut fields = Vec::new();
    for name in &raw.value.fields {
        let field = choose_at(&name.value, span_of(name), "entry field", &Field::named())?;
        if field == Field::Title {
            return Err(Diagnostic::new("the title cannot go in `entry.column`")
                .at(span_of(name))
                .hint("the title is the entry's heading: put it on one of `entry.lines`"));
        }
        if fields.contains(&field) {
            return Err(Diagnostic::new(format!("`{}` is in `entry.column` twice", field.name()))
                .at(span_of(name)));
        }
        fields.push(field);
    }
    let width = match &raw.value.width {
        Some(w) => {
            let points = w.value.points(0.0);
            let least = if fields.is_empty() { 0.0 } else { 24.0 };
            if !points.is_finite() || !(least..=MAX_COLUMN).contains(&points) {
                return Err(Diagnostic::new(format!(
                    "entry.column.width {} is out of range ({least} to {MAX_COLUMN} pt)",
                    w.value
                ))
                .at(span_of(w)));
            }
            points
        }
        None if fields.is_empty() => 0.0,
        None => {
            return Err(Diagnostic::new("`entry.column` has fields but no width")
                .at(span_of(raw))
                .hint("give it a width: `column: { fields: [dates], width: 2.8cm }`"));
        }
    };
    Ok(EntryColumn { fields, width })
}

/// The lines of an entry's heading, from `key` (`entry.lines`, `sidebar.entry-lines`).
pub(super) fn lines(
    raw: &Spanned<Vec<Spanned<RawLine>>>,
    key: &str,
) -> Result<Vec<EntryLine>, Diagnostic> {
    let at = span_of(raw);
    if raw.value.is_empty() || raw.value.len() > MAX_LINES {
        return Err(Diagnostic::new(format!(
            "`{key}` has {} lines: an entry's heading takes 1 to {MAX_LINES}",
            raw.value.len()
        ))
        .at(at));
    }
    let mut seen: Vec<Field> = Vec::new();
    let mut lines = Vec::new();
    for spanned in &raw.value {
        let line = &spanned.value;
        let mut side = |names: &[Spanned<String>]| -> Result<Vec<Field>, Diagnostic> {
            let mut fields = Vec::new();
            for name in names {
                let field = choose_at(&name.value, span_of(name), "entry field", &Field::named())?;
                if seen.contains(&field) {
                    return Err(Diagnostic::new(format!("`{}` is in `{key}` twice", field.name()))
                        .at(span_of(name))
                        .hint("each field goes in one place"));
                }
                seen.push(field);
                fields.push(field);
            }
            Ok(fields)
        };
        let left = side(&line.left)?;
        let right = side(&line.right)?;
        if left.is_empty() && right.is_empty() {
            return Err(Diagnostic::new(format!("a line of `{key}` names no field"))
                .at(span_of(spanned))
                .hint("give it `left: [...]`, `right: [...]` or both"));
        }
        lines.push(EntryLine { left, right });
    }
    if !seen.contains(&Field::Title) {
        return Err(Diagnostic::new(format!("`{key}` does not place the title"))
            .at(at)
            .hint("every entry has a title: put `title` on one of the lines"));
    }
    Ok(lines)
}

fn look(
    raw: Option<&RawLook>,
    base: Option<FieldLook>,
    field: Field,
) -> Result<FieldLook, Diagnostic> {
    let missing = |what: &str| {
        Diagnostic::new(format!("the layout does not set `entry.{}{what}`", field.name())).hint(
            "start the file with `extends: detailed` to take what it does not set from a preset",
        )
    };
    let Some(raw) = raw else {
        return base.ok_or_else(|| missing(""));
    };
    let missing = |what: &str| missing(&format!(".{what}"));
    let bold = raw.bold.or(base.map(|b| b.bold)).ok_or_else(|| missing("bold"))?;
    let italic = raw.italic.or(base.map(|b| b.italic)).ok_or_else(|| missing("italic"))?;
    let size = match &raw.size {
        Some(r) => choose_at(&r.value, span_of(r), "entry size", &SizeName::ALL)?,
        None => base.map(|b| b.size).ok_or_else(|| missing("size"))?,
    };
    let colour = match &raw.colour {
        Some(r) => choose_at(&r.value, span_of(r), "entry colour", &ColourName::ALL)?,
        None => base.map(|b| b.colour).ok_or_else(|| missing("colour"))?,
    };
    Ok(FieldLook { bold, italic, size, colour })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::style::{from_source, resolve};

    fn layout(entry: &str) -> Result<EntryTemplate, (Source, Diagnostic)> {
        let source = Source::new("mine.yaml", format!("extends: detailed\nentry:\n{entry}"));
        from_source(&source).map(|style| style.entry).map_err(|d| (source, d))
    }

    /// The line of the layout file a diagnostic points at.
    fn pointed((source, d): (Source, Diagnostic)) -> (String, String) {
        let start = d.span.expect("a place in the file").start;
        let (line, _) = source.line_column(start);
        (d.message, source.text.lines().nth(line - 1).unwrap_or("").trim().to_string())
    }

    #[test]
    fn a_layout_changes_only_the_keys_of_a_look_it_sets() {
        let base = resolve("detailed").unwrap().entry;
        let mine = layout("  dates: { italic: true }\n  lines:\n    - { left: [title], right: [dates] }\n    - { left: [subtitle, location] }\n").unwrap();
        let dates = mine.looks[Field::Dates as usize];
        assert!(dates.italic);
        assert_eq!((dates.bold, dates.size, dates.colour), {
            let b = base.looks[Field::Dates as usize];
            (b.bold, b.size, b.colour)
        });
        assert_eq!(mine.looks[Field::Title as usize], base.looks[Field::Title as usize]);
        assert_eq!(mine.join, base.join);
        assert_eq!(mine.lines.len(), 2);
        assert_eq!(mine.lines[1].left, [Field::Subtitle, Field::Location]);
        assert!(mine.lines[1].right.is_empty());
    }

    #[test]
    fn bad_templates_are_errors_at_their_place() {
        let cases = [
            (
                "  lines:\n    - { left: [title, subtitel] }\n",
                "unknown entry field `subtitel`",
                "subtitel",
            ),
            (
                "  lines:\n    - { left: [title], right: [title] }\n",
                "`title` is in `entry.lines` twice",
                "right: [title]",
            ),
            (
                "  lines:\n    - { left: [subtitle], right: [dates] }\n",
                "does not place the title",
                "left: [subtitle]",
            ),
            ("  lines:\n    - { left: [title] }\n    - {}\n", "names no field", "- {}"),
            ("  lines: []\n", "0 lines", "lines: []"),
            ("  dates: { size: huge }\n", "unknown entry size `huge`", "huge"),
            ("  title: { colour: \"#ff0000\" }\n", "unknown entry colour", "colour"),
            ("  join: \"a very long join text\"\n", "at most 16", "join"),
            (
                "  column: { fields: [title], width: 3cm }\n",
                "the title cannot go in `entry.column`",
                "column",
            ),
            (
                "  column: { fields: [dates], width: 3cm }\n",
                "`dates` is in `entry.lines` and in `entry.column`",
                "column",
            ),
            ("  column: { fields: [location] }\n", "has fields but no width", "column"),
            ("  column: { fields: [dates, dates], width: 3cm }\n", "twice", "column"),
            (
                "  lines:\n    - { left: [title] }\n  column: { fields: [dates], width: 9cm }\n",
                "out of range",
                "9cm",
            ),
        ];
        for (entry, message, line) in cases {
            let (got, at) = pointed(layout(entry).unwrap_err());
            assert!(got.contains(message), "{entry}: {got}");
            assert!(at.contains(line), "{entry}: points at `{at}`");
        }
        // A layout that extends one with a column and puts its field on a line again.
        let source = Source::new(
            "mine.yaml",
            "extends: timeline\nentry:\n  lines:\n    - { left: [title], right: [dates] }\n",
        );
        let (message, at) = pointed((source.clone(), from_source(&source).unwrap_err()));
        assert!(message.contains("in `entry.lines` and in `entry.column`"), "{message}");
        assert!(at.contains("right: [dates]"), "{at}");
        let four = "  lines:\n    - { left: [title] }\n    - { left: [subtitle] }\n    - { left: [location] }\n    - { left: [dates] }\n";
        assert!(layout(four).unwrap_err().1.message.contains("1 to 3"));
    }
}
