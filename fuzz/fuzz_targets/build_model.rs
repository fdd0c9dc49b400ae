//! A structured résumé (sections, entries, dates, nested bullets, rows, items, links,
//! markup, layout values, options) built from the fuzzer's bytes → native YAML →
//! `cvpdf::build`, all the way to PDF bytes. Must never panic or hang; a build that
//! succeeds gives a PDF of at least one page, within the page count a fitting layout asks.

#![no_main]

use cvpdf::diag::Source;
use cvpdf_fuzz::Model;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|model: Model| {
    let yaml = model.yaml();
    let options = model.options();
    let source = Source::new("fuzz.yaml", yaml.as_str());
    if let Ok(output) = cvpdf::build(&source, &options) {
        assert!(output.pdf.starts_with(b"%PDF-"), "{yaml}");
        assert!(output.pages >= 1, "{yaml}");
        if let Some(pages) = output.fit_pages {
            assert!(output.pages <= pages, "{} pages, fit to {pages}\n{yaml}", output.pages);
        }
    }
});
