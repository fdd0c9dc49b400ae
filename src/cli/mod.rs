//! Command line: arguments (clap) → builds, checks, conversions → files written atomically,
//! one line of report per file, and an exit code (0 ok, 1 I/O or internal error, 2 bad input).

mod batch;
mod extract;
mod files;
mod watch;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand};

pub use files::{TempFiles, read_source, write_all, write_atomically};

use crate::diag::{Diagnostic, Error, Severity, Source, printable};
use crate::model::Format;
use crate::style::{self, PRESETS};
use crate::{Cache, Options, Output, build};
use files::{file_key, same_file, source_date_epoch};

const EXAMPLES: &str = "\
Examples:
  cvpdf new \"Ada Lovelace\"                 writes ada-lovelace.yaml, a starter résumé
  cvpdf build me.yaml                      writes me.pdf beside me.yaml
  cvpdf build me.yaml -o cv.pdf            chooses the output file
  cvpdf build me.yaml --layout one-page    uses the compact preset
  cvpdf build me.yaml --pages 2            any layout, fitted to at most two pages
  cvpdf build me.yaml --layout my.yaml     uses a layout file of your own
  cvpdf build me.yaml --paper letter       US Letter instead of the layout's paper
  cvpdf build me.yaml --png                also writes me-1.png, me-2.png, … previews
  cvpdf build resume.json                  reads JSON Resume (and RenderCV's YAML)
  cvpdf build a.yaml b.json --layout one-page,detailed --out-dir dist/
                                           every combination, on every core
  cvpdf build me.yaml --tags backend,rust  keeps the entries tagged for this job
  cvpdf check me.yaml --layout one-page    says whether it fits, writes nothing
  cvpdf watch me.yaml                      rebuilds on every save
  cvpdf build me.yaml --embed-source       carries me.yaml inside the PDF
  cvpdf extract me.pdf -o src/             writes the files it carries back into src/

Layout presets: detailed (default), one-page, two-page, classic, modern, engineering,
harvard, awesome, ember, ink, opal, timeline, sidebar (`cvpdf layouts`).
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
    /// Typeset résumés into PDFs.
    #[command(after_help = EXAMPLES)]
    Build(BuildArgs),
    /// Check a résumé without writing anything: exit 0 when it builds, 2 when it does not.
    Check(CheckArgs),
    /// Rebuild a résumé every time it (or its layout file) is saved.
    Watch(WatchArgs),
    /// Write a JSON Resume or RenderCV file as a cvpdf résumé.
    Convert(ConvertArgs),
    /// Write back the files a PDF built with --embed-source carries (the résumé, its layout).
    Extract(extract::ExtractArgs),
    /// Write a starter résumé that shows every feature.
    New(NewArgs),
    /// Print the JSON Schema of the résumé format, for editors.
    Schema,
    /// Print a shell completion script: `cvpdf completions bash > /etc/bash_completion.d/cvpdf`.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
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

/// What every command that builds takes.
#[derive(Debug, Clone, clap::Args)]
pub struct BuildOptions {
    /// Paper size, overriding the layout's: a4 or letter.
    #[arg(long, value_name = "a4|letter")]
    pub paper: Option<crate::style::Paper>,
    /// Fit to at most N pages, as one-page fits to one: shrink within the layout's bounds,
    /// then leave out the oldest content, and fill the last page.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=50))]
    pub pages: Option<u16>,
    /// With a fitting layout (one-page, or --pages), fail instead of leaving content out.
    #[arg(long)]
    pub no_drop: bool,
    /// With a fitting layout, list everything it left out, a line each (the note
    /// otherwise counts it by section).
    #[arg(long, short)]
    pub verbose: bool,
    /// The input format [default: detected from the file name and content].
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// The résumé's language, a BCP 47 tag (de, pt-BR, zh-TW), over what the file says:
    /// dates, the section titles cvpdf gives, hyphenation and the PDF's language follow it.
    #[arg(long, value_name = "TAG", value_parser = language_tag)]
    pub language: Option<String>,
    /// Keep only entries and bullets tagged with one of these (untagged ones always stay).
    #[arg(long, value_name = "TAG,…", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// The standards the PDF meets: ua-1 (accessible; the default), a-2b, a-2a, a-3b or
    /// a-3a (archival PDF/A, with PDF/UA-1; they need SOURCE_DATE_EPOCH), or none.
    #[arg(long, value_name = "STANDARD", value_parser = standard)]
    pub standard: Option<crate::pdf::Standard>,
    /// Carry the résumé file (and a layout file given with --layout) inside the PDF:
    /// `cvpdf extract` gives them back.
    #[arg(long)]
    pub embed_source: bool,
    /// Let résumé and layout files name fonts and layouts in this folder too (their own
    /// folders are always allowed); repeat for more folders.
    #[arg(long = "allow-read", value_name = "FOLDER")]
    pub allow_read: Vec<PathBuf>,
    /// A folder of fonts cvpdf does not carry, looked in (and below) for the Japanese and
    /// Traditional Chinese forms of Han characters: Noto Sans CJK
    /// (/usr/share/fonts/opentype/noto with Debian's fonts-noto-cjk); repeat for more.
    #[arg(long = "font-path", value_name = "FOLDER")]
    pub font_path: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The résumé files: cvpdf YAML, JSON Resume or RenderCV.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Where to write the PDF [default: the input with `.pdf`].
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Write every PDF into this folder as INPUT-LAYOUT.pdf.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Preset names or layout files, separated by commas [default: detailed, or the
    /// preset nearest a RenderCV file's design.theme].
    #[arg(long, value_name = "NAME|FILE,…", value_delimiter = ',')]
    pub layout: Vec<String>,
    /// How many résumés to build at once [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Also write a PNG preview of each page beside the PDF: OUT-1.png, OUT-2.png, …
    #[arg(long)]
    pub png: bool,
    /// The previews' resolution, in pixels per inch.
    #[arg(long, value_name = "N", default_value_t = 144.0, requires = "png", value_parser = dpi)]
    pub png_dpi: f32,
    #[command(flatten)]
    pub options: BuildOptions,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The résumé file.
    pub input: PathBuf,
    /// A preset name or a layout file [default: detailed, or the preset nearest a
    /// RenderCV file's design.theme].
    #[arg(long, value_name = "NAME|FILE")]
    pub layout: Option<String>,
    #[command(flatten)]
    pub options: BuildOptions,
}

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// The résumé file.
    pub input: PathBuf,
    /// Where to write the PDF [default: the input with `.pdf`].
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// A preset name or a layout file [default: detailed, or the preset nearest a
    /// RenderCV file's design.theme].
    #[arg(long, value_name = "NAME|FILE")]
    pub layout: Option<String>,
    /// Stop after this many builds (for scripts and tests).
    #[arg(long, value_name = "N")]
    pub max_builds: Option<usize>,
    #[command(flatten)]
    pub options: BuildOptions,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// A JSON Resume or RenderCV file.
    pub input: PathBuf,
    /// The cvpdf résumé to write (`-` for standard output).
    #[arg(short, long, value_name = "OUT.yaml")]
    pub output: PathBuf,
    /// The input format [default: detected from the file name and content].
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<Format>,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Your name, as it heads the résumé.
    #[arg(default_value = "Your Name")]
    pub name: String,
    /// The file to write [default: the name in lower case with dashes, `.yaml`].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Run the command line.
pub fn main() -> ExitCode {
    main_with(&TempFiles::default(), &Cache::default())
}

/// Run the command line, keeping the temporary files being written in `temps`, so that
/// the binary's signal handler can remove them. Every build shares `cache` (the faces
/// parsed, the words shaped): the caller owns it, so that a process about to end can
/// leave it to the kernel instead of freeing it piece by piece.
pub fn main_with(temps: &TempFiles, cache: &Cache) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => match other_tools_option(&error, std::env::args().skip(1)) {
            Some(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
            None => error.exit(),
        },
    };
    let result = match cli.command {
        Command::Build(args) => run_build(&args, temps, cache),
        Command::Check(args) => run_check(&args, cache),
        Command::Watch(args) => run_watch(&args, temps, cache),
        Command::Convert(args) => run_convert(&args),
        Command::Extract(args) => extract::run(&args),
        Command::New(args) => run_new(&args),
        Command::Schema => {
            println!("{}", crate::model::json_schema());
            Ok(())
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "cvpdf", &mut std::io::stdout());
            Ok(())
        }
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
                Err((source, d)) => Err(Error::Input(source.reports(&d, Severity::Error))),
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

/// Options other résumé tools take, and cvpdf's own for the same thing.
const OTHER_TOOLS_OPTIONS: [(&str, &str); 6] = [
    ("--theme", "--layout"),
    ("--design", "--layout"),
    ("--template", "--layout"),
    ("--style", "--layout"),
    ("--format", "--from"),
    ("--input-format", "--from"),
];

/// For an option another résumé tool takes (RenderCV's `--theme`, resume-cli's
/// `--theme`, `--format`), the message that names cvpdf's, with the value given; clap
/// alone suggests `-- --theme`, which helps no one.
fn other_tools_option(error: &clap::Error, args: impl Iterator<Item = String>) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(given)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let option = given.split('=').next().unwrap_or(given);
    let (_, ours) = OTHER_TOOLS_OPTIONS.iter().find(|(theirs, _)| *theirs == option)?;
    let args: Vec<String> = args.collect();
    let value = match given.split_once('=') {
        Some((_, value)) => Some(value.to_string()),
        None => args
            .iter()
            .position(|a| a == given)
            .and_then(|i| args.get(i + 1))
            .filter(|v| !v.starts_with('-'))
            .cloned(),
    };
    let example = match (*ours, value) {
        (ours, Some(value)) => format!("{ours} {value}"),
        ("--layout", None) => "--layout classic".to_string(),
        (ours, None) => format!("{ours} jsonresume"),
    };
    let list = match *ours {
        "--layout" => "; `cvpdf layouts` lists the presets, and a layout file works too",
        _ => "",
    };
    Some(format!(
        "error: cvpdf has no `{option}`: it is called `{ours}` here\n\n  tip: `{example}`{list}\n\n\
         For more information, try '--help'."
    ))
}

/// An output's name must say what cvpdf writes into it: a PDF (a device or a pipe, such
/// as `/dev/stdout`, has no name to say it).
fn check_pdf_name(output: &Path) -> Result<(), Error> {
    if std::fs::metadata(output).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return Ok(());
    }
    let Some(extension) = output.extension().map(|e| e.to_string_lossy().to_lowercase()) else {
        return Ok(());
    };
    if extension == "pdf" {
        return Ok(());
    }
    let shown = printable(&output.display().to_string()).into_owned();
    let pdf = printable(&output.with_extension("pdf").display().to_string()).into_owned();
    let message = match extension.as_str() {
        "png" => format!(
            "`{shown}`: cvpdf writes a PDF, and PNG previews beside it: use `-o {pdf} --png`"
        ),
        _ => format!(
            "`{shown}`: cvpdf writes a PDF, not a .{extension} file: name it `{pdf}`",
            extension = printable(&extension)
        ),
    };
    Err(plain_error(&shown, message))
}

