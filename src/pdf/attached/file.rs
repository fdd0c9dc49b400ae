//! PDF stage, reading back, file structure: a PDF's bytes → its objects by number, through
//! cross-reference tables or streams (ISO 32000-1 § 7.5), object streams, and stream data
//! decoded (FlateDecode, PNG predictors), every read within fixed limits.
//!
//! Both of cvpdf's layouts are read (krilla's classic table, and the object streams with a
//! cross-reference stream of `pack.rs`), as are incremental updates (`/Prev`) and hybrid
//! files (`/XRefStm`). When the cross-reference data is missing or wrong, as in a file cut
//! short or edited by hand, the objects are found by scanning for `N G obj`, as other
//! readers do.
//!
//! Limits, because the bytes are untrusted: every object is read at most once (a cache),
//! at most [`MAX_LOADS`] of them; the parser's [`Budget`] bounds the bytes gone over and
//! the objects made in proportion to the input; each stream inflates to at most
//! [`MAX_STREAM_BYTES`] and all of them together to at most [`MAX_INFLATED_BYTES`], with
//! the decoder read in chunks so a compression bomb stops at the limit.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::rc::Rc;

use flate2::read::ZlibDecoder;

use super::ReadError;
use super::syntax::{Budget, Dictionary, Object, Parser, Ref, SyntaxError, is_whitespace};

/// The most a single stream may inflate to: four times the largest résumé file cvpdf
/// reads, so any file it attached comes back.
pub const MAX_STREAM_BYTES: usize = 16 << 20;
/// The most all streams read from one PDF may inflate to together.
pub const MAX_INFLATED_BYTES: usize = 64 << 20;
/// The most objects read from one PDF. A résumé's attachments take a dozen; the rest is
/// for other writers' PDFs, and a bound on files made to waste time.
pub const MAX_LOADS: usize = 100_000;
/// The most cross-reference entries kept: a million objects is far past any résumé.
const MAX_ENTRIES: usize = 1 << 20;
/// The most cross-reference sections followed through `/Prev`.
const MAX_SECTIONS: usize = 1024;
/// How deep loading one object may lead to loading another (a stream's `/Length`, an
/// object stream, a reference to a reference …) before it is taken for a loop.
const MAX_NESTING: usize = 32;
/// How many times over its bytes reading a PDF may go, looking ahead included.
const BYTE_PASSES: usize = 8;
/// The most objects the parser makes in one read (≈ 60 MB at most).
const MAX_PARSED_OBJECTS: usize = 1 << 20;

/// Where an object is, by the cross-reference data.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    Free,
    At(usize),
    InStream { stream: u32, index: usize },
}

/// An indirect object as read: its value (a stream's dictionary, for a stream), and for a
/// stream where its still encoded data is in the file.
#[derive(Debug)]
pub struct Value {
    pub object: Object,
    pub stream: Option<Range<usize>>,
}

/// A stream as read, and its data decoded.
pub type Decoded = (Rc<Value>, Vec<u8>);

/// An object with its references followed. One read from the file is shared with the
/// cache, not copied: following a reference to a large object again costs nothing.
#[derive(Debug)]
pub enum Resolved {
    Shared(Rc<Value>),
    Own(Object),
}

impl std::ops::Deref for Resolved {
    type Target = Object;

    fn deref(&self) -> &Object {
        match self {
            Resolved::Shared(value) => &value.object,
            Resolved::Own(object) => object,
        }
    }
}

/// An object stream, inflated: its data and where each of its objects starts in it.
struct ObjectStream {
    data: Vec<u8>,
    objects: Vec<(u32, usize)>,
}

/// A PDF open for reading objects.
pub struct Document<'a> {
    data: &'a [u8],
    entries: HashMap<u32, Entry>,
    /// The newest trailer (or cross-reference stream dictionary): `/Root`, `/Encrypt`.
    pub trailer: Dictionary,
    budget: Budget,
    loads_left: usize,
    inflated_left: usize,
    /// The objects being loaded, innermost last: one that needs itself (a stream whose
    /// `/Length` is the stream) is a loop, and the chain is at most [`MAX_NESTING`] long.
    loading: Vec<u32>,
    cache: HashMap<u32, Rc<Value>>,
    object_streams: HashMap<u32, Rc<ObjectStream>>,
    /// Where each `endstream` of the file starts, found once, when a stream's `/Length`
    /// is wrong.
    stream_ends: Option<Vec<usize>>,
}

