//! Bytes → `cvpdf::pdf::attached::attached_files`, the reader behind `cvpdf extract`.
//!
//! Must never panic, on any bytes. Every file it gives back has a plain file name (no
//! folder, never `.` or `..`, no control character, at most 255 bytes) and no more bytes
//! than the limits allow.

#![no_main]

use cvpdf::pdf::attached::{MAX_INFLATED_BYTES, MAX_STREAM_BYTES, attached_files};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(files) = attached_files(data) else { return };
    let mut total = 0;
    for file in files {
        let name = file.name.as_str();
        assert!(
            !name.is_empty()
                && name != "."
                && name != ".."
                && name.len() <= 255
                && !name.contains(['/', '\\'])
                && !name.chars().any(char::is_control),
            "not a plain file name: {name:?}"
        );
        assert!(file.bytes.len() <= MAX_STREAM_BYTES);
        total += file.bytes.len();
    }
    assert!(total <= MAX_INFLATED_BYTES);
});
