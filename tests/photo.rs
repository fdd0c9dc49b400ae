//! The résumé's photo: named in each input format, embedded (a JPEG as it is), turned
//! upright, drawn in its box in the PDF and the previews alike, tagged as a figure with
//! its alternate text, absent from the text layer, and every bad file an error at its
//! line with nothing written.

mod common;

use std::path::{Path, PathBuf};

use common::{cvpdf, pdftotext, tool};

/// Red on the left half, blue on the right: which way up it is drawn shows in the page.
fn halves(x: u32, width: u32) -> [u8; 3] {
    if x < width / 2 { [220, 30, 30] } else { [30, 30, 220] }
}

/// A JPEG of `width` × `height` in halves, with an EXIF orientation when given.
fn jpeg(width: u16, height: u16, orientation: Option<u8>) -> Vec<u8> {
    let mut pixels = Vec::new();
    for _ in 0..height {
        for x in 0..width {
            pixels.extend(halves(u32::from(x), u32::from(width)));
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, 90);
    if let Some(o) = orientation {
        // A big-endian TIFF block with one entry: orientation (SHORT, one value).
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        exif.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0, 0, 0, 0, 0]);
        encoder.add_app_segment(1, &exif).unwrap();
    }
    encoder.encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb).unwrap();
    bytes
}

/// A PNG of `width` × `height` in halves.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> =
        (0..height).flat_map(|_| (0..width).flat_map(|x| halves(x, width))).collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    bytes
}

const RESUME: &str = "name: Ada Lovelace
photo: PHOTO
headline: Analyst of engines
email: ada@example.com
location: London
sections:
  - title: Experience
    entries:
      - title: Analyst
        subtitle: Engines Ltd
        start: 2020-01
        end: 2022-06
        bullets:
          - Wrote the first program for the engine
";

/// A folder with `cv.yaml` naming `photo` (written as `name`), and the photo file.
fn resume_with(name: &str, photo: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), photo).unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, RESUME.replace("PHOTO", name)).unwrap();
    (dir, input)
}

fn build(input: &Path, args: &[&str]) -> (PathBuf, String) {
    let out = input.with_extension("pdf");
    let mut all = vec!["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let result = cvpdf(&all);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(result.status.success(), "{stderr}");
    (out, stderr)
}

/// The PDF with its streams decompressed, as text (bytes that are not UTF-8 replaced).
fn uncompressed(pdf: &Path) -> String {
    let out = pdf.with_extension("qdf");
    let status = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&out)
        .status()
        .expect("qpdf is needed by this test");
    assert!(status.success());
    String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned()
}

/// The colour of a pixel of a PNG file, by its share of the width and height.
fn pixel_at(png_file: &[u8], x: f32, y: f32) -> [u8; 3] {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_file));
    let mut reader = decoder.read_info().unwrap();
    let mut data = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut data).unwrap();
    let channels = info.color_type.samples();
    let (px, py) = ((x * info.width as f32) as usize, (y * info.height as f32) as usize);
    let at = (py * info.width as usize + px) * channels;
    [data[at], data[at + 1], data[at + 2]]
}

fn is_red(p: [u8; 3]) -> bool {
    p[0] > 150 && p[2] < 100
}

fn is_blue(p: [u8; 3]) -> bool {
    p[2] > 150 && p[0] < 100
}

#[test]
fn a_jpeg_photo_is_embedded_as_it_is_and_tagged_as_a_figure() {
    let photo = jpeg(120, 160, None);
    let (_dir, input) = resume_with("me.jpg", &photo);
    let (pdf, stderr) = build(&input, &[]);
    // No warning: the document met PDF/UA-1, as krilla checks it, with its figure.
    assert!(stderr.trim().lines().all(|l| !l.starts_with("warning")), "{stderr}");
    let text = uncompressed(&pdf);
    assert_eq!(text.matches("/Subtype /Image").count(), 1, "one image");
    assert!(text.contains("/DCTDecode"), "the JPEG goes in as it is");
    assert!(text.contains("/Alt (Photo of Ada Lovelace)"), "the figure's alternate text");
    let tree = tool("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
    assert!(tree.contains("Figure"), "{tree}");
    // The text layer has every word, and nothing from the photo.
    let words = pdftotext(&pdf);
    for word in ["Ada Lovelace", "Analyst of engines", "ada@example.com", "London", "Analyst"] {
        assert!(words.contains(word), "{word} in {words}");
    }
}

#[test]
fn the_photo_is_read_from_json_resume_and_rendercv_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("me.jpg"), jpeg(40, 40, None)).unwrap();
    let json = dir.path().join("resume.json");
    std::fs::write(&json, r#"{"basics": {"name": "Ada Lovelace", "image": "me.jpg"}}"#).unwrap();
    let rendercv = dir.path().join("Ada_CV.yaml");
    std::fs::write(&rendercv, "cv:\n  name: Ada Lovelace\n  photo: me.jpg\n").unwrap();
    for input in [json, rendercv] {
        let (pdf, stderr) = build(&input, &[]);
        assert!(!stderr.contains("photo"), "{stderr}");
        assert_eq!(uncompressed(&pdf).matches("/Subtype /Image").count(), 1, "{input:?}");
    }
}

