//! `cvpdf build --embed-source` then `cvpdf extract`: every kind of input comes back byte
//! for byte, in both PDF layouts and as PDF/A-3; existing files are never overwritten with
//! other bytes unless forced; and PDFs made to hurt a reader (cut short, a compression
//! bomb, names with folders, loops) are refused with a message, never a panic.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::*;
use cvpdf::pdf::attached::{AttachedFile, ReadError, attached_files};

/// Run `cvpdf` with `SOURCE_DATE_EPOCH` set as given (or unset).
fn cvpdf_with(args: &[&str], epoch: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cvpdf"));
    command.args(args).env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        command.env("SOURCE_DATE_EPOCH", epoch);
    }
    command.output().expect("the cvpdf binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Build `input` with `--embed-source` and the extra arguments into `dir/out.pdf`.
fn build_embedding(input: &Path, extra: &[&str], epoch: Option<&str>, dir: &Path) -> PathBuf {
    let pdf = dir.join("out.pdf");
    let args = [&["build", path(input), "--embed-source", "-o", path(&pdf)][..], extra].concat();
    let built = cvpdf_with(&args, epoch);
    assert!(built.status.success(), "building {} failed:\n{}", input.display(), text(&built));
    pdf
}

/// `cvpdf extract PDF -o DIR` and more arguments.
fn extract(pdf: &Path, dir: &Path, extra: &[&str]) -> Output {
    let args = [&["extract", path(pdf), "-o", path(dir)][..], extra].concat();
    cvpdf_with(&args, None)
}

/// The names of the files in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Build with `--embed-source`, extract into a fresh folder, and check that exactly
/// `expected` (name, original file) come back, byte for byte.
fn round_trip(input: &Path, extra: &[&str], epoch: Option<&str>, expected: &[(&str, &Path)]) {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_embedding(input, extra, epoch, dir.path());
    let out = dir.path().join("extracted");
    let extracted = extract(&pdf, &out, &[]);
    assert!(extracted.status.success(), "extract failed:\n{}", text(&extracted));
    let mut names: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    names.sort();
    assert_eq!(listing(&out), names);
    for (name, original) in expected {
        let back = std::fs::read(out.join(name)).unwrap();
        assert!(back == std::fs::read(original).unwrap(), "{name} did not come back byte for byte");
        let line = format!("{}: written, ", out.join(name).display());
        assert!(text(&extracted).contains(&line), "no `{line}` in:\n{}", text(&extracted));
    }
}

#[test]
fn both_examples_come_back_byte_for_byte() {
    for name in EXAMPLES {
        let input = example(name);
        round_trip(&input, &[], None, &[(&format!("{name}.yaml"), &input)]);
    }
}

#[test]
fn json_resume_and_rendercv_files_come_back() {
    let json = repo().join("tests/fixtures/jsonresume/sample.resume.json");
    round_trip(&json, &[], None, &[("sample.resume.json", &json)]);
    let rendercv = repo().join("tests/fixtures/rendercv/john-doe-2.8.yaml");
    round_trip(&rendercv, &[], None, &[("john-doe-2.8.yaml", &rendercv)]);
}

#[test]
fn a_layout_file_comes_back_beside_the_resume_and_names_may_be_unicode() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("my layout.yaml");
    std::fs::write(&layout, "# Mise en page à moi\nextends: classic\n").unwrap();
    let resume = dir.path().join("résumé 罗.yaml");
    std::fs::copy(example("luo"), &resume).unwrap();
    let expected = [("my layout.yaml", layout.as_path()), ("résumé 罗.yaml", resume.as_path())];
    round_trip(&resume, &["--layout", path(&layout)], None, &expected);
}

#[test]
fn a_pdf_a_3_gives_back_its_associated_files() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("mine.yaml");
    std::fs::write(&layout, "extends: classic\n").unwrap();
    let input = example("liu");
    let extra = ["--standard", "a-3b", "--layout", path(&layout)];
    round_trip(&input, &extra, Some("1700000000"), &[("liu.yaml", &input), ("mine.yaml", &layout)]);
}

