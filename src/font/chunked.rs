//! Fonts, storage: a large face cut into chunks (`build.rs`) → the font file
//! shaping needs, and a font file with the outlines of the glyphs a document uses.
//!
//! A CJK face is about 10 MB, nearly all outlines, and a résumé uses a handful of its
//! 30,000 glyphs: a bold Chinese name, three. Decompressing the whole face cost a build
//! 50 to 110 ms and 20 MB. Cut into a *skeleton* (every table but the outlines, about
//! 450 KB) and outlines in independently compressed chunks of 256 glyphs, the face
//! costs what is used:
//!
//! - shaping and measuring read the skeleton: the character map, metrics, kerning and
//!   substitutions are all there, and `loca` still tells each outline's length;
//! - the PDF and the previews get [`ChunkedFace::with_glyphs`]: the skeleton with a
//!   `glyf` table holding the glyphs the document uses (and the glyphs those are built
//!   from), every other glyph empty. Glyph numbers do not change, so what was shaped
//!   against the skeleton is drawn from this file unchanged, and krilla's subset of it
//!   holds the same outlines as a subset of the original.

use std::collections::BTreeMap;

/// Glyphs per chunk, as `build.rs` cuts them.
const GLYPHS_PER_CHUNK: usize = 256;

/// A face as `build.rs` stores it (its module documentation has the format).
pub struct ChunkedFace {
    /// The font file with an empty `glyf` table.
    pub skeleton: &'static [u8],
    /// The outlines, in zstd frames of [`GLYPHS_PER_CHUNK`] glyphs.
    pub chunks: &'static [u8],
    /// Where each frame starts in `chunks`, little-endian `u32`, and where the last ends.
    pub index: &'static [u8],
}

/// Why a chunked face could not be read: only a damaged build, which the tests catch.
#[derive(Debug)]
pub struct Damaged(&'static str);

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a bundled face is damaged: {}", self.0)
    }
}

impl ChunkedFace {
    /// The skeleton with the outlines of `glyphs` and of the glyphs they are composed of;
    /// glyphs it does not have are left out.
    pub fn with_glyphs(&self, glyphs: impl IntoIterator<Item = u16>) -> Result<Vec<u8>, Damaged> {
        let font = Skeleton::read(self.skeleton).ok_or(Damaged("the table directory"))?;
        let mut outlines = Outlines { face: self, font: &font, chunks: BTreeMap::new() };
        // Composite glyphs name their parts; follow them until no new glyph appears.
        // Glyph 0 (.notdef) is in every subset krilla writes.
        let mut wanted: Vec<u16> = glyphs.into_iter().chain([0]).collect();
        let mut data: BTreeMap<u16, Vec<u8>> = BTreeMap::new();
        while let Some(glyph) = wanted.pop() {
            if data.contains_key(&glyph) {
                continue;
            }
            let Some(bytes) = outlines.glyph(glyph)? else { continue };
            wanted.extend(components(&bytes));
            data.insert(glyph, bytes);
        }
        Ok(font.with_outlines(&data))
    }
}

/// The skeleton's table directory and outline offsets.
struct Skeleton<'a> {
    file: &'a [u8],
    /// Tag and byte range of every table, in directory order.
    tables: Vec<([u8; 4], std::ops::Range<usize>)>,
    /// Where each glyph's outline was in the original `glyf` (one more than glyphs).
    offsets: Vec<usize>,
    long_offsets: bool,
}

