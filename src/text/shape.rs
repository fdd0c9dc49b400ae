//! Text stage, shaping: (face, text) → glyphs with per-em advances (harfrust: GPOS
//! kerning, ligatures), cached per word because résumés repeat words a lot.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap as HashMap;

use crate::font::{FaceId, FaceKey, FontBook};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Features {
    /// `smcp`: lowercase letters as small capitals.
    pub small_caps: bool,
    /// Shaped right to left (an odd bidirectional level, `bidi.rs`): the glyphs come in
    /// the order they are drawn, and brackets are mirrored.
    pub rtl: bool,
}

/// Hashed as one byte: the key of every lookup in the caches of shaped words.
impl std::hash::Hash for Features {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u8(u8::from(self.small_caps) | u8::from(self.rtl) << 1);
    }
}

impl Features {
    fn list(self) -> Vec<harfrust::Feature> {
        let mut list = Vec::new();
        if self.small_caps {
            list.push(harfrust::Feature::new(harfrust::Tag::new(b"smcp"), 1, ..));
        }
        list
    }
}

/// Shaped words of one face and feature set, by text.
type WordCache = HashMap<Box<str>, Arc<[Glyph]>>;

/// What a shape plan is built for: face, features, direction and script.
type PlanKey = (FaceId, Features, harfrust::Direction, harfrust::Script);

/// A shape plan and the features it was built with (harfrust asks for both).
type Plan = (harfrust::ShapePlan, Vec<harfrust::Feature>);

/// Shaped words, shared by the threads of a build and by the tries of a fitting: glyph
/// advances are per em, so a word shaped for one size serves every size.
#[derive(Default)]
pub struct ShapeCache {
    words: RwLock<HashMap<(FaceKey, Features), WordCache>>,
}

impl ShapeCache {
    /// Drop the words of font files that no build holds any more (a `watch` session
    /// loads an edited font file again; the old one must not stay).
    pub fn forget_unused_fonts(&self) {
        let mut words = self.words.write().unwrap_or_else(|e| e.into_inner());
        words.retain(|(face, _), _| !face.is_unused());
    }
}

impl std::fmt::Debug for ShapeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = self.words.read().unwrap_or_else(|e| e.into_inner());
        let count: usize = words.values().map(HashMap::len).sum();
        write!(f, "ShapeCache({count} words)")
    }
}

/// Shapes text of a font book's faces, for one thread.
///
/// Shaped words are looked up first in this shaper's own map, then in the [`ShapeCache`]
/// shared with other threads and builds; both hold the same glyphs. A word like "the"
/// or a space is asked for thousands of times, and taking the shared lock for each made
/// the two text threads fight over its cache line (a tenth of the text stage in a
/// profile). The shaper also keeps what costs more to build than shaping a word:
/// harfrust's shaper of each face (its tables located) and the shape plans (the face's
/// features and lookups for a script).
pub struct Shaper<'a> {
    book: &'a FontBook<'a>,
    shared: Arc<ShapeCache>,
    own: RefCell<HashMap<(FaceId, Features), WordCache>>,
    faces: RefCell<HashMap<FaceId, Rc<harfrust::Shaper<'a>>>>,
    plans: RefCell<HashMap<PlanKey, Rc<Plan>>>,
    /// harfrust's buffer of the last word, cleared for the next: a word shaped for the
    /// first time would otherwise allocate a buffer's five arrays and free them again.
    buffer: RefCell<Option<harfrust::UnicodeBuffer>>,
}

