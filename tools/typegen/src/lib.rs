//! The TypeScript declarations of the wasm package and the Python model
//! classes, written from one source: the JSON Schema of the core's Rust
//! types (schemars, which the core already uses for the instrument format's
//! schema and which follows every serde attribute).
//!
//! Why a schema and not ts-rs or tsify: one description serves both
//! languages; the core stays free of wasm-bindgen; and the JS field names come
//! from the same [`camel_case`] the runtime uses, so declarations and values
//! cannot drift apart.
//!
//! `cargo run --manifest-path tools/typegen/Cargo.toml` writes the files; `-- --check` fails when a
//! file differs from what the types give (CI runs it, and so does this
//! crate's test).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use intimacy_core as core;
use intimacy_core::naming::camel_case;
use schemars::JsonSchema;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value};

/// A generated file: its path from the repository root and its text.
#[derive(Debug)]
pub struct Output {
    /// Path from the repository root.
    pub path: &'static str,
    /// The whole text.
    pub text: String,
}

/// Every generated file.
pub fn outputs() -> Vec<Output> {
    let defs = definitions();
    vec![
        Output {
            path: "intimacy-wasm/src/types.generated.d.ts",
            text: typescript(&defs),
        },
        Output {
            path: "intimacy-py/python/intimacy/_model.py",
            text: python(&defs),
        },
    ]
}

/// A definition and the contract it was described under.
struct Def {
    schema: Map<String, Value>,
    /// Described as serialised (results) rather than as read (inputs).
    output: bool,
}

fn collect(settings: SchemaSettings, roots: &[fn(&mut SchemaGenerator)]) -> Map<String, Value> {
    let mut g = settings.into_generator();
    for root in roots {
        root(&mut g);
    }
    g.take_definitions(true)
}

fn root<T: JsonSchema>(g: &mut SchemaGenerator) {
    g.subschema_for::<T>();
}

/// The definitions, by name: inputs (the instrument format, options) as
/// they are read, then results as they are written.
fn definitions() -> BTreeMap<String, Def> {
    let inputs = collect(
        SchemaSettings::draft2020_12().for_deserialize(),
        &[
            root::<core::Instrument>,
            root::<core::ScoreOptions>,
            root::<core::KeysOptions>,
            root::<core::ReliabilityOptions>,
            root::<core::ChangeOptions>,
            root::<core::io::ReadOptions>,
            root::<core::io::RedcapDictionaryOptions>,
        ],
    );
    let outputs = collect(
        SchemaSettings::draft2020_12().for_serialize(),
        &[
            root::<core::Catalogue>,
            root::<core::model::Counterpart>,
            root::<core::Report>,
            root::<core::Problem>,
            root::<core::ChangeReport>,
            root::<core::CoupleReport>,
            root::<core::DyadicAgreement>,
            root::<core::Reliability>,
            root::<core::Omega>,
            root::<core::OmegaHierarchical>,
            root::<core::io::ImportLog>,
            root::<core::RegistryEntry>,
            root::<core::Step>,
            root::<core::SessionState>,
            root::<core::LocaleInfo>,
            root::<core::MessagesFile>,
            root::<core::TranslationFile>,
        ],
    );
    let mut defs = BTreeMap::new();
    for (defs_of, output) in [(inputs, false), (outputs, true)] {
        for (name, schema) in defs_of {
            if let Value::Object(schema) = schema {
                defs.entry(name).or_insert(Def { schema, output });
            }
        }
    }
    defs
}

/// TypeScript names that differ from the Rust ones (a contract of the
/// package: these names were public before the declarations were generated).
fn ts_name(rust: &str) -> &str {
    match rust {
        "Instrument" => "InstrumentDefinition",
        "Report" => "ReportObject",
        // The JS `ReliabilityOptions` adds the block's layout (types.d.ts).
        "ReliabilityOptions" => "ReliabilityAnalysisOptions",
        other => other,
    }
}

/// Rust intra-doc links and markup as plain text.
fn clean_doc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        match after.find(']') {
            Some(close) => {
                out.push_str(&after[1..close]);
                let tail = &after[close + 1..];
                rest = if tail.starts_with('(') {
                    tail.find(')').map_or(tail, |e| &tail[e + 1..])
                } else {
                    tail
                };
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn description(schema: &Map<String, Value>) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(clean_doc)
}

fn ref_name(schema: &Map<String, Value>) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
}

