//! Fonts, below the style and text stages: the faces compiled into the binary and the
//! font files a layout names → a [`FontBook`] of parsed faces, each on first use.
//!
//! Font bytes are `'static` (`include_bytes!`), so a face is parsed only when a character
//! needs it: a résumé without Chinese never touches the 10 MB CJK faces, whose pages of
//! the binary then stay unread on disk. The parsed faces are kept in [`BundledFaces`],
//! which the caller owns and may share between builds: the library keeps nothing
//! between builds by itself.
//!
//! A layout may also name font files of its own (`fonts: { body: fonts/Inter.ttf }`):
//! [`FontFile::new`] checks one while the layout is read, the style keeps it, and the
//! book of each build that uses the style parses it. It is freed with the last style
//! and build that hold it, so a batch or a `watch` session can load any number.
//!
//! The faces are stored two ways ([`Storage`]). Source Sans 3 and Noto Sans SC Regular
//! (what a Chinese name needs) are plain, so the common résumés pay nothing; the small
//! faces committed as zstd files (the Source Sans 3 italics, XCharter for the classic
//! preset, DejaVu Sans Mono for `code`) are decompressed by `build.rs` and plain too. The
//! large CJK faces a résumé uses a handful of glyphs from (Noto Sans SC Bold, Noto Sans
//! KR) are cut by `build.rs` into a skeleton and chunks of outlines ([`chunked`]): a bold
//! Chinese name costs its three glyphs, not a 10 MB face.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

mod chunked;
mod compressed;
pub mod han;
mod icons;

use chunked::ChunkedFace;
pub use icons::{Icon, IconGlyph, PathSegment};

/// A font family: one that cvpdf carries, or font files a layout names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    SourceSans3,
    XCharter,
    DejaVuSansMono,
    NotoSansSc,
    NotoSansKr,
    /// Hindi, Marathi, Nepali and the other languages written in Devanagari.
    NotoSansDevanagari,
    /// Bengali and Assamese.
    NotoSansBengali,
    NotoSansTamil,
    NotoSansThai,
    NotoSansLao,
    NotoSansKhmer,
    /// Burmese and the other languages written in Myanmar script.
    NotoSansMyanmar,
    /// Arabic, Persian, Urdu and the other languages written in Arabic script: their
    /// letters and both sets of Arabic digits (Urdu in the upright Naskh style, not the
    /// Nastaliq it is usually printed in, which would be a face of its own).
    NotoSansArabic,
    /// Hebrew and Yiddish.
    NotoSansHebrew,
    /// Font files of the user's own, loaded when the layout was read.
    Files(FontFiles),
}

impl Family {
    pub const ALL: [(&'static str, Family); 14] = [
        ("source-sans-3", Family::SourceSans3),
        ("xcharter", Family::XCharter),
        ("dejavu-sans-mono", Family::DejaVuSansMono),
        ("noto-sans-sc", Family::NotoSansSc),
        ("noto-sans-kr", Family::NotoSansKr),
        ("noto-sans-devanagari", Family::NotoSansDevanagari),
        ("noto-sans-bengali", Family::NotoSansBengali),
        ("noto-sans-tamil", Family::NotoSansTamil),
        ("noto-sans-thai", Family::NotoSansThai),
        ("noto-sans-lao", Family::NotoSansLao),
        ("noto-sans-khmer", Family::NotoSansKhmer),
        ("noto-sans-myanmar", Family::NotoSansMyanmar),
        ("noto-sans-arabic", Family::NotoSansArabic),
        ("noto-sans-hebrew", Family::NotoSansHebrew),
    ];
}

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
    storage: Storage,
}

