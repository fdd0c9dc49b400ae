//! The catalogue of bad inputs (`tests/bad/catalogue.yaml`): every case is built by the
//! binary in a folder of its own where a `cv.pdf` already exists, and must give its exit
//! code, the start of its message, its `file:line:column` (or none), in time, without a
//! panic, without touching `cv.pdf` and without leaving a file behind. Cases that must
//! build (a URL with `#` and `%`, 5,000 bullets) say so with `code: 0`.
//!
//! All cases run, and every case that fails is listed in one assertion message.
//!
//! Big inputs (a 20 MB file, alias bombs, deep nesting, 5,000 bullets, binary garbage) are
//! made here by [`generate`] rather than committed; the catalogue names their generator.
//!
//! Output folders that cannot be written: the tests run as root, who may write into any
//! folder whatever its permissions, and a read-only file system cannot be mounted here.
//! What stays unwritable even for root is a folder of the kernel's own file systems:
//! `/proc` (no file can be made there) and `/sys` (read-only, or refusing new files). The
//! catalogue uses both, and a path whose "folder" is a regular file.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use serde::Deserialize;

/// One case of the catalogue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Case {
    /// A short name, for the report.
    case: String,
    /// The input: a file in `tests/bad/`, copied into the case's folder...
    file: Option<String>,
    /// ...or made by a generator of this file.
    generate: Option<String>,
    /// Arguments after `build INPUT -o OUTPUT`; `{bad}` is the absolute path of `tests/bad`.
    #[serde(default)]
    args: Vec<String>,
    /// The `-o` argument; `cv.pdf` when not given. `{input}` is the input's name.
    output: Option<String>,
    /// Folders to make in the case's folder before the build.
    #[serde(default)]
    folders: Vec<String>,
    /// Files to write in the case's folder before the build: name → text (`{bad}` is
    /// replaced as in `args`).
    #[serde(default)]
    files: BTreeMap<String, String>,
    /// Files of this many bytes, sparse (a font file larger than the limit): name → size.
    #[serde(default)]
    sparse: BTreeMap<String, u64>,
    /// Text that standard error must not hold (a secret of a file that must not be quoted).
    #[serde(default)]
    not_in_stderr: Vec<String>,
    /// The exit code: 0 builds, 1 I/O or internal error, 2 bad input.
    code: i32,
    /// The start of the first line of standard error after `error: ` (`{bad}` and `{input}`
    /// are replaced as in `args`).
    message: Option<String>,
    /// For a case that builds: the start of the first line after `warning: `; without it the
    /// build must be silent.
    warning: Option<String>,
    /// Where the report points: `name:line:column`, the file's name without its folder. A
    /// failing case without `at` must have no line and column.
    at: Option<String>,
    /// Text that one `= hint:` line contains.
    hint: Option<String>,
    /// For a case that builds: strings the uncompressed PDF contains (link targets).
    #[serde(default)]
    pdf_has: Vec<String>,
    /// The time the case may take, in seconds (default 5, in a debug build).
    max_seconds: Option<f32>,
}

/// What an existing `cv.pdf` holds before every case.
const LAST_GOOD_PDF: &[u8] = b"%PDF-1.7\n% the last good PDF, which no failed build may touch\n";

/// Standard error longer than this is a report gone wrong (a megabyte line printed whole).
const MAX_STDERR_BYTES: usize = 4096;

fn bad() -> PathBuf {
    repo().join("tests/bad")
}

fn catalogue() -> Vec<Case> {
    let path = bad().join("catalogue.yaml");
    let text = std::fs::read_to_string(&path).expect("tests/bad/catalogue.yaml is readable");
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("tests/bad/catalogue.yaml: {e}"))
}

