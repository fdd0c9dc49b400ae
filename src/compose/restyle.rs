//! Compose stage, restyling: runs → the same text in more runs, part of it set another
//! way (a name's last word bold, a heading's first letters in the accent colour).

use super::Run;
use crate::font::Variant;
use crate::style::Rgb;

/// Bold runs (a name) with only their last word bold: the words before it, and the space
/// after them, regular. A name of one word stays bold, and so does a Chinese, Japanese
/// or Korean one: it puts the family name first, and a parser built on pdf.js loses the
/// space between its parts where the weight changes.
pub(super) fn last_word_bold(runs: Vec<Run>) -> Vec<Run> {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    if text.chars().any(is_east_asian) {
        return runs;
    }
    let last_space = text.trim_end().char_indices().rev().find(|(_, c)| c.is_whitespace());
    let Some(split) = last_space.map(|(at, c)| at + c.len_utf8()) else { return runs };
    let mut out = Vec::with_capacity(runs.len() + 1);
    let mut start = 0;
    for run in runs {
        let end = start + run.text.len();
        let regular = |run: Run| Run { variant: Variant { bold: false, ..run.variant }, ..run };
        if end <= split {
            out.push(regular(run));
        } else if start >= split {
            out.push(run);
        } else {
            let at = split - start;
            let head = Run { text: run.text[..at].to_string(), ..run.clone() };
            out.push(regular(head));
            out.push(Run { text: run.text[at..].to_string(), ..run });
        }
        start = end;
    }
    out
}

/// A Han, kana or Hangul character (the scripts whose names put the family name first).
pub(super) fn is_east_asian(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11ff}'        // Hangul Jamo
        | '\u{2e80}'..='\u{2fdf}'      // CJK radicals
        | '\u{3040}'..='\u{30ff}'      // Hiragana, Katakana
        | '\u{3130}'..='\u{318f}'      // Hangul compatibility Jamo
        | '\u{3400}'..='\u{4dbf}'      // CJK Extension A
        | '\u{4e00}'..='\u{9fff}'      // CJK Unified Ideographs
        | '\u{ac00}'..='\u{d7af}'      // Hangul syllables
        | '\u{f900}'..='\u{faff}'      // CJK compatibility ideographs
        | '\u{20000}'..='\u{3134f}'    // CJK Extensions B to G
    )
}

/// Runs whose first `count` letters keep their colour and the rest take `rest`: a
/// heading with its first letters in the accent colour (Awesome-CV's). A run is split
/// where the count ends.
pub(super) fn accent_letters(runs: Vec<Run>, count: usize, rest: Rgb) -> Vec<Run> {
    let mut left = count;
    let mut out = Vec::with_capacity(runs.len() + 1);
    for run in runs {
        if left == 0 {
            out.push(Run { colour: rest, ..run });
            continue;
        }
        let letters = run.text.char_indices().filter(|(_, c)| c.is_alphanumeric());
        match letters.map(|(at, _)| at).nth(left) {
            // The count ends inside this run: split it at the next letter.
            Some(at) => {
                let tail = Run { text: run.text[at..].to_string(), colour: rest, ..run.clone() };
                out.push(Run { text: run.text[..at].to_string(), ..run });
                out.push(tail);
                left = 0;
            }
            None => {
                left -= run.text.chars().filter(|c| c.is_alphanumeric()).count();
                out.push(run);
            }
        }
    }
    out
}
