//! Text stage, shaping: (face, text) → glyphs with per-em advances (rustybuzz: GPOS
//! kerning, ligatures), cached per word because résumés repeat words a lot.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap as HashMap;

use super::fonts::{FaceId, FontBook};

/// One shaped glyph. Lengths are in em; multiply by the font size for points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Byte offset, in the shaped text, of the cluster this glyph belongs to.
    pub cluster: u32,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
}

/// OpenType features a run asks for beyond the font's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Features {
    /// `smcp`: lowercase letters as small capitals.
    pub small_caps: bool,
}

impl Features {
    fn list(self) -> Vec<rustybuzz::Feature> {
        let tag = rustybuzz::ttf_parser::Tag::from_bytes;
        let mut list = Vec::new();
        if self.small_caps {
            list.push(rustybuzz::Feature::new(tag(b"smcp"), 1, ..));
        }
        list
    }
}

/// Shaped words of one face and feature set, by text.
type WordCache = HashMap<Box<str>, Arc<[Glyph]>>;

/// Shape plans by face, features, direction and script.
type PlanCache =
    HashMap<(FaceId, Features, rustybuzz::Direction, rustybuzz::Script), Rc<rustybuzz::ShapePlan>>;

/// Shaped words, shared by the threads of a build and by the tries of a fitting: glyph
/// advances are per em, so a word shaped for one size serves every size.
#[derive(Default)]
pub struct ShapeCache {
    words: RwLock<HashMap<(FaceId, Features), WordCache>>,
}

impl std::fmt::Debug for ShapeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = self.words.read().unwrap_or_else(|e| e.into_inner());
        let count: usize = words.values().map(HashMap::len).sum();
        write!(f, "ShapeCache({count} words)")
    }
}

/// Shapes text through a shared [`ShapeCache`], keeping the shape plans it built (building
/// a plan, the face's features and lookups for a script, costs more than shaping a word).
#[derive(Default)]
pub struct Shaper {
    cache: Arc<ShapeCache>,
    plans: RefCell<PlanCache>,
}

impl Shaper {
    /// A shaper over a shared cache.
    pub fn new(cache: Arc<ShapeCache>) -> Shaper {
        Shaper { cache, plans: RefCell::default() }
    }

    /// The cache this shaper fills, to share it.
    pub fn cache(&self) -> &Arc<ShapeCache> {
        &self.cache
    }

    pub fn shape(
        &self,
        book: &FontBook,
        face: FaceId,
        features: Features,
        text: &str,
    ) -> Arc<[Glyph]> {
        let key = (face, features);
        let words = self.cache.words.read().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = words.get(&key).and_then(|words| words.get(text)) {
            return hit.clone();
        }
        drop(words);
        let glyphs = self.shape_uncached(book, face, features, text);
        let mut words = self.cache.words.write().unwrap_or_else(|e| e.into_inner());
        words.entry(key).or_default().insert(text.into(), glyphs.clone());
        glyphs
    }

    /// Width in em of a shaped text.
    pub fn width(&self, book: &FontBook, face: FaceId, features: Features, text: &str) -> f32 {
        self.shape(book, face, features, text).iter().map(|g| g.advance).sum()
    }
}

impl Shaper {
    fn shape_uncached(
        &self,
        book: &FontBook,
        face_id: FaceId,
        features: Features,
        text: &str,
    ) -> Arc<[Glyph]> {
        let face = book.face(face_id);
        let upem = face.units_per_em() as f32;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let key = (face_id, features, buffer.direction(), buffer.script());
        let plan = self
            .plans
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                let list = features.list();
                Rc::new(rustybuzz::ShapePlan::new(face, key.2, Some(key.3), None, &list))
            })
            .clone();
        let output = rustybuzz::shape_with_plan(face, &plan, buffer);
        output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, pos)| Glyph {
                id: info.glyph_id as u16,
                cluster: info.cluster,
                advance: pos.x_advance as f32 / upem,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Family;
    use crate::text::fonts::Variant;

    #[test]
    fn kerning_and_ligatures_apply() {
        let book = FontBook::default();
        let shaper = Shaper::default();
        let face = book.select(Family::SourceSans3, Variant::default());
        // "AV" is kerned tighter than "A" + "V" apart.
        let plain = Features::default();
        let pair = shaper.width(&book, face, plain, "AV");
        let apart = shaper.width(&book, face, plain, "A") + shaper.width(&book, face, plain, "V");
        assert!(pair < apart, "{pair} vs {apart}");
        // "ffi" becomes fewer glyphs than characters in XCharter or Source Sans.
        assert!(shaper.shape(&book, face, plain, "office").len() <= 6);
    }

    #[test]
    fn small_caps_change_the_glyphs_of_lowercase_letters() {
        let book = FontBook::default();
        let shaper = Shaper::default();
        for family in [Family::XCharter, Family::SourceSans3] {
            let face = book.select(family, Variant::default());
            let plain = shaper.shape(&book, face, Features::default(), "Experience");
            let small = shaper.shape(&book, face, Features { small_caps: true }, "Experience");
            assert_eq!(plain[0].id, small[0].id, "{family:?}: the capital E stays");
            assert_ne!(plain[1].id, small[1].id, "{family:?}: x becomes a small capital");
        }
    }
}
