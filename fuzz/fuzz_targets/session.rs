//! Arbitrary saved states and sequences of session calls on the check-in: a typed error or a session that resumes exactly and finishes as direct scoring.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    intimacy_fuzz::check_session(data);
});
