//! [`Target`]: what an item, a scale or a practice is about, written as a
//! short string such as `"stage:seven-levels/emotional-disclosure"`.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{CharacteristicKey, IntimacyKind, LoveLanguageKey, StageRef};

/// What an item measures, or what a practice addresses.
///
/// The string form is `prefix:key`:
///
/// | string | meaning |
/// |---|---|
/// | `stage:seven-levels/emotional-disclosure` | a stage of a framework |
/// | `kind:emotional` | a kind of intimacy |
/// | `characteristic:trust` | a characteristic of emotional intimacy |
/// | `sign:codependency` | a healthy or unhealthy sign |
/// | `barrier:fear-of-vulnerability` | a barrier |
/// | `fading:less-affection` | a warning sign that intimacy is fading |
/// | `love-language:quality-time` | a love language (preference items) |
/// | `seek-help:not-emotionally-safe` | a criterion for seeking help |
/// | `safety` | emotional safety with the partner |
///
/// ```
/// use intimacy_core::Target;
/// let t: Target = "kind:emotional".parse().unwrap();
/// assert_eq!(t.to_string(), "kind:emotional");
/// assert!("kind:telepathic".parse::<Target>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[non_exhaustive]
pub enum Target {
    /// A stage of a framework.
    Stage(StageRef),
    /// A kind of intimacy.
    Kind(IntimacyKind),
    /// A characteristic of emotional intimacy.
    Characteristic(CharacteristicKey),
    /// A healthy or unhealthy sign, by key.
    Sign(String),
    /// A barrier, by key.
    Barrier(String),
    /// A fading warning sign, by key.
    Fading(String),
    /// A love language.
    LoveLanguage(LoveLanguageKey),
    /// A seek-help criterion, by key.
    SeekHelp(String),
    /// Emotional safety with the partner.
    Safety,
}

/// The prefixes a [`Target`] string may start with.
pub const TARGET_PREFIXES: &[&str] = &[
    "stage",
    "kind",
    "characteristic",
    "sign",
    "barrier",
    "fading",
    "love-language",
    "seek-help",
    "safety",
];

fn closed_key<T>(
    key: &str,
    what: &str,
    from: impl Fn(&str) -> Option<T>,
    all: &[T],
    name: impl Fn(&T) -> &'static str,
) -> Result<T, String> {
    from(key).ok_or_else(|| {
        let allowed: Vec<&str> = all.iter().map(name).collect();
        format!(
            "unknown {what} {key:?}; expected one of {}",
            allowed.join(", ")
        )
    })
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "safety" {
            return Ok(Target::Safety);
        }
        let Some((prefix, key)) = s.split_once(':') else {
            return Err(format!(
                "{s:?} is not a target: expected \"prefix:key\" with prefix one of {}",
                TARGET_PREFIXES.join(", ")
            ));
        };
        if key.is_empty() {
            return Err(format!("{s:?} has nothing after {prefix:?}"));
        }
        let keyed = |k: &str| -> Result<String, String> {
            if k.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                Ok(k.to_owned())
            } else {
                Err(format!(
                    "{s:?}: keys use lower-case letters, digits and '-' only"
                ))
            }
        };
        match prefix {
            "stage" => {
                let Some((framework, stage)) = key.split_once('/') else {
                    return Err(format!(
                        "{s:?}: a stage target is \"stage:<framework>/<stage>\""
                    ));
                };
                Ok(Target::Stage(StageRef::new(
                    keyed(framework)?,
                    keyed(stage)?,
                )))
            }
            "kind" => closed_key(
                key,
                "kind of intimacy",
                IntimacyKind::from_key,
                IntimacyKind::ALL,
                |k| k.key(),
            )
            .map(Target::Kind),
            "characteristic" => closed_key(
                key,
                "characteristic",
                CharacteristicKey::from_key,
                CharacteristicKey::ALL,
                |k| k.key(),
            )
            .map(Target::Characteristic),
            "love-language" => closed_key(
                key,
                "love language",
                LoveLanguageKey::from_key,
                LoveLanguageKey::ALL,
                |k| k.key(),
            )
            .map(Target::LoveLanguage),
            "sign" => keyed(key).map(Target::Sign),
            "barrier" => keyed(key).map(Target::Barrier),
            "fading" => keyed(key).map(Target::Fading),
            "seek-help" => keyed(key).map(Target::SeekHelp),
            other => Err(format!(
                "{s:?}: unknown target prefix {other:?}; expected one of {}",
                TARGET_PREFIXES.join(", ")
            )),
        }
    }
}

impl TryFrom<String> for Target {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Target> for String {
    fn from(t: Target) -> Self {
        t.to_string()
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Stage(r) => write!(f, "stage:{}/{}", r.framework, r.stage),
            Target::Kind(k) => write!(f, "kind:{k}"),
            Target::Characteristic(k) => write!(f, "characteristic:{k}"),
            Target::Sign(k) => write!(f, "sign:{k}"),
            Target::Barrier(k) => write!(f, "barrier:{k}"),
            Target::Fading(k) => write!(f, "fading:{k}"),
            Target::LoveLanguage(k) => write!(f, "love-language:{k}"),
            Target::SeekHelp(k) => write!(f, "seek-help:{k}"),
            Target::Safety => f.write_str("safety"),
        }
    }
}

impl schemars::JsonSchema for Target {
    fn schema_name() -> Cow<'static, str> {
        "Target".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "What the item measures: stage:<framework>/<stage>, kind:<kind>, characteristic:<key>, sign:<key>, barrier:<key>, fading:<key>, love-language:<key>, seek-help:<key>, or safety.",
            "pattern": "^(safety|stage:[a-z0-9-]+/[a-z0-9-]+|(kind|characteristic|sign|barrier|fading|love-language|seek-help):[a-z0-9-]+)$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_round_trips() {
        for s in [
            "stage:seven-levels/emotional-disclosure",
            "kind:spiritual",
            "characteristic:caring",
            "sign:codependency",
            "barrier:digital-distraction",
            "fading:less-affection",
            "love-language:acts-of-service",
            "seek-help:not-emotionally-safe",
            "safety",
        ] {
            let t: Target = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(t.to_string(), s);
        }
    }

    #[test]
    fn malformed_targets_are_refused_with_a_reason() {
        for (s, needle) in [
            ("emotional", "prefix:key"),
            ("kind:", "nothing after"),
            ("kind:telepathic", "unknown kind of intimacy"),
            ("stage:seven-levels", "stage:<framework>/<stage>"),
            ("mood:happy", "unknown target prefix"),
            ("sign:Code Dependency", "lower-case"),
        ] {
            let e = s.parse::<Target>().expect_err(s);
            assert!(e.contains(needle), "{s}: {e}");
        }
    }
}
