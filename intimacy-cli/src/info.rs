//! The commands that print what the library holds: the instrument schema,
//! the frameworks, an instrument as a SurveyJS survey.

use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::{FrameworksArgs, RedcapDictionaryArgs, ToSurveyjsArgs};
use crate::diagnostics::{self, Failure, Places, print};
use crate::read::Input;
use crate::write::Target;

fn pretty<T: Serialize>(value: &T) -> String {
    // Plain data with string keys: serialisation cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// `intimacy schema`: the JSON Schema of the instrument format.
pub fn schema() -> Result<(), Failure> {
    print(&pretty(&intimacy_core::Instrument::json_schema()))
}

/// A framework as listed: its key, name and stages.
#[derive(Serialize)]
struct Listed<'a> {
    key: &'a str,
    name: &'a str,
    summary: &'a str,
    stages: Vec<ListedStage<'a>>,
}

#[derive(Serialize)]
struct ListedStage<'a> {
    level: u32,
    key: &'a str,
    name: &'a str,
    summary: &'a str,
}

/// `intimacy frameworks`: each framework and its stages, as a table or JSON.
pub fn frameworks(args: &FrameworksArgs) -> Result<(), Failure> {
    let all = intimacy_core::frameworks();
    if args.json {
        let listed: Vec<Listed<'_>> = all
            .iter()
            .map(|f| Listed {
                key: &f.key,
                name: &f.name,
                summary: &f.summary,
                stages: f
                    .stages
                    .iter()
                    .map(|s| ListedStage {
                        level: s.level,
                        key: &s.key,
                        name: &s.name,
                        summary: &s.summary,
                    })
                    .collect(),
            })
            .collect();
        return print(&pretty(&listed));
    }
    let mut table = String::new();
    for (k, f) in all.iter().enumerate() {
        if k > 0 {
            table.push('\n');
        }
        let _ = writeln!(table, "{}  {} ({} stages)", f.key, f.name, f.stages.len());
        let width = f.stages.iter().map(|s| s.key.len()).max().unwrap_or(0);
        for s in &f.stages {
            let _ = writeln!(table, "  {:>2}  {:<width$}  {}", s.level, s.key, s.name);
        }
    }
    print(table.trim_end())
}

/// `intimacy to-surveyjs`: the instrument as a SurveyJS survey definition.
pub fn to_surveyjs(args: &ToSurveyjsArgs) -> Result<(), Failure> {
    let inst = crate::load::instrument(&args.instrument, args.form.as_deref())?;
    print(&pretty(&intimacy_core::io::to_surveyjs(&inst)))
}

/// `intimacy redcap-dictionary`: a REDCap data dictionary as an instrument
/// (JSON), and what was made of each field on standard error.
pub fn redcap_dictionary(args: &RedcapDictionaryArgs) -> Result<(), Failure> {
    let options = crate::load::dictionary_options(args.options.as_deref())?;
    let input = Input::open(&args.dictionary)?;
    let name = input.name.clone();
    let bytes = input.read_all()?;
    let (inst, log) =
        intimacy_core::io::instrument_from_redcap_dictionary_with_log(&bytes, &options)
            .map_err(|e| diagnostics::read_error(&name, &e, Places::Lines))?;
    let mut target = Target::create(&args.output)?;
    target.write_all(inst.to_json().as_bytes())?;
    target.write_all(b"\n")?;
    target.commit()?;
    if !args.quiet {
        eprintln!("{}", crate::summary::import(&name, &log));
    }
    Ok(())
}
