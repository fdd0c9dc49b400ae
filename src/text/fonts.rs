//! Text stage, fonts: the faces compiled into the binary → parsed faces on first use.
//!
//! Font bytes are `'static` (`include_bytes!`), so a face is parsed only when a character
//! needs it: a résumé without Chinese never touches the 10 MB CJK faces, whose pages of
//! the binary then stay unread on disk.
//!
//! A layout may also name font files of its own (`fonts: { body: fonts/Inter.ttf }`):
//! [`load_file`] reads and checks one while the layout is read, and the book parses it on
//! first use like the others. Their bytes live as long as the process, as the compiled-in
//! faces do; a file loaded twice (several layouts, `watch`) is loaded once.
//!
//! Faces outside the default sans are stored compressed with zstd to keep the binary
//! under 30 MB: the rarely used CJK faces (Noto Sans SC Bold, Noto Sans KR; ≈ 10 ms each
//! to decompress), XCharter (the classic preset) and DejaVu Sans Mono (`code`; well under
//! a millisecond each). The first use decompresses a face into memory kept for the rest
//! of the process. Source Sans 3 and the face a Chinese name needs (SC Regular) stay
//! uncompressed, so the common résumés pay nothing.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use crate::style::Family;

/// Bold and italic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Variant {
    pub bold: bool,
    pub italic: bool,
}

/// One face of the book, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

struct FaceFile {
    family: Family,
    variant: Variant,
    name: &'static str,
    data: &'static [u8],
    /// `data` is a zstd frame of the font file.
    compressed: bool,
}

macro_rules! face {
    ($family:ident, $bold:expr, $italic:expr, $path:literal) => {
        face!($family, $bold, $italic, $path, false)
    };
    ($family:ident, $bold:expr, $italic:expr, $path:literal, $compressed:expr) => {
        FaceFile {
            family: Family::$family,
            variant: Variant { bold: $bold, italic: $italic },
            name: $path,
            data: include_bytes!(concat!("../../fonts/", $path)),
            compressed: $compressed,
        }
    };
}

/// Every face cvpdf carries. Families without an italic (CJK, mono) have none listed;
/// lookups fall back to the upright face of the same weight.
const FACES: &[FaceFile] = &[
    face!(SourceSans3, false, false, "source-sans-3/SourceSans3-Regular.ttf"),
    face!(SourceSans3, true, false, "source-sans-3/SourceSans3-Bold.ttf"),
    face!(SourceSans3, false, true, "source-sans-3/SourceSans3-Italic.ttf.zst", true),
    face!(SourceSans3, true, true, "source-sans-3/SourceSans3-BoldItalic.ttf.zst", true),
    face!(XCharter, false, false, "xcharter/XCharter-Regular.otf.zst", true),
    face!(XCharter, true, false, "xcharter/XCharter-Bold.otf.zst", true),
    face!(XCharter, false, true, "xcharter/XCharter-Italic.otf.zst", true),
    face!(XCharter, true, true, "xcharter/XCharter-BoldItalic.otf.zst", true),
    face!(DejaVuSansMono, false, false, "dejavu-sans-mono/DejaVuSansMono.ttf.zst", true),
    face!(DejaVuSansMono, true, false, "dejavu-sans-mono/DejaVuSansMono-Bold.ttf.zst", true),
    face!(NotoSansSc, false, false, "noto-sans-sc/NotoSansSC-Regular.ttf"),
    face!(NotoSansSc, true, false, "noto-sans-sc/NotoSansSC-Bold.ttf.zst", true),
    face!(NotoSansKr, false, false, "noto-sans-kr/NotoSansKR-Regular.ttf.zst", true),
    face!(NotoSansKr, true, false, "noto-sans-kr/NotoSansKR-Bold.ttf.zst", true),
];

/// The font file of a face: as compiled in, or decompressed once per process.
fn font_file(index: usize) -> &'static [u8] {
    static DECOMPRESSED: [OnceLock<Vec<u8>>; FACES.len()] =
        [const { OnceLock::new() }; FACES.len()];
    let file = &FACES[index];
    if !file.compressed {
        return file.data;
    }
    DECOMPRESSED[index].get_or_init(|| {
        zstd::stream::decode_all(file.data)
            .expect("bundled fonts decompress: checked by the fonts test")
    })
}

