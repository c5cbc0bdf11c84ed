//! The main job on built-in data: print the three frameworks and the crosswalk
//! between them, then load and validate every built-in instrument.
//!
//! Run with `cargo run -p quickstart`.

use intimacy_core::{Instrument, StageRef, builtin_instruments, catalogue, frameworks};

fn main() -> std::process::ExitCode {
    let cat = catalogue();
    for f in frameworks() {
        println!("\n{} ({}, source {})", f.name, f.key, f.sources.join(", "));
        for s in &f.stages {
            println!("  {}. {:<34} {}", s.level, s.name, s.summary);
            for c in &s.cautions {
                println!("     ! {c}");
            }
        }
        let others: Vec<&str> = frameworks()
            .iter()
            .map(|o| o.key.as_str())
            .filter(|k| *k != f.key)
            .collect();
        for s in &f.stages {
            let links: Vec<String> = others
                .iter()
                .map(|o| {
                    let levels: Vec<String> = cat
                        .counterparts(&StageRef::new(&f.key, &s.key), o)
                        .iter()
                        .map(|c| c.level.to_string())
                        .collect();
                    format!(
                        "{o} {}",
                        if levels.is_empty() {
                            "-".into()
                        } else {
                            levels.join("+")
                        }
                    )
                })
                .collect();
            println!("     level {} ~ {}", s.level, links.join("; "));
        }
        for p in &f.principles {
            println!("  * {}", p.text);
        }
    }
    println!("\nCrosswalk: {}", cat.crosswalk.note);

    println!("\nBuilt-in instruments:");
    let mut failed = false;
    for name in builtin_instruments() {
        match Instrument::builtin(name) {
            Ok(i) => println!(
                "  ok  {:<22} {:>3} items, {:>2} scales, {} ({:?})",
                name,
                i.items.len(),
                i.scales.len(),
                i.title,
                i.verification.status
            ),
            Err(e) => {
                failed = true;
                println!("  ERR {name}: {e}");
            }
        }
    }
    if failed {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
