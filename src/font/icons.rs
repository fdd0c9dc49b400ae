//! Fonts, the icons: a contact item (an e-mail address, a phone number, a place, a web
//! address) → the Font Awesome Free icon that shows what it is, as an outline.
//!
//! The icons are drawn as shapes, not as text: a glyph of an icon font is a character
//! of the Private Use Area in the text layer, which every extractor reads back into the
//! résumé's text (RenderCV's PDFs carry 40 of them). So `build.rs` reads the outlines of
//! the few icons listed there out of Font Awesome's faces (`fonts/font-awesome/`), and
//! only those are compiled in: 25 KB for 34 icons, against 640 KB for the faces.
//!
//! Which site an address is on is told by its host ([`SITES`]): a profile on GitHub
//! gets GitHub's mark whatever its label says, and an address cvpdf does not know gets
//! a plain link.

/// One icon's outline, written by `build.rs` into `OUT_DIR/icons.rs`.
#[derive(Debug)]
pub struct IconGlyph {
    pub name: &'static str,
    /// The icon's width in em: how far the text after it moves.
    pub advance: f32,
    /// The units of the outline to the em (the face's).
    pub units: f32,
    /// The path's verbs: `M`ove, `L`ine, `Q`uadratic, `C`ubic, `Z` close.
    verbs: &'static str,
    /// The verbs' points, x and y in units from the baseline's left end, y up.
    points: &'static [f32],
}

const GLYPHS: &[IconGlyph] = include!(concat!(env!("OUT_DIR"), "/icons.rs"));

/// A piece of an icon's outline, in its units ([`IconGlyph::units`]) from the baseline's
/// left end, y up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathSegment {
    MoveTo(f32, f32),
    LineTo(f32, f32),
    QuadTo(f32, f32, f32, f32),
    CubicTo(f32, f32, f32, f32, f32, f32),
    Close,
}

/// An icon cvpdf carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Icon(u8);

/// Sites by their host (the host itself or any under it, after `www.`), and their icon.
const SITES: &[(&str, &str)] = &[
    ("github.com", "github"),
    ("github.io", "github"),
    ("gitlab.com", "gitlab"),
    ("bitbucket.org", "bitbucket"),
    ("linkedin.com", "linkedin"),
    ("xing.com", "xing"),
    ("orcid.org", "orcid"),
    ("scholar.google.com", "google-scholar"),
    ("researchgate.net", "researchgate"),
    ("stackoverflow.com", "stack-overflow"),
    ("stackexchange.com", "stack-overflow"),
    ("kaggle.com", "kaggle"),
    ("news.ycombinator.com", "hacker-news"),
    ("dev.to", "dev"),
    ("medium.com", "medium"),
    ("npmjs.com", "npm"),
    ("codepen.io", "codepen"),
    ("dribbble.com", "dribbble"),
    ("behance.net", "behance"),
    ("x.com", "x-twitter"),
    ("twitter.com", "x-twitter"),
    ("mastodon.social", "mastodon"),
    ("mastodon.online", "mastodon"),
    ("fosstodon.org", "mastodon"),
    ("hachyderm.io", "mastodon"),
    ("bsky.app", "bluesky"),
    ("threads.net", "threads"),
    ("facebook.com", "facebook"),
    ("instagram.com", "instagram"),
    ("youtube.com", "youtube"),
    ("youtu.be", "youtube"),
    ("reddit.com", "reddit"),
    ("discord.com", "discord"),
    ("discord.gg", "discord"),
    ("t.me", "telegram"),
    ("weibo.com", "weibo"),
    ("zhihu.com", "zhihu"),
    ("bilibili.com", "bilibili"),
];

impl Icon {
    /// The icon of this name, if cvpdf carries it.
    pub fn named(name: &str) -> Option<Icon> {
        GLYPHS.iter().position(|g| g.name == name).map(|i| Icon(i as u8))
    }

    fn must(name: &str) -> Icon {
        Icon::named(name).unwrap_or(Icon(0))
    }

    pub fn email() -> Icon {
        Icon::must("envelope")
    }

    pub fn phone() -> Icon {
        Icon::must("phone")
    }

    pub fn location() -> Icon {
        Icon::must("location-dot")
    }

