//! Model stage, the raw file: every input format (native YAML, JSON Resume, RenderCV) is
//! read into these serde structs, with the spans of their values, before one `Builder`
//! checks them and makes the [`Resume`](super::Resume).

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

// Serialising writes the native format (`cvpdf convert`): empty and default fields are
// left out so the file reads like one a person wrote.

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawResume {
    #[schemars(with = "Scalar")]
    pub(crate) name: Spanned<Scalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) native_name: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) headline: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) location: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) email: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) phone: Option<Spanned<Scalar>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) links: Vec<RawLink>,
    /// A JPEG or PNG file, by its path from the résumé's folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) photo: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) language: Option<Spanned<Scalar>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) keywords: Vec<Scalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<DateScalar>")]
    pub(crate) updated: Option<Spanned<DateScalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) summary: Option<Spanned<Scalar>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<RawSection>")]
    pub(crate) sections: Vec<Spanned<RawSection>>,
    /// Layout overrides: read by the style stage (`style::with_overrides`), skipped here.
    #[serde(skip_serializing)]
    #[schemars(with = "Option<LayoutBlock>")]
    #[allow(dead_code)]
    pub(crate) layout: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawLink {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) label: Option<Spanned<Scalar>>,
    #[schemars(with = "Scalar")]
    pub(crate) url: Spanned<Scalar>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawSection {
    #[schemars(with = "Scalar")]
    pub(crate) title: Spanned<Scalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) text: Option<Spanned<Scalar>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<RawEntry>")]
    pub(crate) entries: Vec<Spanned<RawEntry>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) rows: Vec<RawRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<Scalar>")]
    pub(crate) items: Vec<Spanned<Scalar>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) detailed_only: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(crate) priority: i32,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawEntry {
    #[schemars(with = "Scalar")]
    pub(crate) title: Spanned<Scalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) subtitle: Option<Spanned<Scalar>>,
    /// An education entry's degree (`B.Sc.`), which a layout may set apart from the
    /// subtitle (what was studied).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) degree: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) location: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<DateScalar>")]
    pub(crate) date: Option<Spanned<DateScalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<DateScalar>")]
    pub(crate) start: Option<Spanned<DateScalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<DateScalar>")]
    pub(crate) end: Option<Spanned<DateScalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) url: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Scalar>")]
    pub(crate) text: Option<Spanned<Scalar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<RawBullet>>")]
    pub(crate) bullets: Option<Spanned<Vec<Spanned<RawBullet>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<RawBlock>>")]
    pub(crate) body: Option<Spanned<Vec<Spanned<RawBlock>>>>,
    /// Variants (`--tags`): an entry with tags is kept only when one of them is asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<Scalar>")]
    pub(crate) tags: Vec<Spanned<Scalar>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) detailed_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) priority: Option<i32>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRow {
    #[schemars(with = "Scalar")]
    pub(crate) label: Spanned<Scalar>,
    #[schemars(with = "Scalar")]
    pub(crate) text: Spanned<Scalar>,
}

/// A bullet: markup, or `{text, bullets, tags, detailed-only}`.
pub(crate) enum RawBullet {
    Plain(String),
    Nested {
        text: Spanned<Scalar>,
        bullets: Vec<Spanned<RawBullet>>,
        tags: Vec<Spanned<Scalar>>,
        detailed_only: bool,
    },
}

/// A body block: a markup paragraph, or `{bullets: [...]}`.
pub(crate) enum RawBlock {
    Paragraph(String),
    Bullets(Vec<Spanned<RawBullet>>),
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

impl Serialize for RawBullet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            RawBullet::Plain(text) => serializer.serialize_str(text),
            RawBullet::Nested { text, bullets, tags, detailed_only } => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("text", text)?;
                if !bullets.is_empty() {
                    map.serialize_entry("bullets", bullets)?;
                }
                if !tags.is_empty() {
                    map.serialize_entry("tags", tags)?;
                }
                if *detailed_only {
                    map.serialize_entry("detailed-only", &true)?;
                }
                map.end()
            }
        }
    }
}

impl Serialize for RawBlock {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            RawBlock::Paragraph(text) => serializer.serialize_str(text),
            RawBlock::Bullets(bullets) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("bullets", bullets)?;
                map.end()
            }
        }
    }
}

/// A scalar read as text. Numbers are accepted where people write them unquoted
/// (a phone number, a year); anything else that is not a string is a type error.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub(crate) struct Scalar(pub(crate) String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor).map(Scalar)
    }
}

pub(crate) struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<String, E> {
        Err(E::custom("a decimal number here would lose its digits: put the value in quotes"))
    }
}