#[test]
fn a_photo_at_a_web_address_warns_and_is_not_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, RESUME.replace("PHOTO", "https://example.com/me.jpg")).unwrap();
    let (pdf, stderr) = build(&input, &[]);
    assert!(stderr.contains("the photo is a web address, which cvpdf does not fetch"), "{stderr}");
    assert!(stderr.contains("cv.yaml:2:8"), "{stderr}");
    assert!(!uncompressed(&pdf).contains("/Subtype /Image"));
}

/// Where the photo is on page 1, as shares of the page: its box's middle column, and a
/// point a quarter and three quarters of the way down it.
fn probes(pdf_or_png: &[u8]) -> ([u8; 3], [u8; 3], [u8; 3], [u8; 3]) {
    // In `detailed`, the photo is 2.5 cm wide at the right margin (19 mm) of A4 paper,
    // its top at the top margin (17 mm) or lower (centred on the header's text).
    let (right, width) = (1.0 - 19.0 / 210.0, 25.0 / 210.0);
    let (left_x, right_x) = (right - width * 0.8, right - width * 0.2);
    let middle_x = right - width / 2.0;
    let top = 17.0 / 297.0;
    let box_height = 25.0 / 297.0;
    // The box is at most a few millimetres below the margin: probe well inside it.
    let (upper, lower) = (top + box_height * 0.3, top + box_height * 0.8);
    (
        pixel_at(pdf_or_png, left_x, top + box_height * 0.55),
        pixel_at(pdf_or_png, right_x, top + box_height * 0.55),
        pixel_at(pdf_or_png, middle_x, upper),
        pixel_at(pdf_or_png, middle_x, lower),
    )
}

#[test]
fn a_photo_is_drawn_upright_in_the_pdf_and_the_preview_alike() {
    // Stored as it is: red left, blue right.
    let (_dir, input) = resume_with("me.png", &png(90, 90));
    let (pdf, _) = build(&input, &["--png", "--png-dpi", "40"]);
    let preview = std::fs::read(pdf.with_file_name("cv-1.png")).unwrap();
    let rendered = render(&pdf);
    for page in [&preview, &rendered] {
        let (left, right, _, _) = probes(page);
        assert!(is_red(left) && is_blue(right), "{left:?} {right:?}");
    }
    // Stored on its side with orientation 6 (turn 90° clockwise): upright, the stored
    // left (red) is on top and the right (blue) below.
    let (_dir, input) = resume_with("me.jpg", &jpeg(96, 96, Some(6)));
    let (pdf, _) = build(&input, &["--png", "--png-dpi", "40"]);
    let preview = std::fs::read(pdf.with_file_name("cv-1.png")).unwrap();
    let rendered = render(&pdf);
    for page in [&preview, &rendered] {
        let (_, _, upper, lower) = probes(page);
        assert!(is_red(upper) && is_blue(lower), "{upper:?} {lower:?}");
    }
}

/// The box of a PNG's pixels that `is` says yes to, in shares of its width and height,
/// right of `from_x` (a share of the width).
fn box_of(png_file: &[u8], from_x: f32, is: fn([u8; 3]) -> bool) -> Option<[f32; 4]> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_file));
    let mut reader = decoder.read_info().unwrap();
    let mut data = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut data).unwrap();
    let (w, h, channels) = (info.width as usize, info.height as usize, info.color_type.samples());
    let mut found: Option<[usize; 4]> = None;
    for y in 0..h {
        for x in (from_x * w as f32) as usize..w {
            let at = (y * w + x) * channels;
            if is([data[at], data[at + 1], data[at + 2]]) {
                let b = found.get_or_insert([x, y, x, y]);
                *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        }
    }
    found.map(|[x0, y0, x1, y1]| {
        [x0 as f32 / w as f32, y0 as f32 / h as f32, x1 as f32 / w as f32, y1 as f32 / h as f32]
    })
}

