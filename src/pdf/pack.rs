//! PDF stage, packing: the PDF krilla wrote → the same objects, the small ones compressed
//! together in object streams and the cross-reference table as a compressed stream
//! (PDF 1.5, ISO 32000-1 § 7.5.7–7.5.8).
//!
//! A tagged PDF holds one small dictionary per structure element (a list item, its
//! label, its body, a heading, a link …), about five hundred for an eight-page résumé.
//! Written one by one, each with its cross-reference entry, they nearly doubled the file
//! (73 → 141 KB). krilla writes every object uncompressed and has no object streams, so
//! this step gathers the objects that are not streams into object streams of
//! [`PER_STREAM`] and compresses them: the tagged file ends up smaller than the untagged
//! one was (about 70 KB). Streams (pages, fonts, metadata) stay as krilla wrote them, and
//! object numbers and the trailer (`/Root`, `/Info`, `/ID`) are kept.
//!
//! The input is krilla's own output, laid out by pdf-writer: a header, `N 0 obj … endobj`
//! for every object, one cross-reference section from object 0, a trailer. Object
//! boundaries come from the cross-reference table, not from scanning the text, so a
//! string that happens to say `endobj` cannot mislead it. Anything else in that layout
//! is not packed: the bytes come back as they were.
//!
//! One entry is added on the way: `/PageMode /UseOutlines` in the catalog, so that
//! viewers open the bookmarks pane with the outline (krilla has no setting for it).

use std::io::Write;

use flate2::{Compress, Compression, FlushCompress, Status};

/// Objects per object stream. A reader looking up one object decompresses its stream:
/// a thousand small objects are some 80 KB, nothing to a reader, and an eight-page
/// résumé's fit in one stream, which compresses better than ten (1.7 KB on Luo).
const PER_STREAM: usize = 1000;

/// The PDF with its small objects in object streams, or `pdf` unchanged when it is not
/// laid out as expected.
pub fn pack(pdf: Vec<u8>) -> Vec<u8> {
    match Layout::read(&pdf).and_then(|layout| layout.write(&pdf)) {
        Some(packed) => packed,
        None => pdf,
    }
}

/// Where krilla's PDF keeps its parts.
struct Layout<'a> {
    /// `%PDF-1.7` and the binary comment line.
    header: &'a [u8],
    /// Every object but 0, in order of number: its value, and whether it is a stream.
    objects: Vec<Object<'a>>,
    /// The trailer dictionary's entries, without `/Size`.
    trailer: &'a [u8],
}

struct Object<'a> {
    number: usize,
    /// From `N 0 obj` to `endobj` inclusive, for a stream copied as it is.
    whole: &'a [u8],
    /// The value between `obj` and `endobj`, trimmed.
    value: &'a [u8],
    stream: bool,
}

