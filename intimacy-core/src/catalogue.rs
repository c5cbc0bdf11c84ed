//! The built-in content: frameworks, crosswalk and catalogue, embedded from
//! `intimacy-core/data/` at compile time and parsed once on first use.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Target;
use crate::model::{
    Barrier, Characteristic, Counterpart, Crosswalk, Entry, Framework, Kind, LoveLanguage,
    Practice, Sign, Source, StageRef,
};
use crate::model::{Direction, FrameworkFamily, FrameworkShape, TypeDef};

/// Everything the library knows about intimacy, as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// The texts the content is drawn from.
    pub sources: Vec<Source>,
    /// The staged frameworks.
    pub frameworks: Vec<Framework>,
    /// How the frameworks' stages correspond (an interpretation).
    pub crosswalk: Crosswalk,
    /// The kinds of intimacy.
    pub kinds: Vec<Kind>,
    /// The five characteristics of emotional intimacy.
    pub characteristics: Vec<Characteristic>,
    /// What stands in the way.
    pub barriers: Vec<Barrier>,
    /// Healthy and unhealthy signs.
    pub signs: Vec<Sign>,
    /// The six warning signs that intimacy is fading.
    pub fading_signs: Vec<Entry>,
    /// Steps to reconnect when it has faded.
    pub reconnecting_steps: Vec<Entry>,
    /// When to seek counselling or therapy.
    pub seek_help: Vec<Entry>,
    /// The five love languages.
    pub love_languages: Vec<LoveLanguage>,
    /// Practices that help intimacy grow.
    pub practices: Vec<Practice>,
    /// Common myths about intimacy, and what is true instead.
    pub myths: Vec<Entry>,
    /// Questions for self-reflection.
    pub reflection_prompts: Vec<Entry>,
}

macro_rules! data {
    ($path:literal) => {
        ($path, include_str!(concat!("../data/", $path)))
    };
}

const FRAMEWORK_FILES: &[(&str, &str)] = &[
    data!("frameworks/seven-levels.json"),
    data!("frameworks/five-levels.json"),
    data!("frameworks/four-stages.json"),
    #[cfg(feature = "classic-models")]
    data!("frameworks/knapp.json"),
    #[cfg(feature = "classic-models")]
    data!("frameworks/social-penetration.json"),
    #[cfg(feature = "classic-models")]
    data!("frameworks/powell.json"),
    #[cfg(feature = "classic-models")]
    data!("frameworks/levinger.json"),
    #[cfg(feature = "classic-models")]
    data!("frameworks/reis-shaver.json"),
    #[cfg(feature = "classic-models")]
    data!("frameworks/sternberg.json"),
    #[cfg(feature = "classic-models")]
    data!("frameworks/sound-relationship-house.json"),
    #[cfg(feature = "classic-models")]
    data!("frameworks/attachment.json"),
];

fn parse<T: for<'de> Deserialize<'de>>((path, text): (&str, &str)) -> T {
    match serde_json::from_str(text) {
        Ok(v) => v,
        // The data is compiled in and checked by the test suite; a failure
        // here is a build defect, never a user input problem.
        Err(e) => panic!("built-in data file {path} is malformed: {e}"),
    }
}

fn load() -> Catalogue {
    Catalogue {
        sources: parse(data!("sources.json")),
        frameworks: FRAMEWORK_FILES.iter().map(|f| parse(*f)).collect(),
        crosswalk: crosswalk(),
        kinds: parse(data!("kinds.json")),
        characteristics: parse(data!("characteristics.json")),
        barriers: parse(data!("barriers.json")),
        signs: parse(data!("signs.json")),
        fading_signs: parse(data!("fading.json")),
        reconnecting_steps: parse(data!("reconnecting.json")),
        seek_help: parse(data!("seek-help.json")),
        love_languages: parse(data!("love-languages.json")),
        practices: parse(data!("practices.json")),
        myths: parse(data!("myths.json")),
        reflection_prompts: parse(data!("reflection.json")),
    }
}