fn damaged<T>(message: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError::Damaged(message.into()))
}

impl From<SyntaxError> for ReadError {
    fn from(error: SyntaxError) -> Self {
        match error {
            SyntaxError::Bad(message) => ReadError::Damaged(message),
            SyntaxError::Exhausted => {
                ReadError::Limit("it takes more reading than a PDF of its size should".into())
            }
        }
    }
}

impl<'a> Document<'a> {
    /// Open a PDF: read its cross-reference data, or scan for its objects when that fails.
    pub fn open(data: &'a [u8]) -> Result<Document<'a>, ReadError> {
        let mut document = Document {
            data,
            entries: HashMap::new(),
            trailer: Dictionary::default(),
            // A few passes over each byte: reading objects looks ahead for references, and
            // a damaged file is scanned as well as read. Inflated data earns its own share
            // as it is inflated (`decode`).
            budget: Budget {
                bytes: data.len().saturating_mul(BYTE_PASSES).saturating_add(1 << 20),
                objects: MAX_PARSED_OBJECTS,
            },
            loads_left: MAX_LOADS,
            inflated_left: MAX_INFLATED_BYTES,
            loading: Vec::new(),
            cache: HashMap::new(),
            object_streams: HashMap::new(),
            stream_ends: None,
        };
        // Cross-reference data that points at the wrong bytes (a file edited by hand, its
        // line ends converted) is as useless as none.
        match document.read_cross_references().and_then(|()| document.check_catalog()) {
            Ok(()) => Ok(document),
            Err(error @ (ReadError::Limit(_) | ReadError::TooLarge { .. })) => Err(error),
            Err(error) => {
                document.entries.clear();
                document.cache.clear();
                document.object_streams.clear();
                document.reconstruct().map_err(|again| match again {
                    ReadError::Damaged(why) => {
                        let first = match error {
                            ReadError::Damaged(first) => first,
                            other => other.to_string(),
                        };
                        ReadError::Damaged(format!("{first}; scanning for its objects: {why}"))
                    }
                    other => other,
                })?;
                Ok(document)
            }
        }
    }

    fn check_catalog(&mut self) -> Result<(), ReadError> {
        let root = self.trailer.get(b"Root").cloned().unwrap_or(Object::Null);
        match &*self.resolve(&root)? {
            Object::Dictionary(_) => Ok(()),
            _ => damaged("its catalog is missing"),
        }
    }

    /// The object `object` stands for: references followed (a stream stands for its
    /// dictionary); a reference to an object that does not exist is null (§ 7.3.10).
    pub fn resolve(&mut self, object: &Object) -> Result<Resolved, ReadError> {
        let Object::Reference(mut reference) = *object else {
            return Ok(Resolved::Own(object.clone()));
        };
        for _ in 0..MAX_NESTING {
            let value = self.get(reference.number)?;
            match value.object {
                Object::Reference(next) => reference = next,
                _ => return Ok(Resolved::Shared(value)),
            }
        }
        damaged("references lead to references without end")
    }

    /// The stream `object` refers to, and its data decoded; `None` when it is not a stream.
    pub fn stream(&mut self, object: &Object) -> Result<Option<Decoded>, ReadError> {
        let Resolved::Shared(value) = self.resolve(object)? else { return Ok(None) };
        let (Some(data), Object::Dictionary(dictionary)) = (value.stream.clone(), &value.object)
        else {
            return Ok(None);
        };
        let bytes = self.decode(dictionary, data)?;
        Ok(Some((value, bytes)))
    }

    /// Object `number`, read once and kept.
    fn get(&mut self, number: u32) -> Result<Rc<Value>, ReadError> {
        if let Some(value) = self.cache.get(&number) {
            return Ok(value.clone());
        }
        if self.loading.contains(&number) {
            return damaged(format!("object {number} needs itself to be read"));
        }
        if self.loading.len() >= MAX_NESTING {
            return damaged(format!("reading object {number} needs objects {MAX_NESTING} deep"));
        }
        self.loads_left = self.loads_left.checked_sub(1).ok_or_else(|| {
            ReadError::Limit(format!("it has more than {MAX_LOADS} objects to read"))
        })?;
        self.loading.push(number);
        let value = self.load(number);
        self.loading.pop();
        let value = Rc::new(value?);
        self.cache.insert(number, value.clone());
        Ok(value)
    }

    fn load(&mut self, number: u32) -> Result<Value, ReadError> {
        match self.entries.get(&number).copied() {
            None | Some(Entry::Free) => Ok(Value { object: Object::Null, stream: None }),
            Some(Entry::At(offset)) => match self.indirect_object_at(offset)? {
                (found, value) if found.number == number => Ok(value),
                (found, _) => damaged(format!(
                    "object {number} should be at byte {offset}, where object {} is",
                    found.number
                )),
            },
            Some(Entry::InStream { stream, index }) => {
                let objects = self.object_stream(stream)?;
                match objects.objects.get(index) {
                    Some(&(found, offset)) if found == number => Ok(Value {
                        object: Parser::new(&objects.data, offset, &mut self.budget).object()?,
                        stream: None,
                    }),
                    _ => damaged(format!("object {number} is not in object stream {stream}")),
                }
            }
        }
    }

    /// `N G obj … endobj` at `offset`: the reference and the value.
    fn indirect_object_at(&mut self, offset: usize) -> Result<(Ref, Value), ReadError> {
        let data = self.data;
        let mut parser = Parser::new(data, offset, &mut self.budget);
        let header = (parser.unsigned::<u32>(), parser.unsigned::<u16>(), parser.keyword(b"obj"));
        let (Some(number), Some(generation), true) = header else {
            return damaged(format!("no object starts at byte {offset}"));
        };
        let object = parser.object()?;
        if !parser.keyword(b"stream") {
            return Ok((Ref { number, generation }, Value { object, stream: None }));
        }
        let start = parser.stream_data_start();
        let Object::Dictionary(dictionary) = &object else {
            return damaged(format!("object {number} has stream data but no dictionary"));
        };
        let data = self.stream_extent(dictionary, start)?;
        Ok((Ref { number, generation }, Value { object, stream: Some(data) }))
    }

    /// Where a stream's data ends: after `/Length` bytes when `endstream` follows them,
    /// else at the next `endstream` (a wrong length is a common fault of other writers).
    fn stream_extent(
        &mut self,
        dictionary: &Dictionary,
        start: usize,
    ) -> Result<Range<usize>, ReadError> {
        let length = match dictionary.get(b"Length") {
            Some(Object::Integer(n)) => Some(*n),
            // An unreadable length is not fatal: the data still ends at `endstream`.
            Some(reference @ Object::Reference(_)) => {
                self.resolve(reference).ok().and_then(|o| o.as_integer())
            }
            _ => None,
        };
        let end = length.and_then(|n| usize::try_from(n).ok()).and_then(|n| start.checked_add(n));
        if let Some(end) = end.filter(|&end| self.endstream_follows(end)) {
            return Ok(start..end);
        }
        let data = self.data;
        let ends = self.stream_ends.get_or_insert_with(|| {
            let mut ends = Vec::new();
            let mut at = 0;
            while let Some(found) = find(&data[at..], b"endstream") {
                ends.push(at + found);
                at += found + 1;
            }
            ends
        });
        let Some(&end) = ends.get(ends.partition_point(|&end| end < start)) else {
            return damaged("a stream has no `endstream` (is the file cut short?)");
        };
        // The end of line before `endstream` is not data.
        let before = &data[start..end];
        let trimmed = before
            .strip_suffix(b"\r\n")
            .or_else(|| before.strip_suffix(b"\n"))
            .or_else(|| before.strip_suffix(b"\r"))
            .unwrap_or(before);
        Ok(start..start + trimmed.len())
    }

    /// Whether `endstream` comes after `end`, past an end of line. A few bytes of other
    /// white space are allowed; a long run is not looked through, so that streams ending
    /// in the same white space cannot each cost its length.
    fn endstream_follows(&self, end: usize) -> bool {
        let Some(rest) = self.data.get(end..) else { return false };
        let skip = rest.iter().take(32).take_while(|&&b| is_whitespace(b)).count();
        rest[skip..].starts_with(b"endstream")
    }

    /// Object stream `number`, inflated and its index read, once.
    fn object_stream(&mut self, number: u32) -> Result<Rc<ObjectStream>, ReadError> {
        if let Some(stream) = self.object_streams.get(&number) {
            return Ok(stream.clone());
        }
        let value = self.get(number)?;
        let (Some(data), Object::Dictionary(dictionary)) = (&value.stream, &value.object) else {
            return damaged(format!("object {number} should be an object stream"));
        };
        let count = dictionary.get(b"N").and_then(Object::as_integer);
        let first = dictionary.get(b"First").and_then(Object::as_integer);
        let (Some(count), Some(first)) = (count, first) else {
            return damaged(format!("object stream {number} has no /N or /First"));
        };
        let inflated = self.decode(dictionary, data.clone())?;
        let first = usize::try_from(first).unwrap_or(usize::MAX);
        let mut objects = Vec::new();
        let mut parser = Parser::new(&inflated, 0, &mut self.budget);
        for _ in 0..count.max(0) {
            let (Some(object), Some(offset)) =
                (parser.unsigned::<u32>(), parser.unsigned::<usize>())
            else {
                return damaged(format!("the index of object stream {number} is damaged"));
            };
            objects.push((object, first.saturating_add(offset)));
        }
        // The index is made of objects too: a stream of a million `0 0` pairs costs as much.
        self.budget.objects =
            self.budget.objects.checked_sub(objects.len()).ok_or(SyntaxError::Exhausted)?;
        let stream = Rc::new(ObjectStream { data: inflated, objects });
        self.object_streams.insert(number, stream.clone());
        Ok(stream)
    }

    /// A stream's data with its filters undone. Only FlateDecode (with or without a PNG
    /// predictor) is read: it is what cvpdf and nearly every writer use for attached files.
    fn decode(
        &mut self,
        dictionary: &Dictionary,
        data: Range<usize>,
    ) -> Result<Vec<u8>, ReadError> {
        // Each decoding goes over the encoded bytes again: a large stream that inflates to
        // nothing, named by many files, must still run out of budget.
        let spent = data.len().max(1);
        self.budget.bytes = self.budget.bytes.checked_sub(spent).ok_or(SyntaxError::Exhausted)?;
        let filters = match dictionary.get(b"Filter").map(|f| self.resolve(f)).transpose()? {
            None => Vec::new(),
            Some(filters) => match &*filters {
                Object::Null => Vec::new(),
                Object::Array(filters) => filters.clone(),
                single => vec![single.clone()],
            },
        };
        let parameters =
            match dictionary.get(b"DecodeParms").map(|p| self.resolve(p)).transpose()? {
                None => Vec::new(),
                Some(parameters) => match &*parameters {
                    Object::Array(parameters) => parameters.clone(),
                    single => vec![single.clone()],
                },
            };
        let limit = MAX_STREAM_BYTES.min(self.inflated_left);
        let too_large = || ReadError::TooLarge { total: limit < MAX_STREAM_BYTES };
        let raw = &self.data[data];
        // `None` while the data is still the file's own bytes, which are not copied.
        let mut bytes: Option<Vec<u8>> = None;
        for (i, filter) in filters.iter().enumerate() {
            let name = self.resolve(filter)?;
            let Some(name) = name.as_name() else {
                return damaged("a stream's filter is not a name");
            };
            if name != b"FlateDecode" {
                return Err(ReadError::Filter(String::from_utf8_lossy(name).into_owned()));
            }
            let mut inflated =
                inflate(bytes.as_deref().unwrap_or(raw), limit).ok_or_else(too_large)??;
            if let Some(parameter) = parameters.get(i)
                && let Object::Dictionary(parameters) = &*self.resolve(parameter)?
            {
                inflated = unpredict(inflated, parameters)?;
            }
            bytes = Some(inflated);
        }
        let bytes = match bytes {
            Some(bytes) => bytes,
            None if raw.len() <= limit => raw.to_vec(),
            None => return Err(too_large()),
        };
        self.inflated_left -= bytes.len().min(self.inflated_left);
        // Objects may be read from what was inflated (object streams).
        self.budget.bytes = self.budget.bytes.saturating_add(bytes.len() * BYTE_PASSES);
        Ok(bytes)
    }

    /// Every cross-reference section from `startxref` back through `/Prev`.
    fn read_cross_references(&mut self) -> Result<(), ReadError> {
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
    fn reconstruct(&mut self) -> Result<(), ReadError> {
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

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// zlib data inflated, in chunks: `None` as soon as it passes `limit` bytes, so a bomb
/// costs no more than the limit; `Some(Err)` when the data is damaged.
fn inflate(compressed: &[u8], limit: usize) -> Option<Result<Vec<u8>, ReadError>> {
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
fn unpredict(data: Vec<u8>, parameters: &Dictionary) -> Result<Vec<u8>, ReadError> {
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
