//! `intimacy validate`: every problem of every instrument file, one line
//! each, on standard output.

use crate::cli::ValidateArgs;
use crate::diagnostics::{self, Failure, print};
use crate::load::parse_instrument;

/// Run `intimacy validate`; exit 1 when any file is invalid or unreadable.
pub fn run(args: &ValidateArgs) -> Result<(), Failure> {
    let mut bad = 0usize;
    for path in &args.files {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                print(&format!("{name}: io: cannot read: {e}"))?;
                bad += 1;
                continue;
            }
        };
        match parse_instrument(path, &text) {
            Ok(inst) => {
                if !args.quiet {
                    print(&format!(
                        "{name}: ok: instrument {:?}, {} items, {} scales",
                        inst.id,
                        inst.items.len(),
                        inst.scales.len()
                    ))?;
                }
            }
            Err(e) => {
                bad += 1;
                print(&diagnostics::instrument_lines(path, &e).join("\n"))?;
            }
        }
    }
    if bad == 0 {
        return Ok(());
    }
    Err(Failure::new(format!(
        "error: {bad} of {} instrument files are not valid",
        args.files.len()
    )))
}
