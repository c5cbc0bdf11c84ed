//! The committed declarations and model classes are what the Rust types give.

#[test]
fn generated_files_are_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for out in intimacy_typegen::outputs() {
        let committed = std::fs::read_to_string(root.join(out.path)).unwrap_or_default();
        assert!(
            committed == out.text,
            "{} is out of date: run `cargo run --manifest-path tools/typegen/Cargo.toml`",
            out.path
        );
        assert!(committed.starts_with("// Generated") || committed.starts_with("# Generated"));
    }
}
