//! Build step, font storage: the large TrueType faces of `fonts/` → their glyph outlines
//! in independently compressed chunks, and everything else in one small piece; the
//! small faces → decompressed ([`PLAIN`]); the contact line's icons → their outlines
//! ([`ICONS`]).
//!
//! A CJK face is some 10 MB, nearly all of it the `glyf` table (the outlines of 30,000
//! glyphs). Shaping and measuring need only the other tables (about 450 KB); the PDF
//! needs the outlines of the few glyphs a résumé uses. So each face listed in
//! [`CHUNKED`] is written to `OUT_DIR` as three files, which `src/font/chunked.rs`
//! reads:
//!
//! - `NAME.skeleton`: the font file with an empty `glyf` table, every other table byte
//!   for byte as it was (`loca` still says where each outline was). It is left
//!   uncompressed: the binary is mapped, so shaping touches only the pages of the tables
//!   it reads, and decompressing it would cost more than all the chunks a résumé needs;
//! - `NAME.glyf.zst`: the `glyf` table in pieces of [`GLYPHS_PER_CHUNK`] glyphs, each its
//!   own zstd frame, one after another;
//! - `NAME.index`: where each frame starts in `NAME.glyf.zst`, little-endian `u32`s, one
//!   more than there are frames.
//!
//! The committed font files stay as they came from the package registry; this step only
//! cuts them. The format is checked against the original file by the tests of
//! `src/font/chunked.rs`.

use std::path::{Path, PathBuf};

/// The faces stored in chunks: the large TrueType ones. Each is a zstd file in `fonts/`.
const CHUNKED: &[&str] = &[
    "noto-sans-sc/NotoSansSC-Bold.ttf.zst",
    "noto-sans-kr/NotoSansKR-Regular.ttf.zst",
    "noto-sans-kr/NotoSansKR-Bold.ttf.zst",
];

/// The small faces, committed as zstd files and stored decompressed: 4.0 MB in the
/// binary instead of 1.8, so that no build decompresses them (a résumé in the default
/// sans with an italic degree would pay 4 M instructions, a twentieth of a build, and
/// the classic preset's XCharter half a millisecond) and no build keeps decompressed
/// bytes for the next one. Written to `OUT_DIR` as `NAME.EXT` (`.zst` dropped).
const PLAIN: &[&str] = &[
    "source-sans-3/SourceSans3-Italic.ttf.zst",
    "source-sans-3/SourceSans3-BoldItalic.ttf.zst",
    "xcharter/XCharter-Regular.otf.zst",
    "xcharter/XCharter-Bold.otf.zst",
    "xcharter/XCharter-Italic.otf.zst",
    "xcharter/XCharter-BoldItalic.otf.zst",
    "dejavu-sans-mono/DejaVuSansMono.ttf.zst",
    "dejavu-sans-mono/DejaVuSansMono-Bold.ttf.zst",
    "noto-sans-indic/NotoSansDevanagari-Regular.ttf.zst",
    "noto-sans-indic/NotoSansDevanagari-Bold.ttf.zst",
    "noto-sans-indic/NotoSansBengali-Regular.ttf.zst",
    "noto-sans-indic/NotoSansBengali-Bold.ttf.zst",
    "noto-sans-indic/NotoSansTamil-Regular.ttf.zst",
    "noto-sans-indic/NotoSansTamil-Bold.ttf.zst",
    "noto-sans-southeast-asian/NotoSansThai-Regular.ttf.zst",
    "noto-sans-southeast-asian/NotoSansThai-Bold.ttf.zst",
    "noto-sans-southeast-asian/NotoSansLao-Regular.ttf.zst",
    "noto-sans-southeast-asian/NotoSansLao-Bold.ttf.zst",
    "noto-sans-southeast-asian/NotoSansKhmer-Regular.ttf.zst",
    "noto-sans-southeast-asian/NotoSansKhmer-Bold.ttf.zst",
    "noto-sans-southeast-asian/NotoSansMyanmar-Regular.ttf.zst",
    "noto-sans-southeast-asian/NotoSansMyanmar-Bold.ttf.zst",
    "noto-sans-arabic-hebrew/NotoSansArabic-Regular.ttf.zst",
    "noto-sans-arabic-hebrew/NotoSansArabic-Bold.ttf.zst",
    "noto-sans-arabic-hebrew/NotoSansHebrew-Regular.ttf.zst",
    "noto-sans-arabic-hebrew/NotoSansHebrew-Bold.ttf.zst",
];

