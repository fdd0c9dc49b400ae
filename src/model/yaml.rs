//! Model stage, reading YAML (and JSON, which cvpdf reads as YAML): serde-saphyr with
//! budgets that stop alias bombs and absurd nesting quickly, and its errors turned into
//! diagnostics a résumé author can act on, at the place the mistake is.
//!
//! serde-saphyr speaks of parser events, Rust types and its own options; these reports
//! speak of lists, mappings, text and numbers, and point at an unclosed quote or bracket
//! where it opens rather than where the parser gave up.

use serde::de;
use serde_saphyr::Error as YamlError;
use serde_saphyr::budget::BudgetBreach;

use super::slips;
use crate::diag::{Diagnostic, Source, Span, suggest};

/// How deeply lists and mappings may nest; a résumé needs about eight levels.
const MAX_DEPTH: usize = 48;
/// How many values (scalars, lists, mappings) a file may hold, aliases expanded.
const MAX_NODES: usize = 400_000;
/// How many values aliases (`*name`) may repeat in all; real résumés repeat a few.
const MAX_REPLAYED: usize = 20_000;

/// Deserialize YAML with budgets that stop alias bombs and absurd nesting quickly.
pub(crate) fn parse_yaml<T: de::DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    parse(source).map_err(|(d, _)| d)
}

/// Deserialize a JSON file. JSON is read as YAML (so the values keep their places, and a
/// trailing comma or a single quote is forgiven); when that fails on text that is not JSON
/// either, the JSON parser's account of the mistake is the clearer one.
pub(crate) fn parse_json<T: de::DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    parse(source).map_err(|(diagnostic, kind)| match kind {
        Kind::Syntax => json_error(source).unwrap_or(diagnostic),
        Kind::Located | Kind::Other => diagnostic,
    })
}

/// What kind of error a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The parser gave up on the text.
    Syntax,
    /// An unclosed quote or bracket, found where it opens: the best place already.
    Located,
    /// A limit, or a value of the wrong type: the text itself parses.
    Other,
}

fn parse<T: de::DeserializeOwned>(source: &Source) -> Result<T, (Diagnostic, Kind)> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: MAX_NODES,
            max_events: 2_000_000,
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_recorded_anchor_events: 100_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED,
            max_replay_stack_depth: 16,
        },
        strict_booleans: true,
    };
    // A byte-order mark stays in: serde-saphyr skips it, and the spans of the values it
    // reads then count from the start of the file, as every report does.
    serde_saphyr::from_str_with_options(&source.text, options).map_err(|e| yaml_error(source, &e))
}

/// Turn a serde-saphyr error into a diagnostic pointing at its position.
fn yaml_error(source: &Source, error: &YamlError) -> (Diagnostic, Kind) {
    // An error met in the value an alias repeats is reported where the alias is used.
    let (mut inner, mut defined) = (error, None);
    loop {
        match inner {
            YamlError::AliasError { error, locations, .. } => {
                defined = defined.or(Some(locations.defined_location));
                inner = error;
            }
            YamlError::WithSnippet { error, .. } => inner = error,
            _ => break,
        }
    }
    let start = position(source, error);
    let token = start.map_or("", |s| token(&source.text[s..]));
    let (mut diagnostic, kind) = describe(inner, token);
    if let Some(start) = start {
        let mut start = start;
        match inner {
            // An empty value is placed where the next thing starts: point at its key.
            YamlError::SerdeInvalidType { unexpected, .. } if unexpected == "unit value" => {
                start = key_of_empty_value(&source.text, start);
            }
            // serde-saphyr places some values of the wrong type (a list where text
            // belongs) at their key; a mapping found is rightly placed at its first key.
            YamlError::SerdeInvalidType { unexpected, .. } if unexpected != "map" => {
                start = value_after_key(&source.text, start);
            }
            // A missing field is noticed at the end of its mapping: point at its start.
            YamlError::SerdeMissingField { .. } => {
                start = mapping_start(&source.text, start);
            }
            _ => {}
        }
        if (diagnostic.message.contains("tabs") || diagnostic.message.contains("a tab"))
            && let Some(tab) = indenting_tab(&source.text, start)
        {
            start = tab;
            diagnostic = Diagnostic::new("this line is indented with a tab")
                .hint("indent with spaces: YAML does not allow tabs for indentation");
        }
        let mut len = token_len(&source.text[start..]);
        if let Some(c) = source.text[start..]
            .chars()
            .next()
            .filter(|c| c.is_control() && *c != '\t' && *c != '\n' && *c != '\r')
            && diagnostic.message.starts_with("unexpected character")
        {
            diagnostic = Diagnostic::new(format!(
                "the file holds the control character U+{:04X}, which YAML does not allow",
                c as u32
            ))
            .hint("is this a text file? Remove the character, or save the file again as text");
            len = 1;
        }
        // The whole file is not a mapping: say what a résumé looks like.
        if diagnostic.message.starts_with("expected a mapping here")
            && source.text[..start].trim_start_matches('\u{feff}').trim().is_empty()
        {
            diagnostic = diagnostic
                .hint("a résumé is YAML: `key: value` lines, starting with `name: Your Name`");
        }
        diagnostic = slips::explain(source, start, diagnostic).at(Span::new(start, len));
        if kind == Kind::Syntax
            && let Some(unclosed) = unclosed_before(source, start, &diagnostic.message)
        {
            return (unclosed, Kind::Located);
        }
    }
    if let Some(defined) = defined.filter(|l| l.line() > 0) {
        diagnostic = diagnostic.hint(format!(
            "the alias `{}` repeats the value at line {}, column {}",
            token.trim_end(),
            defined.line(),
            defined.column()
        ));
    }
    (diagnostic, kind)
}

