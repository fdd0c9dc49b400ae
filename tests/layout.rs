//! Layout through the library's stages: keep rules at page ends, text inside the text
//! area, long tokens, hyphenation rules on real output.

mod common;

use common::*;
use cvpdf::compose::{self, Mark};
use cvpdf::diag::Source;
use cvpdf::font::FontBook;
use cvpdf::paginate::Document;
use cvpdf::style::{self, Style};
use cvpdf::text::{LineItem, Typesetter};

/// A résumé whose sections have all sorts of lengths, so that headings and entry titles
/// land at every height of the page.
fn synthetic(sections: usize) -> String {
    let mut yaml = String::from("name: Test Person\nsummary: A summary paragraph.\nsections:\n");
    let mut seed = 7u32;
    let mut next = |n: u32| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed % n
    };
    for s in 0..sections {
        yaml += &format!("  - title: Section {s}\n    entries:\n");
        for e in 0..1 + next(3) {
            yaml += &format!(
                "      - title: Entry {s}.{e}\n        subtitle: Role\n        date: 2020\n        bullets:\n"
            );
            for b in 0..1 + next(5) {
                let words = 4 + next(40) as usize;
                let text = vec!["word"; words].join(" ");
                yaml += &format!("          - Bullet {b} {text}\n");
            }
        }
    }
    yaml
}

/// Lines below a y on the same page, inside the text area (footers excluded).
fn lines_after(document: &Document, style: &Style, page: usize, y: f32) -> usize {
    let bottom = style.page_height - style.margin_bottom;
    document.pages[page].lines.iter().filter(|l| l.y > y + 0.1 && l.y < bottom).count()
}

