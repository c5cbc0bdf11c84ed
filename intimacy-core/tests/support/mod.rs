//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

/// The README's section between `<!-- {marker}:start -->` and
/// `<!-- {marker}:end -->` equals `content`; with `INTIMACY_UPDATE_FIXTURES`
/// set, it is rewritten instead. `test` names the test that rewrites it.
pub fn check_readme_section(marker: &str, content: &str, test: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = (
        format!("<!-- {marker}:start -->\n"),
        format!("<!-- {marker}:end -->"),
    );
    let a = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README has no {marker}:start marker"))
        + start.len();
    let b = readme
        .find(&end)
        .unwrap_or_else(|| panic!("README has no {marker}:end marker"));
    if std::env::var_os("INTIMACY_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, format!("{}{content}{}", &readme[..a], &readme[b..])).unwrap();
        return;
    }
    assert_eq!(
        &readme[a..b],
        content,
        "the README's {marker} section is out of date: run INTIMACY_UPDATE_FIXTURES=1 cargo test -p intimacy-core --test {test}"
    );
}

/// `expected` is contained in `actual`: objects by key, arrays element-wise
/// with equal length, numbers within 1e-9; panics naming the path otherwise.
pub fn contains(actual: &serde_json::Value, expected: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (k, v) in e {
                contains(
                    a.get(k)
                        .unwrap_or_else(|| panic!("{path}.{k}: missing in {actual}")),
                    v,
                    &format!("{path}.{k}"),
                );
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{path}: {a:?}");
            for (i, (x, y)) in a.iter().zip(e).enumerate() {
                contains(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            assert!(
                (a - e).abs() <= 1e-9 * e.abs().max(1.0),
                "{path}: {a} vs {e}"
            );
        }
        (a, e) => assert_eq!(a, e, "{path}"),
    }
}
