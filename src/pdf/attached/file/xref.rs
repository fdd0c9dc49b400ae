//! PDF stage, reading back, cross-references: a PDF's bytes → where each object is, from
//! its cross-reference tables and streams (§ 7.5.4, § 7.5.8) back through `/Prev`, or,
//! when those are missing or wrong, from a scan of the file for `N G obj`.

use std::collections::HashSet;

use super::super::ReadError;
use super::super::syntax::{Dictionary, Object, Parser, Ref, is_whitespace};
use super::{Document, Entry, MAX_ENTRIES, MAX_SECTIONS, damaged, find, rfind};

impl Document<'_> {
    /// Every cross-reference section from `startxref` back through `/Prev`.
    pub(super) fn read_cross_references(&mut self) -> Result<(), ReadError> {
        let tail_start = self.data.len().saturating_sub(1024);
        let Some(at) = rfind(&self.data[tail_start..], b"startxref") else {
            return damaged("it has no `startxref` at its end (is the file cut short?)");
        };
        let data = self.data;
        let mut parser = Parser::new(data, tail_start + at + b"startxref".len(), &mut self.budget);
        let Some(mut offset) = parser.unsigned::<usize>() else {
            return damaged("`startxref` gives no offset");
        };
        let mut seen = HashSet::new();
        let mut newest = true;
        loop {
            if !seen.insert(offset) || seen.len() > MAX_SECTIONS {
                break;
            }
            let table = Parser::new(data, offset, &mut self.budget).keyword(b"xref");
            let trailer = if table {
                self.read_table(offset)?
            } else {
                self.read_stream_section(offset, false)?
            };
            // A hybrid file's table leaves some objects to a cross-reference stream.
            if let Some(stream) = trailer.get(b"XRefStm").and_then(Object::as_integer) {
                let stream = usize::try_from(stream).unwrap_or(usize::MAX);
                self.read_stream_section(stream, true)?;
            }
            let previous = trailer.get(b"Prev").and_then(Object::as_integer);
            if newest {
                self.trailer = trailer;
                newest = false;
            } else if self.trailer.get(b"Root").is_none()
                && let Some(root) = trailer.get(b"Root")
            {
                // An update's trailer should repeat /Root; one that does not keeps the old.
                self.trailer.insert(b"Root", root.clone());
            }
            match previous.and_then(|p| usize::try_from(p).ok()) {
                Some(previous) => offset = previous,
                None => break,
            }
        }
        if self.trailer.get(b"Root").is_none() {
            return damaged("its trailer names no catalog");
        }
        Ok(())
    }

    /// Keep where object `number` is, unless a newer section said so already (sections
    /// are read newest first); a hybrid file's stream may fill in what its table left free.
    fn add_entry(&mut self, number: u32, entry: Entry, over_free: bool) -> Result<(), ReadError> {
        if self.entries.len() >= MAX_ENTRIES && !self.entries.contains_key(&number) {
            return Err(ReadError::Limit(format!("it has more than {MAX_ENTRIES} objects")));
        }
        let slot = self.entries.entry(number).or_insert(entry);
        if over_free && *slot == Entry::Free {
            *slot = entry;
        }
        Ok(())
    }

    /// A classic `xref` table at `offset` (§ 7.5.4); returns its trailer.
    fn read_table(&mut self, offset: usize) -> Result<Dictionary, ReadError> {
        let data = self.data;
        let mut parser = Parser::new(data, offset, &mut self.budget);
        parser.keyword(b"xref");
        let mut entries = Vec::new();
        while !parser.keyword(b"trailer") {
            let (Some(first), Some(count)) = (parser.unsigned::<u32>(), parser.unsigned::<u32>())
            else {
                return damaged(format!("the cross-reference table at byte {offset} is damaged"));
            };
            for i in 0..count {
                let entry = (parser.unsigned::<usize>(), parser.unsigned::<u16>());
                let (Some(at), Some(_)) = entry else {
                    return damaged(format!(
                        "the cross-reference table at byte {offset} is damaged"
                    ));
                };
                let entry = if parser.keyword(b"n") {
                    Entry::At(at)
                } else if parser.keyword(b"f") {
                    Entry::Free
                } else {
                    return damaged(format!(
                        "the cross-reference table at byte {offset} is damaged"
                    ));
                };
                if let Some(number) = first.checked_add(i) {
                    entries.push((number, entry));
                }
                if entries.len() > MAX_ENTRIES {
                    return Err(ReadError::Limit(format!(
                        "it has more than {MAX_ENTRIES} objects"
                    )));
                }
            }
        }
        let trailer = parser.object();
        for (number, entry) in entries {
            // Object 0 is the head of the free list, never an object.
            if number != 0 {
                self.add_entry(number, entry, false)?;
            }
        }
        match trailer? {
            Object::Dictionary(trailer) => Ok(trailer),
            _ => {
                damaged(format!("the trailer after the table at byte {offset} is not a dictionary"))
            }
        }
    }

    /// A cross-reference stream at `offset` (§ 7.5.8); returns its dictionary, which is
    /// also the trailer.
    fn read_stream_section(
        &mut self,
        offset: usize,
        over_free: bool,
    ) -> Result<Dictionary, ReadError> {
        let (_, value) = self.indirect_object_at(offset).map_err(|error| match error {
            ReadError::Damaged(why) => ReadError::Damaged(format!(
                "no cross-reference table or stream at byte {offset}, where `startxref` points ({why})"
            )),
            other => other,
        })?;
        let (Some(data), Object::Dictionary(dictionary)) = (value.stream, value.object) else {
            return damaged(format!("the object at byte {offset} is not a cross-reference stream"));
        };
        let widths: Vec<usize> = match dictionary.get(b"W") {
            Some(Object::Array(widths)) => widths
                .iter()
                .map(|w| w.as_integer().and_then(|w| usize::try_from(w).ok()).filter(|&w| w <= 8))
                .collect::<Option<_>>()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let [type_width, offset_width, third_width] = widths[..] else {
            return damaged("a cross-reference stream has no valid /W");
        };
        let row = type_width + offset_width + third_width;
        if row == 0 {
            return damaged("a cross-reference stream has no valid /W");
        }
        let size = dictionary.get(b"Size").and_then(Object::as_integer).unwrap_or(0);
        let index: Vec<i64> = match dictionary.get(b"Index") {
            Some(Object::Array(index)) => index.iter().filter_map(Object::as_integer).collect(),
            _ => vec![0, size],
        };
        let table = self.decode(&dictionary, data)?;
        let mut rows = table.chunks_exact(row);
        for range in index.chunks_exact(2) {
            let (Ok(first), Ok(count)) = (u32::try_from(range[0]), u32::try_from(range[1])) else {
                return damaged("a cross-reference stream has a bad /Index");
            };
            for i in 0..count {
                let Some(row) = rows.next() else {
                    return damaged("a cross-reference stream is shorter than its /Index");
                };
                let (kind, rest) = row.split_at(type_width);
                let (second, third) = rest.split_at(offset_width);
                // Without a type field every entry is of type 1 (§ 7.5.8.2).
                let kind = if type_width == 0 { 1 } else { big_endian(kind) };
                let (second, third) = (big_endian(second), big_endian(third));
                let entry = match kind {
                    0 => Entry::Free,
                    1 => Entry::At(usize::try_from(second).unwrap_or(usize::MAX)),
                    2 => match (u32::try_from(second), usize::try_from(third)) {
                        (Ok(stream), Ok(index)) => Entry::InStream { stream, index },
                        _ => continue,
                    },
                    // Other types are for later versions; a reader takes them as null.
                    _ => continue,
                };
                if let Some(number) = first.checked_add(i).filter(|&n| n != 0) {
                    self.add_entry(number, entry, over_free)?;
                }
            }
        }
        Ok(dictionary)
    }

    /// Without usable cross-reference data: every `N G obj` in the file (the last of each
    /// number, as an update comes after what it replaces), the objects in the object
    /// streams among them, and a trailer — the last `trailer` or cross-reference stream
    /// that names a catalog, else the first object of `/Type /Catalog`.
    pub(super) fn reconstruct(&mut self) -> Result<(), ReadError> {
        let data = self.data;
        let mut at = 0;
        while let Some(found) = find(&data[at..], b"obj") {
            let keyword = at + found;
            at = keyword + 3;
            if data.get(keyword + 3).is_some_and(|&b| !is_whitespace(b) && !b"<[/%".contains(&b)) {
                continue;
            }
            if let Some((number, start)) = object_header_before(data, keyword) {
                if self.entries.len() >= MAX_ENTRIES && !self.entries.contains_key(&number) {
                    return Err(ReadError::Limit(format!(
                        "it has more than {MAX_ENTRIES} objects"
                    )));
                }
                self.entries.insert(number, Entry::At(start));
            }
        }
        if self.entries.is_empty() {
            return damaged("it has no objects");
        }
        let mut numbers: Vec<(usize, u32)> = self
            .entries
            .iter()
            .filter_map(|(&n, &e)| match e {
                Entry::At(offset) => Some((offset, n)),
                _ => None,
            })
            .collect();
        numbers.sort_unstable();
        let mut trailer: Option<Dictionary> = None;
        let mut catalog: Option<u32> = None;
        for &(_, number) in &numbers {
            // A damaged object is skipped: the others may still hold the files.
            let value = match self.get(number) {
                Ok(value) => value,
                Err(error @ ReadError::Limit(_)) => return Err(error),
                Err(_) => continue,
            };
            match (&value.object, &value.stream) {
                (Object::Dictionary(dictionary), Some(_)) => match type_of(dictionary) {
                    Some(b"ObjStm") => {
                        if let Ok(stream) = self.object_stream(number) {
                            for (index, &(member, _)) in stream.objects.iter().enumerate() {
                                self.entries
                                    .entry(member)
                                    .or_insert(Entry::InStream { stream: number, index });
                            }
                        }
                    }
                    Some(b"XRef") if dictionary.get(b"Root").is_some() => {
                        trailer = Some(dictionary.clone())
                    }
                    _ => {}
                },
                (Object::Dictionary(dictionary), None)
                    if type_of(dictionary) == Some(b"Catalog") =>
                {
                    catalog.get_or_insert(number);
                }
                _ => {}
            }
        }
        if let Some(at) = rfind(data, b"trailer")
            && let Ok(Object::Dictionary(found)) =
                Parser::new(data, at + 7, &mut self.budget).object()
            && found.get(b"Root").is_some()
        {
            trailer = Some(found);
        }
        if trailer.is_none() && catalog.is_none() {
            // The catalog may be in an object stream, read only now.
            let members: Vec<u32> = self
                .entries
                .iter()
                .filter(|(_, e)| matches!(e, Entry::InStream { .. }))
                .map(|(&n, _)| n)
                .collect();
            for number in members {
                if let Ok(value) = self.get(number)
                    && let Object::Dictionary(d) = &value.object
                    && type_of(d) == Some(b"Catalog")
                {
                    catalog = Some(catalog.map_or(number, |c| c.min(number)));
                }
            }
        }
        self.trailer = match (trailer, catalog) {
            (Some(trailer), _) => trailer,
            (None, Some(catalog)) => Dictionary::new(vec![(
                b"Root".to_vec(),
                Object::Reference(Ref { number: catalog, generation: 0 }),
            )]),
            (None, None) => return damaged("no catalog among its objects"),
        };
        Ok(())
    }
}

