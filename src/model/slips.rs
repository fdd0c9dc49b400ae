//! Model stage, reading YAML: the everyday slips of people writing a résumé by hand → the
//! fix, in one line, in place of YAML's own words.
//!
//! YAML gives a handful of characters a meaning at the start of a value (`*` an alias,
//! `&` an anchor, `!` a tag, `@` and `` ` `` reserved, `%` a directive), and reads `: `
//! as the end of a key. A résumé is full of such text: `**Led** the team`, `@home`,
//! `Stack: Rust, Go`. The parser's report ("the alias `**Led**` names no anchor") is
//! right and no help; the help is to quote the value, so each report here shows the
//! line quoted. Two slips parse without an error and lose text (`&co engineer` is the
//! anchor `co` on `engineer`); they are warnings found by reading the lines.

use crate::diag::{Diagnostic, Source, Span};

/// The diagnostic for an error at `at` with the parser's `diagnostic`: the same, or a
/// plainer one with the fix, when the line shows one of the slips.
pub(crate) fn explain(source: &Source, at: usize, diagnostic: Diagnostic) -> Diagnostic {
    let line = Line::at(&source.text, at);
    let message = diagnostic.message.as_str();
    let value = line.value();
    // An alias stands alone (`*office`): bold text (`**Led**`) or words after it are text.
    let text_like_alias = |v: &str| v.starts_with("**") || v.contains(char::is_whitespace);
    if message.starts_with("the alias `")
        && value.is_some_and(|(_, v)| v.starts_with('*') && text_like_alias(v))
    {
        let fix = line.quoted();
        return Diagnostic::new("a value that starts with `*` is read by YAML as an alias")
            .hint(format!("quote it: {}", code(&fix)));
    }
    if message.starts_with("unexpected character")
        && let Some((start, v)) = value
        && start == at
        && let Some(c) = v.chars().next().filter(|c| matches!(c, '@' | '`' | '%'))
    {
        let c = match c {
            '`' => "a backtick".to_string(),
            c => format!("`{c}`"),
        };
        return Diagnostic::new(format!("a YAML value cannot start with {c}"))
            .hint(format!("quote it: {}", code(&line.quoted())));
    }
    if message == "mapping values are not allowed in this context"
        && let Some((start, _)) = value
        && at > start
    {
        return Diagnostic::new("`: ` in a value starts a key in YAML")
            .hint(format!("quote the value: {}", code(&line.quoted())));
    }
    if message.starts_with("unknown field `")
        && diagnostic.hints.iter().all(|h| !h.starts_with("did you mean"))
        && line.content().starts_with("- ")
    {
        return diagnostic.hint(format!(
            "if this is text, quote it: {} (`: ` makes a key in YAML)",
            code(&line.quoted_item())
        ));
    }
    let misaligned = message.contains("did not find expected key")
        || message.contains("did not find expected '-' indicator")
        || message == "mapping values are not allowed in this context";
    if misaligned && let Some((key, column)) = line.sibling_above(&source.text) {
        let indent = line.indent();
        // A near miss only: a line far from it closes blocks, which the parser explains.
        if indent + 1 != column && indent.abs_diff(column - 1) <= 2 {
            let spaces = column - 1;
            let what = line.content().split(':').next().unwrap_or("").trim();
            return Diagnostic::new(format!(
                "this line is indented {indent} spaces, the line above {spaces}"
            ))
            .hint(format!(
                "line `{what}:` up with `{key}:` above it: indent it by {spaces} spaces"
            ));
        }
    }
    diagnostic
}

