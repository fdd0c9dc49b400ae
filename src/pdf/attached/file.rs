//! PDF stage, reading back, file structure: a PDF's bytes → its objects by number (a
//! cache over the cross-reference data of `xref.rs`), from the file or from object
//! streams, and stream data decoded (`decode.rs`), every read within fixed limits.
//!
//! Both of cvpdf's layouts are read (krilla's classic table, and the object streams with a
//! cross-reference stream of `pack.rs`), as are incremental updates (`/Prev`) and hybrid
//! files (`/XRefStm`). When the cross-reference data is missing or wrong, as in a file cut
//! short or edited by hand, the objects are found by scanning for `N G obj`, as other
//! readers do.
//!
//! Limits, because the bytes are untrusted: every object is read at most once (a cache),
//! at most [`MAX_LOADS`] of them, and shared rather than copied when a reference is
//! followed again; the parser's [`Budget`] bounds the bytes gone over (every scan, failed
//! or not) and the objects made, in proportion to the input and to what is inflated; each
//! stream inflates to at most [`MAX_STREAM_BYTES`] and all of them together to at most
//! [`MAX_INFLATED_BYTES`], the decoder read in chunks so a compression bomb stops at the
//! limit.

mod xref;

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use super::ReadError;
use super::decode::{inflate, unpredict};
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
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
