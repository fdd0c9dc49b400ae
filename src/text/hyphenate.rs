//! Text stage, hyphenation: a word → byte offsets where it may be hyphenated (Liang's
//! patterns from the `hyphenation` crate, embedded in the binary, for the résumé's language).
//!
//! The rules for *which* words to leave alone live here, next to the patterns: URLs,
//! e-mail addresses, words with digits or inner capitals ("PostgreSQL" must not become
//! "Post-greSQL"), and anything too short to split well.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use hyphenation::{Hyphenator as _, Language, Load, Standard};

/// Shortest word that is ever hyphenated.
const MIN_WORD: usize = 6;

/// Hyphenation for one language, or none when cvpdf has no patterns for it.
///
/// The patterns are decoded when the first word asks for them, not before: decoding
/// English's takes about a million instructions, a sixth of a one-line résumé's build,
/// and a résumé with no word long enough to hyphenate (or a language that does not
/// hyphenate) needs none.
pub struct Hyphenator {
    patterns: Option<Patterns>,
    dictionary: OnceLock<Option<Standard>>,
}

/// Where a language's patterns are: in the `hyphenation` crate, or vendored here.
#[derive(Clone, Copy)]
enum Patterns {
    Embedded(Language),
    Vendored(Language, &'static [u8]),
}

impl Patterns {
    fn decode(self) -> Option<Standard> {
        match self {
            Patterns::Embedded(language) => Standard::from_embedded(language).ok(),
            Patterns::Vendored(language, bytes) => {
                Standard::from_reader(language, &mut &bytes[..]).ok()
            }
        }
    }
}

/// Dictionaries vendored from the `hyphenation` crate (`patterns/README.md`): the crate
/// embeds only en-US by itself, and all 70 languages would cost 2.8 MB.
const DICTIONARIES: &[(&str, Language, &[u8])] = &[
    ("cs", Language::Czech, include_bytes!("patterns/cs.standard.bincode")),
    ("da", Language::Danish, include_bytes!("patterns/da.standard.bincode")),
    ("de", Language::German1996, include_bytes!("patterns/de-1996.standard.bincode")),
    ("en-gb", Language::EnglishGB, include_bytes!("patterns/en-gb.standard.bincode")),
    ("es", Language::Spanish, include_bytes!("patterns/es.standard.bincode")),
    ("fr", Language::French, include_bytes!("patterns/fr.standard.bincode")),
    ("it", Language::Italian, include_bytes!("patterns/it.standard.bincode")),
    ("nl", Language::Dutch, include_bytes!("patterns/nl.standard.bincode")),
    ("pl", Language::Polish, include_bytes!("patterns/pl.standard.bincode")),
    ("pt", Language::Portuguese, include_bytes!("patterns/pt.standard.bincode")),
    ("ru", Language::Russian, include_bytes!("patterns/ru.standard.bincode")),
    ("sv", Language::Swedish, include_bytes!("patterns/sv.standard.bincode")),
];

/// English outside the US follows British patterns.
const BRITISH_REGIONS: [&str; 7] = ["gb", "uk", "ie", "au", "nz", "za", "in"];

/// The dictionary a BCP 47 tag uses: `en-US` → "en-us", `en-GB` → "en-gb", `de-AT` → "de".
fn dictionary_name(tag: &str) -> String {
    let lower = tag.to_ascii_lowercase().replace('_', "-");
    let mut parts = lower.split('-');
    let primary = parts.next().unwrap_or("").to_string();
    if primary == "en" {
        let british = parts.any(|p| BRITISH_REGIONS.contains(&p));
        return if british { "en-gb" } else { "en-us" }.to_string();
    }
    primary
}

/// The hyphenators of the languages a caller's builds have used, each decoded once: the
/// caller keeps one for all its builds (`cvpdf::Cache`).
#[derive(Default)]
pub struct Hyphenators {
    loaded: Mutex<BTreeMap<String, Arc<Hyphenator>>>,
}

impl Hyphenators {
    /// The hyphenator for a BCP 47 tag, shared with every build that asked for it before.
    pub fn get(&self, tag: &str) -> Arc<Hyphenator> {
        // A build that panicked while holding the lock left the map as it was.
        let mut loaded = self.loaded.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        loaded
            .entry(dictionary_name(tag))
            .or_insert_with(|| Arc::new(Hyphenator::for_language(tag)))
            .clone()
    }