/// The folders of `--allow-read` and `--font-path`, which must exist.
fn check_trusted(options: &BuildOptions) -> Result<(), Error> {
    let allow_read = options.allow_read.iter().map(|f| ("--allow-read", f));
    for (option, folder) in allow_read.chain(options.font_path.iter().map(|f| ("--font-path", f))) {
        if !folder.is_dir() {
            return Err(Error::Io(format!(
                "{option} `{}` is not a folder",
                printable(&folder.display().to_string())
            )));
        }
    }
    Ok(())
}

/// An input error that has no file to point into.
fn plain_error(name: &str, message: String) -> Error {
    let source = Source::new(name, "");
    Error::Input(vec![source.report(&Diagnostic::new(message), Severity::Error)])
}

/// Read and build one résumé with one layout, with previews at `png_dpi` if asked,
/// sharing `cache` with the caller's other builds.
fn build_file(
    input: &Path,
    layout: &Layout,
    options: &BuildOptions,
    png_dpi: Option<f32>,
    cache: &Cache,
) -> Result<Output, Error> {
    let (source, options) = library_options(input, layout, options, png_dpi, cache)?;
    build(&source, &options)
}

/// The layout a build is asked for: a preset or file, and whether the user named it
/// (else a file that names a design of its own gets the preset nearest to it).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    name: String,
    chosen: bool,
}

