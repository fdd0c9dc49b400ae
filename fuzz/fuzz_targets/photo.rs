//! Any bytes as a résumé's photo file → `Photo::decode`: must never panic, hang or ask for
//! more memory than the pixel limit allows; a photo that decodes has the pixels its size
//! says, within the limits.

#![no_main]

use cvpdf::photo::{MAX_PIXELS, MAX_SIDE, Photo};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(photo) = Photo::decode(bytes.to_vec()) {
        assert!(photo.width <= MAX_SIDE && photo.height <= MAX_SIDE);
        assert!(u64::from(photo.width) * u64::from(photo.height) <= MAX_PIXELS);
        assert_eq!(photo.pixels.len(), photo.width as usize * photo.height as usize * 4);
    }
});