    /// The dictionaries builds have asked for so far ("en-us", "de").
    pub fn dictionaries(&self) -> Vec<String> {
        let loaded = self.loaded.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        loaded.keys().cloned().collect()
    }
}

impl std::fmt::Debug for Hyphenators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.dictionaries()).finish()
    }
}

impl Hyphenator {
    /// Patterns for a BCP 47 tag; a language without patterns is set without hyphenation
    /// (the caller warns).
    pub fn for_language(tag: &str) -> Hyphenator {
        let name = dictionary_name(tag);
        let patterns = if name == "en-us" {
            Some(Patterns::Embedded(Language::EnglishUS))
        } else {
            DICTIONARIES
                .iter()
                .find(|(n, ..)| *n == name)
                .map(|(_, language, bytes)| Patterns::Vendored(*language, bytes))
        };
        Hyphenator { patterns, dictionary: OnceLock::new() }
    }

    /// Whether the language hyphenates at all: Chinese, Japanese and Korean break lines
    /// between characters or words (UAX #14), Thai, Lao, Khmer and Burmese between the
    /// words a dictionary finds, never with a hyphen; Arabic, Hebrew and the languages
    /// written in their scripts break only between words (Arabic stretches its letters
    /// instead, Hebrew typesetting avoids hyphens).
    pub fn is_needed(tag: &str) -> bool {
        !matches!(
            dictionary_name(tag).as_str(),
            "zh" | "ja"
                | "ko"
                | "th"
                | "lo"
                | "km"
                | "my"
                | "ar"
                | "he"
                | "iw"
                | "fa"
                | "ur"
                | "ps"
                | "sd"
                | "ckb"
                | "ug"
                | "yi"
                | "dv"
        )
    }

    /// Whether cvpdf has patterns for the language (the vendored ones all decode: a test
    /// says so).
    pub fn is_available(&self) -> bool {
        self.patterns.is_some()
    }

    /// Byte offsets inside `word` where a hyphen may go; empty for words that must stay whole.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        if self.patterns.is_none() {
            return Vec::new();
        }
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
        let dictionary = self.dictionary.get_or_init(|| self.patterns.and_then(Patterns::decode));
        let Some(dictionary) = dictionary else { return Vec::new() };
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
        split_in("en-US", word)
    }

    fn split_in(tag: &str, word: &str) -> String {
        let h = Hyphenator::for_language(tag);
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
        assert!(!Hyphenator::is_needed("zh-CN") && !Hyphenator::is_needed("ko"));
        assert!(!Hyphenator::is_needed("ar") && !Hyphenator::is_needed("he-IL"));
        assert!(Hyphenator::is_needed("tlh"));
        assert!(Hyphenator::for_language("en-GB").is_available());
    }

    #[test]
    fn every_vendored_dictionary_loads_and_hyphenates() {
        for (name, ..) in DICTIONARIES {
            let hyphenator = Hyphenator::for_language(name);
            assert!(hyphenator.is_available(), "{name}");
            assert!(hyphenator.patterns.and_then(Patterns::decode).is_some(), "{name}");
        }
        assert!(Patterns::Embedded(Language::EnglishUS).decode().is_some());
        assert_eq!(split_in("de-DE", "Softwareentwicklung"), "Soft-ware-ent-wick-lung");
        assert_eq!(split_in("fr", "développement"), "dé-ve-lop-pe-ment");
        assert_eq!(split_in("es", "desarrollador"), "de-sa-rro-lla-dor");
        assert_eq!(split_in("ru", "разработчик"), "раз-ра-бот-чик");
        assert_eq!(dictionary_name("en-AU"), "en-gb");
        assert_eq!(dictionary_name("en"), "en-us");
    }
}