impl<'a> Shaper<'a> {
    /// A shaper of `book`'s faces over a shared cache.
    pub fn new(book: &'a FontBook<'a>, shared: Arc<ShapeCache>) -> Shaper<'a> {
        Shaper {
            book,
            shared,
            own: RefCell::default(),
            faces: RefCell::default(),
            plans: RefCell::default(),
            buffer: RefCell::default(),
        }
    }

    /// The shared cache this shaper fills, to share it further.
    pub fn cache(&self) -> &Arc<ShapeCache> {
        &self.shared
    }

    pub fn shape(&self, face: FaceId, features: Features, text: &str) -> Arc<[Glyph]> {
        let key = (face, features);
        if let Some(hit) = self.own.borrow().get(&key).and_then(|words| words.get(text)) {
            return hit.clone();
        }
        let glyphs = self.shape_shared(face, features, text);
        self.own.borrow_mut().entry(key).or_default().insert(text.into(), glyphs.clone());
        glyphs
    }

    /// The word from the shared cache, shaped and put there if it is not yet.
    fn shape_shared(&self, face: FaceId, features: Features, text: &str) -> Arc<[Glyph]> {
        let key = (self.book.key(face), features);
        let words = self.shared.words.read().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = words.get(&key).and_then(|words| words.get(text)) {
            return hit.clone();
        }
        drop(words);
        let glyphs = self.shape_uncached(face, features, text);
        let mut words = self.shared.words.write().unwrap_or_else(|e| e.into_inner());
        words.entry(key).or_default().insert(text.into(), glyphs.clone());
        glyphs
    }

    /// Width in em of a shaped text.
    pub fn width(&self, face: FaceId, features: Features, text: &str) -> f32 {
        self.shape(face, features, text).iter().map(|g| g.advance).sum()
    }

    fn shape_uncached(&self, face_id: FaceId, features: Features, text: &str) -> Arc<[Glyph]> {
        let shaper = self
            .faces
            .borrow_mut()
            .entry(face_id)
            .or_insert_with(|| Rc::new(self.book.face(face_id).shaper()))
            .clone();
        let upem = shaper.units_per_em() as f32;
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        // The direction is the bidirectional algorithm's, not the script's: Arabic-Indic
        // digits are of the Arabic script, and read left to right.
        buffer.set_direction(if features.rtl {
            harfrust::Direction::RightToLeft
        } else {
            harfrust::Direction::LeftToRight
        });
        let key = (face_id, features, buffer.direction(), buffer.script());
        let plan = self
            .plans
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                let list = features.list();
                let plan = harfrust::ShapePlan::new(&shaper, key.2, Some(key.3), None, &list);
                Rc::new((plan, list))
            })
            .clone();
        let (plan, list) = &*plan;
        let options = harfrust::ShapeOptions::new().plan(Some(plan)).features(list);
        let output = shaper.shape(buffer, options);
        let glyphs = output
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
            .collect();
        self.buffer.replace(Some(output.clear()));
        glyphs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::{Family, Variant};

    #[test]
    fn kerning_and_ligatures_apply() {
        let book = FontBook::default();
        let shaper = Shaper::new(&book, Arc::default());
        let face = book.select(Family::SourceSans3, Variant::default());
        // "AV" is kerned tighter than "A" + "V" apart.
        let plain = Features::default();
        let pair = shaper.width(face, plain, "AV");
        let apart = shaper.width(face, plain, "A") + shaper.width(face, plain, "V");
        assert!(pair < apart, "{pair} vs {apart}");
        // Source Sans 3 joins "ff" (not "ffi") into one glyph: o, ff, i, c, e.
        let glyphs = shaper.shape(face, plain, "office");
        let clusters: Vec<u32> = glyphs.iter().map(|g| g.cluster).collect();
        assert_eq!(clusters, [0, 1, 3, 4, 5]);
        let f = shaper.shape(face, plain, "f")[0].id;
        assert_ne!(glyphs[1].id, f, "the ligature, not an f");
    }

    #[test]
    fn small_caps_change_the_glyphs_of_lowercase_letters() {
        let book = FontBook::default();
        let shaper = Shaper::new(&book, Arc::default());
        for family in [Family::XCharter, Family::SourceSans3] {
            let face = book.select(family, Variant::default());
            let plain = shaper.shape(face, Features::default(), "Experience");
            let small = shaper.shape(
                face,
                Features { small_caps: true, ..Features::default() },
                "Experience",
            );
            assert_eq!(plain[0].id, small[0].id, "{family:?}: the capital E stays");
            assert_ne!(plain[1].id, small[1].id, "{family:?}: x becomes a small capital");
        }
    }
}
