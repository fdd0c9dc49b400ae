//! Fonts, Han glyph forms: a résumé's language and the user's font folders
//! (`--font-path`) → the faces that draw its Chinese characters as its readers write them.
//!
//! One character is drawn differently in mainland China, Taiwan, Hong Kong and Japan:
//! 直 has an extra stroke in Japan and Taiwan, 骨's inner box opens to the other side,
//! and the full stop sits in the corner or in the middle of its square. Readers notice,
//! as an English reader would notice a German ß in the middle of a word. cvpdf carries
//! Noto Sans SC only, whose forms are the mainland's: Japanese and Traditional Chinese
//! faces would take the binary past its 40 MB. So for a résumé in Japanese (`ja`) or
//! Traditional Chinese (`zh-TW`, `zh-Hant`; `zh-HK`, `yue`) cvpdf looks for the faces
//! with those forms in the folders the user gives:
//!
//! - the Noto Sans CJK collections (`NotoSansCJK-Regular.ttc`, `-Bold.ttc`: Debian's
//!   and Ubuntu's `fonts-noto-cjk`, Fedora's `google-noto-sans-cjk-fonts`), which hold
//!   every region's faces;
//! - one region's files: `NotoSansCJKjp-Regular.otf`, `NotoSansJP-Regular.ttf` (Google
//!   Fonts' static files), `SourceHanSansTC-Bold.otf`, and so on.
//!
//! Files are found by their names, so that no other font file is opened: a system fonts
//! folder of a thousand files costs a listing. A face is then picked by its PostScript
//! name (`NotoSansCJKjp-Bold`), which says its region and weight whatever the file is
//! called. Regular and bold are looked for; without a bold face, bold text has the
//! regular one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{FontFile, FontFileError, MAX_FONT_BYTES};
use crate::access::{Access, Denied};

/// Han glyph forms other than the mainland's, which the bundled Noto Sans SC has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HanForms {
    Japanese,
    /// Traditional Chinese as Taiwan writes it.
    Taiwan,
    /// Traditional Chinese as Hong Kong and Macau write it.
    HongKong,
}

impl HanForms {
    /// The forms a language's readers expect, when they are not the mainland's: `ja`;
    /// `zh-TW` and `zh-Hant`; `zh-HK`, `zh-MO` and Cantonese (`yue`). Korean keeps the
    /// bundled Noto Sans KR, whose Hanja have Korean forms.
    pub fn of(language: &str) -> Option<HanForms> {
        let mut subtags = language.split(['-', '_']).map(|s| s.to_ascii_lowercase());
        let primary = subtags.next()?;
        let rest: Vec<String> = subtags.collect();
        let has = |subtag: &str| rest.iter().any(|s| s == subtag);
        if has("hans") {
            return None;
        }
        match primary.as_str() {
            "ja" | "jpn" => Some(HanForms::Japanese),
            "yue" => Some(HanForms::HongKong),
            "zh" | "zho" | "chi" | "cmn" if has("hk") || has("mo") => Some(HanForms::HongKong),
            "zh" | "zho" | "chi" | "cmn" if has("hant") || has("tw") => Some(HanForms::Taiwan),
            _ => None,
        }
    }

    /// The forms in words, for messages.
    pub fn name(self) -> &'static str {
        match self {
            HanForms::Japanese => "Japanese",
            HanForms::Taiwan => "Traditional Chinese (Taiwan)",
            HanForms::HongKong => "Traditional Chinese (Hong Kong)",
        }
    }

    /// The face cvpdf would use, for messages: `Noto Sans CJK JP`.
    pub fn face_name(self) -> &'static str {
        match self {
            HanForms::Japanese => "Noto Sans CJK JP",
            HanForms::Taiwan => "Noto Sans CJK TC",
            HanForms::HongKong => "Noto Sans CJK HK",
        }
    }

    /// The PostScript names of the faces with these forms, without the weight.
    fn postscript_stems(self) -> &'static [&'static str] {
        match self {
            // Source Han Sans's collection calls its Japanese face plain `SourceHanSans`.
            HanForms::Japanese => {
                &["NotoSansCJKjp", "NotoSansJP", "SourceHanSansJP", "SourceHanSans"]
            }
            HanForms::Taiwan => &["NotoSansCJKtc", "NotoSansTC", "SourceHanSansTC"],
            HanForms::HongKong => {
                &["NotoSansCJKhk", "NotoSansHK", "SourceHanSansHK", "SourceHanSansHC"]
            }
        }
    }

    /// Whether a file named `name` may hold one of these faces, and of which weight
    /// (bold or not): a face's own name, or a collection of every region's.
    fn file_weight(self, name: &str) -> Option<bool> {
        let lower = name.to_ascii_lowercase();
        let (stem, extension) = lower.rsplit_once('.')?;
        let (family, weight) = stem.rsplit_once('-')?;
        let bold = match weight {
            "regular" => false,
            "bold" => true,
            _ => return None,
        };
        let collection = matches!(extension, "ttc" | "otc")
            && ["notosanscjk", "sourcehansans"].contains(&family);
        let single = matches!(extension, "ttf" | "otf" | "ttc" | "otc")
            && self.postscript_stems().iter().any(|s| s.eq_ignore_ascii_case(family));
        (collection || single).then_some(bold)
    }

    /// The face of `data` (a font file or a collection) with these forms in the given
    /// weight, by its PostScript name; an error when no face of it can be read.
    fn face_in(self, data: &[u8], bold: bool) -> Result<Option<u32>, String> {
        let weight = if bold { "Bold" } else { "Regular" };
        let faces = ttf_parser::fonts_in_collection(data).unwrap_or(1).min(MAX_FACES);
        let mut readable = false;
        for index in 0..faces {
            let Ok(face) = ttf_parser::Face::parse(data, index) else { continue };
            readable = true;
            let name = face
                .names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
                .find_map(|n| n.to_string());
            let named = name.is_some_and(|name| {
                self.postscript_stems().iter().any(|stem| {
                    name.strip_prefix(stem).and_then(|w| w.strip_prefix('-')) == Some(weight)
                })
            });
            if named {
                return Ok(Some(index));
            }
        }
        match readable {
            true => Ok(None),
            false => Err("it is not a font file cvpdf can read".into()),
        }
    }
}