/// How a face is compiled in.
enum Storage {
    /// The font file as it is.
    Plain(&'static [u8]),
    /// Cut by `build.rs`: the outlines in chunks, decompressed as glyphs need them.
    Chunked(ChunkedFace),
}

impl Storage {
    /// Bytes this storage adds to the binary.
    #[cfg(test)]
    fn size(&self) -> usize {
        match self {
            Storage::Plain(data) => data.len(),
            Storage::Chunked(face) => face.skeleton.len() + face.chunks.len() + face.index.len(),
        }
    }
}

macro_rules! face {
    ($family:ident, $bold:expr, $italic:expr, $path:literal) => {
        FaceFile {
            family: Family::$family,
            variant: Variant { bold: $bold, italic: $italic },
            name: $path,
            storage: Storage::Plain(include_bytes!(concat!("../../fonts/", $path))),
        }
    };
}

/// A zstd face `build.rs` decompressed, by its file name without `.zst`.
macro_rules! decompressed {
    ($family:ident, $bold:expr, $italic:expr, $path:literal, $file:literal) => {
        FaceFile {
            family: Family::$family,
            variant: Variant { bold: $bold, italic: $italic },
            name: $path,
            storage: Storage::Plain(include_bytes!(concat!(env!("OUT_DIR"), "/", $file))),
        }
    };
}

/// A face `build.rs` cut into chunks, by the stem of its file name.
macro_rules! chunked {
    ($family:ident, $bold:expr, $italic:expr, $path:literal, $stem:literal) => {
        FaceFile {
            family: Family::$family,
            variant: Variant { bold: $bold, italic: $italic },
            name: $path,
            storage: Storage::Chunked(ChunkedFace {
                skeleton: include_bytes!(concat!(env!("OUT_DIR"), "/", $stem, ".skeleton")),
                chunks: include_bytes!(concat!(env!("OUT_DIR"), "/", $stem, ".glyf.zst")),
                index: include_bytes!(concat!(env!("OUT_DIR"), "/", $stem, ".index")),
            }),
        }
    };
}

/// Every face cvpdf carries. Families without an italic (CJK, mono) have none listed;
/// lookups fall back to the upright face of the same weight.
const FACES: &[FaceFile] = &[
    face!(SourceSans3, false, false, "source-sans-3/SourceSans3-Regular.ttf"),
    face!(SourceSans3, true, false, "source-sans-3/SourceSans3-Bold.ttf"),
    decompressed!(
        SourceSans3,
        false,
        true,
        "source-sans-3/SourceSans3-Italic.ttf.zst",
        "SourceSans3-Italic.ttf"
    ),
    decompressed!(
        SourceSans3,
        true,
        true,
        "source-sans-3/SourceSans3-BoldItalic.ttf.zst",
        "SourceSans3-BoldItalic.ttf"
    ),
    decompressed!(
        XCharter,
        false,
        false,
        "xcharter/XCharter-Regular.otf.zst",
        "XCharter-Regular.otf"
    ),
    decompressed!(XCharter, true, false, "xcharter/XCharter-Bold.otf.zst", "XCharter-Bold.otf"),
    decompressed!(XCharter, false, true, "xcharter/XCharter-Italic.otf.zst", "XCharter-Italic.otf"),
    decompressed!(
        XCharter,
        true,
        true,
        "xcharter/XCharter-BoldItalic.otf.zst",
        "XCharter-BoldItalic.otf"
    ),
    decompressed!(
        DejaVuSansMono,
        false,
        false,
        "dejavu-sans-mono/DejaVuSansMono.ttf.zst",
        "DejaVuSansMono.ttf"
    ),
    decompressed!(
        DejaVuSansMono,
        true,
        false,
        "dejavu-sans-mono/DejaVuSansMono-Bold.ttf.zst",
        "DejaVuSansMono-Bold.ttf"
    ),
    face!(NotoSansSc, false, false, "noto-sans-sc/NotoSansSC-Regular.ttf"),
    chunked!(NotoSansSc, true, false, "noto-sans-sc/NotoSansSC-Bold.ttf.zst", "NotoSansSC-Bold"),
    chunked!(
        NotoSansKr,
        false,
        false,
        "noto-sans-kr/NotoSansKR-Regular.ttf.zst",
        "NotoSansKR-Regular"
    ),
    chunked!(NotoSansKr, true, false, "noto-sans-kr/NotoSansKR-Bold.ttf.zst", "NotoSansKR-Bold"),
    decompressed!(
        NotoSansDevanagari,
        false,
        false,
        "noto-sans-indic/NotoSansDevanagari-Regular.ttf.zst",
        "NotoSansDevanagari-Regular.ttf"
    ),
    decompressed!(
        NotoSansDevanagari,
        true,
        false,
        "noto-sans-indic/NotoSansDevanagari-Bold.ttf.zst",
        "NotoSansDevanagari-Bold.ttf"
    ),
    decompressed!(
        NotoSansBengali,
        false,
        false,
        "noto-sans-indic/NotoSansBengali-Regular.ttf.zst",
        "NotoSansBengali-Regular.ttf"
    ),
    decompressed!(
        NotoSansBengali,
        true,
        false,
        "noto-sans-indic/NotoSansBengali-Bold.ttf.zst",
        "NotoSansBengali-Bold.ttf"
    ),
    decompressed!(
        NotoSansTamil,
        false,
        false,
        "noto-sans-indic/NotoSansTamil-Regular.ttf.zst",
        "NotoSansTamil-Regular.ttf"
    ),
    decompressed!(
        NotoSansTamil,
        true,
        false,
        "noto-sans-indic/NotoSansTamil-Bold.ttf.zst",
        "NotoSansTamil-Bold.ttf"
    ),
    decompressed!(
        NotoSansThai,
        false,
        false,
        "noto-sans-southeast-asian/NotoSansThai-Regular.ttf.zst",
        "NotoSansThai-Regular.ttf"
    ),
    decompressed!(
        NotoSansThai,
        true,
        false,
        "noto-sans-southeast-asian/NotoSansThai-Bold.ttf.zst",
        "NotoSansThai-Bold.ttf"
    ),
    decompressed!(
        NotoSansLao,
        false,
        false,
        "noto-sans-southeast-asian/NotoSansLao-Regular.ttf.zst",
        "NotoSansLao-Regular.ttf"
    ),
    decompressed!(
        NotoSansLao,
        true,
        false,
        "noto-sans-southeast-asian/NotoSansLao-Bold.ttf.zst",
        "NotoSansLao-Bold.ttf"
    ),
    decompressed!(
        NotoSansKhmer,
        false,
        false,
        "noto-sans-southeast-asian/NotoSansKhmer-Regular.ttf.zst",
        "NotoSansKhmer-Regular.ttf"
    ),
    decompressed!(
        NotoSansKhmer,
        true,
        false,
        "noto-sans-southeast-asian/NotoSansKhmer-Bold.ttf.zst",
        "NotoSansKhmer-Bold.ttf"
    ),
    decompressed!(
        NotoSansMyanmar,
        false,
        false,
        "noto-sans-southeast-asian/NotoSansMyanmar-Regular.ttf.zst",
        "NotoSansMyanmar-Regular.ttf"
    ),
    decompressed!(
        NotoSansMyanmar,
        true,
        false,
        "noto-sans-southeast-asian/NotoSansMyanmar-Bold.ttf.zst",
        "NotoSansMyanmar-Bold.ttf"
    ),
    decompressed!(
        NotoSansArabic,
        false,
        false,
        "noto-sans-arabic-hebrew/NotoSansArabic-Regular.ttf.zst",
        "NotoSansArabic-Regular.ttf"
    ),
    decompressed!(
        NotoSansArabic,
        true,
        false,
        "noto-sans-arabic-hebrew/NotoSansArabic-Bold.ttf.zst",
        "NotoSansArabic-Bold.ttf"
    ),
    decompressed!(
        NotoSansHebrew,
        false,
        false,
        "noto-sans-arabic-hebrew/NotoSansHebrew-Regular.ttf.zst",
        "NotoSansHebrew-Regular.ttf"
    ),
    decompressed!(
        NotoSansHebrew,
        true,
        false,
        "noto-sans-arabic-hebrew/NotoSansHebrew-Bold.ttf.zst",
        "NotoSansHebrew-Bold.ttf"
    ),
];

/// The font file of a face as shaping and metrics read it (for a chunked face, its
/// skeleton: no outlines).
fn font_file(index: usize) -> &'static [u8] {
    match &FACES[index].storage {
        Storage::Plain(data) => data,
        Storage::Chunked(face) => face.skeleton,
    }
}

