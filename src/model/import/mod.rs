//! Model stage, importing: a file in any format cvpdf reads → the raw structs of the native
//! format ([`RawResume`]), with the spans of the values they came from, so that one
//! `Builder` checks every format and errors point into the user's own file.

mod jsonresume;

use serde_saphyr::Spanned;

use super::Paper;
use super::load::parse_yaml;
use super::raw::RawResume;
use crate::diag::{Diagnostic, Source};

/// A résumé file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// cvpdf's own YAML (docs/format.md).
    Cvpdf,
    /// JSON Resume (jsonresume.org, schema 1.x).
    Jsonresume,
    /// RenderCV's YAML (`cv:` with `sections:`).
    Rendercv,
}

impl Format {
    /// Tell the format from the file's name and content: `.json` or a leading `{` is
    /// JSON Resume; YAML with a top-level `cv:` is RenderCV; anything else is native.
    pub fn detect(source: &Source) -> Format {
        let text = source.text.trim_start_matches('\u{feff}').trim_start();
        if source.name.to_ascii_lowercase().ends_with(".json") || text.starts_with('{') {
            return Format::Jsonresume;
        }
        let top_level_cv = text.lines().any(|line| {
            line.strip_prefix("cv:")
                .is_some_and(|rest| rest.trim().is_empty() || rest.starts_with(" #"))
        });
        if top_level_cv { Format::Rendercv } else { Format::Cvpdf }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Cvpdf => "cvpdf",
            Format::Jsonresume => "JSON Resume",
            Format::Rendercv => "RenderCV",
        }
    }
}

/// A file read into the native raw form.
pub(crate) struct Imported {
    pub(crate) raw: RawResume,
    /// Foreign fields that were ignored or repaired, each pointing at its place.
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) paper: Option<Paper>,
}

/// Read `source` as `format`.
pub(crate) fn read(source: &Source, format: Format) -> Result<Imported, Diagnostic> {
    match format {
        Format::Cvpdf => {
            Ok(Imported { raw: parse_yaml(source)?, warnings: Vec::new(), paper: None })
        }
        Format::Jsonresume => jsonresume::read(source),
        other => Err(Diagnostic::new(format!("reading {} files is not built yet", other.name()))),
    }
}

/// A value made by the importer, placed where the value it came from is.
pub(crate) fn placed_like<T, U>(value: U, like: &Spanned<T>) -> Spanned<U> {
    Spanned::new(value, like.referenced, like.defined)
}
