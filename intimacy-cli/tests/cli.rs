//! The `intimacy` binary as a person runs it: files in, files and messages
//! out, exit codes.

mod common;

use common::{Scratch, csv_rows, data, fixtures, intimacy, intimacy_with_stdin};

const RAS_HEADER: &str = "id,ras1,ras2,ras3,ras4,ras5,ras6,ras7,age";

/// Three respondents; the second unanswered throughout; an id with a comma.
const RAS_CSV: &str = "id,ras1,ras2,ras3,ras4,ras5,ras6,ras7,age
a,5,4,4,2,4,5,1,30
b,,,,,,,,41
\"c, d\",1,2,1,5,2,1,5,22
";

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn score_csv_keeps_every_row_with_its_id() {
    let dir = Scratch::new("keeps-rows");
    let input = dir.file("answers.csv", RAS_CSV);
    let out = dir.path("scores.csv");
    let run = intimacy(&[
        "score",
        "--instrument",
        "ras",
        "--id-column",
        "id",
        path(&input),
        "-o",
        path(&out),
    ])
    .ok();
    let rows = csv_rows(&dir.read("scores.csv"));
    assert_eq!(
        rows[0],
        [
            "id",
            "satisfaction",
            "satisfaction:answered",
            "satisfaction-total",
            "satisfaction-total:answered"
        ]
    );
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["a", "b", "c, d"]);
    // a: 5 4 4 (6-2) 4 5 (6-1) = 31; b: nothing answered, NaN written empty.
    assert_eq!(rows[1][1..], ["4.428571428571429", "7", "31.0", "7"]);
    assert_eq!(rows[2][1..], ["", "0", "", "0"]);
    assert!(
        run.stderr.contains("read 3 rows (csv), kept 3"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("ignored columns (1): age"));
}

#[test]
fn qualtrics_export_with_three_header_rows_gives_one_row_per_respondent() {
    let dir = Scratch::new("qualtrics");
    let out = dir.path("out.csv");
    let input = data("ras-qualtrics.csv");
    intimacy(&[
        "score",
        "--instrument",
        "ras",
        "--from",
        "qualtrics",
        path(&input),
        "-o",
        path(&out),
    ])
    .ok();
    let rows = csv_rows(&dir.read("out.csv"));
    assert_eq!(rows[0][0], "ResponseId");
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        ids,
        [
            "R_1aBcDeFgHiJkLmN",
            "R_2bCdEfGhIjKlMnO",
            "R_3cDeFgHiJkLmNoP",
            "R_4dEfGhIjKlMnOpQ"
        ]
    );
    assert_eq!(rows[2][1..], ["3.0", "7", "21.0", "7"]);
    // The unfinished response is kept (no filter asked for), unscored.
    assert_eq!(rows[3][1..], ["", "2", "", "2"]);
}

#[test]
fn the_shared_qualtrics_export_scores_with_a_column_map() {
    let dir = Scratch::new("qualtrics-shared");
    let map = dir.file(
        "map.json",
        r#"{"columns": {"ras1": "Q2_1", "ras2": "Q2_2", "ras3": "Q2_3", "ras4": "Q2_4",
            "ras5": "Q2_5", "ras6": "Q2_6", "ras7": "Q2_7"}, "finished_only": true}"#,
    );
    let input = fixtures("exports/qualtrics/current-numeric.csv");
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--from",
        "qualtrics",
        "--map",
        path(&map),
        path(&input),
        "-o",
        "-",
    ])
    .ok();
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows[0][0], "ResponseId");
    assert!(rows.len() >= 2);
    assert!(run.stderr.contains("excluded line"), "{}", run.stderr);
}

