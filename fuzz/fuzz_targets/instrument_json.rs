//! Raw bytes as an instrument in JSON; on success, validation, a JSON round
//! trip, forms and a score (see `check_instrument_json`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| intimacy_fuzz::check_instrument_json(data));
