//! Style stage, lengths: `12pt`, `17mm`, `1.5cm`, `0.5in`, `2em` or a bare number (points).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A length as written in a layout file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    Points(f32),
    /// Relative to a font size, resolved by the caller.
    Em(f32),
}

impl Length {
    /// The length in points; `em` is the font size that `em` refers to.
    pub fn points(self, em: f32) -> f32 {
        match self {
            Length::Points(p) => p,
            Length::Em(e) => e * em,
        }
    }

    fn parse(text: &str) -> Result<Length, String> {
        let text = text.trim();
        let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let value: f32 = number.trim().parse().map_err(|_| {
            format!("`{text}` is not a length: write e.g. 12pt, 17mm, 0.5in or 2em")
        })?;
        let points = match unit {
            "" | "pt" => value,
            "mm" => value * 72.0 / 25.4,
            "cm" => value * 72.0 / 2.54,
            "in" => value * 72.0,
            "em" => return Ok(Length::Em(value)),
            other => return Err(format!("unknown unit `{other}`: use pt, mm, cm, in or em")),
        };
        Ok(Length::Points(points))
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Length::Points(p) => write!(f, "{p:.1} pt"),
            Length::Em(e) => write!(f, "{e} em"),
        }
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LengthVisitor;
        impl Visitor<'_> for LengthVisitor {
            type Value = Length;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a length such as 12pt, 17mm or 0.5in")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Length, E> {
                Length::parse(v).map_err(E::custom)
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Length, E> {
                Ok(Length::Points(v as f32))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Length, E> {
                Ok(Length::Points(v as f32))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Length, E> {
                Ok(Length::Points(v as f32))
            }
        }
        deserializer.deserialize_any(LengthVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_to_points() {
        assert_eq!(Length::parse("12pt"), Ok(Length::Points(12.0)));
        assert_eq!(Length::parse("1in"), Ok(Length::Points(72.0)));
        assert!((Length::parse("25.4mm").unwrap().points(0.0) - 72.0).abs() < 1e-4);
        assert_eq!(Length::parse("2em").unwrap().points(10.0), 20.0);
        assert!(Length::parse("3 furlongs").is_err());
    }
}