/// The byte offset of an error's place, if it has one.
fn position(source: &Source, error: &YamlError) -> Option<usize> {
    let location = error.location().filter(|l| l.line() > 0)?;
    // Columns of the first line do not count a byte-order mark; byte offsets do.
    let bom = usize::from(source.text.starts_with('\u{feff}') && location.line() == 1);
    let start = location.span().byte_offset().map(|o| o as usize).unwrap_or_else(|| {
        source.offset_of(location.line() as usize, location.column() as usize + bom)
    });
    let mut start = start.min(source.text.len());
    while !source.text.is_char_boundary(start) {
        start -= 1;
    }
    Some(start)
}

/// The message, hints and kind of an error; `token` is the text at its place.
fn describe(error: &YamlError, token: &str) -> (Diagnostic, Kind) {
    let word = token.trim_end();
    let other = |d: Diagnostic| (d, Kind::Other);
    match error {
        YamlError::Budget { breach, .. } => other(budget(breach)),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => other(alias_bomb()),
        YamlError::DuplicateMappingKey { key, .. } => {
            let what = key.as_deref().map_or("a key".to_string(), |k| format!("`{k}`"));
            other(
                Diagnostic::new(format!("{what} is given twice in the same mapping"))
                    .hint("a key may appear once in each mapping: remove or rename one of them"),
            )
        }
        YamlError::MultipleDocuments { .. } => (
            Diagnostic::new("the file holds more than one YAML document")
                .hint("a résumé is one document: remove the `---` line above this one"),
            Kind::Syntax,
        ),
        YamlError::NonFiniteFloat { value, .. } => {
            other(Diagnostic::new(format!("`{value}` is not a finite number")))
        }
        YamlError::UnknownAnchor { .. } => other(
            Diagnostic::new(format!("the alias `{word}` names no anchor"))
                .hint("an alias `*name` repeats a value marked `&name` above it"),
        ),
        YamlError::InvalidBooleanStrict { .. } => other(
            Diagnostic::new(format!("`{word}` is not true or false"))
                .hint("write true or false (yes, no, on and off are not booleans here)"),
        ),
        YamlError::InvalidScalar { ty, .. } => other(match *ty {
            "bool" => Diagnostic::new(format!("`{word}` is not true or false")),
            "f32" | "f64" => Diagnostic::new(format!("`{word}` is not a number")),
            ty if ty.starts_with('i') || ty.starts_with('u') => whole_number(word, ty),
            _ => Diagnostic::new(format!("`{word}` is not a {ty}")),
        }),
        YamlError::SerdeInvalidType { unexpected, expected, .. } => other(Diagnostic::new(
            format!("expected {}, found {}", expected_name(expected), found_name(unexpected)),
        )),
        YamlError::SerdeUnknownField { field, expected, .. } => {
            other(unknown_field(field, expected))
        }
        YamlError::SerdeMissingField { field, .. } => other(
            Diagnostic::new(format!("missing field `{field}`"))
                .hint(format!("add `{field}:` to this mapping")),
        ),
        YamlError::Unexpected { expected, .. } => other(Diagnostic::new(match *expected {
            "sequence start" => "expected a list here (lines starting with `- `)".to_string(),
            "mapping start" => "expected a mapping here (`key: value` lines)".to_string(),
            "string scalar" => "expected text here".to_string(),
            other => format!("expected {other}"),
        })),
        YamlError::Eof { .. } => {
            (Diagnostic::new("the file ends in the middle of a value"), Kind::Syntax)
        }
        YamlError::Message { .. } | YamlError::ExternalMessage { .. } => {
            let message = one_line(error);
            match message.as_str() {
                "recursion limit exceeded" => other(too_deep()),
                // The parser's own finding, already where the bracket opens.
                m if m.starts_with("unclosed bracket '") => {
                    let c = m["unclosed bracket '".len()..].chars().next().unwrap_or('[');
                    (never_closed(c), Kind::Located)
                }
                m if m.contains("tabs") || m.contains("a tab") => (
                    Diagnostic::new(message)
                        .hint("indent with spaces: YAML does not allow tabs for indentation"),
                    Kind::Syntax,
                ),
                _ => (Diagnostic::new(message), Kind::Syntax),
            }
        }
        _ => other(Diagnostic::new(one_line(error))),
    }
}

