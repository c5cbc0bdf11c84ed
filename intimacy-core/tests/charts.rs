//! The SVG charts: structure, accessibility, robustness, and snapshots.
//!
//! The snapshots live in `tests/snapshots/*.svg`. Set
//! `INTIMACY_UPDATE_SNAPSHOTS=1` to (re)write them from the current output,
//! then look at them and review the diff.

use std::path::{Path, PathBuf};

use intimacy_core::{
    AreaScore, Chart, Placement, ScoreOptions, ScoreStatus, StageAttainment, radar_svg,
    staircase_svg,
};

// ---------------------------------------------------------------------------
// Helpers.

fn snapshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// Compare with `tests/snapshots/<name>.svg`, or rewrite it when
/// `INTIMACY_UPDATE_SNAPSHOTS=1`.
fn check_snapshot(name: &str, actual: &str) {
    let path = snapshots().join(format!("{name}.svg"));
    if std::env::var("INTIMACY_UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(snapshots()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with INTIMACY_UPDATE_SNAPSHOTS=1)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{name}.svg differs from the output: run INTIMACY_UPDATE_SNAPSHOTS=1 cargo test -p intimacy-core --test charts, look at the SVG and review the diff"
    );
}

/// A small well-formedness checker: balanced tags, quoted attributes, one
/// root element, and no bare `&` or `<` in text. Returns the element names
/// in document order.
fn check_well_formed(svg: &str) -> Vec<String> {
    let b = svg.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            let rest = &svg[i..];
            if rest.starts_with("<!--") {
                i += rest.find("-->").expect("unterminated comment") + 3;
                continue;
            }
            if rest.starts_with("<?") {
                i += rest.find("?>").expect("unterminated declaration") + 2;
                continue;
            }
            // Find the end of the tag, skipping quoted attribute values.
            let mut j = i + 1;
            let mut quote: Option<u8> = None;
            while j < b.len() {
                match (quote, b[j]) {
                    (None, b'"' | b'\'') => quote = Some(b[j]),
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), b'<') => panic!("'<' inside an attribute value at {j}"),
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            assert!(j < b.len(), "unterminated tag at {i}");
            let tag = &svg[i + 1..j];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().unwrap_or_else(|| panic!("stray </{name}>"));
                assert_eq!(open, name.trim(), "mismatched closing tag");
            } else {
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
                assert!(
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
                    "bad element name {name:?}"
                );
                check_attributes(&body[name.len()..]);
                if stack.is_empty() {
                    roots += 1;
                }
                seen.push(name.clone());
                if !self_closing {
                    stack.push(name);
                }
            }
            i = j + 1;
        } else {
            assert!(
                !stack.is_empty() || b[i].is_ascii_whitespace(),
                "text outside the root at {i}"
            );
            if b[i] == b'&' {
                let rest = &svg[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                        .iter()
                        .any(|e| rest.starts_with(e)),
                    "bare & at {i}"
                );
            }
            i += 1;
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    assert_eq!(roots, 1, "exactly one root element");
    seen
}

/// Attributes: `name="value"` pairs, each name once, values without `&`
/// other than the five entities.
fn check_attributes(attrs: &str) {
    let mut names = Vec::new();
    let mut rest = attrs.trim();
    while !rest.is_empty() {
        let eq = rest.find('=').expect("attribute without a value");
        let name = rest[..eq].trim();
        assert!(!name.is_empty() && !name.contains(char::is_whitespace));
        assert!(!names.contains(&name), "attribute {name} repeated");
        names.push(name);
        let after = &rest[eq + 1..];
        let q = after.chars().next().expect("attribute value");
        assert!(q == '"' || q == '\'', "unquoted attribute {name}");
        let end = after[1..].find(q).expect("unterminated attribute value") + 1;
        let value = &after[1..end];
        for (k, _) in value.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| value[k..].starts_with(e)),
                "bare & in attribute {name}"
            );
        }
        rest = after[end + 1..].trim_start();
    }
}

/// The text of the first element `<name ...>...</name>`.
fn element_text<'a>(svg: &'a str, name: &str) -> &'a str {
    let start = svg
        .find(&format!("<{name}"))
        .unwrap_or_else(|| panic!("no <{name}>"));
    let open_end = start + svg[start..].find('>').unwrap() + 1;
    let close = open_end + svg[open_end..].find(&format!("</{name}>")).unwrap();
    &svg[open_end..close]
}

