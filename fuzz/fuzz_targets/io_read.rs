//! The survey adapters on untrusted bytes: the first bytes choose the adapter,
//! the instrument and the streaming chunk, then come the options as JSON and
//! the export (see `fuzz/src/io_read.rs`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| intimacy_fuzz::io_read::check_io_read(data));
