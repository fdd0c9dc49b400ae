//! Read right by every machine: both examples and the JSON Resume and RenderCV fixtures,
//! in every preset, read back with the text extractors that résumé parsers and
//! applicant-tracking systems are built on (docs/ats.md):
//!
//! - pdftotext (poppler) in its three modes: reading order, `-raw`, `-layout`;
//! - pdfminer.six, pypdf, pdfplumber and PyMuPDF (`tests/ats/extract.py`, from the
//!   virtual environment `.venv` that `.ci/run` makes);
//! - pdf.js (`tests/ats/pdfjs.mjs`, pdfjs-dist from `tests/ats/node_modules`), both as
//!   its items come and as OpenResume's parser groups them into lines.
//!
//! What each must read, compared with what the page shows (the laid-out document):
//! every word (a word hyphenated at a line's end may come back whole or in its two
//! pieces; how many come back whole is reported), no character the page does not show,
//! the first line of every block (a heading, an entry's header with its location and
//! dates, a list item with its marker, a row, a paragraph, the contact line) as one line
//! of text, those lines in reading order; and for a parser built on pdf.js, an entry's
//! dates as an item of their own beside its title.
//!
//! A missing extractor fails the test with the command that installs it. The PDFs are
//! built with the default standard, PDF/UA-1, which krilla checks as it writes them.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{PRESETS, repo, tool};
use cvpdf::compose::Role;
use cvpdf::diag::Source;
use cvpdf::paginate::Document;
use cvpdf::text::LineItem;
use cvpdf::{LaidOut, Options};

/// The inputs, by path from the repository root.
const INPUTS: [&str; 14] = [
    "examples/luo.yaml",
    "examples/liu.yaml",
    "tests/fixtures/jsonresume/sample.resume.json",
    "tests/fixtures/jsonresume/examples/new-grad.resume.json",
    "tests/fixtures/jsonresume/examples/career-changer.resume.json",
    "tests/fixtures/jsonresume/examples/senior-engineer.resume.json",
    "tests/fixtures/jsonresume/de.resume.json",
    "tests/fixtures/jsonresume/fr.resume.json",
    "tests/fixtures/jsonresume/ru.resume.json",
    "tests/fixtures/jsonresume/zh.resume.json",
    "tests/fixtures/jsonresume/ja.resume.json",
    "tests/fixtures/jsonresume/ko.resume.json",
    "tests/fixtures/rendercv/john-doe-2.8.yaml",
    "tests/fixtures/rendercv/john-doe-2.3.yaml",
];

/// The extractors, by the suffix of the text file each writes beside a PDF.
const EXTRACTORS: [&str; 9] = [
    "pdftotext",
    "pdftotext-raw",
    "pdftotext-layout",
    "pdfminer",
    "pypdf",
    "pdfplumber",
    "pymupdf",
    "pdfjs",
    "openresume",
];

/// What the page shows, line by line.
struct Shown {
    lines: Vec<ShownLine>,
}

struct ShownLine {
    text: String,
    role: Option<Role>,
    /// The first line of its block.
    first: bool,
    hyphenated: bool,
    /// The text set flush right after a wide blank (an entry's location and dates).
    trailing: Option<String>,
    /// The page it is on, and whether it is in a sidebar's column.
    page: usize,
    aside: bool,
}

impl Shown {
    fn of(document: &Document) -> Shown {
        let mut lines = Vec::new();
        let mut last_block = None;
        for (page, placed_lines) in document.pages.iter().enumerate() {
            for placed in &placed_lines.lines {
                let runs: Vec<&cvpdf::text::GlyphRun> = placed
                    .line
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        LineItem::Text(run) => Some(run),
                        _ => None,
                    })
                    .collect();
                if runs.is_empty() {
                    continue;
                }
                let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                // Flush-right text follows the two-space blank that fills the gap before it.
                let trailing = runs
                    .iter()
                    .rposition(|r| r.text == "  " && !r.label)
                    .map(|i| runs[i + 1..].iter().map(|r| r.text.as_str()).collect::<String>());
                let first = placed.block.is_some() && placed.block != last_block;
                last_block = placed.block;
                lines.push(ShownLine {
                    text: normal(&text),
                    role: placed.block.map(|b| document.roles[b]),
                    first,
                    hyphenated: placed.line.hyphenated,
                    trailing: trailing.map(|t| normal(&t)),
                    page,
                    aside: placed.block.zip(document.sidebar).is_some_and(|(b, s)| b >= s),
                });
            }
        }
        Shown { lines }
    }

    /// Every word shown, with its two pieces when a line's end hyphenates it.
    fn words(&self) -> Vec<(String, Option<(String, String)>)> {
        let mut words = Vec::new();
        let mut carried: Option<String> = None;
        // A footer or running head is pagination, an artifact that extractors may skip
        // (poppler does): its words are not asked for.
        for line in self.lines.iter().filter(|l| l.role.is_some()) {
            let mut tokens: Vec<&str> = line.text.split_whitespace().collect();
            if let Some(head) = carried.take()
                && let Some(first) = tokens.first()
            {
                let whole = format!("{}{first}", head.trim_end_matches('-'));
                words.push((whole, Some((head, first.to_string()))));
                tokens.remove(0);
            }
            if line.hyphenated {
                carried = tokens.pop().map(str::to_string);
            }
            words.extend(tokens.into_iter().map(|t| (t.to_string(), None)));
        }
        words
    }

    /// The characters shown (but spaces), counted.
    fn chars(&self) -> HashMap<char, usize> {
        let mut counts = HashMap::new();
        for line in &self.lines {
            for c in line.text.chars().filter(|c| !c.is_whitespace()) {
                *counts.entry(c).or_default() += 1;
            }
        }
        counts
    }
}