/// The icons a contact line may show (`src/font/icons.rs`): their names, the Font Awesome
/// Free face that has each, and its character there. Only these outlines are compiled in.
const ICONS: &[(&str, &str, u32)] = &[
    ("envelope", SOLID, 0xf0e0),
    ("phone", SOLID, 0xf095),
    ("location-dot", SOLID, 0xf3c5),
    ("link", SOLID, 0xf0c1),
    ("github", BRANDS, 0xf09b),
    ("gitlab", BRANDS, 0xf296),
    ("bitbucket", BRANDS, 0xf171),
    ("linkedin", BRANDS, 0xf08c),
    ("xing", BRANDS, 0xf168),
    ("orcid", BRANDS, 0xf8d2),
    ("google-scholar", BRANDS, 0xe63b),
    ("researchgate", BRANDS, 0xf4f8),
    ("stack-overflow", BRANDS, 0xf16c),
    ("kaggle", BRANDS, 0xf5fa),
    ("hacker-news", BRANDS, 0xf1d4),
    ("dev", BRANDS, 0xf6cc),
    ("medium", BRANDS, 0xf23a),
    ("npm", BRANDS, 0xf3d4),
    ("codepen", BRANDS, 0xf1cb),
    ("dribbble", BRANDS, 0xf17d),
    ("behance", BRANDS, 0xf1b4),
    ("x-twitter", BRANDS, 0xe61b),
    ("mastodon", BRANDS, 0xf4f6),
    ("bluesky", BRANDS, 0xe671),
    ("threads", BRANDS, 0xe618),
    ("facebook", BRANDS, 0xf09a),
    ("instagram", BRANDS, 0xf16d),
    ("youtube", BRANDS, 0xf167),
    ("reddit", BRANDS, 0xf1a1),
    ("discord", BRANDS, 0xf392),
    ("telegram", BRANDS, 0xf2c6),
    ("weibo", BRANDS, 0xf18a),
    ("zhihu", BRANDS, 0xf63f),
    ("bilibili", BRANDS, 0xe3d9),
];
const SOLID: &str = "font-awesome/fa-solid-900.ttf.zst";
const BRANDS: &str = "font-awesome/fa-brands-400.ttf.zst";

/// Glyphs per chunk: about 80 KB of CJK outlines, 40 KB compressed, well under a
/// millisecond to decompress. Keep in step with `src/font/chunked.rs`.
const GLYPHS_PER_CHUNK: usize = 256;

/// The zstd level of the pieces; level 19, as the committed `.zst` files, costs the
/// build seconds more for about 3 % of their size.
const LEVEL: i32 = 19;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo::rerun-if-changed=build.rs");
    for name in PLAIN {
        let path = Path::new("fonts").join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let compressed = std::fs::read(&path).expect("the bundled font files are in fonts/");
        let font = zstd::stream::decode_all(compressed.as_slice()).expect("a zstd font file");
        let file = name.rsplit('/').next().unwrap_or(name).trim_end_matches(".zst");
        std::fs::write(out.join(file), font).expect("OUT_DIR");
    }
    for name in CHUNKED {
        let path = Path::new("fonts").join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let compressed = std::fs::read(&path).expect("the bundled font files are in fonts/");
        let font = zstd::stream::decode_all(compressed.as_slice()).expect("a zstd font file");
        let (skeleton, glyf, index) = cut(&font).unwrap_or_else(|| panic!("{name}: not cut"));
        let stem = out.join(stem(name));
        let write = |ext: &str, bytes: &[u8]| {
            std::fs::write(stem.with_extension(ext), bytes).expect("OUT_DIR is writable")
        };
        write("skeleton", &skeleton);
        write("glyf.zst", &glyf);
        write("index", &index);
    }
    icons(&out);
}

/// `OUT_DIR/icons.rs`: the [`ICONS`]' outlines as Rust data, in the face's units with y
/// up, for `src/font/icons.rs` to include. A path is its verbs (`M`ove, `L`ine,
/// `Q`uadratic, `C`ubic, `Z` close) and their points' coordinates, in order. Units, not
/// em: a PDF writes whole numbers shorter than fractions (Luo's PDF in opal: 2.3 KB
/// smaller).
fn icons(out: &Path) {
    let mut faces = std::collections::BTreeMap::new();
    for file in [SOLID, BRANDS] {
        let path = Path::new("fonts").join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let compressed = std::fs::read(&path).expect("the icon faces are in fonts/");
        faces.insert(file, zstd::stream::decode_all(compressed.as_slice()).expect("zstd"));
    }
    let mut code = String::from("&[\n");
    for &(name, file, character) in ICONS {
        let face = ttf_parser::Face::parse(&faces[file], 0).expect("a Font Awesome face");
        let em = f32::from(face.units_per_em());
        let c = char::from_u32(character).expect("a character");
        let glyph = face.glyph_index(c).unwrap_or_else(|| panic!("{name}: not in {file}"));
        let advance = f32::from(face.glyph_hor_advance(glyph).expect("an advance")) / em;
        let mut path = Outline { verbs: String::new(), points: Vec::new() };
        face.outline_glyph(glyph, &mut path).unwrap_or_else(|| panic!("{name}: no outline"));
        let points: Vec<String> = path.points.iter().map(|p| format!("{p:?}")).collect();
        code += &format!(
            "    IconGlyph {{ name: {name:?}, advance: {advance:?}, units: {em:?}, verbs: {:?}, points: &[{}] }},\n",
            path.verbs,
            points.join(", ")
        );
    }
    code += "]\n";
    std::fs::write(out.join("icons.rs"), code).expect("OUT_DIR is writable");
}