/// Faces of a collection looked at: Noto Sans CJK's have ten.
const MAX_FACES: u32 = 64;
/// How deep below a font folder files are looked for (`/usr/share/fonts` holds
/// `opentype/noto/`), and how many entries are listed at most in all.
const MAX_DEPTH: usize = 6;
const MAX_ENTRIES: usize = 100_000;

/// The faces with a language's forms: regular, and bold when there is one.
#[derive(Debug, Clone)]
pub struct HanFaces {
    pub forms: HanForms,
    pub regular: Arc<FontFile>,
    pub bold: Option<Arc<FontFile>>,
}

/// What looking in the font folders found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub faces: Option<HanFaces>,
    /// Files whose names promised a face but which could not be used: the path and why.
    pub unusable: Vec<(PathBuf, String)>,
}

/// Look in `folders` (and below them) for the faces with `forms`. `access` must allow
/// the folders.
pub fn find(forms: HanForms, folders: &[PathBuf], access: &Access) -> Found {
    let mut found = Found::default();
    let mut regular = None;
    let mut bold = None;
    let mut budget = MAX_ENTRIES;
    for folder in folders {
        let mut files = Vec::new();
        list(forms, folder, 0, &mut budget, &mut files);
        for (path, is_bold) in files {
            let slot = if is_bold { &mut bold } else { &mut regular };
            if slot.is_some() {
                continue;
            }
            match load(forms, folder, &path, is_bold, access) {
                Ok(Some(file)) => *slot = Some(Arc::new(file)),
                Ok(None) => {}
                Err(why) => found.unusable.push((path, why)),
            }
        }
    }
    found.faces = regular.map(|regular| HanFaces { forms, regular, bold });
    found
}

/// The files below `folder` whose names may hold a face with `forms`, in name order,
/// each with whether it is bold. Hidden files and folders are passed over, and links to
/// folders are not followed (they could loop).
fn list(
    forms: HanForms,
    folder: &Path,
    depth: usize,
    budget: &mut usize,
    out: &mut Vec<(PathBuf, bool)>,
) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    let mut entries: Vec<_> = entries.flatten().take(*budget).collect();
    *budget -= entries.len();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let Some(name) = name.to_str().filter(|n| !n.starts_with('.')) else { continue };
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if depth < MAX_DEPTH {
                list(forms, &entry.path(), depth + 1, budget, out);
            }
        } else if let Some(bold) = forms.file_weight(name) {
            out.push((entry.path(), bold));
        }
    }
}

/// Read the file at `path` (in `folder`) and take its face with `forms`; `None` when it
/// has none, an error in words when it cannot be read.
fn load(
    forms: HanForms,
    folder: &Path,
    path: &Path,
    bold: bool,
    access: &Access,
) -> Result<Option<FontFile>, String> {
    // Relative to the folder it was listed in, which may be a relative path itself.
    let name = path.strip_prefix(folder).unwrap_or(path);
    let name = name.to_str().ok_or("its path is not UTF-8")?;
    let (real, data) =
        access.read_within(folder, name, MAX_FONT_BYTES).map_err(|denied| match denied {
            Denied::Outside => "it leads out of the font folders".to_string(),
            Denied::Hidden => "it is in a hidden folder".to_string(),
            Denied::NotFound => "it does not exist".to_string(),
            Denied::NotAFile(kind) => format!("it is {kind}, not a file"),
            Denied::TooBig(_) => format!("it is larger than {} MB", MAX_FONT_BYTES >> 20),
            Denied::Unreadable(why) => format!("it cannot be read ({why})"),
        })?;
    let Some(index) = forms.face_in(&data, bold)? else { return Ok(None) };
    let shown = path.display().to_string();
    FontFile::in_collection(shown, real, Arc::new(data), index).map(Some).map_err(|e| match e {
        FontFileError::NotAFont(_) => "it is not a font file".to_string(),
        FontFileError::Corrupt(why) => format!("it is damaged: {why}"),
    })
}