#[test]
fn a_heading_never_ends_a_page() {
    for preset in PRESETS {
        let style = style::resolve(preset).unwrap();
        for yaml in [
            synthetic(40),
            synthetic(25),
            std::fs::read_to_string(example("luo")).unwrap(),
            std::fs::read_to_string(example("liu")).unwrap(),
        ] {
            let (document, _) = lay_out(&yaml, &style);
            for (n, page) in document.pages.iter().enumerate() {
                for (mark, y) in &page.marks {
                    let after = lines_after(&document, &style, n, *y);
                    match mark {
                        // The rule (if the layout draws one), the entry title and at least
                        // one line of the entry.
                        Mark::Section(title) => {
                            let rule_below = style.heading_rule > 0.0
                                && style.heading_rule_position == style::RulePosition::Below;
                            let needed = if rule_below { 3 } else { 2 };
                            assert!(after >= needed, "{preset}: `{title}` ends page {}", n + 1)
                        }
                        // The rest of the entry's heading (every synthetic entry has a
                        // subtitle: each line of the template is there) and a line of it.
                        Mark::Entry(title) => {
                            let needed = style.entry.lines.len();
                            assert!(
                                after >= needed,
                                "{preset}: entry `{title}` ends page {}",
                                n + 1
                            )
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn pages_are_filled() {
    // Every page but the last is at least 85 % full: entries split between bullets.
    let style = style::resolve("detailed").unwrap();
    let (document, _) = lay_out(&synthetic(40), &style);
    assert!(document.pages.len() > 3);
    let bottom = style.page_height - style.margin_bottom;
    for (n, page) in document.pages.iter().enumerate().rev().skip(1) {
        let last = page
            .lines
            .iter()
            .filter(|l| l.y < bottom)
            .map(|l| l.y + l.line.height)
            .fold(0.0, f32::max);
        let filled = (last - style.margin_top) / style.text_height();
        assert!(filled > 0.85, "page {} is only {:.0} % full", n + 1, filled * 100.0);
    }
}

#[test]
fn text_stays_inside_the_text_area() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        for preset in PRESETS {
            let style = style::resolve(preset).unwrap();
            let pdf = build(name, preset, dir.path());
            let bbox = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
            let mut words = 0;
            for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word ")) {
                let attr = |key: &str| -> f32 {
                    let start = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
                    line[start..].split('"').next().unwrap().parse().unwrap()
                };
                let (x_min, x_max, y_max) = (attr("xMin"), attr("xMax"), attr("yMax"));
                // A fitting layout may shrink its margins down to its bound.
                let least = |margin: f32| style.fit.map_or(margin, |f| margin.min(f.min_margin));
                let (left, right) = (least(style.margin_left), least(style.margin_right));
                assert!(x_min >= left - 0.5, "{name}/{preset}: {line}");
                assert!(x_max <= style.page_width - right + 0.5, "{name}/{preset}: {line}");
                let bottom = least(style.margin_bottom);
                assert!(y_max <= style.page_height - bottom / 3.0, "{name}/{preset}: {line}");
                words += 1;
            }
            assert!(words > 300, "{name}/{preset}: {words} words");
        }
    }
}

#[test]
fn a_token_longer_than_the_line_breaks_at_url_safe_points_or_warns() {
    let style = style::resolve("detailed").unwrap();
    let url = format!("https://example.org/{}", ["segment"; 30].join("/"));
    let (document, warnings) = lay_out(&format!("name: A\nsummary: see {url} now\n"), &style);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(document.pages[0].lines.len() >= 4, "the URL was not broken");
    let word = "x".repeat(300);
    let (_, warnings) = lay_out(&format!("name: A\nsummary: {word}\n"), &style);
    assert_eq!(warnings.len(), 1, "an unbreakable token must warn");
    // A stretch between URL-safe points still too long breaks before a hyphen of its
    // own, never after one: each line but the first starts with its hyphen.
    let slug = ["certified"; 16].join("-");
    let url = format!("https://example.org/{slug}/");
    let (document, warnings) = lay_out(&format!("name: A\nsummary: {url}\n"), &style);
    assert!(warnings.is_empty(), "{warnings:?}");
    let lines: Vec<String> =
        page_lines(&document).into_iter().filter(|l| l.contains("certified")).collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(lines.iter().all(|l| !l.ends_with('-')), "{lines:?}");
    assert!(lines[1..].iter().all(|l| l.starts_with("-certified")), "{lines:?}");
}

#[test]
fn protected_words_are_never_hyphenated() {
    let style = style::resolve("detailed").unwrap();
    // Narrow enough text that hyphenation is tempting.
    let text =
        "PostgreSQL SummingMergeTree observability2 admin@arloor.com coroutine-based open-source "
            .repeat(20);
    let (document, _) = lay_out(&format!("name: Ganghuan Liu\nsummary: {text}\n"), &style);
    for line in &document.pages[0].lines {
        let text: String = line
            .line
            .items
            .iter()
            .filter_map(|i| match i {
                LineItem::Text(run) => Some(run.text.clone()),
                _ => None,
            })
            .collect();
        assert!(!text.trim_end().ends_with('-'), "hyphenated: {text}");
    }
}

/// The texts of the glyph runs on each line of the first page, from the top; the blank
/// runs that fill gaps are left out.
fn page_lines(document: &Document) -> Vec<String> {
    document.pages[0]
        .lines
        .iter()
        .map(|l| {
            l.line
                .items
                .iter()
                .filter_map(|i| match i {
                    LineItem::Text(run) if !run.text.trim().is_empty() => {
                        Some(run.text.trim().to_string())
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

#[test]
fn dates_share_the_title_line_or_its_wrapped_last_line() {
    let style = style::resolve("detailed").unwrap();
    let entry = |title: &str| {
        format!(
            "name: A\nsections:\n  - title: Work\n    entries:\n      - title: {title}\n        start: 2019-06\n        end: present\n        text: Body.\n"
        )
    };
    // A short title: dates on its line, flush right.
    let (document, _) = lay_out(&entry("Short title"), &style);
    let lines = page_lines(&document);
    assert!(lines.iter().any(|l| l == "Short title | Jun 2019 – present"), "{lines:?}");
    // A title that fits the line alone but not beside the dates is wrapped early: its
    // last word keeps the dates company, never a line of dates alone.
    let long = "Word ".repeat(17);
    let (document, _) = lay_out(&entry(long.trim()), &style);
    let lines = page_lines(&document);
    let title = lines.iter().position(|l| l.starts_with("Word Word")).unwrap();
    assert!(!lines[title].contains("2019"), "{lines:?}");
    assert_eq!(lines[title + 1], "Word | Jun 2019 – present", "{lines:?}");
}

#[test]
fn dates_wider_than_the_text_area_go_under_the_title_broken_like_text() {
    // Without a subtitle, engineering's location joins the dates flush right: here the
    // two are wider than the text area, and on one line would run off the paper.
    let style = style::resolve("engineering").unwrap();
    let url = "https://example.org/a/long/path/with/many/segments/that/must/break/somewhere";
    let yaml = format!(
        "name: A\nsections:\n  - title: Work\n    entries:\n      - title: Acme\n        location: Donaudampfschifffahrtsgesellschaft {url}\n        date: 1990\n        text: Body.\n"
    );
    let (document, warnings) = lay_out(&yaml, &style);
    assert!(warnings.is_empty(), "{warnings:?}");
    let lines = page_lines(&document);
    let at = lines.iter().position(|l| l.starts_with("Acme")).unwrap();
    assert_eq!(lines[at], "Acme", "{lines:?}");
    assert!(lines[at + 1].starts_with("1990"), "{lines:?}");
    assert!(lines[at + 2..].iter().any(|l| l.contains("somewhere")), "{lines:?}");
    let (left, right) = (style.margin_left, style.page_width - style.margin_right);
    for placed in &document.pages[0].lines {
        for item in &placed.line.items {
            if let LineItem::Text(run) = item {
                let (from, to) = (placed.x + run.x, placed.x + run.x + run.width());
                assert!(from >= left - 0.5 && to <= right + 0.5, "`{}` at {from}–{to}", run.text);
            }
        }
    }
}

#[test]
fn entry_templates_put_each_field_on_its_line() {
    let yaml = "name: A\nsections:\n  - title: Work\n    entries:\n      - title: Acme\n        subtitle: Engineer\n        location: Berlin\n        start: 2019-06\n        end: present\n        text: Body one.\n      - title: Initech\n        location: Austin\n        date: 2018\n        text: Body two.\n      - title: Hooli\n        text: Body three.\n";
    let lines = |layout: &str| {
        let style = style::resolve(layout).unwrap();
        let (document, warnings) = lay_out(yaml, &style);
        assert!(warnings.is_empty(), "{warnings:?}");
        let roles: Vec<_> =
            document.pages[0].lines.iter().map(|l| l.block.map(|b| document.roles[b])).collect();
        (page_lines(&document), roles)
    };
    // One line: title and subtitle, then the location and dates flush right.
    let (detailed, _) = lines("detailed");
    let at = detailed.iter().position(|l| l.starts_with("Acme")).unwrap();
    assert_eq!(detailed[at], "Acme | , Engineer | Berlin  ·  Jun 2019 – present");
    assert_eq!(detailed[at + 1], "Body one.");

    // Two lines (engineering): title and dates, then subtitle and location. Without a
    // subtitle the location joins the line above; without either, one line.
    let (engineering, roles) = lines("engineering");
    let at = engineering.iter().position(|l| l.starts_with("Acme")).unwrap();
    assert_eq!(
        engineering[at..at + 3],
        ["Acme | Jun 2019 – present", "Engineer | Berlin", "Body one."]
    );
    assert_eq!(roles[at], Some(compose::Role::EntryHeading));
    assert_eq!(roles[at + 1], Some(compose::Role::Paragraph));
    let at = engineering.iter().position(|l| l.starts_with("Initech")).unwrap();
    assert_eq!(engineering[at..at + 2], ["Initech | 2018  |  Austin", "Body two."]);
    let at = engineering.iter().position(|l| l.starts_with("Hooli")).unwrap();
    assert_eq!(engineering[at..at + 2], ["Hooli", "Body three."]);
}

#[test]
fn a_degree_goes_before_the_subtitle_or_where_the_template_puts_it() {
    let yaml = "name: A\nsections:\n  - title: Education\n    entries:\n      - title: University of London\n        degree: B.Sc.\n        subtitle: Mathematics\n        date: 2013\n      - title: Royal Institution\n        degree: PhD\n        date: 2017\n      - title: Open University\n        subtitle: Philosophy\n        date: 2019\n";
    let lines = |style: &style::Style| {
        let (document, warnings) = lay_out(yaml, style);
        assert!(warnings.is_empty(), "{warnings:?}");
        (page_lines(&document), document)
    };
    // Unplaced, it goes before the subtitle, set like it (italic in detailed).
    let detailed = style::resolve("detailed").unwrap();
    let (placed, _) = lines(&detailed);
    for expected in [
        "University of London | , B.Sc., Mathematics | 2013",
        "Royal Institution | , PhD | 2017",
        "Open University | , Philosophy | 2019",
    ] {
        assert!(placed.iter().any(|l| l == expected), "{expected}: {placed:?}");
    }
    // Joined to the subtitle by the template's words for it; other fields keep the join.
    let phrase = "extends: detailed\nentry:\n  degree-join: \" in \"\n";
    let phrase = style::from_source(&Source::new("phrase.yaml", phrase)).unwrap();
    let (placed, _) = lines(&phrase);
    assert!(placed.iter().any(|l| l == "University of London | , B.Sc. in Mathematics | 2013"));
    assert!(placed.iter().any(|l| l == "Royal Institution | , PhD | 2017"), "{placed:?}");
    assert!(style::to_yaml(&phrase).contains("\n  degree-join: \" in \"\n"));
    // In a column of its own, left of the title, bold; the subtitle alone after the title.
    let layout = "extends: classic\nentry:\n  degree-join: \" in \"\n  lines:\n    - { left: [title, subtitle], right: [dates] }\n  column: { fields: [degree], width: 1.4cm }\n";
    let column = style::from_source(&Source::new("degree.yaml", layout)).unwrap();
    assert!(
        column.entry.places(style::Field::Degree) && !detailed.entry.places(style::Field::Degree)
    );
    let (placed, document) = lines(&column);
    // Only a section with a degree moves in after the column: not this one.
    let yaml_work = "name: A\nsections:\n  - title: Work\n    entries:\n      - title: Acme\n        date: 2019\n";
    let (work, _) = lay_out(yaml_work, &column);
    let acme = work.pages[0].lines.iter().find_map(|l| {
        l.line.items.iter().find_map(|i| match i {
            LineItem::Text(r) if r.text.starts_with("Acme") => Some(l.x + r.x - column.margin_left),
            _ => None,
        })
    });
    assert!(acme.unwrap().abs() < 0.01, "Acme moved in to {acme:?}");
    for expected in [
        "B.Sc. | University of London | , Mathematics | 2013",
        "PhD | Royal Institution | 2017",
        "Open University | , Philosophy | 2019",
    ] {
        assert!(placed.iter().any(|l| l == expected), "{expected}: {placed:?}");
    }
    let width = column.entry.column.width;
    let book = FontBook::default();
    let bold = cvpdf::font::Variant { bold: true, italic: false };
    let bold_faces =
        [book.select(column.body_family, bold), book.select(column.heading_family, bold)];
    for line in &document.pages[0].lines {
        for item in &line.line.items {
            let LineItem::Text(run) = item else { continue };
            let x = line.x + run.x - column.margin_left;
            if ["B.Sc.", "PhD"].contains(&run.text.trim()) {
                assert!(x >= 0.0 && x + run.width() <= width, "{} at {x}", run.text);
                assert!(bold_faces.contains(&run.face), "{} is not bold", run.text);
            } else if run.text.starts_with("University") || run.text.starts_with("Open") {
                assert!(x >= width - 0.01, "{} at {x}, inside the column", run.text);
            }
        }
    }
}

#[test]
fn a_column_holds_the_dates_and_the_section_starts_after_it() {
    let yaml = "name: A\nsections:\n  - title: Work\n    entries:\n      - title: Acme\n        subtitle: Engineer\n        location: Berlin\n        start: 2019-06\n        end: present\n        bullets: [Built the thing, Ran the other thing]\n      - title: Hooli\n        text: Body two.\n  - title: Skills\n    rows:\n      - { label: Languages, text: Rust }\n    items: [One item]\n";
    let style = style::resolve("timeline").unwrap();
    let width = style.entry.column.width;
    assert!(width > 0.0);
    let (document, warnings) = lay_out(yaml, &style);
    assert!(warnings.is_empty(), "{warnings:?}");
    let lines = page_lines(&document);
    // The dates hang in front of the heading, which reads on after them.
    let at = lines.iter().position(|l| l.starts_with("Jun 2019")).unwrap();
    assert_eq!(lines[at], "Jun 2019 – present | Acme | , Engineer | Berlin", "{lines:?}");
    let left = style.margin_left;
    for placed in &document.pages[0].lines {
        let Some(block) = placed.block else { continue };
        let role = document.roles[block];
        for item in &placed.line.items {
            let LineItem::Text(run) = item else { continue };
            if run.text.trim().is_empty() {
                continue;
            }
            let x = placed.x + run.x - left;
            match role {
                // The header and the headings span the page; the dates are in the column.
                compose::Role::Title | compose::Role::Contact | compose::Role::Heading => {}
                compose::Role::EntryHeading if run.text.starts_with("Jun 2019") => {
                    let end = x + run.width();
                    assert!(x >= 0.0 && end <= width - 8.0, "the dates at {x}–{end}")
                }
                // Everything else of a section, a row's label too, after the column.
                _ => assert!(x >= width - 0.01, "`{}` at {x}, inside the column", run.text),
            }
        }
    }

    // Dates wider than the column push the heading's first line in, clear of them.
    let narrow = "extends: timeline\nentry:\n  column: { fields: [dates], width: 1cm }\n";
    let narrow = style::from_source(&Source::new("narrow.yaml", narrow)).unwrap();
    let (document, warnings) = lay_out(yaml, &narrow);
    assert!(warnings.is_empty(), "{warnings:?}");
    let line = document.pages[0].lines.iter().find(|l| {
        l.line.items.iter().any(|i| matches!(i, LineItem::Text(r) if r.text.starts_with("Jun")))
    });
    let runs: Vec<_> = line
        .unwrap()
        .line
        .items
        .iter()
        .filter_map(|i| match i {
            LineItem::Text(run) if !run.text.trim().is_empty() => Some(run),
            _ => None,
        })
        .collect();
    // An em of the dates' size between them and the title.
    let dates_end = runs[0].x + runs[0].width();
    assert!(runs[1].text.starts_with("Acme") && runs[1].x >= dates_end + 9.0, "{runs:?}");
}

#[test]
fn heading_rules_go_below_above_or_beside() {
    let yaml = "name: A\nsections:\n  - title: Work\n    text: Body.\n";
    // The page's lines from the heading to the body: what each holds, in order.
    let lines = |extra: &str| {
        let source = Source::new("mine.yaml", format!("extends: detailed\nheading:\n{extra}"));
        let style = style::from_source(&source).unwrap_or_else(|d| panic!("{}", d.message));
        let (document, _) = lay_out(yaml, &style);
        let measure = style.page_width - style.margin_left - style.margin_right;
        let lines: Vec<Vec<String>> = document.pages[0]
            .lines
            .iter()
            .map(|placed| {
                placed
                    .line
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        LineItem::Text(run) if !run.text.trim().is_empty() => {
                            Some(run.text.trim().to_string())
                        }
                        LineItem::Rule { x, width, .. } => Some(format!(
                            "rule {:.0}–{:.0}",
                            x / measure * 100.0,
                            (x + width) / measure * 100.0
                        )),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let heading = lines.iter().position(|l| l.iter().any(|t| t == "WORK")).unwrap();
        lines[heading - 1..].to_vec()
    };
    let below = lines("  rule-position: below\n");
    assert_eq!(below[1..], [vec!["WORK"], vec!["rule 0–100"], vec!["Body."]]);
    let above = lines("  rule-position: above\n");
    assert_eq!(above, [vec!["rule 0–100"], vec!["WORK"], vec!["Body."]]);
    // Beside a centred heading: a rule on either side, of equal length, clear of it.
    let beside = lines("  rule-position: beside\n  align: center\n");
    assert_eq!(beside[2], ["Body."]);
    let [word, left, right] = &beside[1][..] else { panic!("{beside:?}") };
    assert_eq!(word, "WORK");
    let span = |r: &str| -> (f32, f32) {
        let (a, b) = r.trim_start_matches("rule ").split_once('–').unwrap();
        (a.parse().unwrap(), b.parse().unwrap())
    };
    let (l0, l1) = span(left);
    let (r0, r1) = span(right);
    assert_eq!((l0, r1), (0.0, 100.0), "{beside:?}");
    assert!((l1 - (100.0 - r0)).abs() <= 1.0 && l1 < 48.0, "{beside:?}");
    // Beside a heading on the left: one rule, after it.
    let left = lines("  rule-position: beside\n  align: left\n");
    assert!(matches!(&left[1][..], [w, r] if w == "WORK" && r.ends_with("–100")), "{left:?}");
    // No rule at all.
    let none = lines("  rule: 0pt\n");
    assert_eq!(none[1..], [vec!["WORK"], vec!["Body."]]);

    // A centred heading's line spans the width for text extraction, rule or none: its
    // blanks are whitespace glyphs from the margin to the text and on to the other.
    for extra in ["  rule: 0pt\n  align: center\n", "  rule-position: below\n  align: center\n"] {
        let layout = format!("extends: detailed\nheading:\n{extra}");
        let style = style::from_source(&Source::new("mine.yaml", layout)).unwrap();
        let (document, _) = lay_out(yaml, &style);
        let measure = style.page_width - style.margin_left - style.margin_right;
        let heading = document.pages[0]
            .lines
            .iter()
            .find(|l| {
                l.line.items.iter().any(|i| matches!(i, LineItem::Text(r) if r.text == "WORK"))
            })
            .unwrap();
        let runs = heading.line.items.iter().filter_map(|i| match i {
            LineItem::Text(run) => Some((run.x, run.x + run.width())),
            _ => None,
        });
        let (from, to) = runs.fold((f32::MAX, f32::MIN), |(a, b), (x, y)| (a.min(x), b.max(y)));
        assert!(
            from.abs() < 0.5 && (to - measure).abs() < 0.5,
            "{extra}: {from}–{to} of {measure}"
        );
    }
}

#[test]
fn a_heading_s_first_letters_take_the_accent_colour() {
    let yaml = "name: A\nsections:\n  - title: \"*Work* experience\"\n    text: Body.\n";
    let layout = "extends: detailed\nheading:\n  case: as-is\n  accent-letters: 6\n";
    let style = style::from_source(&Source::new("mine.yaml", layout)).unwrap();
    let (document, _) = lay_out(yaml, &style);
    let colour_of = |text: &str| -> Vec<(String, bool)> {
        let line = document.pages[0]
            .lines
            .iter()
            .find(|l| {
                l.line.items.iter().any(|i| matches!(i, LineItem::Text(r) if r.text.contains(text)))
            })
            .unwrap();
        line.line
            .items
            .iter()
            .filter_map(|i| match i {
                LineItem::Text(run) if !run.text.trim().is_empty() => {
                    Some((run.text.clone(), run.colour == style.accent))
                }
                _ => None,
            })
            .collect()
    };
    // Six letters across two runs (the italic one and the next): the space is no letter.
    let runs = colour_of("Work");
    let accent: String = runs.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
    let rest: String = runs.iter().filter(|r| !r.1).map(|r| r.0.as_str()).collect();
    assert_eq!((accent.trim(), rest.trim()), ("Work ex", "perience"), "{runs:?}");
    // Accent letters 0: the whole heading in the accent colour.
    let style = style::resolve("detailed").unwrap();
    let (document, _) = lay_out(yaml, &style);
    let heading =
        document.pages[0].lines.iter().flat_map(|l| &l.line.items).find_map(|i| match i {
            LineItem::Text(run) if run.text.contains("WORK") => Some(run.colour),
            _ => None,
        });
    assert_eq!(heading, Some(style.accent));
}

#[test]
fn a_name_can_have_its_last_word_bold() {
    let layout = "extends: detailed\nheader:\n  name-weight: last-bold\n  name-colour: text\n";
    let style = style::from_source(&Source::new("mine.yaml", layout)).unwrap();
    let book = FontBook::default();
    let bold = book.select(style.body_family, cvpdf::font::Variant { bold: true, italic: false });
    // The name's words, and whether each is set in the bold face and in the text colour.
    let name = |yaml: &str| -> Vec<(String, bool, bool)> {
        let (document, _) = lay_out(yaml, &style);
        let first = &document.pages[0].lines[0].line;
        first
            .items
            .iter()
            .filter_map(|i| match i {
                LineItem::Text(run) if !run.text.trim().is_empty() => {
                    Some((run.text.trim().to_string(), run.face == bold, run.colour == style.text))
                }
                _ => None,
            })
            .collect()
    };
    let words = name("name: Ganghuan Liu\n");
    assert_eq!(words, [("Ganghuan".into(), false, true), ("Liu".into(), true, true)], "{words:?}");
    assert_eq!(name("name: Madonna\n"), [("Madonna".into(), true, true)]);
    // A space outside ASCII splits too, where it ends.
    let ideographic = name("name: \"Mary\u{3000}Shelley\"\n");
    assert_eq!(ideographic.last().map(|w| (w.0.as_str(), w.1)), Some(("Shelley", true)));
    // A Japanese name (family name first) stays bold throughout.
    let source = Source::new("ja.yaml", "name: 佐藤 花子\nlanguage: ja\n");
    let resume = cvpdf::model::load(&source).unwrap();
    let flow = compose::compose(&resume, &style);
    let compose::Content::Paragraph(title) = &flow.blocks[0].content else { panic!() };
    assert!(title.runs.iter().all(|r| r.variant.bold), "{:?}", title.runs);
}

#[test]
fn the_first_problem_does_not_depend_on_the_number_of_threads() {
    // Two bullets far apart with a character no font has: on any number of threads the
    // build reports the first, as one thread would.
    let mut bullets: Vec<String> =
        (0..80).map(|i| format!("          - item {i} with some words")).collect();
    bullets[30] = "          - Ethiopic \u{1200} here".into();
    bullets[70] = "          - Ethiopic \u{1201} there".into();
    let yaml = format!(
        "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: Job\n        bullets:\n{}\n",
        bullets.join("\n")
    );
    let style = style::resolve("detailed").unwrap();
    let resume = cvpdf::model::load(&Source::new("cv.yaml", yaml)).unwrap();
    let flow = compose::compose(&resume, &style);
    assert!(flow.blocks.len() > 80);
    let book = FontBook::default();
    let problem = |threads| {
        let mut ts = Typesetter::new(&book, &style, &resume.language);
        ts.set_flow_on(flow.blocks.clone(), threads).expect_err("a character no font has").message
    };
    let one = problem(1);
    assert!(one.contains('\u{1200}'), "{one}");
    for threads in [2, 3, 4] {
        assert_eq!(problem(threads), one, "on {threads} threads");
        // Inside a rayon pool, as the binary runs it: the pool's threads, none started.
        assert_eq!(in_pool(threads, || problem(threads)), one, "in a pool of {threads}");
    }
}

/// `work` on a rayon pool of `threads` threads, the calling thread one of them, as the
/// binary runs the library (src/main.rs).
fn in_pool<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(work)
}

#[test]
fn the_result_does_not_depend_on_the_number_of_threads() {
    let style = style::resolve("detailed").unwrap();
    let yaml = std::fs::read_to_string(example("luo")).unwrap();
    let source = Source::new("luo.yaml", yaml);
    let resume = cvpdf::model::load(&source).unwrap();
    let flow = compose::compose(&resume, &style);
    let book = FontBook::default();
    let set = |threads| {
        let mut ts = Typesetter::new(&book, &style, &resume.language);
        ts.set_flow_on(flow.blocks.clone(), threads).unwrap()
    };
    let one = set(1);
    assert!(one.len() > 100);
    for threads in [2, 3, 4] {
        assert!(set(threads) == one, "{threads} threads set the text differently");
        assert!(in_pool(threads, || set(threads)) == one, "a pool of {threads} set it differently");
    }
}

#[test]
fn a_separator_never_ends_a_line() {
    let style = style::resolve("detailed").unwrap();
    let links: String =
        (0..12).map(|i| format!("  - url: https://example.org/profile-number-{i}\n")).collect();
    let (document, _) = lay_out(&format!("name: A\nlocation: Somewhere\nlinks:\n{links}"), &style);
    let lines = page_lines(&document);
    let contact: Vec<&String> = lines.iter().filter(|l| l.contains("example.org")).collect();
    assert!(contact.len() >= 2, "the contact line should wrap: {lines:?}");
    for line in contact {
        assert!(!line.ends_with('·'), "{line}");
        assert!(!line.starts_with('·'), "{line}");
    }
}

/// A résumé of `entries` dated entries (newest first, as résumés are written), whose
/// bullets add up to `bullets`.
fn growing(entries: usize, bullets: usize) -> String {
    let mut yaml = String::from("name: Test Person\nsections:\n  - title: Work\n    entries:\n");
    for e in 0..entries {
        let year = 2020 - e;
        yaml += &format!("      - title: Job {e}\n        date: {year}\n        bullets:\n");
        let mine = bullets / entries + usize::from(e < bullets % entries);
        for b in 0..mine.max(1) {
            yaml += &format!(
                "          - Bullet {b} of job {e} with some words to fill a line of text.\n"
            );
        }
    }
    yaml
}

#[test]
fn one_page_shrinks_monotonically_then_leaves_out_the_oldest_first_and_fills_the_page() {
    use cvpdf::typeset::fit::fit;
    let style = style::resolve("one-page").unwrap();
    let bounds = style.fit.unwrap();
    let book = FontBook::default();
    let mut last_size = f32::INFINITY;
    let mut dropped_at = None;
    let mut grew_back = false;
    for bullets in (8..=160).step_by(8) {
        let source = Source::new("grow.yaml", growing(8, bullets));
        let resume = cvpdf::model::load(&source).unwrap();
        let fitted = fit(&resume, &style, &bounds, &book, true).ok().expect("fits");
        let pages = &fitted.laid.document.pages;
        assert_eq!(pages.len(), 1, "{bullets} bullets");
        let size = style.shrunk(fitted.shrink).sizes.body;
        assert!(size >= bounds.min_body - 1e-3, "{bullets} bullets: {size}");
        if fitted.shrink > 0.0 {
            // Shrunk, it ends on the bottom margin, within a line.
            let shrunk = style.shrunk(fitted.shrink);
            let foot = pages[0]
                .lines
                .iter()
                .filter(|l| l.block.is_some())
                .map(|l| l.y + l.line.height)
                .fold(0.0, f32::max);
            let bottom = shrunk.page_height - shrunk.margin_bottom;
            let line = shrunk.sizes.body * shrunk.leading.body;
            assert!(foot > bottom - line, "{bullets} bullets: the page ends at {foot} of {bottom}");
        }
        if fitted.left_out.is_empty() {
            // Until something must go, more content never gets larger type.
            assert!(size <= last_size + 1e-4, "{bullets} bullets: {size} after {last_size}");
            last_size = size;
        } else {
            // The oldest job loses its bullets first; what is kept gets the largest type
            // it fits at, which may be larger than before.
            let oldest = &fitted.kept.sections[0].entries.last().unwrap();
            assert!(oldest.body.is_empty(), "the oldest job keeps its bullets");
            let newest = &fitted.kept.sections[0].entries[0];
            assert!(!newest.body.is_empty(), "the newest job lost its bullets");
            dropped_at.get_or_insert(bullets);
            grew_back |= size > bounds.min_body + 1e-3;
        }
    }
    assert!(dropped_at.is_some(), "content was never left out");
    assert!(grew_back, "the type never grew back after leaving out");
    assert!(last_size < style.sizes.body, "the size never shrank");
}

#[test]
fn sixty_skills_fit_one_page_by_shortening_the_list() {
    use cvpdf::typeset::fit::fit;
    let style = style::resolve("one-page").unwrap();
    let mut yaml = growing(6, 40);
    yaml += "  - title: Skills\n    rows:\n";
    for i in 0..60 {
        yaml += &format!(
            "      - label: Skill {i}\n        text: a tool, another tool, a third tool, a fourth \
             tool and a fifth, each with years of use behind it in production, and the \
             libraries around them, their build systems, profilers and debuggers\n"
        );
    }
    let resume = cvpdf::model::load(&Source::new("skills.yaml", yaml)).unwrap();
    let fitted = fit(&resume, &style, &style.fit.unwrap(), &FontBook::default(), true)
        .ok()
        .expect("sixty skills fit one page");
    assert_eq!(fitted.laid.document.pages.len(), 1);
    let skills = fitted.kept.sections.iter().find(|s| s.title.plain() == "Skills").unwrap();
    assert!((1..60).contains(&skills.rows.len()), "{} rows kept", skills.rows.len());
    assert_eq!(skills.rows[0].label.plain(), "Skill 0", "the list is shortened from its end");
    assert!(
        fitted.left_out.by_section.iter().any(|l| l.ends_with("rows in Skills")),
        "{:?}",
        fitted.left_out
    );
}

#[test]
fn marks_steer_what_a_fitted_layout_leaves_out() {
    use cvpdf::typeset::fit::fit;
    let style = style::resolve("one-page").unwrap();
    let bounds = style.fit.unwrap();
    let book = FontBook::default();
    // Job 0 is the newest but has the lowest priority; Job 1 is only for the long version.
    let mut yaml = growing(6, 150);
    yaml =
        yaml.replacen("      - title: Job 0\n", "      - title: Job 0\n        priority: -1\n", 1);
    yaml = yaml.replacen(
        "      - title: Job 1\n",
        "      - title: Job 1\n        detailed-only: true\n",
        1,
    );
    let source = Source::new("marks.yaml", yaml);
    let resume = cvpdf::model::load(&source).unwrap();
    let fitted = fit(&resume, &style, &bounds, &book, true).ok().expect("fits");
    let kept = &fitted.kept.sections[0].entries;
    assert!(kept.iter().all(|e| e.title.plain() != "Job 1"), "detailed-only was kept");
    let job0 = kept.iter().find(|e| e.title.plain() == "Job 0");
    assert!(job0.is_none_or(|e| e.body.is_empty()), "the low-priority job kept its bullets");
    assert!(!fitted.left_out.is_empty());
}

#[test]
fn the_fitting_search_finds_the_step_that_walking_the_grid_finds() {
    use cvpdf::typeset::fit::{GRID, largest_fitting};
    use cvpdf::typeset::{Laid, lay_out};
    let one_page = style::resolve("one-page").unwrap();
    let mut two_pages = one_page.clone();
    two_pages.fit = one_page.fit.map(|fit| cvpdf::style::Fit { pages: 2, ..fit });
    let book = FontBook::default();
    // Résumés of about one page and of about two, and synthetic ones of one page.
    let mut resumes: Vec<String> = (1..=20).map(|n| growing(4 + n % 5, 20 + 2 * n)).collect();
    resumes.extend((1..=20).map(|n| growing(8 + n % 5, 50 + 4 * n)));
    for seed in (0..60).step_by(2) {
        let (entries, publications) = (1 + seed as usize % 3, 2 + seed as usize % 19);
        let size = cvpdf::synthetic::Size { entries, publications, talks: 1 };
        resumes.push(cvpdf::synthetic::resume(size, seed));
    }
    let (mut cases, mut tries, mut walked, mut differ) = (0, 0, 0, Vec::new());
    for (i, yaml) in resumes.iter().enumerate() {
        let resume = cvpdf::model::load(&Source::new("r.yaml", yaml.as_str())).unwrap();
        for style in [&one_page, &two_pages] {
            let pages = style.fit.unwrap().pages;
            let at = |step: u32| -> Laid {
                lay_out(&resume, &style.shrunk(step as f32 / GRID as f32), &book).unwrap()
            };
            let fits = |laid: &Laid| laid.document.pages.len() <= pages;
            let (loose, tight) = (at(0), at(GRID));
            if fits(&loose) || !fits(&tight) {
                continue;
            }
            cases += 1;
            let walk = (1..GRID).find(|&step| fits(&at(step))).unwrap_or(GRID);
            walked += walk;
            let (found, _) = largest_fitting(style, pages, loose, tight, |step| {
                tries += 1;
                Ok::<_, ()>(at(step))
            })
            .unwrap();
            if found != walk {
                differ.push(format!("résumé {i}, {pages} pages: {found} for {walk}"));
            }
        }
    }
    // 35 cases: 78 tries where the walk took 335 (2026-12-03).
    assert!(cases >= 25, "only {cases} résumés needed shrinking");
    assert!(differ.is_empty(), "the search and the walk differ:\n{}", differ.join("\n"));
    assert!(2 * tries <= 5 * cases, "{tries} tries for {cases} résumés (the walk: {walked})");
}

/// The text runs of a page's lines: where each starts and ends, its text, and whether
/// it is in the sidebar.
fn placed_runs(document: &Document, page: usize) -> Vec<(f32, f32, String, bool)> {
    let mut runs = Vec::new();
    // Not the footer's: it is the page's.
    for placed in document.pages[page].lines.iter().filter(|l| l.block.is_some()) {
        let aside = placed.block.zip(document.sidebar).is_some_and(|(b, s)| b >= s);
        for item in &placed.line.items {
            if let LineItem::Text(run) = item
                && !run.text.trim().is_empty()
            {
                let x = placed.x + run.x;
                runs.push((x, x + run.width(), run.text.clone(), aside));
            }
        }
    }
    runs
}

#[test]
fn a_sidebar_holds_its_sections_beside_the_main_column_on_the_pages_it_fills() {
    let resume = resume("liu");
    let book = FontBook::default();
    let style = style::resolve("sidebar").unwrap();
    let columns = style.columns().unwrap();
    let laid = cvpdf::typeset::lay_out(&resume, &style, &book).unwrap();
    let document = &laid.document;
    assert!(laid.warnings.is_empty(), "{:?}", laid.warnings.iter().map(|w| &w.message));
    let first_side = document.sidebar.unwrap();
    // The sidebar's blocks: the contact items, then the Education section.
    let side_roles = &document.roles[first_side..];
    assert_eq!(side_roles[0], compose::Role::Contact);
    assert!(side_roles.contains(&compose::Role::Heading));
    let (main_right, side_left) =
        (style.page_width - columns.main.margin_right, columns.side.margin_left);
    assert!(side_left - main_right > 20.0, "{main_right} {side_left}");

    let runs = placed_runs(document, 0);
    // Every run in its column; the main column's (but the header's, across the page) end
    // before the sidebar starts; the sidebar's lines are drawn after the main column's.
    let name_y = document.pages[0].lines.iter().find(|l| l.block == Some(0)).unwrap().y;
    for (x, end, text, aside) in &runs {
        if *aside {
            assert!(
                *x >= side_left - 0.01 && *end <= style.page_width - style.margin_right + 0.01,
                "{text} at {x}–{end}"
            );
        }
    }
    let first_aside = runs.iter().position(|r| r.3).unwrap();
    assert!(runs[first_aside..].iter().all(|r| r.3), "the columns are drawn one after the other");
    assert!(
        runs[..first_aside]
            .iter()
            .any(|r| r.2.contains("Experience") || r.2.contains("EXPERIENCE"))
    );
    // The sidebar starts below the header: no sidebar line beside the name.
    let side_top = document.pages[0]
        .lines
        .iter()
        .filter(|l| l.block.is_some_and(|b| b >= first_side))
        .map(|l| l.y)
        .fold(f32::MAX, f32::min);
    assert!(
        side_top > name_y + style.sizes.name,
        "the sidebar at {side_top}, the name at {name_y}"
    );
    // Main-column text beside the sidebar stays left of it.
    for placed in &document.pages[0].lines {
        if placed.y < side_top || placed.block.is_none_or(|b| b >= first_side) {
            continue;
        }
        for item in &placed.line.items {
            if let LineItem::Text(run) = item
                && !run.text.trim().is_empty()
            {
                let end = placed.x + run.x + run.width();
                assert!(
                    end <= main_right + 0.01,
                    "`{}` ends at {end}, past {main_right}",
                    run.text
                );
            }
        }
    }
    // The tint is on the first page, not on the second, whose main column has the page's
    // width: some line there is wider than the narrow column.
    let tinted = |page: usize| {
        document.pages[page].lines.iter().any(|l| {
            l.block.is_none() && l.line.items.iter().any(|i| matches!(i, LineItem::Rule { .. }))
        })
    };
    assert!(tinted(0) && !tinted(1));
    let widest = placed_runs(document, 1).iter().map(|r| r.1).fold(0.0, f32::max);
    assert!(widest > main_right + 20.0, "page 2 ends its lines at {widest}");

    // `pages: every`: the strip on every page, and the main column narrow on each.
    let every = "extends: sidebar\nsidebar: { pages: every }\n";
    let every = style::from_source(&Source::new("every.yaml", every)).unwrap();
    let laid = cvpdf::typeset::lay_out(&resume, &every, &book).unwrap();
    let pages = laid.document.pages.len();
    assert!(pages >= 2);
    for page in 0..pages {
        assert!(laid.document.pages[page].lines.iter().any(|l| l.block.is_none()
            && l.line.items.iter().any(|i| matches!(i, LineItem::Rule { .. }))));
        let widest = placed_runs(&laid.document, page)
            .iter()
            .filter(|r| !r.3)
            .map(|r| r.1)
            .fold(0.0, f32::max);
        assert!(
            widest <= main_right + 0.01 || page == 0,
            "page {} ends a line at {widest}",
            page + 1
        );
    }

    // A layout without a sidebar, or a résumé with nothing for it: one column, as before.
    let yaml = "name: A\nemail: a@b.c\nsections:\n  - title: Work\n    text: Did things.\n";
    let plain = cvpdf::model::load(&Source::new("plain.yaml", yaml)).unwrap();
    let mut no_contact = style.clone();
    no_contact.sidebar.contact = false;
    let laid = cvpdf::typeset::lay_out(&plain, &no_contact, &book).unwrap();
    assert!(laid.document.sidebar.is_none());
    let laid = cvpdf::typeset::lay_out(&plain, &style, &book).unwrap();
    assert!(laid.document.sidebar.is_some(), "the contact items go in the sidebar");
}

#[test]
fn rows_whose_labels_are_too_wide_for_a_column_set_each_label_above_its_value() {
    let yaml = "name: A\nsections:\n  - title: Skills\n    rows:\n      - { label: Programming Languages and Tools, text: Rust and Go }\n      - { label: Data, text: SQL }\n";
    let narrow = "extends: detailed\nmargins: { left: 200pt, right: 200pt }\n";
    let narrow = style::from_source(&Source::new("narrow.yaml", narrow)).unwrap();
    let (document, warnings) = lay_out(yaml, &narrow);
    assert!(warnings.is_empty(), "{warnings:?}");
    let lines = page_lines(&document);
    let at = lines.iter().position(|l| l.starts_with("Programming")).unwrap();
    // The label alone on its line, the value on the next, both from the text's left edge.
    assert!(!lines[at].contains("Rust"), "{lines:?}");
    assert!(lines[at + 1].starts_with("Rust"), "{lines:?}");
    let placed: Vec<_> = document.pages[0]
        .lines
        .iter()
        .filter(|l| l.block.is_some_and(|b| document.roles[b] == compose::Role::Rows))
        .collect();
    let first_x = |l: &cvpdf::paginate::PlacedLine| {
        l.line.items.iter().find_map(|i| match i {
            LineItem::Text(r) if !r.text.trim().is_empty() => Some((r.x, r.label)),
            _ => None,
        })
    };
    let (label_x, label) = first_x(placed[0]).unwrap();
    let (value_x, value_label) = first_x(placed[1]).unwrap();
    assert!(label && !value_label, "the label is a label to the structure tree");
    assert!((label_x - value_x).abs() < 0.01 && !placed[0].line.breakable_after);
    // A short label still has its value beside it, on a wider page.
    let short =
        "name: A\nsections:\n  - title: Skills\n    rows:\n      - { label: Data, text: SQL }\n";
    let (document, _) = lay_out(short, &style::resolve("detailed").unwrap());
    let lines = page_lines(&document);
    assert!(lines.iter().any(|l| l.starts_with("Data") && l.contains("SQL")), "{lines:?}");
}

#[test]
fn an_entrys_dates_never_stand_alone_on_a_line() {
    // Titles that fill the first line, but not the room beside their dates (with and
    // without a location before them), in every preset.
    let titles = [
        (
            "Principal Engineer",
            "Bundesministerium für Wirtschaft und Klimaschutz, Referat Digitalisierung",
        ),
        (
            "Senior Staff Software Engineer for Distributed Systems",
            "Very Long Company Name Incorporated",
        ),
        ("Head of Platform Engineering and Developer Productivity", "Hafenlicht Logistics"),
    ];
    let mut yaml = String::from("name: Ada\nsections:\n  - title: Work\n    entries:\n");
    for (title, subtitle) in titles {
        yaml += &format!(
            "      - title: {title}\n        subtitle: {subtitle}\n        location: Berlin, Germany\n        start: 2019-01\n        end: 2020-02\n"
        );
        yaml += &format!(
            "      - title: {title}\n        subtitle: {subtitle}\n        date: 2018-05\n"
        );
    }
    for preset in PRESETS {
        let style = style::resolve(preset).unwrap();
        let (document, _) = lay_out(&yaml, &style);
        let mut dated = 0;
        for line in document.pages.iter().flat_map(|p| &p.lines) {
            let texts: Vec<&str> = line
                .line
                .items
                .iter()
                .filter_map(|i| match i {
                    LineItem::Text(run) if !run.text.trim().is_empty() => Some(run.text.trim()),
                    _ => None,
                })
                .collect();
            let is_date = |t: &&str| t.contains("2020") || t.contains("2018");
            if texts.iter().any(is_date) {
                dated += 1;
                // Timeline's dates hang in a column of their own, on the title's line.
                assert!(
                    texts.iter().any(|t| !is_date(t) && !t.starts_with("Berlin")),
                    "{preset}: the dates stand alone: {texts:?}"
                );
            }
        }
        assert!(dated >= titles.len() * 2, "{preset}: {dated} lines with dates");
    }
}

#[test]
fn a_last_page_of_a_few_lines_is_pulled_back_by_tightening_the_spaces() {
    use cvpdf::typeset::{self, PULL_BACK_SPACING, SHORT_PAGE_LINES};
    let style = style::resolve("detailed").unwrap();
    let book = FontBook::default();
    let tops = |document: &Document| -> Vec<Vec<f32>> {
        let text = |p: &cvpdf::paginate::Page| {
            p.lines.iter().filter(|l| l.block.is_some()).map(|l| l.y).collect()
        };
        document.pages.iter().map(text).collect()
    };
    let mut pulled = 0;
    for sections in 6..40 {
        let source = Source::new("test.yaml", synthetic(sections));
        let resume = cvpdf::model::load(&source).unwrap();
        let written = typeset::lay_out(&resume, &style, &book).unwrap().document;
        let back = typeset::lay_out_pulled_back(&resume, &style, &book, &Default::default())
            .unwrap()
            .document;
        let pages = written.pages.len();
        let short = pages > 1 && written.pages[pages - 1].text_lines() <= SHORT_PAGE_LINES;
        if back.pages.len() == pages {
            // Nothing to pull back, or too much: the pages as the layout has them.
            assert_eq!(tops(&written), tops(&back), "{sections} sections");
            continue;
        }
        assert!(short, "{sections} sections: a full last page was pulled back");
        assert_eq!(back.pages.len(), pages - 1, "{sections} sections");
        let lines = |d: &Document| d.pages.iter().map(|p| p.lines.len()).sum::<usize>();
        // The same lines (one footer fewer), closer together by at most the bound: each
        // line of the first page is as far down as it was, or less, but not less than
        // the bound times that.
        assert_eq!(lines(&back) + 1, lines(&written), "{sections} sections");
        let (was, now) = (&tops(&written)[0], &tops(&back)[0]);
        for (was, now) in
            was.iter().zip(now).map(|(w, n)| (w - style.margin_top, n - style.margin_top))
        {
            assert!(
                now <= was + 0.01 && now >= PULL_BACK_SPACING * was - 0.01,
                "{sections} sections: {now} against {was}"
            );
        }
        pulled += 1;
    }
    assert!(pulled > 1, "{pulled} of the résumés of 6 to 40 sections were pulled back");
}

#[test]
fn a_short_last_page_that_cannot_be_pulled_back_is_noted() {
    // Every preset that fits no page count, on résumés of many lengths: the build notes
    // a last page of a few lines exactly when its pages end on one, and one with a
    // sidebar pulls it back too.
    let mut noted = 0;
    let mut pulled_beside = 0;
    for preset in PRESETS.iter().filter(|p| !p.ends_with("-page")) {
        for sections in 2..30 {
            // Contact items and skills, for the sidebar to hold.
            let contact = "name: Test Person\nemail: test@example.com\nphone: +44 20 7946 0000\n";
            let yaml = synthetic(sections).replacen("name: Test Person\n", contact, 1)
                + "  - title: Skills\n    rows:\n      - { label: Languages, text: \"Rust, Go\" }\n";
            let source = Source::new("test.yaml", yaml);
            let options = cvpdf::Options { layout: preset.to_string(), ..Default::default() };
            let laid = cvpdf::lay_out(&source, &options).unwrap();
            let pages = &laid.document.pages;
            let short = pages.len() > 1
                && pages.last().unwrap().text_lines() <= cvpdf::typeset::SHORT_PAGE_LINES;
            let note = laid.warnings.iter().any(|w| w.message.starts_with("the last page holds"));
            assert_eq!(note, short, "{preset}, {sections} sections");
            noted += usize::from(note);
            if laid.document.sidebar.is_some() {
                let style = style::resolve(preset).unwrap();
                let resume = cvpdf::model::load(&source).unwrap();
                let written = cvpdf::typeset::lay_out(&resume, &style, &FontBook::default());
                pulled_beside += usize::from(written.unwrap().document.pages.len() > pages.len());
            }
        }
    }
    eprintln!("{noted} short last pages noted; {pulled_beside} pulled back beside a sidebar");
    assert!(
        noted > 0 && pulled_beside > 0,
        "no short page noted, or none pulled back beside a sidebar"
    );
}

#[test]
fn a_heading_bar_stands_before_the_text_and_a_short_rule_is_as_long_as_asked() {
    let base = style::resolve("detailed").unwrap();
    let yaml = "name: Ada\nsections:\n  - title: Work\n    text: Some text.\n";
    let mut style = base.clone();
    style.heading_bar = 3.0;
    style.heading_rule_width = 50.0;
    let (document, _) = lay_out(yaml, &style);
    let lines = &document.pages[0].lines;
    let role = |l: &cvpdf::paginate::PlacedLine| l.block.map(|b| document.roles[b]);
    let heading = lines.iter().find(|l| role(l) == Some(compose::Role::Heading)).unwrap();
    // The bar first, in the indent, as tall as the capitals; then the text, past it.
    let LineItem::Rule { x, width, thickness, .. } = heading.line.items[0] else {
        panic!("no bar first: {:?}", heading.line.items[0]);
    };
    assert_eq!((x, width), (0.0, 3.0));
    assert!(thickness > 0.5 * style.sizes.heading && thickness < style.sizes.heading);
    let text_x = heading.line.items.iter().find_map(|i| match i {
        LineItem::Text(run) if run.text.trim() == "WORK" => Some(run.x),
        _ => None,
    });
    assert!(text_x.is_some_and(|x| x >= 3.0 + 0.5 * style.sizes.heading - 0.01), "{text_x:?}");
    // The rule under it: 50 pt from the heading's start.
    let rule = lines.iter().find(|l| role(l) == Some(compose::Role::Rule)).unwrap();
    assert!(matches!(rule.line.items[0], LineItem::Rule { x: 0.0, width: 50.0, .. }));
    // A bar wider than a third of the measure is cut to it: the heading keeps the rest.
    style.heading_bar = 500.0;
    let (document, _) = lay_out(yaml, &style);
    let heading = document.pages[0]
        .lines
        .iter()
        .find(|l| l.block.map(|b| document.roles[b]) == Some(compose::Role::Heading));
    let items = &heading.unwrap().line.items;
    assert!(matches!(items[0], LineItem::Rule { width, .. } if width == style.measure() / 3.0));
    // Without them, as before: no bar, a rule across the text width.
    let (document, _) = lay_out(yaml, &base);
    let rule = document.pages[0]
        .lines
        .iter()
        .find(|l| l.block.map(|b| document.roles[b]) == Some(compose::Role::Rule));
    let measure = base.measure();
    assert!(
        matches!(rule.unwrap().line.items[0], LineItem::Rule { width, .. } if width == measure)
    );
}

#[test]
fn contact_items_go_on_as_many_lines_as_the_layout_asks() {
    let yaml = "name: Ada\nlocation: London\nemail: ada@example.com\nphone: '+44 20 7946 0000'\nlinks:\n  - url: https://github.com/ada\n  - url: https://ada.example.com\nsummary: x\n";
    let contact_lines = |per_line: usize| {
        let mut style = style::resolve("detailed").unwrap();
        style.contact_per_line = per_line;
        let (document, _) = lay_out(yaml, &style);
        let lines: Vec<String> = document.pages[0]
            .lines
            .iter()
            .filter(|l| l.block.map(|b| document.roles[b]) == Some(compose::Role::Contact))
            .map(|l| {
                let texts = l.line.items.iter().filter_map(|i| match i {
                    LineItem::Text(run) => Some(run.text.as_str()),
                    _ => None,
                });
                texts.collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .collect();
        lines
    };
    assert_eq!(contact_lines(0).len(), 1, "{:?}", contact_lines(0));
    let two = contact_lines(2);
    assert_eq!(two.len(), 3, "{two:?}");
    assert!(two[0].starts_with("London · ada@example.com"), "{two:?}");
    assert_eq!(two[2], "ada.example.com");
    assert_eq!(contact_lines(1).len(), 5);
}

#[test]
fn korean_wraps_between_words() {
    let words = "대규모 트래픽을 처리하는 주문 플랫폼을 설계하고 마이크로서비스로 전환하여 응답 시간을 단축했습니다";
    let text = [words; 4].join(" ");
    let yaml = format!("name: 김민준\nlanguage: ko\nsummary: {text}\n");
    let style = style::resolve("detailed").unwrap();
    let (document, _) = lay_out(&yaml, &style);
    let known: std::collections::HashSet<&str> = words.split(' ').collect();
    let mut lines = 0;
    for line in document.pages.iter().flat_map(|p| &p.lines) {
        let text: String = line
            .line
            .items
            .iter()
            .filter_map(|i| match i {
                LineItem::Text(run) => Some(run.text.as_str()),
                _ => None,
            })
            .collect();
        if !text.contains("플랫폼") && !text.contains("트래픽") {
            continue;
        }
        lines += 1;
        for word in text.split_whitespace() {
            assert!(known.contains(word), "`{word}` is part of a word: {text}");
        }
    }
    assert!(lines > 1, "the paragraph should wrap");
}

/// Thai, Lao, Khmer and Burmese write no spaces between words: a paragraph wraps at the
/// words a dictionary finds, never inside one, and the lines together give the text back.
#[test]
fn scripts_without_spaces_wrap_between_dictionary_words() {
    // (language, name, words): each sentence written word by word, joined without spaces.
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "th",
            "สมชาย ใจดี",
            &[
                "ออกแบบ",
                "ระบบ",
                "ชำระเงิน",
                "ที่",
                "รองรับ",
                "ผู้ใช้",
                "หลาย",
                "ล้าน",
                "คน",
                "และ",
                "ลด",
                "ค่า",
                "ใช้จ่าย",
                "ของ",
                "บริษัท",
            ],
        ),
        ("lo", "ສົມພອນ", &["ພວກເຮົາ", "ໄດ້", "ພັດທະນາ", "ລະບົບ", "ໃຫມ່", "ສຳລັບ", "ລູກຄ້າ"]),
        ("km", "សុខ ដារា", &["ខ្ញុំ", "បាន", "រចនា", "ប្រព័ន្ធ", "ថ្មី", "សម្រាប់", "ក្រុមហ៊ុន"]),
        ("my", "အောင်အောင်", &["ကျွန်တော်", "သည်", "စနစ်", "အသစ်", "ကို", "ဒီဇိုင်း", "ဆွဲ", "ခဲ့", "သည်"]),
    ];
    let style = style::resolve("detailed").unwrap();
    for (language, name, words) in cases {
        let sentence = words.concat();
        let text = [sentence.as_str(); 8].join(" ");
        let yaml = format!("name: {name}\nlanguage: {language}\nsummary: {text}\n");
        let (document, _) = lay_out(&yaml, &style);
        let lines: Vec<String> = document
            .pages
            .iter()
            .flat_map(|p| &p.lines)
            .map(|line| {
                line.line
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        LineItem::Text(run) => Some(run.text.as_str()),
                        _ => None,
                    })
                    .collect::<String>()
            })
            .filter(|text| text.contains(words[1]) || text.contains(words[words.len() - 2]))
            .collect();
        assert!(lines.len() > 2, "{language}: the paragraph should wrap: {lines:?}");
        // Every line of the paragraph starts and ends at a boundary between two words.
        let boundaries: std::collections::HashSet<usize> =
            (0..=words.len()).map(|n| words[..n].concat().len()).collect();
        let mut broken_inside_sentence = 0;
        for line in &lines {
            for piece in line.split_whitespace() {
                // A piece is a whole sentence, or a sentence cut at a line break.
                let at = sentence.find(piece).unwrap_or_else(|| panic!("{language}: `{piece}`"));
                let (start, end) = (at, at + piece.len());
                assert!(
                    boundaries.contains(&start) && boundaries.contains(&end),
                    "{language}: a line breaks inside a word: `{piece}` in {lines:?}"
                );
                broken_inside_sentence += usize::from(piece.len() < sentence.len());
            }
        }
        assert!(
            broken_inside_sentence > 0,
            "{language}: no line broke inside a sentence: {lines:?}"
        );
    }
}

/// A tracked heading is letter-spaced in Latin, and set without tracking in scripts whose
/// letters stack and join (Thai, Hindi): spaced, their words read as broken.
#[test]
fn headings_in_joining_scripts_are_not_letter_spaced() {
    let yaml = "name: Ada\nsections:\n  - title: Work\n    text: x\n  - title: ประสบการณ์\n    text: x\n  - title: अनुभव\n    text: x\n";
    let resume = cvpdf::model::load(&Source::new("cv.yaml", yaml)).unwrap();
    let style = style::resolve("detailed").unwrap();
    assert!(style.heading_tracking > 0.0, "the preset tracks its headings");
    let flow = compose::compose(&resume, &style);
    let tracking = |needle: &str| -> f32 {
        let runs = flow.blocks.iter().find_map(|b| match &b.content {
            compose::Content::Paragraph(p)
                if p.runs.iter().any(|r| r.text.to_lowercase().contains(needle)) =>
            {
                Some(&p.runs)
            }
            _ => None,
        });
        runs.unwrap_or_else(|| panic!("{needle}"))[0].tracking
    };
    assert_eq!(tracking("work"), style.heading_tracking);
    assert_eq!(tracking("ประสบการณ์"), 0.0);
    assert_eq!(tracking("अनुभव"), 0.0);
}

#[test]
fn japanese_in_an_italic_field_is_set_upright_with_its_punctuation() {
    let yaml = "name: 佐藤 花子\nlanguage: ja\nsections:\n  - title: 職歴\n    entries:\n      - title: 株式会社テスト\n        subtitle: シニアエンジニア（バックエンド）, 東京\n        date: 2020\n      - title: Acme\n        subtitle: Senior engineer, 東京 office\n        date: 2019\n";
    let resume = cvpdf::model::load(&Source::new("cv.yaml", yaml)).unwrap();
    let style = style::resolve("detailed").unwrap();
    let flow = compose::compose(&resume, &style);
    let italic = |needle: &str| -> Vec<bool> {
        let runs = flow.blocks.iter().find_map(|b| match &b.content {
            compose::Content::Paragraph(p) if p.runs.iter().any(|r| r.text.contains(needle)) => {
                Some(&p.runs)
            }
            _ => None,
        });
        runs.unwrap().iter().filter(|r| !r.variant.bold).map(|r| r.variant.italic).collect()
    };
    // The Japanese subtitle and the join before it: upright. The English one: italic.
    assert!(italic("シニア").iter().all(|i| !i), "{:?}", italic("シニア"));
    assert!(italic("Senior").iter().any(|i| *i), "{:?}", italic("Senior"));
}

/// A résumé in a language written right to left is laid out as the mirror image of one
/// written left to right: its lines flush right, read from the right (the first word
/// drawn rightmost), an entry's dates left of its title, a list's markers right of the
/// text; a line's runs are drawn in the order they are read (the title before the
/// subtitle left of it), which is the tagged PDF's reading order. Right-to-left words in
/// a résumé written left to right are drawn from the right where they stand.
#[test]
fn right_to_left_pages_are_mirrored_and_read_from_the_right() {
    let yaml = "name: נועה כהן\nlanguage: he\nsummary: מהנדסת תוכנה\nsections:\n  - title: ניסיון\n    \
                entries:\n      - title: חברת דוגמה\n        subtitle: מפתחת\n        start: 2020-01\n        end: present\n        \
                bullets:\n          - תכננה מערכת תשלומים\n";
    let source = Source::new("cv.yaml", yaml);
    let resume = cvpdf::model::load(&source).unwrap_or_else(|d| panic!("{}", d.message));
    let style = style::resolve("classic").unwrap();
    let book = FontBook::default();
    let laid = cvpdf::typeset::lay_out(&resume, &style, &book).unwrap();
    let runs = placed_runs(&laid.document, 0);
    let find = |text: &str| {
        runs.iter()
            .find(|(_, _, t, _)| t.contains(text))
            .unwrap_or_else(|| panic!("no run has {text}: {runs:?}"))
    };
    // Each run's glyphs are drawn left to right, so its text is in that order.
    assert!(find("כהן").2.contains("כהן נועה"), "{runs:?}");
    assert!(find("תוכנה").2.contains("תוכנה מהנדסת"), "{runs:?}");
    let right_margin = style.page_width - style.margin_right;
    let summary = find("מהנדסת");
    assert!((summary.1 - right_margin).abs() < 0.5, "flush right: {summary:?}");
    let (title, dates) = (find("חברת"), find("היום"));
    assert!(dates.1 < title.0, "the dates left of the title: {dates:?} {title:?}");
    assert!(dates.0 - style.margin_left < 0.5, "the dates at the left margin: {dates:?}");
    let (marker, bullet) = (find("•"), find("תכננה"));
    assert!(marker.0 > bullet.1, "the marker right of its text: {marker:?} {bullet:?}");
    let index = |text: &str| runs.iter().position(|r| r.2.contains(text));
    let (title_at, subtitle_at) = (index("חברת"), index("מפתחת"));
    let subtitle = find("מפתחת");
    assert!(subtitle.1 <= title.0 + 0.5, "the subtitle left of the title: {subtitle:?}");
    assert!(title_at < subtitle_at, "the title drawn first: {runs:?}");

    let yaml = "name: Noa Cohen\nsummary: At חברת הייטק since 2020\n";
    let source = Source::new("cv.yaml", yaml);
    let resume = cvpdf::model::load(&source).unwrap_or_else(|d| panic!("{}", d.message));
    let laid = cvpdf::typeset::lay_out(&resume, &style, &book).unwrap();
    let runs = placed_runs(&laid.document, 0);
    let line: String = runs.iter().map(|r| r.2.as_str()).collect();
    assert!(line.contains("At הייטק חברת since 2020"), "{runs:?}");
}