#[test]
fn a_zero_based_file_stops_at_the_first_refused_value() {
    let dir = Scratch::new("zero-based");
    let input = dir.file(
        "zero.csv",
        &format!("{RAS_HEADER}\na,4,3,3,1,3,4,0,30\nb,2,0,2,2,2,2,2,31\n"),
    );
    let out = dir.path("out.csv");
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--id-column",
        "id",
        path(&input),
        "-o",
        path(&out),
    ])
    .failed();
    let first = run.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "{}:2:8: error[invalid-value]: 0 is not allowed: the declared scale \"five-point\" \
             takes whole numbers from 1 to 5",
            input.display()
        )
    );
    assert!(run.stderr.contains(r#"column "ras7""#), "{}", run.stderr);
    assert!(run.stderr.contains(r#"value as written "0""#));
    assert!(
        run.stderr.contains("missing_values"),
        "a hint: {}",
        run.stderr
    );
    // No half-written output is left behind.
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(&dir.0).map(Iterator::count).ok(), Some(1));
}

#[test]
fn invalid_missing_scores_refused_values_as_missing_and_lists_them() {
    let dir = Scratch::new("invalid-missing");
    let input = dir.file(
        "zero.csv",
        &format!("{RAS_HEADER}\na,4,3,3,1,3,4,0,30\nb,2,x,2,2,2,2,9,31\nc,1,1,1,1,1,1,1,1\n"),
    );
    let (out, problems) = (dir.path("out.csv"), dir.path("problems.csv"));
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--id-column",
        "id",
        "--invalid",
        "missing",
        "--problems",
        path(&problems),
        path(&input),
        "-o",
        path(&out),
    ])
    .ok();
    let rows = csv_rows(&dir.read("out.csv"));
    assert_eq!(rows.len(), 4, "every row kept");
    assert_eq!(rows[1][2], "6", "a: ras7 not counted");
    assert_eq!(rows[2][2], "5", "b: ras2 and ras7 not counted");
    let listed = csv_rows(&dir.read("problems.csv"));
    assert_eq!(
        listed[0],
        ["id", "line", "column", "item", "value", "code", "message"]
    );
    let short: Vec<[&str; 5]> = listed[1..]
        .iter()
        .map(|r| [&*r[0], &*r[1], &*r[2], &*r[4], &*r[5]])
        .collect();
    assert_eq!(
        short,
        [
            ["a", "2", "ras7", "0", "invalid-value"],
            ["b", "3", "ras2", "x", "unmapped-value"],
            ["b", "3", "ras7", "9", "invalid-value"],
        ]
    );
    assert!(
        run.stderr.contains("3 invalid answers scored as missing"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_missing_needs_a_problems_file() {
    let dir = Scratch::new("needs-problems");
    let input = dir.file("a.csv", RAS_CSV);
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--invalid",
        "missing",
        path(&input),
        "-o",
        "-",
    ])
    .failed();
    assert!(run.stderr.contains("--problems"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn chunks_of_any_size_give_the_same_output() {
    let dir = Scratch::new("chunks");
    let mut text = String::from(RAS_HEADER);
    for r in 0..50 {
        let bad = if r % 7 == 3 { "0" } else { "3" };
        text.push_str(&format!(
            "\nr{r},{},2,{bad},4,5,{},2,{r}",
            r % 5 + 1,
            (r % 3) + 1
        ));
    }
    text.push('\n');
    let input = dir.file("in.csv", &text);
    let score = |chunk: &str| {
        let problems = dir.path(&format!("p{chunk}.csv"));
        let run = intimacy(&[
            "score",
            "-i",
            "ras",
            "--id-column",
            "id",
            "--invalid",
            "missing",
            "--problems",
            path(&problems),
            "--chunk-rows",
            chunk,
            path(&input),
            "-o",
            "-",
            "-q",
        ])
        .ok();
        (run.stdout, dir.read(&format!("p{chunk}.csv")))
    };
    let whole = score("65536");
    assert_eq!(csv_rows(&whole.0).len(), 51);
    assert_eq!(csv_rows(&whole.1).len(), 1 + 7);
    for chunk in ["1", "2", "7"] {
        assert_eq!(score(chunk), whole, "chunks of {chunk}");
    }
}

#[test]
fn standard_input_to_standard_output() {
    let run = intimacy_with_stdin(
        &["score", "-i", "ras", "--id-column", "id", "-", "-o", "-"],
        RAS_CSV.as_bytes(),
    )
    .ok();
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3][0], "c, d");
    assert!(
        run.stderr.contains("<stdin>: read 3 rows"),
        "{}",
        run.stderr
    );
    // Without an id column a plain CSV numbers its rows.
    let run = intimacy_with_stdin(
        &["score", "-i", "ras", "-", "-o", "-", "-q"],
        RAS_CSV.as_bytes(),
    )
    .ok();
    let rows = csv_rows(&run.stdout);
    assert_eq!((rows[0][0].as_str(), rows[3][0].as_str()), ("row", "3"));
    assert!(run.stderr.is_empty(), "--quiet: {}", run.stderr);
}

#[test]
fn json_and_json_lines_output() {
    let dir = Scratch::new("json-out");
    let input = dir.file("in.csv", RAS_CSV);
    let args = |out: &std::path::Path| {
        vec![
            "score".to_owned(),
            "-i".into(),
            "ras".into(),
            "--id-column".into(),
            "id".into(),
            path(&input).into(),
            "-o".into(),
            path(out).into(),
        ]
    };
    intimacy(&args(&dir.path("out.json"))).ok();
    let v: serde_json::Value =
        serde_json::from_str(&dir.read("out.json")).expect("the output is JSON");
    let rows = v.as_array().expect("an array of rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["id"], "a");
    assert_eq!(rows[0]["satisfaction-total"], 31.0);
    assert_eq!(rows[1]["satisfaction"], serde_json::Value::Null);
    assert_eq!(rows[1]["satisfaction:answered"], 0);
    intimacy(&args(&dir.path("out.jsonl"))).ok();
    let lines: Vec<serde_json::Value> = dir
        .read("out.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["id"], "c, d");
    assert_eq!(&lines[..], &rows[..]);
}

#[test]
fn the_import_log_as_json() {
    let dir = Scratch::new("log");
    let input = dir.file("in.csv", RAS_CSV);
    let log = dir.path("log.json");
    intimacy(&[
        "score",
        "-i",
        "ras",
        "--id-column",
        "id",
        "--log",
        path(&log),
        path(&input),
        "-o",
        "-",
        "-q",
    ])
    .ok();
    let v: serde_json::Value = serde_json::from_str(&dir.read("log.json")).expect("JSON");
    assert_eq!(v["format"], "csv");
    assert_eq!(v["rows_read"], 3);
    assert_eq!(v["rows_kept"], 3);
    assert_eq!(v["ignored_columns"], serde_json::json!(["age"]));
}

#[test]
fn scoring_options_and_forms_reach_the_core() {
    let dir = Scratch::new("options");
    let input = dir.file("in.csv", RAS_CSV);
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--options",
        r#"{"thresold": 70}"#,
        path(&input),
        "-o",
        "-",
    ])
    .failed();
    assert!(
        run.stderr.starts_with("--options: error[invalid-option]"),
        "{}",
        run.stderr
    );
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--form",
        "nope",
        path(&input),
        "-o",
        "-",
    ])
    .failed();
    assert!(run.stderr.contains("has no form"), "{}", run.stderr);
    let run = intimacy(&["score", "-i", "no-such", path(&input), "-o", "-"]).failed();
    assert!(run.stderr.contains("built-in: "), "{}", run.stderr);
}

