//! The README's command-line block, run line by line with the built binary,
//! in a scratch folder that sees the repository's `intimacy-core` and
//! `intimacy-cli` (the paths the block names) and an `answers.csv` of its own.

use std::path::Path;
use std::process::Command;

#[test]
fn the_readme_command_line_block_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let section = readme
        .split("## Command line")
        .nth(1)
        .expect("README has a '## Command line' section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the section has a sh block");
    let dir = std::env::temp_dir().join(format!("intimacy-readme-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    for sub in ["intimacy-core", "intimacy-cli"] {
        let link = dir.join(sub);
        if !link.exists() {
            std::os::unix::fs::symlink(root.join(sub), &link).expect("symlink");
        }
    }
    std::fs::write(
        dir.join("answers.csv"),
        "id,ras1,ras2,ras3,ras4,ras5,ras6,ras7\na,5,4,4,2,4,5,1\nb,0,3,3,3,3,3,3\n",
    )
    .expect("answers.csv");
    let mut ran = 0;
    for line in block.lines() {
        let command = line.split('#').next().unwrap_or("").trim();
        if command.is_empty() {
            continue;
        }
        let mut words = command.split_whitespace();
        assert_eq!(words.next(), Some("intimacy"), "{command}");
        let out = Command::new(env!("CARGO_BIN_EXE_intimacy"))
            .args(words)
            .current_dir(&dir)
            .output()
            .expect("run intimacy");
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 4);
    let scores = std::fs::read_to_string(dir.join("scores.csv")).expect("scores.csv written");
    let rows: Vec<&str> = scores.lines().skip(1).collect();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.starts_with("R_")),
        "{scores}"
    );
    let bad = std::fs::read_to_string(dir.join("bad.csv")).expect("problems written");
    assert!(bad.contains("ras1"), "{bad}");
    let _ = std::fs::remove_dir_all(&dir);
}
