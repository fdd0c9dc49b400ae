//! Style stage, fonts: a family a layout names — one that cvpdf carries
//! (`source-sans-3`), or font files of the user's own, relative to the layout file:
//!
//! ```yaml
//! fonts:
//!   body: fonts/Inter-Regular.ttf         # one file for every variant
//!   heading:                              # or one file per variant
//!     regular: fonts/Inter-Regular.ttf
//!     bold: fonts/Inter-Bold.ttf
//!     italic: fonts/Inter-Italic.ttf
//!     bold-italic: fonts/Inter-BoldItalic.ttf
//! ```

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::choose_at;
use crate::access::Access;
use crate::diag::{Diagnostic, Span};
use crate::font::{
    FaceId, Family, FontFile, FontFileError, FontFiles, MAX_FONT_BYTES, file_face_id,
};
use crate::model::span_of;

/// A font as a layout file gives it.
pub(super) enum RawFont {
    /// A family cvpdf carries, or the path of one font file.
    Name(String),
    /// A font file per variant.
    Files(Box<RawFontFiles>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawFontFiles {
    regular: Spanned<String>,
    bold: Option<Spanned<String>>,
    italic: Option<Spanned<String>>,
    bold_italic: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawFont {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FontVisitor;
        impl<'de> Visitor<'de> for FontVisitor {
            type Value = RawFont;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a font family name or a font file")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawFont, E> {
                Ok(RawFont::Name(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawFont, A::Error> {
                RawFontFiles::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|files| RawFont::Files(Box::new(files)))
            }
        }
        deserializer.deserialize_any(FontVisitor)
    }
}

/// Whether a font name is the path of a file rather than the name of a family.
fn is_file(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    lower.contains(['/', '\\'])
        || [".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2"].iter().any(|e| lower.ends_with(e))
}

/// Where the fonts of a layout come from: the folders it may read, the folder of the
/// file that names them, and the font files of the style so far (new ones are added).
pub(super) struct FontPlace<'a> {
    pub access: &'a Access,
    pub folder: &'a Path,
    pub files: &'a mut Vec<Arc<FontFile>>,
}

/// Resolve a font of a layout.
pub(super) fn family(raw: &Spanned<RawFont>, place: &mut FontPlace) -> Result<Family, Diagnostic> {
    match &raw.value {
        RawFont::Name(name) if is_file(name) => Ok(Family::Files(FontFiles {
            regular: load(name, span_of(raw), place)?,
            bold: None,
            italic: None,
            bold_italic: None,
        })),
        RawFont::Name(name) => {
            choose_at(name, span_of(raw), "font family", &Family::ALL).map_err(|d| {
                d.hint("or name a font file, relative to the layout file: `fonts/MyFont.ttf`")
            })
        }
        RawFont::Files(files) => {
            let mut file = |raw: &Spanned<String>| load(&raw.value, span_of(raw), place);
            Ok(Family::Files(FontFiles {
                regular: file(&files.regular)?,
                bold: files.bold.as_ref().map(&mut file).transpose()?,
                italic: files.italic.as_ref().map(&mut file).transpose()?,
                bold_italic: files.bold_italic.as_ref().map(&mut file).transpose()?,
            }))
        }
    }
}

/// Load the font file `name` (relative to the folder of the file naming it); errors point
/// at `span`. A file the style has already is not loaded twice.
fn load(name: &str, span: Span, place: &mut FontPlace) -> Result<FaceId, Diagnostic> {
    let name = name.trim();
    // Relative to the working folder, the path is shown as it was written.
    let shown = if place.folder == Path::new(".") {
        name.to_string()
    } else {
        place.folder.join(name).display().to_string()
    };
    let (real, data) = place
        .access
        .read_within(place.folder, name, MAX_FONT_BYTES)
        .map_err(|denied| denied.diagnostic("font file", &shown, MAX_FONT_BYTES).at(span))?;
    if let Some(i) = place.files.iter().position(|f| f.same_as(&real, &data)) {
        return Ok(file_face_id(i));
    }
    let file = FontFile::new(shown.clone(), real, data).map_err(|error| {
        let d = match error {
            FontFileError::NotAFont(what) => {
                let is = what.map_or(String::new(), |w| format!(": it is {w}"));
                Diagnostic::new(format!("`{shown}` is not a font file cvpdf can use{is}"))
                    .hint("give a TrueType (.ttf) or OpenType (.otf) font file")
            }
            FontFileError::Corrupt(why) => {
                Diagnostic::new(format!("the font file `{shown}` is damaged: {why}"))
                    .hint("download or export the font file again")
            }
        };
        d.at(span)
    })?;
    if place.files.len() >= MAX_STYLE_FONT_FILES {
        return Err(Diagnostic::new(format!(
            "more than {MAX_STYLE_FONT_FILES} font files in one layout"
        ))
        .at(span));
    }
    place.files.push(Arc::new(file));
    Ok(file_face_id(place.files.len() - 1))
}

/// Font files one style may name: four variants of each of its families and fallbacks
/// leave plenty of room, and face ids stay small.
const MAX_STYLE_FONT_FILES: usize = 256;

/// How a family is written in a layout file: its name, or its files (absolute paths, so
/// the printed layout works from any folder).
pub(super) fn written(family: Family, files: &[Arc<FontFile>]) -> String {
    let Family::Files(faces) = family else {
        return Family::ALL.iter().find(|(_, g)| *g == family).map_or("?", |(n, _)| n).to_string();
    };
    let path = |id: FaceId| {
        let path = files
            .iter()
            .enumerate()
            .find(|(i, _)| file_face_id(*i) == id)
            .map_or(String::from("?"), |(_, f)| f.path.display().to_string());
        format!("\"{}\"", path.replace('\\', "\\\\").replace('"', "\\\""))
    };
    let others =
        [("bold", faces.bold), ("italic", faces.italic), ("bold-italic", faces.bold_italic)];
    if others.iter().all(|(_, f)| f.is_none()) {
        return path(faces.regular);
    }
    let mut parts = vec![format!("regular: {}", path(faces.regular))];
    for (key, face) in others {
        if let Some(face) = face {
            parts.push(format!("{key}: {}", path(face)));
        }
    }
    format!("{{ {} }}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::resolve;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }

    fn bundled(name: &str) -> String {
        format!("{}/fonts/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn a_layout_names_font_files_relative_to_itself() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("fonts")).unwrap();
        let regular = std::fs::read(bundled("source-sans-3/SourceSans3-Regular.ttf")).unwrap();
        write(dir.path(), "fonts/Mine.ttf", &regular);
        let bold = std::fs::read(bundled("source-sans-3/SourceSans3-Bold.ttf")).unwrap();
        write(dir.path(), "fonts/Mine-Bold.ttf", &bold);
        let layout = write(
            dir.path(),
            "mine.yaml",
            b"extends: detailed\nfonts:\n  body: fonts/Mine.ttf\n  heading: { regular: fonts/Mine.ttf, bold: fonts/Mine-Bold.ttf }\n",
        );
        let style = resolve(&layout).unwrap_or_else(|(_, d)| panic!("{}", d.message));
        let (Family::Files(body), Family::Files(heading)) =
            (style.body_family, style.heading_family)
        else {
            panic!("not font files: {:?}", style.body_family)
        };
        // The same file is loaded once.
        assert_eq!(body.regular, heading.regular);
        assert!(heading.bold.is_some() && body.bold.is_none());
        let book = crate::font::FontBook::with_files(&Default::default(), &style.font_files);
        assert!(book.is_file(body.regular) && book.has_ascii(body.regular));
        assert!(book.data(body.regular) == regular.as_slice(), "not the font file's bytes");
        assert_eq!(style.font_files.len(), 2);
        // Printed in full, the layout resolves to the same fonts.
        let shown = write(dir.path(), "shown.yaml", crate::style::to_yaml(&style).as_bytes());
        let again = resolve(&shown).unwrap_or_else(|(_, d)| panic!("{}", d.message));
        assert_eq!(again.heading_family, style.heading_family);
    }

    #[test]
    fn missing_fake_and_damaged_font_files_are_errors_at_their_value() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "fake.ttf", b"this is a text file\n");
        write(dir.path(), "web.woff2", b"wOF2\0\x01\0\0 and the rest");
        let mut damaged = std::fs::read(bundled("source-sans-3/SourceSans3-Regular.ttf")).unwrap();
        damaged.truncate(400);
        write(dir.path(), "damaged.ttf", &damaged);
        for (font, message) in [
            ("missing.ttf", "does not exist"),
            ("/etc/passwd", "is outside the folders cvpdf may read"),
            ("../../../../../../etc/no-such.ttf", "is outside the folders cvpdf may read"),
            ("/dev/zero", "is outside the folders cvpdf may read"),
            ("fake.ttf", "is not a font file cvpdf can use"),
            ("web.woff2", "is not a font file cvpdf can use: it is a WOFF2 web font"),
            ("damaged.ttf", "is damaged"),
        ] {
            let layout = write(
                dir.path(),
                "bad.yaml",
                format!("extends: detailed\nfonts:\n  body: {font}\n").as_bytes(),
            );
            let (source, d) = resolve(&layout).map(|_| ()).unwrap_err();
            assert!(d.message.contains(message), "{font}: {}", d.message);
            assert_eq!(source.line_column(d.span.unwrap().start), (3, 9), "{font}");
        }
    }

    #[test]
    fn any_number_of_font_files_load_and_are_freed_with_their_style() {
        // There used to be a table of 64 for the whole process: the 65th failed.
        let dir = tempfile::tempdir().unwrap();
        let regular = std::fs::read(bundled("source-sans-3/SourceSans3-Regular.ttf")).unwrap();
        let mut first = None;
        for i in 0..80 {
            write(dir.path(), &format!("f{i}.ttf"), &regular);
            let layout = write(
                dir.path(),
                "many.yaml",
                format!("extends: detailed\nfonts:\n  body: f{i}.ttf\n").as_bytes(),
            );
            let style = resolve(&layout).unwrap_or_else(|(_, d)| panic!("{i}: {}", d.message));
            let data = std::sync::Arc::downgrade(&style.font_files[0]);
            if i == 0 {
                first = Some(data.clone());
            }
            drop(style);
            assert!(data.upgrade().is_none(), "the font file outlived its style");
        }
        assert!(first.unwrap().upgrade().is_none());
    }
}