#[test]
fn validate_prints_every_problem_with_its_path() {
    let dir = Scratch::new("validate");
    let bad = dir.file(
        "bad.json",
        r#"{"id": "t", "version": "1", "title": "T", "licence": "MIT",
            "verification": {"status": "authored"},
            "response_scales": [{"id": "five", "min": 5, "max": 1}],
            "default_response_scale": "five",
            "items": [{"id": "a"}, {"id": "a"}],
            "scales": [{"id": "s", "items": ["a", "zz"], "aggregation": "mean"}]}"#,
    );
    let syntax = dir.file("syntax.toml", "id = \"t\"\nversion = [\n");
    let good = fixtures("../../intimacy-core/data/instruments/ras.json");
    let run = intimacy(&["validate", path(&good), path(&bad), path(&syntax)]).failed();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].ends_with("ras.json: ok: instrument \"ras\", 7 items, 2 scales"));
    let bad_name = bad.display().to_string();
    let of_bad: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix(&format!("{bad_name}: ")))
        .collect();
    assert!(of_bad.len() >= 3, "{of_bad:?}");
    assert!(
        of_bad.iter().any(|l| l.starts_with("response_scales[0]")),
        "{of_bad:?}"
    );
    assert!(
        of_bad
            .iter()
            .any(|l| l.starts_with("items[1].id: duplicate-id: ")),
        "{of_bad:?}"
    );
    assert!(
        of_bad
            .iter()
            .any(|l| l.starts_with("scales[0].items[1]: unknown-reference: ")),
        "{of_bad:?}"
    );
    let syntax_line = lines
        .iter()
        .find(|l| l.starts_with(&syntax.display().to_string()))
        .expect("the TOML file is reported");
    assert!(syntax_line.contains(": syntax: "), "{syntax_line}");
    assert!(
        run.stderr.contains("2 of 3 instrument files are not valid"),
        "{}",
        run.stderr
    );
    intimacy(&["validate", "-q", path(&good)]).ok();
}