/// The string constants of an enum-like schema, if it is one.
fn constants(schema: &Map<String, Value>) -> Option<Vec<String>> {
    if let Some(Value::Array(values)) = schema.get("enum") {
        return values
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect();
    }
    if let Some(c) = schema.get("const").and_then(Value::as_str) {
        return Some(vec![c.to_owned()]);
    }
    let variants = schema.get("oneOf").or_else(|| schema.get("anyOf"))?;
    let mut out = Vec::new();
    for v in variants.as_array()? {
        out.extend(constants(v.as_object()?)?);
    }
    Some(out)
}

/// The schema's `type` keyword as a list (`["number", "null"]`).
fn types(schema: &Map<String, Value>) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn nullable(schema: &Map<String, Value>) -> bool {
    types(schema).contains(&"null")
        || ["anyOf", "oneOf"].iter().any(|k| {
            schema.get(*k).and_then(Value::as_array).is_some_and(|vs| {
                vs.iter()
                    .any(|v| v.get("type").and_then(Value::as_str) == Some("null"))
            })
        })
}

/// A language's spelling of types.
trait Lang {
    fn named(&self, rust: &str) -> String;
    fn literal(&self, values: &[String]) -> String;
    fn scalar(&self, json_type: &str) -> &'static str;
    fn array(&self, item: String) -> String;
    fn tuple(&self, items: Vec<String>) -> String;
    fn map(&self, value: String) -> String;
    fn union(&self, members: Vec<String>) -> String;
    fn unknown(&self) -> &'static str;
    fn or_null(&self, t: String) -> String;
    fn inline_object(&self, schema: &Map<String, Value>) -> String;
}

/// The type expression of an array item or map value, `null` included.
fn member(lang: &dyn Lang, schema: &Value) -> String {
    let t = expr(lang, schema);
    if schema.as_object().is_some_and(nullable) {
        lang.or_null(t)
    } else {
        t
    }
}

/// The type expression of `schema`, without its `null` (callers add it).
fn expr(lang: &dyn Lang, schema: &Value) -> String {
    let Some(schema) = schema.as_object() else {
        return lang.unknown().to_owned();
    };
    if let Some(name) = ref_name(schema) {
        return lang.named(name);
    }
    if let Some(values) = constants(schema)
        && !values.is_empty()
    {
        return lang.literal(&values);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = schema.get(key) {
            let parts: Vec<String> = members
                .iter()
                .filter(|m| m.get("type").and_then(Value::as_str) != Some("null"))
                .map(|m| expr(lang, m))
                .collect();
            return lang.union(parts);
        }
    }
    let parts: Vec<String> =
        types(schema)
            .into_iter()
            .filter(|t| *t != "null")
            .map(|t| match t {
                "array" => match (schema.get("prefixItems"), schema.get("items")) {
                    (_, Some(item)) if fixed_length(schema).is_some() => lang.tuple(vec![
                        member(lang, item);
                        fixed_length(schema).unwrap_or_default()
                    ]),
                    (Some(Value::Array(items)), _) => {
                        lang.tuple(items.iter().map(|i| member(lang, i)).collect())
                    }
                    (_, Some(item)) => lang.array(member(lang, item)),
                    _ => lang.array(lang.unknown().to_owned()),
                },
                "object" => match (schema.get("properties"), schema.get("additionalProperties")) {
                    (Some(_), _) => lang.inline_object(schema),
                    (None, Some(v)) if v.is_object() => lang.map(member(lang, v)),
                    _ => lang.map(lang.unknown().to_owned()),
                },
                other => lang.scalar(other).to_owned(),
            })
            .collect();
    match parts.len() {
        0 => lang.unknown().to_owned(),
        _ => lang.union(parts),
    }
}

/// The length of a fixed-length array (`[f64; 2]`), if it is one.
fn fixed_length(schema: &Map<String, Value>) -> Option<usize> {
    let min = schema.get("minItems").and_then(Value::as_u64)?;
    let max = schema.get("maxItems").and_then(Value::as_u64)?;
    (min == max && min <= 8).then_some(min as usize)
}

/// A property of an object schema.
struct Property<'a> {
    name: &'a str,
    schema: &'a Value,
    required: bool,
}