#[test]
fn the_sidebar_preset_puts_the_photo_at_the_top_of_its_sidebar() {
    // Red left, blue right; the sidebar is on the right, from 70 % of the page's width.
    let (_dir, input) = resume_with("me.png", &png(90, 90));
    let (pdf, _) = build(&input, &["--layout", "sidebar", "--png", "--png-dpi", "40"]);
    let preview = std::fs::read(pdf.with_file_name("cv-1.png")).unwrap();
    for page in [&preview, &render(&pdf)] {
        // Nothing red left of the sidebar: the photo is not beside the header.
        assert_eq!(box_of(page, 0.0, is_red), box_of(page, 0.7, is_red));
        let red = box_of(page, 0.7, is_red).expect("the photo's red half");
        let blue = box_of(page, 0.7, is_blue).expect("the photo's blue half");
        assert!(blue[2] < 0.95, "in the sidebar: {red:?} {blue:?}");
        assert!(red[2] < blue[0] + 0.02, "upright: {red:?} {blue:?}");
        // Centred in the sidebar (5.2 cm wide, 14 mm from the right edge), below the
        // header, in the page's upper third.
        let middle = (red[0] + blue[2]) / 2.0;
        let sidebar_middle = 1.0 - (14.0 + 26.0) / 210.0;
        assert!((middle - sidebar_middle).abs() < 0.02, "{middle} {sidebar_middle}");
        assert!(red[1] > 0.1 && red[3] < 0.33, "below the header: {red:?}");
    }
    // A figure with its alternate text, and the contact items after it, below it.
    let text = uncompressed(&pdf);
    assert!(text.contains("/Alt (Photo of Ada Lovelace)"), "the figure's alternate text");
    let words = pdftotext(&pdf);
    assert!(words.contains("ada@example.com"), "{words}");
}

/// Page 1 rendered by poppler at 40 dpi, as PNG bytes.
fn render(pdf: &Path) -> Vec<u8> {
    let prefix = pdf.with_extension("poppler");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let name = format!("{}-1.png", prefix.file_name().unwrap().to_str().unwrap());
    std::fs::read(prefix.with_file_name(name)).unwrap()
}

#[test]
fn a_layout_that_prints_no_photo_does_not_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cv.yaml");
    let yaml = RESUME.replace("PHOTO", "missing.jpg") + "layout:\n  photo: { side: none }\n";
    std::fs::write(&input, yaml).unwrap();
    let (pdf, stderr) = build(&input, &[]);
    assert!(stderr.is_empty() || !stderr.contains("photo"), "{stderr}");
    assert!(!uncompressed(&pdf).contains("/Subtype /Image"));
}

