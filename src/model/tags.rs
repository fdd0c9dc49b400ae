//! Model stage, variants: a [`Resume`] + the tags asked for → the résumé with only the
//! tagged entries and bullets that match. Untagged content always stays.

use super::{Block, Bullet, Resume};

impl Resume {
    /// Keep the entries and bullets whose tags meet `wanted`; with no tags wanted, keep all.
    /// Returns the tags that matched nothing, so a typo on the command line is reported.
    pub fn keep_tagged(&mut self, wanted: &[String]) -> Vec<String> {
        if wanted.is_empty() {
            return Vec::new();
        }
        let wanted: Vec<String> = wanted.iter().map(|t| t.trim().to_lowercase()).collect();
        let mut seen = vec![false; wanted.len()];
        let mut keep = |tags: &[String]| {
            for tag in tags {
                if let Some(i) = wanted.iter().position(|w| w == tag) {
                    seen[i] = true;
                }
            }
            tags.is_empty() || tags.iter().any(|t| wanted.contains(t))
        };
        for section in &mut self.sections {
            section.entries.retain(|entry| keep(&entry.tags));
            for entry in &mut section.entries {
                for block in &mut entry.body {
                    if let Block::Bullets(bullets) = block {
                        retain_bullets(bullets, &mut keep);
                    }
                }
                entry.body.retain(|b| !matches!(b, Block::Bullets(list) if list.is_empty()));
            }
        }
        // A section whose every entry was tagged away goes too, heading and all.
        self.sections.retain(|s| {
            !(s.entries.is_empty() && s.text.is_empty() && s.rows.is_empty() && s.items.is_empty())
        });
        wanted.into_iter().zip(seen).filter(|(_, seen)| !seen).map(|(t, _)| t).collect()
    }
}

fn retain_bullets(bullets: &mut Vec<Bullet>, keep: &mut impl FnMut(&[String]) -> bool) {
    bullets.retain(|b| keep(&b.tags));
    for bullet in bullets {
        retain_bullets(&mut bullet.children, keep);
    }
}