#[test]
fn what_other_tools_rewrite_still_comes_back() {
    // qpdf rewrites cvpdf's PDF with a classic table, and with its own object streams
    // (whose cross-reference stream uses a PNG predictor).
    let dir = tempfile::tempdir().unwrap();
    let input = example("liu");
    let pdf = build_embedding(&input, &[], None, dir.path());
    let original = std::fs::read(&input).unwrap();
    for (name, args) in [
        ("classic.pdf", &["--qdf", "--object-streams=disable"][..]),
        ("generated.pdf", &["--object-streams=generate"]),
        ("linearized.pdf", &["--linearize"]),
    ] {
        let rewritten = dir.path().join(name);
        let mut qpdf_args = vec![path(&pdf)];
        qpdf_args.extend(args);
        qpdf_args.push(path(&rewritten));
        tool("qpdf", &qpdf_args);
        let files = attached_files(&std::fs::read(&rewritten).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            files,
            [AttachedFile { name: "liu.yaml".into(), bytes: original.clone() }],
            "{name}"
        );
    }
}

#[test]
fn a_different_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("mine.yaml");
    std::fs::write(&layout, "extends: classic\n").unwrap();
    let pdf = build_embedding(&example("luo"), &["--layout", path(&layout)], None, dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("luo.yaml"), "name: someone else\n").unwrap();

    let refused = extract(&pdf, &out, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    let message = text(&refused);
    assert!(
        message.contains("luo.yaml") && message.contains("-o") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(out.join("luo.yaml")).unwrap(), "name: someone else\n");
    assert_eq!(listing(&out), ["luo.yaml"], "nothing is written when one file is refused");

    let forced = extract(&pdf, &out, &["--force"]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert!(text(&forced).contains("luo.yaml: replaced"), "{}", text(&forced));
    assert!(text(&forced).contains("mine.yaml: written"), "{}", text(&forced));
    assert!(std::fs::read(out.join("luo.yaml")).unwrap() == std::fs::read(example("luo")).unwrap());
    assert_eq!(listing(&out), ["luo.yaml", "mine.yaml"], "no temporary file is left");
}

#[test]
fn an_identical_file_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_embedding(&example("liu"), &[], None, dir.path());
    let out = dir.path().join("out");
    assert!(extract(&pdf, &out, &[]).status.success());
    let again = extract(&pdf, &out, &[]);
    assert!(again.status.success(), "{}", text(&again));
    let line = format!("{}: unchanged", out.join("liu.yaml").display());
    assert!(text(&again).contains(&line), "{}", text(&again));
}

#[test]
fn the_current_folder_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_embedding(&example("liu"), &[], None, dir.path());
    let extracted = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(["extract", "out.pdf"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(extracted.status.success(), "{}", text(&extracted));
    assert_eq!(String::from_utf8_lossy(&extracted.stdout), "liu.yaml: written, 5.7 KB\n");
    assert!(dir.path().join("liu.yaml").is_file() && pdf.is_file());
}

#[test]
fn a_pdf_without_attachments_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plain.pdf");
    build_to("liu", "detailed", &pdf);
    let out = dir.path().join("out");
    let refused = extract(&pdf, &out, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("carries no source: it was built without --embed-source"));
    assert!(!out.exists() || listing(&out).is_empty());
}

#[test]
fn not_a_pdf_and_a_pdf_cut_short_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let refused = extract(&example("liu"), dir.path(), &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("is not a PDF"), "{}", text(&refused));

    let pdf = build_embedding(&example("liu"), &[], None, dir.path());
    let bytes = std::fs::read(&pdf).unwrap();
    let cut = dir.path().join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let refused = extract(&cut, &dir.path().join("out"), &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("the PDF is damaged"), "{}", text(&refused));
    let missing = extract(&dir.path().join("missing.pdf"), dir.path(), &[]);
    assert_eq!(missing.status.code(), Some(1), "{}", text(&missing));
}