/// Build a résumé whose photo is `photo` (as `name`) and expect it to fail at the
/// photo's line with `message`, the existing PDF untouched.
fn refused(name: &str, photo: Option<&[u8]>, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    if let Some(photo) = photo {
        std::fs::write(dir.path().join(name), photo).unwrap();
    }
    let input = dir.path().join("cv.yaml");
    std::fs::write(&input, RESUME.replace("PHOTO", name)).unwrap();
    let out = dir.path().join("cv.pdf");
    std::fs::write(&out, b"the last good PDF").unwrap();
    let result = cvpdf(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{name}: {stderr}");
    assert!(stderr.contains(message), "{name}: expected {message:?} in\n{stderr}");
    assert!(stderr.contains("cv.yaml:2:8"), "{name}: {stderr}");
    assert!(stderr.contains("^"), "{name}: a caret under the path: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"the last good PDF", "{name}");
}

#[test]
fn bad_photos_are_errors_at_their_line() {
    refused("me.jpg", Some(b"GIF89a, or any text"), "the photo is not a JPEG or PNG image");
    refused("missing.jpg", None, "missing.jpg` does not exist");
    refused("../outside.jpg", None, "is outside the folders cvpdf may read");
    // Truncated: half of each file.
    let whole = jpeg(64, 64, None);
    refused("half.jpg", Some(&whole[..whole.len() / 2]), "the photo is damaged");
    let whole = png(64, 64);
    refused("half.png", Some(&whole[..whole.len() / 2]), "the photo is damaged");
}

/// A PNG whose header claims `width` × `height` pixels, and no pixels.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(13u32.to_be_bytes());
    bytes.extend(&ihdr);
    bytes.extend(crc.sum().to_be_bytes());
    bytes
}

#[test]
fn absurd_dimensions_are_refused_before_decoding() {
    // 100,000 × 100,000 pixels would be 40 GB decoded.
    refused("huge.png", Some(&png_header(100_000, 100_000)), "more than cvpdf reads");
    refused("wide.png", Some(&png_header(20_000, 10)), "more than cvpdf reads");
    // A JPEG whose frame header says 60,000 × 60,000: the SOF0 segment's height and width.
    let mut big = jpeg(16, 16, None);
    let sof = big.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    big[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
    refused("big.jpg", Some(&big), "larger than cvpdf reads");
}

#[test]
fn an_imported_file_whose_photo_is_missing_or_bad_builds_without_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.jpg"), b"not an image").unwrap();
    for (name, problem) in [("gone.jpg", "does not exist"), ("bad.jpg", "not a JPEG or PNG")] {
        let json = dir.path().join("resume.json");
        let text = format!(r#"{{"basics": {{"name": "Ada Lovelace", "image": "{name}"}}}}"#);
        std::fs::write(&json, text).unwrap();
        let (pdf, stderr) = build(&json, &[]);
        assert!(stderr.contains("warning: ") && stderr.contains(problem), "{stderr}");
        assert!(stderr.contains("built without the photo"), "{stderr}");
        assert!(!uncompressed(&pdf).contains("/Subtype /Image"));
    }
}

#[test]
fn a_photo_too_wide_for_the_page_leaves_the_header_a_third_of_it() {
    let (dir, input) = resume_with("me.jpg", &jpeg(64, 64, None));
    let layout = "layout:\n  paper: letter\n  margins: { left: 30mm, right: 30mm }\n  sizes: { name: 18 }\n  header: { align: center }\n  photo: { size: 200pt }\n";
    let yaml = std::fs::read_to_string(&input).unwrap() + layout;
    std::fs::write(&input, yaml).unwrap();
    let (pdf, stderr) = build(&input, &[]);
    // 2 × (200 pt + its gap) is wider than the measure: without the third kept, the
    // name had no room and each word of the header stuck out into the margin.
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(uncompressed(&pdf).matches("/Subtype /Image").count(), 1);
    drop(dir);
}

#[test]
fn a_nameless_resumes_photo_is_called_a_photo() {
    let photo = jpeg(120, 160, None);
    let (_dir, input) = resume_with("me.jpg", &photo);
    let yaml = std::fs::read_to_string(&input).unwrap().replace("name: Ada Lovelace", "name: \"\"");
    std::fs::write(&input, yaml).unwrap();
    let (pdf, stderr) = build(&input, &[]);
    assert!(stderr.contains("the résumé has no name"), "{stderr}");
    let text = uncompressed(&pdf);
    assert!(text.contains("/Alt (Photo)"), "the figure's alternate text");
}

#[test]
fn a_photo_with_far_more_pixels_than_its_box_shows_goes_in_smaller_and_upright() {
    // 2400 px across a box of a few centimetres: it goes in with about 300 pixels an inch.
    for (name, photo) in [("me.jpg", jpeg(2400, 2400, Some(6))), ("me.png", png(2400, 2400))] {
        let (_dir, input) = resume_with(name, &photo);
        let (pdf, _) = build(&input, &[]);
        let list = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
        let row = list.lines().nth(2).unwrap_or_else(|| panic!("no image in {list}"));
        let columns: Vec<&str> = row.split_whitespace().collect();
        let (width, height): (u32, u32) =
            (columns[3].parse().unwrap(), columns[4].parse().unwrap());
        assert!(width < 800 && width == height, "{name}: {width} × {height}\n{list}");
        let size = std::fs::metadata(&pdf).unwrap().len();
        assert!(size < 200_000, "{name}: a PDF of {size} bytes");
        // Upright as before: the JPEG was stored on its side, red on top once turned.
        let rendered = render(&pdf);
        let (left, right, upper, lower) = probes(&rendered);
        if name == "me.jpg" {
            assert!(is_red(upper) && is_blue(lower), "{upper:?} {lower:?}");
        } else {
            assert!(is_red(left) && is_blue(right), "{left:?} {right:?}");
        }
    }
    // A photo near its printed size goes in as it is: a JPEG is not written again.
    let (_dir, input) = resume_with("me.jpg", &jpeg(120, 160, None));
    let (pdf, _) = build(&input, &[]);
    let list = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(list.lines().nth(2).unwrap().split_whitespace().nth(3) == Some("120"), "{list}");
}
