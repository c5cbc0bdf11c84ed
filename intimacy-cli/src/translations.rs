//! `intimacy translations`: what each locale's words lack, as lines
//! `messages LOCALE (STATUS): N of M missing: KEY, ...` and
//! `INSTRUMENT LOCALE (STATUS): N missing: PATH, ...`.

use crate::cli::TranslationsArgs;
use crate::diagnostics::{Failure, instrument_lines, print};
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

/// Run `intimacy translations`; exit 1 when anything is missing.
pub fn run(args: &TranslationsArgs) -> Result<(), Failure> {
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
        let mut inst = load::instrument(spec, None)?;
        for (k, side) in args.sides.iter().enumerate() {
            let name = side.display().to_string();
            let text = std::fs::read_to_string(side).map_err(|e| Failure::io("read", &name, &e))?;
            match inst.with_translation(&text) {
                Ok(t) => {
                    inst = t;
                    used[k] = true;
                }
                Err(e) if matches!(&e, intimacy_core::InstrumentError::Invalid { problems } if problems.iter().any(|p| p.code == intimacy_core::ProblemCode::OtherInstrument)) =>
                    {}
                Err(e) => return Err(Failure::new(instrument_lines(side, &e).join("\n"))),
            }
        }
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