impl<'a> Skeleton<'a> {
    fn read(file: &'a [u8]) -> Option<Skeleton<'a>> {
        let tables = tables(file)?;
        let long_offsets = long_offsets(file, &tables)?;
        let loca = table(file, &tables, b"loca")?;
        let step = if long_offsets { 4 } else { 2 };
        let offsets = (0..loca.len() / step)
            .map(|i| loca_entry(loca, long_offsets, i))
            .collect::<Option<_>>()?;
        Some(Skeleton { file, tables, offsets, long_offsets })
    }

    fn glyphs(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The font file with `outlines` in `glyf` and `loca` to match; every other table as
    /// it is.
    fn with_outlines(&self, outlines: &BTreeMap<u16, Vec<u8>>) -> Vec<u8> {
        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity(self.offsets.len() * 4);
        for glyph in 0..=self.glyphs() {
            // Outlines keep their original lengths, even in the short format (which
            // stores offsets halved).
            if self.long_offsets {
                loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
            } else {
                loca.extend_from_slice(&((glyf.len() / 2) as u16).to_be_bytes());
            }
            if let Some(outline) = u16::try_from(glyph).ok().and_then(|g| outlines.get(&g)) {
                glyf.extend_from_slice(outline);
            }
        }
        let mut out = self.file[..12 + 16 * self.tables.len()].to_vec();
        for (i, (tag, range)) in self.tables.iter().enumerate() {
            let data = match tag {
                b"glyf" => glyf.as_slice(),
                b"loca" => loca.as_slice(),
                _ => &self.file[range.clone()],
            };
            let offset = out.len();
            out.extend_from_slice(data);
            out.resize(out.len().next_multiple_of(4), 0);
            let entry = 12 + 16 * i;
            if matches!(tag, b"glyf" | b"loca") {
                out[entry + 4..entry + 8].copy_from_slice(&checksum(data).to_be_bytes());
            }
            out[entry + 8..entry + 12].copy_from_slice(&(offset as u32).to_be_bytes());
            out[entry + 12..entry + 16].copy_from_slice(&(data.len() as u32).to_be_bytes());
        }
        out
    }
}

/// Whether `glyph` has no outline, by its length in the skeleton's `loca`; a glyph the
/// face does not have counts as blank. Reads two entries, not the whole table: the text
/// stage asks once per gap it fills.
pub fn is_blank(skeleton: &[u8], glyph: u16) -> bool {
    let offsets = || {
        let tables = tables(skeleton)?;
        let (long, loca) = (long_offsets(skeleton, &tables)?, table(skeleton, &tables, b"loca")?);
        let glyph = usize::from(glyph);
        Some((loca_entry(loca, long, glyph)?, loca_entry(loca, long, glyph + 1)?))
    };
    offsets().is_none_or(|(start, end)| start == end)
}

/// Tag and byte range of every table of a TrueType file, in directory order.
fn tables(file: &[u8]) -> Option<Vec<([u8; 4], std::ops::Range<usize>)>> {
    let count = usize::from(u16::from_be_bytes(file.get(4..6)?.try_into().ok()?));
    (0..count)
        .map(|i| {
            let entry = file.get(12 + 16 * i..28 + 16 * i)?;
            let word = |at: usize| u32::from_be_bytes(entry[at..at + 4].try_into().unwrap());
            let range = word(8) as usize..word(8) as usize + word(12) as usize;
            file.get(range.clone())?;
            Some((entry[..4].try_into().ok()?, range))
        })
        .collect()
}

fn table<'a>(
    file: &'a [u8],
    tables: &[([u8; 4], std::ops::Range<usize>)],
    tag: &[u8; 4],
) -> Option<&'a [u8]> {
    let (_, range) = tables.iter().find(|(t, _)| t == tag)?;
    file.get(range.clone())
}

/// Whether `loca` holds 32-bit offsets (`head.indexToLocFormat`).
fn long_offsets(file: &[u8], tables: &[([u8; 4], std::ops::Range<usize>)]) -> Option<bool> {
    Some(table(file, tables, b"head")?.get(50..52)? == [0, 1])
}

/// Where outline `i` starts in `glyf`.
fn loca_entry(loca: &[u8], long: bool, i: usize) -> Option<usize> {
    Some(match long {
        true => u32::from_be_bytes(loca.get(4 * i..4 * i + 4)?.try_into().ok()?) as usize,
        false => 2 * usize::from(u16::from_be_bytes(loca.get(2 * i..2 * i + 2)?.try_into().ok()?)),
    })
}

/// The outlines of one face, decompressed a chunk at a time as glyphs ask for them.
struct Outlines<'a> {
    face: &'a ChunkedFace,
    font: &'a Skeleton<'a>,
    chunks: BTreeMap<usize, Vec<u8>>,
}