/// Warnings for text YAML reads as an anchor (`&co engineer`) or a tag (`!important`)
/// and drops from the value, without an error.
pub(crate) fn dropped_marks(source: &Source) -> Vec<Diagnostic> {
    let text = &source.text;
    let mut warnings = Vec::new();
    // Lines of a block scalar (`|`, `>`) are text: skipped while more indented than its key.
    let mut block: Option<usize> = None;
    // The names aliases use (`*name`), gathered once when the first anchor is met: an
    // anchor some alias repeats is meant.
    let mut aliases: Option<std::collections::HashSet<&str>> = None;
    let mut start = 0;
    while start < text.len() && warnings.len() < MAX_WARNINGS {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = Line { start, text: &text[start..end] };
        start = end + 1;
        if line.content().is_empty() {
            continue;
        }
        match block {
            Some(indent) if line.indent() > indent => continue,
            _ => block = None,
        }
        let Some((at, value)) = line.value() else { continue };
        if value.starts_with(['|', '>']) {
            block = Some(line.indent());
            continue;
        }
        let Some(mark) = value.split_whitespace().next() else { continue };
        let kind = match mark.chars().next() {
            Some('&') if !aliases.get_or_insert_with(|| aliases_in(text)).contains(&mark[1..]) => {
                "an anchor"
            }
            Some('!') if mark.len() > 1 && !mark.starts_with("!!") => "a tag",
            _ => continue,
        };
        if value.len() == mark.len() {
            continue; // nothing after it: the parser reports what is wrong
        }
        warnings.push(
            Diagnostic::new(format!("YAML reads `{mark}` as {kind} and leaves it out of the text"))
                .at(Span::new(at, mark.len()))
                .hint(format!("quote the value to keep it: {}", code(&line.quoted()))),
        );
    }
    warnings
}

/// Enough of these warnings to show the pattern; a file with thousands is not a résumé.
const MAX_WARNINGS: usize = 20;

/// The names after every `*` in `text`: a superset of its aliases, which is all the
/// check needs.
fn aliases_in(text: &str) -> std::collections::HashSet<&str> {
    text.split('*')
        .skip(1)
        .map(|rest| rest.split(|c: char| c.is_whitespace() || ",[]{}".contains(c)).next())
        .map(Option::unwrap_or_default)
        .collect()
}

/// One line of the file, and where it starts.
struct Line<'t> {
    start: usize,
    text: &'t str,
}

impl<'t> Line<'t> {
    /// The line that holds byte `at`.
    fn at(text: &'t str, at: usize) -> Line<'t> {
        let at = at.min(text.len());
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        Line { start, text: text[start..end].trim_end_matches('\r') }
    }

    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// The line without its indentation.
    fn content(&self) -> &'t str {
        self.text.trim_start_matches(' ')
    }

    /// Where a plain value starts and the value, to the end of the line: after `key: `,
    /// after `- `, or after both (`- key: value`).
    fn value(&self) -> Option<(usize, &'t str)> {
        let content = self.content();
        let mut rest = content;
        let mut offset = self.indent();
        while let Some(item) = rest.strip_prefix("- ") {
            let item_trimmed = item.trim_start();
            offset += rest.len() - item_trimmed.len();
            rest = item_trimmed;
        }
        if let Some(colon) = key_end(rest) {
            let after = &rest[colon + 1..];
            let value = after.trim_start();
            offset += colon + 1 + (after.len() - value.len());
            rest = value;
        } else if rest.len() == content.len() {
            return None; // neither `key:` nor `- `: a continuation line
        }
        let rest = rest.trim_end();
        (!rest.is_empty() && !rest.starts_with('#')).then_some((self.start + offset, rest))
    }

    /// The line with its value in double quotes.
    fn quoted(&self) -> String {
        match self.value() {
            Some((at, value)) => {
                let before = &self.text[..at - self.start];
                format!("{}{}", before.trim_start(), quote(value))
            }
            None => self.content().to_string(),
        }
    }

    /// A list item `- key: value` with the whole item quoted, as text.
    fn quoted_item(&self) -> String {
        let item = self.content().trim_start_matches("- ").trim_end();
        format!("- {}", quote(item))
    }

    /// The key and 1-based column of the nearest line above that has a key: the line
    /// this one is most likely meant to line up with.
    fn sibling_above(&self, text: &'t str) -> Option<(&'t str, usize)> {
        let mut end = self.start.checked_sub(1)?;
        loop {
            let above = Line::at(text, end);
            let content = above.content();
            if !content.is_empty() && !content.starts_with('#') {
                let item = content.trim_start_matches("- ");
                let key = &item[..key_end(item)?];
                let column = above.indent() + (content.len() - item.len()) + 1;
                return Some((key, column));
            }
            end = above.start.checked_sub(1)?;
        }
    }
}

