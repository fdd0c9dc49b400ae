//! Style stage, the sidebar: a layout's `sidebar:` block → [`SidebarStyle`], a column
//! beside the main one that holds the sections the layout names and, if it asks, the
//! contact items.
//!
//! The sidebar is a column of its own: its sections are set in its width and paginated
//! down its pages, and the main column beside it is narrower by the sidebar and the gap.
//! With `pages: first` the main column is narrow only on the pages the sidebar fills
//! (usually the first) and takes the whole width after them; with `pages: every` the
//! sidebar's strip runs down every page. Each column is written whole, the main one
//! first, so text extractors that follow the drawing read one column, then the other.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::Rgb;
use super::entry::{RawLine, lines};
use super::{EntryLine, Length, Style, choose, colour, length, pick, section_titles};
use crate::diag::Diagnostic;

/// How a layout sets a sidebar.
#[derive(Debug, Clone, PartialEq)]
pub struct SidebarStyle {
    pub side: SidebarSide,
    /// The sidebar's text width, in points.
    pub width: f32,
    /// Between the sidebar's text and the main column's, in points; a tint fills the
    /// sidebar's half of it.
    pub gap: f32,
    /// The strip's colour from the page's edge to the middle of the gap; `None` for
    /// none.
    pub tint: Option<Rgb>,
    /// The titles of the sections it holds, matched without regard to case; a name of a
    /// section cvpdf titles itself (`skills`, `languages`…) matches its title in the
    /// résumé's language too.
    pub sections: Vec<String>,
    /// Whether the contact items leave the header for the top of the sidebar, one a
    /// line.
    pub contact: bool,
    pub pages: SidebarPages,
    /// The lines of an entry's heading in the sidebar, without `entry.column`; empty
    /// for the main column's template.
    pub entry_lines: Vec<EntryLine>,
}

/// Which side of the page the sidebar is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidebarSide {
    Left,
    Right,
    /// No sidebar: every section is in the one column.
    None,
}

impl SidebarSide {
    pub const ALL: [(&'static str, SidebarSide); 3] =
        [("left", SidebarSide::Left), ("right", SidebarSide::Right), ("none", SidebarSide::None)];
}

/// On which pages the sidebar's strip is, and the main column narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidebarPages {
    /// The pages its content fills, the first one at least.
    First,
    Every,
}

impl SidebarPages {
    pub const ALL: [(&'static str, SidebarPages); 2] =
        [("first", SidebarPages::First), ("every", SidebarPages::Every)];
}

/// A page split into the main column and the sidebar: each column's style is the page's
/// with its margins moved in, so the stages set and place it as they would a page.
#[derive(Debug, Clone)]
pub struct Columns {
    pub main: Style,
    pub side: Style,
    /// The tinted strip, from its left edge: x and width, in points.
    pub strip: (f32, f32),
}

impl Style {
    /// The main column and the sidebar, when the layout has a sidebar.
    pub fn columns(&self) -> Option<Columns> {
        let s = &self.sidebar;
        if s.side == SidebarSide::None {
            return None;
        }
        // The main column keeps half of the measure on paper narrower than the layout's.
        let width = s.width.min(self.measure() / 2.0 - s.gap).max(0.0);
        let (mut main, mut side) = (self.clone(), self.clone());
        if !s.entry_lines.is_empty() {
            side.entry.lines = s.entry_lines.clone();
            side.entry.column = Default::default();
        }
        let strip = match s.side {
            SidebarSide::Right => {
                main.margin_right += width + s.gap;
                side.margin_left = self.page_width - self.margin_right - width;
                let x = side.margin_left - s.gap / 2.0;
                (x, self.page_width - x)
            }
            _ => {
                main.margin_left += width + s.gap;
                side.margin_right = self.page_width - self.margin_left - width;
                (0.0, self.margin_left + width + s.gap / 2.0)
            }
        };
        Some(Columns { main, side, strip })
    }
}

/// The `sidebar:` block of a layout file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawSidebar {
    side: Option<Spanned<String>>,
    width: Option<Spanned<Length>>,
    gap: Option<Spanned<Length>>,
    tint: Option<Spanned<String>>,
    sections: Option<Spanned<Vec<String>>>,
    contact: Option<bool>,
    pages: Option<Spanned<String>>,
    entry_lines: Option<Spanned<Vec<Spanned<RawLine>>>>,
}

impl RawSidebar {
    /// The sidebar of a page whose text is `measure` wide.
    pub(super) fn resolve(
        &self,
        base: Option<&SidebarStyle>,
        measure: f32,
    ) -> Result<SidebarStyle, Diagnostic> {
        let gap = pick(&self.gap, base.map(|b| &b.gap), "sidebar.gap", |r| {
            length(r, "sidebar.gap", 0.0, 72.0)
        })?;
        // The main column keeps half of the measure, and the sidebar holds a word.
        let widest = (measure / 2.0 - gap).max(48.0);
        let width = pick(&self.width, base.map(|b| &b.width), "sidebar.width", |r| {
            length(r, "sidebar.width", 48.0, widest)
        })?;
        Ok(SidebarStyle {
            side: pick(&self.side, base.map(|b| &b.side), "sidebar.side", |r| {
                choose(r, "sidebar side", &SidebarSide::ALL)
            })?,
            width,
            gap,
            tint: pick(&self.tint, base.map(|b| &b.tint), "sidebar.tint", |r| {
                if r.value.trim() == "none" { Ok(None) } else { colour(r).map(Some) }
            })?,
            sections: pick(&self.sections, base.map(|b| &b.sections), "sidebar.sections", |r| {
                section_titles(r, "sidebar.sections")
            })?,
            contact: pick(&self.contact, base.map(|b| &b.contact), "sidebar.contact", |r| Ok(*r))?,
            pages: pick(&self.pages, base.map(|b| &b.pages), "sidebar.pages", |r| {
                choose(r, "sidebar pages", &SidebarPages::ALL)
            })?,
            entry_lines: match &self.entry_lines {
                Some(raw) if raw.value.is_empty() => Vec::new(),
                Some(raw) => lines(raw, "sidebar.entry-lines")?,
                None => base.map_or_else(Vec::new, |b| b.entry_lines.clone()),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Source;
    use crate::style::{SidebarSide, from_source};

    #[test]
    fn a_bad_sidebar_is_an_error_at_its_value() {
        for (yaml, message) in [
            ("sidebar: { side: rigth }", "unknown sidebar side `rigth`"),
            ("sidebar: { width: 12cm }", "sidebar.width 340.2 pt is out of range (48 to 227 pt)"),
            ("sidebar: { width: 1cm }", "sidebar.width 28.3 pt is out of range"),
            ("sidebar: { tint: blue }", "`blue` is not a colour"),
            ("sidebar: { pages: all }", "unknown sidebar pages `all`"),
        ] {
            let text = format!("extends: sidebar\n{yaml}\n");
            let d = from_source(&Source::new("layout.yaml", text)).unwrap_err();
            assert!(d.message.contains(message), "{yaml}: {}", d.message);
            assert!(d.span.is_some(), "{yaml}");
        }
        let none = "extends: sidebar\nsidebar: { side: none, tint: none }\n";
        let style = from_source(&Source::new("layout.yaml", none)).unwrap();
        assert!(style.columns().is_none() && style.sidebar.side == SidebarSide::None);
    }
}
