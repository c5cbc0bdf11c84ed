//! The core's modules form layers: no two sibling modules use each other
//! (issue 11, "no import cycles between core modules"). A submodule may use
//! its parent and the parent its submodules; everything else points one way.
//!
//! The test reads the sources as text: every `crate::…` and `super::…` path
//! outside comments and test modules is a use of the module it names.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module name (`score::batch`, `` for the crate root) → source text.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{stem}::"), out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = match stem.as_str() {
                    "lib" => String::new(),
                    "mod" => prefix.trim_end_matches("::").to_owned(),
                    _ => format!("{prefix}{stem}"),
                };
                out.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut out,
    );
    out
}

/// The module a path used in `module` names: the longest known prefix.
fn resolve(module: &str, path: &str, known: &BTreeSet<String>) -> Option<String> {
    let mut parts: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").collect()
    };
    match parts.first() {
        Some(&"crate") => {
            base.clear();
            parts.remove(0);
        }
        Some(&"super") => {
            while parts.first() == Some(&"super") {
                base.pop();
                parts.remove(0);
            }
        }
        _ => return None,
    }
    let full: Vec<&str> = base.into_iter().chain(parts).collect();
    (1..=full.len())
        .rev()
        .map(|k| full[..k].join("::"))
        .find(|n| known.contains(n))
}

/// Module → the modules it uses (not counting itself, its ancestors or its
/// descendants).
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let mut out = BTreeMap::new();
    for (m, text) in &modules {
        let body = text.split("#[cfg(test)]\nmod ").next().unwrap();
        let mut set = BTreeSet::new();
        for line in body.lines() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            for (i, _) in line
                .match_indices("crate::")
                .chain(line.match_indices("super::"))
            {
                let word_start = i == 0
                    || !line[..i]
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
                if !word_start {
                    continue;
                }
                let path: String = line[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let Some(t) = resolve(m, path.trim_end_matches(':'), &known) else {
                    continue;
                };
                let related = t == *m
                    || t.is_empty()
                    || t.starts_with(&format!("{m}::"))
                    || m.starts_with(&format!("{t}::"));
                if !related {
                    set.insert(t);
                }
            }
        }
        out.insert(m.clone(), set);
    }
    out
}

#[test]
fn no_two_modules_use_each_other() {
    let uses = uses();
    assert!(uses.len() > 20, "the sources were found");
    assert!(uses["score"].contains("instrument"), "uses are read");
    let cycles: Vec<(String, String)> = uses
        .iter()
        .flat_map(|(a, set)| set.iter().map(move |b| (a.clone(), b.clone())))
        .filter(|(a, b)| a < b && uses.get(b).is_some_and(|s| s.contains(a)))
        .collect();
    assert!(cycles.is_empty(), "modules using each other: {cycles:?}");
}
