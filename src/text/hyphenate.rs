//! Text stage, hyphenation: a word → byte offsets where it may be hyphenated (Liang's
//! patterns from the `hyphenation` crate, embedded in the binary).
//!
//! The rules for *which* words to leave alone live here, next to the patterns: URLs,
//! e-mail addresses, words with digits or inner capitals ("PostgreSQL" must not become
//! "Post-greSQL"), and anything too short to split well.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use hyphenation::{Hyphenator as _, Language, Load, Standard};

/// Shortest word that is ever hyphenated.
const MIN_WORD: usize = 6;

/// Hyphenation for one language, or none when cvpdf has no patterns for it.
pub struct Hyphenator {
    dictionary: Option<Standard>,
}

impl Hyphenator {
    /// The patterns for a BCP 47 tag, loaded once per process and shared.
    pub fn shared(tag: &str) -> Arc<Hyphenator> {
        static LOADED: Mutex<BTreeMap<String, Arc<Hyphenator>>> = Mutex::new(BTreeMap::new());
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let mut loaded = LOADED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        loaded.entry(primary).or_insert_with(|| Arc::new(Hyphenator::for_language(tag))).clone()
    }

    /// Patterns for a BCP 47 tag. Only English is embedded today; other languages are
    /// set without hyphenation (the caller warns).
    pub fn for_language(tag: &str) -> Hyphenator {
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let dictionary = match primary.as_str() {
            "en" => Standard::from_embedded(Language::EnglishUS).ok(),
            _ => None,
        };
        Hyphenator { dictionary }
    }

    pub fn is_available(&self) -> bool {
        self.dictionary.is_some()
    }

    /// Byte offsets inside `word` where a hyphen may go; empty for words that must stay whole.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        let Some(dictionary) = &self.dictionary else { return Vec::new() };
        // Digits anywhere ("HTTP1", "observability2") mark a name or code: keep it whole.
        if word.chars().any(|c| c.is_numeric()) {
            return Vec::new();
        }
        // Strip surrounding punctuation: "(implementation)," hyphenates as its core.
        let start = word.find(char::is_alphabetic).unwrap_or(word.len());
        let end = word
            .rfind(char::is_alphabetic)
            .map_or(start, |i| i + word[i..].chars().next().map_or(1, char::len_utf8));
        let core = &word[start..end];
        if !hyphenatable(core) {
            return Vec::new();
        }
        let lower = core.to_lowercase();
        if lower.len() != core.len() {
            return Vec::new();
        }
        dictionary.hyphenate(&lower).breaks.into_iter().map(|b| start + b).collect()
    }
}

/// Whether a word may be hyphenated at all.
fn hyphenatable(core: &str) -> bool {
    let mut chars = core.chars();
    let Some(first) = chars.next() else { return false };
    core.chars().count() >= MIN_WORD
        && first.is_alphabetic()
        && chars.all(|c| c.is_alphabetic() && !c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(word: &str) -> String {
        let h = Hyphenator::for_language("en-US");
        let mut out = String::new();
        let mut last = 0;
        for b in h.breaks(word) {
            out.push_str(&word[last..b]);
            out.push('-');
            last = b;
        }
        out + &word[last..]
    }

    #[test]
    fn english_words_hyphenate() {
        assert_eq!(split("implementation"), "im-ple-men-ta-tion");
        assert_eq!(split("(implementation),"), "(im-ple-men-ta-tion),");
        assert_eq!(split("Observability"), "Ob-serv-abil-ity");
    }

    #[test]
    fn protected_words_stay_whole() {
        for word in [
            "PostgreSQL",
            "https://example.org/implementation",
            "admin@arloor.com",
            "HTTP1proxy",
            "eBPF",
            "short",
            "Clickhouse's",
        ] {
            assert_eq!(split(word), word, "{word}");
        }
    }

    #[test]
    fn unknown_languages_have_no_patterns() {
        assert!(!Hyphenator::for_language("zh-CN").is_available());
        assert!(Hyphenator::for_language("en-GB").is_available());
    }
}