/// Whether `needle` is in `haystack`, allowing more whitespace than it has (extractors
/// add spaces where fonts change) but never less: a space of the needle must be there,
/// unless the script changes across it (Chinese and Latin need no space between them).
fn contains_spaced(haystack: &str, needle: &str) -> bool {
    let hay: Vec<char> = haystack.chars().collect();
    let needle: Vec<char> = needle.chars().collect();
    (0..hay.len()).any(|start| {
        let mut i = start;
        for (n, &c) in needle.iter().enumerate() {
            if c == ' ' {
                let script_change = n > 0
                    && needle.get(n + 1).is_some_and(|&next| is_cjk(needle[n - 1]) != is_cjk(next));
                if !hay.get(i).is_some_and(|h| h.is_whitespace()) && !script_change {
                    return false;
                }
                while hay.get(i).is_some_and(|h| h.is_whitespace()) {
                    i += 1;
                }
            } else {
                while i > start && hay.get(i).is_some_and(|h| h.is_whitespace()) {
                    i += 1;
                }
                if hay.get(i) != Some(&c) {
                    return false;
                }
                i += 1;
            }
        }
        true
    })
}

/// Whether `word` is inside `token` where a script changes at both its ends (Chinese
/// runs into Latin without a space, as written and as parsers read it) or at the
/// token's ends.
fn within_at_script_change(token: &str, word: &str) -> bool {
    let cjk = is_cjk;
    token.match_indices(word).any(|(at, _)| {
        let before = token[..at].chars().next_back();
        let after = token[at + word.len()..].chars().next();
        let (first, last) = (word.chars().next(), word.chars().next_back());
        let apart = |neighbour: Option<char>, edge: Option<char>| match (neighbour, edge) {
            (None, _) => true,
            (Some(n), Some(e)) => cjk(n) != cjk(e) || (cjk(n) && cjk(e)),
            (Some(_), None) => false,
        };
        apart(before, first) && apart(after, last)
    })
}