/// Why `word` is not a whole number of type `ty`: not a number at all, or one too large
/// (or too small) for the field; "99999999999999999999" is a number, just not one that fits.
/// The report on a key that is none of the `expected` fields, with the key it most likely
/// means: cvpdf's name for another format's key, the dashed name of a snake_case one, or
/// the nearest by spelling.
pub(crate) fn unknown_field(field: &str, expected: &[&str]) -> Diagnostic {
    let mut d = Diagnostic::new(format!("unknown field `{field}`"));
    let ours = FOREIGN_FIELDS
        .iter()
        .filter(|(theirs, _)| theirs.eq_ignore_ascii_case(field))
        .find(|(_, ours)| expected.contains(ours));
    let kebab = field.replace('_', "-");
    if let Some((_, ours)) = ours {
        d = d.hint(format!("cvpdf calls it `{ours}`"));
    } else if kebab != field && expected.contains(&kebab.as_str()) {
        d = d.hint(format!("cvpdf's names use dashes: `{kebab}`"));
    } else if let Some(best) = suggest(field, expected.iter().copied()) {
        d = d.hint(format!("did you mean `{best}`?"));
    }
    if !expected.is_empty() {
        d = d.hint(format!("the fields here are: {}", expected.join(", ")));
    }
    d
}

/// The names JSON Resume and RenderCV give fields, and cvpdf's for the same thing where
/// it is one of the fields expected (an entry's `summary` is its `text`; a résumé has a
/// `summary` of its own).
const FOREIGN_FIELDS: [(&str, &str); 30] = [
    ("start_date", "start"),
    ("startDate", "start"),
    ("end_date", "end"),
    ("endDate", "end"),
    ("releaseDate", "date"),
    ("release_date", "date"),
    ("awarded", "date"),
    ("highlights", "bullets"),
    ("summary", "text"),
    ("description", "text"),
    ("details", "text"),
    ("website", "url"),
    ("link", "url"),
    ("label", "headline"),
    ("image", "photo"),
    ("picture", "photo"),
    ("lang", "language"),
    ("profiles", "links"),
    ("social_networks", "links"),
    ("connections", "links"),
    ("network", "label"),
    ("company", "title"),
    ("institution", "title"),
    ("organization", "title"),
    ("name", "title"),
    ("name", "label"),
    ("heading", "title"),
    ("position", "subtitle"),
    ("area", "subtitle"),
    ("skills", "rows"),
];

fn whole_number(word: &str, ty: &str) -> Diagnostic {
    let digits = word.strip_prefix(['-', '+']).unwrap_or(word);
    let numeric = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if !numeric {
        return Diagnostic::new(format!("`{word}` is not a whole number"));
    }
    let (min, max): (i128, i128) = match ty {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, u64::MAX.into()),
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    };
    let shown: String = word.chars().take(40).collect();
    let shown = if shown.len() < word.len() { format!("{shown}…") } else { shown };
    if word.starts_with('-') && min == 0 {
        Diagnostic::new(format!("`{shown}` is negative: give a whole number from 0 to {max}"))
    } else {
        Diagnostic::new(format!("`{shown}` is too large a number: at most {max}"))
            .hint(format!("give a whole number from {min} to {max}"))
    }
}

