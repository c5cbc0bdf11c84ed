//! `cargo run --manifest-path tools/typegen/Cargo.toml` writes the generated files;
//! `cargo run --manifest-path tools/typegen/Cargo.toml -- --check` fails when one is out of date.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut stale = Vec::new();
    for out in intimacy_typegen::outputs() {
        let path = root.join(out.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == out.text {
            continue;
        }
        if check {
            stale.push(out.path);
        } else if let Err(e) = std::fs::write(&path, &out.text) {
            eprintln!("cannot write {}: {e}", out.path);
            return ExitCode::FAILURE;
        } else {
            println!("wrote {}", out.path);
        }
    }
    if stale.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "generated files out of date: {}\nrun `cargo run --manifest-path tools/typegen/Cargo.toml` and commit the result",
            stale.join(", ")
        );
        ExitCode::FAILURE
    }
}