impl Layout {
    /// The `--layout` value, if one was given.
    fn of(given: Option<&String>) -> Layout {
        match given {
            Some(name) => Layout { name: name.clone(), chosen: true },
            None => Layout { name: "detailed".into(), chosen: false },
        }
    }
}

/// The résumé file, read, and what the library is asked to do with it.
fn library_options(
    input: &Path,
    layout: &Layout,
    options: &BuildOptions,
    png_dpi: Option<f32>,
    cache: &Cache,
) -> Result<(Source, Options), Error> {
    let source = read_source(input, &options.allow_read)?;
    let attachments = match options.embed_source {
        true => attachments(input, &source, &layout.name, &options.allow_read)?,
        false => Vec::new(),
    };
    let options = Options {
        layout: layout.name.clone(),
        layout_from_file: !layout.chosen,
        paper: options.paper,
        pages: options.pages.map(usize::from),
        no_drop: options.no_drop,
        date: source_date_epoch()?,
        standard: options.standard,
        attachments,
        from: options.from,
        language: options.language.clone(),
        tags: options.tags.clone(),
        png_dpi,
        cache: cache.clone(),
        trusted: options.allow_read.clone(),
        font_paths: options.font_path.clone(),
        threads: Options::machine_threads(),
    };
    Ok((source, options))
}

