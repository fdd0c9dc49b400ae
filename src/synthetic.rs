//! Synthetic résumés of any length, for benchmarks and tests: an academic CV in the native
//! YAML format with a chosen number of positions, publications and talks.
//!
//! The text is made from a seeded generator, so the same [`Size`] and seed always give
//! the same file. It is meant to cost what real text costs: varied words (184 common and
//! technical ones, with numbers, names and DOIs, so that the shaping cache is exercised
//! as by a real résumé, not defeated), long words that need hyphenating, inline bold,
//! italic and code, URLs and DOIs that must break at URL-safe characters, dates and en
//! dashes.
//!
//! ```
//! use cvpdf::synthetic::{Size, resume};
//!
//! let yaml = resume(Size::pages(5), 1);
//! assert_eq!(yaml, resume(Size::pages(5), 1));
//! assert!(yaml.starts_with("name: "));
//! ```

use std::fmt::Write;

/// How much a synthetic résumé holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Entries with bullets (positions, projects, teaching), spread over three sections.
    pub entries: usize,
    /// Items in the publications section: one to three lines each.
    pub publications: usize,
    /// Items in the talks section: one or two lines each.
    pub talks: usize,
}

impl Size {
    /// About `pages` A4 pages in the `detailed` layout: calibrated so that 1, 5, 20, 60
    /// and 200 come out exactly with seed 1, and within a page with other seeds.
    pub fn pages(pages: usize) -> Size {
        // One page holds about 1.5 entries, 9 publications and 2 talks; the header,
        // summary and skills take the first page's first quarter.
        let pages = (pages.max(1) as f64 - 0.75) * 0.98;
        let share = |per_page: f64, first: usize| first.max((per_page * pages).round() as usize);
        Size { entries: share(1.5, 1), publications: share(9.0, 1), talks: share(2.0, 1) }
    }
}

/// A synthetic résumé of `size`, generated from `seed`, as native YAML text.
pub fn resume(size: Size, seed: u64) -> String {
    let mut g = Generator { state: seed ^ 0x9e37_79b9_7f4a_7c15, out: String::new() };
    g.header();
    let split = [size.entries.div_ceil(2), size.entries / 3, 0];
    let split = [split[0], split[1], size.entries - split[0] - split[1]];
    let titles = ["Academic positions", "Research projects", "Teaching"];
    for (title, count) in titles.iter().zip(split) {
        if count > 0 {
            g.entries(title, count);
        }
    }
    g.publications(size.publications);
    g.talks(size.talks);
    g.skills();
    g.out
}

/// Words of the running text, common and technical; some long enough to need hyphens.
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "for",
    "with",
    "on",
    "by",
    "from",
    "as",
    "that",
    "we",
    "our",
    "its",
    "this",
    "which",
    "between",
    "across",
    "under",
    "over",
    "into",
    "analysis",
    "model",
    "models",
    "method",
    "methods",
    "data",
    "results",
    "system",
    "systems",
    "design",
    "study",
    "studies",
    "approach",
    "framework",
    "algorithm",
    "algorithms",
    "network",
    "networks",
    "performance",
    "evaluation",
    "experiments",
    "distributed",
    "parallel",
    "scalable",
    "efficient",
    "robust",
    "novel",
    "large-scale",
    "real-time",
    "open-source",
    "empirical",
    "theoretical",
    "statistical",
    "numerical",
    "computational",
    "experimental",
    "quantitative",
    "qualitative",
    "longitudinal",
    "students",
    "colleagues",
    "collaborators",
    "partners",
    "industry",
    "community",
    "developed",
    "designed",
    "implemented",
    "evaluated",
    "measured",
    "published",
    "supervised",
    "taught",
    "organised",
    "reviewed",
    "funded",
    "led",
    "built",
    "wrote",
    "improved",
    "reduced",
    "increased",
    "extended",
    "maintained",
    "deployed",
    "released",
    "latency",
    "throughput",
    "memory",
    "storage",
    "queries",
    "compilers",
    "kernels",
    "databases",
    "protocols",
    "sensors",
    "proteins",
    "genomes",
    "climate",
    "ocean",
    "cells",
    "tissue",
    "imaging",
    "signals",
    "speech",
    "language",
    "vision",
    "graphs",
    "optimisation",
    "inference",
    "learning",
    "training",
    "sampling",
    "estimation",
    "simulation",
    "verification",
    "synthesis",
    "retrieval",
    "compression",
    "scheduling",
    "time",
    "space",
    "energy",
    "cost",
    "quality",
    "accuracy",
    "error",
    "variance",
    "benchmark",
    "dataset",
    "corpus",
    "library",
    "toolkit",
    "pipeline",
    "platform",
    "course",
    "seminar",
    "workshop",
    "lecture",
    "thesis",
    "dissertation",
    "grant",
    "internationalisation",
    "electroencephalography",
    "characterisation",
    "counterintuitively",
    "interdisciplinary",
    "thermodynamically",
    "microarchitectural",
    "parallelisation",
    "deterministically",
    "reproducibility",
    "heteroscedasticity",
    "spectrophotometric",
    "photolithography",
    "incompressibility",
    "nondeterministic",
    "probabilistic",
    "approximately",
    "significantly",
    "respectively",
    "consistently",
    "first",
    "second",
    "new",
    "several",
    "many",
    "two",
    "three",
    "both",
    "each",
    "all",
    "high",
    "low",
    "fast",
    "small",
    "long",
    "early",
    "recent",
    "public",
    "national",
];

const SURNAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Novak",
    "García",
    "Schmidt",
    "Kowalski",
    "O'Brien",
    "Nakamura",
    "Haddad",
    "Rossi",
    "Van der Berg",
    "Ivanova",
    "Chen",
    "Müller",
    "Andersen",
    "Dubois",
    "Papadopoulos",
    "Fernández",
    "Kim",
    "Singh",
    "Nguyen",
    "Walsh",
];

const VENUES: &[&str] = &[
    "Proceedings of the ACM on Programming Languages",
    "Journal of Machine Learning Research",
    "IEEE Transactions on Parallel and Distributed Systems",
    "Nature Communications",
    "Proceedings of the International Conference on Very Large Data Bases",
    "Physical Review Letters",
    "Bioinformatics",
    "Communications of the ACM",
    "Annals of Applied Statistics",
    "USENIX Annual Technical Conference",
];

const PLACES: &[&str] = &[
    "University of Edinburgh",
    "ETH Zürich",
    "Kyoto University",
    "Universidad de Chile",
    "University of Toronto",
    "Max Planck Institute for Informatics",
    "Sorbonne Université",
    "National University of Singapore",
    "University of Cape Town",
    "Uppsala University",
];

const ROLES: &[&str] = &[
    "Postdoctoral researcher",
    "Research fellow",
    "Lecturer",
    "Visiting scholar",
    "Senior lecturer",
    "Research engineer",
    "Associate professor",
    "Teaching assistant",
];

struct Generator {
    state: u64,
    out: String,
}