/// The crosswalk: the links between the article frameworks, and those from
/// the classic models to them when the models are built in.
fn crosswalk() -> Crosswalk {
    #[allow(unused_mut, reason = "extended only with the classic models")]
    let mut c: Crosswalk = parse(data!("crosswalk.json"));
    #[cfg(feature = "classic-models")]
    c.links
        .extend(parse::<Vec<crate::model::CrosswalkLink>>(data!(
            "crosswalk-classic.json"
        )));
    c
}

/// The built-in catalogue.
///
/// ```
/// let c = intimacy_core::catalogue();
/// assert_eq!(c.kinds.len(), 5);
/// ```
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(load)
}

/// The frameworks: the three article frameworks (`seven-levels`,
/// `five-levels`, `four-stages`) first, then the classic models (`knapp`,
/// `social-penetration`, `powell`, `levinger`, `reis-shaver`, `sternberg`,
/// `sound-relationship-house`, `attachment`), in that order.
///
/// ```
/// use intimacy_core::model::{FrameworkFamily, FrameworkShape};
/// let fw = intimacy_core::frameworks();
/// let articles: Vec<usize> = fw
///     .iter()
///     .filter(|f| f.family == FrameworkFamily::Article)
///     .map(|f| f.stages.len())
///     .collect();
/// assert_eq!(articles, [7, 5, 4]);
/// assert_eq!(fw[0].key, "seven-levels");
/// let knapp = intimacy_core::framework("knapp").unwrap();
/// assert_eq!(knapp.shape, FrameworkShape::TwoPhase);
/// ```
pub fn frameworks() -> &'static [Framework] {
    &catalogue().frameworks
}

/// The framework with this key.
pub fn framework(key: &str) -> Option<&'static Framework> {
    frameworks().iter().find(|f| f.key == key)
}

