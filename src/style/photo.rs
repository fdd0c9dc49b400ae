//! Style stage, the photo: a layout's `photo:` block → [`PhotoStyle`], where a résumé's
//! photo goes beside the header, how wide, in what shape and with what border.
//!
//! The photo belongs to the header: the name, headline and contact line are set in the
//! width beside it, and the page goes on below the taller of the two. A layout that
//! wants no photo says `side: none`; the résumé's file is then not even read.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{ColourName, Length, choose, length, pick};
use crate::diag::Diagnostic;

/// How a layout sets a résumé's photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhotoStyle {
    pub side: PhotoSide,
    /// The photo's width, in points.
    pub width: f32,
    pub shape: PhotoShape,
    /// The thickness of a line around the photo, in points (0 for none).
    pub border: f32,
    pub border_colour: ColourName,
    /// Between the photo and the header's text, in points.
    pub gap: f32,
}

/// Where the photo goes: on a side of the header, or at the top of the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoSide {
    Left,
    Right,
    /// At the top of the sidebar, centred in it; beside the header on the left in a
    /// layout without a sidebar.
    Sidebar,
    /// Not printed.
    None,
}

impl PhotoSide {
    pub const ALL: [(&'static str, PhotoSide); 4] = [
        ("left", PhotoSide::Left),
        ("right", PhotoSide::Right),
        ("sidebar", PhotoSide::Sidebar),
        ("none", PhotoSide::None),
    ];
}

/// The photo's outline. All but `as-is` cut the middle square out of the photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoShape {
    Square,
    /// A square with rounded corners.
    Rounded,
    Circle,
    /// The photo's own proportions (cut to between 2:3 and 3:2).
    AsIs,
}

impl PhotoShape {
    pub const ALL: [(&'static str, PhotoShape); 4] = [
        ("square", PhotoShape::Square),
        ("rounded", PhotoShape::Rounded),
        ("circle", PhotoShape::Circle),
        ("as-is", PhotoShape::AsIs),
    ];

    /// Height over width of the photo's box, for a photo of `aspect` (height over width).
    pub fn aspect(self, aspect: f32) -> f32 {
        match self {
            PhotoShape::AsIs => aspect.clamp(2.0 / 3.0, 1.5),
            _ => 1.0,
        }
    }
}

/// The `photo:` block of a layout file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawPhoto {
    side: Option<Spanned<String>>,
    size: Option<Spanned<Length>>,
    shape: Option<Spanned<String>>,
    border: Option<Spanned<Length>>,
    border_colour: Option<Spanned<String>>,
    gap: Option<Spanned<Length>>,
}

/// The widest photo, in points (about 7 cm): past that, it is no longer beside a header.
const MAX_WIDTH: f32 = 200.0;

impl RawPhoto {
    pub(super) fn resolve(&self, base: Option<&PhotoStyle>) -> Result<PhotoStyle, Diagnostic> {
        Ok(PhotoStyle {
            side: pick(&self.side, base.map(|b| &b.side), "photo.side", |r| {
                choose(r, "photo side", &PhotoSide::ALL)
            })?,
            width: pick(&self.size, base.map(|b| &b.width), "photo.size", |r| {
                length(r, "photo.size", 12.0, MAX_WIDTH)
            })?,
            shape: pick(&self.shape, base.map(|b| &b.shape), "photo.shape", |r| {
                choose(r, "photo shape", &PhotoShape::ALL)
            })?,
            border: pick(&self.border, base.map(|b| &b.border), "photo.border", |r| {
                length(r, "photo.border", 0.0, 6.0)
            })?,
            border_colour: pick(
                &self.border_colour,
                base.map(|b| &b.border_colour),
                "photo.border-colour",
                |r| choose(r, "colour", &ColourName::ALL),
            )?,
            gap: pick(&self.gap, base.map(|b| &b.gap), "photo.gap", |r| {
                length(r, "photo.gap", 0.0, 72.0)
            })?,
        })
    }
}