/// A glyph's outline as verbs and coordinates in font units.
struct Outline {
    verbs: String,
    points: Vec<f32>,
}

impl Outline {
    fn points(&mut self, verb: char, points: &[f32]) {
        self.verbs.push(verb);
        self.points.extend(points);
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.points('M', &[x, y]);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.points('L', &[x, y]);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.points('Q', &[x1, y1, x, y]);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.points('C', &[x1, y1, x2, y2, x, y]);
    }
    fn close(&mut self) {
        self.points('Z', &[]);
    }
}

/// `noto-sans-sc/NotoSansSC-Bold.ttf.zst` → `NotoSansSC-Bold`.
fn stem(name: &str) -> String {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.split('.').next().unwrap_or(file).to_string()
}

/// The skeleton, the compressed chunks and their index; `None` for a font that is not
/// TrueType with `glyf` and `loca`.
fn cut(font: &[u8]) -> Option<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let tables = tables(font)?;
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag);
    let glyf = find(b"glyf")?;
    let loca = find(b"loca")?;
    let head = find(b"head")?;
    let long = u16::from_be_bytes(font.get(head.offset + 50..head.offset + 52)?.try_into().ok()?);
    let loca_bytes = font.get(loca.offset..loca.offset + loca.length)?;
    let offsets: Vec<usize> = if long == 1 {
        loca_bytes
            .chunks_exact(4)
            .map(|b| u32::from_be_bytes(b.try_into().unwrap()) as usize)
            .collect()
    } else {
        loca_bytes
            .chunks_exact(2)
            .map(|b| 2 * u16::from_be_bytes(b.try_into().unwrap()) as usize)
            .collect()
    };
    let glyf_bytes = font.get(glyf.offset..glyf.offset + glyf.length)?;
    let glyphs = offsets.len().checked_sub(1)?;

    let mut chunks = Vec::new();
    let mut index = Vec::new();
    for first in (0..glyphs).step_by(GLYPHS_PER_CHUNK) {
        let last = (first + GLYPHS_PER_CHUNK).min(glyphs);
        let piece = glyf_bytes.get(offsets[first]..offsets[last])?;
        index.extend_from_slice(&(chunks.len() as u32).to_le_bytes());
        chunks.extend(zstd::stream::encode_all(piece, LEVEL).ok()?);
    }
    index.extend_from_slice(&(chunks.len() as u32).to_le_bytes());

    let skeleton = rebuild(font, &tables, |table| match &table.tag {
        b"glyf" => &[],
        _ => &font[table.offset..table.offset + table.length],
    });
    Some((skeleton, chunks, index))
}

struct Table {
    tag: [u8; 4],
    checksum: u32,
    offset: usize,
    length: usize,
}

/// The table directory of a TrueType file (not a collection).
fn tables(font: &[u8]) -> Option<Vec<Table>> {
    let count = u16::from_be_bytes(font.get(4..6)?.try_into().ok()?) as usize;
    (0..count)
        .map(|i| {
            let entry = font.get(12 + 16 * i..28 + 16 * i)?;
            let word = |at: usize| u32::from_be_bytes(entry[at..at + 4].try_into().unwrap());
            let table = Table {
                tag: entry[..4].try_into().ok()?,
                checksum: word(4),
                offset: word(8) as usize,
                length: word(12) as usize,
            };
            font.get(table.offset..table.offset + table.length)?;
            Some(table)
        })
        .collect()
}

/// The font file again, each table's bytes as `bytes` gives them, in the order of the
/// directory, each starting on four bytes.
fn rebuild<'a>(font: &'a [u8], tables: &[Table], bytes: impl Fn(&Table) -> &'a [u8]) -> Vec<u8> {
    let mut out = font[..12 + 16 * tables.len()].to_vec();
    for (i, table) in tables.iter().enumerate() {
        let data = bytes(table);
        let offset = out.len();
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
        let entry = 12 + 16 * i;
        let checksum = if data.len() == table.length { table.checksum } else { 0 };
        out[entry + 4..entry + 8].copy_from_slice(&checksum.to_be_bytes());
        out[entry + 8..entry + 12].copy_from_slice(&(offset as u32).to_be_bytes());
        out[entry + 12..entry + 16].copy_from_slice(&(data.len() as u32).to_be_bytes());
    }
    out
}