/// The faces found for each language's forms and folders, kept by a caller that builds
/// more than once (`cvpdf::Cache`): a batch reads the 20 MB collections once.
#[derive(Debug, Default)]
pub struct HanFaceCache {
    found: Mutex<Vec<(HanForms, Vec<PathBuf>, Found)>>,
}

impl HanFaceCache {
    /// What [`find`] finds, from the cache when it was looked for before.
    pub fn find(&self, forms: HanForms, folders: &[PathBuf], access: &Access) -> Found {
        let mut cache = self.found.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, _, found)) = cache.iter().find(|(f, d, _)| *f == forms && d == folders) {
            return found.clone();
        }
        let found = find(forms, folders, access);
        cache.push((forms, folders.to_vec(), found.clone()));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_have_the_forms_their_readers_write() {
        for (language, forms) in [
            ("ja", Some(HanForms::Japanese)),
            ("ja-JP", Some(HanForms::Japanese)),
            ("zh-TW", Some(HanForms::Taiwan)),
            ("zh-Hant", Some(HanForms::Taiwan)),
            ("zh-Hant-TW", Some(HanForms::Taiwan)),
            ("zh_TW", Some(HanForms::Taiwan)),
            ("zh-HK", Some(HanForms::HongKong)),
            ("zh-Hant-HK", Some(HanForms::HongKong)),
            ("zh-MO", Some(HanForms::HongKong)),
            ("yue", Some(HanForms::HongKong)),
            ("zh", None),
            ("zh-CN", None),
            ("zh-Hans-HK", None),
            ("zh-SG", None),
            ("ko", None),
            ("en", None),
            ("", None),
        ] {
            assert_eq!(HanForms::of(language), forms, "{language}");
        }
    }

    #[test]
    fn files_are_chosen_by_name_before_they_are_opened() {
        let japanese = HanForms::Japanese;
        for (name, weight) in [
            ("NotoSansCJK-Regular.ttc", Some(false)),
            ("NotoSansCJK-Bold.ttc", Some(true)),
            ("NotoSansCJKjp-Regular.otf", Some(false)),
            ("NotoSansJP-Bold.ttf", Some(true)),
            ("SourceHanSans-Regular.ttc", Some(false)),
            ("SourceHanSansJP-Bold.otf", Some(true)),
            // Another region, weight or family, or not a font.
            ("NotoSansCJKtc-Regular.otf", None),
            ("NotoSansCJK-Medium.ttc", None),
            ("NotoSerifCJK-Regular.ttc", None),
            ("NotoSansJP[wght].ttf", None),
            ("NotoSansJP-Regular.txt", None),
            ("NotoSansCJK-Regular.ttf", None),
        ] {
            assert_eq!(japanese.file_weight(name), weight, "{name}");
        }
        assert_eq!(HanForms::HongKong.file_weight("SourceHanSansHC-Regular.otf"), Some(false));
        assert_eq!(HanForms::Taiwan.file_weight("notosanstc-regular.otf"), Some(false));
    }

    #[test]
    fn a_face_is_picked_from_a_collection_by_its_name() {
        // Debian's fonts-noto-cjk, which .ci/run installs: ten faces, JP first.
        let path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (fonts-noto-cjk)"));
        assert_eq!(HanForms::Japanese.face_in(&data, true), Ok(Some(0)));
        assert_eq!(HanForms::Taiwan.face_in(&data, true), Ok(Some(3)));
        assert_eq!(HanForms::HongKong.face_in(&data, true), Ok(Some(4)));
        assert_eq!(HanForms::Japanese.face_in(&data, false), Ok(None), "the wrong weight");
        assert!(HanForms::Japanese.face_in(b"ttcf\0\x01\0\0\0\0\0\x09", false).is_err());
        // A font of one face that is none of them.
        let sans = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/source-sans-3/SourceSans3-Regular.ttf"
        ))
        .unwrap();
        assert_eq!(HanForms::Japanese.face_in(&sans, false), Ok(None));
    }

    #[test]
    fn faces_are_found_below_a_folder_and_read_once_for_many_builds() {
        let folder = PathBuf::from("/usr/share/fonts");
        let mut access = Access::none();
        access.allow(&folder).unwrap();
        let cache = HanFaceCache::default();
        let found = cache.find(HanForms::Taiwan, std::slice::from_ref(&folder), &access);
        let faces = found.faces.expect("Noto Sans CJK TC below /usr/share/fonts");
        assert_eq!(faces.regular.index, 3);
        assert_eq!(faces.bold.as_ref().map(|b| b.index), Some(3));
        assert!(faces.regular.name.ends_with("NotoSansCJK-Regular.ttc"), "{}", faces.regular.name);
        let again = cache.find(HanForms::Taiwan, &[folder], &access);
        assert!(Arc::ptr_eq(&faces.regular.data, &again.faces.unwrap().regular.data));
        // A folder cvpdf may not read gives nothing.
        let elsewhere = tempfile::tempdir().unwrap();
        let none = find(HanForms::Japanese, &[elsewhere.path().to_path_buf()], &access);
        assert!(none.faces.is_none() && none.unusable.is_empty());
    }
}
