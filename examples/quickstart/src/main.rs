//! The main job on built-in data: score the fictional example couples'
//! answers with `levels-checkin`, print a readable report for each person,
//! and write the staircase and radar charts as SVG files.
//!
//! Run with `cargo run -p quickstart [-- <output directory>]` (default `out/`).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use intimacy_core::{
    Chart, CoupleReport, Instrument, Report, ScoreOptions, ScoreStatus, Scorer,
    builtin_instruments, couple, example_respondents,
};

fn main() -> ExitCode {
    let out_dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("out"), PathBuf::from);
    match run(&out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(out_dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    for name in builtin_instruments() {
        Instrument::builtin(name)?;
    }
    let checkin = Instrument::builtin("levels-checkin")?;
    println!("{} (version {})", checkin.title, checkin.version);
    println!(
        "Built-in instruments, all valid: {}\n",
        builtin_instruments().join(", ")
    );
    std::fs::create_dir_all(out_dir)?;
    let mut reports: Vec<(String, Report)> = Vec::new();
    for person in example_respondents() {
        let options = ScoreOptions {
            opted_in: person.opted_in.clone(),
            ..ScoreOptions::default()
        };
        let report = Scorer::new(&checkin, &options)?.score(&person.answers)?;
        print!("{}", render(&person.name, &person.couple, &report));
        reports.push((person.couple.clone(), report.clone()));
        for (chart, suffix) in [
            (Chart::Staircase, "staircase"),
            (Chart::Radar, "radar"),
            (Chart::Knapp, "knapp"),
        ] {
            if let Some(svg) = report.to_svg(chart) {
                let path = out_dir.join(format!("{}-{suffix}.svg", person.respondent));
                std::fs::write(&path, svg)?;
            }
        }
    }
    println!("Charts written to {}/", out_dir.display());
    // Joint outputs: what partners may see together holds nothing private.
    let private = checkin.private_ids();
    for pair in reports.chunk_by(|x, y| x.0 == y.0) {
        if let [(name, a), (_, b)] = pair {
            let joint = couple(&checkin, a, b)?;
            print!("{}", render_couple(name, &joint, &private));
        }
    }
    println!("\n{}", intimacy_core::catalogue().crosswalk.note);
    Ok(())
}

fn render_couple(name: &str, c: &CoupleReport, private: &[String]) -> String {
    let mut s = format!("\n=== Joint report, couple {name} ===\n");
    for (key, p) in c.placements.iter() {
        let _ = writeln!(
            s,
            "  {key:<13} shared level {} (A {}, B {})",
            p.shared, p.a, p.b
        );
    }
    let apart: Vec<String> = c
        .scales
        .iter()
        .filter(|(_, sc)| sc.absolute_difference.is_some_and(|d| d >= 1.0))
        .map(|(id, sc)| format!("{id} {:+.2}", sc.difference.unwrap_or(0.0)))
        .collect();
    let _ = writeln!(
        s,
        "  {} scales compared; a point or more apart: {}",
        c.scales.len(),
        if apart.is_empty() {
            "none".to_owned()
        } else {
            apart.join(", ")
        }
    );
    let json = serde_json::to_string(c).unwrap_or_default();
    let leaked: Vec<&String> = private
        .iter()
        .filter(|id| json.contains(&format!("\"{id}\"")))
        .collect();
    let _ = writeln!(
        s,
        "  private answers and scales ({}) and safety or consent flags: {}",
        private.len(),
        if leaked.is_empty() {
            "none in the joint report"
        } else {
            "LEAKED"
        }
    );
    s
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "  - ".to_owned(), |v| format!("{v:>4.0}"))
}

fn render(name: &str, couple: &str, r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "=== {name} (couple {couple}) ===");
    for (key, p) in r.placements.iter() {
        let _ = writeln!(
            s,
            "  {key:<13} consecutive {}  peak {}{}  gaps {:?}",
            p.consecutive,
            p.peak,
            if p.derived { " (derived)" } else { "" },
            p.gaps
        );
    }
    let _ = writeln!(
        s,
        "  {}",
        r.placements
            .values()
            .next()
            .map_or("", |p| p.summary.as_str())
    );
    // The classic models the check-in lets the library read (derived).
    for m in r.models.values() {
        let _ = writeln!(s, "  {}", m.summary);
    }
    let _ = write!(s, "  kinds:");
    for k in &r.kinds {
        let _ = write!(
            s,
            " {} {}",
            k.name.split_whitespace().next().unwrap_or(""),
            pct(k.percent).trim()
        );
    }
    let _ = writeln!(s);
    let scored: Vec<String> = r
        .scales
        .iter()
        .filter(|(_, sc)| sc.status == ScoreStatus::Scored)
        .map(|(id, sc)| format!("{id} {:.2}", sc.score.unwrap_or(f64::NAN)))
        .collect();
    let _ = writeln!(s, "  scales: {}", scored.join(", "));
    if let Some(ll) = &r.love_languages {
        let names: Vec<&str> = ll.primary.iter().map(|k| k.key()).collect();
        let _ = writeln!(s, "  love language: {}", names.join(" + "));
    }
    if r.safety_mode {
        let _ = writeln!(
            s,
            "  SAFETY MODE: nothing to do together is suggested; support for this person comes first"
        );
    }
    for f in &r.flags {
        let items: Vec<&str> = f.evidence.iter().map(|e| e.item.as_str()).collect();
        let _ = writeln!(
            s,
            "  [{:?} {}] {}  (evidence: {})",
            f.severity,
            f.kind.key(),
            f.message,
            items.join(", ")
        );
    }
    for (i, rec) in r.recommendations.iter().enumerate() {
        let why: Vec<&str> = rec.reasons.iter().map(|x| x.detail.as_str()).collect();
        let _ = writeln!(s, "  {}. {} — {}", i + 1, rec.name, why.join("; "));
    }
    let _ = writeln!(s, "  {} {}", r.resources.message, r.resources.emergency);
    let _ = writeln!(s);
    s
}