/// The files `--embed-source` puts into the PDF: the résumé as read, and the layout when
/// it is a file rather than a preset.
fn attachments(
    input: &Path,
    source: &Source,
    layout: &str,
    trusted: &[PathBuf],
) -> Result<Vec<crate::pdf::Attachment>, Error> {
    let name = |path: &Path| {
        path.file_name().map_or_else(|| "resume.yaml".into(), |n| n.to_string_lossy().into_owned())
    };
    let mime = |path: &Path| match path.extension().and_then(|e| e.to_str()) {
        Some("json") => "application/json",
        _ => "application/yaml",
    };
    let mut files = vec![crate::pdf::Attachment {
        name: name(input),
        bytes: source.text.as_bytes().to_vec(),
        description: "The résumé this PDF was made from (cvpdf extract gives it back)".into(),
        mime_type: mime(input),
    }];
    if !PRESETS.iter().any(|(preset, _)| *preset == layout) {
        let path = Path::new(layout);
        let layout_source = read_source(path, trusted)?;
        files.push(crate::pdf::Attachment {
            name: name(path),
            bytes: layout_source.text.into_bytes(),
            description: "The cvpdf layout this PDF was made with".into(),
            mime_type: mime(path),
        });
    }
    Ok(files)
}

/// A standard for `--standard`, by its name.
fn language_tag(value: &str) -> Result<String, String> {
    match crate::model::is_language_tag(value) {
        true => Ok(value.to_string()),
        false => Err("write a BCP 47 tag such as en-US, de or zh-TW".into()),
    }
}

fn standard(value: &str) -> Result<crate::pdf::Standard, String> {
    let names = crate::pdf::Standard::NAMES;
    names.iter().find(|(name, _)| name.eq_ignore_ascii_case(value)).map(|(_, s)| *s).ok_or_else(
        || {
            let all: Vec<&str> = names.iter().map(|(name, _)| *name).collect();
            format!("give one of {}", all.join(", "))
        },
    )
}

/// A resolution for `--png-dpi`: a number of pixels per inch a preview can have.
fn dpi(value: &str) -> Result<f32, String> {
    match value.parse::<f32>() {
        Ok(dpi) if (9.0..=2400.0).contains(&dpi) => Ok(dpi),
        _ => Err("give a number of pixels per inch from 9 to 2400".into()),
    }
}

