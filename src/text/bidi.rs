//! Text stage, bidirectional text: a paragraph's text → the embedding level of each of
//! its bytes (the Unicode Bidirectional Algorithm, UAX #9, by `unicode-bidi`), and a
//! line's parts → the order they are drawn in.
//!
//! Arabic and Hebrew are written right to left, and the numbers and Latin words in them
//! left to right. The algorithm gives every character a level: even for left to right,
//! odd for right to left, higher for text nested deeper. The paragraph stage shapes each
//! stretch of one level in its direction (so a right-to-left word's glyphs come out of the
//! shaper already in the order they are seen) and breaks lines in the text's own order;
//! each line's words and spaces are then put in the order they are drawn, left to right,
//! by rule L2: from the highest level down to the lowest odd one, every sequence at that
//! level or above is reversed.
//!
//! A paragraph is set right to left when the résumé's language is written so; its lines'
//! alignment is then mirrored with the whole page (`paginate::mirror`), so this module
//! only orders the parts inside a line.

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Level, ParagraphBidiInfo, bidi_class};

/// The levels of a paragraph's text, one per byte.
pub(super) struct Levels {
    levels: Vec<Level>,
    base: Level,
}

impl Levels {
    /// The levels of `text` in a paragraph of the given direction; `None` when there is
    /// nothing to reorder: a left-to-right paragraph without a right-to-left character,
    /// which is every paragraph of most résumés, found without running the algorithm.
    ///
    /// The text between `separators` (the " · " between contact items, in text order)
    /// is resolved item by item, each as an isolate that runs the way its first letter
    /// does (UAX #9's FSI, left to right when it has none, as a phone number), and the
    /// separators take the paragraph's level: items keep their order along the line,
    /// however their own text runs. Resolved as one, an e-mail address and a phone number
    /// with the separator between them would make one left-to-right stretch, read in the
    /// wrong order in a right-to-left line, and the `+` of `+972 50…` would go to its end.
    pub(super) fn of(
        text: &str,
        right_to_left: bool,
        separators: &[Range<usize>],
    ) -> Option<Levels> {
        if !right_to_left && !has_right_to_left(text) {
            return None;
        }
        let base = if right_to_left { Level::rtl() } else { Level::ltr() };
        let mut levels = Vec::with_capacity(text.len());
        let mut start = 0;
        let ends = separators.iter().map(|s| (s.start, s.end)).chain([(text.len(), text.len())]);
        for (end, next) in ends {
            if end > start && separators.is_empty() {
                levels.extend(ParagraphBidiInfo::new(&text[start..end], Some(base)).levels);
            } else if end > start {
                let item = ParagraphBidiInfo::new(&text[start..end], None);
                // A left-to-right item in a right-to-left line is nested a level deeper.
                let deeper = item.paragraph_level < base;
                levels.extend(item.levels.into_iter().map(|level| {
                    if deeper { Level::new(level.number() + 2).unwrap_or(level) } else { level }
                }));
            }
            levels.resize(next.max(levels.len()), base);
            start = next;
        }
        Some(Levels { levels, base })
    }

    /// Whether the text at byte `at` runs right to left.
    pub(super) fn is_rtl(&self, at: usize) -> bool {
        self.levels.get(at).is_some_and(Level::is_rtl)
    }

    /// `range` cut where the level changes: each part is set in one direction.
    pub(super) fn runs(&self, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut start = range.start;
        std::iter::from_fn(move || {
            if start >= range.end {
                return None;
            }
            let level = self.levels[start];
            let end =
                (start + 1..range.end).find(|&i| self.levels[i] != level).unwrap_or(range.end);
            let run = start..end;
            start = end;
            Some(run)
        })
    }

    /// The draw order of a line's parts, given by the byte each starts at in `text` (the
    /// parts in the text's order; `None` for a part that is not text, such as a hyphen,
    /// which takes the level of the part before it): the indices of the parts, left to
    /// right.
    pub(super) fn visual_order(&self, text: &str, parts: &[Option<usize>]) -> Vec<usize> {
        let mut levels: Vec<Level> = Vec::with_capacity(parts.len());
        for part in parts {
            let level = match part {
                Some(at) => self.levels.get(*at).copied().unwrap_or(self.base),
                None => levels.last().copied().unwrap_or(self.base),
            };
            levels.push(level);
        }
        // Rule L1: whitespace at the end of a line takes the paragraph's level, so that
        // it stays at the line's end rather than moving in with the text before it.
        for (part, level) in parts.iter().zip(levels.iter_mut()).rev() {
            let blank = part.is_some_and(|at| {
                text[at..].chars().next().is_some_and(|c| {
                    matches!(bidi_class(c), BidiClass::WS | BidiClass::S | BidiClass::B)
                })
            });
            if !blank {
                break;
            }
            *level = self.base;
        }
        BidiInfo::reorder_visual(&levels)
    }
}

