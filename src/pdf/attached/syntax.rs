//! PDF stage, reading back, syntax: bytes → PDF objects (ISO 32000-1 § 7.2–7.3), one at
//! a time, from any offset.
//!
//! The bytes are untrusted. Nesting is limited to [`MAX_DEPTH`], and every byte gone over
//! and every object made draws on a [`Budget`] shared by the whole read — failed scans
//! too (a string left open runs to the end of the data) — so no input makes the parser
//! allocate more than a fixed number of objects or go over the same bytes again and again.

/// Arrays and dictionaries nest at most this deep; deeper is damage (cvpdf writes 3).
pub const MAX_DEPTH: usize = 64;

/// An object reference: `12 0 R`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ref {
    pub number: u32,
    pub generation: u16,
}

/// A PDF object, as written (references are not followed here).
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Integer(i64),
    Real(f64),
    /// A string's bytes, escapes resolved; literal and hexadecimal strings alike.
    String(Vec<u8>),
    /// A name's bytes without the slash, `#xx` escapes resolved.
    Name(Vec<u8>),
    Array(Vec<Object>),
    Dictionary(Dictionary),
    Reference(Ref),
}

impl Object {
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Object::Integer(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_dictionary(&self) -> Option<&Dictionary> {
        match self {
            Object::Dictionary(dictionary) => Some(dictionary),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(name) => Some(name),
            _ => None,
        }
    }
}

/// A dictionary's entries, sorted by key once so that a lookup is a binary search: a
/// hostile dictionary of a million keys, shared by a thousand objects, is asked for its
/// keys thousands of times.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dictionary(Vec<(Vec<u8>, Object)>);

impl Dictionary {
    pub fn new(mut entries: Vec<(Vec<u8>, Object)>) -> Self {
        // Stable: of a key that a damaged file repeats, the first stays first.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Dictionary(entries)
    }

    /// The value of `key`; the first one when a damaged file repeats it.
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        let at = self.0.partition_point(|(k, _)| k.as_slice() < key);
        self.0.get(at).filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn insert(&mut self, key: &[u8], value: Object) {
        let at = self.0.partition_point(|(k, _)| k.as_slice() < key);
        self.0.insert(at, (key.to_vec(), value));
    }
}

/// What a read may still spend: bytes gone over and objects made, over all parses.
#[derive(Debug)]
pub struct Budget {
    pub bytes: usize,
    pub objects: usize,
}

/// Why a parse stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum SyntaxError {
    /// The bytes are not a PDF object here: what was found, in words.
    Bad(String),
    /// The budget ran out.
    Exhausted,
}

pub type Parsed<T> = Result<T, SyntaxError>;

fn bad<T>(message: impl Into<String>) -> Parsed<T> {
    Err(SyntaxError::Bad(message.into()))
}