/// Largest font file accepted; the largest bundled face (Noto Sans KR) is 6 MB.
pub const MAX_FONT_BYTES: u64 = 64 << 20;

/// A font file a layout named, read through [`crate::access`] and checked. The style
/// that named it owns it (`Style::font_files`), so it is freed with the last build that
/// uses it: a batch or a `watch` session may load any number of them.
#[derive(Debug)]
pub struct FontFile {
    /// The path as shown in messages.
    pub name: String,
    /// The real path, for a layout printed in full (`cvpdf layouts show`).
    pub path: PathBuf,
    data: Arc<Vec<u8>>,
    /// Which face of a collection (`.ttc`) it is; 0 for a file of one face.
    index: u32,
    /// Whether it has every printable ASCII character (which lets text skip the search).
    ascii: bool,
}

impl PartialEq for FontFile {
    fn eq(&self, other: &FontFile) -> bool {
        self.path == other.path
            && self.index == other.index
            && (Arc::ptr_eq(&self.data, &other.data) || self.data == other.data)
    }
}

impl FontFile {
    /// Check the bytes of a font file (TrueType or OpenType, the first face of a collection).
    pub fn new(name: String, path: PathBuf, data: Vec<u8>) -> Result<FontFile, FontFileError> {
        FontFile::in_collection(name, path, Arc::new(data), 0)
    }