/// How many font files one process may load (each stays in memory until it ends).
const MAX_FILE_FACES: usize = 64;

/// Largest font file accepted; the largest bundled face (Noto Sans KR) is 6 MB.
const MAX_FONT_BYTES: u64 = 64 << 20;

/// A font file a layout named, checked when it was loaded.
struct FileFace {
    /// The path as shown in messages.
    name: &'static str,
    /// The absolute path, for a layout printed in full (`cvpdf layouts show`).
    path: PathBuf,
    data: &'static [u8],
    /// Whether it has every printable ASCII character (which lets text skip the search).
    ascii: bool,
    face: OnceLock<Face>,
}

/// The font files loaded by this process, in load order: face `FACES.len() + i` is `i`.
static FILE_FACES: [OnceLock<FileFace>; MAX_FILE_FACES] =
    [const { OnceLock::new() }; MAX_FILE_FACES];

/// What identifies a loaded file: its real path, size and modification time (an edited
/// file is loaded again).
type FileKey = (PathBuf, u64, Option<SystemTime>);

static FILE_KEYS: Mutex<Vec<FileKey>> = Mutex::new(Vec::new());

/// Why a font file named by a layout cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum FontFileError {
    /// There is no such file.
    NotFound,
    /// Reading it failed (permissions, a folder): the reason.
    Unreadable(String),
    /// It is not a font: what it is instead, when that is known ("a WOFF2 web font").
    NotAFont(Option<&'static str>),
    /// It starts like a font but cannot be read as one: the parser's reason.
    Corrupt(String),
    /// More than [`MAX_FILE_FACES`] files in one process.
    TooMany,
}

/// Load and check a font file (TrueType or OpenType, the first face of a collection).
pub fn load_file(path: &Path) -> Result<FaceId, FontFileError> {
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => FontFileError::NotFound,
        _ => FontFileError::Unreadable(crate::diag::io_reason(&e)),
    })?;
    if metadata.is_dir() {
        return Err(FontFileError::Unreadable("it is a folder".into()));
    }
    if metadata.len() > MAX_FONT_BYTES {
        return Err(FontFileError::NotAFont(Some("more than 64 MB")));
    }
    let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let key = (real.clone(), metadata.len(), metadata.modified().ok());
    let mut keys = FILE_KEYS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(i) = keys.iter().position(|k| *k == key) {
        return Ok(FaceId((FACES.len() + i) as u16));
    }
    let data =
        std::fs::read(path).map_err(|e| FontFileError::Unreadable(crate::diag::io_reason(&e)))?;
    let ascii = check_font(&data)?;
    let index = keys.len();
    if index >= MAX_FILE_FACES {
        return Err(FontFileError::TooMany);
    }
    let data: &'static [u8] = Box::leak(data.into_boxed_slice());
    let name: &'static str = Box::leak(path.display().to_string().into_boxed_str());
    let file = FileFace { name, path: real, data, ascii, face: OnceLock::new() };
    if FILE_FACES[index].set(file).is_err() {
        return Err(FontFileError::TooMany);
    }
    keys.push(key);
    Ok(FaceId((FACES.len() + index) as u16))
}

/// Check that `data` is a font cvpdf can set text with; whether it has printable ASCII.
fn check_font(data: &[u8]) -> Result<bool, FontFileError> {
    let magic = data.get(..4).unwrap_or(data);
    let known = [b"\0\x01\0\0", b"OTTO", b"true", b"ttcf"];
    if !known.iter().any(|m| magic == *m) {
        return Err(FontFileError::NotAFont(match magic {
            b"wOFF" => Some("a WOFF web font"),
            b"wOF2" => Some("a WOFF2 web font"),
            _ => None,
        }));
    }
    // Both readers must accept the file: ttf-parser for metrics, read-fonts for shaping.
    harfrust::FontRef::from_index(data, 0).map_err(|e| FontFileError::Corrupt(e.to_string()))?;
    let face =
        ttf_parser::Face::parse(data, 0).map_err(|e| FontFileError::Corrupt(e.to_string()))?;
    if face.tables().cmap.is_none() {
        return Err(FontFileError::Corrupt("it has no character map (cmap table)".into()));
    }
    Ok((' '..='~').all(|c| face.glyph_index(c).is_some()))
}

