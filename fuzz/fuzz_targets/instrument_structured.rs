//! An instrument described piecewise (response scales, items with reverse/weight/section/alerts, scales with min_answered, cut-offs, forms), rendered to JSON and read; when valid, answers scored alone and as a batch (both paths).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input: intimacy_fuzz::StructuredInput = intimacy_fuzz::decode(data);
    intimacy_fuzz::check_structured(&input);
});