impl<'a> Layout<'a> {
    fn read(pdf: &'a [u8]) -> Option<Layout<'a>> {
        if !pdf.trim_ascii_end().ends_with(b"%%EOF") {
            return None;
        }
        let tail_start = pdf.len().saturating_sub(64);
        let tail = &pdf[tail_start..];
        let at = find_last(tail, b"startxref")?;
        let xref: usize = parse_number(tail[at + b"startxref".len()..].trim_ascii_start())?;
        let section = pdf.get(xref..)?.strip_prefix(b"xref\n0 ")?;
        let count_end = section.iter().position(|&b| b == b'\n')?;
        let count: usize = std::str::from_utf8(&section[..count_end]).ok()?.parse().ok()?;
        let entries = section.get(count_end + 1..count_end + 1 + 20 * count)?;
        let after = &section[count_end + 1 + 20 * count..];
        let trailer = after.strip_prefix(b"trailer\n<<")?;
        let trailer = &trailer[..find_last(trailer, b">>")?];
        let trailer = without_size(trailer)?;

        let mut offsets = Vec::with_capacity(count.saturating_sub(1));
        for (number, entry) in entries.chunks_exact(20).enumerate().skip(1) {
            if &entry[10..18] != b" 00000 n" {
                return None;
            }
            offsets.push((parse_number::<usize>(&entry[..10])?, number));
        }
        let mut by_offset = offsets.clone();
        by_offset.sort_unstable();
        let header_end = by_offset.first().map_or(xref, |&(offset, _)| offset);
        let mut objects: Vec<Option<Object>> = (0..count).map(|_| None).collect();
        for (i, &(offset, number)) in by_offset.iter().enumerate() {
            let end = by_offset.get(i + 1).map_or(xref, |&(next, _)| next);
            let whole = pdf.get(offset..end)?.trim_ascii_end();
            let label = format!("{number} 0 obj");
            let value = whole.strip_prefix(label.as_bytes())?.strip_suffix(b"endobj")?;
            let value = value.trim_ascii();
            let stream = value.ends_with(b"endstream");
            objects[number] = Some(Object { number, whole, value, stream });
        }
        let objects = objects.into_iter().skip(1).collect::<Option<Vec<_>>>()?;
        Some(Layout { header: &pdf[..header_end], objects, trailer })
    }

    fn write(self, original: &[u8]) -> Option<Vec<u8>> {
        let size = self.objects.len() + 1;
        let (streams, small): (Vec<&Object>, Vec<&Object>) =
            self.objects.iter().partition(|o| o.stream);
        let groups: Vec<&[&Object]> = small.chunks(PER_STREAM).collect();
        // Object streams and the cross-reference stream take the next numbers.
        let xref_number = size + groups.len();
        let total = xref_number + 1;
        // Per object: (type, field 2, field 3), as the cross-reference stream has them.
        let mut entries = vec![(0u8, 0u32, 0xffffu16); total];

        let mut deflater = Deflater::new();
        let mut out = Vec::with_capacity(original.len());
        out.extend_from_slice(self.header);
        for object in &streams {
            entries[object.number] = (1, out.len() as u32, 0);
            out.extend_from_slice(object.whole);
            out.extend_from_slice(b"\n\n");
        }
        for (g, group) in groups.iter().enumerate() {
            let number = size + g;
            let mut index = Vec::new();
            let mut body = Vec::new();
            for (i, object) in group.iter().enumerate() {
                entries[object.number] = (2, number as u32, i as u16);
                let _ = write!(index, "{} {} ", object.number, body.len());
                body.extend_from_slice(&with_page_mode(object.value));
                body.push(b'\n');
            }
            let first = index.len();
            index.extend_from_slice(&body);
            let data = deflater.deflate(&index)?;
            entries[number] = (1, out.len() as u32, 0);
            let _ = write!(
                out,
                "{number} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>\nstream\n",
                group.len(),
                data.len()
            );
            out.extend_from_slice(&data);
            out.extend_from_slice(b"\nendstream\nendobj\n\n");
        }

        let xref_offset = out.len();
        entries[xref_number] = (1, xref_offset as u32, 0);
        let mut table = Vec::with_capacity(total * 7);
        for (kind, field2, field3) in entries {
            table.push(kind);
            table.extend_from_slice(&field2.to_be_bytes());
            table.extend_from_slice(&field3.to_be_bytes());
        }
        let data = deflater.deflate(&table)?;
        let _ = write!(
            out,
            "{xref_number} 0 obj\n<</Type/XRef/Size {total}/W[1 4 2]/Filter/FlateDecode/Length {}",
            data.len()
        );
        out.extend_from_slice(self.trailer);
        out.extend_from_slice(b">>\nstream\n");
        out.extend_from_slice(&data);
        let _ = write!(out, "\nendstream\nendobj\n\nstartxref\n{xref_offset}\n%%EOF");
        // Offsets are written in four bytes: a file of 4 GB or more stays as it was.
        (out.len() <= u32::MAX as usize).then_some(out)
    }
}

/// The catalog asks viewers to open the bookmarks pane, where the outline lists the
/// sections and entries (krilla has no setting for `/PageMode`); other objects as they are.
fn with_page_mode(value: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let catalog = value.starts_with(b"<</Type/Catalog");
    if !catalog || !contains(value, b"/Outlines ") || contains(value, b"/PageMode") {
        return value.into();
    }
    [&b"<</PageMode/UseOutlines"[..], &value[2..]].concat().into()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// zlib level 2 (fast deflate): on Luo, 3.8 M fewer instructions than level 6 for 2 KB
/// more; level 1 saves 1.8 M more for another 6 KB (docs/performance.md).
const LEVEL: u32 = 2;

/// One zlib compressor for all the streams of a file: setting one up costs about as much
/// as compressing a whole object stream, so it is reset between streams, not rebuilt.
struct Deflater(Compress);

impl Deflater {
    fn new() -> Deflater {
        Deflater(Compress::new(Compression::new(LEVEL), true))
    }

    /// `data` as a zlib stream; `None` only if the compressor fails, which compressing
    /// into memory does not.
    fn deflate(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        self.0.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = self.0.total_in() as usize;
            let status = self.0.compress_vec(&data[consumed..], &mut out, FlushCompress::Finish);
            match status {
                Ok(Status::StreamEnd) => return Some(out),
                // Out of room: grow and go on.
                Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(64)),
                Err(_) => return None,
            }
        }
    }
}