impl Outlines<'_> {
    /// A glyph's outline bytes (empty for a blank glyph); `None` for a glyph the face
    /// does not have.
    fn glyph(&mut self, glyph: u16) -> Result<Option<Vec<u8>>, Damaged> {
        let glyph = usize::from(glyph);
        if glyph >= self.font.glyphs() {
            return Ok(None);
        }
        let chunk = glyph / GLYPHS_PER_CHUNK;
        let first = chunk * GLYPHS_PER_CHUNK;
        if !self.chunks.contains_key(&chunk) {
            let frame = |i: usize| -> Option<usize> {
                let bytes = self.face.index.get(4 * i..4 * i + 4)?;
                Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
            };
            let range = frame(chunk).zip(frame(chunk + 1)).ok_or(Damaged("the chunk index"))?;
            let frame = self.face.chunks.get(range.0..range.1).ok_or(Damaged("a chunk"))?;
            let last = (first + GLYPHS_PER_CHUNK).min(self.font.glyphs());
            let size = self.font.offsets[last] - self.font.offsets[first];
            let bytes = super::compressed::decompress(frame, size)
                .filter(|bytes| bytes.len() == size)
                .ok_or(Damaged("a chunk"))?;
            self.chunks.insert(chunk, bytes);
        }
        let bytes = &self.chunks[&chunk];
        let base = self.font.offsets[first];
        let range = self.font.offsets[glyph] - base..self.font.offsets[glyph + 1] - base;
        bytes.get(range).map(|b| Some(b.to_vec())).ok_or(Damaged("an outline"))
    }
}

/// The glyphs a composite outline is built from (none for a simple one).
fn components(outline: &[u8]) -> Vec<u16> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAVE_X_AND_Y_SCALE: u16 = 0x0040;
    const HAVE_TWO_BY_TWO: u16 = 0x0080;
    let word = |at: usize| outline.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let mut parts = Vec::new();
    // A simple glyph has a non-negative number of contours.
    if word(0).is_none_or(|contours| contours as i16 >= 0) {
        return parts;
    }
    let mut at = 10;
    while let (Some(flags), Some(glyph)) = (word(at), word(at + 2)) {
        parts.push(glyph);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += match flags {
            f if f & HAVE_SCALE != 0 => 2,
            f if f & HAVE_X_AND_Y_SCALE != 0 => 4,
            f if f & HAVE_TWO_BY_TWO != 0 => 8,
            _ => 0,
        };
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    parts
}

