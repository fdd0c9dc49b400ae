//! Bytes → every résumé reader: native YAML, JSON Resume, RenderCV and format detection.
//!
//! Must never panic. Errors are rendered as reports (spans → line:column, caret), and a
//! file that reads is converted to the native format (`cvpdf convert`), which must read
//! back as the same résumé.

#![no_main]

use cvpdf::diag::{Severity, Source};
use cvpdf::model::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let detected = Format::detect(&Source::new("fuzz", text));
    for (name, format) in [
        ("fuzz.yaml", None),
        ("fuzz.yaml", Some(Format::Cvpdf)),
        ("fuzz.json", Some(Format::Jsonresume)),
        ("fuzz.yaml", Some(Format::Rendercv)),
    ] {
        // Detection is one of the three; do not read the same format twice.
        if format == Some(detected) {
            continue;
        }
        let source = Source::new(name, text);
        match model::read(&source, format) {
            Ok(loaded) => cvpdf_fuzz::round_trip(&source, &loaded),
            Err(diagnostic) => {
                let report = source.report(&diagnostic, Severity::Error);
                assert!(!report.rendered.is_empty());
            }
        }
    }
});
