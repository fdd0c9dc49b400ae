//! Command line: arguments (clap) → a build → a PDF written atomically, one line of
//! report, and an exit code (0 ok, 1 I/O or internal error, 2 bad input).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::diag::{Diagnostic, Error, Severity, Source, Span};
use crate::style::{self, PRESETS};
use crate::{Options, build};

const EXAMPLES: &str = "\
Examples:
  cvpdf build me.yaml                      writes me.pdf beside me.yaml
  cvpdf build me.yaml -o cv.pdf            chooses the output file
  cvpdf build me.yaml --layout one-page    uses the compact preset
  cvpdf build me.yaml --layout my.yaml     uses a layout file of your own
  cvpdf build me.yaml --paper letter       US Letter instead of the layout's paper
  cvpdf build me.yaml --png                also writes me-1.png, me-2.png, … previews

Layout presets: detailed (default), one-page, classic, modern (`cvpdf layouts`).
Set SOURCE_DATE_EPOCH to stamp the PDF with a creation date; without it the PDF has
none and the same input always gives the same bytes.";

/// cvpdf: a résumé compiler. A structured résumé in YAML goes in, a typeset PDF comes out.
#[derive(Debug, Parser)]
#[command(name = "cvpdf", version, after_help = EXAMPLES, max_term_width = 90)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Typeset a résumé into a PDF.
    #[command(after_help = EXAMPLES)]
    Build(BuildArgs),
    /// List the layout presets, or print one in full (`layouts show NAME`) to copy and edit.
    Layouts {
        #[command(subcommand)]
        action: Option<LayoutsAction>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LayoutsAction {
    /// Print every value of a preset or layout file, resolved, as a layout file.
    Show {
        /// A preset name or a layout file.
        #[arg(value_name = "NAME|FILE")]
        layout: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The résumé file (YAML).
    pub input: PathBuf,
    /// Where to write the PDF [default: the input with `.pdf`].
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// A preset name or a layout file.
    #[arg(long, value_name = "NAME|FILE", default_value = "detailed")]
    pub layout: String,
    /// Paper size, overriding the layout's: a4 or letter.
    #[arg(long, value_name = "a4|letter")]
    pub paper: Option<crate::style::Paper>,
    /// With a fitting layout (one-page), fail instead of leaving content out.
    #[arg(long)]
    pub no_drop: bool,
    /// Also write a PNG preview of each page beside the PDF: OUT-1.png, OUT-2.png, …
    #[arg(long)]
    pub png: bool,
    /// The previews' resolution, in pixels per inch.
    #[arg(long, value_name = "N", default_value_t = 144.0, requires = "png", value_parser = dpi)]
    pub png_dpi: f32,
}

/// Run the command line.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Layouts { action: None } => {
            let width = PRESETS.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
            for (name, _) in PRESETS {
                println!("{name:width$}  {}", style::describe(name));
            }
            Ok(())
        }
        Command::Layouts { action: Some(LayoutsAction::Show { layout }) } => {
            match style::resolve(&layout) {
                Ok(resolved) => {
                    print!("{}", style::to_yaml(&resolved));
                    Ok(())
                }
                Err((source, d)) => Err(Error::Input(vec![source.report(&d, Severity::Error)])),
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn run_build(args: &BuildArgs) -> Result<(), Error> {
    let started = Instant::now();
    let output = args.output.clone().unwrap_or_else(|| args.input.with_extension("pdf"));
    if same_file(&args.input, &output) {
        let message = format!(
            "refusing to write the PDF over the input `{}`: choose another -o",
            args.input.display()
        );
        let source = Source::new(args.input.display().to_string(), "");
        let report = source.report(&Diagnostic::new(message), Severity::Error);
        return Err(Error::Input(vec![report]));
    }
    let source = read_source(&args.input)?;
    let options = Options {
        layout: args.layout.clone(),
        paper: args.paper,
        no_drop: args.no_drop,
        date: source_date_epoch()?,
        png_dpi: args.png.then_some(args.png_dpi),
    };
    let built = build(&source, &options)?;
    for warning in &built.warnings {
        eprintln!("{warning}");
    }
    if !built.left_out.is_empty() {
        let pages = match built.fit_pages {
            Some(1) | None => "one page".to_string(),
            Some(n) => format!("{n} pages"),
        };
        eprintln!("note: left out to fit {pages}: {}", built.left_out.join("; "));
    }
    write_atomically(&output, &built.pdf)?;
    println!(
        "{}: {} page{}, {:.1} KB, {} ms",
        output.display(),
        built.pages,
        if built.pages == 1 { "" } else { "s" },
        built.pdf.len() as f64 / 1024.0,
        started.elapsed().as_millis()
    );
    write_previews(&output, &built.pngs, args.png_dpi)
}

/// Write page previews beside the PDF, `cv.pdf` → `cv-1.png`, `cv-2.png`, …, then name
/// them in one line.
fn write_previews(pdf: &Path, pngs: &[Vec<u8>], dpi: f32) -> Result<(), Error> {
    let stem = match pdf.extension() {
        Some(extension) if extension.eq_ignore_ascii_case("pdf") => pdf.with_extension(""),
        _ => pdf.to_path_buf(),
    };
    let path = |page: usize| {
        let mut name = stem.clone().into_os_string();
        name.push(format!("-{page}.png"));
        PathBuf::from(name)
    };
    for (index, png) in pngs.iter().enumerate() {
        write_atomically(&path(index + 1), png)?;
    }
    match pngs.len() {
        0 => {}
        1 => println!("{}: preview at {dpi} dpi", path(1).display()),
        n => println!("{} … {}: {n} previews at {dpi} dpi", path(1).display(), path(n).display()),
    }
    Ok(())
}

/// A resolution for `--png-dpi`: a number of pixels per inch a preview can have.
fn dpi(value: &str) -> Result<f32, String> {
    match value.parse::<f32>() {
        Ok(dpi) if (9.0..=2400.0).contains(&dpi) => Ok(dpi),
        _ => Err("give a number of pixels per inch from 9 to 2400".into()),
    }
}

/// Read a résumé file as UTF-8 text.
pub fn read_source(path: &Path) -> Result<Source, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::Io(format!("cannot read `{}` ({e})", path.display())))?;
    let name = path.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let source = Source::new(name, text);
            let diagnostic = Diagnostic::new("the file is not UTF-8 text")
                .at(Span::new(valid, 1))
                .hint("save the file as UTF-8");
            Err(Error::Input(vec![source.report(&diagnostic, Severity::Error)]))
        }
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "now".
fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|s| (0..253_402_300_800).contains(s))
            .map(Some)
            .ok_or_else(|| {
                Error::Io(format!(
                    "SOURCE_DATE_EPOCH=`{value}` is not a number of seconds since 1970"
                ))
            }),
        Err(_) => Ok(None),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Write through a temporary file in the same folder and rename it into place, so an