/// Warnings and what fitting left out, on standard error. A batch passes what it has
/// `said` already, so a warning about a résumé comes once however many layouts build it,
/// and its notes name the PDF they are about.
fn report_notes(built: &Output, said: Option<&mut HashSet<String>>, pdf: &Path, verbose: bool) {
    let batch = said.is_some();
    let mut said = said;
    for warning in &built.warnings {
        let warning = warning.to_string();
        if said.as_mut().is_none_or(|said| said.insert(warning.clone())) {
            eprintln!("{warning}");
        }
    }
    if !built.left_out.is_empty() {
        let left_out = printable(&built.left_out.by_section.join("; ")).into_owned();
        let about = match batch {
            true => format!("{}: ", printable(&pdf.display().to_string())),
            false => String::new(),
        };
        eprintln!("note: {about}left out to fit {}: {left_out}", fit_target(built.fit_pages));
        let hint = "  = hint: --verbose lists each thing left out";
        match verbose {
            true => eprint!("{}", in_full(&built.left_out)),
            // Once in a batch.
            false if said.as_mut().is_none_or(|said| said.insert(hint.to_string())) => {
                eprintln!("{hint}")
            }
            false => {}
        }
    }
}

/// What fitting left out, a line each, for `--verbose`.
fn in_full(left_out: &crate::typeset::fit::LeftOut) -> String {
    left_out.in_full.iter().map(|line| format!("  - {}\n", printable(line))).collect()
}

fn fit_target(fit_pages: Option<usize>) -> String {
    match fit_pages {
        Some(1) | None => "one page".to_string(),
        Some(n) => format!("{n} pages"),
    }
}

fn pages(n: usize) -> String {
    format!("{n} page{}", if n == 1 { "" } else { "s" })
}

/// Refuse outputs that would overwrite an input or a layout file (by real path).
fn check_outputs(jobs: &[batch::Job]) -> Result<(), Error> {
    let layouts: Vec<&str> = jobs
        .iter()
        .map(|j| j.layout.as_str())
        .filter(|l| crate::access::is_layout_path(l) && Path::new(l).is_file())
        .collect();
    for job in jobs {
        let output = file_key(&job.output);
        if let Some(input) = jobs.iter().find(|j| file_key(&j.input) == output) {
            let shown = printable(&input.input.display().to_string()).into_owned();
            let message =
                format!("refusing to write the PDF over the input `{shown}`: choose another -o");
            return Err(plain_error(&shown, message));
        }
        if let Some(layout) = layouts.iter().find(|l| file_key(Path::new(l)) == output) {
            let shown = printable(layout).into_owned();
            let message = format!(
                "refusing to write the PDF over the layout file `{shown}`: choose another -o"
            );
            return Err(plain_error(&shown, message));
        }
    }
    Ok(())
}