    /// Check the face `index` of a font file (0 for a file of one face).
    pub fn in_collection(
        name: String,
        path: PathBuf,
        data: Arc<Vec<u8>>,
        index: u32,
    ) -> Result<FontFile, FontFileError> {
        let ascii = check_font(&data, index)?;
        Ok(FontFile { name, path, data, index, ascii })
    }

    /// Whether two loads are the same file with the same bytes (a file named twice).
    pub fn same_as(&self, path: &Path, data: &[u8]) -> bool {
        self.path == path && self.data.as_slice() == data
    }
}

/// Why a font file named by a layout cannot be used (reading it is `crate::access`'s).
#[derive(Debug, Clone, PartialEq)]
pub enum FontFileError {
    /// It is not a font: what it is instead, when that is known ("a WOFF2 web font").
    NotAFont(Option<&'static str>),
    /// It starts like a font but cannot be read as one: the parser's reason.
    Corrupt(String),
}

/// Check that face `index` of `data` is a font cvpdf can set text with; whether it has
/// printable ASCII.
fn check_font(data: &[u8], index: u32) -> Result<bool, FontFileError> {
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
    harfrust::FontRef::from_index(data, index)
        .map_err(|e| FontFileError::Corrupt(e.to_string()))?;
    let face =
        ttf_parser::Face::parse(data, index).map_err(|e| FontFileError::Corrupt(e.to_string()))?;
    if face.tables().cmap.is_none() {
        return Err(FontFileError::Corrupt("it has no character map (cmap table)".into()));
    }
    Ok((' '..='~').all(|c| face.glyph_index(c).is_some()))
}

/// The id of the `index`th font file of a style.
pub fn file_face_id(index: usize) -> FaceId {
    FaceId((FACES.len() + index) as u16)
}

/// Which font file of a style a face is, if it is one.
fn file_index(id: FaceId) -> Option<usize> {
    (id.0 as usize).checked_sub(FACES.len())
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
    /// The height of lowercase letters (0.5 em when the face does not say).
    pub x_height: f32,
    /// The height of capitals (0.7 em when the face does not say).
    pub cap_height: f32,
    pub units_per_em: f32,
}

/// A parsed face: its tables as ttf-parser reads them (metrics, character map) and the
/// shaping data harfrust keeps for it (lookup caches).
pub struct Face<'a> {
    pub metrics: ttf_parser::Face<'a>,
    pub font: harfrust::FontRef<'a>,
    pub shaping: harfrust::ShaperData,
}