fn properties(schema: &Map<String, Value>) -> Vec<Property<'_>> {
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, schema)| Property {
                    name,
                    schema,
                    required: required.contains(name.as_str()),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn is_object(schema: &Map<String, Value>) -> bool {
    schema.contains_key("properties")
}

const HEADER: &str = "Generated by tools/typegen from the Rust types of intimacy-core: do not edit.\nRegenerate with `cargo run --manifest-path tools/typegen/Cargo.toml`.";

// ---------------------------------------------------------------- TypeScript

struct Ts;

impl Lang for Ts {
    fn named(&self, rust: &str) -> String {
        ts_name(rust).to_owned()
    }
    fn literal(&self, values: &[String]) -> String {
        values
            .iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(" | ")
    }
    fn scalar(&self, json_type: &str) -> &'static str {
        match json_type {
            "integer" | "number" => "number",
            "string" => "string",
            "boolean" => "boolean",
            _ => "unknown",
        }
    }
    fn array(&self, item: String) -> String {
        if item.contains(" | ") {
            format!("({item})[]")
        } else {
            format!("{item}[]")
        }
    }
    fn tuple(&self, items: Vec<String>) -> String {
        format!("[{}]", items.join(", "))
    }
    fn map(&self, value: String) -> String {
        format!("Record<string, {value}>")
    }
    fn union(&self, members: Vec<String>) -> String {
        members.join(" | ")
    }
    fn unknown(&self) -> &'static str {
        "unknown"
    }
    fn or_null(&self, t: String) -> String {
        format!("{t} | null")
    }
    fn inline_object(&self, schema: &Map<String, Value>) -> String {
        let fields: Vec<String> = properties(schema)
            .iter()
            .map(|p| format!("{}: {}", ts_key(p), ts_type(p, false)))
            .collect();
        format!("{{ {} }}", fields.join("; "))
    }
}

fn ts_key(p: &Property<'_>) -> String {
    let name = camel_case(p.name);
    if p.required {
        name.into_owned()
    } else {
        format!("{name}?")
    }
}

/// A property's type: `| null` where null can appear (an optional output
/// field is left out instead of null).
fn ts_type(p: &Property<'_>, output: bool) -> String {
    let base = expr(&Ts, p.schema);
    let null = p.schema.as_object().is_some_and(nullable) && (p.required || !output);
    if null { format!("{base} | null") } else { base }
}

fn ts_doc(out: &mut String, indent: &str, doc: Option<String>) {
    if let Some(doc) = doc {
        let doc = doc.replace("*/", "* /");
        if doc.contains('\n') {
            let _ = writeln!(out, "{indent}/**");
            for line in doc.lines() {
                let _ = writeln!(out, "{}", format!("{indent} * {line}").trim_end());
            }
            let _ = writeln!(out, "{indent} */");
        } else {
            let _ = writeln!(out, "{indent}/** {doc} */");
        }
    }
}

fn typescript(defs: &BTreeMap<String, Def>) -> String {
    let mut out = String::new();
    for line in HEADER.lines() {
        let _ = writeln!(out, "// {line}");
    }
    let _ = writeln!(
        out,
        "// Field names are camelCase, as the package gives and takes them."
    );
    for (name, def) in defs {
        out.push('\n');
        ts_doc(&mut out, "", description(&def.schema));
        let ts = ts_name(name);
        if is_object(&def.schema) {
            let _ = writeln!(out, "export interface {ts} {{");
            for p in properties(&def.schema) {
                ts_doc(&mut out, "  ", p.schema.as_object().and_then(description));
                let _ = writeln!(out, "  {}: {};", ts_key(&p), ts_type(&p, def.output));
            }
            let _ = writeln!(out, "}}");
        } else {
            let mut t = expr(&Ts, &Value::Object(def.schema.clone()));
            if nullable(&def.schema) {
                t.push_str(" | null");
            }
            let _ = writeln!(out, "export type {ts} = {t};");
        }
    }
    out
}

// -------------------------------------------------------------------- Python

/// Rust types that are not Python dataclasses: the instrument is a class of
/// its own (`intimacy.Instrument`), and options are keyword arguments.
const NOT_PYTHON: &[&str] = &[
    "Instrument",
    "ScoreOptions",
    "FlagRules",
    "KeysOptions",
    "ReliabilityOptions",
    "ChangeOptions",
    "ScaleNorm",
    "ItemRef",
    "Problem",
    "ProblemCode",
    "MinAnswered",
    "OneOrManyBounds",
    "MissingPolicy",
    "InvalidPolicy",
];

