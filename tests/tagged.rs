//! Tagged, accessible, archival: the structure tree a screen reader follows (read back
//! with poppler's `pdfinfo -struct-text`), the PDF/UA-1 and PDF/A claims in the XMP
//! metadata, the catalog's viewer settings, and the refusals of standards a build
//! cannot meet. (That every example and fixture in every preset meets PDF/UA-1, as
//! krilla's validator checks it, is tested in tests/ats.rs.)

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{example, repo, tool};

/// Build `input` with extra arguments and SOURCE_DATE_EPOCH as given; the output path.
fn build(input: &Path, out: &Path, args: &[&str], epoch: Option<&str>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cvpdf"));
    command.arg("build").arg(input).arg("-o").arg(out).args(args);
    match epoch {
        Some(seconds) => command.env("SOURCE_DATE_EPOCH", seconds),
        None => command.env_remove("SOURCE_DATE_EPOCH"),
    };
    command.output().expect("cvpdf runs")
}

fn built(input: &Path, out: &Path, args: &[&str], epoch: Option<&str>) -> PathBuf {
    let result = build(input, out, args, epoch);
    assert!(
        result.status.success(),
        "{} {args:?}: {}",
        input.display(),
        String::from_utf8_lossy(&result.stderr)
    );
    out.to_path_buf()
}

/// The PDF with its streams decompressed and its objects apart, as text.
fn uncompressed(pdf: &Path) -> String {
    let out = pdf.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&out)
        .status()
        .expect("qpdf is needed by this test: install qpdf");
    assert!(status.success(), "qpdf could not read {}", pdf.display());
    String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned()
}

#[test]
fn the_structure_tree_follows_the_resume() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = built(&example("luo"), &dir.path().join("luo.pdf"), &[], None);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let tree = tool("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
    let count = |tag: &str| tree.lines().filter(|l| l.trim_start().starts_with(tag)).count();

    // The name is the title heading (pdfinfo prints a title that is not ASCII as "��");
    // sections, then entries, nest in reading order.
    let name = "Document\n  H1 \"��\" (block)\n    \"JinHua Luo \"\n    \"罗锦华\"";
    assert!(tree.starts_with(name), "{tree}");
    let resume = common::resume("luo");
    let entries: usize = resume.sections.iter().map(|s| s.entries.len()).sum();
    assert_eq!(count("H2 "), resume.sections.len(), "a heading per section");
    assert_eq!(count("H3 "), entries, "a heading per entry");
    assert_eq!(count("Sect"), resume.sections.len() + entries, "a Sect per section and entry");
    let career = tree.find("H2 \"CAREER\"").unwrap();
    let projects = tree.find("H2 \"PROJECTS\"").unwrap();
    let api7 = tree.find("\"API7\"\n        \"  2022 – 2023\"").unwrap();
    assert!(career < api7 && api7 < projects, "the API7 entry is in Career");

    // Every bullet is a list item with its marker as the label; nested lists inside.
    assert_eq!(count("LI "), count("Lbl "), "every list item has its marker");
    assert_eq!(count("LI "), count("LBody "));
    assert!(count("LI ") > 100, "{}", count("LI "));
    assert!(tree.contains("/ListNumbering /Disc"), "• is a disc");
    // A nested list sits in the body of its item, its markers its own labels.
    let nested = "            L (block):\n               /ListNumbering /None\n              LI (block)\n                Lbl (block)\n                  \"– \"";
    assert!(tree.contains(nested), "nested lists, with their own markers");

    // Every link is a Link element with its annotation and its text.
    let annotations = uncompressed(&pdf).matches("/Subtype /Link").count();
    assert_eq!(count("Link "), annotations, "{tree}");
    assert!(tree.contains("Link (inline)\n      Object"), "the annotation first, then the text");

    // Rules and page numbers are artifacts, outside the tree.
    assert!(!tree.contains("1 / 8"), "the footer is pagination, not content");
}

#[test]
fn the_chinese_name_is_tagged_as_chinese_and_the_catalog_opens_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = built(&example("luo"), &dir.path().join("luo.pdf"), &[], None);
    let text = uncompressed(&pdf);
    assert!(text.contains("/Lang (en-US)"), "the document's language");
    assert!(text.contains("/Span<</MCID 1/Lang(zh)>>BDC"), "罗锦华 is marked as Chinese");
    assert!(text.contains("/PageMode /UseOutlines"), "the bookmarks pane opens");
    assert!(text.contains("/DisplayDocTitle true"), "the window shows the title");
    // The XMP metadata claims PDF/UA-1.
    let xmp = tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains("JinHua Luo — Résumé"), "{xmp}");
}

#[test]
fn archival_standards_are_met_and_claimed() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [example("liu"), repo().join("tests/fixtures/jsonresume/sample.resume.json")];
    for (standard, part, level) in
        [("a-2b", 2, "B"), ("a-2a", 2, "A"), ("a-3b", 3, "B"), ("a-3a", 3, "A")]
    {
        for input in &inputs {
            let out = dir.path().join(format!("{standard}.pdf"));
            let pdf = built(input, &out, &["--standard", standard], Some("1700000000"));
            let xmp = tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
            assert!(xmp.contains(&format!("<pdfaid:part>{part}</pdfaid:part>")), "{xmp}");
            assert!(xmp.contains(&format!("<pdfaid:conformance>{level}</pdfaid:conformance>")));
            assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/A with PDF/UA-1");
            // Device-independent colour: an output intent with an ICC profile.
            assert!(uncompressed(&pdf).contains("/OutputIntents"), "{standard}");
            let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
            assert!(check.contains("No syntax or stream encoding errors"), "{check}");
        }
    }
}

#[test]
fn a_source_goes_into_pdf_a_3_and_not_into_pdf_a_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let args = ["--standard", "a-3b", "--embed-source"];
    let pdf = built(&example("liu"), &out, &args, Some("1700000000"));
    let list = tool("pdfdetach", &["-list", pdf.to_str().unwrap()]);
    assert!(list.contains("1 embedded files") && list.contains("liu.yaml"), "{list}");
    assert!(uncompressed(&pdf).contains("/AFRelationship /Source"), "an associated file");

    let before = std::fs::read(&out).unwrap();
    let refused =
        build(&example("liu"), &out, &["--standard", "a-2b", "--embed-source"], Some("1"));
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("attached files (--embed-source) need PDF/A-3"), "{message}");
    assert_eq!(std::fs::read(&out).unwrap(), before, "the PDF is left as it was");
}

#[test]
fn archival_pdfs_need_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let refused = build(&example("liu"), &out, &["--standard", "a-2b"], None);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("PDF/A-2b and PDF/UA-1"), "{message}");
    assert!(message.contains("set SOURCE_DATE_EPOCH"), "{message}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn no_standard_still_tags() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = built(&example("liu"), &dir.path().join("cv.pdf"), &["--standard", "none"], None);
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let xmp = tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(!xmp.contains("pdfuaid"), "no claim");
}