impl Generator {
    /// splitmix64: small, fast, and the same on every platform.
    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn pick<'w>(&mut self, list: &[&'w str]) -> &'w str {
        list[self.between(0, list.len() - 1)]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.between(1, 100) <= percent
    }

    /// A sentence of `low..=high` words, with some markup, numbers and links.
    fn sentence(&mut self, low: usize, high: usize) -> String {
        let n = self.between(low, high);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(if self.chance(6) && i + 1 < n { ',' } else { ' ' });
                if s.ends_with(',') {
                    s.push(' ');
                }
            }
            let word = self.pick(WORDS);
            match self.between(1, 100) {
                1..=3 => write!(s, "**{word}**"),
                4..=5 => write!(s, "*{word}*"),
                6 => write!(s, "`{word}_{}`", self.between(1, 99)),
                7..=8 => write!(s, "{}", self.between(2, 980)),
                9 => write!(s, "{} %", self.between(5, 95)),
                10 => write!(s, "{}–{}", self.between(1990, 2010), self.between(2011, 2025)),
                _ => write!(s, "{word}"),
            }
            .expect("writing to a String");
        }
        if self.chance(8) {
            let path = self.pick(WORDS).replace('-', "_");
            write!(s, " (https://github.com/lab-{}/{path}-tools)", self.between(1, 60))
                .expect("writing to a String");
        }
        let mut chars = s.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
        format!("{first}{}.", chars.as_str())
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn header(&mut self) {
        let surname = self.pick(SURNAMES);
        self.line(&format!("name: {}", quote(&format!("Dr. Alex {surname}"))));
        self.line("headline: Researcher in computational science");
        let place = self.pick(PLACES);
        self.line(&format!("location: {}", quote(place)));
        self.line("email: alex@example.org");
        self.line("links:");
        self.line("  - url: https://example.org/~alex");
        self.line("  - label: ORCID");
        self.line("    url: https://orcid.org/0000-0002-1825-0097");
        self.line("language: en-US");
        let summary =
            format!("{} {} {}", self.sentence(12, 24), self.sentence(8, 20), self.sentence(10, 30));
        self.line(&format!("summary: {}", quote(&summary)));
        self.line("sections:");
    }

    fn entries(&mut self, title: &str, count: usize) {
        self.line(&format!("  - title: {}", quote(title)));
        self.line("    entries:");
        let mut year = 2025;
        for _ in 0..count {
            let start = year - self.between(1, 4);
            let role = self.pick(ROLES);
            let place = self.pick(PLACES);
            self.line(&format!("      - title: {}", quote(role)));
            self.line(&format!("        subtitle: {}", quote(place)));
            let (from, to) = (self.between(1, 12), self.between(1, 12));
            self.line(&format!("        start: {start}-{from:02}"));
            self.line(&format!("        end: {year}-{to:02}"));
            if self.chance(30) {
                let url = format!("https://example.org/projects/{}", self.between(100, 999));
                self.line(&format!("        url: {url}"));
            }
            if self.chance(40) {
                let text = format!("{} {}", self.sentence(10, 25), self.sentence(10, 25));
                self.line(&format!("        text: {}", quote(&text)));
            }
            self.line("        bullets:");
            for _ in 0..self.between(3, 6) {
                let text = self.sentence(8, 40);
                if self.chance(10) {
                    self.line(&format!("          - text: {}", quote(&text)));
                    self.line("            bullets:");
                    for _ in 0..self.between(1, 3) {
                        let child = self.sentence(5, 20);
                        self.line(&format!("              - {}", quote(&child)));
                    }
                } else {
                    self.line(&format!("          - {}", quote(&text)));
                }
            }
            // Reverse-chronological, with gaps and overlaps as in real careers.
            year = (start + self.between(0, 1)).max(1960);
        }
    }

    fn publications(&mut self, count: usize) {
        self.line("  - title: Publications");
        self.line("    items:");
        for i in 0..count {
            let mut authors = Vec::new();
            for _ in 0..self.between(1, 6) {
                let initial = (b'A' + self.between(0, 25) as u8) as char;
                authors.push(format!("{}, {initial}.", self.pick(SURNAMES)));
            }
            let year = 2025 - (i * 20 / count.max(1)) as u32;
            let title = self.sentence(6, 16);
            let venue = self.pick(VENUES);
            let pages = self.between(1, 900);
            let doi = format!(
                "10.{}/{}.{}",
                self.between(1000, 9999),
                self.pick(WORDS),
                self.next() % 100_000
            );
            let text = format!(
                "{} ({year}). {title} *{venue}*, {}({}), {pages}–{}. https://doi.org/{doi}",
                authors.join(", "),
                self.between(1, 60),
                self.between(1, 12),
                pages + self.between(5, 30),
            );
            self.line(&format!("      - {}", quote(&text)));
        }
    }

    fn talks(&mut self, count: usize) {
        self.line("  - title: Invited talks");
        self.line("    items:");
        for i in 0..count {
            let year = 2025 - (i * 15 / count.max(1));
            let talk = self.sentence(4, 12);
            let text = format!("{talk} {}, {year}.", self.pick(PLACES));
            self.line(&format!("      - {}", quote(&text)));
        }
    }

    fn skills(&mut self) {
        self.line("  - title: Skills");
        self.line("    rows:");
        for label in ["Programming", "Methods", "Languages"] {
            let mut words: Vec<&str> = (0..self.between(5, 12)).map(|_| self.pick(WORDS)).collect();
            words.dedup();
            self.line(&format!("      - label: {label}"));
            self.line(&format!("        text: {}", quote(&words.join(", "))));
        }
    }
}

/// A YAML double-quoted scalar.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;

    #[test]
    fn same_seed_same_file_other_seed_other_file() {
        let size = Size::pages(3);
        assert_eq!(resume(size, 7), resume(size, 7));
        assert_ne!(resume(size, 7), resume(size, 8));
    }

    #[test]
    fn every_size_loads() {
        for pages in [1, 5, 20] {
            let source = Source::new("synthetic.yaml", resume(Size::pages(pages), 1));
            let resume = crate::model::load(&source).unwrap_or_else(|e| panic!("{e:?}"));
            let entries: usize = resume.sections.iter().map(|s| s.entries.len()).sum();
            assert_eq!(entries, Size::pages(pages).entries);
        }
    }
}
