//! Model stage, importing: YAML or JSON text → a tree of values, each with its place in
//! the file.
//!
//! The importers walk this tree by hand instead of deserializing into structs: foreign
//! files are messy, and a walk can repair what has one obvious meaning and warn at its
//! place, where serde could only fail.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::super::raw::Scalar;
use crate::diag::Source;

/// A value with its place.
pub(crate) type Value = Spanned<Node>;

/// A key of a mapping: text, or a number or `true` read as text.
pub(crate) type Key = Spanned<Scalar>;

/// Any YAML (or JSON) value.
#[derive(Debug)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    /// A number as the reader rendered it; [`written`] gives the digits of the file.
    Number(String),
    Str(String),
    Seq(Vec<Value>),
    Map(Vec<(Key, Value)>),
}

impl Node {
    /// What the value is, in YAML's words, for messages: "a list", "a mapping".
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Bool(_) => "true or false",
            Node::Number(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }

    /// What the value is, in JSON's words: "an array", "an object".
    pub(crate) fn json_kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Seq(_) => "a list",
            Node::Map(_) => "an object",
            other => other.kind(),
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }
}

/// A scalar's text as written in the file: numbers keep their digits (`0123`, `3.90`,
/// `4.0`), which the reader's rendering of the number would lose. Lists and mappings,
/// and values with no text at their place, give `None`.
pub(crate) fn written(source: &Source, value: &Value) -> Option<String> {
    match &value.value {
        Node::Str(s) => Some(s.clone()),
        Node::Bool(b) => Some(b.to_string()),
        Node::Number(rendered) => {
            // Where the number is written, not where an alias to it is.
            let span = value.defined.span();
            let text = span
                .byte_offset()
                .zip(span.byte_len())
                .and_then(|(o, l)| source.text.get(o as usize..(o + l) as usize).map(str::trim));
            Some(text.filter(|t| !t.is_empty()).unwrap_or(rendered).to_string())
        }
        Node::Null | Node::Seq(_) | Node::Map(_) => None,
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key()? {
            pairs.push((key, map.next_value()?));
        }
        Ok(Node::Map(pairs))
    }
}
