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

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Family, choose_at};
use crate::diag::{Diagnostic, Span};
use crate::model::span_of;
use crate::text::fonts::{self, FaceId, FontFileError, FontFiles};

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

/// Resolve a font of a layout whose file is in `folder`.
pub(super) fn family(raw: &Spanned<RawFont>, folder: &Path) -> Result<Family, Diagnostic> {
    let file = |raw: &Spanned<String>| load(&raw.value, span_of(raw), folder);
    match &raw.value {
        RawFont::Name(name) if is_file(name) => Ok(Family::Files(FontFiles {
            regular: load(name, span_of(raw), folder)?,
            bold: None,
            italic: None,
            bold_italic: None,
        })),
        RawFont::Name(name) => {
            choose_at(name, span_of(raw), "font family", &Family::ALL).map_err(|d| {
                d.hint("or name a font file, relative to the layout file: `fonts/MyFont.ttf`")
            })
        }
        RawFont::Files(files) => Ok(Family::Files(FontFiles {
            regular: file(&files.regular)?,
            bold: files.bold.as_ref().map(file).transpose()?,
            italic: files.italic.as_ref().map(file).transpose()?,
            bold_italic: files.bold_italic.as_ref().map(file).transpose()?,
        })),
    }
}

/// Load the font file `name` (relative to `folder`); errors point at `span`.
fn load(name: &str, span: Span, folder: &Path) -> Result<FaceId, Diagnostic> {
    let path = folder.join(name.trim());
    let shown = path.display();
    fonts::load_file(&path).map_err(|error| {
        let d = match error {
            FontFileError::NotFound => {
                Diagnostic::new(format!("the font file `{shown}` does not exist"))
                    .hint("a font file is found relative to the layout file that names it")
            }
            FontFileError::Unreadable(why) => {
                Diagnostic::new(format!("cannot read the font file `{shown}` ({why})"))
            }
            FontFileError::NotAFont(what) => {
                let is = what.map_or(String::new(), |w| format!(": it is {w}"));
                Diagnostic::new(format!("`{shown}` is not a font file cvpdf can use{is}"))
                    .hint("give a TrueType (.ttf) or OpenType (.otf) font file")
            }
            FontFileError::Corrupt(why) => {
                Diagnostic::new(format!("the font file `{shown}` is damaged: {why}"))
                    .hint("download or export the font file again")
            }
            FontFileError::TooMany => Diagnostic::new("too many font files in one run"),
        };
        d.at(span)
    })
}

/// How a family is written in a layout file: its name, or its files (absolute paths, so
/// the printed layout works from any folder).
pub(super) fn written(family: Family) -> String {
    let Family::Files(files) = family else {
        return Family::ALL.iter().find(|(_, g)| *g == family).map_or("?", |(n, _)| n).to_string();
    };
    let path = |id: FaceId| {
        let path = fonts::file_path(id).map_or(String::from("?"), |p| p.display().to_string());
        format!("\"{}\"", path.replace('\\', "\\\\").replace('"', "\\\""))
    };
    let others =
        [("bold", files.bold), ("italic", files.italic), ("bold-italic", files.bold_italic)];
    if others.iter().all(|(_, f)| f.is_none()) {
        return path(files.regular);
    }
    let mut parts = vec![format!("regular: {}", path(files.regular))];
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
        let book = crate::text::FontBook::shared();
        assert!(book.is_file(body.regular) && book.has_ascii(body.regular));
        assert_eq!(book.data(body.regular), regular.as_slice());
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
}