fn run_build(args: &BuildArgs, temps: &TempFiles, cache: &Cache) -> Result<(), Error> {
    check_trusted(&args.options)?;
    // Without --layout, a file that names a design of its own chooses the preset, unless
    // the PDF's name is to say the layout (a batch: `STEM-detailed.pdf`).
    let layouts = match args.layout.is_empty() {
        true => vec!["detailed".to_string()],
        false => args.layout.clone(),
    };
    let names_say_layout = args.out_dir.is_some() || args.inputs.len() * layouts.len() > 1;
    let chosen = !args.layout.is_empty() || names_say_layout;
    let jobs = batch::plan(&args.inputs, &layouts, args.output.as_deref(), args.out_dir.as_deref())
        .map_err(|m| plain_error("cvpdf", m))?;
    check_outputs(&jobs)?;
    if let Some(output) = &args.output {
        check_pdf_name(output)?;
    }
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::Io(format!(
                "cannot make the folder `{}` ({})",
                printable(&dir.display().to_string()),
                crate::diag::io_reason(&e)
            ))
        })?;
    }
    let threads = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let png_dpi = args.png.then_some(args.png_dpi);
    // The jobs of a batch share their shaped words: résumés repeat each other's words,
    // and the same résumé in several layouts repeats all of them.
    let results = batch::run(&jobs, threads, |job| {
        let started = Instant::now();
        let layout = Layout { name: job.layout.clone(), chosen };
        let built = build_file(&job.input, &layout, &args.options, png_dpi, cache)?;
        // The previews go into place before the PDF, so a preview that cannot be
        // written leaves the last good PDF; all of them or none.
        let previews = files::preview_paths(&job.output, built.pngs.len());
        let mut outputs: Vec<(PathBuf, &[u8])> =
            previews.iter().cloned().zip(built.pngs.iter().map(Vec::as_slice)).collect();
        outputs.push((job.output.clone(), &built.pdf));
        files::write_all(&outputs, temps)?;
        if args.png {
            files::remove_stale_previews(&job.output, previews.len())?;
        }
        Ok((built, previews, started.elapsed()))
    });
    // Reported in job order, whatever order the threads finished in.
    let (mut failed, mut worst_code) = (0, 0);
    let mut said = HashSet::new();
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok((built, previews, took)) => {
                let said = (jobs.len() > 1).then_some(&mut said);
                report_notes(&built, said, &job.output, args.options.verbose);
                println!(
                    "{}: {}, {:.1} KB, {} ms",
                    printable(&job.output.display().to_string()),
                    pages(built.pages),
                    built.pdf.len() as f64 / 1024.0,
                    took.as_millis()
                );
                let shown = |p: &PathBuf| printable(&p.display().to_string()).into_owned();
                match previews.as_slice() {
                    [] => {}
                    [one] => println!("{}: preview at {} dpi", shown(one), args.png_dpi),
                    [first, .., last] => println!(
                        "{} … {}: {} previews at {} dpi",
                        shown(first),
                        shown(last),
                        previews.len(),
                        args.png_dpi
                    ),
                }
            }
            Err(error) if jobs.len() == 1 => return Err(error),
            Err(error) => {
                // A résumé with a mistake fails the same way in every layout: say it once.
                let text = error.to_string();
                if said.insert(text.clone()) {
                    eprintln!("{text}");
                }
                failed += 1;
                worst_code = worst_code.max(error.exit_code());
            }
        }
    }
    let summary = format!("{failed} of {} builds failed", jobs.len());
    match worst_code {
        0 => Ok(()),
        2 => Err(plain_error("cvpdf", summary)),
        _ => Err(Error::Io(summary)),
    }
}

/// A check lays the résumé out and writes no PDF, unless a standard was asked for: only
/// the PDF stage can tell whether the document meets it.
fn run_check(args: &CheckArgs, cache: &Cache) -> Result<(), Error> {
    check_trusted(&args.options)?;
    let layout = Layout::of(args.layout.as_ref());
    let checked = if args.options.standard.is_some() {
        let built = build_file(&args.input, &layout, &args.options, None, cache)?;
        Checked {
            layout: built.layout,
            pages: built.pages,
            warnings: built.warnings,
            left_out: built.left_out,
            fit_pages: built.fit_pages,
        }
    } else {
        let (source, options) = library_options(&args.input, &layout, &args.options, None, cache)?;
        let laid = crate::lay_out(&source, &options)?;
        Checked {
            layout: laid.layout,
            pages: laid.document.pages.len(),
            warnings: laid.warnings,
            left_out: laid.left_out,
            fit_pages: laid.fit_pages,
        }
    };
    for warning in &checked.warnings {
        eprintln!("{warning}");
    }
    let name = printable(&args.input.display().to_string()).into_owned();
    let layout = printable(&checked.layout).into_owned();
    match checked.fit_pages {
        None => println!("{name}: ok, {} with `{layout}`", pages(checked.pages)),
        Some(_) if checked.left_out.is_empty() => {
            println!("{name}: ok, fits on {} with `{layout}`", fit_target(checked.fit_pages))
        }
        Some(_) => {
            println!(
                "{name}: ok, fits on {} with `{layout}` after leaving out: {}",
                fit_target(checked.fit_pages),
                printable(&checked.left_out.by_section.join("; "))
            );
            if args.options.verbose {
                print!("{}", in_full(&checked.left_out));
            }
        }
    }
    Ok(())
}

/// What a check found.
struct Checked {
    layout: String,
    pages: usize,
    warnings: Vec<crate::diag::Report>,
    left_out: crate::typeset::fit::LeftOut,
    fit_pages: Option<usize>,
}