#[test]
fn schema_prints_the_instrument_json_schema() {
    let run = intimacy(&["schema"]).ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(v["properties"]["items"].is_object(), "{v}");
    assert!(v["$schema"].is_string());
}

#[test]
fn frameworks_as_a_table_and_as_json() {
    let run = intimacy(&["frameworks"]).ok();
    assert!(run.stdout.starts_with("seven-levels  "), "{}", run.stdout);
    assert!(run.stdout.contains("   1  surface"));
    let run = intimacy(&["frameworks", "--json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let all = v.as_array().expect("an array");
    assert_eq!(all.len(), intimacy_core::frameworks().len());
    assert_eq!(all[0]["key"], "seven-levels");
    assert_eq!(all[0]["stages"].as_array().map(Vec::len), Some(7));
    assert_eq!(all[0]["stages"][0]["level"], 1);
}

#[test]
fn reliability_of_each_scale() {
    let input = data("ras-qualtrics.csv");
    let args = [
        "reliability",
        "-i",
        "ras",
        "--from",
        "qualtrics",
        path(&input),
    ];
    let run = intimacy(&args).ok();
    assert!(run.stdout.starts_with("scale "), "{}", run.stdout);
    assert!(run.stdout.contains("\nsatisfaction "));
    let mut json = args.to_vec();
    json.extend(["--scale", "satisfaction", "--json"]);
    let run = intimacy(&json).ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let r = &v[0]["reliability"];
    assert_eq!(v[0]["scale"], "satisfaction");
    assert_eq!(r["n"], 4);
    assert_eq!(r["items"][3]["reversed"], true, "ras4 is keyed as declared");
    let alpha = r["alpha"].as_f64().unwrap_or_default();
    assert!(alpha > 0.8 && alpha < 1.0, "{alpha}");
}

#[test]
fn surveyjs_and_jspsych_inputs_are_read_whole() {
    let input = fixtures("exports/surveyjs/missing-keys.json");
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--from",
        "surveyjs",
        path(&input),
        "-o",
        "-",
    ])
    .ok();
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], "row");
    let run = intimacy(&["score", "-i", "ras", path(&input), "-o", "-"]).failed();
    assert!(run.stderr.contains("--from surveyjs"), "{}", run.stderr);
    let bad = fixtures("exports/surveyjs/out-of-scale.json");
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--from",
        "surveyjs",
        path(&bad),
        "-o",
        "-",
    ])
    .failed();
    assert!(run.stderr.contains(": record "), "{}", run.stderr);
    assert!(run.stderr.contains("error[invalid-value]"));
}