impl Catalogue {
    /// The framework with this key.
    pub fn framework(&self, key: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.key == key)
    }

    fn level_of(&self, r: &StageRef) -> Option<u32> {
        self.framework(&r.framework)?
            .stage(&r.stage)
            .map(|s| s.level)
    }

    /// The stages of framework `to` that correspond to `from`, by the
    /// crosswalk (an interpretation, see [`Crosswalk::note`]).
    ///
    /// Direct links come first. Where two frameworks are not linked directly,
    /// the link passes through a third and is marked with `via` and at most
    /// [`crate::model::Correspondence::Partial`]. Ordered by level. Empty when
    /// the stage has no counterpart (e.g. physical intimacy in the five levels).
    ///
    /// ```
    /// use intimacy_core::{catalogue, StageRef};
    /// let c = catalogue();
    /// let to_seven = c.counterparts(&StageRef::new("four-stages", "trust-and-vulnerability"), "seven-levels");
    /// let levels: Vec<u32> = to_seven.iter().map(|c| c.level).collect();
    /// assert_eq!(levels, [4, 5]);
    /// ```
    pub fn counterparts(&self, from: &StageRef, to: &str) -> Vec<Counterpart> {
        if from.framework == to {
            return self
                .level_of(from)
                .map(|level| Counterpart {
                    stage: from.clone(),
                    level,
                    correspondence: crate::model::Correspondence::Close,
                    via: None,
                })
                .into_iter()
                .collect();
        }
        let direct = self.direct_links(from, to);
        if !direct.is_empty() {
            return direct;
        }
        // Through one intermediate framework.
        let mut found: BTreeSet<Counterpart> = BTreeSet::new();
        // Only the article frameworks, which the crosswalk links fully,
        // stand between two others.
        for mid in &self.frameworks {
            if mid.family != FrameworkFamily::Article || mid.key == from.framework || mid.key == to
            {
                continue;
            }
            for step in self.direct_links(from, &mid.key) {
                for end in self.direct_links(&step.stage, to) {
                    found.insert(Counterpart {
                        stage: end.stage,
                        level: end.level,
                        correspondence: crate::model::Correspondence::Partial,
                        via: Some(mid.key.clone()),
                    });
                }
            }
        }
        // The same stage may be reached through several paths: keep one.
        let mut seen = HashSet::new();
        let mut out: Vec<Counterpart> = found
            .into_iter()
            .filter(|c| seen.insert(c.stage.clone()))
            .collect();
        out.sort_by_key(|c| c.level);
        out
    }

    fn direct_links(&self, from: &StageRef, to: &str) -> Vec<Counterpart> {
        let mut out: Vec<Counterpart> = self
            .crosswalk
            .links
            .iter()
            .filter_map(|l| {
                let other = if &l.a == from {
                    &l.b
                } else if &l.b == from {
                    &l.a
                } else {
                    return None;
                };
                (other.framework == to).then(|| Counterpart {
                    stage: other.clone(),
                    level: self.level_of(other).unwrap_or(0),
                    correspondence: l.correspondence,
                    via: None,
                })
            })
            .collect();
        out.sort_by_key(|c| c.level);
        out
    }

    /// Why `target` does not name anything in the catalogue, or `Ok`.
    pub fn resolve(&self, target: &Target) -> Result<(), String> {
        let missing = |what: &str, key: &str, known: Vec<&str>| {
            Err(format!(
                "no {what} with key {key:?}; known: {}",
                known.join(", ")
            ))
        };
        match target {
            Target::Stage(r) => {
                let Some(fw) = self.framework(&r.framework) else {
                    return missing(
                        "framework",
                        &r.framework,
                        self.frameworks.iter().map(|f| f.key.as_str()).collect(),
                    );
                };
                if fw.stage(&r.stage).is_none() {
                    return missing(
                        &format!("stage in {}", fw.key),
                        &r.stage,
                        fw.stages.iter().map(|s| s.key.as_str()).collect(),
                    );
                }
                Ok(())
            }
            Target::Sign(k) => {
                if self.signs.iter().any(|s| &s.key == k) {
                    Ok(())
                } else {
                    missing(
                        "sign",
                        k,
                        self.signs.iter().map(|s| s.key.as_str()).collect(),
                    )
                }
            }
            Target::Barrier(k) => {
                if self.barriers.iter().any(|s| &s.key == k) {
                    Ok(())
                } else {
                    missing(
                        "barrier",
                        k,
                        self.barriers.iter().map(|s| s.key.as_str()).collect(),
                    )
                }
            }
            Target::Fading(k) => entry_exists("fading sign", &self.fading_signs, k),
            Target::SeekHelp(k) => entry_exists("seek-help criterion", &self.seek_help, k),
            Target::Kind(_)
            | Target::Characteristic(_)
            | Target::LoveLanguage(_)
            | Target::Safety => Ok(()),
        }
    }

    /// Every defect in the content: duplicate keys, dangling references,
    /// stages without features, levels out of order. Empty when sound.
    pub fn problems(&self) -> Vec<String> {
        let mut c = Checks {
            sources: self.sources.iter().map(|s| s.key.as_str()).collect(),
            problems: Vec::new(),
        };
        dupes(
            &mut c.problems,
            "sources",
            self.sources.iter().map(|s| s.key.as_str()),
        );
        dupes(
            &mut c.problems,
            "frameworks",
            self.frameworks.iter().map(|f| f.key.as_str()),
        );
        for f in &self.frameworks {
            self.framework_problems(f, &mut c);
        }
        self.crosswalk_problems(&mut c);
        self.entry_problems(&mut c);
        c.problems
    }

    /// A framework's sources, stages, principles, signs, steps and transitions.
    fn framework_problems(&self, f: &Framework, c: &mut Checks<'_>) {
        c.sources(format!("frameworks.{}", f.key), &f.sources);
        dupes(
            &mut c.problems,
            &format!("frameworks.{}.stages", f.key),
            f.stages.iter().map(|s| s.key.as_str()),
        );
        dupes(
            &mut c.problems,
            &format!("frameworks.{}.principles", f.key),
            f.principles.iter().map(|s| s.key.as_str()),
        );
        if f.principles.is_empty() {
            c.problems
                .push(format!("frameworks.{}: has no principles", f.key));
        }
        for (i, s) in f.stages.iter().enumerate() {
            let path = format!("frameworks.{}.stages[{i}]", f.key);
            if s.level as usize != i + 1 {
                c.problems
                    .push(format!("{path}: level {} out of order", s.level));
            }
            if s.features.is_empty() {
                c.problems.push(format!("{path}: has no features"));
            }
            if s.summary.trim().is_empty() {
                c.problems.push(format!("{path}: has no summary"));
            }
            c.sources(path, &s.sources);
        }
        dupes(
            &mut c.problems,
            &format!("frameworks.{}.missing_signs", f.key),
            f.missing_signs.iter().map(|s| s.key.as_str()),
        );
        for s in &f.missing_signs {
            let path = format!("frameworks.{}.missing_signs.{}", f.key, s.key);
            if s.summary.trim().is_empty() {
                c.problems.push(format!("{path}: has no summary"));
            }
            c.sources(path, &s.sources);
        }
        dupes(
            &mut c.problems,
            &format!("frameworks.{}.regain_steps", f.key),
            f.regain_steps.iter().map(|s| s.key.as_str()),
        );
        for s in &f.regain_steps {
            let path = format!("frameworks.{}.regain_steps.{}", f.key, s.key);
            if s.summary.trim().is_empty() {
                c.problems.push(format!("{path}: has no summary"));
            }
            if s.practices.is_empty() {
                c.problems.push(format!("{path}: names no practice"));
            }
            for k in &s.practices {
                if !self.practices.iter().any(|x| &x.key == k) {
                    c.problems.push(format!("{path}: unknown practice {k:?}"));
                }
            }
            c.sources(path, &s.sources);
        }
        for (i, t) in f.transitions.iter().enumerate() {
            for k in [&t.from, &t.to] {
                if f.stage(k).is_none() {
                    c.problems.push(format!(
                        "frameworks.{}.transitions[{i}]: unknown stage {k:?}",
                        f.key
                    ));
                }
            }
        }
        for s in &f.supports {
            let path = format!("frameworks.{}.supports.{}", f.key, s.key);
            if s.summary.trim().is_empty() {
                c.problems.push(format!("{path}: has no summary"));
            }
            c.sources(path, &s.sources);
        }
        self.stage_links(f, c);
        shape_problems(f, c);
        if f.family == FrameworkFamily::Classic {
            self.original_work_cited(f, c);
        }
    }

    /// Mirrors name stages of the other phase and point back; evidence
    /// resolves and never sits on an ending stage.
    fn stage_links(&self, f: &Framework, c: &mut Checks<'_>) {
        for (i, s) in f.stages.iter().enumerate() {
            let path = format!("frameworks.{}.stages[{i}]", f.key);
            if let Some(m) = &s.mirror {
                match f.stage(m) {
                    None => c.problems.push(format!("{path}: unknown mirror {m:?}")),
                    Some(o) if o.phase == s.phase => c
                        .problems
                        .push(format!("{path}: mirror {m:?} is in the same phase")),
                    Some(o) if o.mirror.as_deref() != Some(s.key.as_str()) => c
                        .problems
                        .push(format!("{path}: mirror {m:?} does not point back")),
                    Some(_) => {}
                }
            }
            if !s.evidence.is_empty() && s.direction == Some(Direction::Ending) {
                c.problems.push(format!(
                    "{path}: an ending stage takes no evidence (a reading never places anyone there)"
                ));
            }
            for t in &s.evidence {
                if let Err(e) = self.resolve(t) {
                    c.problems.push(format!("{path}.evidence: {e}"));
                }
            }
        }
    }

    /// Every stage of a classic model cites at least one original work
    /// (a source with authors and a year).
    fn original_work_cited(&self, f: &Framework, c: &mut Checks<'_>) {
        let original = |k: &String| {
            self.sources
                .iter()
                .any(|s| &s.key == k && s.authors.is_some() && s.year.is_some())
        };
        let mut need = vec![(format!("frameworks.{}", f.key), &f.sources)];
        for (i, s) in f.stages.iter().enumerate() {
            need.push((format!("frameworks.{}.stages[{i}]", f.key), &s.sources));
        }
        for t in f.typology.iter().flat_map(|t| &t.types) {
            need.push((
                format!("frameworks.{}.typology.{}", f.key, t.key),
                &t.sources,
            ));
        }
        for (path, keys) in need {
            if !keys.iter().any(original) {
                c.problems
                    .push(format!("{path}: cites no original work (authors and year)"));
            }
        }
    }

    /// The crosswalk's links and unmatched stages name stages that exist.
    fn crosswalk_problems(&self, c: &mut Checks<'_>) {
        for (i, l) in self.crosswalk.links.iter().enumerate() {
            for r in [&l.a, &l.b] {
                if let Err(e) = self.resolve(&Target::Stage(r.clone())) {
                    c.problems.push(format!("crosswalk.links[{i}]: {e}"));
                }
            }
            if l.a.framework == l.b.framework {
                c.problems
                    .push(format!("crosswalk.links[{i}]: links a framework to itself"));
            }
        }
        for (i, u) in self.crosswalk.unmatched.iter().enumerate() {
            if let Err(e) = self.resolve(&Target::Stage(u.stage.clone())) {
                c.problems.push(format!("crosswalk.unmatched[{i}]: {e}"));
            }
            if self.framework(&u.framework).is_none() {
                c.problems.push(format!(
                    "crosswalk.unmatched[{i}]: unknown framework {:?}",
                    u.framework
                ));
            }
        }
    }

    /// The catalogue's entries (kinds, characteristics, barriers, signs,
    /// lists, love languages, practices): unique keys, known sources.
    fn entry_problems(&self, c: &mut Checks<'_>) {
        dupes(
            &mut c.problems,
            "kinds",
            self.kinds.iter().map(|k| k.key.key()),
        );
        for k in &self.kinds {
            c.sources(format!("kinds.{}", k.key), &k.sources);
            if k.expressions.is_empty() {
                c.problems
                    .push(format!("kinds.{}: has no expressions", k.key));
            }
        }
        dupes(
            &mut c.problems,
            "characteristics",
            self.characteristics.iter().map(|k| k.key.key()),
        );
        for k in &self.characteristics {
            c.sources(format!("characteristics.{}", k.key), &k.sources);
        }
        dupes(
            &mut c.problems,
            "barriers",
            self.barriers.iter().map(|k| k.key.as_str()),
        );
        for k in &self.barriers {
            c.sources(format!("barriers.{}", k.key), &k.sources);
        }
        dupes(
            &mut c.problems,
            "signs",
            self.signs.iter().map(|k| k.key.as_str()),
        );
        for k in &self.signs {
            c.sources(format!("signs.{}", k.key), &k.sources);
            if k.indicators.is_empty() {
                c.problems
                    .push(format!("signs.{}: has no indicators", k.key));
            }
        }
        for (name, list) in [
            ("fading_signs", &self.fading_signs),
            ("reconnecting_steps", &self.reconnecting_steps),
            ("seek_help", &self.seek_help),
            ("myths", &self.myths),
            ("reflection_prompts", &self.reflection_prompts),
        ] {
            dupes(&mut c.problems, name, list.iter().map(|k| k.key.as_str()));
            for k in list {
                c.sources(format!("{name}.{}", k.key), &k.sources);
            }
        }
        dupes(
            &mut c.problems,
            "love_languages",
            self.love_languages.iter().map(|k| k.key.key()),
        );
        for k in &self.love_languages {
            c.sources(format!("love_languages.{}", k.key), &k.sources);
        }
        dupes(
            &mut c.problems,
            "practices",
            self.practices.iter().map(|k| k.key.as_str()),
        );
        for k in &self.practices {
            c.sources(format!("practices.{}", k.key), &k.sources);
            if k.addresses.is_empty() {
                c.problems
                    .push(format!("practices.{}: addresses nothing", k.key));
            }
            for t in &k.addresses {
                if let Err(e) = self.resolve(t) {
                    c.problems.push(format!("practices.{}: {e}", k.key));
                }
            }
        }
    }
}