fn run_watch(args: &WatchArgs, temps: &TempFiles, cache: &Cache) -> Result<(), Error> {
    check_trusted(&args.options)?;
    let output = args.output.clone().unwrap_or_else(|| args.input.with_extension("pdf"));
    let layout = Layout::of(args.layout.as_ref());
    let job = batch::Job { input: args.input.clone(), layout: layout.name.clone(), output };
    check_outputs(std::slice::from_ref(&job))?;
    check_pdf_name(&job.output)?;
    let output = job.output;
    let mut files = vec![args.input.clone()];
    if crate::access::is_layout_path(&layout.name) && Path::new(&layout.name).is_file() {
        files.push(PathBuf::from(&layout.name));
    }
    let mut watcher = watch::Watcher::new(files, &args.options.allow_read);
    eprintln!("watching {} (Ctrl-C stops)", printable(&args.input.display().to_string()));
    let mut builds = 0;
    // A rebuild after an edit shapes only the words that are new (`cache` keeps them).
    loop {
        let started = Instant::now();
        let result =
            build_file(&args.input, &layout, &args.options, None, cache).and_then(|built| {
                files::write_all(&[(output.clone(), &built.pdf)], temps).map(|()| built)
            });
        match result {
            Ok(built) => {
                report_notes(&built, None, &output, args.options.verbose);
                println!(
                    "{} {}: {}, {} ms",
                    clock(),
                    printable(&output.display().to_string()),
                    pages(built.pages),
                    started.elapsed().as_millis()
                );
            }
            // An input error is the normal state of a file being edited: say it, go on.
            Err(error) => eprintln!("{} {error}", clock()),
        }
        builds += 1;
        if args.max_builds.is_some_and(|max| builds >= max) {
            return Ok(());
        }
        watcher.next_change();
    }
}

/// The time of day (UTC) for watch lines: "[14:03:27]".
fn clock() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("[{:02}:{:02}:{:02}]", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
}

fn run_convert(args: &ConvertArgs) -> Result<(), Error> {
    let source = read_source(&args.input, &[])?;
    let format = args.from.unwrap_or_else(|| Format::detect(&source));
    let input_error = |d: &Diagnostic| Error::Input(source.reports(d, Severity::Error));
    let (yaml, warnings) =
        crate::model::import::to_native(&source, format).map_err(|d| input_error(&d))?;
    for warning in &warnings {
        eprintln!("{}", source.report(warning, Severity::Warning));
    }
    if args.output == Path::new("-") {
        print!("{yaml}");
        return Ok(());
    }
    if same_file(&args.input, &args.output) {
        let shown = printable(&args.input.display().to_string()).into_owned();
        let message = format!("refusing to write over the input `{shown}`");
        return Err(plain_error(&shown, message));
    }
    write_atomically(&args.output, yaml.as_bytes())?;
    let shown = printable(&args.output.display().to_string()).into_owned();
    println!("{shown}: {} résumé written as cvpdf YAML", format.name());
    Ok(())
}

/// The starter résumé; `NAME` is replaced by the user's name.
const STARTER: &str = include_str!("starter.yaml");

fn run_new(args: &NewArgs) -> Result<(), Error> {
    let name = args.name.trim();
    let output =
        args.output.clone().unwrap_or_else(|| PathBuf::from(format!("{}.yaml", slug(name))));
    if output.symlink_metadata().is_ok() {
        let shown = printable(&output.display().to_string()).into_owned();
        let message = format!("`{shown}` exists already: choose another name with -o");
        return Err(plain_error(&shown, message));
    }
    // Quoted, so a name with a colon or a leading symbol is still one YAML string.
    let quoted = format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    let text = STARTER.replacen("name: NAME", &format!("name: {quoted}"), 1);
    write_atomically(&output, text.as_bytes())?;
    println!(
        "{}: a starter résumé; build it with `cvpdf build {}`",
        output.display(),
        output.display()
    );
    Ok(())
}

