//! Model stage, importing: a file in any format cvpdf reads → the raw structs of the native
//! format ([`RawResume`]), with the spans of the values they came from, so that one
//! `Builder` checks every format and errors point into the user's own file.

mod design;
mod jsonresume;
mod language;
mod rendercv;
pub(crate) mod tree;

use serde_saphyr::Spanned;

use super::raw::RawResume;
use super::yaml::parse_yaml;
use super::{FilePreset, Paper};
use crate::diag::{Diagnostic, Source};

/// A résumé file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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
    /// Values the importer could not read (a list where text belongs), each left out of
    /// `raw`: the model stage reports them with its own, all in one run.
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) paper: Option<Paper>,
    /// How the file joins a degree to its subject ([`crate::model::Resume::degree_join`]).
    pub(crate) degree_join: Option<String>,
    /// The preset nearest the design the file names.
    pub(crate) preset: Option<FilePreset>,
}

/// Read `source` as `format`.
/// `language` (a tag from `--language`) goes over the file's own, so that the titles an
/// importer gives sections are in it.
pub(crate) fn read(
    source: &Source,
    format: Format,
    language: Option<&str>,
) -> Result<Imported, Diagnostic> {
    match format {
        Format::Cvpdf => Ok(Imported {
            raw: parse_yaml(source).map_err(|first| with_unknown_keys(source, first))?,
            warnings: super::slips::dropped_marks(source),
            errors: Vec::new(),
            paper: None,
            degree_join: None,
            preset: None,
        }),
        Format::Jsonresume => jsonresume::read(source, language),
        Format::Rendercv => rendercv::read(source),
    }
}

/// The distinct names of `names`, in the order they first come, and how a warning lists
/// them: up to eight, then a count ("`a`, `b` and 3 more"). A file may repeat a key or
/// hold a hundred thousand of them: the list stays a line, and counting is linear.
pub(crate) fn listed_names<'a>(names: impl IntoIterator<Item = &'a str>) -> (usize, String) {
    const LISTED: usize = 8;
    let mut seen = std::collections::HashSet::new();
    let mut listed = Vec::new();
    for name in names {
        if seen.insert(name) && listed.len() < LISTED {
            listed.push(format!("`{name}`"));
        }
    }
    let more = match seen.len().saturating_sub(LISTED) {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    (seen.len(), format!("{}{more}", listed.join(", ")))
}

/// The first error serde met, with every other unknown key of the file: five misspelt
/// keys take one run.
fn with_unknown_keys(source: &Source, first: Diagnostic) -> Diagnostic {
    let mut errors = super::keys::unknown_keys(source);
    errors.retain(|d| d.span.map(|s| s.start) != first.span.map(|s| s.start));
    errors.push(first.clone());
    Diagnostic::first_of(errors, 0).unwrap_or(first)
}

/// A file in any format → the same résumé in cvpdf's own YAML (`cvpdf convert`), with the
/// warnings of the import. The result is checked the way `build` checks it, so a file
/// that would not build is an error here, not a broken file written for later.
pub fn to_native(source: &Source, format: Format) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    let loaded = super::read(source, Some(format))?;
    let Imported { raw, warnings, paper, degree_join, preset, .. } = read(source, format, None)?;
    let body = serde_saphyr::to_string(&raw)
        .map_err(|e| Diagnostic::new(format!("cannot write the résumé as YAML: {e}")))?;
    let mut out = format!(
        "# Converted by cvpdf {} from {} ({}).\n# The format: docs/format.md; check it with `cvpdf check`.\n",
        env!("CARGO_PKG_VERSION"),
        std::path::Path::new(&source.name)
            .file_name()
            .map_or(source.name.as_str(), |n| n.to_str().unwrap_or("")),
        format.name()
    );
    if let Some(p) = &preset {
        out.push_str(&format!(
            "# Its design is RenderCV's `{}` theme: its layout extends `{}`, the nearest preset.\n",
            p.theme, p.preset
        ));
    }
    out.push_str(&body);
    // The preset, the paper and the values the design sets over its theme, as the file's
    // layout block: the converted file builds as the file it came from.
    let mut block = String::new();
    if let Some(p) = &preset {
        block.push_str(&format!("extends: {}\n", p.preset));
    }
    if let Some(paper) = paper.or(loaded.resume.paper) {
        let name = Paper::ALL.iter().find(|(_, p)| *p == paper).map_or("a4", |(n, _)| n);
        block.push_str(&format!("paper: {name}\n"));
    }
    if let Some(values) = preset.as_ref().and_then(|p| p.layout.as_deref()) {
        block.push_str(values);
    }
    if let Some(join) = &degree_join {
        // Under the design's `entry:` when it sets one (its degree column): a key once.
        let line = format!("  degree-join: {join:?}\n");
        match block
            .find("\nentry:\n")
            .map(|at| at + 1)
            .or(block.starts_with("entry:\n").then_some(0))
        {
            Some(at) => block.insert_str(at + "entry:\n".len(), &line),
            None => block.push_str(&format!("entry:\n{line}")),
        }
    }
    if !block.is_empty() {
        out.push_str("layout:\n");
        for line in block.lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    Ok((out, warnings))
}

/// A value made by the importer, placed where the value it came from is.
pub(crate) fn placed_like<T, U>(value: U, like: &Spanned<T>) -> Spanned<U> {
    Spanned::new(value, like.referenced, like.defined)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_listed_once_and_up_to_eight() {
        let names = ["a", "b", "a", "c", "d", "e", "f", "g", "h", "i", "j", "b"];
        assert_eq!(
            super::listed_names(names),
            (10, "`a`, `b`, `c`, `d`, `e`, `f`, `g`, `h` and 2 more".to_string())
        );
        assert_eq!(super::listed_names(["x", "x"]), (1, "`x`".to_string()));
    }
}