/// The OpenType table checksum: the sum of its big-endian `u32`s, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, word| {
        let mut padded = [0; 4];
        padded[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(padded))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The faces as `build.rs` cut them, with the files they were cut from.
    fn faces() -> Vec<(ChunkedFace, Vec<u8>)> {
        macro_rules! face {
            ($stem:literal, $path:literal) => {
                (
                    ChunkedFace {
                        skeleton: include_bytes!(concat!(env!("OUT_DIR"), "/", $stem, ".skeleton")),
                        chunks: include_bytes!(concat!(env!("OUT_DIR"), "/", $stem, ".glyf.zst")),
                        index: include_bytes!(concat!(env!("OUT_DIR"), "/", $stem, ".index")),
                    },
                    crate::font::compressed::decompress(
                        include_bytes!(concat!("../../fonts/", $path)),
                        0,
                    )
                    .unwrap(),
                )
            };
        }
        vec![
            face!("NotoSansSC-Bold", "noto-sans-sc/NotoSansSC-Bold.ttf.zst"),
            face!("NotoSansKR-Regular", "noto-sans-kr/NotoSansKR-Regular.ttf.zst"),
            face!("NotoSansKR-Bold", "noto-sans-kr/NotoSansKR-Bold.ttf.zst"),
        ]
    }

    /// Each glyph's outline bytes in a font file.
    fn outlines(file: &[u8]) -> Vec<Vec<u8>> {
        let font = Skeleton::read(file).unwrap();
        let glyf = font.tables.iter().find(|(tag, _)| tag == b"glyf").unwrap().1.clone();
        let glyf = &file[glyf];
        (0..font.glyphs()).map(|g| glyf[font.offsets[g]..font.offsets[g + 1]].to_vec()).collect()
    }

    /// The bytes of every table but `glyf` and `loca`, by tag.
    fn other_tables(file: &[u8]) -> BTreeMap<[u8; 4], Vec<u8>> {
        let font = Skeleton::read(file).unwrap();
        let kept = font.tables.iter().filter(|(tag, _)| !matches!(tag, b"glyf" | b"loca"));
        kept.map(|(tag, range)| (*tag, file[range.clone()].to_vec())).collect()
    }

    #[test]
    fn every_glyph_comes_back_as_it_was_and_every_other_table_too() {
        for (face, original) in faces() {
            let skeleton = face.skeleton;
            let count = Skeleton::read(&original).unwrap().glyphs();
            let all = face.with_glyphs(0..count as u16).unwrap();
            assert_eq!(outlines(&all), outlines(&original));
            assert_eq!(other_tables(&all), other_tables(&original));
            assert_eq!(other_tables(skeleton), other_tables(&original));
            // Shaping and metrics read the skeleton as they read the original.
            let (a, b) =
                (ttf_parser::Face::parse(skeleton, 0), ttf_parser::Face::parse(&original, 0));
            let (a, b) = (a.unwrap(), b.unwrap());
            for c in "罗锦华 이력서 Ab".chars() {
                let glyph = b.glyph_index(c);
                assert_eq!(a.glyph_index(c), glyph);
                assert_eq!(
                    glyph.and_then(|g| a.glyph_hor_advance(g)),
                    glyph.and_then(|g| b.glyph_hor_advance(g))
                );
            }
        }
    }

    #[test]
    fn a_few_glyphs_bring_only_their_outlines_and_their_parts() {
        for (face, original) in faces() {
            let before = outlines(&original);
            let simple = (1..before.len())
                .find(|&g| !before[g].is_empty() && components(&before[g]).is_empty());
            let composite = (1..before.len()).find(|&g| !components(&before[g]).is_empty());
            let wanted: Vec<u16> = simple.into_iter().chain(composite).map(|g| g as u16).collect();
            let drawn = outlines(&face.with_glyphs(wanted.iter().copied()).unwrap());
            let mut expected: Vec<usize> = vec![0];
            expected.extend(wanted.iter().map(|&g| usize::from(g)));
            if let Some(g) = composite {
                expected.extend(components(&before[g]).into_iter().map(usize::from));
            }
            for (g, outline) in drawn.iter().enumerate() {
                match expected.contains(&g) {
                    true => assert_eq!(outline, &before[g], "glyph {g}"),
                    false => assert!(outline.is_empty(), "glyph {g} was not asked for"),
                }
            }
            assert!(drawn.len() == before.len());
        }
    }

    #[test]
    fn blank_glyphs_are_known_without_outlines() {
        for (face, original) in faces() {
            let parsed = ttf_parser::Face::parse(&original, 0).unwrap();
            for c in [' ', '\u{2009}', 'A', '罗'] {
                let Some(glyph) = parsed.glyph_index(c) else { continue };
                let blank = parsed.glyph_bounding_box(glyph).is_none();
                assert_eq!(is_blank(face.skeleton, glyph.0), blank, "{c:?}");
            }
        }
    }

    #[test]
    fn a_composite_glyph_names_its_parts() {
        // The CJK faces have no composite glyphs; Source Sans 3 builds accented letters so.
        let file = include_bytes!("../../fonts/source-sans-3/SourceSans3-Regular.ttf");
        let parsed = ttf_parser::Face::parse(file, 0).unwrap();
        let all = outlines(file);
        let glyph = |c| parsed.glyph_index(c).unwrap().0;
        for (accented, base) in [('é', 'e'), ('Å', 'A'), ('ñ', 'n')] {
            let parts = components(&all[usize::from(glyph(accented))]);
            assert_eq!(parts.len(), 2, "{accented}");
            assert!(parts.contains(&glyph(base)), "{accented}: {parts:?}");
        }
        assert!(components(&all[usize::from(glyph('e'))]).is_empty());
    }
}