/// The message of an error without its position (the report shows that).
fn one_line(error: &YamlError) -> String {
    let one_line = error.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    // The one-line form ends with " at line L, column C".
    let message = match one_line.rfind(" at line ") {
        Some(i) => &one_line[..i],
        None => &one_line,
    };
    message.trim().to_string()
}

fn budget(breach: &BudgetBreach) -> Diagnostic {
    match breach {
        BudgetBreach::Depth { .. } => too_deep(),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. } => alias_bomb(),
        BudgetBreach::Anchors { .. } => Diagnostic::new("the file defines too many anchors (`&name`)")
            .hint("a résumé needs a few anchors at most: write the values out"),
        _ => Diagnostic::new(format!(
            "the file holds more than {MAX_NODES} values, aliases counted: far more than a résumé has"
        ))
        .hint("is this the right file? Aliases (`*name`) repeat the values of anchors (`&name`)"),
    }
}

fn too_deep() -> Diagnostic {
    Diagnostic::new(format!(
        "lists and mappings nest more than {MAX_DEPTH} levels deep here: far deeper than a résumé"
    ))
    .hint("is this the right file? A résumé nests a few levels (sections, entries, bullets)")
}

fn alias_bomb() -> Diagnostic {
    Diagnostic::new(format!(
        "aliases (`*name`) repeat more than {MAX_REPLAYED} values: far more than a résumé needs"
    ))
    .hint("this looks like an alias bomb (\"billion laughs\"); write the values out instead")
}

/// serde's name of an expected type, as a résumé author would say it.
fn expected_name(expected: &str) -> String {
    match expected {
        "a sequence" => "a list".into(),
        "a map" => "a mapping".into(),
        "a boolean" => "true or false".into(),
        "a string" => "text".into(),
        e if e.starts_with("struct ") => "a mapping (`key: value` lines)".into(),
        e if e.starts_with('i') && e[1..].parse::<u32>().is_ok() => "a whole number".into(),
        e if e.starts_with('u') && e[1..].parse::<u32>().is_ok() => {
            "a whole number from 0 up".into()
        }
        "f32" | "f64" => "a number".into(),
        e => e.to_string(),
    }
}

/// serde's description of a value found, as a résumé author would say it.
fn found_name(unexpected: &str) -> String {
    let quoted = |s: &str| s.split_once(' ').map_or("", |(_, v)| v).trim_matches('`').to_string();
    match unexpected {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "unit value" | "null" => "nothing (an empty value)".into(),
        u if u.starts_with("string ") => format!("the text {}", &u["string ".len()..]),
        u if u.starts_with("integer ") || u.starts_with("floating point ") => {
            format!("the number {}", quoted(u.trim_start_matches("floating point ")))
        }
        u if u.starts_with("boolean ") => format!("`{}`", quoted(u)),
        u => u.to_string(),
    }
}

/// The word or value starting at `text`.
fn token(text: &str) -> &str {
    let end = text.find(['\n', ',', ']', '}', ' ']).unwrap_or(text.len());
    &text[..end]
}

/// The length of the word or value starting at `text`, for the caret: one character for
/// a bracket or a tab.
fn token_len(text: &str) -> usize {
    if text.starts_with(['[', '{', '\t']) {
        return 1;
    }
    text.find(['\n', ':', ',', ']', '}']).unwrap_or(text.len()).max(1).min(text.len()).max(1)
}

/// Where the value of the `key:` at `at` starts: after the colon, or on the next line that
/// has something. `at` itself when it is not at a key.
fn value_after_key(text: &str, at: usize) -> usize {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[at..line_end];
    let Some(colon) = line.find(": ").or_else(|| line.strip_suffix(':').map(|l| l.len())) else {
        return at;
    };
    // Only a plain key: a value that holds ": " (`"a: b"`) stays where it is.
    if !line[..colon].chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return at;
    }
    let after = at + colon + 1;
    let rest = &text[after..line_end];
    let value = rest.trim_start();
    if !value.is_empty() && !value.starts_with('#') {
        return after + (rest.len() - value.len());
    }
    let mut next = line_end;
    while next < text.len() {
        let start = next + 1;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let content = text[start..end].trim_start();
        if !content.is_empty() && !content.starts_with('#') {
            return end - content.len();
        }
        next = end;
    }
    at
}