/// Checks every chart must pass: well-formed, accessible, deterministic
/// numbers, no non-finite values anywhere.
fn check_chart(svg: &str) {
    let elements = check_well_formed(svg);
    assert_eq!(elements.first().map(String::as_str), Some("svg"));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(svg.contains(" role=\"img\""));
    assert!(svg.contains("font-family=\"sans-serif\""));
    assert!(elements.iter().any(|e| e == "title"));
    assert!(elements.iter().any(|e| e == "desc"));
    assert!(elements.iter().any(|e| e == "text"));

    // aria-labelledby points at the title and the desc.
    let labelled = svg
        .split("aria-labelledby=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("aria-labelledby");
    let ids: Vec<&str> = labelled.split(' ').collect();
    assert_eq!(ids.len(), 2);
    assert!(svg.contains(&format!("<title id=\"{}\">", ids[0])));
    assert!(svg.contains(&format!("<desc id=\"{}\">", ids[1])));
    assert!(!element_text(svg, "desc").trim().is_empty());

    for bad in ["NaN", "inf\"", "=\"-0\"", "-0,", " -0 "] {
        assert!(!svg.contains(bad), "{bad:?} in the output");
    }

    // Every coordinate of a text lies inside the viewBox.
    let (w, h) = view_box(svg);
    for chunk in svg.split("<text x=\"").skip(1) {
        let x: f64 = chunk.split('"').next().unwrap().parse().unwrap();
        let y: f64 = chunk
            .split("y=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (0.0..=w).contains(&x) && (10.0..=h).contains(&y),
            "text at {x},{y} outside {w}x{h}"
        );
    }
}

fn view_box(svg: &str) -> (f64, f64) {
    let vb = svg
        .split("viewBox=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let v: Vec<f64> = vb.split(' ').map(|n| n.parse().unwrap()).collect();
    (v[2], v[3])
}

fn stage(level: u32, key: &str, attainment: Option<f64>, threshold: f64) -> StageAttainment {
    StageAttainment {
        level,
        key: key.to_owned(),
        attainment,
        reached: attainment.map(|a| a >= threshold),
        status: if attainment.is_some() {
            ScoreStatus::Scored
        } else {
            ScoreStatus::TooFewAnswered
        },
    }
}

/// Seven levels: consecutive 4, peak 6, a gap at 5, level 7 not answered.
fn seven_levels() -> Placement {
    let keys = intimacy_core::framework("seven-levels")
        .unwrap()
        .stages
        .iter()
        .map(|s| s.key.clone())
        .collect::<Vec<_>>();
    let values = [
        Some(85.0),
        Some(78.0),
        Some(72.5),
        Some(64.0),
        Some(41.0),
        Some(66.7),
        None,
    ];
    Placement {
        framework: "seven-levels".into(),
        derived: false,
        via: None,
        threshold: 60.0,
        stages: keys
            .iter()
            .zip(values)
            .enumerate()
            .map(|(i, (k, v))| stage(u32::try_from(i).unwrap() + 1, k, v, 60.0))
            .collect(),
        consecutive: 4,
        peak: 6,
        gaps: vec![5],
        unknown: vec![7],
        summary: String::new(),
    }
}

/// Five levels, derived from the seven through the crosswalk.
fn five_levels_derived() -> Placement {
    let f = intimacy_core::framework("five-levels").unwrap();
    let values = [Some(80.0), Some(70.0), Some(61.0), Some(45.5), Some(20.0)];
    Placement {
        framework: "five-levels".into(),
        derived: true,
        via: Some("seven-levels".into()),
        threshold: 60.0,
        stages: f
            .stages
            .iter()
            .zip(values)
            .map(|(s, v)| stage(s.level, &s.key, v, 60.0))
            .collect(),
        consecutive: 3,
        peak: 3,
        gaps: vec![],
        unknown: vec![],
        summary: String::new(),
    }
}

fn four_stages() -> Placement {
    let f = intimacy_core::framework("four-stages").unwrap();
    let values = [Some(100.0), Some(55.0), Some(0.0), Some(62.0)];
    let mut p = Placement {
        framework: "four-stages".into(),
        derived: false,
        via: None,
        threshold: 60.0,
        stages: f
            .stages
            .iter()
            .zip(values)
            .map(|(s, v)| stage(s.level, &s.key, v, 60.0))
            .collect(),
        consecutive: 1,
        peak: 4,
        gaps: vec![2, 3],
        unknown: vec![],
        summary: String::new(),
    };
    p.stages[2].status = ScoreStatus::Scored;
    p
}

fn area(key: &str, name: &str, percent: Option<f64>) -> AreaScore {
    AreaScore {
        target: format!("kind:{key}"),
        name: name.to_owned(),
        percent,
    }
}

fn five_kinds() -> Vec<AreaScore> {
    vec![
        area("emotional", "Emotional intimacy", Some(72.0)),
        area("physical", "Physical intimacy", None),
        area("intellectual", "Intellectual intimacy", Some(88.5)),
        area("experiential", "Experiential intimacy", Some(40.0)),
        area("spiritual", "Spiritual intimacy", Some(15.0)),
    ]
}

// ---------------------------------------------------------------------------
// Staircase.

#[test]
fn staircase_has_a_step_per_stage_with_names_and_values() {
    let p = seven_levels();
    let svg = staircase_svg(&p);
    check_chart(&svg);
    let f = intimacy_core::framework("seven-levels").unwrap();
    for s in &f.stages {
        assert!(
            svg.contains(&format!("Level {} {}", s.level, s.name)),
            "desc or tooltip lacks level {} {}",
            s.level,
            s.name
        );
        assert!(svg.contains(&format!(">Level {}</text>", s.level)));
    }
    for v in ["85", "78", "72.5", "64", "41", "66.7"] {
        assert!(svg.contains(&format!(">{v}</text>")), "value {v} not drawn");
    }
    assert!(svg.contains(">not answered</text>"));
    assert!(svg.contains(">consecutive 4</text>"));
    assert!(svg.contains("peak 6</text>"));
    assert!(svg.contains(">gap</text>"));
    assert!(svg.contains("stroke-dasharray"), "threshold line");
    assert!(svg.contains("url(#intimacy-staircase-seven-levels-hatch)"));
    assert!(svg.contains("aria-labelledby=\"intimacy-staircase-seven-levels-title intimacy-staircase-seven-levels-desc\""));
    // One step group per stage.
    assert_eq!(svg.matches("<g>").count(), 7);
}

#[test]
fn staircase_desc_is_a_full_text_alternative() {
    let svg = staircase_svg(&seven_levels());
    let desc = element_text(&svg, "desc");
    assert!(desc.starts_with("Seven levels of intimacy: consecutive level 4, peak level 6"));
    assert!(desc.contains("level 5 not yet in place"));
    assert!(desc.contains("level 7 not answered"));
    assert!(desc.contains("Level 1 Surface-level interaction 85 of 100, reached"));
    assert!(desc.contains(
        "Level 5 Vulnerability and deep trust 41 of 100, not reached, a gap below the peak"
    ));
    assert!(desc.contains("Level 7 Physical intimacy not answered"));
    assert!(desc.contains("60 of 100"));
}

#[test]
fn staircase_of_a_derived_placement_says_so() {
    let p = five_levels_derived();
    let svg = staircase_svg(&p);
    check_chart(&svg);
    assert!(svg.contains("derived from seven-levels via the crosswalk"));
    assert!(element_text(&svg, "desc").contains("derived from seven-levels via the crosswalk"));
    for s in &intimacy_core::framework("five-levels").unwrap().stages {
        assert!(svg.contains(&s.name), "{} missing", s.name);
    }
    assert_eq!(svg.matches("<g>").count(), 5);
    assert!(svg.contains(">consecutive 3</text>") && svg.contains("peak 3</text>"));
    assert!(!svg.contains(">gap</text>"));
}

#[test]
fn staircase_of_four_stages() {
    let svg = staircase_svg(&four_stages());
    check_chart(&svg);
    assert_eq!(svg.matches("<g>").count(), 4);
    assert_eq!(svg.matches(">gap</text>").count(), 2);
    assert!(element_text(&svg, "desc").contains("levels 2 and 3 not yet in place"));
}

#[test]
fn staircase_is_byte_stable() {
    for p in [seven_levels(), five_levels_derived(), four_stages()] {
        assert_eq!(staircase_svg(&p), staircase_svg(&p.clone()));
    }
}

#[test]
fn staircase_survives_odd_input() {
    // NaN, infinities, out-of-range values, a NaN threshold.
    let mut p = seven_levels();
    p.stages[0].attainment = Some(f64::NAN);
    p.stages[1].attainment = Some(130.0);
    p.stages[2].attainment = Some(-20.0);
    p.stages[3].attainment = Some(f64::INFINITY);
    p.stages[4].attainment = Some(1e300);
    p.threshold = f64::NAN;
    let svg = staircase_svg(&p);
    check_chart(&svg);
    assert!(svg.contains(">invalid</text>"));
    assert!(svg.contains(">130</text>") && svg.contains(">-20</text>"));
    assert!(svg.contains("threshold not set"));

    // Levels that are 0, unknown keys, an unknown framework, hostile text,
    // a very long name, a skipped stage.
    let long = "an extraordinarily long stage key that goes on and on and on without any end in sight whatsoever";
    let p = Placement {
        framework: "my <framework> & \"friends\"".into(),
        derived: true,
        via: None,
        threshold: -5.0,
        stages: vec![
            stage(0, "zero", Some(50.0), 60.0),
            stage(0, long, Some(70.0), 60.0),
            StageAttainment {
                level: 2,
                key: "a'b\u{0}c".into(),
                attainment: None,
                reached: None,
                status: ScoreStatus::NotApplicable,
            },
            stage(3, "", Some(-0.0), 60.0),
        ],
        consecutive: 0,
        peak: 9,
        gaps: vec![0, 2],
        unknown: vec![2],
        summary: String::new(),
    };
    let svg = staircase_svg(&p);
    check_chart(&svg);
    assert!(svg.contains("my &lt;framework&gt; &amp; &quot;friends&quot;"));
    assert!(
        element_text(&svg, "desc").contains(long),
        "the desc keeps the full name"
    );
    assert!(svg.contains("a&apos;b\u{FFFD}c"));
    assert!(svg.contains(">skipped</text>"));
    assert!(svg.contains("derived via the crosswalk"));
    assert!(svg.contains("id=\"intimacy-staircase-my-framework-friends-title\""));

    // No stages at all.
    let p = Placement {
        stages: vec![],
        ..seven_levels()
    };
    let svg = staircase_svg(&p);
    check_chart(&svg);
    assert!(svg.contains("Nothing to show"));

    // Many stages widen the chart instead of squeezing it.
    let p = Placement {
        framework: "many".into(),
        stages: (1..=12)
            .map(|l| stage(l, &format!("stage-{l}"), Some(f64::from(l) * 8.0), 60.0))
            .collect(),
        ..seven_levels()
    };
    let svg = staircase_svg(&p);
    check_chart(&svg);
    assert!(view_box(&svg).0 > 1000.0);
}

// ---------------------------------------------------------------------------
// Radar.

#[test]
fn radar_draws_every_area() {
    let areas = five_kinds();
    let svg = radar_svg(&areas, "Kinds of intimacy");
    check_chart(&svg);
    for a in &areas {
        assert!(svg.contains(&format!(">{}</text>", a.name)), "{}", a.name);
    }
    for v in ["72", "88.5", "40", "15", "not answered"] {
        assert!(svg.contains(&format!(">{v}</text>")), "{v}");
    }
    for ring in ["25", "50", "75", "100"] {
        assert!(svg.contains(&format!(">{ring}</text>")), "ring {ring}");
    }
    // Four rings and the polygon of percents.
    assert_eq!(svg.matches("<polygon").count(), 5);
    assert_eq!(svg.matches("<circle").count(), 5);
    let desc = element_text(&svg, "desc");
    assert!(desc.starts_with("Kinds of intimacy: radar of 5 areas"));
    assert!(desc.contains("Emotional intimacy 72 of 100; Physical intimacy not answered;"));
    assert!(svg.contains("id=\"intimacy-radar-kinds-of-intimacy-desc\""));
}

#[test]
fn radar_works_for_three_to_eight_areas() {
    let names = [
        "Emotional",
        "Physical",
        "Intellectual",
        "Experiential",
        "Spiritual",
        "Playful",
        "Creative",
        "Practical",
    ];
    for n in 3..=8 {
        let areas: Vec<AreaScore> = names[..n]
            .iter()
            .enumerate()
            .map(|(i, k)| {
                area(
                    &k.to_lowercase(),
                    k,
                    Some(10.0 + 11.0 * f64::from(u32::try_from(i).unwrap())),
                )
            })
            .collect();
        let svg = radar_svg(&areas, "Areas");
        check_chart(&svg);
        assert_eq!(svg.matches("<circle").count(), n);
        assert!(element_text(&svg, "desc").contains(&format!("radar of {n} areas")));
    }
}

#[test]
fn radar_with_too_few_areas_falls_back() {
    let svg = radar_svg(&[], "Kinds of intimacy");
    check_chart(&svg);
    assert!(svg.contains("Nothing to show"));
    assert!(element_text(&svg, "desc").contains("Nothing to show"));

    let one = [area("emotional", "Emotional intimacy", Some(64.0))];
    let svg = radar_svg(&one, "Kinds of intimacy");
    check_chart(&svg);
    assert!(svg.contains(">Emotional intimacy</text>") && svg.contains(">64</text>"));
    assert!(element_text(&svg, "desc").contains("bar chart of 1 area"));

    let two = [
        area("emotional", "Emotional intimacy", None),
        area("physical", "Physical intimacy", Some(30.0)),
    ];
    let svg = radar_svg(&two, "Kinds of intimacy");
    check_chart(&svg);
    assert!(svg.contains(">not answered</text>"));
}

#[test]
fn radar_is_byte_stable_and_survives_odd_input() {
    let areas = five_kinds();
    assert_eq!(
        radar_svg(&areas, "Kinds"),
        radar_svg(&areas.clone(), "Kinds")
    );

    let odd = vec![
        area("a", "", Some(f64::NAN)),
        area("b", "<script>&'\"", Some(250.0)),
        area("c", &"very long name ".repeat(20), Some(-3.0)),
        area("d", "Neg", Some(f64::NEG_INFINITY)),
    ];
    for title in ["", "Odd & <ends>"] {
        let svg = radar_svg(&odd, title);
        check_chart(&svg);
        assert!(svg.contains("&lt;script&gt;&amp;&apos;&quot;"));
        assert!(svg.contains(">invalid</text>") && svg.contains(">250</text>"));
        assert!(
            element_text(&svg, "desc")
                .contains(&"very long name ".repeat(20).trim_end().to_owned())
        );
    }
    check_chart(&radar_svg(&odd[..1], ""));
}

// ---------------------------------------------------------------------------
// The report and the chart keys.

#[test]
fn chart_keys() {
    assert_eq!(Chart::from_key("staircase"), Some(Chart::Staircase));
    assert_eq!(Chart::from_key("radar"), Some(Chart::Radar));
    assert_eq!(Chart::from_key("pie"), None);
}

#[test]
fn report_charts_from_an_example_respondent() {
    let inst = intimacy_core::Instrument::builtin("levels-checkin").unwrap();
    let person = &intimacy_core::example_respondents()[0];
    let report = intimacy_core::score(&inst, &person.answers, &ScoreOptions::default()).unwrap();
    let stairs = report.to_svg(Chart::Staircase).expect("a staircase");
    check_chart(&stairs);
    assert!(stairs.contains("intimacy-staircase-seven-levels"));
    if !report.kinds.is_empty() {
        let radar = report.to_svg(Chart::Radar).expect("a radar");
        check_chart(&radar);
        assert!(radar.contains("Kinds of intimacy"));
    }
}

// ---------------------------------------------------------------------------
// Snapshots.

#[test]
fn snapshot_staircase_seven_levels() {
    check_snapshot("staircase-seven-levels", &staircase_svg(&seven_levels()));
}

#[test]
fn snapshot_staircase_five_levels_derived() {
    check_snapshot(
        "staircase-five-levels-derived",
        &staircase_svg(&five_levels_derived()),
    );
}

#[test]
fn snapshot_staircase_four_stages() {
    check_snapshot("staircase-four-stages", &staircase_svg(&four_stages()));
}

#[test]
fn snapshot_radar_kinds() {
    check_snapshot(
        "radar-kinds",
        &radar_svg(&five_kinds(), "Kinds of intimacy"),
    );
}

#[test]
fn snapshot_radar_one_area() {
    check_snapshot(
        "radar-one-area",
        &radar_svg(
            &[area("emotional", "Emotional intimacy", Some(64.0))],
            "Kinds of intimacy",
        ),
    );
}

#[test]
fn snapshot_radar_empty() {
    check_snapshot("radar-empty", &radar_svg(&[], "Kinds of intimacy"));
}

// ---------------------------------------------------------------------------
// The classic models' charts (issue 15).

fn scored(name: &str, answers: serde_json::Value, options: ScoreOptions) -> intimacy_core::Report {
    let inst = intimacy_core::Instrument::builtin(name).unwrap();
    let answers: intimacy_core::Responses = serde_json::from_value(answers).unwrap();
    intimacy_core::score(&inst, &answers, &options).unwrap()
}

fn fixture_answers(file: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/scoring")
        .join(file);
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    case["answers"].clone()
}

#[test]
fn snapshot_knapp_staircase_from_fading_signs() {
    let r = scored(
        "levels-checkin",
        fixture_answers("56-knapp-derived-from-fading-signs.json"),
        ScoreOptions::default(),
    );
    let svg = r.to_svg(Chart::Knapp).expect("a Knapp staircase");
    check_chart(&svg);
    // Every stage is named; only those with signs are marked; never terminating.
    for name in [
        "Initiating",
        "Bonding",
        "Stagnating",
        "Avoiding",
        "Terminating",
    ] {
        assert!(svg.contains(name), "{name}");
    }
    assert_eq!(svg.matches("1 sign<").count(), 2);
    assert!(
        element_text(&svg, "desc")
            .contains("Stagnating: 1 sign(s): fading:emotional-disconnection")
    );
    check_snapshot("knapp-fading-signs", &svg);
}

#[test]
fn model_charts_are_accessible_and_say_the_rule() {
    let tls: serde_json::Value = (1..=15)
        .map(|i| {
            (
                format!("tls15_{i}"),
                serde_json::json!(if i <= 5 { 5 } else { 2 }),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into();
    let r = scored("tls-15", tls, ScoreOptions::default());
    let tri = r.to_svg(Chart::Triangle).expect("a triangle");
    check_chart(&tri);
    let desc = element_text(&tri, "desc");
    assert!(desc.contains("liking"), "{desc}");
    assert!(desc.contains("midpoint"), "{desc}");
    assert!(r.to_svg(Chart::Attachment).is_none());
    let ecr: serde_json::Value = (1..=36)
        .map(|i| (format!("ecrr{i}"), serde_json::json!(3)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let plain = scored("ecr-r", ecr, ScoreOptions::default());
    let plane = plain.to_svg(Chart::Attachment).expect("a plane");
    check_chart(&plane);
    // Without a quadrant asked for: no cut lines and no quadrant names.
    assert!(!plane.contains("stroke-dasharray=\"5 4\""));
    assert!(!plane.contains("Fearful"));
    assert!(element_text(&plane, "desc").contains("continuous dimensions"));
}

#[test]
fn model_charts_never_panic_on_odd_readings() {
    let r = scored("tls-15", serde_json::json!({}), ScoreOptions::default());
    let m = r.models.get("sternberg").unwrap().clone();
    let mut odd = m.clone();
    for p in &mut odd.parts {
        p.score = Some(f64::NAN);
        p.min = Some(f64::INFINITY);
    }
    let mut two = m.clone();
    two.parts.truncate(2);
    for svg in [
        intimacy_core::triangle_svg(&[("A", &m)]),
        intimacy_core::triangle_svg(&[("A", &odd), ("B", &m)]),
        intimacy_core::triangle_svg(&[("A <&>", &two)]),
        intimacy_core::triangle_svg(&[]),
        intimacy_core::attachment_svg(&[("A", &m)]),
        intimacy_core::attachment_svg(&[("A", &two), ("B", &odd)]),
        intimacy_core::attachment_svg(&[]),
        intimacy_core::knapp_svg(&m),
    ] {
        check_chart(&svg);
    }
}
