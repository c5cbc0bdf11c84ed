//! Arbitrary answers and options against the built-in instruments: one respondent scored, Ok or a typed error, the report's promises checked.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input: intimacy_fuzz::ScoreInput = intimacy_fuzz::decode(data);
    intimacy_fuzz::check_score(&input);
});