#[test]
fn a_pdf_cut_anywhere_gives_the_file_or_an_error() {
    // The attached stream comes first in cvpdf's layout: a PDF that still holds it and
    // its catalog gives it back whole (the objects are found by scanning); any other cut
    // is an error, never a panic or a wrong file.
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_embedding(&example("liu"), &[], None, dir.path());
    let bytes = std::fs::read(&pdf).unwrap();
    let original = std::fs::read(example("liu")).unwrap();
    let (mut whole, mut refused) = (0, 0);
    for end in (0..bytes.len()).step_by(97).chain(bytes.len() - 40..bytes.len()) {
        match attached_files(&bytes[..end]) {
            Ok(files) => {
                assert_eq!(files.len(), 1, "cut at {end}");
                assert!(files[0].bytes == original, "cut at {end}: a wrong file");
                whole += 1;
            }
            Err(_) => refused += 1,
        }
    }
    assert!(whole > 0 && refused > 0, "{whole} whole, {refused} refused");
}

// PDFs written by hand, to test what cvpdf never writes.

/// `<<dictionary /Length n>> stream … endstream`.
fn stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
    let head = format!("<<{dictionary}/Length {}>>\nstream\n", data.len());
    [head.as_bytes(), data, b"\nendstream"].concat()
}

/// A PDF of `objects` (numbered from 1), with a classic cross-reference table and
/// `trailer` entries (`/Root 1 0 R` is the usual).
fn handmade(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
    }
    let size = objects.len() + 1;
    pdf.extend_from_slice(
        format!("trailer\n<</Size {size}{trailer}>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    pdf
}

/// A catalog whose tree of attached files has the specifications `entries` (key, object).
fn catalog(entries: &[(&str, u32)]) -> Vec<u8> {
    let names: String = entries.iter().map(|(key, n)| format!("({key}) {n} 0 R ")).collect();
    format!("<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles<</Names[{names}]>>>>>>").into_bytes()
}

fn pages() -> Vec<u8> {
    b"<</Type/Pages/Kids[]/Count 0>>".to_vec()
}

/// A file specification named by `/UF name` (written as given: a literal or hex string).
fn specification(name: &str, stream: u32) -> Vec<u8> {
    format!("<</Type/Filespec/F(x.txt)/UF {name}/EF<</F {stream} 0 R>>>>").into_bytes()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// One attached file, `name` (a PDF string), holding `data` compressed with Flate.
fn one_file(name: &str, data: &[u8]) -> Vec<u8> {
    handmade(
        &[
            catalog(&[("key.txt", 3)]),
            pages(),
            specification(name, 4),
            stream("/Type/EmbeddedFile/Filter/FlateDecode", &deflate(data)),
        ],
        "/Root 1 0 R",
    )
}

fn files(pdf: &[u8]) -> Vec<(String, Vec<u8>)> {
    attached_files(pdf).unwrap().into_iter().map(|f| (f.name, f.bytes)).collect()
}

fn file(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    (name.to_string(), bytes.to_vec())
}

#[test]
fn a_handmade_pdf_reads() {
    assert_eq!(files(&one_file("(notes.txt)", b"hello")), [file("notes.txt", b"hello")]);
    // UTF-16 with its byte order mark; a literal string with escapes.
    assert_eq!(files(&one_file("<FEFF00E9002E0074>", b"e")), [file("é.t", b"e")]);
    assert_eq!(files(&one_file(r"(a\(1\)\056txt)", b"")), [file("a(1).txt", b"")]);
}

#[test]
fn names_with_folders_lose_them_and_the_file_stays_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("evil.pdf");
    std::fs::write(&pdf, one_file("(../../evil.yaml)", b"x: 1\n")).unwrap();
    let out = dir.path().join("a/b");
    let extracted = extract(&pdf, &out, &[]);
    assert!(extracted.status.success(), "{}", text(&extracted));
    assert_eq!(listing(&out), ["evil.yaml"]);
    assert_eq!(listing(dir.path()), ["a", "evil.pdf"], "nothing lands outside -o");
    assert_eq!(files(&one_file(r"(C:\\Users\\x\\cv.yaml)", b"")), [file("cv.yaml", b"")]);
    assert_eq!(files(&one_file("(/etc/passwd)", b"")), [file("passwd", b"")]);

    for name in ["(..)", "(a/..)", "(dir/)", r"(bell\007.yaml)", "(new\nline)", "<FEFF002E002E>"] {
        let unusable = one_file(name, b"x");
        assert!(matches!(attached_files(&unusable), Err(ReadError::BadName(_))), "{name}");
    }
    std::fs::write(&pdf, one_file("(..)", b"x")).unwrap();
    let refused = extract(&pdf, &out, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("is not a plain file name"), "{}", text(&refused));
}

/// zlib data of `size` zero bytes, written by hand with fixed Huffman codes: one literal
/// 0, then copies of 258 bytes at distance 1, 13 bits each — 64 MB in under 500 KB,
/// made in no time (a zlib encoder takes seconds in a debug build).
fn zlib_bomb(size: usize) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.value(1, 1); // the last block
    bits.value(1, 2); // with fixed Huffman codes
    bits.code(0x30, 8); // the literal 0
    let copies = (size - 1) / 258;
    for _ in 0..copies {
        bits.code(0xc5, 8); // length 258
        bits.code(0, 5); // distance 1
    }
    bits.code(0, 7); // end of block
    // Adler-32 of n zero bytes: a stays 1, b adds it n times.
    let n = (1 + copies * 258) as u32;
    [&[0x78, 0x01][..], &bits.bytes, &((n % 65521) << 16 | 1).to_be_bytes()].concat()
}