#[test]
fn every_bad_input_fails_cleanly() {
    let cases = catalogue();
    let mut names = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    let mut times = Vec::new();
    for case in &cases {
        assert!(names.insert(case.case.clone()), "the case `{}` is listed twice", case.case);
        let started = Instant::now();
        if let Err(problems) = run(case) {
            failures.push(format!("{}:\n  {}", case.case, problems.join("\n  ")));
        }
        times.push((started.elapsed(), case.case.as_str()));
    }
    times.sort();
    let slowest: Vec<String> =
        times.iter().rev().take(3).map(|(t, name)| format!("{name} {t:.2?}")).collect();
    eprintln!("{} cases; slowest: {}", cases.len(), slowest.join(", "));
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_catalogue_covers_what_the_hardening_issue_asks_for() {
    let cases = catalogue();
    assert!(cases.len() >= 180, "only {} cases", cases.len());
    let generated: Vec<&str> = cases.iter().filter_map(|c| c.generate.as_deref()).collect();
    for generator in GENERATORS {
        assert!(generated.contains(generator), "no case uses the generator `{generator}`");
    }
    for case in &cases {
        assert!(
            case.file.is_some() != case.generate.is_some(),
            "{}: give `file` or `generate`",
            case.case
        );
        assert!(
            (case.code == 0) == case.message.is_none(),
            "{}: a failing case gives `message`, a building one does not",
            case.case
        );
        if let Some(file) = &case.file {
            assert!(bad().join(file).is_file(), "{}: no file tests/bad/{file}", case.case);
        }
    }
}

/// Build one case; the problems found, if any.
fn run(case: &Case) -> Result<(), Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    std::fs::write(folder.join("cv.pdf"), LAST_GOOD_PDF).unwrap();
    for name in &case.folders {
        std::fs::create_dir_all(folder.join(name)).unwrap();
    }
    for (name, text) in &case.files {
        let text = text.replace("{bad}", &bad().display().to_string());
        std::fs::write(folder.join(name), text).unwrap();
    }
    for (name, size) in &case.sparse {
        std::fs::File::create(folder.join(name)).unwrap().set_len(*size).unwrap();
    }
    let input = match (&case.file, &case.generate) {
        (Some(file), _) => {
            let name = Path::new(file).file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(bad().join(file), folder.join(&name)).unwrap();
            name
        }
        (None, Some(generator)) => {
            let (name, bytes) = generate(generator);
            std::fs::write(folder.join(&name), bytes).unwrap();
            name
        }
        (None, None) => return Err(vec!["no input: give `file` or `generate`".into()]),
    };
    let fill =
        |text: &str| text.replace("{bad}", &bad().display().to_string()).replace("{input}", &input);
    let output = fill(case.output.as_deref().unwrap_or("cv.pdf"));
    let before = listing(folder);

    let mut args = vec!["build".to_string(), input.clone(), "-o".into(), output.clone()];
    args.extend(case.args.iter().map(|a| fill(a)));
    let started = Instant::now();
    let result = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(&args)
        .current_dir(folder)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the cvpdf binary runs");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();

    // `CVPDF_BAD_SHOW=1 cargo test --test bad -- --nocapture` prints every report.
    if std::env::var_os("CVPDF_BAD_SHOW").is_some() {
        eprintln!("--- {} ({took:.2?})\n{}", case.case, indent(&stderr));
    }
    let mut problems = Vec::new();
    let mut problem = |p: String| problems.push(p);
    let first = stderr.lines().next().unwrap_or("");
    if result.status.code() != Some(case.code) {
        problem(format!("exit code {:?}, expected {}", result.status.code(), case.code));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problem("it panicked".into());
    }
    if stderr.len() > MAX_STDERR_BYTES {
        problem(format!("{} bytes of standard error", stderr.len()));
    }
    // A line a CI runner would obey (`::error::`, `::add-mask::`), or an escape sequence.
    if stderr.lines().any(|l| l.starts_with("::")) || stderr.contains('\u{1b}') {
        problem("standard error holds a line starting with `::` or an escape character".into());
    }
    for secret in &case.not_in_stderr {
        if stderr.contains(secret.as_str()) {
            problem(format!("standard error quotes {secret:?}"));
        }
    }
    let limit = Duration::from_secs_f32(case.max_seconds.unwrap_or(5.0));
    if took > limit {
        problem(format!("took {took:.2?}, more than {limit:?}"));
    }
    match (&case.message, &case.warning) {
        (Some(message), _) => {
            let expected = format!("error: {}", fill(message));
            if !first.starts_with(&expected) {
                problem(format!("first line {first:?}, expected it to start with {expected:?}"));
            }
        }
        (None, Some(warning)) => {
            let expected = format!("warning: {}", fill(warning));
            if !first.starts_with(&expected) {
                problem(format!("first line {first:?}, expected it to start with {expected:?}"));
            }
        }
        (None, None) if !stderr.is_empty() => {
            problem("a clean build wrote to standard error".into())
        }
        (None, None) => {}
    }
    match (&case.at, location(&stderr)) {
        (Some(at), Some((place, caret))) => {
            let at = fill(at);
            let (_, line_column) = at.split_once(':').unwrap_or((&at, ""));
            let named = place.ends_with(&format!("/{at}")) || place == at;
            if !named {
                problem(format!("points at {place:?}, expected {at:?}"));
            }
            let column: usize =
                line_column.rsplit(':').next().and_then(|c| c.parse().ok()).unwrap_or(0);
            // A long line is shown cut (`…`), and the caret moves with it.
            let cut = stderr.lines().any(|l| l.contains(" | …"));
            if caret != Some(column) && !cut {
                problem(format!("the caret is at column {caret:?}, expected {column}"));
            }
        }
        (Some(at), None) => problem(format!("no place in the report, expected {at:?}")),
        (None, Some((place, _))) if case.code != 0 => {
            problem(format!("points at {place:?}, expected no line and column"))
        }
        (None, _) => {}
    }
    if let Some(hint) = &case.hint {
        let hint = fill(hint);
        let hinted =
            stderr.lines().any(|l| l.trim_start().starts_with("= hint:") && l.contains(&hint));
        if !hinted {
            problem(format!("no hint with {hint:?}"));
        }
    }

    let after = listing(folder);
    if case.code == 0 {
        let names = |l: &BTreeMap<String, Vec<u8>>| l.keys().cloned().collect::<Vec<_>>();
        if names(&after) != names(&before) {
            problem(format!("files before {:?}, after {:?}", names(&before), names(&after)));
        }
        let pdf = after.get("cv.pdf").cloned().unwrap_or_default();
        if !pdf.starts_with(b"%PDF-") || pdf == LAST_GOOD_PDF {
            problem("cv.pdf was not written".into());
        } else if !case.pdf_has.is_empty() {
            let text = uncompressed(&folder.join("cv.pdf"));
            for wanted in &case.pdf_has {
                if !text.contains(wanted.as_str()) {
                    problem(format!("the PDF lacks {wanted:?}"));
                }
            }
        }
    } else if after != before {
        let changed: Vec<&String> = before
            .keys()
            .chain(after.keys())
            .filter(|name| before.get(*name) != after.get(*name))
            .collect();
        problem(format!("files were changed, made or left behind: {changed:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.push(format!("standard error:\n{}", indent(&stderr)));
        Err(problems)
    }
}

/// Every file in the folder (and its folders) by name, with its bytes.
fn listing(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(folder).unwrap().display().to_string();
            let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_dir() {
                files.insert(format!("{name}/"), Vec::new());
                stack.push(path);
            } else if kind.is_file() {
                files.insert(name, std::fs::read(&path).unwrap_or_default());
            } else {
                files.insert(format!("{name}@"), Vec::new());
            }
        }
    }
    files
}

