//! Raw bytes as an instrument in TOML; on success, validation, JSON and TOML
//! round trips, forms and a score (see `check_instrument_toml`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| intimacy_fuzz::check_instrument_toml(data));