/// Bits packed as deflate packs them: values from their lowest bit, Huffman codes from
/// their highest.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    count: usize,
}

impl Bits {
    fn bit(&mut self, bit: u32) {
        if self.count.is_multiple_of(8) {
            self.bytes.push(0);
        }
        if let Some(last) = self.bytes.last_mut() {
            *last |= ((bit & 1) as u8) << (self.count % 8);
        }
        self.count += 1;
    }

    fn value(&mut self, value: u32, width: u32) {
        (0..width).for_each(|i| self.bit(value >> i));
    }

    fn code(&mut self, code: u32, width: u32) {
        (0..width).rev().for_each(|i| self.bit(code >> i));
    }
}

#[test]
fn the_handmade_bomb_is_valid_zlib() {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(&zlib_bomb(1 << 20)[..]).read_to_end(&mut out).unwrap();
    assert_eq!(out.len(), 1 + (((1 << 20) - 1) / 258) * 258);
    assert!(out.iter().all(|&b| b == 0));
}

#[test]
fn a_compression_bomb_stops_at_the_limit() {
    let started = Instant::now();
    let bomb = zlib_bomb(1 << 30);
    let pdf = handmade(
        &[
            catalog(&[("bomb.txt", 3)]),
            pages(),
            specification("(bomb.txt)", 4),
            stream("/Type/EmbeddedFile/Filter/FlateDecode", &bomb),
        ],
        "/Root 1 0 R",
    );
    assert!(pdf.len() < 8 << 20, "a gigabyte in {} bytes", pdf.len());
    assert_eq!(attached_files(&pdf), Err(ReadError::TooLarge { total: false }));
    // Inflating the whole gigabyte would take a minute in a debug build.
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());

    // Five files of 15 MB each are allowed one by one, not together.
    let stream_of_15 = stream("/Type/EmbeddedFile/Filter/FlateDecode", &zlib_bomb(15 << 20));
    let entries = [("a", 3), ("b", 4), ("c", 5), ("d", 6), ("e", 7)];
    let mut objects = vec![catalog(&entries), pages()];
    for (name, _) in entries {
        objects.push(specification(&format!("({name})"), 8));
    }
    objects.push(stream_of_15);
    assert_eq!(
        attached_files(&handmade(&objects, "/Root 1 0 R")),
        Err(ReadError::TooLarge { total: true })
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let refused = extract(&path, &dir.path().join("out"), &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("inflates to more than 16 MB"), "{}", text(&refused));
}