/// What each shape asks of a framework's data.
fn shape_problems(f: &Framework, c: &mut Checks<'_>) {
    let path = format!("frameworks.{}", f.key);
    let mut need = |ok: bool, what: &str| {
        if !ok {
            c.problems.push(format!("{path}: {what}"));
        }
    };
    let has_kind = |k: crate::model::TransitionKind| f.transitions.iter().any(|t| t.kind == k);
    match f.shape {
        FrameworkShape::Linear => {}
        FrameworkShape::TwoPhase => {
            let phases: BTreeSet<Option<&str>> =
                f.stages.iter().map(|s| s.phase.as_deref()).collect();
            need(
                phases.len() == 2 && !phases.contains(&None),
                "a two-phase model gives every stage one of two phases",
            );
            need(
                f.stages.iter().all(|s| s.direction.is_some()),
                "a two-phase model gives every stage a direction",
            );
            need(
                f.stages.iter().any(|s| s.mirror.is_some()),
                "a two-phase model links its phases by mirrors",
            );
            need(
                has_kind(crate::model::TransitionKind::Reverse),
                "a two-phase model has a reverse transition",
            );
        }
        FrameworkShape::Process => need(
            has_kind(crate::model::TransitionKind::Loop),
            "a process model has a loop transition",
        ),
        FrameworkShape::Components | FrameworkShape::Axes => {
            if let Some(t) = &f.typology {
                typology_problems(f, t, c);
            } else if f.shape == FrameworkShape::Components {
                c.problems
                    .push(format!("{path}: a components model has a typology"));
            }
        }
        FrameworkShape::Layered => need(
            !f.supports.is_empty() || f.stages.len() > 1,
            "a layered model has layers",
        ),
    }
}

