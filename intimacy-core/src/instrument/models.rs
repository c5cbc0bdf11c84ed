//! Which classic model an instrument measures, and through which scales:
//! the link a report follows to read the model (`Report::models`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Instrument, Lookup};
use crate::error::{Problem, ProblemCode};
use crate::model::{FrameworkFamily, FrameworkShape};

/// A classic model an instrument measures: each of the model's parts (its
/// components, axes or process steps) is the score of one scale.
///
/// ```json
/// {"framework": "sternberg",
///  "parts": {"intimacy": "intimacy", "passion": "passion", "commitment": "commitment"}}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelLink {
    /// The framework's key (a classic model of components, axes or a process).
    pub framework: String,
    /// Part (stage key of the framework) to scale id. Every part of the
    /// model is named.
    pub parts: BTreeMap<String, String>,
}

impl Instrument {
    /// The link to a classic model, when the instrument measures it.
    pub fn model_link(&self, framework: &str) -> Option<&ModelLink> {
        self.models.iter().find(|m| m.framework == framework)
    }

    pub(super) fn model_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        let mut seen: Vec<&str> = Vec::new();
        for (i, m) in self.models.iter().enumerate() {
            let path = format!("models[{i}]");
            if seen.contains(&m.framework.as_str()) {
                p.push(Problem::new(
                    format!("{path}.framework"),
                    ProblemCode::DuplicateId,
                    format!("model {:?} is linked twice", m.framework),
                ));
            }
            seen.push(&m.framework);
            let Some(f) = crate::catalogue::framework(&m.framework) else {
                p.push(Problem::new(
                    format!("{path}.framework"),
                    ProblemCode::UnknownReference,
                    format!("no framework with key {:?}", m.framework),
                ));
                continue;
            };
            let readable = matches!(
                f.shape,
                FrameworkShape::Components | FrameworkShape::Axes | FrameworkShape::Process
            );
            if f.family != FrameworkFamily::Classic || !readable {
                p.push(Problem::new(
                    format!("{path}.framework"),
                    ProblemCode::InvalidRule,
                    format!(
                        "{:?} is not a model read from scale scores (components, axes or a process)",
                        m.framework
                    ),
                ));
                continue;
            }
            for part in m.parts.keys() {
                if f.stage(part).is_none() {
                    p.push(Problem::new(
                        format!("{path}.parts.{part}"),
                        ProblemCode::UnknownReference,
                        format!(
                            "{:?} has no part {part:?}; its parts: {}",
                            m.framework,
                            part_list(f)
                        ),
                    ));
                }
            }
            for s in &f.stages {
                if !m.parts.contains_key(&s.key) {
                    p.push(Problem::new(
                        format!("{path}.parts"),
                        ProblemCode::MissingField,
                        format!("part {:?} of {:?} names no scale", s.key, m.framework),
                    ));
                }
            }
            for (part, scale) in &m.parts {
                if ids.scale(scale).is_none() {
                    p.push(Problem::new(
                        format!("{path}.parts.{part}"),
                        ProblemCode::UnknownReference,
                        format!("part {part:?} names scale {scale:?}, which does not exist"),
                    ));
                }
            }
        }
    }
}

fn part_list(f: &crate::model::Framework) -> String {
    f.stages
        .iter()
        .map(|s| s.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
