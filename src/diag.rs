//! Diagnostics, shared by every stage: a message with a byte span → a rustc-style report
//! (`file:line:column`, the source line, a caret).
//!
//! Stages only know byte spans into the text they read; the [`Source`] turns a span into
//! a line and column when the report is rendered, so no stage carries file names around.

use std::borrow::Cow;
use std::fmt::{self, Write};

/// A byte range in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub len: usize,
}

impl Span {
    pub fn new(start: usize, len: usize) -> Self {
        Span { start, len }
    }
}

/// Something wrong in the input, found by one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Lowercase, no final period: "end (2017) is before start (2019)".
    pub message: String,
    pub span: Option<Span>,
    pub hints: Vec<String>,
    /// More mistakes in the same file, found in the same pass.
    pub more: Option<Box<More>>,
}

/// The mistakes a [`Diagnostic`] carries besides its own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct More {
    /// Up to [`MAX_REPORTED`] with the first, in file order.
    pub errors: Vec<Diagnostic>,
    /// How many more were found but not kept.
    pub unreported: usize,
}

/// The most errors of one file that are shown, as rustc shows them all: five mistakes
/// take one run, not five; a file with thousands still gets a screenful.
pub const MAX_REPORTED: usize = 20;

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic { message: message.into(), span: None, hints: Vec::new(), more: None }
    }

    /// The first of `errors` (in file order), carrying the others; `None` for none.
    pub fn first_of(mut errors: Vec<Diagnostic>, unreported: usize) -> Option<Diagnostic> {
        errors.sort_by_key(|d| d.span.map_or(usize::MAX, |s| s.start));
        let beyond = errors.len().saturating_sub(MAX_REPORTED);
        errors.truncate(MAX_REPORTED);
        let mut errors = errors.into_iter();
        let mut first = errors.next()?;
        let more = More { errors: errors.collect(), unreported: unreported + beyond };
        if more != More::default() {
            first.more = Some(Box::new(more));
        }
        Some(first)
    }

    /// The mistakes this one carries besides its own.
    pub fn others(&self) -> &[Diagnostic] {
        self.more.as_ref().map_or(&[], |m| &m.errors)
    }

    /// How many errors this one stands for: itself, those it carries, those not kept.
    pub fn count(&self) -> usize {
        1 + self.others().len() + self.more.as_ref().map_or(0, |m| m.unreported)
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

/// A text that was read, with the name to show in reports.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), text: text.into() }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// The byte offset of a 1-based line and column; the end of the text when out of range.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let mut start = 0;
        for _ in 1..line {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let line_text = self.text[start..].split('\n').next().unwrap_or("");
        let within: usize =
            line_text.chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
        start + within
    }

    /// Render a diagnostic as a report.
    /// Every error a diagnostic carries, each rendered, then a line that counts them
    /// when there is more than one.
    pub fn reports(&self, diagnostic: &Diagnostic, severity: Severity) -> Vec<Report> {
        let mut reports: Vec<Report> = std::iter::once(diagnostic)
            .chain(diagnostic.others())
            .map(|d| self.report(d, severity))
            .collect();
        let count = diagnostic.count();
        if count > 1 {
            let shown = match count > reports.len() {
                false => String::new(),
                true => format!(" (the first {} are shown)", reports.len()),
            };
            let summary = Diagnostic::new(format!("{count} mistakes in this file{shown}"));
            reports.push(self.report(&summary, severity));
        }
        reports
    }

    pub fn report(&self, diagnostic: &Diagnostic, severity: Severity) -> Report {
        let mut rendered = format!("{severity}: {}\n", printable(&diagnostic.message));
        let name = printable(&self.name);
        let mut position = None;
        if let Some(span) = diagnostic.span {
            let (line, column) = self.line_column(span.start);
            position = Some((line, column));
            let text_line = self.text.split('\n').nth(line - 1).unwrap_or("");
            let text_line = text_line.strip_suffix('\r').unwrap_or(text_line);
            let gutter = " ".repeat(line.to_string().len());
            let end = floor_char_boundary(&self.text, span.start + span.len);
            let spanned = self.text[floor_char_boundary(&self.text, span.start)..end]
                .split('\n')
                .next()
                .unwrap_or("");
            let carets = spanned.chars().count().max(1);
            let (shown, caret_column, carets) = window(text_line, column, carets);
            let _ = writeln!(rendered, "{gutter}--> {name}:{line}:{column}");
            let _ = writeln!(rendered, "{gutter} |");
            let _ = writeln!(rendered, "{line} | {shown}");
            let _ = writeln!(
                rendered,
                "{gutter} | {}{}",
                " ".repeat(caret_column - 1),
                "^".repeat(carets)
            );
        } else {
            let _ = writeln!(rendered, " --> {name}");
        }
        for hint in &diagnostic.hints {
            let _ = writeln!(rendered, "  = hint: {}", printable(hint));
        }
        Report { message: diagnostic.message.clone(), file: self.name.clone(), position, rendered }
    }
}

/// How bad a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A rendered diagnostic: what a user reads, plus its position for programs and tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub message: String,
    pub file: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    pub rendered: String,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rendered.trim_end())
    }
}

/// Why a build failed.
#[derive(Debug)]
pub enum Error {
    /// The input (résumé or layout) is wrong: exit code 2.
    Input(Vec<Report>),
    /// Reading or writing a file failed, or a bug: exit code 1.
    Io(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) => 2,
            Error::Io(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(reports) => {
                for (i, report) in reports.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{report}")?;
                }
                Ok(())
            }
            Error::Io(message) => write!(f, "error: {}", printable(message)),
        }
    }
}