impl<'a> Face<'a> {
    fn parse(data: &'a [u8], index: u32) -> Option<Face<'a>> {
        let font = harfrust::FontRef::from_index(data, index).ok()?;
        let shaping = harfrust::ShaperData::new(&font);
        Some(Face { metrics: ttf_parser::Face::parse(data, index).ok()?, font, shaping })
    }

    /// A shaper over this face, to shape any number of texts.
    pub fn shaper(&self) -> harfrust::Shaper<'_> {
        self.shaping.shaper(&self.font).build()
    }
}

/// The faces cvpdf carries, each parsed when a character first needs it. Parsing a face
/// builds harfrust's lookup caches (a CJK face's take a fraction of a millisecond), so a
/// caller that builds more than once keeps one of these for all its builds
/// (`cvpdf::Cache`); a build given none parses what it uses for itself.
pub struct BundledFaces {
    faces: Vec<OnceLock<Face<'static>>>,
}

impl Default for BundledFaces {
    fn default() -> Self {
        BundledFaces { faces: FACES.iter().map(|_| OnceLock::new()).collect() }
    }
}

impl BundledFaces {
    /// How many faces builds have parsed so far.
    pub fn parsed(&self) -> usize {
        self.faces.iter().filter(|face| face.get().is_some()).count()
    }
}

impl std::fmt::Debug for BundledFaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BundledFaces {{ {} of {} parsed }}", self.parsed(), self.faces.len())
    }
}

