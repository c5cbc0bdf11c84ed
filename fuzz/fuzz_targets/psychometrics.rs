//! Small matrices and options for reliability, omega and omega_hierarchical; reliable change, change, couple and dyadic agreement.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input: intimacy_fuzz::PsyInput = intimacy_fuzz::decode(data);
    intimacy_fuzz::check_psychometrics(&input);
});
