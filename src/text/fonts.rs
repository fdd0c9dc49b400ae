//! Text stage, fonts: the faces compiled into the binary → parsed faces on first use.
//!
//! Font bytes are `'static` (`include_bytes!`), so a face is parsed only when a character
//! needs it: a résumé without Chinese never touches the 10 MB CJK faces, whose pages of
//! the binary then stay unread on disk.
//!
//! Faces outside the default sans are stored compressed with zstd to keep the binary
//! under 30 MB: the rarely used CJK faces (Noto Sans SC Bold, Noto Sans KR; ≈ 10 ms each
//! to decompress), XCharter (the classic preset) and DejaVu Sans Mono (`code`; well under
//! a millisecond each). The first use decompresses a face into memory kept for the rest
//! of the process. Source Sans 3 and the face a Chinese name needs (SC Regular) stay
//! uncompressed, so the common résumés pay nothing.

use std::sync::OnceLock;

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
    face!(SourceSans3, false, true, "source-sans-3/SourceSans3-Italic.ttf"),
    face!(SourceSans3, true, true, "source-sans-3/SourceSans3-BoldItalic.ttf"),
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

/// Metrics of a face, per em.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    pub ascender: f32,
    pub descender: f32,
    pub units_per_em: f32,
}

/// The faces, parsed lazily; shared by the threads that set text.
pub struct FontBook {
    faces: Vec<OnceLock<rustybuzz::Face<'static>>>,
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
    pub fn face(&self, id: FaceId) -> &rustybuzz::Face<'static> {
        self.faces[id.0 as usize].get_or_init(|| {
            rustybuzz::Face::from_slice(font_file(id.0 as usize), 0)
                .expect("bundled fonts are valid: checked by the fonts test")
        })
    }

    /// The raw bytes, for embedding.
    pub fn data(&self, id: FaceId) -> &'static [u8] {
        font_file(id.0 as usize)
    }

    /// The file the face came from, for messages.
    pub fn name(&self, id: FaceId) -> &'static str {
        FACES[id.0 as usize].name
    }

    pub fn covers(&self, id: FaceId, c: char) -> bool {
        self.face(id).glyph_index(c).is_some()
    }

    pub fn metrics(&self, id: FaceId) -> Metrics {
        let face = self.face(id);
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
        // The release binary was 29.6 MB with 22.7 MB of fonts in it (2026-11-22): the
        // code takes about 7 MB. A face added uncompressed would break the 30 MB limit.
        let fonts: usize = FACES.iter().map(|f| f.data.len()).sum();
        assert!(fonts < 23_000_000, "{fonts} bytes of fonts in the binary");
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
