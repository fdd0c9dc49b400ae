//! PDF stage, reading back, filters: a stream's encoded bytes → its data, for the one
//! filter attached files use (FlateDecode, with PNG predictors), within a size limit.

use std::io::Read;

use flate2::read::ZlibDecoder;

use super::ReadError;
use super::syntax::{Dictionary, Object};

fn damaged<T>(message: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError::Damaged(message.into()))
}

/// zlib data inflated, in chunks: `None` as soon as it passes `limit` bytes, so a bomb
/// costs no more than the limit; `Some(Err)` when the data is damaged.
pub fn inflate(compressed: &[u8], limit: usize) -> Option<Result<Vec<u8>, ReadError>> {
    let mut decoder = ZlibDecoder::new(compressed).take(limit as u64 + 1);
    let mut out = Vec::with_capacity(compressed.len().saturating_mul(4).min(limit));
    if let Err(error) = decoder.read_to_end(&mut out) {
        return Some(damaged(format!("compressed data is damaged ({error})")));
    }
    if out.len() > limit {
        return None;
    }
    Some(Ok(out))
}

/// Undo a PNG predictor (`/Predictor` 10–15, § 7.4.4.4), as other writers use for
/// cross-reference streams; predictor 1 is none, TIFF's (2) is not read.
pub fn unpredict(data: Vec<u8>, parameters: &Dictionary) -> Result<Vec<u8>, ReadError> {
    let number = |key: &[u8], default: i64| {
        parameters.get(key).and_then(Object::as_integer).unwrap_or(default)
    };
    let predictor = number(b"Predictor", 1);
    if predictor == 1 {
        return Ok(data);
    }
    if predictor < 10 {
        return Err(ReadError::Filter(format!("FlateDecode with predictor {predictor}")));
    }
    let (colors, bits, columns) =
        (number(b"Colors", 1), number(b"BitsPerComponent", 8), number(b"Columns", 1));
    if !(1..=32).contains(&colors)
        || ![1, 2, 4, 8, 16].contains(&bits)
        || !(1..=1 << 24).contains(&columns)
    {
        return damaged("a stream's predictor parameters are out of range");
    }
    // In range, these products fit easily.
    let bits_per_pixel = (colors * bits) as usize;
    let row = (bits_per_pixel * columns as usize).div_ceil(8);
    let step = bits_per_pixel.div_ceil(8);
    let mut out = Vec::with_capacity(data.len());
    let mut previous = vec![0u8; row.min(data.len())];
    for line in data.chunks(row + 1) {
        let (kind, line) = (line[0], &line[1..]);
        let start = out.len();
        for (i, &byte) in line.iter().enumerate() {
            let left = if i >= step { out[start + i - step] } else { 0 };
            let up = previous[i];
            let up_left = if i >= step { previous[i - step] } else { 0 };
            let prediction = match kind {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => return damaged(format!("a stream has PNG row filter {kind}")),
            };
            out.push(byte.wrapping_add(prediction));
        }
        previous[..line.len()].copy_from_slice(&out[start..]);
    }
    Ok(out)
}

fn paeth(left: u8, up: u8, up_left: u8) -> u8 {
    let estimate = i16::from(left) + i16::from(up) - i16::from(up_left);
    let distance = |x: u8| (estimate - i16::from(x)).abs();
    if distance(left) <= distance(up) && distance(left) <= distance(up_left) {
        left
    } else if distance(up) <= distance(up_left) {
        up
    } else {
        up_left
    }
}

#[cfg(test)]
mod tests {
    use super::super::syntax::{Budget, Parser};
    use super::*;
    use std::io::Write;

    fn parameters(text: &[u8]) -> Dictionary {
        let mut budget = Budget { bytes: 1 << 20, objects: 1 << 10 };
        match Parser::new(text, 0, &mut budget).object() {
            Ok(Object::Dictionary(dictionary)) => dictionary,
            other => panic!("not a dictionary: {other:?}"),
        }
    }

    #[test]
    fn png_predictors_of_every_kind_are_undone() {
        // Two columns; rows filtered Up, Up, Sub, Average, Paeth.
        let rows = [2, 1, 2, 2, 1, 1, 1, 5, 1, 3, 4, 4, 4, 1, 1];
        let columns = parameters(b"<</Predictor 12/Columns 2>>");
        assert_eq!(unpredict(rows.to_vec(), &columns).unwrap(), [1, 2, 2, 3, 5, 6, 6, 10, 7, 11]);
        // A last row cut short is undone as far as it goes.
        assert_eq!(unpredict(vec![2, 7, 2, 2, 1], &columns).unwrap(), [7, 2, 8]);
        assert!(unpredict(vec![5, 0, 0], &columns).is_err(), "no PNG filter 5");
        let tiff = parameters(b"<</Predictor 2/Columns 2>>");
        assert_eq!(
            unpredict(vec![0], &tiff),
            Err(ReadError::Filter("FlateDecode with predictor 2".into()))
        );
        let none = parameters(b"<</Predictor 1>>");
        assert_eq!(unpredict(vec![9, 9], &none).unwrap(), [9, 9]);
        let wide = parameters(b"<</Predictor 12/Columns 99999999999>>");
        assert!(unpredict(vec![0, 1], &wide).is_err());
        let huge_row =
            parameters(b"<</Predictor 12/Columns 16777216/Colors 32/BitsPerComponent 16>>");
        assert_eq!(unpredict(vec![0, 1, 2], &huge_row).unwrap(), [1, 2], "no row-sized buffer");
    }

    #[test]
    fn inflating_stops_past_the_limit() {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&[0; 100_000]).unwrap();
        let compressed = encoder.finish().unwrap();
        assert_eq!(inflate(&compressed, 100_000).unwrap().unwrap().len(), 100_000);
        assert!(inflate(&compressed, 99_999).is_none());
        assert!(matches!(inflate(&compressed[..20], 100_000), Some(Err(ReadError::Damaged(_)))));
        assert!(matches!(inflate(b"not zlib", 100), Some(Err(ReadError::Damaged(_)))));
    }
}
