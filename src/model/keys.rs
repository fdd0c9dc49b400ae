//! Model stage, reading cvpdf's YAML: a file serde stopped reading at its first mistake →
//! every unknown key in it, found by walking the file's tree against the format's JSON
//! Schema.
//!
//! serde reads the raw structs in one pass and stops at the first key it does not know;
//! a file with five misspelt keys would take five runs. The schema that `cvpdf schema`
//! prints is generated from the same structs, so its `properties` are the keys serde
//! takes, and walking the tree with it finds the other four.

use serde_json::Value as Schema;

use super::import::tree::{Node, Value};
use super::load::span_of;
use super::yaml::{parse_yaml, unknown_field};
use crate::diag::{Diagnostic, MAX_REPORTED, Source};

/// Every key of `source` that is no field where it stands, in file order; none when the
/// file is no YAML tree at all (its syntax error is the report).
pub(crate) fn unknown_keys(source: &Source) -> Vec<Diagnostic> {
    let Ok(root) = parse_yaml::<Value>(source) else { return Vec::new() };
    let Ok(schema) = serde_json::to_value(schemars::schema_for!(super::raw::RawResume)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    Walk { root: &schema, found: &mut found }.node(&root, &schema);
    found
}

struct Walk<'s, 'f> {
    /// The whole schema, where `$ref`s point.
    root: &'s Schema,
    found: &'f mut Vec<Diagnostic>,
}

impl<'s> Walk<'s, '_> {
    fn node(&mut self, node: &Value, schema: &'s Schema) {
        if self.found.len() >= MAX_REPORTED {
            return;
        }
        let schema = self.resolve(schema);
        // A bullet is text or a mapping: the branch of the node's own kind.
        if let Some(branches) = schema.get("anyOf").and_then(Schema::as_array) {
            let kind = match node.value {
                Node::Map(_) => "object",
                Node::Seq(_) => "array",
                _ => return,
            };
            let branch = branches.iter().map(|b| self.resolve(b)).find(|b| has_type(b, kind));
            if let Some(branch) = branch {
                self.node(node, branch);
            }
            return;
        }
        match &node.value {
            Node::Map(pairs) => {
                let Some(fields) = schema.get("properties").and_then(Schema::as_object) else {
                    return; // `layout:`, read by the style stage
                };
                let closed = schema.get("additionalProperties") == Some(&Schema::Bool(false));
                let expected: Vec<&str> = fields.keys().map(String::as_str).collect();
                for (key, value) in pairs {
                    match fields.get(&key.value.0) {
                        Some(field) => self.node(value, field),
                        None if closed && self.found.len() < MAX_REPORTED => {
                            self.found.push(unknown_field(&key.value.0, &expected).at(span_of(key)))
                        }
                        None => {}
                    }
                }
            }
            Node::Seq(items) => {
                if let Some(item) = schema.get("items") {
                    for value in items {
                        self.node(value, item);
                    }
                }
            }
            _ => {}
        }
    }

    /// A schema with its `$ref` followed (`#/$defs/RawEntry`).
    fn resolve(&self, schema: &'s Schema) -> &'s Schema {
        let target = schema
            .get("$ref")
            .and_then(Schema::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| self.root.pointer(pointer));
        target.unwrap_or(schema)
    }
}

/// Whether a schema takes values of JSON type `kind` ("object", "array").
fn has_type(schema: &Schema, kind: &str) -> bool {
    match schema.get("type") {
        Some(Schema::String(t)) => t == kind,
        Some(Schema::Array(types)) => types.iter().any(|t| t == kind),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unknown_key_is_found_at_its_place() {
        let yaml = "name: Ada\nheadlin: x\nsections:\n  - title: Work\n    entires: []\n    entries:\n      - title: Acme\n        start_date: 2020\n        bullets:\n          - plain\n          - text: nested\n            colour: red\n    rows:\n      - label: a\n        txt: b\nlinks:\n  - url: https://a.example\n    name: A\nlayout:\n  anything: goes\n";
        let source = Source::new("cv.yaml", yaml);
        let found: Vec<(String, (usize, usize), Option<String>)> = unknown_keys(&source)
            .into_iter()
            .map(|d| {
                let at = source.line_column(d.span.unwrap().start);
                (d.message, at, d.hints.first().cloned())
            })
            .collect();
        let expected = [
            ("headlin", (2, 1), "did you mean `headline`?"),
            ("entires", (5, 5), "did you mean `entries`?"),
            ("start_date", (8, 9), "cvpdf calls it `start`"),
            ("colour", (12, 13), "the fields here are: bullets, detailed-only, tags, text"),
            ("txt", (15, 9), "did you mean `text`?"),
            ("name", (18, 5), "cvpdf calls it `label`"),
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for ((message, at, hint), (key, place, first_hint)) in found.iter().zip(expected) {
            assert_eq!(message, &format!("unknown field `{key}`"));
            assert_eq!(*at, place, "{key}");
            assert_eq!(hint.as_deref(), Some(first_hint), "{key}");
        }
    }
}
