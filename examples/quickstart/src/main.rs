//! The main job on built-in data: score the fictional example couples'
//! answers with `levels-checkin`, print a readable report for each person,
//! and write the staircase and radar charts as SVG files.
//!
//! Run with `cargo run -p quickstart [-- <output directory>]` (default `out/`).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use intimacy_core::{
    Chart, Instrument, Report, ScoreOptions, ScoreStatus, Scorer, builtin_instruments,
    example_respondents,
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
    for person in example_respondents() {
        let options = ScoreOptions {
            opted_in: person.opted_in.clone(),
            ..ScoreOptions::default()
        };
        let report = Scorer::new(&checkin, &options)?.score(&person.answers)?;
        print!("{}", render(&person.name, &person.couple, &report));
        for (chart, suffix) in [(Chart::Staircase, "staircase"), (Chart::Radar, "radar")] {
            if let Some(svg) = report.to_svg(chart) {
                let path = out_dir.join(format!("{}-{suffix}.svg", person.respondent));
                std::fs::write(&path, svg)?;
            }
        }
    }
    println!("Charts written to {}/", out_dir.display());
    println!("\n{}", intimacy_core::catalogue().crosswalk.note);
    Ok(())
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
    let _ = writeln!(s);
    s
}