/// Python names that differ from the Rust ones: `intimacy.Omega` is the
/// class both omega results share (`_record.py`); `intimacy.Report` (which
/// holds the native report, `__init__.py`) takes its fields from the private
/// `_ReportFields`. A name with a leading underscore is not exported.
fn py_name(rust: &str) -> &str {
    match rust {
        "Omega" => "OneFactorOmega",
        "Report" => "_ReportFields",
        other => other,
    }
}

/// The hand-written part of a class (from `_record.py`).
struct Mixin {
    /// The class mixed in.
    class: &'static str,
    /// Fields it presents in its own way (a table as a DataFrame): kept
    /// under a leading underscore, still read and written by their JSON name.
    presents: &'static [&'static str],
    /// Whether it writes a short `__repr__` of its own.
    repr: bool,
}

/// Classes with hand-written methods mixed in.
fn py_mixin(name: &str) -> Option<Mixin> {
    let (class, presents, repr): (_, &[&str], _) = match name {
        "Framework" => ("_FrameworkMethods", &[], false),
        "CoupleReport" => ("_CoupleMethods", &[], false),
        "Reliability" => (
            "_ReliabilityTables",
            &["alpha_if_dropped", "frequencies"],
            true,
        ),
        "Omega" => ("_OneFactorOmega", &[], true),
        "OmegaHierarchical" => ("_HierarchicalOmega", &[], true),
        _ => return None,
    };
    Some(Mixin {
        class,
        presents,
        repr,
    })
}

struct Py;

impl Lang for Py {
    fn named(&self, rust: &str) -> String {
        match rust {
            "Target" => "str".into(),
            "MinAnswered" => rust.into(),
            // Options and other types without a dataclass stay plain data.
            other if NOT_PYTHON.contains(&other) => "Dict[str, Any]".into(),
            other => py_name(other).into(),
        }
    }
    fn literal(&self, values: &[String]) -> String {
        let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
        format!("Literal[{}]", quoted.join(", "))
    }
    fn scalar(&self, json_type: &str) -> &'static str {
        match json_type {
            "integer" => "int",
            "number" => "float",
            "string" => "str",
            "boolean" => "bool",
            _ => "Any",
        }
    }
    fn array(&self, item: String) -> String {
        format!("List[{item}]")
    }
    fn tuple(&self, items: Vec<String>) -> String {
        format!("Tuple[{}]", items.join(", "))
    }
    fn map(&self, value: String) -> String {
        format!("Dict[str, {value}]")
    }
    fn union(&self, members: Vec<String>) -> String {
        if members.len() == 1 {
            members.into_iter().next().unwrap_or_default()
        } else {
            format!("Union[{}]", members.join(", "))
        }
    }
    fn unknown(&self) -> &'static str {
        "Any"
    }
    fn or_null(&self, t: String) -> String {
        format!("Optional[{t}]")
    }
    fn inline_object(&self, _: &Map<String, Value>) -> String {
        "Dict[str, Any]".into()
    }
}

const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn py_literal(v: &Value) -> Option<String> {
    Some(match v {
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        _ => return None,
    })
}

/// The value type of a list of `(name, value)` pairs (`Vec<(String, T)>`),
/// which Python reads as a dict by name.
fn pairs_of(schema: &Value) -> Option<&Value> {
    let item = schema.get("items")?;
    match item.get("prefixItems")?.as_array()?.as_slice() {
        [key, value] if key.get("type").and_then(Value::as_str) == Some("string") => Some(value),
        _ => None,
    }
}

