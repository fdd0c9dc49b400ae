//! Measures building the example résumés in-process (YAML text → PDF bytes), whole and by stage.
//!
//! Groups (`cargo bench`, or `cargo bench -- <filter>`):
//!
//! - `build/<example>/<layout>`: [`cvpdf::build`], the whole pipeline as the binary runs
//!   it, including resolving the layout preset. This is the figure the targets are about.
//! - `build_with_style/<example>/<layout>`: [`cvpdf::build_with_style`] with the style
//!   resolved once outside the timed loop, so the difference is the cost of resolving it.
//! - `stage/<example>/<stage>`: each stage alone, with the `detailed` layout and its
//!   input computed outside the timed loop: `load` (YAML → résumé), `style` (preset →
//!   style), `compose`, `typeset` (font book + typesetter + shaping, hyphenation and line
//!   breaking + pagination) and `pdf` (krilla writing, font subsetting included).
//!
//! - `synthetic/<pages>`: [`cvpdf::build`] of a synthetic academic CV
//!   ([`cvpdf::synthetic`]) of about 1, 5, 20, 60 and 200 pages, `detailed` layout, to
//!   show that the cost grows linearly with length. Big sizes take fewer samples.
//!   `stage/synthetic-60/<stage>` splits the 60-page one by stage as above.
//!
//! - `hostile/<what>/<size>`: the inputs that were quadratic (`docs/security.md`), at
//!   100 KB, 1 MB and 4 MB, to show the cost growing linearly: markup parsing of `[`,
//!   `a* `, `www.@` and `[a](` repeated, bare-URL scanning of `www.@` (`markup::escape`),
//!   the glyph ranges of one cluster of combining marks (`GlyphRun::ranges`), and a whole
//!   build of one paragraph of plain words. `cargo bench --bench build -- hostile`.
//!
//! The input is read from `examples/` (or generated) once, before timing: file I/O is not
//! measured.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use cvpdf::diag::Source;
use cvpdf::font::FontBook;
use cvpdf::synthetic::{self, Size};
use cvpdf::text::Typesetter;
use cvpdf::{Options, compose, model, paginate, pdf, style};

const EXAMPLES: &[&str] = &["luo", "liu"];

const LAYOUTS: &[&str] = &["detailed", "one-page"];

/// Page counts of the synthetic résumés.
const PAGES: &[usize] = &[1, 5, 20, 60, 200];

/// The synthetic résumé of about `pages` pages (seed 1), as a source.
fn synthetic_source(pages: usize) -> Source {
    Source::new(format!("synthetic-{pages}.yaml"), synthetic::resume(Size::pages(pages), 1))
}

/// The example's source, read from `examples/` (outside any timed loop).
fn source(name: &str) -> Source {
    let path = format!("{}/examples/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    Source::new(format!("examples/{name}.yaml"), text)
}

fn full_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sampling_mode(SamplingMode::Flat);
    for name in EXAMPLES {
        let source = source(name);
        for layout in LAYOUTS {
            let options = Options {
                layout: (*layout).into(),
                threads: Options::machine_threads(),
                ..Options::default()
            };
            // Fail loudly rather than time an error path.
            cvpdf::build(&source, &options).expect("the example builds");
            group.bench_function(format!("{name}/{layout}"), |b| {
                b.iter(|| cvpdf::build(black_box(&source), black_box(&options)).unwrap())
            });
        }
    }
    group.finish();
}

fn build_with_style(c: &mut Criterion) {
    let mut group = c.benchmark_group("build_with_style");
    group.sampling_mode(SamplingMode::Flat);
    for name in EXAMPLES {
        let source = source(name);
        for layout in LAYOUTS {
            let style = style::resolve(layout).unwrap_or_else(|_| panic!("preset {layout}"));
            cvpdf::build_with_style(&source, &style, None).expect("the example builds");
            group.bench_function(format!("{name}/{layout}"), |b| {
                b.iter(|| cvpdf::build_with_style(black_box(&source), &style, None).unwrap())
            });
        }
    }
    group.finish();
}

fn synthetic_sizes(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic");
    group.sampling_mode(SamplingMode::Flat);
    let options = Options { threads: Options::machine_threads(), ..Options::default() };
    for &pages in PAGES {
        let source = synthetic_source(pages);
        let built = cvpdf::build(&source, &options).expect("the synthetic résumé builds");
        assert!(built.pages.abs_diff(pages) <= pages / 20 + 1, "{pages} → {}", built.pages);
        // About 3 ms a page: ten samples of the long ones are enough and keep the run short.
        if pages >= 60 {
            group.sample_size(10).measurement_time(Duration::from_secs(pages as u64 / 25 + 2));
        }
        group.bench_function(pages.to_string(), |b| {
            b.iter(|| cvpdf::build(black_box(&source), black_box(&options)).unwrap())
        });
    }
    group.finish();
}

fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("stage");
    group.sampling_mode(SamplingMode::Flat);
    let sources = EXAMPLES.iter().map(|name| (name.to_string(), source(name)));
    for (name, source) in sources.chain([("synthetic-60".to_string(), synthetic_source(60))]) {
        if name.starts_with("synthetic") {
            group.sample_size(10).measurement_time(Duration::from_secs(3));
        }
        let style = style::resolve("detailed").unwrap_or_else(|_| panic!("preset detailed"));
        let resume = model::load(&source).expect("the example loads");
        let flow = compose::compose(&resume, &style);
        let book = FontBook::default();
        let mut ts = Typesetter::new(&book, &style, &resume.language);
        let blocks = ts.set_flow(flow.blocks.clone(), 1).expect("the example sets");
        let document = paginate::paginate(&mut ts, blocks, &style, &Default::default())
            .expect("the example paginates");

        group.bench_function(format!("{name}/load"), |b| {
            b.iter(|| model::load(black_box(&source)).unwrap())
        });
        group.bench_function(format!("{name}/style"), |b| {
            b.iter(|| style::resolve(black_box("detailed")).ok().unwrap())
        });
        group.bench_function(format!("{name}/compose"), |b| {
            b.iter(|| compose::compose(black_box(&resume), &style))
        });
        group.bench_function(format!("{name}/typeset"), |b| {
            // The stage takes the blocks; their copy is made outside the measurement.
            b.iter_batched(
                || flow.blocks.clone(),
                |blocks| {
                    // A fresh book and typesetter each time, as `build` does: face parsing,
                    // the shaping cache and the hyphenation patterns are part of the cost.
                    let book = FontBook::default();
                    let mut ts = Typesetter::new(&book, &style, &resume.language);
                    let blocks =
                        ts.set_flow(black_box(blocks), Options::machine_threads()).unwrap();
                    paginate::paginate(&mut ts, blocks, &style, &Default::default())
                        .unwrap()
                        .pages
                        .len()
                },
                criterion::BatchSize::SmallInput,
            )
        });
        group.bench_function(format!("{name}/pdf"), |b| {
            let settings = pdf::Settings::default();
            // The stage takes the document; its copy is made outside the measurement.
            b.iter_batched(
                || document.clone(),
                |document| pdf::write(black_box(document), &flow.meta, &book, &settings).unwrap(),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// The sizes of the hostile inputs, with their names.
const HOSTILE_SIZES: &[(&str, usize)] = &[("100KB", 100 << 10), ("1MB", 1 << 20), ("4MB", 4 << 20)];

/// `pattern` repeated to `bytes`.
fn repeated(pattern: &str, bytes: usize) -> String {
    pattern.repeat(bytes / pattern.len())
}

fn hostile(c: &mut Criterion) {
    use cvpdf::model::markup;
    let mut group = c.benchmark_group("hostile");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    for &(size, bytes) in HOSTILE_SIZES {
        group.measurement_time(Duration::from_secs(if bytes > 1 << 20 { 6 } else { 2 }));
        for (name, pattern) in
            [("brackets", "["), ("stars", "a* "), ("www", "www.@"), ("open-links", "[a](")]
        {
            let text = repeated(pattern, bytes);
            group.bench_function(format!("markup-{name}/{size}"), |b| {
                b.iter(|| markup::parse(black_box(&text)).map(|spans| spans.len()))
            });
        }
        let text = repeated("www.@", bytes);
        group.bench_function(format!("escape-www/{size}"), |b| {
            b.iter(|| markup::escape(black_box(&text)).len())
        });
        // One cluster: a letter and a combining mark per two bytes, as shaping gives it.
        let marks = bytes / 2;
        let run = cvpdf::text::GlyphRun {
            x: 0.0,
            face: cvpdf::font::FaceId(0),
            size: 10.0,
            colour: style::Rgb(0, 0, 0),
            text: format!("a{}", "\u{301}".repeat(marks)),
            glyphs: (0..=marks)
                .map(|_| cvpdf::text::PlacedGlyph { id: 1, cluster: 0, advance: 0.5 })
                .collect(),
            offsets: Vec::new(),
            scale_x: 1.0,
            label: false,
            link: None,
        };
        group.bench_function(format!("cluster-ranges/{size}"), |b| {
            b.iter(|| black_box(&run).ranges().map(|r| r.len()).sum::<usize>())
        });
        let words = repeated("lorem ipsum dolor sit amet consectetur ", bytes - 100);
        let source = Source::new("words.yaml", format!("name: Ada\nsummary: '{words}'\n"));
        group.bench_function(format!("build-words/{size}"), |b| {
            b.iter(|| cvpdf::build(black_box(&source), &Options::default()).unwrap().pages)
        });
    }
    group.finish();
}

fn config() -> Criterion {
    // 18 benchmarks × (1 s warm-up + 3 s measuring) plus analysis: about 75 s, and the
    // synthetic ones about 45 s more. Flat
    // sampling (same iteration count in every sample) keeps a 40 ms build within the 3 s:
    // criterion's default linear sampling would need 1 + 2 + … + 30 iterations.
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = full_build, build_with_style, synthetic_sizes, stages, hostile
}
criterion_main!(benches);
