//! PDF stage, reading back, text: a PDF string's bytes → text (§ 7.9.2.2), and a stored
//! file name → a plain file name that is safe to write into a folder.

/// A text string: UTF-16BE after its byte order mark, UTF-8 after its own (PDF 2.0), and
/// otherwise PDFDocEncoding, except that bytes which are valid UTF-8 with letters beyond
/// ASCII are read as UTF-8: file specification strings (`/F`) carry the platform's bytes,
/// and krilla, like most writers today, writes UTF-8 there.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units = utf16.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
        return without_language_marks(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')));
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.is_ascii() => text.to_string(),
        _ => bytes.iter().map(|&b| pdf_doc_char(b)).collect(),
    }
}

/// A UTF-16 text string may mark its language between two ESC characters (§ 7.9.2.2.1):
/// the mark is not text.
fn without_language_marks(chars: impl Iterator<Item = char>) -> String {
    let mut inside = false;
    chars
        .filter(|&c| {
            if c == '\u{1b}' {
                inside = !inside;
                return false;
            }
            !inside
        })
        .collect()
}

/// PDFDocEncoding (Annex D): Latin-1 but for a few accents below the space and the
/// typographic marks in 0x80–0xA0.
fn pdf_doc_char(byte: u8) -> char {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 33] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{fffd}', '€',
    ];
    match byte {
        0x18..=0x1f => LOW[usize::from(byte - 0x18)],
        0x7f => '\u{fffd}',
        0x80..=0xa0 => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The plain file name in a stored name: its last part after any `/` or `\` (a writer
/// may store a path, and a hostile one `../../.bashrc`), or `None` when what is left
/// cannot name a file in a folder — empty, `.`, `..`, longer than 255 bytes, or with a
/// control character.
pub fn plain_file_name(stored: &str) -> Option<String> {
    let name = stored.rsplit(['/', '\\']).next().unwrap_or_default();
    let unusable = name.is_empty()
        || name == "."
        || name == ".."
        || name.len() > 255
        || name.chars().any(char::is_control);
    (!unusable).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_in_every_encoding() {
        assert_eq!(decode(b"liu.yaml"), "liu.yaml");
        assert_eq!(decode(b"\xfe\xff\x00r\x00\xe9\x00s\x00u\x00m\x00\xe9"), "résumé");
        assert_eq!(decode(b"\xfe\xff\xd8\x3d\xde\x00"), "😀");
        assert_eq!(decode(b"\xfe\xff\xd8\x3d"), "\u{fffd}", "a lone surrogate");
        assert_eq!(decode(b"\xfe\xff\x00\x1ben\x00\x1b\x00a"), "a", "a language mark");
        assert_eq!(decode(b"\xef\xbb\xbfr\xc3\xa9sum\xc3\xa9"), "résumé");
        assert_eq!(decode("résumé".as_bytes()), "résumé", "krilla's /F");
        assert_eq!(decode(b"r\xe9sum\xe9"), "résumé", "PDFDocEncoding");
        assert_eq!(decode(b"\x80 \x84 \xa0 \x18"), "• — € ˘");
    }

    #[test]
    fn only_plain_file_names_remain() {
        assert_eq!(plain_file_name("liu.yaml").as_deref(), Some("liu.yaml"));
        assert_eq!(plain_file_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(plain_file_name("/home/ada/cv.yaml").as_deref(), Some("cv.yaml"));
        assert_eq!(plain_file_name("C:\\Users\\ada\\cv.yaml").as_deref(), Some("cv.yaml"));
        assert_eq!(plain_file_name("..\\..\\x.yaml").as_deref(), Some("x.yaml"));
        assert_eq!(plain_file_name(".hidden").as_deref(), Some(".hidden"));
        assert_eq!(plain_file_name("罗锦华.yaml").as_deref(), Some("罗锦华.yaml"));
        for unusable in ["", ".", "..", "a/..", "folder/", "a\nb.yaml", "a\u{0}b", "tab\t"] {
            assert_eq!(plain_file_name(unusable), None, "{unusable:?}");
        }
        assert!(plain_file_name(&"x".repeat(255)).is_some());
        assert_eq!(plain_file_name(&"x".repeat(256)), None);
        assert_eq!(plain_file_name(&"é".repeat(128)), None, "256 bytes");
    }
}