#[test]
fn a_key_column_named_like_a_score_is_refused() {
    let dir = Scratch::new("clash");
    let input = dir.file(
        "in.csv",
        "satisfaction,ras1,ras2,ras3,ras4,ras5,ras6,ras7\nx,1,1,1,1,1,1,1\n",
    );
    let run = intimacy(&[
        "score",
        "-i",
        "ras",
        "--id-column",
        "satisfaction",
        path(&input),
        "-o",
        "-",
    ])
    .failed();
    assert!(
        run.stderr.contains("name of a score column"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_redcap_dictionary_becomes_an_instrument_that_reads_its_export() {
    let dir = Scratch::new("redcap");
    let inst = dir.path("inst.json");
    let dictionary = fixtures("exports/redcap/redcapr-survey-dictionary.csv");
    let run = intimacy(&["redcap-dictionary", path(&dictionary), "-o", path(&inst)]).ok();
    assert!(run.stderr.contains("(redcap-dictionary)"), "{}", run.stderr);
    intimacy(&["validate", path(&inst)]).ok();
    let export = fixtures("exports/redcap/redcapr-survey-data.csv");
    let run = intimacy(&[
        "score",
        "-i",
        path(&inst),
        "--from",
        "redcap",
        path(&export),
        "-o",
        "-",
    ])
    .ok();
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows, [["participant_id"], ["1"], ["2"]]);
}

#[test]
fn to_surveyjs_writes_a_survey_definition() {
    let run = intimacy(&["to-surveyjs", "-i", "ras"]).ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(v["pages"].is_array(), "{v}");
}

#[cfg(unix)]
#[test]
fn a_device_is_written_in_place_not_replaced() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = Scratch::new("device");
    let input = dir.file("in.csv", RAS_CSV);
    intimacy(&["score", "-i", "ras", path(&input), "-o", "/dev/null", "-q"]).ok();
    let kind = std::fs::metadata("/dev/null").map(|m| m.file_type().is_char_device());
    assert_eq!(kind.ok(), Some(true));
}

#[test]
fn translations_reports_what_is_missing() {
    // The built-in messages: English is the source, the pseudo-locale complete.
    let run = intimacy(&["translations"]).ok();
    assert!(
        run.stdout.contains("messages en (source): complete"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("messages en-XA (pseudo): complete"),
        "{}",
        run.stdout
    );

    // The shared translation fixture: the instrument with its inline es,
    // and the es-MX side file, which lacks words.
    let cases: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures("translations/cases.json")).expect("fixture"),
    )
    .expect("JSON");
    let dir = Scratch::new("translations");
    let inst = dir.file("evening.json", &cases["instrument"].to_string());
    let side = dir.file("evening.es-MX.json", &cases["side"].to_string());
    // Missing words make it fail.
    let run = intimacy(&[
        "translations",
        "--instrument",
        path(&inst),
        "--side",
        path(&side),
    ])
    .failed();
    assert!(
        run.stdout
            .contains("evening-checkin es (draft): 1 missing: sections.touch.description"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("evening-checkin es-MX (draft): 9 missing: title, items.t1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("translations are missing"),
        "{}",
        run.stderr
    );

    // A side file of another instrument is named, not ignored.
    let other = dir.file(
        "ras.es.json",
        &cases["side"].to_string().replace("evening-checkin", "ras"),
    );
    let run = intimacy(&[
        "translations",
        "--instrument",
        path(&inst),
        "--side",
        path(&other),
    ])
    .failed();
    assert!(
        run.stderr.contains("belongs to none of the instruments"),
        "{}",
        run.stderr
    );
}

#[test]
fn translations_writes_templates_and_checks_an_apps_messages() {
    let cases: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures("translations/cases.json")).expect("fixture"),
    )
    .expect("JSON");
    let dir = Scratch::new("translation-templates");
    let inst = dir.file("evening.json", &cases["instrument"].to_string());
    let side = dir.file("evening.es-MX.json", &cases["side"].to_string());
    // Templates: the messages and the instrument's side file for es-MX,
    // with the nearest words so far; what they hold reads back.
    let out = dir.path("templates");
    intimacy(&[
        "translations",
        "--instrument",
        path(&inst),
        "--side",
        path(&side),
        "--locale",
        "es-MX",
        "--template",
        path(&out),
    ])
    .ok();
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(name)).expect(name)).expect(name)
    };
    assert_eq!(
        read("evening-checkin.es-MX.json"),
        cases["templates"]["es-MX"]
    );
    let mut messages = read("messages.es-MX.json");
    assert_eq!(messages["status"], "draft");
    assert_eq!(
        messages["messages"]["catalogue.kind.emotional.name"],
        "Emotional intimacy"
    );
    // Translated in part, it is added and checked: what it lacks is listed.
    messages["messages"] = serde_json::json!({"checkin.next": "Siguiente"});
    let filled = dir.file("messages.es-MX.json", &messages.to_string());
    let run = intimacy(&[
        "translations",
        "--messages",
        path(&filled),
        "--locale",
        "es-MX",
    ])
    .failed();
    assert!(
        run.stdout.contains("messages es-MX (draft): ") && run.stdout.contains("answer.separator"),
        "{}",
        run.stdout
    );
    // A bad one is refused, every problem on a line of its own.
    messages["messages"] = serde_json::json!({"flag.safety.referral": " ", "no.key": "x"});
    let bad = dir.file("bad.json", &messages.to_string());
    let run = intimacy(&["translations", "--messages", path(&bad)]).failed();
    assert!(
        run.stderr.contains("messages.flag.safety.referral: empty")
            && run.stderr.contains("messages.no.key: unknown-reference"),
        "{}",
        run.stderr
    );
}