impl std::error::Error for Error {}

/// Characters that must not reach a terminal or a CI log as they are: controls (an
/// escape sequence starts with ESC, a newline would start a line of its own such as
/// `::error::`), line and paragraph separators, and the bidirectional overrides that
/// make text read in another order than it is.
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text safe to print in a message: each unprintable character is written as an escape
/// (`\n`, `\u{1b}`), so a quoted value can neither move the cursor nor start a new line.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unprintable(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Why an I/O operation failed, in the words of the messages: "no such file or directory".
pub fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" (os error ") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| first.to_lowercase().chain(chars).collect())
}

/// The "did you mean" candidate for a misspelt name: the closest by edit distance, if close.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, c)| d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edit distance where swapping two neighbours counts once ("titel" → "title" is 1).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Characters of a source line shown around the caret; longer lines are cut with `…`.
const SHOWN_CHARS: usize = 100;

/// The part of a source line to show, the caret's column in it and the number of carets:
/// a long line (minified JSON, a generated file) is cut to a window around the column,
/// and tabs and control characters (binary garbage) are shown as one harmless character
/// each, so the caret stays under its place.
fn window(line: &str, column: usize, carets: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if is_unprintable(c) => '\u{fffd}',
            c => c,
        })
        .collect();
    if chars.len() <= SHOWN_CHARS {
        return (chars.into_iter().collect(), column, carets);
    }
    let at = column - 1;
    let start = at.saturating_sub(SHOWN_CHARS / 3).min(chars.len().saturating_sub(SHOWN_CHARS));
    let end = (start + SHOWN_CHARS).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret_column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        caret_column += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let carets = carets.min(end.saturating_sub(at)).max(1);
    (shown, caret_column, carets)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_points_at_the_span() {
        let source = Source::new("cv.yaml", "name: Ada\nend: 2017\n");
        let report =
            source.report(&Diagnostic::new("bad end").at(Span::new(15, 4)), Severity::Error);
        assert_eq!(report.position, Some((2, 6)));
        assert_eq!(
            report.rendered,
            "error: bad end\n --> cv.yaml:2:6\n  |\n2 | end: 2017\n  |      ^^^^\n"
        );
    }

    #[test]
    fn columns_count_characters() {
        let source = Source::new("cv.yaml", "name: 罗锦华 x");
        assert_eq!(source.line_column("name: 罗锦华 ".len()), (1, 11));
        assert_eq!(source.offset_of(1, 11), "name: 罗锦华 ".len());
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let text = format!("x: {}bad{}\n", "[".repeat(500), "]".repeat(500));
        let source = Source::new("cv.json", text.clone());
        let at = text.find("bad").unwrap();
        let report = source.report(&Diagnostic::new("no").at(Span::new(at, 3)), Severity::Error);
        assert_eq!(report.position, Some((1, at + 1)));
        let lines: Vec<&str> = report.rendered.lines().collect();
        let (shown, carets) = (lines[3], lines[4]);
        assert!(shown.chars().count() < 120, "{shown}");
        assert!(shown.contains("…") && shown.ends_with('…'), "{shown}");
        // The carets stand under `bad` in the cut line.
        let caret = carets.find('^').unwrap();
        let under: String = shown.chars().skip(caret).take(3).collect();
        assert_eq!(under, "bad", "{shown}\n{carets}");
        assert_eq!(carets.matches('^').count(), 3);
    }

    #[test]
    fn control_characters_are_not_printed() {
        let source = Source::new("cv.yaml", "name: \u{1b}[2J\u{7}x\n");
        let report = source.report(&Diagnostic::new("no").at(Span::new(11, 1)), Severity::Error);
        let rendered = &report.rendered;
        assert!(!rendered.contains('\u{1b}') && !rendered.contains('\u{7}'), "{rendered}");
        assert!(rendered.contains("1 | name: \u{fffd}[2J\u{fffd}x\n"), "{rendered}");
        assert!(rendered.ends_with(&format!("  | {}^\n", " ".repeat(11))), "{rendered}");
    }

    #[test]
    fn quoted_values_cannot_start_a_line_or_move_the_cursor() {
        let source = Source::new("cv\n::error::x.yaml", "a: b\n");
        let d = Diagnostic::new("`x\n::error::hacked` \u{1b}[31mred\u{202e}")
            .at(Span::new(0, 1))
            .hint("\r::add-mask::secret");
        let rendered = source.report(&d, Severity::Error).rendered;
        assert!(!rendered.lines().any(|l| l.starts_with("::")), "{rendered}");
        assert!(!rendered.contains('\u{1b}') && !rendered.contains('\r'), "{rendered}");
        assert!(rendered.starts_with("error: `x\\n::error::hacked` \\u{1b}[31mred\\u{202e}\n"));
        assert!(rendered.contains("--> cv\\n::error::x.yaml:1:1"), "{rendered}");
        let io = Error::Io("cannot read `a\nb`".into()).to_string();
        assert_eq!(io, "error: cannot read `a\\nb`");
    }

    #[test]
    fn suggestions_are_close_names_only() {
        assert_eq!(suggest("titel", ["title", "subtitle", "url"]), Some("title"));
        assert_eq!(suggest("zzzzzz", ["title", "url"]), None);
    }
}