/// The loaded font file of a face, if it is one.
fn file_face(id: FaceId) -> Option<&'static FileFace> {
    let index = (id.0 as usize).checked_sub(FACES.len())?;
    FILE_FACES.get(index)?.get()
}

/// The absolute path of a face loaded from a font file; `None` for a bundled face.
pub fn file_path(id: FaceId) -> Option<&'static Path> {
    file_face(id).map(|f| f.path.as_path())
}

/// A family made of font files: the regular face and any of the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontFiles {
    pub regular: FaceId,
    pub bold: Option<FaceId>,
    pub italic: Option<FaceId>,
    pub bold_italic: Option<FaceId>,
}

impl FontFiles {
    /// The face closest to `variant`: exact, else same weight upright, else regular.
    pub fn select(&self, variant: Variant) -> FaceId {
        let face = match (variant.bold, variant.italic) {
            (true, true) => self.bold_italic.or(self.bold),
            (true, false) => self.bold,
            (false, true) => self.italic,
            (false, false) => None,
        };
        face.unwrap_or(self.regular)
    }
}

/// Metrics of a face, per em.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    pub ascender: f32,
    pub descender: f32,
    pub units_per_em: f32,
}

/// A parsed face: its tables as ttf-parser reads them (metrics, character map) and the
/// shaping data harfrust keeps for it (lookup caches).
pub struct Face {
    pub metrics: ttf_parser::Face<'static>,
    pub font: harfrust::FontRef<'static>,
    pub shaping: harfrust::ShaperData,
}

impl Face {
    fn parse(data: &'static [u8]) -> Option<Face> {
        let font = harfrust::FontRef::from_index(data, 0).ok()?;
        let shaping = harfrust::ShaperData::new(&font);
        Some(Face { metrics: ttf_parser::Face::parse(data, 0).ok()?, font, shaping })
    }

    /// A shaper over this face, to shape any number of texts.
    pub fn shaper(&self) -> harfrust::Shaper<'_> {
        self.shaping.shaper(&self.font).build()
    }
}

/// The faces, parsed lazily; shared by the threads that set text.
pub struct FontBook {
    faces: Vec<OnceLock<Face>>,
}

impl Default for FontBook {
    fn default() -> Self {
        FontBook { faces: FACES.iter().map(|_| OnceLock::new()).collect() }
    }
}

