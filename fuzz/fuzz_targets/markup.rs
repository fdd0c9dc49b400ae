//! Bytes → inline markup: parse, paragraphs, URL normalisation, and `escape` (which
//! importers use for plain text) read back as exactly the text it escaped.

#![no_main]

use cvpdf::model::markup;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(spans) = markup::parse(text) {
        for span in &spans {
            assert!(!span.text.is_empty());
            if let Some(link) = &span.link {
                assert_eq!(markup::normalize_url(link).as_deref(), Ok(link.as_str()), "{text:?}");
                // The PDF's link targets are 7-bit, whatever the text.
                assert!(markup::ascii_url(link).is_ascii(), "{link:?}");
            }
        }
    }
    for (offset, paragraph) in markup::paragraphs(text) {
        assert_eq!(&text[offset..offset + paragraph.len()], paragraph);
    }
    if let Ok(url) = markup::normalize_url(text) {
        assert_eq!(markup::normalize_url(&url).as_deref(), Ok(url.as_str()), "{text:?}");
    }
    // Plain text escaped reads back as itself, whitespace collapsed.
    let escaped = markup::escape(text);
    let spans = markup::parse(&escaped)
        .unwrap_or_else(|e| panic!("escaped {text:?} as {escaped:?}: {}", e.message));
    let plain: String = spans.iter().map(|s| s.text.as_str()).collect();
    let expected = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(plain, expected, "escaped as {escaped:?}");
});
