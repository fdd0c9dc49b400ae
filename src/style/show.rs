//! Style stage, printing: a resolved [`Style`] → a complete layout file in YAML, which
//! resolves back to the same style (so a user can copy a preset and edit it).

use std::fmt::Write;

use super::entry::name_of;
use super::{
    Align, Case, ColourName, Field, Length, MonthStyle, NameWeight, Paper, PhotoShape, PhotoSide,
    Rgb, RulePosition, SidebarPages, SidebarSide, SizeName, Style,
};

/// The style as a layout file that sets every value.
pub fn to_yaml(style: &Style) -> String {
    let mut out = String::new();
    let paper = Paper::ALL
        .iter()
        .find(|(_, p)| p.size() == (style.page_width, style.page_height))
        .map_or("a4", |(name, _)| name);
    let family = |f| super::font::written(f, &style.font_files);
    let pt = |v: f32| format!("{}pt", round(v));
    let colour = |c: Rgb| format!("\"#{:02x}{:02x}{:02x}\"", c.0, c.1, c.2);
    let s = &style.sizes;
    let sp = &style.spacing;
    let _ = writeln!(out, "paper: {paper}");
    let _ = writeln!(
        out,
        "margins: {{ top: {}, bottom: {}, left: {}, right: {} }}",
        pt(style.margin_top),
        pt(style.margin_bottom),
        pt(style.margin_left),
        pt(style.margin_right)
    );
    let fallback: Vec<String> = style.fallback.iter().map(|f| family(*f)).collect();
    let _ = writeln!(out, "fonts:");
    let _ = writeln!(out, "  body: {}", family(style.body_family));
    let _ = writeln!(out, "  heading: {}", family(style.heading_family));
    let _ = writeln!(out, "  mono: {}", family(style.mono_family));
    let _ = writeln!(out, "  fallback: [{}]", fallback.join(", "));
    let _ = writeln!(out, "sizes:");
    for (key, value) in [
        ("body", s.body),
        ("name", s.name),
        ("native-name", s.native_name),
        ("headline", s.headline),
        ("contact", s.contact),
        ("heading", s.heading),
        ("entry-title", s.entry_title),
        ("meta", s.meta),
        ("footer", s.footer),
        ("code-scale", s.code_scale),
    ] {
        let _ = writeln!(out, "  {key}: {}", round(value));
    }
    let _ = writeln!(out, "leading:");
    let l = &style.leading;
    for (key, value) in [("body", l.body), ("header", l.header), ("heading", l.heading)] {
        let _ = writeln!(out, "  {key}: {}", round(value));
    }
    let _ = writeln!(out, "spacing:");
    for (key, value) in [
        ("header", sp.header),
        ("headline", sp.headline),
        ("contact", sp.contact),
        ("section", sp.section),
        ("rule", sp.rule),
        ("heading", sp.heading),
        ("entry", sp.entry),
        ("entry-body", sp.entry_body),
        ("paragraph", sp.paragraph),
        ("bullet", sp.bullet),
    ] {
        let _ = writeln!(out, "  {key}: {}", pt(value));
    }
    let _ = writeln!(out, "indent:");
    let _ = writeln!(out, "  bullet: {}", pt(style.bullet_indent));
    let _ = writeln!(out, "  marker: {}", pt(style.bullet_marker));
    let _ = writeln!(out, "  row-gap: {}", pt(style.row_gap));
    let _ = writeln!(out, "colours:");
    for (key, value) in [
        ("text", style.text),
        ("accent", style.accent),
        ("muted", style.muted),
        ("link", style.link),
    ] {
        let _ = writeln!(out, "  {key}: {}", colour(value));
    }
    let case = match style.heading_case {
        Case::Upper => "upper",
        Case::SmallCaps => "small-caps",
        Case::AsIs => "as-is",
    };
    let _ = writeln!(out, "heading:");
    let _ = writeln!(out, "  case: {case}");
    let _ = writeln!(out, "  tracking: {}", round(style.heading_tracking));
    let _ = writeln!(out, "  rule: {}", pt(style.heading_rule));
    let _ = writeln!(
        out,
        "  rule-position: {}",
        name_of(style.heading_rule_position, &RulePosition::ALL)
    );
    let _ = writeln!(out, "  rule-width: {}", pt(style.heading_rule_width));
    let _ = writeln!(out, "  bar: {}", pt(style.heading_bar));
    let _ = writeln!(out, "  bar-thickness: {}", pt(style.heading_bar_thickness));
    let heading_align = match style.heading_align {
        Align::Left => "left",
        Align::Center => "center",
    };
    let _ = writeln!(out, "  align: {heading_align}");
    let _ = writeln!(out, "  accent-letters: {}", style.heading_accent_letters);
    let align = match style.header_align {
        Align::Left => "left",
        Align::Center => "center",
    };
    let _ = writeln!(out, "header:");
    let _ = writeln!(out, "  align: {align}");
    let _ = writeln!(out, "  name-weight: {}", name_of(style.name_weight, &NameWeight::ALL));
    let _ = writeln!(out, "  name-colour: {}", name_of(style.name_colour, &ColourName::ALL));
    let _ = writeln!(out, "  separator: {}", quoted(&style.separator));
    let _ = writeln!(out, "  icons: {}", style.contact_icons);
    let _ = writeln!(out, "  contact-per-line: {}", style.contact_per_line);
    let _ = writeln!(out, "  running-head: {}", quoted(&style.running_head));
    let entry = &style.entry;
    let names = |fields: &[Field]| fields.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ");
    let _ = writeln!(out, "entry:");
    let _ = writeln!(out, "  lines:");
    for line in &entry.lines {
        let _ = writeln!(
            out,
            "    - {{ left: [{}], right: [{}] }}",
            names(&line.left),
            names(&line.right)
        );
    }
    let _ = writeln!(
        out,
        "  column: {{ fields: [{}], width: {} }}",
        names(&entry.column.fields),
        pt(entry.column.width)
    );
    let _ = writeln!(out, "  join: {}", quoted(&entry.join));
    if let Some(join) = &entry.degree_join {
        let _ = writeln!(out, "  degree-join: {}", quoted(join));
    }
    for field in Field::ALL {
        let look = entry.looks[field as usize];
        let _ = writeln!(
            out,
            "  {}: {{ bold: {}, italic: {}, size: {}, colour: {} }}",
            field.name(),
            look.bold,
            look.italic,
            name_of(look.size, &SizeName::ALL),
            name_of(look.colour, &ColourName::ALL)
        );
    }
    let photo = &style.photo;
    let _ = writeln!(out, "photo:");
    let _ = writeln!(out, "  side: {}", name_of(photo.side, &PhotoSide::ALL));
    let _ = writeln!(out, "  size: {}", pt(photo.width));
    let _ = writeln!(out, "  shape: {}", name_of(photo.shape, &PhotoShape::ALL));
    let _ = writeln!(out, "  border: {}", pt(photo.border));
    let _ = writeln!(out, "  border-colour: {}", name_of(photo.border_colour, &ColourName::ALL));
    let _ = writeln!(out, "  gap: {}", pt(photo.gap));
    let sidebar = &style.sidebar;
    let _ = writeln!(out, "sidebar:");
    let _ = writeln!(out, "  side: {}", name_of(sidebar.side, &SidebarSide::ALL));
    let _ = writeln!(out, "  width: {}", pt(sidebar.width));
    let _ = writeln!(out, "  gap: {}", pt(sidebar.gap));
    let tint = sidebar.tint.map_or_else(|| "none".to_string(), colour);
    let _ = writeln!(out, "  tint: {tint}");
    let _ = writeln!(out, "  sections: {}", quoted_list(&sidebar.sections));
    let _ = writeln!(out, "  contact: {}", sidebar.contact);
    let _ = writeln!(out, "  pages: {}", name_of(sidebar.pages, &SidebarPages::ALL));
    let _ =
        writeln!(out, "  entry-lines:{}", if sidebar.entry_lines.is_empty() { " []" } else { "" });
    for line in &sidebar.entry_lines {
        let names =
            |fields: &[Field]| fields.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            out,
            "    - {{ left: [{}], right: [{}] }}",
            names(&line.left),
            names(&line.right)
        );
    }
    let bullets: Vec<String> = style.bullets.iter().map(|b| quoted(b)).collect();
    let _ = writeln!(out, "bullets: [{}]", bullets.join(", "));
    let _ = writeln!(out, "justify: {}", style.justify);
    let _ = writeln!(out, "hyphenate: {}", style.hyphenate);
    let ragged = match style.ragged {
        Length::Points(p) => pt(p),
        Length::Em(e) => format!("{}em", round(e)),
    };
    let _ = writeln!(out, "ragged-stretch: {ragged}");
    let months = match style.months {
        MonthStyle::Short => "short",
        MonthStyle::Numeric => "numeric",
    };
    let _ = writeln!(out, "dates:");
    let _ = writeln!(out, "  months: {months}");
    let _ = writeln!(out, "  month-names: {}", quoted_list(&style.month_names));
    let _ = writeln!(out, "  present: {}", quoted(&style.present));
    let _ = writeln!(out, "  time-spans-in: {}", quoted_list(&style.time_spans_in));
    if style.titles.is_empty() {
        let _ = writeln!(out, "titles: {{}}");
    } else {
        let _ = writeln!(out, "titles:");
        for (name, title) in &style.titles {
            let _ = writeln!(out, "  {}: {}", quoted(name), quoted(title));
        }
    }
    let _ = writeln!(out, "footer:");
    let _ = writeln!(out, "  text: {}", quoted(&style.footer_text));
    let _ = writeln!(out, "  single-page: {}", style.footer_on_single_page);
    if let Some(fit) = style.fit {
        let _ = writeln!(out, "fit:");
        let _ = writeln!(out, "  pages: {}", fit.pages);
        let _ = writeln!(out, "  min-body: {}", round(fit.min_body));
        let _ = writeln!(out, "  min-leading: {}", round(fit.min_leading));
        let _ = writeln!(out, "  min-spacing: {}", round(fit.min_spacing));
        let _ = writeln!(out, "  min-margin: {}", pt(fit.min_margin));
    }
    out
}