/// The key of the empty value placed at `at`: the `key:` before it, if `at` follows one.
fn key_of_empty_value(text: &str, at: usize) -> usize {
    let before = text[..at].trim_end();
    if !before.ends_with(':') {
        return at;
    }
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let content = line.trim_start_matches(' ');
    let content_at = line_start + line.len() - content.len();
    match content.strip_prefix("- ") {
        Some(rest) => content_at + 2 + (rest.len() - rest.trim_start().len()),
        None => content_at,
    }
}

/// The first key of the block mapping whose key is at or before `at`: the line that
/// starts it (`- key:` in a list, or the first line at its indentation).
fn mapping_start(text: &str, at: usize) -> usize {
    // Indentation of a line's key, and whether the line opens a list item (`- key:`).
    let key_of = |line: &str| {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        match content.strip_prefix("- ") {
            Some(rest) => (indent + 2 + rest.len() - rest.trim_start().len(), true),
            None => (indent, false),
        }
    };
    let mut line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    // At the end of the file, the mapping is the one of the last line.
    while line_start > 0 && text[line_start..].trim().is_empty() {
        line_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let line_end = |start: usize| text[start..].find('\n').map_or(text.len(), |i| start + i);
    let (indent, mut item) = key_of(&text[line_start..line_end(line_start)]);
    let mut best = line_start + indent;
    while !item && line_start > 0 {
        let previous = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[previous..line_start - 1];
        line_start = previous;
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let (key, opens) = key_of(line);
        if key != indent {
            if key > indent {
                continue;
            }
            break;
        }
        best = previous + key;
        item = opens;
    }
    best
}

/// The first tab that indents a line, from the line of `at` on (a parser that meets one
/// reports the value before it).
fn indenting_tab(text: &str, at: usize) -> Option<usize> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut start = line_start;
    for line in text[line_start..].split('\n').take(4) {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indent].find('\t') {
            return Some(start + tab);
        }
        start += line.len() + 1;
    }
    None
}

/// A quote or bracket opened on a line above `at` and still open there: the mistake a
/// parser reports only lines later, as something else.
fn unclosed_before(source: &Source, at: usize, message: &str) -> Option<Diagnostic> {
    let (open, c) = unclosed(&source.text, at)?;
    // A bracket closed further on is not the mistake (a comma missing inside it may be).
    let (flows, quote) = open_at(&source.text, source.text.len());
    if quote != Some((open, c)) && !flows.contains(&(open, c)) {
        return None;
    }
    let (open_line, _) = source.line_column(open);
    let (line, column) = source.line_column(at);
    if open_line >= line {
        return None;
    }
    Some(
        never_closed(c)
            .at(Span::new(open, 1))
            .hint(format!("the YAML reader noticed at line {line}, column {column}: {message}")),
    )
}

/// The report of a quote or bracket `c` that is never closed, to be placed where it opens.
fn never_closed(c: char) -> Diagnostic {
    let (what, fix) = match c {
        '"' | '\'' => ("quote", format!("close it with {c} where the text ends")),
        '[' => {
            ("bracket", "close it with `]`, or write the list as lines starting with `- `".into())
        }
        _ => ("brace", "close it with `}`, or write the mapping as `key: value` lines".into()),
    };
    Diagnostic::new(format!("this {what} `{c}` is never closed")).hint(fix)
}

/// The quote or flow bracket still open at byte `upto`, if any: a light scan of YAML that
/// knows comments, quoted scalars, block scalars and flow collections, enough to tell a
/// quote that starts a value (`name: "Ada`) from an apostrophe inside one (`Ada's`).
fn unclosed(text: &str, upto: usize) -> Option<(usize, char)> {
    let (flows, quote) = open_at(text, upto);
    quote.or_else(|| flows.last().copied())
}