/// The trailer's entries without `/Size N` (the cross-reference stream has its own).
fn without_size(trailer: &[u8]) -> Option<&[u8]> {
    let rest = trailer.strip_prefix(b"/Size ")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    (digits > 0).then(|| &rest[digits..])
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn parse_number<T: std::str::FromStr>(bytes: &[u8]) -> Option<T> {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&bytes[..digits]).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF as pdf-writer lays one out: two small objects and a stream.
    fn sample() -> Vec<u8> {
        let objects = [
            "<</Type/Catalog/Pages 2 0 R/Outlines 2 0 R/Title(a string that says endobj)>>",
            "<</Type/Pages/Count 0/Kids[]>>",
            "<</Length 5>>\nstream\nhello\nendstream",
        ];
        let mut pdf = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut offsets = Vec::new();
        for (i, value) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{value}\nendobj\n\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 4\n0000000000 65535 f\r\n");
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF").as_bytes(),
        );
        pdf
    }

    #[test]
    fn small_objects_move_into_an_object_stream_and_streams_stay() {
        let packed = pack(sample());
        let text = String::from_utf8_lossy(&packed);
        assert!(text.contains("3 0 obj\n<</Length 5>>\nstream\nhello\nendstream\nendobj"));
        assert!(text.contains("4 0 obj\n<</Type/ObjStm/N 2/First "), "{text}");
        assert!(text.contains("5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]"));
        assert!(text.contains("/Root 1 0 R>>\nstream\n"));
        assert!(!text.contains("Catalog"), "the catalog is compressed");
        let catalog = with_page_mode(b"<</Type/Catalog/Pages 2 0 R/Outlines 3 0 R>>");
        assert_eq!(&*catalog, b"<</PageMode/UseOutlines/Type/Catalog/Pages 2 0 R/Outlines 3 0 R>>");
        assert_eq!(&*with_page_mode(b"<</Type/Pages/Count 0>>"), b"<</Type/Pages/Count 0>>");
        let xref = find_last(&packed, b"startxref\n").unwrap();
        let offset: usize = parse_number(&packed[xref + 10..]).unwrap();
        assert!(packed[offset..].starts_with(b"5 0 obj"));
    }

    #[test]
    fn anything_else_comes_back_as_it_was() {
        let mut odd = sample();
        odd.extend_from_slice(b"\n% an incremental update would follow\n");
        assert_eq!(pack(odd.clone()), odd);
        assert_eq!(pack(b"not a PDF".to_vec()), b"not a PDF");
        assert_eq!(pack(Vec::new()), Vec::<u8>::new());
    }
}