/// The bytes of a face, for embedding: compiled in, a font file's, shared, or made for
/// the glyphs a document draws (a face stored in chunks).
pub enum FontBytes {
    Bundled(&'static [u8]),
    File(Arc<Vec<u8>>),
    Drawn(Vec<u8>),
}

/// What the shaping cache shared by builds knows a face by: a bundled face by its id, a
/// font file by its bytes (the same id is another file in another build).
#[derive(Debug, Clone)]
pub enum FaceKey {
    Bundled(FaceId),
    File(Arc<Vec<u8>>),
}

impl FaceKey {
    /// Whether only the cache still holds this face (its builds are over).
    pub fn is_unused(&self) -> bool {
        matches!(self, FaceKey::File(data) if Arc::strong_count(data) == 1)
    }
}

impl PartialEq for FaceKey {
    fn eq(&self, other: &FaceKey) -> bool {
        match (self, other) {
            (FaceKey::Bundled(a), FaceKey::Bundled(b)) => a == b,
            (FaceKey::File(a), FaceKey::File(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for FaceKey {}

impl std::hash::Hash for FaceKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            FaceKey::Bundled(id) => id.hash(state),
            // The bytes stay alive as long as the key does, so the address is unique.
            FaceKey::File(data) => Arc::as_ptr(data).hash(state),
        }
    }
}

/// The faces of one build: the bundled ones (parsed into the caller's
/// [`BundledFaces`], which builds may share) and the font files of the build's style,
/// parsed when the book is made. The default book has the bundled faces only, parsed
/// for it alone.
#[derive(Default)]
pub struct FontBook<'a> {
    bundled: Arc<BundledFaces>,
    files: Vec<(&'a FontFile, Face<'a>)>,
}

impl<'a> FontBook<'a> {
    /// A book of the bundled faces (parsed into `bundled`) and `files` (a style's
    /// `font_files`, in order).
    pub fn with_files(bundled: &Arc<BundledFaces>, files: &'a [Arc<FontFile>]) -> FontBook<'a> {
        let files = files
            .iter()
            .map(|file| {
                let face = Face::parse(file.data.as_slice(), file.index)
                    .expect("font files are checked when they are loaded");
                (file.as_ref(), face)
            })
            .collect();
        FontBook { bundled: bundled.clone(), files }
    }

    fn file(&self, id: FaceId) -> Option<&(&'a FontFile, Face<'a>)> {
        self.files.get(file_index(id)?)
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

    /// The parsed face; a bundled face is parsed on first use.
    pub fn face(&self, id: FaceId) -> &Face<'a> {
        if let Some((_, face)) = self.file(id) {
            return face;
        }
        // A file id this book does not have is a bug; the regular sans stands in.
        let index = if (id.0 as usize) < FACES.len() { id.0 as usize } else { 0 };
        self.bundled.faces[index].get_or_init(|| {
            Face::parse(font_file(index), 0)
                .expect("bundled fonts are valid: checked by the fonts test")
        })
    }

    /// The font file shaping and metrics read; a chunked face's has no outlines (drawing
    /// takes [`FontBook::bytes`]).
    pub fn data(&self, id: FaceId) -> &[u8] {
        match self.file(id) {
            Some((file, _)) => file.data.as_slice(),
            None => font_file((id.0 as usize).min(FACES.len() - 1)),
        }
    }

    /// Which face of its file the face is (a font file may be a collection).
    pub fn index(&self, id: FaceId) -> u32 {
        self.file(id).map_or(0, |(file, _)| file.index)
    }

    /// The bytes for drawing `glyphs` of the face, shared rather than copied where the
    /// face is stored whole. A face stored in chunks has only the outlines of `glyphs`
    /// (and of the glyphs they are built from): a document's glyphs of the face must all
    /// be in it ([`FontBook::is_chunked`]).
    pub fn bytes(&self, id: FaceId, glyphs: &BTreeSet<u16>) -> Result<FontBytes, String> {
        if let Some((file, _)) = self.file(id) {
            return Ok(FontBytes::File(file.data.clone()));
        }
        let index = (id.0 as usize).min(FACES.len() - 1);
        match &FACES[index].storage {
            Storage::Chunked(face) => face
                .with_glyphs(glyphs.iter().copied())
                .map(FontBytes::Drawn)
                .map_err(|e| e.to_string()),
            _ => Ok(FontBytes::Bundled(font_file(index))),
        }
    }

    /// Whether the face is stored in chunks, so that drawing it needs the set of glyphs
    /// a document uses ([`FontBook::bytes`]).
    pub fn is_chunked(&self, id: FaceId) -> bool {
        self.file(id).is_none()
            && FACES
                .get(id.0 as usize)
                .is_some_and(|face| matches!(face.storage, Storage::Chunked(_)))
    }

    /// What the shaping cache shared by builds knows the face by.
    pub fn key(&self, id: FaceId) -> FaceKey {
        match self.file(id) {
            Some((file, _)) => FaceKey::File(file.data.clone()),
            None => FaceKey::Bundled(id),
        }
    }

    /// The file the face came from, for messages.
    pub fn name(&self, id: FaceId) -> &str {
        match self.file(id) {
            Some((file, _)) => &file.name,
            None => FACES[(id.0 as usize).min(FACES.len() - 1)].name,
        }
    }

    /// Whether the face has every printable ASCII character: true of every bundled face
    /// but the Indic, Southeast Asian, Arabic and Hebrew ones, which are fallbacks
    /// (checked by a test), found out on loading for a font file. The text stage sets
    /// ASCII in such a face without looking further.
    pub fn has_ascii(&self, id: FaceId) -> bool {
        match self.file(id) {
            Some((file, _)) => file.ascii,
            None => !matches!(
                FACES[(id.0 as usize).min(FACES.len() - 1)].family,
                Family::NotoSansDevanagari
                    | Family::NotoSansBengali
                    | Family::NotoSansTamil
                    | Family::NotoSansThai
                    | Family::NotoSansLao
                    | Family::NotoSansKhmer
                    | Family::NotoSansMyanmar
                    | Family::NotoSansArabic
                    | Family::NotoSansHebrew
            ),
        }
    }

    /// Whether the face comes from a font file a layout named.
    pub fn is_file(&self, id: FaceId) -> bool {
        file_index(id).is_some()
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
        // A chunked face's file for shaping has no outlines; its `loca` still knows
        // which glyphs have none.
        let blank = match self.is_chunked(id) {
            true => chunked::is_blank(self.data(id), glyph.0),
            false => face.glyph_bounding_box(glyph).is_none(),
        };
        (Some(glyph) != space && blank).then_some(glyph.0)
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
            x_height: face.x_height().map_or(0.5, |h| h as f32 / upem),
            cap_height: face.capital_height().map_or(0.7, |h| h as f32 / upem),
            units_per_em: upem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_face_parses_and_says_right_whether_it_has_printable_ascii() {
        // The text stage relies on this to skip the fallback search for ASCII.
        let book = FontBook::default();
        for i in 0..FACES.len() {
            let id = FaceId(i as u16);
            let covered = (' '..='~').all(|c| book.covers(id, c));
            assert_eq!(book.has_ascii(id), covered, "{}", book.name(id));
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
    fn arabic_and_hebrew_faces_cover_the_letters_of_their_languages() {
        // One face must hold a whole Arabic-script word, or its letters would not join:
        // Persian's and Urdu's own letters, both sets of digits and the punctuation too.
        let book = FontBook::default();
        for bold in [false, true] {
            let arabic = book.select(Family::NotoSansArabic, Variant { bold, italic: true });
            let text = "السيرة الذاتية پ چ ژ گ ی ک ٹ ڈ ڑ ں ے ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ، ؛ ؟";
            assert!(text.chars().all(|c| book.covers(arabic, c)));
            let hebrew = book.select(Family::NotoSansHebrew, Variant { bold, italic: true });
            // CLDR's month abbreviations end in a geresh.
            assert!("קורות חיים ינו׳ ב־".chars().all(|c| book.covers(hebrew, c)));
        }
    }

    #[test]
    fn the_fonts_leave_room_for_the_code_in_a_40_mb_binary() {
        // The release binary is 33.10 MB with 25.56 MB of fonts in it (2026-12-02): the
        // code takes about 7.5 MB. Issue 12 allows 40 MB, so that the script faces to come
        // fit: 32 MB of fonts at most.
        let fonts: usize = FACES.iter().map(|f| f.storage.size()).sum();
        assert!(fonts < 32_000_000, "{fonts} bytes of fonts in the binary");
    }

    #[test]
    fn compressed_faces_decompress_to_the_fonts_and_cover_their_scripts() {
        let book = FontBook::default();
        for bold in [false, true] {
            let korean = book.select(Family::NotoSansKr, Variant { bold, italic: false });
            assert!(matches!(FACES[korean.0 as usize].storage, Storage::Chunked(_)));
            assert!("이력서 한국어".chars().all(|c| book.covers(korean, c)));
            let chinese = book.select(Family::NotoSansSc, Variant { bold, italic: false });
            // Japanese kana come from the Chinese face.
            assert!("履歴書 ひらがな カタカナ".chars().all(|c| book.covers(chinese, c)));
        }
        // A TrueType file starts with version 1.0.
        assert_eq!(&book.data(FaceId(FACES.len() as u16 - 1))[..4], &[0, 1, 0, 0]);
    }
}