#[test]
fn associated_files_are_read_when_there_is_no_tree() {
    let pdf = handmade(
        &[
            b"<</Type/Catalog/Pages 2 0 R/AF[3 0 R 3 0 R]>>".to_vec(),
            pages(),
            specification("(cv.yaml)", 4),
            stream("/Type/EmbeddedFile", b"name: Ada\n"),
        ],
        "/Root 1 0 R",
    );
    assert_eq!(files(&pdf), [file("cv.yaml", b"name: Ada\n")]);
}

#[test]
fn a_tree_with_kids_is_walked_once_even_with_a_loop() {
    let pdf = handmade(
        &[
            b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles 3 0 R>>>>".to_vec(),
            pages(),
            // The root has two kids; the second lists the root again, and itself.
            b"<</Kids[4 0 R 5 0 R]>>".to_vec(),
            b"<</Names[(a) 6 0 R]/Limits[(a)(a)]>>".to_vec(),
            b"<</Names[(b) 7 0 R]/Kids[3 0 R 5 0 R]>>".to_vec(),
            specification("(a.txt)", 8),
            // No /UF and no /F: the tree's key names the file.
            b"<</Type/Filespec/EF<</F 9 0 R>>>>".to_vec(),
            stream("", b"A"),
            stream("", b"B"),
        ],
        "/Root 1 0 R",
    );
    assert_eq!(files(&pdf), [file("a.txt", b"A"), file("b", b"B")]);
}