/// The flow brackets and the quote open at byte `upto`, with their offsets.
#[allow(clippy::type_complexity)]
fn open_at(text: &str, upto: usize) -> (Vec<(usize, char)>, Option<(usize, char)>) {
    let mut flows: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<(usize, char)> = None;
    // The indentation of a line that opened a block scalar (`key: |`), while in it.
    let mut block: Option<usize> = None;
    let mut offset = 0;
    for line in text[..upto.min(text.len())].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if let Some(block_indent) = block {
            if content.trim().is_empty() || indent > block_indent {
                continue;
            }
            block = None;
        }
        // The last character of the line outside quotes and comments, before it.
        let mut previous: Option<char> = None;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match quote {
                Some((_, '"')) => match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => quote = None,
                    _ => {}
                },
                Some((_, _)) => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                            chars.next();
                        } else {
                            quote = None;
                        }
                    }
                }
                None => {
                    let value_start =
                        matches!(previous, None | Some(':' | '-' | '[' | '{' | ',' | '?'));
                    match c {
                        '#' if i == 0 || line[..i].ends_with([' ', '\t']) => break,
                        '"' | '\'' if value_start => quote = Some((start + i, c)),
                        '[' | '{' if value_start || !flows.is_empty() => flows.push((start + i, c)),
                        ']' | '}' if !flows.is_empty() => {
                            flows.pop();
                        }
                        _ => {}
                    }
                    if !c.is_whitespace() {
                        previous = Some(c);
                    }
                }
            }
        }
        // `key: |`, `- >-`, `|2`: a block scalar; its lines are text.
        let tail = line.trim_end();
        let tail = tail.trim_end_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
        let opens_block = [": |", ": >", "- |", "- >"].iter().any(|t| tail.ends_with(t))
            || tail == "|"
            || tail == ">";
        if quote.is_none() && flows.is_empty() && opens_block {
            block = Some(indent);
        }
    }
    (flows, quote)
}

