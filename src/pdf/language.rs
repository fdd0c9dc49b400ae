//! PDF stage, languages: a run of text → the language to tag it with, when its script is
//! not the document's (罗锦华 in an English résumé is Chinese), so that a screen reader
//! switches voices.
//!
//! Only scripts that one language all but owns are named: Han without kana is Chinese,
//! kana Japanese, Hangul Korean, Greek, Hebrew and Thai. Cyrillic, Arabic and Devanagari
//! serve several languages each; a guess there would be wrong as often as right, so such
//! text keeps the document's language.

/// A script, as far as tagging needs to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Han,
    Kana,
    Hangul,
    Greek,
    Hebrew,
    Thai,
    /// A script that several languages write (Cyrillic, Arabic, Devanagari, …).
    Shared,
}

fn script(c: char) -> Option<Script> {
    Some(match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x590..=0x5FF => Script::Hebrew,
        0xE00..=0xE7F => Script::Thai,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Script::Han,
        0x400..=0x52F | 0x600..=0x6FF | 0x900..=0x97F | 0x980..=0x9FF => Script::Shared,
        _ => return None,
    })
}

/// The language to tag `text` with in a document in `document` (a BCP 47 tag), or
/// `None` when it is written in the document's own script (or a shared one).
pub fn foreign(text: &str, document: &str) -> Option<&'static str> {
    let primary = document.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let own = |script: Script| match primary.as_str() {
        "zh" => script == Script::Han,
        "ja" => matches!(script, Script::Han | Script::Kana),
        "ko" => matches!(script, Script::Hangul | Script::Han),
        "el" => script == Script::Greek,
        "he" | "iw" | "yi" => script == Script::Hebrew,
        "th" => script == Script::Thai,
        _ => script == Script::Latin,
    };
    let mut han = false;
    for c in text.chars() {
        match script(c) {
            Some(s) if own(s) || s == Script::Latin || s == Script::Shared => return None,
            Some(Script::Han) => han = true,
            Some(Script::Kana) => return Some("ja"),
            Some(Script::Hangul) => return Some("ko"),
            Some(Script::Greek) => return Some("el"),
            Some(Script::Hebrew) => return Some("he"),
            Some(Script::Thai) => return Some("th"),
            _ => {}
        }
    }
    han.then_some("zh")
}

#[cfg(test)]
mod tests {
    use super::foreign;

    #[test]
    fn text_in_another_script_gets_its_language() {
        assert_eq!(foreign("罗锦华", "en-US"), Some("zh"));
        assert_eq!(foreign("山田 たろう", "en"), Some("ja"));
        assert_eq!(foreign("김민준", "en-GB"), Some("ko"));
        assert_eq!(foreign("Αθήνα", "de"), Some("el"));
    }

    #[test]
    fn the_documents_own_script_and_shared_scripts_are_not_tagged() {
        assert_eq!(foreign("JinHua Luo", "en-US"), None);
        assert_eq!(foreign("罗锦华", "zh-CN"), None);
        assert_eq!(foreign("履歴書", "ja"), None);
        assert_eq!(foreign("Москва", "en"), None);
        assert_eq!(foreign("  ·  2024", "en"), None);
        // Latin text in a Chinese résumé keeps the document's language.
        assert_eq!(foreign("PostgreSQL", "zh"), None);
    }
}