/// A typology has one type for every combination of high parts, each
/// naming parts that exist.
fn typology_problems(f: &Framework, t: &crate::model::Typology, c: &mut Checks<'_>) {
    let path = format!("frameworks.{}.typology", f.key);
    let parts: Vec<&str> = f.stages.iter().map(|s| s.key.as_str()).collect();
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    for ty in &t.types {
        let mut idx: Vec<usize> = Vec::new();
        for h in &ty.high {
            match parts.iter().position(|p| p == h) {
                Some(i) => idx.push(i),
                None => c
                    .problems
                    .push(format!("{path}.{}: unknown part {h:?}", ty.key)),
            }
        }
        idx.sort_unstable();
        idx.dedup();
        if !seen.insert(idx) {
            c.problems.push(format!(
                "{path}.{}: another type has the same high parts",
                ty.key
            ));
        }
        if ty.summary.trim().is_empty() {
            c.problems
                .push(format!("{path}.{}: has no summary", ty.key));
        }
        c.sources(format!("{path}.{}", ty.key), &ty.sources);
    }
    if parts.len() < 16 && seen.len() != 1 << parts.len() {
        c.problems.push(format!(
            "{path}: {} types for {} parts; every combination of high parts needs one",
            t.types.len(),
            parts.len()
        ));
    }
    dupes(
        &mut c.problems,
        &path,
        t.types.iter().map(|ty: &TypeDef| ty.key.as_str()),
    );
}

/// The problems found so far, and the source keys citations may use.
struct Checks<'a> {
    sources: HashSet<&'a str>,
    problems: Vec<String>,
}

impl Checks<'_> {
    /// `keys` cite at least one source, each known.
    fn sources(&mut self, path: String, keys: &[String]) {
        if keys.is_empty() {
            self.problems.push(format!("{path}: cites no source"));
        }
        for k in keys {
            if !self.sources.contains(k.as_str()) {
                self.problems.push(format!("{path}: unknown source {k:?}"));
            }
        }
    }
}

fn entry_exists(what: &str, list: &[Entry], key: &str) -> Result<(), String> {
    if list.iter().any(|e| e.key == key) {
        Ok(())
    } else {
        let known: Vec<&str> = list.iter().map(|e| e.key.as_str()).collect();
        Err(format!(
            "no {what} with key {key:?}; known: {}",
            known.join(", ")
        ))
    }
}

fn dupes<'a>(p: &mut Vec<String>, path: &str, keys: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for k in keys {
        if !seen.insert(k) {
            p.push(format!("{path}: duplicate key {k:?}"));
        }
    }
}
