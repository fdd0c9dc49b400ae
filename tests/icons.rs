//! Icons before the contact items (`header.icons`): each item gets the icon of what it
//! is, drawn as a shape beside its text, and the text layer reads as it does without
//! them.

mod common;

use common::*;
use cvpdf::paginate::Document;
use cvpdf::style;
use cvpdf::text::LineItem;

const CONTACTS: &str = "name: Ada Lovelace
location: London
email: ada@example.org
phone: +44 20 7946 0000
links:
  - url: https://github.com/ada
  - url: https://www.linkedin.com/in/ada-lovelace
  - url: https://orcid.org/0000-0002-1825-0097
  - url: https://scholar.google.com/citations?user=ada
  - url: https://ada.example.org
summary: Analyst of engines.
";

/// The icons on the page, by name, each with the text that follows it on its line.
fn icons(document: &Document) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for placed in &document.pages[0].lines {
        let items = &placed.line.items;
        for item in items {
            let LineItem::Icon { x, icon, .. } = item else { continue };
            let next = items
                .iter()
                .filter_map(|i| match i {
                    LineItem::Text(run) if run.x > *x && !run.text.trim().is_empty() => Some(run),
                    _ => None,
                })
                .min_by(|a, b| a.x.total_cmp(&b.x))
                .map_or(String::new(), |run| run.text.clone());
            found.push((icon.glyph().name, next));
        }
    }
    found
}

#[test]
fn each_contact_item_has_the_icon_of_what_it_is() {
    let style = style::resolve("opal").unwrap_or_else(|(_, d)| panic!("{}", d.message));
    assert!(style.contact_icons);
    let (document, _) = lay_out(CONTACTS, &style);
    let found = icons(&document);
    let names: Vec<&str> = found.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "location-dot",
            "envelope",
            "phone",
            "github",
            "linkedin",
            "orcid",
            "google-scholar",
            "link"
        ]
    );
    // Each icon stands right before its own item's text, whichever line it is on.
    for (name, text) in &found {
        let expected = match *name {
            "location-dot" => "London",
            "envelope" => "ada@example.org",
            "phone" => "+44",
            "github" => "github.com/ada",
            "linkedin" => "linkedin.com",
            _ => "",
        };
        assert!(text.contains(expected), "{name} before `{text}`");
    }

    let mut plain = style.clone();
    plain.contact_icons = false;
    assert!(icons(&lay_out(CONTACTS, &plain).0).is_empty());
}

/// The words of a text: whitespace runs as one space (an icon's room is a blank to
/// extraction), without the separators between contact items, which are not printed at
/// a line's end, and icons move the line ends.
fn words(text: &str) -> String {
    let separator = |w: &&str| ["·", "•"].contains(w);
    text.split_whitespace().filter(|w| !separator(w)).collect::<Vec<_>>().join(" ")
}

#[test]
fn icons_leave_the_text_layer_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    for preset in ["detailed", "opal"] {
        let pdf = |icons: &str| {
            let yaml = format!("{CONTACTS}layout:\n  header: {{ icons: {icons} }}\n");
            std::fs::write(&input, yaml).unwrap();
            let out = dir.path().join(format!("{preset}-{icons}.pdf"));
            let result = cvpdf(&[
                "build",
                input.to_str().unwrap(),
                "--layout",
                preset,
                "-o",
                out.to_str().unwrap(),
            ]);
            assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
            out
        };
        let (icons, plain) = (pdf("true"), pdf("false"));
        for args in [&[][..], &["-raw"], &["-layout"]] {
            let text = |pdf: &std::path::Path| {
                let mut all = args.to_vec();
                all.extend([pdf.to_str().unwrap(), "-"]);
                tool("pdftotext", &all)
            };
            let (with_icons, without) = (text(&icons), text(&plain));
            assert_eq!(words(&with_icons), words(&without), "{preset} {args:?}");
            // The contact items stay on one line, in order, and no icon is a character.
            let contact = with_icons.lines().find(|l| l.contains("London")).unwrap();
            assert!(contact.contains("ada@example.org"), "{preset} {args:?}: {contact}");
            let private = |c: char| ('\u{e000}'..='\u{f8ff}').contains(&c);
            assert!(!with_icons.chars().any(private), "{preset} {args:?}");
        }
    }
}
