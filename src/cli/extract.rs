//! Command line, extract: a PDF built with `--embed-source` → the files it carries,
//! written into a folder; never over a different file unless `--force`.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::plain_error;
use super::write_atomically;
use crate::diag::{Diagnostic, Error, Severity, Source, io_reason};
use crate::pdf::attached::{MAX_PDF_BYTES, ReadError, attached_files};

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// A PDF built with `cvpdf build --embed-source`.
    #[arg(value_name = "FILE.pdf")]
    pub pdf: PathBuf,
    /// The folder to write the files into [default: the current folder].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Replace files that exist with different contents.
    #[arg(long)]
    pub force: bool,
}

/// What writing a file would do to the folder.
#[derive(Debug, PartialEq)]
enum Effect {
    Create,
    /// The file is there with these very bytes.
    Unchanged,
    /// The file is there with other bytes (or is not a plain file).
    Replace,
}

pub fn run(args: &ExtractArgs) -> Result<(), Error> {
    let shown = args.pdf.display().to_string();
    let pdf = read_pdf(&args.pdf)?;
    let files = attached_files(&pdf).map_err(|error| {
        let message = match error {
            ReadError::NotPdf => format!("`{shown}` is not a PDF"),
            error => format!("cannot read the files attached to `{shown}`: {error}"),
        };
        plain_error(&shown, message)
    })?;
    if files.is_empty() {
        let diagnostic = Diagnostic::new(format!(
            "`{shown}` carries no source: it was built without --embed-source"
        ))
        .hint("build it again with `cvpdf build YOUR.yaml --embed-source`");
        return Err(Error::Input(vec![
            Source::new(shown, "").report(&diagnostic, Severity::Error),
        ]));
    }
    let folder = args.output.clone().unwrap_or_default();
    if !folder.as_os_str().is_empty() {
        std::fs::create_dir_all(&folder).map_err(|e| {
            Error::Io(format!("cannot make the folder `{}` ({})", folder.display(), io_reason(&e)))
        })?;
    }
    // Every file is looked at before any is written, so a refusal leaves the folder as it was.
    let mut plan = Vec::with_capacity(files.len());
    for file in &files {
        let path = folder.join(&file.name);
        let effect = effect(&path, &file.bytes)?;
        plan.push((path, file, effect));
    }
    if !args.force {
        let clashes: Vec<String> = plan
            .iter()
            .filter(|(_, _, effect)| *effect == Effect::Replace)
            .map(|(path, _, _)| format!("`{}`", path.display()))
            .collect();
        if !clashes.is_empty() {
            let (them, exist) =
                if clashes.len() == 1 { ("it", "exists") } else { ("them", "exist") };
            return Err(Error::Io(format!(
                "{} {exist} with other contents than `{shown}` carries: give another folder with \
                 -o DIR, or --force to replace {them}",
                clashes.join(", ")
            )));
        }
    }
    for (path, file, effect) in plan {
        let done = match effect {
            Effect::Unchanged => "unchanged",
            Effect::Create => "written",
            Effect::Replace => "replaced",
        };
        if effect != Effect::Unchanged {
            write_atomically(&path, &file.bytes)?;
        }
        println!("{}: {done}, {}", path.display(), size(file.bytes.len()));
    }
    Ok(())
}

fn size(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        _ => format!("{:.1} KB", bytes as f64 / 1024.0),
    }
}

/// What writing `bytes` to `path` would do. The file there is read only when it has the
/// same length, and no further: a device or a huge file is never read whole.
fn effect(path: &Path, bytes: &[u8]) -> Result<Effect, Error> {
    let cannot = |e: std::io::Error| {
        Error::Io(format!("cannot read `{}` to compare it ({})", path.display(), io_reason(&e)))
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Effect::Create),
        Err(e) => return Err(cannot(e)),
    };
    if metadata.is_dir() {
        return Err(Error::Io(format!(
            "`{}` is a folder: give another folder with -o DIR",
            path.display()
        )));
    }
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
        return Ok(Effect::Replace);
    }
    let mut existing = Vec::with_capacity(bytes.len());
    std::fs::File::open(path)
        .and_then(|file| file.take(bytes.len() as u64).read_to_end(&mut existing))
        .map_err(cannot)?;
    Ok(if existing == bytes { Effect::Unchanged } else { Effect::Replace })
}

/// The PDF's bytes; at most [`MAX_PDF_BYTES`] are read, so `/dev/zero` is refused.
fn read_pdf(path: &Path) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_PDF_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::Io(format!("cannot read `{}` ({})", path.display(), io_reason(&e))))?;
    if bytes.len() > MAX_PDF_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        let error = ReadError::TooBig { bytes: usize::try_from(size).unwrap_or(usize::MAX) };
        return Err(plain_error(
            &path.display().to_string(),
            format!("cannot read `{}`: {error}", path.display()),
        ));
    }
    Ok(bytes)
}