/// A date as written: a string, or a bare year. `2019.06` reads as a decimal number in
/// YAML, so it gets a message of its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub(crate) struct DateScalar(pub(crate) String);

impl<'de> Deserialize<'de> for DateScalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = String;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date: YYYY, YYYY-MM or YYYY-MM-DD")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_string())
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Err(E::custom(format!(
                    "`{v}` is a decimal number, not a date: write YYYY-MM (for example 2019-06)"
                )))
            }
        }
        deserializer.deserialize_any(DateVisitor).map(DateScalar)
    }
}

impl<'de> Deserialize<'de> for RawBullet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BulletVisitor;
        impl<'de> Visitor<'de> for BulletVisitor {
            type Value = RawBullet;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a bullet: text, or a mapping with `text` and `bullets`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBullet, E> {
                Ok(RawBullet::Plain(v.to_string()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawBullet, E> {
                Ok(RawBullet::Plain(v.to_string()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawBullet, E> {
                Ok(RawBullet::Plain(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawBullet, A::Error> {
                const FIELDS: &[&str] = &["text", "bullets", "tags", "detailed-only"];
                let mut text = None;
                let mut bullets = Vec::new();
                let mut tags = Vec::new();
                let mut detailed_only = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" => text = Some(map.next_value()?),
                        "bullets" => bullets = map.next_value()?,
                        "tags" => tags = map.next_value()?,
                        "detailed-only" => detailed_only = map.next_value()?,
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    }
                }
                let text = text.ok_or_else(|| de::Error::missing_field("text"))?;
                Ok(RawBullet::Nested { text, bullets, tags, detailed_only })
            }
        }
        deserializer.deserialize_any(BulletVisitor)
    }
}

impl<'de> Deserialize<'de> for RawBlock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BlockVisitor;
        impl<'de> Visitor<'de> for BlockVisitor {
            type Value = RawBlock;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a paragraph (text) or a mapping with `bullets`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBlock, E> {
                Ok(RawBlock::Paragraph(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawBlock, A::Error> {
                let mut bullets = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "bullets" => bullets = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, &["bullets"])),
                    }
                }
                bullets.map(RawBlock::Bullets).ok_or_else(|| de::Error::missing_field("bullets"))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<RawBlock, A::Error> {
                Err(de::Error::custom("a list inside `body` must be written as `- bullets: [...]`"))
            }
        }
        deserializer.deserialize_any(BlockVisitor)
    }
}

// The schema of what the custom deserializers above accept (`cvpdf schema`).

impl JsonSchema for Scalar {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Text with inline markup: **bold**, *italic*, `code`, [text](url); bare URLs and e-mail addresses become links.",
            "type": ["string", "integer", "boolean"]
        })
    }
}

impl JsonSchema for DateScalar {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "YYYY, YYYY-MM or YYYY-MM-DD; `present` for the end of ongoing work.",
            "anyOf": [
                {"type": "string", "pattern": "^(\\d{4}(-\\d{2}(-\\d{2})?)?|[Pp]resent)$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999}
            ]
        })
    }
}

impl JsonSchema for RawBullet {
    fn schema_name() -> Cow<'static, str> {
        "Bullet".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let text = generator.subschema_for::<Scalar>();
        let tags = generator.subschema_for::<Vec<Scalar>>();
        let this = generator.subschema_for::<RawBullet>();
        json_schema!({
            "description": "A bullet: text, or a mapping with `text` and nested `bullets`.",
            "anyOf": [
                text.clone(),
                {
                    "type": "object",
                    "properties": {
                        "text": text,
                        "bullets": {"type": "array", "items": this},
                        "tags": tags,
                        "detailed-only": {"type": "boolean"}
                    },
                    "required": ["text"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl JsonSchema for RawBlock {
    fn schema_name() -> Cow<'static, str> {
        "BodyBlock".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let text = generator.subschema_for::<Scalar>();
        let bullets = generator.subschema_for::<Vec<RawBullet>>();
        json_schema!({
            "description": "A paragraph, or a mapping with a list of `bullets`.",
            "anyOf": [
                text,
                {
                    "type": "object",
                    "properties": {"bullets": bullets},
                    "required": ["bullets"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// A résumé's `layout:` block: the values of a layout file (`cvpdf layouts show detailed`).
pub(crate) struct LayoutBlock;

impl JsonSchema for LayoutBlock {
    fn schema_name() -> Cow<'static, str> {
        "Layout".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Layout values for this résumé only, as in a layout file; `cvpdf layouts show detailed` prints them all.",
            "type": "object"
        })
    }
}
