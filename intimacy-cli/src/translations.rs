//! `intimacy translations`: what each locale's words lack, as lines
//! `messages LOCALE (STATUS): N of M missing: KEY, ...` and
//! `INSTRUMENT LOCALE (STATUS): N missing: PATH, ...`; with `--template
//! DIR`, the files a translator fills in.

use crate::cli::TranslationsArgs;
use std::path::Path;

use crate::diagnostics::{Failure, instrument_lines, print, problem_line};
use crate::load;

/// How many missing keys a line names before "and N more".
const SHOWN: usize = 12;

fn listed(keys: &[String]) -> String {
    let mut s = keys
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if keys.len() > SHOWN {
        s.push_str(&format!(", and {} more", keys.len() - SHOWN));
    }
    s
}

/// Add each `--messages` file (its problems, one line each, fail the run).
fn add_messages(args: &TranslationsArgs) -> Result<(), Failure> {
    for file in &args.messages {
        let name = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|e| Failure::io("read", &name, &e))?;
        match intimacy_core::add_messages(&text) {
            Ok(_) => {}
            Err(e) => {
                let lines: Vec<String> =
                    e.problems.iter().map(|p| problem_line(&name, p)).collect();
                return Err(Failure::new(lines.join("\n")));
            }
        }
    }
    Ok(())
}

/// Write `value` as pretty JSON to `dir/name`, and say so.
fn write_json(dir: &Path, name: &str, value: &impl serde::Serialize) -> Result<(), Failure> {
    let path = dir.join(name);
    let shown = path.display().to_string();
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(format!("error: {shown}: {e}")))?;
    text.push('\n');
    std::fs::write(&path, text).map_err(|e| Failure::io("write", &shown, &e))?;
    print(&format!("wrote {shown}"))
}

/// `--template DIR`: the files to translate, for each `--locale`.
fn templates(args: &TranslationsArgs, dir: &Path) -> Result<(), Failure> {
    if args.locales.is_empty() {
        return Err(Failure::new(
            "error: --template needs the locales to write, e.g. --locale es",
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::io("create", &dir.display().to_string(), &e))?;
    let mut instruments = Vec::new();
    for spec in &args.instruments {
        instruments.push(with_sides(load::instrument(spec, None)?, args)?.0);
    }
    for locale in &args.locales {
        let bad = |e: intimacy_core::ScoreError| Failure::new(format!("error: --locale: {e}"));
        let file = intimacy_core::messages_file(locale).map_err(bad)?;
        write_json(dir, &format!("messages.{}.json", file.locale), &file)?;
        for inst in &instruments {
            let t = inst.translation_file(locale).map_err(bad)?;
            write_json(dir, &format!("{}.{}.json", inst.id, t.locale), &t)?;
        }
    }
    Ok(())
}

/// The instrument with every side file of it added, and which side files
/// were its.
fn with_sides(
    mut inst: intimacy_core::Instrument,
    args: &TranslationsArgs,
) -> Result<(intimacy_core::Instrument, Vec<bool>), Failure> {
    let mut used = vec![false; args.sides.len()];
    for (k, side) in args.sides.iter().enumerate() {
        let name = side.display().to_string();
        let text = std::fs::read_to_string(side).map_err(|e| Failure::io("read", &name, &e))?;
        match inst.with_translation(&text) {
            Ok(t) => {
                inst = t;
                used[k] = true;
            }
            // A side file of another instrument: for another --instrument.
            Err(e)
                if e.problems()
                    .iter()
                    .any(|p| p.code == intimacy_core::ProblemCode::OtherInstrument) => {}
            Err(e) => return Err(Failure::new(instrument_lines(side, &e).join("\n"))),
        }
    }
    Ok((inst, used))
}

/// Run `intimacy translations`; exit 1 when anything is missing.
pub fn run(args: &TranslationsArgs) -> Result<(), Failure> {
    add_messages(args)?;
    if let Some(dir) = &args.template {
        return templates(args, dir);
    }
    let mut missing = 0usize;
    let wanted =
        |l: &str| args.locales.is_empty() || args.locales.iter().any(|x| x.eq_ignore_ascii_case(l));
    for info in intimacy_core::locale_info() {
        if !wanted(&info.locale) {
            continue;
        }
        let keys = intimacy_core::missing_messages(&info.locale).unwrap_or_default();
        let status: &str = info.status.into();
        if keys.is_empty() {
            print(&format!(
                "messages {} ({status}): complete, {} messages",
                info.locale, info.total
            ))?;
        } else {
            missing += keys.len();
            print(&format!(
                "messages {} ({status}): {} of {} missing: {}",
                info.locale,
                keys.len(),
                info.total,
                listed(&keys)
            ))?;
        }
    }
    let mut used = vec![false; args.sides.len()];
    for spec in &args.instruments {
        let (inst, its) = with_sides(load::instrument(spec, None)?, args)?;
        used.iter_mut().zip(its).for_each(|(u, i)| *u |= i);
        let mut locales: Vec<String> = inst.translations.keys().cloned().collect();
        locales.extend(
            args.locales
                .iter()
                .filter(|l| !inst.translations.contains_key(*l))
                .cloned(),
        );
        if locales.is_empty() {
            print(&format!("{} {}: no translations", inst.id, inst.version))?;
        }
        for locale in locales.iter().filter(|l| wanted(l)) {
            let status: &str = inst
                .translations
                .get(locale)
                .map_or("none", |t| t.status.into());
            let keys = inst.missing_translations(locale);
            if keys.is_empty() {
                print(&format!("{} {locale} ({status}): complete", inst.id))?;
            } else {
                missing += keys.len();
                print(&format!(
                    "{} {locale} ({status}): {} missing: {}",
                    inst.id,
                    keys.len(),
                    listed(&keys)
                ))?;
            }
        }
    }
    if let Some(k) = used.iter().position(|u| !u) {
        return Err(Failure::new(format!(
            "error: {}: the side file belongs to none of the instruments given (--instrument)",
            args.sides[k].display()
        )));
    }
    if missing == 0 {
        Ok(())
    } else {
        Err(Failure::new(format!(
            "error: {missing} translations are missing"
        )))
    }
}