/// The end of a plain key at the start of `text` (`title: …`, `title:`), if it is one.
fn key_end(text: &str) -> Option<usize> {
    let colon = text.find(": ").or_else(|| text.strip_suffix(':').map(str::len))?;
    let key = &text[..colon];
    (!key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
        .then_some(colon)
}

/// A line of YAML as a message shows code: in backticks, unless it holds one.
fn code(line: &str) -> String {
    match line.contains('`') {
        true => line.to_string(),
        false => format!("`{line}`"),
    }
}

/// `text` as a YAML double-quoted string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the file's first error says, with its hints, and its line and column.
    fn error(yaml: &str) -> (String, Vec<String>, (usize, usize)) {
        let source = Source::new("cv.yaml", yaml);
        let d = crate::model::load(&source).expect_err("an error");
        let at = source.line_column(d.span.expect("a place").start);
        (d.message, d.hints, at)
    }

    const ENTRY: &str =
        "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: Acme\n";

    #[test]
    fn a_bullet_starting_with_bold_is_quoted() {
        let (message, hints, at) =
            error(&format!("{ENTRY}        bullets:\n          - **Led** it\n"));
        assert_eq!(message, "a value that starts with `*` is read by YAML as an alias");
        assert_eq!(hints, [r#"quote it: `- "**Led** it"`"#]);
        assert_eq!(at, (7, 13));
    }

    #[test]
    fn reserved_characters_at_the_start_are_quoted() {
        for (c, said) in [('@', "`@`"), ('`', "a backtick"), ('%', "`%`")] {
            let (message, hints, at) = error(&format!("name: Ada\nheadline: {c}home \"x\"\n"));
            assert_eq!(message, format!("a YAML value cannot start with {said}"));
            assert!(hints[0].contains(&format!(r#"headline: "{c}home \"x\"""#)), "{hints:?}");
            assert_eq!(at, (2, 11));
        }
    }

    #[test]
    fn a_colon_in_a_value_is_quoted() {
        let (message, hints, _) = error("name: Ada\nheadline: Engineer: backend # lead\n");
        assert_eq!(message, "`: ` in a value starts a key in YAML");
        assert_eq!(hints, [r#"quote the value: `headline: "Engineer: backend # lead"`"#]);
        let (message, hints, _) =
            error(&format!("{ENTRY}        bullets:\n          - Stack: Rust, Go\n"));
        assert_eq!(message, "unknown field `Stack`");
        assert!(hints.last().unwrap().contains(r#"`- "Stack: Rust, Go"`"#), "{hints:?}");
    }

    #[test]
    fn a_line_indented_a_step_off_is_lined_up() {
        let (message, hints, at) = error(&format!("{ENTRY}       subtitle: Dev\n"));
        assert_eq!(message, "this line is indented 7 spaces, the line above 8");
        assert_eq!(hints, ["line `subtitle:` up with `title:` above it: indent it by 8 spaces"]);
        assert_eq!(at, (6, 8));
    }

    #[test]
    fn anchors_and_tags_that_eat_text_warn() {
        let source = Source::new(
            "cv.yaml",
            "name: Ada\nheadline: &co engineer\nsummary: |\n  &fine in a block\n  !also\nlocation: !x Berlin\nlinks: &l []\nkeywords: *l\n",
        );
        let said: Vec<(String, (usize, usize))> = dropped_marks(&source)
            .into_iter()
            .map(|d| (d.message, source.line_column(d.span.unwrap().start)))
            .collect();
        assert_eq!(
            said,
            [
                ("YAML reads `&co` as an anchor and leaves it out of the text".into(), (2, 11)),
                ("YAML reads `!x` as a tag and leaves it out of the text".into(), (6, 11)),
            ]
        );
    }
}