/// One dataclass field: its line, and whether it has a default. A field in
/// `presents` is kept under a leading underscore (its mixin presents it).
fn py_field(p: &Property<'_>, presents: &[&str]) -> (String, bool) {
    let schema = p.schema.as_object();
    let pairs = pairs_of(p.schema);
    let base = match pairs {
        Some(value) => Py.map(member(&Py, value)),
        None => expr(&Py, p.schema),
    };
    let null = schema.is_some_and(nullable);
    let is_list = base.starts_with("List[") || base.starts_with("Dict[");
    let declared = schema.and_then(|s| s.get("default"));
    let default = match declared {
        Some(Value::Array(a)) if a.is_empty() => {
            Some("dataclasses.field(default_factory=list)".into())
        }
        Some(Value::Object(o)) if o.is_empty() => {
            Some("dataclasses.field(default_factory=dict)".into())
        }
        Some(v) if !p.required || null => py_literal(v),
        _ if null => Some("None".into()),
        _ if p.required => None,
        _ if is_list => Some(format!(
            "dataclasses.field(default_factory={})",
            if base.starts_with("List[") {
                "list"
            } else {
                "dict"
            }
        )),
        _ if base == "bool" => Some("False".into()),
        _ => Some("None".into()),
    };
    let ty = if null || default.as_deref() == Some("None") {
        format!("Optional[{base}]")
    } else {
        base
    };
    let name = if PY_KEYWORDS.contains(&p.name) {
        format!("{}_", p.name)
    } else if presents.contains(&p.name) {
        format!("_{}", p.name)
    } else {
        p.name.to_owned()
    };
    // What `_record.py` needs to know: the JSON name when it differs, and
    // that a dict goes back to JSON as its pairs.
    let mut metadata = Vec::new();
    if name != p.name {
        metadata.push(format!("\"json\": {:?}", p.name));
    }
    if pairs.is_some() {
        metadata.push("\"pairs\": True".to_owned());
    }
    let has_default = default.is_some();
    let line = match (metadata.is_empty(), default) {
        (false, Some(d)) => format!(
            "{name}: {ty} = dataclasses.field(default={d}, metadata={{{}}})",
            metadata.join(", ")
        ),
        (false, None) => format!(
            "{name}: {ty} = dataclasses.field(metadata={{{}}})",
            metadata.join(", ")
        ),
        (true, Some(d)) => format!("{name}: {ty} = {d}"),
        (true, None) => format!("{name}: {ty}"),
    };
    (line, has_default)
}

fn py_doc(out: &mut String, indent: &str, doc: &str) {
    let doc = doc.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    if doc.contains('\n') {
        let _ = writeln!(
            out,
            "{indent}\"\"\"{}",
            doc.lines().next().unwrap_or_default()
        );
        for line in doc.lines().skip(1) {
            let _ = writeln!(out, "{}", format!("{indent}{line}").trim_end());
        }
        let _ = writeln!(out, "{indent}\"\"\"");
    } else {
        let _ = writeln!(out, "{indent}\"\"\"{doc}\"\"\"");
    }
}