/// The JSON parser's account of a file that is not JSON, at its place.
fn json_error(source: &Source) -> Option<Diagnostic> {
    let bom = if source.text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let error = serde_json::from_str::<de::IgnoredAny>(&source.text[bom..]).err()?;
    if error.line() == 0 {
        return None;
    }
    let text = error.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    // serde_json counts columns in bytes, from 1.
    let line_start = source.offset_of(error.line(), 1);
    let mut at =
        (line_start + error.column().saturating_sub(1) + if error.line() == 1 { bom } else { 0 })
            .min(source.text.len());
    while !source.text.is_char_boundary(at) {
        at -= 1;
    }
    // At the end of the file there is nothing to point at: point at its last character.
    if at == source.text.len() {
        at = source.text.trim_end().len().saturating_sub(1);
        while !source.text.is_char_boundary(at) {
            at -= 1;
        }
    }
    Some(
        Diagnostic::new(format!("this is not JSON: {message}"))
            .at(Span::new(at, token_len(&source.text[at..])))
            .hint(
                "a JSON Resume file is JSON (json.org): check the quotes, commas and brackets here",
            ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> (String, (usize, usize), Vec<String>) {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc {
            name: crate::model::raw::Scalar,
            #[serde(default)]
            list: Vec<crate::model::raw::Scalar>,
            #[serde(default)]
            n: i32,
        }
        let source = Source::new("cv.yaml", text);
        let d = parse_yaml::<Doc>(&source).unwrap_err();
        let position = source.line_column(d.span.map_or(usize::MAX, |s| s.start));
        (d.message, position, d.hints)
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let (message, at, hints) = error("name: \"Ada\nlist: [a]\n");
        assert_eq!(message, "this quote `\"` is never closed");
        assert_eq!(at, (1, 7));
        assert!(hints[1].contains("line 2"), "{hints:?}");
        // An apostrophe inside a value opens nothing.
        assert_eq!(unclosed("name: Ada's\nlist: 'x'\n", 22), None);
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let (message, at, _) = error("name: Ada\nlist: [a, b\nn: 3\n");
        assert_eq!(message, "this bracket `[` is never closed");
        assert_eq!(at, (2, 7));
        assert_eq!(unclosed("name: Ada [draft]\nn: [1\n", 23), Some((21, '[')));
        // Quotes and brackets inside block scalars and comments are text.
        assert_eq!(unclosed("s: |\n  \"[x\nn: 1 # it's [\n", 24), None);
    }

    #[test]
    fn duplicate_keys_and_documents_speak_plainly() {
        let (message, at, _) = error("name: Ada\nname: Bob\n");
        assert_eq!(message, "`name` is given twice in the same mapping");
        assert_eq!(at, (2, 1));
        let (message, _, hints) = error("name: Ada\n---\nname: Bob\n");
        assert_eq!(message, "the file holds more than one YAML document");
        assert!(hints[0].contains("---"));
    }

    #[test]
    fn wrong_types_name_what_was_found_at_the_value() {
        let (message, at, _) = error("name: [Ada]\n");
        assert_eq!(message, "expected text, found a list");
        assert_eq!(at, (1, 7));
        let (message, at, _) = error("name: Ada\nlist:\n  - [x]\n");
        assert_eq!(message, "expected text, found a list");
        assert_eq!(at, (3, 5));
        let (message, at, _) = error("name: Ada\nn: high\n");
        assert_eq!(message, "`high` is not a whole number");
        assert_eq!(at, (2, 4));
    }

    #[test]
    fn alias_bombs_and_deep_nesting_stop_fast_and_say_why() {
        let mut bomb =
            String::from("name: Ada\nlist: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            bomb.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let source = Source::new("bomb.yaml", bomb);
        let d = parse_yaml::<serde::de::IgnoredAny>(&source).unwrap_err();
        assert!(d.message.starts_with("aliases (`*name`) repeat more than"), "{}", d.message);
        let deep = format!("name: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let d = parse_yaml::<serde::de::IgnoredAny>(&Source::new("deep.yaml", deep)).unwrap_err();
        assert!(d.message.starts_with("lists and mappings nest more than 48"), "{}", d.message);
        assert!(started.elapsed().as_secs_f32() < 2.0, "{:?}", started.elapsed());
    }

    #[test]
    fn empty_values_and_missing_fields_point_at_their_mapping() {
        let (message, at, _) = error("name:\nlist: [a]\n");
        assert_eq!(message, "expected text, found nothing (an empty value)");
        assert_eq!(at, (1, 1));
        let (message, at, hints) = error("list: [a]\nn: 3\n");
        assert_eq!(message, "missing field `name`");
        assert_eq!(at, (1, 1));
        assert_eq!(hints, ["add `name:` to this mapping"]);
        let text = "a:\n  - x: 1\n    y: 2\n  - z: 3\n    w: 4\n";
        assert_eq!(mapping_start(text, text.find("w:").unwrap()), text.find("z:").unwrap());
        assert_eq!(mapping_start(text, text.find("y:").unwrap()), text.find("x:").unwrap());
    }

    #[test]
    fn a_value_is_found_after_its_key_only() {
        let text = "name: [a]\nlist:\n  - x\nq: \"a: b\"\n";
        assert_eq!(value_after_key(text, 0), 6);
        assert_eq!(value_after_key(text, text.find("list").unwrap()), text.find("- x").unwrap());
        let quoted = text.find("\"a").unwrap();
        assert_eq!(value_after_key(text, quoted), quoted);
    }

    #[test]
    fn a_missing_comma_is_no_unclosed_bracket() {
        let text = "{\n  \"basics\": {\n    \"name\": \"Ada\"\n    \"label\": \"x\"\n  }\n}\n";
        let source = Source::new("r.json", text);
        let d = parse_json::<serde::de::IgnoredAny>(&source).unwrap_err();
        assert_eq!(d.message, "this is not JSON: expected `,` or `}`");
        assert_eq!(source.line_column(d.span.unwrap().start), (4, 5));
    }

    #[test]
    fn a_tab_is_pointed_at() {
        let (message, at, hints) = error("name: Ada\nlist:\n\t- x\n");
        assert_eq!(message, "this line is indented with a tab");
        assert_eq!(at, (3, 1));
        assert!(hints[0].contains("indent with spaces"));
    }

    #[test]
    fn json_that_is_not_json_gets_the_json_parsers_account() {
        let source = Source::new("r.json", "// a comment\n{\"basics\": {}}\n");
        let d = parse_json::<serde::de::IgnoredAny>(&source).unwrap_err();
        assert_eq!(d.message, "this is not JSON: expected value");
        assert_eq!(source.line_column(d.span.unwrap().start), (1, 1));
        // An unclosed brace is found where it opens.
        let source = Source::new("r.json", "{\"basics\": {\"name\": \"Ada\"\n, \"work\": []\n");
        let d = parse_json::<serde::de::IgnoredAny>(&source).unwrap_err();
        assert!(
            d.message.contains("never closed") || d.message.contains("unclosed"),
            "{}",
            d.message
        );
    }
}
