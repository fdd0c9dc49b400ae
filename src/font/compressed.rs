//! Fonts, storage: a zstd frame compiled into the binary → its bytes, by the
//! zstd C library with the `native-zstd` feature, else by the pure-Rust ruzstd (for
//! targets without a C compiler, such as WebAssembly). Both give the same bytes.

/// The decompressed bytes of `data` (one or more zstd frames), `size` of them expected;
/// `None` if `data` is not zstd.
pub fn decompress(data: &[u8], size: usize) -> Option<Vec<u8>> {
    #[cfg(feature = "native-zstd")]
    {
        let mut out = Vec::with_capacity(size);
        zstd::stream::copy_decode(data, &mut out).ok()?;
        Some(out)
    }
    #[cfg(not(feature = "native-zstd"))]
    {
        use std::io::Read;
        let mut out = Vec::with_capacity(size);
        ruzstd::decoding::StreamingDecoder::new(data).ok()?.read_to_end(&mut out).ok()?;
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_decoders_give_the_bytes_back() {
        let face = include_bytes!("../../fonts/xcharter/XCharter-Regular.otf.zst");
        let font = decompress(face, 0).expect("a zstd file");
        assert!(font.starts_with(b"OTTO"), "an OpenType font");
        let mut ruzstd = Vec::new();
        std::io::Read::read_to_end(
            &mut ruzstd::decoding::StreamingDecoder::new(&face[..]).unwrap(),
            &mut ruzstd,
        )
        .unwrap();
        assert!(ruzstd == font, "ruzstd and the configured decoder agree");
        assert_eq!(decompress(b"not zstd", 0), None);
    }
}