    /// The icon of a web address (a profile's mark, or a link), an e-mail address
    /// (`mailto:`) or a phone number (`tel:`).
    pub fn for_address(url: &str) -> Icon {
        let lower = url.trim().to_ascii_lowercase();
        if lower.starts_with("mailto:") {
            return Icon::email();
        }
        if lower.starts_with("tel:") {
            return Icon::phone();
        }
        let rest = lower.split_once("://").map_or(lower.as_str(), |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = authority.rsplit('@').next().unwrap_or("").split(':').next().unwrap_or("");
        let host = host.trim_end_matches('.');
        let site = SITES.iter().find(|(domain, _)| {
            host == *domain || host.strip_suffix(domain).is_some_and(|sub| sub.ends_with('.'))
        });
        site.map_or_else(|| Icon::must("link"), |(_, name)| Icon::must(name))
    }

    pub fn glyph(self) -> &'static IconGlyph {
        &GLYPHS[usize::from(self.0)]
    }
}

impl IconGlyph {
    /// The outline, piece by piece.
    pub fn path(&self) -> impl Iterator<Item = PathSegment> + '_ {
        let mut points = self.points.iter().copied();
        let mut next = move || points.next().unwrap_or(0.0);
        self.verbs.chars().map(move |verb| match verb {
            'M' => PathSegment::MoveTo(next(), next()),
            'L' => PathSegment::LineTo(next(), next()),
            'Q' => PathSegment::QuadTo(next(), next(), next(), next()),
            'C' => PathSegment::CubicTo(next(), next(), next(), next(), next(), next()),
            _ => PathSegment::Close,
        })
    }

    /// The box around the outline's points, in em: (left, bottom, right, top).
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        let start = (f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY);
        let (x0, y0, x1, y1) = self.points.chunks_exact(2).fold(start, |(x0, y0, x1, y1), p| {
            (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1]))
        });
        let em = self.units;
        (x0 / em, y0 / em, x1 / em, y1 / em)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_site_has_its_icon() {
        for (domain, name) in SITES {
            assert!(Icon::named(name).is_some(), "{domain}: {name}");
        }
        assert!(GLYPHS.len() < usize::from(u8::MAX));
    }

    #[test]
    fn addresses_get_the_icon_of_their_site() {
        let name = |url: &str| Icon::for_address(url).glyph().name;
        assert_eq!(name("https://github.com/arloor"), "github");
        assert_eq!(name("https://www.linkedin.com/in/someone/"), "linkedin");
        assert_eq!(name("HTTPS://WWW.GitHub.com"), "github");
        assert_eq!(name("https://orcid.org/0000-0002-1825-0097"), "orcid");
        assert_eq!(name("https://scholar.google.com/citations?user=x"), "google-scholar");
        assert_eq!(name("https://x.com/someone"), "x-twitter");
        assert_eq!(name("https://someone.medium.com"), "medium");
        assert_eq!(name("https://user@gitlab.com:443/a"), "gitlab");
        assert_eq!(name("mailto:a@b.org"), "envelope");
        assert_eq!(name("tel:+4912345"), "phone");
        // Not fooled by a host that only ends with a site's name, or names it in its path.
        assert_eq!(name("https://notgithub.com/x"), "link");
        assert_eq!(name("https://example.org/github.com"), "link");
        assert_eq!(name("https://github.com.example.org"), "link");
        assert_eq!(name("https://www.arloor.com"), "link");
    }

    #[test]
    fn outlines_are_whole_and_sit_on_the_baseline() {
        for glyph in GLYPHS {
            let segments: Vec<PathSegment> = glyph.path().collect();
            assert!(matches!(segments.first(), Some(PathSegment::MoveTo(..))), "{}", glyph.name);
            assert_eq!(segments.last(), Some(&PathSegment::Close), "{}", glyph.name);
            let arity = |v| match v {
                'M' | 'L' => 2,
                'Q' => 4,
                'C' => 6,
                _ => 0,
            };
            let expected: usize = glyph.verbs.chars().map(arity).sum();
            assert_eq!(glyph.points.len(), expected, "{}", glyph.name);
            // Within its advance, and about Font Awesome's em: 0.125 below the baseline
            // to 0.875 above.
            let (left, low, right, high) = glyph.bounds();
            assert!((-0.2..0.2).contains(&low) && (0.5..1.0).contains(&high), "{}", glyph.name);
            assert!(left > -0.02 && right < glyph.advance + 0.02, "{}", glyph.name);
            assert!((0.3..1.4).contains(&glyph.advance), "{}", glyph.name);
        }
    }
}