/// The place of the first report (`cv.yaml:3:9`) and the column of its first caret.
fn location(stderr: &str) -> Option<(String, Option<usize>)> {
    let arrow = stderr.lines().find(|l| l.trim_start().starts_with("--> "))?;
    let place = arrow.trim_start().trim_start_matches("--> ").to_string();
    let mut parts = place.rsplitn(3, ':');
    let (column, line) = (parts.next()?, parts.next()?);
    if column.parse::<usize>().is_err() || line.parse::<usize>().is_err() {
        return None;
    }
    let caret_line = stderr.lines().find(|l| l.trim_start().starts_with('|') && l.contains('^'));
    let caret = caret_line.map(|l| {
        let gutter = l.find('|').unwrap() + 2;
        l[gutter..].chars().take_while(|&c| c != '^').count() + 1
    });
    Some((place, caret))
}

/// The PDF with its streams uncompressed, as text (qpdf).
fn uncompressed(pdf: &Path) -> String {
    let out = tempfile::NamedTempFile::new().unwrap();
    tool(
        "qpdf",
        &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), out.path().to_str().unwrap()],
    );
    String::from_utf8_lossy(&std::fs::read(out.path()).unwrap()).into_owned()
}

fn indent(text: &str) -> String {
    let text: String = text.chars().take(1500).collect();
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

// ---------------------------------------------------------------------------------------
// Generated inputs: too big to commit, or binary.

const GENERATORS: &[&str] = &[
    "binary-garbage",
    "alias-bomb",
    "alias-bomb-json",
    "alias-bomb-rendercv",
    "deep-flow",
    "deep-block",
    "deep-json",
    "huge-20mb",
    "bullets-5000",
    "json-long-line",
    "markup-brackets",
    "markup-stars",
    "markup-stars-4mb",
    "markup-www",
    "markup-open-links",
    "markup-backticks",
    "markup-escaped-brackets",
    "markup-closing-parens",
    "markup-emails",
    "markup-nested-emphasis",
    "markup-rule-of-three",
    "combining-marks",
    "zero-width-joiners",
    "footer-bomb",
    "long-name-footer",
    "name-too-long",
    "json-markup-brackets",
    "rendercv-markup-stars",
];

/// A résumé whose summary is `pattern` repeated to `bytes`, as a single-quoted YAML value.
fn summary(file: &str, pattern: &str, bytes: usize) -> (String, String) {
    let body = pattern.repeat(bytes / pattern.len()).replace('\'', "''");
    (file.to_string(), format!("name: Ada\nsummary: '{body}'\n"))
}

/// A generated input: its file name and bytes.
fn generate(name: &str) -> (String, Vec<u8>) {
    let (file, text) = match name {
        "binary-garbage" => {
            // An invalid UTF-8 byte first, then 64 KB of pseudo-random bytes (an LCG, so
            // the case is the same on every run).
            let mut state: u32 = 0x2545_f491;
            let mut bytes = vec![0xff];
            bytes.extend((0..65_536).map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            }));
            return ("garbage.bin".into(), bytes);
        }
        // Thirty anchors, each a list of nine aliases of the one before: 9^30 values when
        // expanded. In `layout:`, which the résumé reads as any YAML, so nothing stops it
        // but the budgets.
        "alias-bomb" => ("alias-bomb.yaml", format!("name: Ada\nlayout:\n{}", laughs("  ", false))),
        "alias-bomb-json" => (
            "alias-bomb.json",
            format!(
                "{{\"basics\": {{\"name\": \"Ada\"}},\n \"x\": {{\n{}}}}}\n",
                laughs("  ", true)
            ),
        ),
        "alias-bomb-rendercv" => {
            ("alias-bomb.yaml", format!("cv:\n  name: Ada\n  x:\n{}", laughs("    ", false)))
        }
        "deep-flow" => (
            "deep-flow.yaml",
            format!("name: Ada\nlayout: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        "deep-block" => {
            let mut text = String::from("name: Ada\nlayout:\n");
            for depth in 1..=300 {
                text.push_str(&format!("{}a:\n", "  ".repeat(depth)));
            }
            ("deep-block.yaml", text)
        }
        "deep-json" => (
            "deep.json",
            format!(
                "{{\"basics\": {{\"name\": \"Ada\"}}, \"x\": {}{}}}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        "huge-20mb" => {
            let mut text = String::from("name: Ada\nsummary: A résumé with 20 MB of comments.\n");
            let line = format!("# {}\n", "x".repeat(97));
            while text.len() + line.len() <= 20 << 20 {
                text.push_str(&line);
            }
            text.push_str(&"#".repeat((20 << 20) - text.len() - 1));
            text.push('\n');
            ("huge.yaml", text)
        }
        "bullets-5000" => {
            let mut text = String::from(
                "name: Ada\nsections:\n  - title: Work\n    entries:\n      - title: Analytical Engine\n        start: 1842\n        end: present\n        bullets:\n",
            );
            for i in 1..=5000 {
                text.push_str(&format!(
                    "          - Bullet {i} wrote a table of Bernoulli numbers for the engine.\n"
                ));
            }
            ("bullets.yaml", text)
        }
        // A minified file: one line of 64 KB with the mistake at its end.
        "json-long-line" => (
            "long-line.json",
            format!(
                "{{\"basics\": {{\"name\": \"Ada\", \"summary\": \"{}\"}}, \"work\": \"Analytical Engine\"}}\n",
                "A long summary. ".repeat(4000)
            ),
        ),
        // The inputs that were quadratic (a scan per bracket, per closer, per "www.", per
        // "](", per combining mark), at a megabyte: minutes each before, now linear.
        "markup-brackets" => return bytes(summary("brackets.yaml", "[", 1 << 20)),
        "markup-stars" => return bytes(summary("stars.yaml", "a* ", 1 << 20)),
        "markup-stars-4mb" => return bytes(summary("stars.yaml", "a* ", (4 << 20) - 100)),
        "markup-www" => return bytes(summary("www.yaml", "www.@", 1 << 20)),
        "markup-open-links" => return bytes(summary("open-links.yaml", "[a](", 1 << 20)),
        "markup-backticks" => return bytes(summary("backticks.yaml", "` `` ", 1 << 20)),
        "markup-escaped-brackets" => return bytes(summary("escaped.yaml", "\\[", 1 << 20)),
        "markup-closing-parens" => {
            return bytes(summary("parens.yaml", "www.a)))))))))))))))))))))", 1 << 20));
        }
        "markup-emails" => return bytes(summary("emails.yaml", "(a@b.co", 1 << 20)),
        "markup-nested-emphasis" => {
            let text = format!("{}x{}", "*a ".repeat(100_000), " a*".repeat(100_000));
            return bytes(("nested.yaml".into(), format!("name: Ada\nsummary: '{text}'\n")));
        }
        "markup-rule-of-three" => {
            let text = format!("{}{}", "a*b ".repeat(100_000), "a** ".repeat(100_000));
            return bytes(("rule3.yaml".into(), format!("name: Ada\nsummary: '{text}'\n")));
        }
        "combining-marks" => {
            let text = format!("a{}", "\u{301}".repeat(200_000));
            return bytes(("marks.yaml".into(), format!("name: Ada\nsummary: '{text}'\n")));
        }
        "zero-width-joiners" => {
            let text = format!("a{}", "\u{200d}".repeat(200_000));
            return bytes(("zwj.yaml".into(), format!("name: Ada\nsummary: '{text}'\n")));
        }
        // A footer of sixty `{name}` and a name of a thousand characters: 60 KB a page
        // (before footers were bounded, a long name made gigabytes).
        "footer-bomb" => (
            "footer-bomb.yaml",
            format!(
                "name: '{}'\nlayout:\n  footer:\n    text: '{}'\n    single-page: true\n",
                "Ada ".repeat(250),
                "{name}".repeat(60)
            ),
        ),
        "long-name-footer" => (
            "long-name.yaml",
            format!(
                "name: '{}'\nlayout:\n  footer: {{ text: '{{name}} {{name}} {{name}} {{name}} {{name}}', single-page: true }}\n",
                "Ada Lovelace ".repeat(76)
            ),
        ),
        "name-too-long" => {
            ("long-name.yaml", format!("name: '{}'\n", "Ada Lovelace ".repeat(1000)))
        }
        "json-markup-brackets" => (
            "brackets.json",
            format!(
                "{{\"basics\": {{\"name\": \"Ada\", \"summary\": \"{}\"}}}}\n",
                "[".repeat(1 << 20)
            ),
        ),
        "rendercv-markup-stars" => (
            "stars.yaml",
            format!(
                "cv:\n  name: Ada\n  sections:\n    About:\n      - '{}'\n",
                "a* ".repeat(300_000)
            ),
        ),
        other => panic!("no generator `{other}`"),
    };
    (file.to_string(), text.into_bytes())
}

fn bytes((name, text): (String, String)) -> (String, Vec<u8>) {
    (name, text.into_bytes())
}

/// The "billion laughs": thirty anchors of nine aliases each, as YAML or JSON-like lines.
fn laughs(indent: &str, json: bool) -> String {
    let key = |i: usize| if json { format!("\"a{i}\"") } else { format!("a{i}") };
    let mut text = format!("{indent}{}: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]", key(0));
    for i in 1..30 {
        let aliases = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(if json { ",\n" } else { "\n" });
        text.push_str(&format!("{indent}{}: &a{i} [{aliases}]", key(i)));
    }
    text.push('\n');
    text
}
