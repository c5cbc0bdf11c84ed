//! Arbitrary blocks (every cell type and layout) against the built-in instruments: the kernel path against the general path (an empty opt-in section forces it), one output row per input row, and rows scored alone.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input: intimacy_fuzz::BatchInput = intimacy_fuzz::decode(data);
    intimacy_fuzz::check_score_batch(&input);
});
