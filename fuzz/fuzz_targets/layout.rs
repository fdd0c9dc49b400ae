//! Bytes → a layout file → `Style`; a layout that resolves must lay out a résumé with
//! every kind of content and write its PDF without panicking.

#![no_main]

use cvpdf::diag::{Severity, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // `extends` and font files may name any path: only the layout's own folder is read
    // (`fuzz/`, which does not exist where the fuzzer runs), so none is.
    let source = Source::new("fuzz/layout.yaml", text);
    match cvpdf::style::from_source(&source) {
        Ok(style) => {
            let resume = Source::new("fuzz.yaml", cvpdf_fuzz::EVERYTHING);
            if let Ok(output) = cvpdf::build_with_style(&resume, &style, None) {
                assert!(output.pdf.starts_with(b"%PDF-"));
                if let Some(fit) = style.fit {
                    assert!(
                        output.pages <= fit.pages,
                        "{} pages, fit to {}",
                        output.pages,
                        fit.pages
                    );
                }
            }
        }
        Err(diagnostic) => {
            let _ = source.report(&diagnostic, Severity::Error);
        }
    }
});