/// One token: what the object grammar is made of.
#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    Integer(i64),
    Real(f64),
    String(Vec<u8>),
    Name(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    DictionaryStart,
    DictionaryEnd,
    /// A run of regular characters that is not a number: `true`, `R`, `obj`, `stream` …
    Keyword(&'a [u8]),
}

pub fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(byte: u8) -> bool {
    matches!(byte, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(byte: u8) -> bool {
    !is_whitespace(byte) && !is_delimiter(byte)
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// Reads objects from `data`, starting at `position`.
pub struct Parser<'a, 'b> {
    data: &'a [u8],
    pub position: usize,
    budget: &'b mut Budget,
}

impl<'a, 'b> Parser<'a, 'b> {
    pub fn new(data: &'a [u8], position: usize, budget: &'b mut Budget) -> Self {
        Parser { data, position: position.min(data.len()), budget }
    }

    /// The next object; references (`12 0 R`) are recognised, not followed.
    pub fn object(&mut self) -> Parsed<Object> {
        self.object_at_depth(0)
    }

    /// The next token if it is the keyword `word` (`obj`, `stream`, `trailer` …);
    /// otherwise the position stays where it was. `false` too when the budget is spent.
    pub fn keyword(&mut self, word: &[u8]) -> bool {
        let start = self.position;
        if self.budget.bytes == 0 {
            return false;
        }
        self.skip_whitespace_and_comments();
        let end = self.regular_run_end();
        let found = &self.data[self.position..end] == word;
        if self.charge_bytes(start, end).is_err() || !found {
            self.position = start;
            return false;
        }
        self.position = end;
        true
    }

    /// The next token if it is an integer that fits `T` (an object number, an offset);
    /// otherwise the position stays where it was.
    pub fn unsigned<T: TryFrom<i64>>(&mut self) -> Option<T> {
        let start = self.position;
        let value = match self.token() {
            Ok(Some(Token::Integer(n))) => T::try_from(n).ok(),
            _ => None,
        };
        if value.is_none() {
            self.position = start;
        }
        value
    }

    /// Past the end of line that follows `stream`: where the stream's data starts.
    /// The standard wants CR LF or LF; a lone CR is taken too, as other readers do.
    pub fn stream_data_start(&mut self) -> usize {
        let rest = &self.data[self.position..];
        self.position += match rest {
            [b'\r', b'\n', ..] => 2,
            [b'\n' | b'\r', ..] => 1,
            _ => 0,
        };
        self.position
    }

    pub fn skip_whitespace_and_comments(&mut self) {
        while let Some(&byte) = self.data.get(self.position) {
            if is_whitespace(byte) {
                self.position += 1;
            } else if byte == b'%' {
                while self.data.get(self.position).is_some_and(|&b| b != b'\n' && b != b'\r') {
                    self.position += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Charge the bytes from `start` to `end` (where a scan stopped, found or not).
    fn charge_bytes(&mut self, start: usize, end: usize) -> Parsed<()> {
        let spent = end.saturating_sub(start).max(1);
        match self.budget.bytes.checked_sub(spent) {
            Some(left) => {
                self.budget.bytes = left;
                Ok(())
            }
            None => {
                self.budget.bytes = 0;
                Err(SyntaxError::Exhausted)
            }
        }
    }

    fn charge_object(&mut self) -> Parsed<()> {
        self.budget.objects = self.budget.objects.checked_sub(1).ok_or(SyntaxError::Exhausted)?;
        Ok(())
    }

    fn object_at_depth(&mut self, depth: usize) -> Parsed<Object> {
        match self.token()? {
            Some(token) => self.object_from(token, depth),
            None => bad("the data ends where an object should be"),
        }
    }

    fn object_from(&mut self, token: Token<'a>, depth: usize) -> Parsed<Object> {
        self.charge_object()?;
        match token {
            Token::Integer(number) => {
                Ok(self.reference_after(number).unwrap_or(Object::Integer(number)))
            }
            Token::Real(value) => Ok(Object::Real(value)),
            Token::String(bytes) => Ok(Object::String(bytes)),
            Token::Name(name) => Ok(Object::Name(name)),
            Token::ArrayStart => {
                if depth >= MAX_DEPTH {
                    return bad(format!("arrays and dictionaries nest more than {MAX_DEPTH} deep"));
                }
                let mut items = Vec::new();
                loop {
                    match self.token()? {
                        Some(Token::ArrayEnd) => return Ok(Object::Array(items)),
                        Some(token) => items.push(self.object_from(token, depth + 1)?),
                        None => return bad("an array is not closed"),
                    }
                }
            }
            Token::DictionaryStart => {
                if depth >= MAX_DEPTH {
                    return bad(format!("arrays and dictionaries nest more than {MAX_DEPTH} deep"));
                }
                let mut entries = Vec::new();
                loop {
                    match self.token()? {
                        Some(Token::DictionaryEnd) => {
                            return Ok(Object::Dictionary(Dictionary::new(entries)));
                        }
                        Some(Token::Name(key)) => {
                            let value = self.object_at_depth(depth + 1)?;
                            entries.push((key, value));
                        }
                        Some(other) => {
                            return bad(format!("a dictionary key is not a name but {other:?}"));
                        }
                        None => return bad("a dictionary is not closed"),
                    }
                }
            }
            Token::Keyword(b"true") => Ok(Object::Bool(true)),
            Token::Keyword(b"false") => Ok(Object::Bool(false)),
            Token::Keyword(b"null") => Ok(Object::Null),
            Token::ArrayEnd | Token::DictionaryEnd | Token::Keyword(_) => {
                bad(format!("{} where an object should be", describe(&token)))
            }
        }
    }

    /// `number generation R`, when the two tokens after `number` make it a reference;
    /// otherwise the position stays after `number`.
    fn reference_after(&mut self, number: i64) -> Option<Object> {
        let start = self.position;
        let reference = (|| {
            let number = u32::try_from(number).ok()?;
            let generation = self.unsigned::<u16>()?;
            self.keyword(b"R").then_some(Object::Reference(Ref { number, generation }))
        })();
        if reference.is_none() {
            self.position = start;
        }
        reference
    }

    fn regular_run_end(&self) -> usize {
        let rest = &self.data[self.position..];
        self.position + rest.iter().position(|&b| !is_regular(b)).unwrap_or(rest.len())
    }

    /// The next token, or `None` at the end of the data; every byte gone over is charged,
    /// whether a token is found or not.
    fn token(&mut self) -> Parsed<Option<Token<'a>>> {
        if self.budget.bytes == 0 {
            return Err(SyntaxError::Exhausted);
        }
        let start = self.position;
        let token = self.next_token();
        self.charge_bytes(start, self.position)?;
        token
    }

    fn next_token(&mut self) -> Parsed<Option<Token<'a>>> {
        self.skip_whitespace_and_comments();
        let data = self.data;
        let Some(&first) = data.get(self.position) else { return Ok(None) };
        let next = data.get(self.position + 1).copied();
        let token = match first {
            b'[' => {
                self.position += 1;
                Token::ArrayStart
            }
            b']' => {
                self.position += 1;
                Token::ArrayEnd
            }
            b'<' if next == Some(b'<') => {
                self.position += 2;
                Token::DictionaryStart
            }
            b'>' if next == Some(b'>') => {
                self.position += 2;
                Token::DictionaryEnd
            }
            b'<' => Token::String(self.hex_string()?),
            b'(' => Token::String(self.literal_string()?),
            b'/' => Token::Name(self.name()),
            b'>' | b')' | b'{' | b'}' => {
                return bad(format!("an unexpected `{}`", first as char));
            }
            _ => {
                let end = self.regular_run_end();
                let word = &data[self.position..end];
                self.position = end;
                number(word).unwrap_or(Token::Keyword(word))
            }
        };
        Ok(Some(token))
    }

    /// `<48656C6C6F>`: whitespace is ignored, a missing last digit is 0 (§ 7.3.4.3).
    fn hex_string(&mut self) -> Parsed<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut high: Option<u8> = None;
        self.position += 1;
        while let Some(&byte) = self.data.get(self.position) {
            self.position += 1;
            if byte == b'>' {
                bytes.extend(high.map(|h| h << 4));
                return Ok(bytes);
            }
            if is_whitespace(byte) {
                continue;
            }
            let Some(digit) = hex_value(byte) else {
                return bad(format!("`{}` in a hexadecimal string", byte.escape_ascii()));
            };
            match high.take() {
                Some(h) => bytes.push(h << 4 | digit),
                None => high = Some(digit),
            }
        }
        bad("a hexadecimal string is not closed")
    }

    /// `(Hello \(world\)\n)`: balanced parentheses, backslash escapes, and any end of line
    /// read as a line feed (§ 7.3.4.2).
    fn literal_string(&mut self) -> Parsed<Vec<u8>> {
        let data = self.data;
        let mut bytes = Vec::new();
        let mut open = 1usize;
        let mut at = self.position + 1;
        // However it ends, the scan went as far as `at`: the caller charges for it.
        let result = loop {
            let Some(&byte) = data.get(at) else { break bad("a string is not closed") };
            at += 1;
            match byte {
                b'(' => {
                    open += 1;
                    bytes.push(byte);
                }
                b')' => {
                    open -= 1;
                    if open == 0 {
                        break Ok(std::mem::take(&mut bytes));
                    }
                    bytes.push(byte);
                }
                b'\r' => {
                    if data.get(at) == Some(&b'\n') {
                        at += 1;
                    }
                    bytes.push(b'\n');
                }
                b'\\' => {
                    let Some(&escaped) = data.get(at) else { break bad("a string is not closed") };
                    at += 1;
                    match escaped {
                        b'n' => bytes.push(b'\n'),
                        b'r' => bytes.push(b'\r'),
                        b't' => bytes.push(b'\t'),
                        b'b' => bytes.push(b'\x08'),
                        b'f' => bytes.push(b'\x0c'),
                        b'0'..=b'7' => {
                            // Up to three octal digits; the high bit of a fourth overflows
                            // away, as the standard says.
                            let mut value = u32::from(escaped - b'0');
                            for _ in 0..2 {
                                match data.get(at) {
                                    Some(&d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            bytes.push(value as u8);
                        }
                        // A backslash at the end of a line continues the string on the next.
                        b'\r' => {
                            if data.get(at) == Some(&b'\n') {
                                at += 1;
                            }
                        }
                        b'\n' => {}
                        // `\(`, `\)`, `\\`, and any other character stands for itself.
                        other => bytes.push(other),
                    }
                }
                _ => bytes.push(byte),
            }
        };
        self.position = at;
        result
    }

    /// `/Name#20with#20spaces` → `Name with spaces`; a `#` without two hexadecimal digits
    /// is kept as it is.
    fn name(&mut self) -> Vec<u8> {
        self.position += 1;
        let end = self.regular_run_end();
        let raw = &self.data[self.position..end];
        self.position = end;
        let mut name = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let escaped = match raw[i..] {
                [b'#', high, low, ..] => hex_value(high).zip(hex_value(low)),
                _ => None,
            };
            match escaped {
                Some((high, low)) => {
                    name.push(high << 4 | low);
                    i += 3;
                }
                None => {
                    name.push(raw[i]);
                    i += 1;
                }
            }
        }
        name
    }
}

/// `12`, `-3`, `+4.5`, `.5`, `6.`: a number token, or `None` for a keyword.
fn number(word: &[u8]) -> Option<Token<'static>> {
    let digits = word.strip_prefix(b"-").or_else(|| word.strip_prefix(b"+")).unwrap_or(word);
    if digits.is_empty() || !digits.iter().all(|&b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let text = std::str::from_utf8(word).ok()?;
    if !digits.contains(&b'.') {
        // An integer too large for 64 bits is still a number, if an imprecise one.
        return Some(match text.parse::<i64>() {
            Ok(n) => Token::Integer(n),
            Err(_) => Token::Real(text.parse::<f64>().ok()?),
        });
    }
    if digits.iter().filter(|&&b| b == b'.').count() > 1 || digits == b"." {
        return None;
    }
    let text = text.strip_prefix('+').unwrap_or(text);
    let padded = match text.strip_suffix('.') {
        Some(whole) => whole.to_string(),
        None => text.to_string(),
    };
    padded.parse::<f64>().ok().map(Token::Real)
}

fn describe(token: &Token) -> String {
    match token {
        Token::ArrayEnd => "`]`".into(),
        Token::DictionaryEnd => "`>>`".into(),
        Token::Keyword(word) => format!("`{}`", word.escape_ascii()),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget() -> Budget {
        Budget { bytes: 1 << 20, objects: 1 << 16 }
    }

    fn parse(text: &[u8]) -> Parsed<Object> {
        Parser::new(text, 0, &mut budget()).object()
    }

    fn string(text: &[u8]) -> Vec<u8> {
        match parse(text) {
            Ok(Object::String(bytes)) => bytes,
            other => panic!("not a string: {other:?}"),
        }
    }

    #[test]
    fn numbers_of_every_form() {
        assert_eq!(parse(b"42"), Ok(Object::Integer(42)));
        assert_eq!(parse(b"-17"), Ok(Object::Integer(-17)));
        assert_eq!(parse(b"+3"), Ok(Object::Integer(3)));
        assert_eq!(parse(b"4."), Ok(Object::Real(4.0)));
        assert_eq!(parse(b"-.5"), Ok(Object::Real(-0.5)));
        assert_eq!(parse(b"+12.25"), Ok(Object::Real(12.25)));
        assert_eq!(parse(b"99999999999999999999"), Ok(Object::Real(1e20)));
        assert!(parse(b"1.2.3").is_err());
        assert!(parse(b"-").is_err());
        assert!(parse(b".").is_err());
    }

    #[test]
    fn literal_strings_resolve_escapes_and_balance_parentheses() {
        assert_eq!(string(b"(a (nested) one)"), b"a (nested) one");
        assert_eq!(string(br"(\(\)\\\n\r\t\b\f)"), b"()\\\n\r\t\x08\x0c");
        assert_eq!(string(br"(\101\60\0063)"), b"A0\x063");
        assert_eq!(string(b"(split \\\r\nline)"), b"split line");
        assert_eq!(string(b"(cr\rcrlf\r\nlf\n)"), b"cr\ncrlf\nlf\n");
        assert_eq!(string(br"(\q)"), b"q");
        assert!(parse(b"(open (never) closed").is_err());
        assert!(parse(b"(ends in a backslash\\").is_err());
    }

    #[test]
    fn hexadecimal_strings_skip_spaces_and_pad_the_last_digit() {
        assert_eq!(string(b"<48 65 6c\n6C6f>"), b"Hello");
        assert_eq!(string(b"<901FA>"), b"\x90\x1f\xa0");
        assert_eq!(string(b"<>"), b"");
        assert!(parse(b"<4G>").is_err());
        assert!(parse(b"<48").is_err());
    }

    #[test]
    fn names_resolve_hash_escapes() {
        assert_eq!(parse(b"/application#2fyaml"), Ok(Object::Name(b"application/yaml".to_vec())));
        assert_eq!(parse(b"/A#2"), Ok(Object::Name(b"A#2".to_vec())));
        assert_eq!(parse(b"/"), Ok(Object::Name(Vec::new())));
    }

    #[test]
    fn dictionaries_arrays_and_references() {
        let object =
            parse(b"<</Type/Filespec/EF<</F 9 0 R>>/K[1 2 R 3 0 R true null]%c\n>>").unwrap();
        let Object::Dictionary(dict) = object else { panic!("not a dictionary") };
        assert_eq!(dict.get(b"Type"), Some(&Object::Name(b"Filespec".to_vec())));
        let Some(Object::Dictionary(ef)) = dict.get(b"EF") else { panic!("no /EF") };
        assert_eq!(ef.get(b"F"), Some(&Object::Reference(Ref { number: 9, generation: 0 })));
        let reference = |number, generation| Object::Reference(Ref { number, generation });
        assert_eq!(
            dict.get(b"K"),
            Some(&Object::Array(vec![
                reference(1, 2),
                reference(3, 0),
                Object::Bool(true),
                Object::Null
            ]))
        );
    }

    #[test]
    fn integers_that_are_not_references_stay_integers() {
        let mut budget = budget();
        let mut parser = Parser::new(b"[1 2 3] 7 0 obj", 0, &mut budget);
        let expected =
            Object::Array(vec![Object::Integer(1), Object::Integer(2), Object::Integer(3)]);
        assert_eq!(parser.object(), Ok(expected));
        assert_eq!(parser.unsigned::<u32>(), Some(7));
        assert_eq!(parser.unsigned::<u16>(), Some(0));
        assert!(!parser.keyword(b"endobj"));
        assert!(parser.keyword(b"obj"));
        assert_eq!(parser.object().map_err(|_| ()), Err(()), "nothing follows");
        assert!(parse(b"[-1 0 R]").is_err(), "a negative object number is no reference");
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        for text in [
            &b"<</Key>>"[..],
            b"<</Key 1",
            b"<<1 2>>",
            b"]",
            b">>",
            b")",
            b"{",
            b"endobj",
            b"",
            b"   % only a comment",
        ] {
            assert!(matches!(parse(text), Err(SyntaxError::Bad(_))), "{}", text.escape_ascii());
        }
    }

    #[test]
    fn nesting_is_limited() {
        let deep = [b"[".repeat(MAX_DEPTH), b"]".repeat(MAX_DEPTH)].concat();
        assert!(parse(&deep).is_ok());
        let deeper = [b"[".repeat(MAX_DEPTH + 1), b"]".repeat(MAX_DEPTH + 1)].concat();
        assert!(matches!(parse(&deeper), Err(SyntaxError::Bad(m)) if m.contains("nest")));
        // A million open brackets stop at the limit, without exhausting the stack.
        assert!(parse(&b"<<".repeat(1_000_000)).is_err());
    }

    #[test]
    fn the_budget_bounds_objects_and_bytes() {
        let many = format!("[{}]", "0 ".repeat(100));
        let mut small = Budget { bytes: 1 << 20, objects: 50 };
        assert_eq!(
            Parser::new(many.as_bytes(), 0, &mut small).object(),
            Err(SyntaxError::Exhausted)
        );
        let mut enough = Budget { bytes: 1 << 20, objects: 101 };
        assert!(Parser::new(many.as_bytes(), 0, &mut enough).object().is_ok());
        assert_eq!(enough.objects, 0);
        // Bytes are charged as they are gone over, looking ahead for `R` included: every
        // byte at least once, none more than a few times.
        let mut bytes = Budget { bytes: 10_000, objects: 1000 };
        assert!(Parser::new(many.as_bytes(), 0, &mut bytes).object().is_ok());
        let spent = 10_000 - bytes.bytes;
        assert!((many.len()..=4 * many.len()).contains(&spent), "{spent}");
        let mut short = Budget { bytes: spent - 1, objects: 1000 };
        assert_eq!(
            Parser::new(many.as_bytes(), 0, &mut short).object(),
            Err(SyntaxError::Exhausted)
        );
        // A failed scan is charged too: a string left open costs the rest of the data.
        let open = b"(".repeat(1000);
        let mut budget = Budget { bytes: 10_000, objects: 1000 };
        assert!(matches!(Parser::new(&open, 0, &mut budget).object(), Err(SyntaxError::Bad(_))));
        assert!(budget.bytes <= 9_000, "{}", budget.bytes);
        let mut budget = Budget { bytes: 10_000, objects: 1000 };
        assert_eq!(Parser::new(&open, 0, &mut budget).unsigned::<u32>(), None);
        assert!(budget.bytes <= 9_000, "lookahead pays as well: {}", budget.bytes);
        let mut spent = Budget { bytes: 0, objects: 1000 };
        assert_eq!(Parser::new(b"1", 0, &mut spent).object(), Err(SyntaxError::Exhausted));
    }

    #[test]
    fn stream_data_starts_after_one_end_of_line() {
        for (text, start) in [
            (&b"stream\r\nabc"[..], 8),
            (b"stream\nabc", 7),
            (b"stream\rabc", 7),
            (b"stream abc", 6),
        ] {
            let mut budget = budget();
            let mut parser = Parser::new(text, 0, &mut budget);
            assert!(parser.keyword(b"stream"));
            assert_eq!(parser.stream_data_start(), start, "{}", text.escape_ascii());
        }
    }
}