impl FontBook {
    /// The process's font book: faces parsed once serve every build of the process
    /// (the benchmark, and many résumés built in one run).
    pub fn shared() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(FontBook::default)
    }

    /// The face of `family` closest to `variant`: exact, else same weight upright, else regular.
    pub fn select(&self, family: Family, variant: Variant) -> FaceId {
        if let Family::Files(files) = family {
            return files.select(variant);
        }
        let candidates = [variant, Variant { italic: false, ..variant }, Variant::default()];
        for wanted in candidates {
            if let Some(i) = FACES.iter().position(|f| f.family == family && f.variant == wanted) {
                return FaceId(i as u16);
            }
        }
        // Every family has a regular face: this is unreachable by construction of FACES.
        FaceId(0)
    }

    /// The parsed face; parsing happens once, on first use.
    pub fn face(&self, id: FaceId) -> &Face {
        if let Some(file) = file_face(id) {
            return file.face.get_or_init(|| {
                Face::parse(file.data).expect("font files are checked when they are loaded")
            });
        }
        self.faces[id.0 as usize].get_or_init(|| {
            Face::parse(font_file(id.0 as usize))
                .expect("bundled fonts are valid: checked by the fonts test")
        })
    }

    /// The raw bytes, for embedding.
    pub fn data(&self, id: FaceId) -> &'static [u8] {
        match file_face(id) {
            Some(file) => file.data,
            None => font_file(id.0 as usize),
        }
    }

    /// The file the face came from, for messages.
    pub fn name(&self, id: FaceId) -> &'static str {
        match file_face(id) {
            Some(file) => file.name,
            None => FACES[id.0 as usize].name,
        }
    }

    /// Whether the face has every printable ASCII character: true of every bundled face
    /// (checked by a test), found out on loading for a font file.
    pub fn has_ascii(&self, id: FaceId) -> bool {
        file_face(id).is_none_or(|file| file.ascii)
    }

    /// Whether the face comes from a font file a layout named.
    pub fn is_file(&self, id: FaceId) -> bool {
        file_face(id).is_some()
    }

    pub fn covers(&self, id: FaceId, c: char) -> bool {
        self.face(id).metrics.glyph_index(c).is_some()
    }

    /// The glyph of `c` when it is blank (no outline) and not the space's glyph: a glyph
    /// that may stand for any whitespace without changing how other text reads.
    pub fn blank_glyph(&self, id: FaceId, c: char) -> Option<u16> {
        let face = &self.face(id).metrics;
        let glyph = face.glyph_index(c)?;
        let space = face.glyph_index(' ');
        (Some(glyph) != space && face.glyph_bounding_box(glyph).is_none()).then_some(glyph.0)
    }

    /// A glyph's advance, in em.
    pub fn advance(&self, id: FaceId, glyph: u16) -> f32 {
        let face = &self.face(id).metrics;
        let advance = face.glyph_hor_advance(ttf_parser::GlyphId(glyph)).unwrap_or(0);
        f32::from(advance) / f32::from(face.units_per_em())
    }

    pub fn metrics(&self, id: FaceId) -> Metrics {
        let face = &self.face(id).metrics;
        let upem = face.units_per_em() as f32;
        Metrics {
            ascender: face.ascender() as f32 / upem,
            descender: face.descender() as f32 / upem,
            units_per_em: upem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_face_parses_and_has_printable_ascii() {
        // The text stage relies on this to skip the fallback search for ASCII.
        let book = FontBook::default();
        for i in 0..FACES.len() {
            let id = FaceId(i as u16);
            for c in ' '..='~' {
                assert!(book.covers(id, c), "{} lacks {c:?}", book.name(id));
            }
        }
    }

    #[test]
    fn cjk_face_covers_the_chinese_name() {
        let book = FontBook::default();
        let cjk = book.select(Family::NotoSansSc, Variant { bold: true, italic: true });
        assert!("罗锦华".chars().all(|c| book.covers(cjk, c)));
        assert!(!"罗锦华".chars().any(|c| book.covers(FaceId(0), c)));
    }

    #[test]
    fn the_fonts_leave_room_for_the_code_in_a_30_mb_binary() {
        // The release binary was 29.86 MB with 22.40 MB of fonts in it (2026-11-22): the
        // code takes about 7.5 MB. A face added uncompressed would break the 30 MB limit.
        let fonts: usize = FACES.iter().map(|f| f.data.len()).sum();
        assert!(fonts < 22_500_000, "{fonts} bytes of fonts in the binary");
    }

    #[test]
    fn compressed_faces_decompress_to_the_fonts_and_cover_their_scripts() {
        let book = FontBook::default();
        for bold in [false, true] {
            let korean = book.select(Family::NotoSansKr, Variant { bold, italic: false });
            assert!(FACES[korean.0 as usize].compressed);
            assert!("이력서 한국어".chars().all(|c| book.covers(korean, c)));
            let chinese = book.select(Family::NotoSansSc, Variant { bold, italic: false });
            // Japanese kana come from the Chinese face.
            assert!("履歴書 ひらがな カタカナ".chars().all(|c| book.covers(chinese, c)));
        }
        // A TrueType file starts with version 1.0.
        assert_eq!(&book.data(FaceId(FACES.len() as u16 - 1))[..4], &[0, 1, 0, 0]);
    }
}