/// error never leaves a partial PDF and an existing one stays intact until the end.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |what: &str, e: std::io::Error| {
        Error::Io(format!("cannot {what} `{}` ({e})", path.display()))
    };
    if path.is_dir() {
        return Err(Error::Io(format!(
            "`{}` is a folder: give a file name for the PDF",
            path.display()
        )));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(|e| io("write", e))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io("write", e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_arguments_parse() {
        let cli = Cli::try_parse_from([
            "cvpdf", "build", "me.yaml", "-o", "cv.pdf", "--layout", "one-page",
        ])
        .unwrap();
        let Command::Build(args) = cli.command else { panic!("not build") };
        assert_eq!(args.output, Some(PathBuf::from("cv.pdf")));
        assert_eq!(args.layout, "one-page");
    }

    #[test]
    fn paper_is_checked_by_the_parser() {
        let cli = Cli::try_parse_from(["cvpdf", "build", "me.yaml", "--paper", "Letter"]).unwrap();
        let Command::Build(args) = cli.command else { panic!("not build") };
        assert_eq!(args.paper, Some(crate::style::Paper::Letter));
        assert!(Cli::try_parse_from(["cvpdf", "build", "me.yaml", "--paper", "a5"]).is_err());
    }

    #[test]
    fn layouts_show_takes_a_name() {
        let cli = Cli::try_parse_from(["cvpdf", "layouts", "show", "classic"]).unwrap();
        let Command::Layouts { action: Some(LayoutsAction::Show { layout }) } = cli.command else {
            panic!("not layouts show")
        };
        assert_eq!(layout, "classic");
    }

    #[test]
    fn previews_are_asked_for_with_png() {
        let parse = |args: &[&str]| {
            let cli = Cli::try_parse_from([&["cvpdf", "build", "me.yaml"], args].concat())?;
            let Command::Build(args) = cli.command else { panic!("not build") };
            Ok::<_, clap::Error>((args.png, args.png_dpi))
        };
        assert_eq!(parse(&[]).unwrap(), (false, 144.0));
        assert_eq!(parse(&["--png"]).unwrap(), (true, 144.0));
        assert_eq!(parse(&["--png", "--png-dpi", "72"]).unwrap(), (true, 72.0));
        assert!(parse(&["--png-dpi", "72"]).is_err(), "--png-dpi needs --png");
        assert!(parse(&["--png", "--png-dpi", "0"]).is_err());
        assert!(parse(&["--png", "--png-dpi", "NaN"]).is_err());
    }

    #[test]
    fn layout_defaults_to_detailed() {
        let cli = Cli::try_parse_from(["cvpdf", "build", "me.yaml"]).unwrap();
        let Command::Build(args) = cli.command else { panic!("not build") };
        assert_eq!(args.layout, "detailed");
        assert_eq!(args.output, None);
    }
}