#[test]
fn a_tree_too_deep_is_refused() {
    // Each node's only kid is the next node, 40 deep.
    let mut objects =
        vec![b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles 3 0 R>>>>".to_vec(), pages()];
    for n in 3..43 {
        objects.push(format!("<</Kids[{} 0 R]>>", n + 1).into_bytes());
    }
    objects.push(b"<<>>".to_vec());
    let error = attached_files(&handmade(&objects, "/Root 1 0 R")).unwrap_err();
    assert!(matches!(&error, ReadError::Damaged(m) if m.contains("deep")), "{error}");
}

#[test]
fn an_update_at_the_end_replaces_the_file() {
    // An incremental update: object 4 again, a table for it alone, /Prev to the first.
    let mut pdf = one_file("(cv.yaml)", b"old");
    let first_xref = String::from_utf8_lossy(&pdf)
        .rsplit("startxref\n")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let offset = pdf.len();
    pdf.extend_from_slice(b"4 0 obj\n");
    pdf.extend_from_slice(&stream("", b"new"));
    pdf.extend_from_slice(b"\nendobj\n");
    let xref = pdf.len();
    let update = format!(
        "xref\n4 1\n{offset:010} 00000 n\r\ntrailer\n<</Size 5/Root 1 0 R/Prev {first_xref}>>\nstartxref\n{xref}\n%%EOF\n"
    );
    pdf.extend_from_slice(update.as_bytes());
    assert_eq!(files(&pdf), [file("cv.yaml", b"new")]);
}

#[test]
fn wrong_offsets_and_lengths_are_recovered_from() {
    // Every offset in the table is off by three bytes (as after a line-end conversion
    // before the objects), and the stream's length is wrong and indirect.
    let pdf = one_file("(cv.yaml)", b"text");
    let shifted = [&pdf[..9], b"   ", &pdf[9..]].concat();
    assert_eq!(shifted.len(), pdf.len() + 3);
    assert_eq!(files(&shifted), [file("cv.yaml", b"text")]);

    let pdf = handmade(
        &[
            catalog(&[("cv.yaml", 3)]),
            pages(),
            specification("(cv.yaml)", 4),
            b"<</Length 5 0 R>>\nstream\nsome text\nendstream".to_vec(),
            b"3".to_vec(),
        ],
        "/Root 1 0 R",
    );
    assert_eq!(files(&pdf), [file("cv.yaml", b"some text")]);

    // A stream whose length is the stream itself: a loop, cut; the data ends at `endstream`.
    let pdf = handmade(
        &[
            catalog(&[("cv.yaml", 3)]),
            pages(),
            specification("(cv.yaml)", 4),
            b"<</Length 4 0 R>>\nstream\nlooped\nendstream".to_vec(),
        ],
        "/Root 1 0 R",
    );
    assert_eq!(files(&pdf), [file("cv.yaml", b"looped")]);
}

#[test]
fn what_cannot_be_read_says_why() {
    let with_filter = |filter: &str| {
        handmade(
            &[catalog(&[("a", 3)]), pages(), specification("(a)", 4), stream(filter, b"data")],
            "/Root 1 0 R",
        )
    };
    assert_eq!(
        attached_files(&with_filter("/Filter/DCTDecode")),
        Err(ReadError::Filter("DCTDecode".into()))
    );
    assert_eq!(
        attached_files(&with_filter("/Filter[/ASCIIHexDecode/FlateDecode]")),
        Err(ReadError::Filter("ASCIIHexDecode".into()))
    );
    assert!(matches!(
        attached_files(&with_filter("/Filter/FlateDecode")),
        Err(ReadError::Damaged(_))
    ));
    let size = stream("/Params<</Size 99>>", b"data");
    let wrong_size =
        handmade(&[catalog(&[("a", 3)]), pages(), specification("(a)", 4), size], "/Root 1 0 R");
    assert!(matches!(attached_files(&wrong_size), Err(ReadError::Damaged(m)) if m.contains("99")));

    let encrypted = handmade(&[catalog(&[]), pages()], "/Root 1 0 R/Encrypt<</Filter/Standard>>");
    assert_eq!(attached_files(&encrypted), Err(ReadError::Encrypted));

    let twins = handmade(
        &[
            catalog(&[("a", 3), ("b", 4)]),
            pages(),
            specification("(same.txt)", 5),
            specification("(same.txt)", 6),
            stream("", b"one"),
            stream("", b"two"),
        ],
        "/Root 1 0 R",
    );
    assert_eq!(attached_files(&twins), Err(ReadError::SameName("same.txt".into())));

    assert_eq!(attached_files(b"GIF89a"), Err(ReadError::NotPdf));
    assert_eq!(attached_files(b""), Err(ReadError::NotPdf));
    assert!(matches!(attached_files(b"%PDF-1.7\n"), Err(ReadError::Damaged(_))));
    assert!(matches!(attached_files(&vec![0; (256 << 20) + 1]), Err(ReadError::TooBig { .. })));
}

#[test]
fn specifications_without_an_embedded_file_are_skipped() {
    let pdf = handmade(
        &[catalog(&[("elsewhere", 3)]), pages(), b"<</Type/Filespec/F(../outside.txt)>>".to_vec()],
        "/Root 1 0 R",
    );
    assert_eq!(files(&pdf), []);
}

#[test]
fn the_fixture_pdfs_read_in_both_layouts() {
    let expected = [file("cv.yaml", b"name: Ada Lovelace\nsummary: I write **programs**.\n")];
    for name in ["classic.pdf", "packed.pdf"] {
        let pdf = std::fs::read(repo().join("tests/fixtures/pdf").join(name)).unwrap();
        assert_eq!(files(&pdf), expected, "{name}");
    }
}

#[test]
fn overlapping_objects_cost_linear_time() {
    // 100,000 objects, each a string left open that runs to the end of the file: every
    // object read alone would go over the rest of the file, a quadratic 60 GB in all.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    for number in 1..=100_000 {
        pdf.extend_from_slice(format!("{number} 0 obj (").as_bytes());
    }
    let started = Instant::now();
    let error = attached_files(&pdf).unwrap_err();
    assert!(matches!(error, ReadError::Limit(_)), "{error}");
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}