/// A number with at most three decimals, without trailing zeros.
fn round(v: f32) -> String {
    let s = format!("{:.3}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `["a", "b"]`.
fn quoted_list(texts: &[String]) -> String {
    let quoted: Vec<String> = texts.iter().map(|t| quoted(t)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::style::{PRESETS, from_source, resolve};

    #[test]
    fn a_printed_preset_resolves_to_the_same_style() {
        for (name, _) in PRESETS {
            let style = resolve(name).unwrap();
            let printed = to_yaml(&style);
            let again = from_source(&Source::new("printed.yaml", printed.clone()))
                .unwrap_or_else(|d| panic!("{name}: {}\n{printed}", d.message));
            let close = |a: f32, b: f32| (a - b).abs() < 0.002;
            assert!(close(again.margin_left, style.margin_left), "{name}");
            assert!(close(again.sizes.body, style.sizes.body), "{name}");
            assert!(close(again.spacing.entry, style.spacing.entry), "{name}");
            assert_eq!(again.heading_case, style.heading_case, "{name}");
            assert_eq!(again.heading_rule_position, style.heading_rule_position, "{name}");
            assert_eq!(again.heading_align, style.heading_align, "{name}");
            assert_eq!(again.name_weight, style.name_weight, "{name}");
            assert_eq!(again.name_colour, style.name_colour, "{name}");
            assert_eq!(again.heading_accent_letters, style.heading_accent_letters, "{name}");
            assert_eq!(again.heading_rule_width, style.heading_rule_width, "{name}");
            assert_eq!(again.heading_bar, style.heading_bar, "{name}");
            assert_eq!(again.heading_bar_thickness, style.heading_bar_thickness, "{name}");
            assert_eq!(again.contact_per_line, style.contact_per_line, "{name}");
            assert_eq!(again.time_spans_in, style.time_spans_in, "{name}");
            assert_eq!(again.titles, style.titles, "{name}");
            assert_eq!(again.month_names, style.month_names, "{name}");
            assert_eq!(
                (again.page_width, again.page_height),
                (style.page_width, style.page_height)
            );
            assert_eq!(again.bullets, style.bullets, "{name}");
            let (a, b) = (&again.entry, &style.entry);
            assert_eq!((&a.lines, &a.join, a.looks), (&b.lines, &b.join, b.looks), "{name}");
            assert_eq!(a.column.fields, b.column.fields, "{name}");
            assert!(close(a.column.width, b.column.width), "{name}");
            assert_eq!(again.photo.side, style.photo.side, "{name}");
            assert_eq!(again.photo.shape, style.photo.shape, "{name}");
            assert!(close(again.photo.width, style.photo.width), "{name}");
            assert_eq!(again.fallback, style.fallback, "{name}");
            let (a, b) = (&again.sidebar, &style.sidebar);
            assert_eq!(
                (a.side, a.tint, &a.sections, a.pages),
                (b.side, b.tint, &b.sections, b.pages)
            );
            assert!(close(a.width, b.width) && close(a.gap, b.gap), "{name}");
            assert_eq!(again.fit.map(|f| f.pages), style.fit.map(|f| f.pages), "{name}");
        }
    }
}