/// `/Type`'s name in a dictionary.
fn type_of(dictionary: &Dictionary) -> Option<&[u8]> {
    dictionary.get(b"Type").and_then(Object::as_name)
}

/// The object number and the offset of `N G obj`, given where `obj` starts.
fn object_header_before(data: &[u8], keyword: usize) -> Option<(u32, usize)> {
    let digits_before =
        |end: usize| data[..end].iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let spaces_before =
        |end: usize| data[..end].iter().rev().take_while(|&&b| is_whitespace(b)).count();
    let mut at = keyword;
    let spaces = spaces_before(at);
    at -= spaces;
    let generation = digits_before(at);
    at -= generation;
    let between = spaces_before(at);
    at -= between;
    let number_digits = digits_before(at);
    let start = at - number_digits;
    let clean_start =
        start == 0 || !data[start - 1].is_ascii_alphanumeric() && data[start - 1] != b'.';
    if spaces == 0
        || generation == 0
        || between == 0
        || number_digits == 0
        || number_digits > 10
        || !clean_start
    {
        return None;
    }
    let number = std::str::from_utf8(&data[start..at]).ok()?.parse::<u32>().ok()?;
    Some((number, start))
}

fn big_endian(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |value, &byte| value << 8 | u64::from(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_headers_are_found_before_obj() {
        let at = |text: &[u8]| object_header_before(text, text.len() - 3);
        assert_eq!(at(b"12 0 obj"), Some((12, 0)));
        assert_eq!(at(b"endobj\n\n7 0 obj"), Some((7, 8)));
        assert_eq!(at(b"x12 0 obj"), None);
        assert_eq!(at(b"1.2 0 obj"), None);
        assert_eq!(at(b"12 0obj"), None);
        assert_eq!(at(b"12obj"), None);
        assert_eq!(at(b"obj"), None);
        assert_eq!(at(b"99999999999 0 obj"), None);
    }
}