/// Whether `text` has a character that runs right to left. Only the characters whose
/// UTF-8 starts with a byte of the blocks where such characters are (Hebrew to Arabic
/// Extended, the general punctuation of the marks, the presentation forms, the
/// historic scripts) are decoded and looked up: Latin and CJK text is passed over a
/// byte at a time.
fn has_right_to_left(text: &str) -> bool {
    text.bytes().enumerate().any(|(at, byte)| {
        matches!(byte, 0xD6..=0xDF | 0xE0 | 0xE2 | 0xEF | 0xF0)
            && text[at..].chars().next().is_some_and(is_strong_right_to_left)
    })
}

/// Characters that make a stretch of text run right to left (Hebrew, Arabic, and the
/// marks and embeddings that ask for it).
fn is_strong_right_to_left(c: char) -> bool {
    // Latin, Greek, Cyrillic and CJK lie outside the blocks where right-to-left
    // characters are, and most text is checked with one comparison.
    let c32 = c as u32;
    if c32 < 0x0590 || (0x0900..0x200F).contains(&c32) || (0x2070..0xFB1D).contains(&c32) {
        return false;
    }
    matches!(
        bidi_class(c),
        BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text's parts (split at spaces) in draw order.
    fn drawn(text: &str, right_to_left: bool) -> Vec<String> {
        let Some(levels) = Levels::of(text, right_to_left, &[]) else {
            return text.split_inclusive(' ').map(str::to_owned).collect();
        };
        let mut parts = Vec::new();
        let mut at = 0;
        for word in text.split_inclusive(' ') {
            let letters = word.trim_end();
            parts.push((at..at + letters.len(), Some(at)));
            if letters.len() < word.len() {
                parts.push((at + letters.len()..at + word.len(), Some(at + letters.len())));
            }
            at += word.len();
        }
        let starts: Vec<Option<usize>> = parts.iter().map(|(_, s)| *s).collect();
        levels
            .visual_order(text, &starts)
            .into_iter()
            .map(|i| text[parts[i].0.clone()].to_owned())
            .collect()
    }

    #[test]
    fn left_to_right_text_needs_no_levels() {
        assert!(Levels::of("Led the migration of 14 services", false, &[]).is_none());
        assert!(Levels::of("Développeur à Zürich, 北京", false, &[]).is_none());
        assert!(Levels::of("Developer", true, &[]).is_some());
    }

    #[test]
    fn right_to_left_words_are_drawn_from_the_right() {
        // "Senior software engineer" in Arabic: the first word is drawn rightmost.
        assert_eq!(drawn("مهندس برمجيات أول", true), ["أول", " ", "برمجيات", " ", "مهندس"]);
        // Hebrew in an English paragraph: the Hebrew words swap, the English stays.
        assert_eq!(
            drawn("At חברת הייטק since 2020", false),
            ["At", " ", "הייטק", " ", "חברת", " ", "since", " ", "2020"]
        );
    }

    #[test]
    fn numbers_and_latin_words_keep_their_order_in_right_to_left_text() {
        // "Worked with Rust and Go since 2019": the Latin words and the year read left to
        // right where they stand.
        assert_eq!(
            drawn("عملت مع Rust Go منذ 2019", true),
            ["2019", " ", "منذ", " ", "Rust", " ", "Go", " ", "مع", " ", "عملت"]
        );
    }

    #[test]
    fn items_between_separators_keep_their_order() {
        // An e-mail address, a phone number and a city, in a right-to-left line: the
        // address is drawn rightmost, where the line starts.
        let text = "noa@example.com · +972 50 123 4567 · תל אביב";
        let separators: Vec<Range<usize>> =
            text.match_indices(" · ").map(|(at, s)| at..at + s.len()).collect();
        let levels = Levels::of(text, true, &separators).unwrap_or_else(|| unreachable!());
        let parts: Vec<(&str, Option<usize>)> = vec![
            ("noa@example.com", Some(0)),
            (" · ", Some(separators[0].start)),
            ("+972 50 123 4567", Some(separators[0].end)),
            (" · ", Some(separators[1].start)),
            ("תל אביב", Some(separators[1].end)),
        ];
        let starts: Vec<Option<usize>> = parts.iter().map(|p| p.1).collect();
        let order: Vec<&str> =
            levels.visual_order(text, &starts).into_iter().map(|i| parts[i].0).collect();
        assert_eq!(order, ["תל אביב", " · ", "+972 50 123 4567", " · ", "noa@example.com"]);
    }

    #[test]
    fn level_runs_cut_where_the_direction_changes() {
        let text = "שלום world";
        let levels = Levels::of(text, false, &[]).unwrap_or_else(|| unreachable!());
        let runs: Vec<&str> = levels.runs(0..text.len()).map(|r| &text[r]).collect();
        assert_eq!(runs, ["שלום", " world"]);
        assert!(levels.is_rtl(0));
        assert!(!levels.is_rtl(text.len() - 1));
    }
}