/// Chinese, Japanese or Korean, written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Text with every run of whitespace made one space.
fn normal(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How one extractor read one PDF.
#[derive(Default, Clone)]
struct Reading {
    words: (usize, usize),
    hyphenated_whole: (usize, usize),
    first_lines: (usize, usize),
    in_order: (usize, usize),
    dates_apart: (usize, usize),
    /// Pages with a sidebar whose columns are read one after the other.
    columns_apart: (usize, usize),
    extra_chars: usize,
}

impl Reading {
    fn add(&mut self, other: &Reading) {
        let add = |a: &mut (usize, usize), b: (usize, usize)| {
            a.0 += b.0;
            a.1 += b.1;
        };
        add(&mut self.words, other.words);
        add(&mut self.hyphenated_whole, other.hyphenated_whole);
        add(&mut self.first_lines, other.first_lines);
        add(&mut self.in_order, other.in_order);
        add(&mut self.dates_apart, other.dates_apart);
        add(&mut self.columns_apart, other.columns_apart);
        self.extra_chars += other.extra_chars;
    }
}

/// Check one extraction against what the page shows; problems go into `failures`.
fn check(
    shown: &Shown,
    extracted: &str,
    extractor: &str,
    case: &str,
    failures: &mut Vec<String>,
) -> Reading {
    let mut reading = Reading::default();
    let mut fail = |what: String| failures.push(format!("{case}, {extractor}: {what}"));
    // A parser built on pdf.js reads each of a line's items as a field: the line reads
    // right if its items, side by side, show the text with its spaces.
    let items = extracted;
    let extracted = &extracted.replace('\t', " ");
    let lines: Vec<(String, String)> = items
        .lines()
        .map(|l| (normal(&l.replace('\t', " ")), normal(&l.replace('\t', ""))))
        .collect();

    // Every word, as one token or split over up to three (CJK, broken URLs), or in its
    // hyphenated pieces.
    let tokens: Vec<&str> = extracted.split_whitespace().collect();
    let single: HashSet<&str> = tokens.iter().copied().collect();
    let mut joined: HashSet<String> = HashSet::new();
    for n in 1..=3 {
        for window in tokens.windows(n) {
            joined.insert(window.concat());
            if n == 2 && window[0].ends_with('-') {
                joined.insert(format!("{}{}", window[0].trim_end_matches('-'), window[1]));
            }
        }
    }
    let mut missing = Vec::new();
    // Where a page's layout is kept, a word hyphenated in one column has the other's
    // text between its pieces: the pieces are read apart.
    let apart = SIDE_BY_SIDE.contains(&extractor) && shown.lines.iter().any(|l| l.aside);
    for (word, pieces) in shown.words() {
        reading.words.1 += 1;
        let found = joined.contains(&word)
            || pieces.as_ref().is_some_and(|(a, b)| joined.contains(&format!("{a}{b}")))
            || pieces.as_ref().is_some_and(|(a, b)| {
                apart
                    && single.contains(a.as_str())
                    && tokens.iter().any(|t| t.starts_with(b.as_str()))
            })
            || tokens.iter().any(|t| within_at_script_change(t, &word));
        if found {
            reading.words.0 += 1;
        } else {
            missing.push(word.clone());
        }
        if let Some((a, b)) = &pieces {
            reading.hyphenated_whole.1 += 1;
            let split = tokens.windows(2).any(|w| w[0] == a && w[1].starts_with(b.as_str()));
            if !split && single.contains(word.as_str()) {
                reading.hyphenated_whole.0 += 1;
            }
        }
    }
    // A parser built on pdf.js joins a word set in bold or italic to the word before
    // when the space between them is narrower than a letter (docs/ats.md): counted, not
    // failed. The spaces cvpdf starts new items at are wide enough (checked below).
    if !missing.is_empty() && extractor != "openresume" {
        fail(format!("{} words missing: {:?}", missing.len(), &missing[..missing.len().min(8)]));
    }

    // No character the page does not show. (A hyphen at a line's end may go: poppler
    // rejoins the word without it; so may a footer.)
    let mut shown_chars = shown.chars();
    let mut extra = BTreeMap::new();
    for c in extracted.chars().filter(|c| !c.is_whitespace()) {
        match shown_chars.get_mut(&c) {
            Some(n) if *n > 0 => *n -= 1,
            _ => *extra.entry(c).or_insert(0) += 1,
        }
    }
    reading.extra_chars = extra.values().sum();
    if !extra.is_empty() {
        fail(format!("characters the page does not show: {extra:?}"));
    }

    // The first line of every block is one line of text, in reading order. Where a page
    // has a sidebar, the extractors that follow the drawing read the main column, then
    // the sidebar, as they are drawn; those that read the page's geometry may take the
    // sidebar first, so each page's columns go in the order that reads, when one does;
    // those that keep the page's layout read them side by side, each in its order.
    let expected_of = |line: &ShownLine| match line.hyphenated {
        // A hyphenated line ends in a piece of a word that may be rejoined.
        true => line.text.rsplit_once(' ').map_or("", |(head, _)| head).to_string(),
        false => line.text.clone(),
    };
    let matching = |(spaced, joined): &(String, String), expected: &str| {
        contains_spaced(spaced, expected) || contains_spaced(joined, expected)
    };
    let firsts: Vec<&ShownLine> =
        shown.lines.iter().filter(|l| l.first && l.role != Some(Role::Rule)).collect();
    let mut ordered = Vec::new();
    // The pages whose columns an extractor reads into each other.
    let mut interleaved: HashSet<usize> = HashSet::new();
    let sidebar_pages: HashSet<usize> =
        shown.lines.iter().filter(|l| l.aside).map(|l| l.page).collect();
    if GEOMETRIC.contains(&extractor) {
        // Where each of a sequence of lines is read, one after the other from `cursor`.
        let read = |sequence: &[&ShownLine], mut cursor: usize| {
            for line in sequence {
                let expected = expected_of(line);
                match lines[cursor..].iter().position(|l| matching(l, &expected)) {
                    Some(i) => cursor += i,
                    None if line.role == Some(Role::Title) => {}
                    None => return None,
                }
            }
            Some(cursor)
        };
        let mut cursor = 0;
        for page in firsts.chunk_by(|a, b| a.page == b.page) {
            let (side, main): (Vec<&ShownLine>, Vec<&ShownLine>) =
                page.iter().partition(|l| l.aside);
            let main_first = [main.as_slice(), side.as_slice()].concat();
            let side_first = [side.as_slice(), main.as_slice()].concat();
            let order = match (read(&main_first, cursor), read(&side_first, cursor)) {
                (Some(end), _) => {
                    cursor = end;
                    main_first
                }
                (None, Some(end)) => {
                    cursor = end;
                    side_first
                }
                // Read into each other: counted, not failed (docs/ats.md), each of
                // the page's lines still asked for as a line of its own.
                (None, None) if !side.is_empty() => {
                    interleaved.insert(page[0].page);
                    main_first
                }
                (None, None) => main_first,
            };
            ordered.extend(order);
        }
        reading.columns_apart = (sidebar_pages.len() - interleaved.len(), sidebar_pages.len());
    } else {
        ordered = firsts;
        // Read in the order drawn, which the order of the lines checks.
        if !SIDE_BY_SIDE.contains(&extractor) {
            reading.columns_apart = (sidebar_pages.len(), sidebar_pages.len());
        }
    }
    let mut at = [0, 0];
    for line in ordered {
        let column = usize::from(line.aside && SIDE_BY_SIDE.contains(&extractor));
        let at = &mut at[column];
        if interleaved.contains(&line.page) {
            let expected = expected_of(line);
            reading.first_lines.1 += 1;
            if lines.iter().any(|l| matching(l, &expected)) {
                reading.first_lines.0 += 1;
            } else {
                fail(format!("`{expected}` is not one line"));
            }
            continue;
        }
        // Running text: emphasis may be joined to its neighbours (see above).
        let lenient = extractor == "openresume" && line.role == Some(Role::Paragraph);
        reading.first_lines.1 += 1;
        reading.in_order.1 += 1;
        let expected = expected_of(line);
        let matches = |line: &(String, String)| matching(line, &expected);
        // A name in another script need only be apart from the Latin one: pdfplumber
        // puts it on a line of its own when the two sizes' tops are more than 3 pt apart.
        if line.role == Some(Role::Title) && !lines.iter().any(matches) {
            reading.first_lines.1 -= 1;
            reading.in_order.1 -= 1;
            if !contains_spaced(&normal(extracted), &expected) {
                fail(format!("the name `{expected}` is not read with its parts apart"));
            }
            continue;
        }
        match lines[*at..].iter().position(matches) {
            Some(i) => {
                *at += i;
                reading.first_lines.0 += 1;
                reading.in_order.0 += 1;
            }
            None if lines.iter().any(matches) => {
                reading.first_lines.0 += 1;
                fail(format!("`{expected}` is out of order"));
            }
            None if lenient => {}
            None => fail(format!("`{expected}` is not one line")),
        }
        // A parser built on pdf.js takes the dates from an item of their own.
        if extractor == "openresume"
            && let Some(trailing) = &line.trailing
        {
            reading.dates_apart.1 += 1;
            // The item that holds the trailing text starts with it: the title's does not
            // run on into it.
            let start = trailing.split(' ').next().unwrap_or_default();
            let apart = items.lines().any(|l| {
                contains_spaced(&normal(&l.replace('\t', " ")), &expected)
                    && l.split('\t').any(|item| normal(item).starts_with(start))
            });
            if apart {
                reading.dates_apart.0 += 1;
            } else {
                fail(format!("`{trailing}` is not an item of its own in `{expected}`"));
            }
        }
    }
    reading
}

/// The extractors that keep a page's layout, reading a sidebar's lines beside the main
/// column's.
const SIDE_BY_SIDE: [&str; 2] = ["pdftotext-layout", "pdfplumber"];

/// The extractors that find a page's reading order in its geometry (blocks of text and
/// the gaps between them), not in the order it is drawn.
const GEOMETRIC: [&str; 2] = ["pdftotext", "pdfminer"];

/// The Python of the virtual environment with the extractors.
fn python() -> PathBuf {
    let python = repo().join(".venv/bin/python");
    assert!(
        python.exists(),
        "the Python extractors are needed: run `bash .ci/run`, or `python3 -m venv .venv && \
         .venv/bin/pip install -r tests/ats/requirements.txt`"
    );
    python
}

/// Run a command over the PDFs; a missing program fails the test.
fn run(program: &Path, script: &str, pdfs: &[PathBuf]) {
    let output = Command::new(program)
        .arg(repo().join("tests/ats").join(script))
        .args(pdfs)
        .output()
        .unwrap_or_else(|e| panic!("`{}` could not be run ({e})", program.display()));
    assert!(
        output.status.success(),
        "{} {script} failed:\n{}",
        program.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_extractor_reads_every_word_block_and_date() {
    assert!(
        repo().join("tests/ats/node_modules/pdfjs-dist").exists(),
        "pdf.js is needed: run `bash .ci/run`, or `npm ci --prefix tests/ats` (Node.js from \
         Debian's nodejs and npm packages)"
    );
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for input in INPUTS {
        let path = repo().join(input);
        let text = std::fs::read_to_string(&path).unwrap();
        let source = Source::new(input, text);
        for preset in PRESETS {
            let options = Options { layout: preset.into(), ..Options::default() };
            let laid = cvpdf::lay_out(&source, &options)
                .unwrap_or_else(|e| panic!("{input} in {preset}: {e}"));
            // PDF/UA-1, checked by krilla: a broken rule fails here and names itself.
            let settings = cvpdf::pdf::Settings::default();
            let pdf = cvpdf::pdf::write(laid.document.clone(), &laid.meta, &laid.book(), &settings)
                .unwrap_or_else(|e| panic!("{input} in {preset}: {e}"));
            let LaidOut { document, .. } = laid;
            let stem = Path::new(input).file_stem().unwrap().to_string_lossy().replace('.', "-");
            let out = dir.path().join(format!("{stem}-{preset}.pdf"));
            std::fs::write(&out, pdf).unwrap();
            cases.push((format!("{input} ({preset})"), out, Shown::of(&document)));
        }
    }
    let pdfs: Vec<PathBuf> = cases.iter().map(|(_, pdf, _)| pdf.clone()).collect();
    for pdf in &pdfs {
        let path = pdf.to_str().unwrap();
        for (mode, suffix) in [
            (None, "pdftotext"),
            (Some("-raw"), "pdftotext-raw"),
            (Some("-layout"), "pdftotext-layout"),
        ] {
            let mut args: Vec<&str> = mode.into_iter().collect();
            args.extend([path, "-"]);
            std::fs::write(format!("{path}.{suffix}.txt"), tool("pdftotext", &args)).unwrap();
        }
    }
    run(&python, "extract.py", &pdfs);
    run(Path::new("node"), "pdfjs.mjs", &pdfs);

    let mut failures = Vec::new();
    let mut totals: BTreeMap<&str, Reading> = BTreeMap::new();
    for (case, pdf, shown) in &cases {
        for extractor in EXTRACTORS {
            let file = format!("{}.{extractor}.txt", pdf.display());
            let extracted = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{extractor} wrote no text for {case} ({e})"));
            let reading = check(shown, &extracted, extractor, case, &mut failures);
            totals.entry(extractor).or_default().add(&reading);
        }
    }
    let mut report = report(&totals, cases.len());
    report += "\nWords hyphenated at a line's end:";
    for (case, _, shown) in cases.iter().filter(|(case, ..)| case.starts_with("examples/")) {
        let hyphenated = shown.lines.iter().filter(|l| l.hyphenated).count();
        report += &format!(" {case} {hyphenated};");
    }
    report.push('\n');
    println!("{report}");
    let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join("ats-report.md"), &report);
    assert!(
        failures.is_empty(),
        "{} problems; the first:\n{}\n\n{report}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The table of docs/ats.md: extractor × check, over every case.
fn report(totals: &BTreeMap<&str, Reading>, cases: usize) -> String {
    let ratio = |(a, b): (usize, usize)| format!("{a}/{b}");
    let mut out = format!(
        "{cases} PDFs ({} inputs × {} presets)\n\n| extractor | words | hyphenated words whole | \
         first lines of blocks | in order | dates an item apart | sidebar pages read column by \
         column | extra characters |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
        INPUTS.len(),
        PRESETS.len()
    );
    for extractor in EXTRACTORS {
        let r = &totals[extractor];
        let dates = if extractor == "openresume" { ratio(r.dates_apart) } else { "–".into() };
        let columns = match SIDE_BY_SIDE.contains(&extractor) {
            true => "side by side".into(),
            false => ratio(r.columns_apart),
        };
        out += &format!(
            "| {extractor} | {} | {} | {} | {} | {dates} | {columns} | {} |\n",
            ratio(r.words),
            ratio(r.hyphenated_whole),
            ratio(r.first_lines),
            ratio(r.in_order),
            r.extra_chars
        );
    }
    out
}