/// A file name from a person's name: "Ada Lovelace" → "ada-lovelace"; non-Latin letters stay.
fn slug(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() { "resume".to_string() } else { words.join("-") }
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
        assert_eq!(args.layout, ["one-page"]);
    }

    #[test]
    fn paper_is_checked_by_the_parser() {
        let cli = Cli::try_parse_from(["cvpdf", "build", "me.yaml", "--paper", "Letter"]).unwrap();
        let Command::Build(args) = cli.command else { panic!("not build") };
        assert_eq!(args.options.paper, Some(crate::style::Paper::Letter));
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
    fn lists_split_at_commas() {
        let cli = Cli::try_parse_from([
            "cvpdf",
            "build",
            "a.yaml",
            "b.json",
            "--layout",
            "one-page,detailed",
            "--tags",
            "rust,backend",
        ])
        .unwrap();
        let Command::Build(args) = cli.command else { panic!("not build") };
        assert_eq!(args.inputs, [PathBuf::from("a.yaml"), PathBuf::from("b.json")]);
        assert_eq!(args.layout, ["one-page", "detailed"]);
        assert_eq!(args.options.tags, ["rust", "backend"]);
    }

    #[test]
    fn other_tools_options_name_ours() {
        let message = |line: &[&str]| {
            let error = Cli::try_parse_from(line).unwrap_err();
            let args = line.iter().skip(1).map(|a| a.to_string());
            other_tools_option(&error, args)
        };
        let theme = message(&["cvpdf", "build", "me.yaml", "--theme", "sb2nov"]).unwrap();
        assert!(theme.contains("no `--theme`: it is called `--layout`"), "{theme}");
        assert!(theme.contains("tip: `--layout sb2nov`"), "{theme}");
        let design = message(&["cvpdf", "check", "me.yaml", "--design=classic"]).unwrap();
        assert!(design.contains("tip: `--layout classic`"), "{design}");
        let format = message(&["cvpdf", "build", "me.json", "--format"]).unwrap();
        assert!(format.contains("tip: `--from jsonresume`"), "{format}");
        assert_eq!(message(&["cvpdf", "build", "me.yaml", "--colour"]), None);
    }

    #[test]
    fn outputs_are_named_as_pdfs() {
        let refused = |name: &str| match check_pdf_name(Path::new(name)) {
            Err(Error::Input(reports)) => reports[0].to_string(),
            other => panic!("{name}: {other:?}"),
        };
        assert!(refused("cv.png").contains("use `-o cv.pdf --png`"), "{}", refused("cv.png"));
        assert!(refused("out/cv.docx").contains("not a .docx file: name it `out/cv.pdf`"));
        for fine in ["cv.pdf", "CV.PDF", "cv", "/dev/null"] {
            assert!(check_pdf_name(Path::new(fine)).is_ok(), "{fine}");
        }
    }

    #[test]
    fn names_become_file_names() {
        assert_eq!(slug("Ada Lovelace"), "ada-lovelace");
        assert_eq!(slug("  Jean-Luc  Picard "), "jean-luc-picard");
        assert_eq!(slug("罗锦华"), "罗锦华");
        assert_eq!(slug("!!!"), "resume");
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
    fn extract_takes_a_pdf_a_folder_and_force() {
        let cli = Cli::try_parse_from(["cvpdf", "extract", "cv.pdf"]).unwrap();
        let Command::Extract(args) = cli.command else { panic!("not extract") };
        assert_eq!((args.pdf, args.output, args.force), (PathBuf::from("cv.pdf"), None, false));
        let cli = Cli::try_parse_from(["cvpdf", "extract", "cv.pdf", "-o", "src", "--force"]);
        let Command::Extract(args) = cli.unwrap().command else { panic!("not extract") };
        assert_eq!((args.output, args.force), (Some(PathBuf::from("src")), true));
        assert!(Cli::try_parse_from(["cvpdf", "extract"]).is_err(), "the PDF is required");
    }

    #[test]
    fn without_layout_the_file_may_choose_else_it_is_detailed() {
        let cli = Cli::try_parse_from(["cvpdf", "build", "me.yaml"]).unwrap();
        let Command::Build(args) = cli.command else { panic!("not build") };
        assert!(args.layout.is_empty(), "no --layout given");
        assert_eq!(args.output, None);
        assert_eq!(Layout::of(None), Layout { name: "detailed".into(), chosen: false });
        let given = "one-page".to_string();
        assert_eq!(Layout::of(Some(&given)), Layout { name: given.clone(), chosen: true });
    }
}