fn python(defs: &BTreeMap<String, Def>) -> String {
    let mut out = String::new();
    for line in HEADER.lines() {
        let _ = writeln!(out, "# {line}");
    }
    out.push_str(
        r#""""The model's data as frozen dataclasses, built from the core's JSON.

Field names are those of the Rust types (and of the JSON data files), so a
value converts to the same dict in every language (``to_dict``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Dict, List, Literal, Optional, Tuple, Union

from ._record import (
    MinAnswered,
    _CoupleMethods,
    _FrameworkMethods,
    _HierarchicalOmega,
    _OneFactorOmega,
    _Record,
    _ReliabilityTables,
    build,
)

__all__ = ["MinAnswered", "build"]
"#,
    );
    // Aliases first (string enums), then classes in an order where
    // annotations need no forward references at run time (they are strings
    // under `from __future__ import annotations` anyway).
    for (name, def) in defs {
        if NOT_PYTHON.contains(&name.as_str()) || is_object(&def.schema) {
            continue;
        }
        let t = expr(&Py, &Value::Object(def.schema.clone()));
        if t == "str" && name == "Target" {
            continue;
        }
        out.push('\n');
        if let Some(doc) = description(&def.schema) {
            for line in doc.lines() {
                let _ = writeln!(out, "{}", format!("#: {line}").trim_end());
            }
        }
        let _ = writeln!(out, "{name} = {t}");
    }
    for (name, def) in defs {
        if NOT_PYTHON.contains(&name.as_str()) || !is_object(&def.schema) {
            continue;
        }
        let mixin = py_mixin(name);
        let (bases, presents, repr) = match &mixin {
            Some(m) => (format!("{}, _Record", m.class), m.presents, !m.repr),
            None => ("_Record".into(), &[][..], true),
        };
        let mut options = String::from("frozen=True");
        if !repr {
            options.push_str(", repr=False");
        }
        // A report, like any object, is equal only to itself (and hashable).
        if name == "Report" {
            options.push_str(", eq=False");
        }
        let _ = writeln!(
            out,
            "\n\n@dataclass({options})\nclass {}({bases}):",
            py_name(name)
        );
        py_doc(
            &mut out,
            "    ",
            &description(&def.schema).unwrap_or_else(|| name.clone()),
        );
        out.push('\n');
        let fields: Vec<(String, bool, Option<String>)> = properties(&def.schema)
            .iter()
            .map(|p| {
                let (line, has_default) = py_field(p, presents);
                (
                    line,
                    has_default,
                    p.schema.as_object().and_then(description),
                )
            })
            .collect();
        // Fields without a default come first, as dataclasses require.
        for pass in [false, true] {
            for (line, has_default, doc) in &fields {
                if *has_default != pass {
                    continue;
                }
                if let Some(doc) = doc {
                    for l in doc.lines() {
                        let _ = writeln!(out, "{}", format!("    #: {l}").trim_end());
                    }
                }
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    let names: Vec<&str> = defs
        .iter()
        .filter(|(n, d)| {
            !NOT_PYTHON.contains(&n.as_str()) && (is_object(&d.schema) || *n != "Target")
        })
        .map(|(n, _)| py_name(n))
        .filter(|n| !n.starts_with('_'))
        .collect();
    let _ = writeln!(out, "\n\n__all__ += [");
    for n in names {
        let _ = writeln!(out, "    {n:?},");
    }
    let _ = writeln!(out, "]");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ts(schema: Value) -> String {
        expr(&Ts, &schema)
    }

    #[test]
    fn nullable_members_keep_their_null() {
        let s = json!({"type": "array", "items": {"type": ["integer", "null"]}});
        assert_eq!(ts(s.clone()), "(number | null)[]");
        assert_eq!(expr(&Py, &s), "List[Optional[int]]");
    }

    #[test]
    fn fixed_length_arrays_are_tuples() {
        let s = json!({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2});
        assert_eq!(ts(s.clone()), "[number, number]");
        assert_eq!(expr(&Py, &s), "Tuple[float, float]");
    }

    #[test]
    fn string_enums_are_unions_of_literals() {
        let s = json!({"oneOf": [{"const": "a", "type": "string"}, {"const": "b-c", "type": "string"}]});
        assert_eq!(ts(s.clone()), "\"a\" | \"b-c\"");
        assert_eq!(expr(&Py, &s), "Literal[\"a\", \"b-c\"]");
    }

    #[test]
    fn fields_are_camel_case_in_typescript_and_keywords_renamed_in_python() {
        let p = Property {
            name: "from",
            schema: &json!({"type": "string"}),
            required: true,
        };
        assert_eq!(
            py_field(&p, &[]).0,
            "from_: str = dataclasses.field(metadata={\"json\": \"from\"})"
        );
        let p = Property {
            name: "min_answered",
            schema: &json!({"type": ["integer", "null"]}),
            required: false,
        };
        assert_eq!(ts_key(&p), "minAnswered?");
        assert_eq!(ts_type(&p, true), "number");
        assert_eq!(ts_type(&p, false), "number | null");
        assert_eq!(
            py_field(&p, &[]),
            ("min_answered: Optional[int] = None".to_owned(), true)
        );
    }

    #[test]
    fn name_value_pairs_are_dicts_in_python_and_presented_fields_private() {
        let schema = json!({"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "number"}], "minItems": 2, "maxItems": 2}});
        let p = Property {
            name: "loadings",
            schema: &schema,
            required: true,
        };
        assert_eq!(ts_type(&p, true), "[string, number][]");
        assert_eq!(
            py_field(&p, &[]).0,
            "loadings: Dict[str, float] = dataclasses.field(metadata={\"pairs\": True})"
        );
        assert_eq!(
            py_field(&p, &["loadings"]).0,
            "_loadings: Dict[str, float] = dataclasses.field(metadata={\"json\": \"loadings\", \"pairs\": True})"
        );
    }

    #[test]
    fn the_report_fields_are_a_private_class_compared_by_identity() {
        let py = python(&definitions());
        assert!(py.contains("@dataclass(frozen=True, eq=False)\nclass _ReportFields(_Record):"));
        assert!(!py.contains("\"_ReportFields\","));
        assert!(typescript(&definitions()).contains("export interface ReportObject {"));
    }

    #[test]
    fn intra_doc_links_become_plain_text() {
        assert_eq!(
            clean_doc("see [`score`] and [bounds](Self::bounds)."),
            "see `score` and bounds."
        );
    }
}
