//! Loading what the arguments name: instruments (built-in or files) and
//! option objects (JSON text or files).

use std::path::Path;

use intimacy_core::io::{ReadOptions, RedcapDictionaryOptions};
use intimacy_core::{Instrument, InstrumentError, ScoreOptions, builtin_instruments};

use crate::diagnostics::{self, Failure};

/// An instrument file's text as an instrument: `.toml` as TOML, `.json` as
/// JSON, any other name as JSON when it starts with `{`, else as TOML.
pub fn parse_instrument(path: &Path, text: &str) -> Result<Instrument, InstrumentError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let toml = match ext.as_deref() {
        Some("toml") => true,
        Some("json") => false,
        _ => !text.trim_start().starts_with('{'),
    };
    if toml {
        Instrument::from_toml(text)
    } else {
        Instrument::from_json(text)
    }
}

/// The instrument `spec` names: a file when one exists at that path, else a
/// built-in instrument; restricted to `form` when one is given.
pub fn instrument(spec: &str, form: Option<&str>) -> Result<Instrument, Failure> {
    let path = Path::new(spec);
    let inst = if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::io("read the instrument", spec, &e))?;
        parse_instrument(path, &text).map_err(|e| {
            let mut lines = diagnostics::instrument_lines(path, &e);
            lines.insert(
                0,
                format!("{spec}: error: the instrument could not be loaded"),
            );
            Failure::new(lines.join("\n"))
        })?
    } else if builtin_instruments().contains(&spec) {
        Instrument::builtin(spec).map_err(|e| diagnostics::library_error(spec, &e))?
    } else {
        return Err(Failure::new(format!(
            "{spec}: error: no such file, and no built-in instrument of that name \
             (built-in: {})",
            builtin_instruments().join(", ")
        )));
    };
    match form {
        Some(f) => inst
            .with_form(f)
            .map_err(|e| diagnostics::library_error("--form", &e)),
        None => Ok(inst),
    }
}

/// The JSON text an option argument gives: `@FILE` (or, when `bare_is_file`,
/// any value not starting with `{`) is read from the file; anything else is
/// the JSON itself.
fn json_text(value: &str, bare_is_file: bool) -> Result<(String, String), Failure> {
    let file = match value.strip_prefix('@') {
        Some(f) => Some(f),
        None if bare_is_file && !value.trim_start().starts_with('{') => Some(value),
        None => None,
    };
    match file {
        Some(f) => std::fs::read_to_string(f)
            .map(|t| (t, f.to_owned()))
            .map_err(|e| Failure::io("read", f, &e)),
        None => Ok((value.to_owned(), String::new())),
    }
}

/// `--options` of `redcap-dictionary` (JSON text or `@FILE`).
pub fn dictionary_options(value: Option<&str>) -> Result<RedcapDictionaryOptions, Failure> {
    let Some(value) = value else {
        return Ok(RedcapDictionaryOptions::default());
    };
    let (text, file) = json_text(value, false)?;
    let source = if file.is_empty() { "--options" } else { &file };
    RedcapDictionaryOptions::from_json(&text).map_err(|e| diagnostics::library_error(source, &e))
}

/// `--options`: scoring options (JSON text or `@FILE`).
pub fn score_options(value: Option<&str>) -> Result<ScoreOptions, Failure> {
    let Some(value) = value else {
        return Ok(ScoreOptions::default());
    };
    let (text, file) = json_text(value, false)?;
    let source = if file.is_empty() { "--options" } else { &file };
    ScoreOptions::from_json(&text).map_err(|e| diagnostics::library_error(source, &e))
}

/// `--map` and `--id-column`: the read options (a JSON file, or the JSON
/// itself), the id column given on the command line taking precedence.
pub fn read_options(map: Option<&str>, id_column: Option<&str>) -> Result<ReadOptions, Failure> {
    let mut options = match map {
        Some(value) => {
            let (text, file) = json_text(value, true)?;
            let source = if file.is_empty() { "--map" } else { &file };
            ReadOptions::from_json(&text).map_err(|e| diagnostics::library_error(source, &e))?
        }
        None => ReadOptions::default(),
    };
    if let Some(id) = id_column {
        options.id_column = Some(id.to_owned());
    }
    Ok(options)
}
