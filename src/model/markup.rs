//! Model stage, inline markup: a text field's source string → styled, linked spans.
//!
//! The parser is a small hand-written scanner modelled on CommonMark's inline algorithm, in
//! two passes. The first pass walks the source left to right and cuts it into pieces: literal
//! text, code spans, links (whose text is scanned recursively), autolinks, bare URLs and
//! e-mail addresses, and runs of `*`. Code spans, links and URLs are recognised here, before
//! emphasis, so an asterisk inside them can never open or close emphasis. The second pass pairs
//! the `*` runs with CommonMark's delimiter rules and marks every piece between a pair bold or
//! italic; runs left unpaired turn back into literal asterisks. Last, whitespace is collapsed
//! across piece boundaries and neighbouring spans of equal style are merged.
//!
//! Anything that is not well-formed markup is literal text, so the only error is a link whose
//! target cannot be made into an absolute URL: the user clearly meant a link there, and a
//! silently dead link in a printed résumé is worse than a message.
//!
//! Every step is linear in the length of the text, whatever the text (a file may hold 4 MB
//! of `[`): where a bracket, parenthesis or backtick run closes is found once and kept
//! ([`Closers`]), emphasis pairs with CommonMark's delimiter stack and "openers bottom",
//! and a bare URL that turns out not to be one is not looked for again inside itself.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// One run of text with one style and at most one link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    /// Absolute link target (https://…, http://…, mailto:…), if the span is a link.
    pub link: Option<String>,
}

impl Span {
    fn same_style(&self, other: &Span) -> bool {
        self.bold == other.bold
            && self.italic == other.italic
            && self.code == other.code
            && self.link == other.link
    }
}

/// A markup problem, with the byte offset in the source string where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for MarkupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MarkupError {}

/// Parse one paragraph of markup. Whitespace runs (spaces, tabs, newlines) collapse to one
/// space; leading/trailing whitespace is dropped. Adjacent spans with identical style and link are merged.
pub fn parse(src: &str) -> Result<Vec<Span>, MarkupError> {
    let closers = RefCell::new(Closers::new(src));
    let mut pieces = Scanner::new(src, 0, src.len(), false, &closers).run()?;
    resolve_emphasis(&mut pieces);
    Ok(finish(pieces))
}

/// Make a user-written URL absolute: `"github.com/x"` → `"https://github.com/x"`,
/// `"www.x.org"` → `"https://www.x.org"`, `"a@b.org"` → `"mailto:a@b.org"`; `http(s)://`,
/// `mailto:`, `tel:` are kept. `#fragment` and `%`-escapes are kept untouched. Errors: empty,
/// contains whitespace, a scheme other than http/https/mailto/tel, or an e-mail-looking target
/// without a valid domain. Also refused, since they would be dead links in a printed résumé: a
/// target without a scheme whose host has no dot ("readme", "/about"; `localhost` is allowed),
/// `http(s)://` without a host, and `tel:` without digits.
pub fn normalize_url(url: &str) -> Result<String, String> {
    // Surrounding whitespace is a quoting accident, not part of the address.
    let url = url.trim();
    if url.is_empty() {
        return Err("the link target is empty".to_string());
    }
    if url.len() > MAX_LINK_BYTES {
        // Drawn on every line it spans, a long link costs its length on each.
        return Err(format!(
            "the link target is {} bytes long: a link is at most {MAX_LINK_BYTES} bytes",
            url.len()
        ));
    }
    if url.chars().any(char::is_whitespace) {
        return Err(format!("the link target \"{url}\" contains whitespace"));
    }
    if let Some((scheme, rest)) = split_scheme(url) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => {
                let host = rest.strip_prefix("//").map_or("", host_part);
                if host.is_empty() {
                    Err(format!("the link \"{url}\" has no host after \"{scheme}://\""))
                } else {
                    check_host(url, host).map(|()| url.to_string())
                }
            }
            "mailto" => {
                // `mailto:a@b.org,c@d.org?subject=…`: check every address, and the query.
                let (addresses, query) = rest.split_once('?').unwrap_or((rest, ""));
                if !addresses.split(',').all(is_email) {
                    return Err(format!("\"{url}\" does not hold a valid e-mail address"));
                }
                check_mail_headers(url, query).map(|()| url.to_string())
            }
            "tel" => {
                let phone_chars = rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '(' | ')'));
                if phone_chars && rest.chars().any(|c| c.is_ascii_digit()) {
                    Ok(url.to_string())
                } else {
                    Err(format!("\"{url}\" is not a phone number"))
                }
            }
            _ => Err(format!(
                "unsupported link scheme \"{scheme}:\" in \"{url}\" (use http, https, mailto or tel)"
            )),
        };
    }
    if let Some(rest) = url.strip_prefix("//") {
        // Protocol-relative: there is no page to be relative to, so take https.
        if host_part(rest).is_empty() {
            return Err(format!("the link \"{url}\" has no host"));
        }
        check_host(url, host_part(rest))?;
        return Ok(format!("https:{url}"));
    }
    let host = host_part(url);
    if host.contains('@') {
        // An `@` before any path means the user wrote an address, not a web page
        // ("medium.com/@ada" has it after the `/` and stays a web address).
        return if is_email(url) {
            Ok(format!("mailto:{url}"))
        } else {
            Err(format!("\"{url}\" is not a valid e-mail address"))
        };
    }
    // Without a scheme there is nothing to tell a typo from a host, so ask for a domain:
    // "[docs](readme)" would otherwise become the dead link https://readme.
    let has_domain = host.contains('.') && !host.starts_with('.');
    if !has_domain && !starts_with_ci(host, "localhost") {
        return Err(format!(
            "\"{url}\" is not a web address (write a domain such as example.org, or a full https:// URL)"
        ));
    }
    check_host(url, host)?;
    Ok(format!("https://{url}"))
}

/// Characters nobody sees: zero-width spaces and joiners, direction marks and overrides,
/// the soft hyphen, the byte-order mark. In a host they make a link that reads like
/// `example.org` and goes elsewhere.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
                | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
                | '\u{ffa0}' | '\u{fff0}'..='\u{fff8}' | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// A host with an invisible character is refused.
fn check_host(url: &str, host: &str) -> Result<(), String> {
    match host.chars().find(|&c| is_invisible(c)) {
        Some(c) => Err(format!(
            "the host of the link \"{}\" holds an invisible character (U+{:04X})",
            url.chars().filter(|&c| !is_invisible(c)).collect::<String>(),
            c as u32
        )),
        None => Ok(()),
    }
}

/// The query of a `mailto:` link may set the subject, and nothing else: `cc`, `bcc` and
/// `body` would send a reader's mail to people or with words they did not see.
fn check_mail_headers(url: &str, query: &str) -> Result<(), String> {
    for field in query.split('&').filter(|f| !f.is_empty()) {
        let name = field.split('=').next().unwrap_or("");
        if !name.eq_ignore_ascii_case("subject") {
            return Err(format!(
                "the e-mail link \"{url}\" sets `{name}`: a mailto link may only set the subject"
            ));
        }
    }
    Ok(())
}

/// A normalised link as the PDF carries it, in 7-bit ASCII: a non-ASCII host in IDNA
/// form (`xn--…`, RFC 3492 Punycode of each label in lower case), anything else that is
/// not ASCII or not allowed in a URI percent-encoded as UTF-8 (`%E4%BD%A0`). ASCII links,
/// almost all of them, come back as they are.
pub fn ascii_url(url: &str) -> String {
    if url.bytes().all(|b| b.is_ascii_graphic() && !b"<>\"{}|\\^`".contains(&b)) {
        return url.to_string();
    }
    let (scheme, rest) = split_scheme(url).unwrap_or(("", url));
    let mut out = String::with_capacity(url.len() + 16);
    let mut rest = rest;
    if !scheme.is_empty() {
        out.push_str(scheme);
        out.push(':');
    }
    if let Some(after) = rest.strip_prefix("//") {
        let host = host_part(after);
        out.push_str("//");
        // User info and port keep their ASCII; each label of the name is converted.
        let (user, name) = host.rsplit_once('@').map_or(("", host), |(u, n)| (u, n));
        if !user.is_empty() {
            percent_encode(&mut out, user);
            out.push('@');
        }
        let (name, port) = match name.rsplit_once(':') {
            Some((n, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (n, Some(p)),
            _ => (name, None),
        };
        let labels: Vec<String> = name.split('.').map(idna_label).collect();
        out.push_str(&labels.join("."));
        if let Some(port) = port {
            out.push(':');
            out.push_str(port);
        }
        rest = &after[host.len()..];
    }
    percent_encode(&mut out, rest);
    out
}

/// Append `text`, percent-encoding every byte that is not printable ASCII or is not
/// allowed in a URI; `%` stays, so existing escapes are kept.
fn percent_encode(out: &mut String, text: &str) {
    for b in text.bytes() {
        if b.is_ascii_graphic() && !b"<>\"{}|\\^`".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// One label of a host name in IDNA form: itself when ASCII, else `xn--` and the
/// Punycode of the label in lower case.
fn idna_label(label: &str) -> String {
    if label.is_ascii() {
        return label.to_string();
    }
    let lower: Vec<u32> = label.chars().flat_map(char::to_lowercase).map(|c| c as u32).collect();
    format!("xn--{}", punycode(&lower))
}

/// RFC 3492 Punycode of a label's code points.
fn punycode(input: &[u32]) -> String {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    let digit = |d: u32| char::from(if d < 26 { b'a' + d as u8 } else { b'0' + (d - 26) as u8 });
    let adapt = |mut delta: u32, points: u32, first: bool| {
        delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    };
    let mut out: String =
        input.iter().filter(|&&c| c < 0x80).map(|&c| char::from(c as u8)).collect();
    let basic = out.len() as u32;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (0x80u32, 0u32, 72u32, basic);
    while (handled as usize) < input.len() {
        let m = input.iter().copied().filter(|&c| c >= n).min().unwrap_or(n);
        delta = delta.saturating_add((m - n).saturating_mul(handled + 1));
        n = m;
        for &c in input {
            if c < n {
                delta = delta.saturating_add(1);
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.saturating_add(1);
        n += 1;
    }
    out
}

/// The most pieces one text may be cut into while it is parsed (about 130 bytes each):
/// `a* ` repeated over 4 MB would make 2.8 million.
pub const MAX_PIECES: usize = 1_000_000;

/// The longest link target: real addresses are far shorter, and a link is written again
/// for every line it spans.
pub const MAX_LINK_BYTES: usize = 1024;

/// Plain text → markup that prints it as written (imports of formats whose text is plain):
/// every character that could start markup (`\`, `*`, `` ` ``, `[`, `<`) gets a backslash.
/// Bare URLs and e-mail addresses are kept as they are, found exactly as [`parse`] finds
/// them, so they still become links, as in any text field.
pub fn escape(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() + plain.len() / 16);
    let mut i = 0;
    // As in [`parse`]: no bare URL is looked for inside one already looked at.
    let mut url_tried_until = 0;
    while i < plain.len() {
        let before = plain[..i].chars().next_back();
        let rest = &plain[i..];
        if !before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            let mut url = None;
            if i >= url_tried_until && url_prefix(rest).is_some() {
                url_tried_until = i + url_stop(rest);
                url = scan_bare_url(rest).filter(|&len| normalize_url(&rest[..len]).is_ok());
            }
            let email_start =
                !before.is_some_and(|c| is_local_char(c) || matches!(c, '/' | '@' | '\\'));
            if let Some(len) = url.or_else(|| scan_email(rest).filter(|_| email_start)) {
                out.push_str(&rest[..len]);
                i += len;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        if matches!(c, '\\' | '*' | '`' | '[' | '<') {
            out.push('\\');
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Split a field into paragraphs at blank lines (a line with only whitespace), trimming each;
/// returns (byte offset of the paragraph in `src`, paragraph text) pairs, skipping empty ones.
pub fn paragraphs(src: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    // Byte range from the first to the end of the last non-blank line of the current paragraph.
    let mut current: Option<(usize, usize)> = None;
    let mut pos = 0;
    for line in src.split_inclusive('\n') {
        let line_end = pos + line.len();
        if line.trim().is_empty() {
            if let Some((start, end)) = current.take() {
                push_trimmed(&mut out, src, start, end);
            }
        } else {
            current = Some((current.map_or(pos, |(start, _)| start), line_end));
        }
        pos = line_end;
    }
    if let Some((start, end)) = current {
        push_trimmed(&mut out, src, start, end);
    }
    out
}

fn push_trimmed<'a>(out: &mut Vec<(usize, &'a str)>, src: &'a str, start: usize, end: usize) {
    let text = &src[start..end];
    let trimmed = text.trim();
    if !trimmed.is_empty() {
        out.push((start + (text.len() - text.trim_start().len()), trimmed));
    }
}

// ---------------------------------------------------------------------------------------------
// First pass: the scanner.

/// The ASCII characters a backslash turns into literal text.
fn is_escapable(b: u8) -> bool {
    matches!(b, b'*' | b'_' | b'`' | b'[' | b']' | b'(' | b')' | b'<' | b'>' | b'\\')
}

/// A run of `*` waiting to be paired with another run.
#[derive(Debug, Clone, Copy)]
struct Delim {
    /// Asterisks not yet used by a pair; those left at the end are printed literally.
    left: usize,
    /// Length of the run as written (CommonMark's "rule of 3" looks at it).
    len: usize,
    can_open: bool,
    can_close: bool,
}

/// A piece of the source: text with a style, or a run of `*` (then `text` is unused).
#[derive(Debug, Clone, Default)]
struct Piece {
    text: String,
    bold: bool,
    italic: bool,
    code: bool,
    link: Option<String>,
    delim: Option<Delim>,
}

impl Piece {
    fn text(text: String) -> Piece {
        Piece { text, ..Piece::default() }
    }

    fn link(text: &str, target: String) -> Piece {
        Piece { text: text.to_string(), link: Some(target), ..Piece::default() }
    }
}

/// Scans `src[start..end]` into pieces. Link text is scanned by a nested scanner with
/// `in_link` set, which turns off links and autolinks: a link cannot hold another link.
struct Scanner<'a> {
    src: &'a str,
    start: usize,
    end: usize,
    in_link: bool,
    pieces: Vec<Piece>,
    /// Literal text not yet pushed as a piece.
    text: String,
    /// Where closing brackets, parentheses and backticks are, shared with nested scanners.
    closers: &'a RefCell<Closers>,
    /// A bare URL looked for at an earlier offset reached up to here: none starts before.
    url_tried_until: usize,
}

impl<'a> Scanner<'a> {
    fn new(
        src: &'a str,
        start: usize,
        end: usize,
        in_link: bool,
        closers: &'a RefCell<Closers>,
    ) -> Scanner<'a> {
        Scanner {
            src,
            start,
            end,
            in_link,
            pieces: Vec::new(),
            text: String::new(),
            closers,
            url_tried_until: 0,
        }
    }

    fn run(mut self) -> Result<Vec<Piece>, MarkupError> {
        let mut i = self.start;
        while i < self.end {
            i = self.step(i)?;
            if self.pieces.len() > MAX_PIECES {
                return Err(MarkupError {
                    offset: i,
                    message: format!(
                        "this text has more than {MAX_PIECES} pieces of markup (runs of `*`, \
                         code, links and the text between them)"
                    ),
                });
            }
        }
        self.flush();
        Ok(self.pieces)
    }

    /// Consume whatever starts at byte `i` (always a char boundary); return where to go on.
    fn step(&mut self, i: usize) -> Result<usize, MarkupError> {
        let bytes = self.src.as_bytes();
        match bytes[i] {
            b'\\' => {
                if i + 1 < self.end && is_escapable(bytes[i + 1]) {
                    self.text.push(char::from(bytes[i + 1]));
                    return Ok(i + 2);
                }
                self.text.push('\\');
                Ok(i + 1)
            }
            b'*' => Ok(self.delim_run(i)),
            b'`' => Ok(self.code_span(i)),
            b'[' if !self.in_link => self.link(i),
            b'<' if !self.in_link => self.autolink(i),
            _ => {
                if !self.in_link
                    && let Some(next) = self.bare_link(i)
                {
                    return Ok(next);
                }
                let Some(c) = self.src[i..self.end].chars().next() else {
                    return Ok(self.end);
                };
                self.text.push(c);
                Ok(i + c.len_utf8())
            }
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.pieces.push(Piece::text(text));
        }
    }

    fn push(&mut self, piece: Piece) {
        self.flush();
        self.pieces.push(piece);
    }

    /// A run of `*`: whether it may open or close is decided by its neighbours, so
    /// "5 * 3" and "a *" can never start emphasis.
    fn delim_run(&mut self, i: usize) -> usize {
        let len = run_len(self.src, i, self.end, b'*');
        let before = self.src[self.start..i].chars().next_back();
        let after = self.src[i + len..self.end].chars().next();
        let delim = Delim {
            left: len,
            len,
            can_open: after.is_some_and(|c| !c.is_whitespace()),
            can_close: before.is_some_and(|c| !c.is_whitespace()),
        };
        self.push(Piece { delim: Some(delim), ..Piece::default() });
        i + len
    }

    /// A code span, or — if the backtick run is never closed — the run as literal text.
    fn code_span(&mut self, i: usize) -> usize {
        let found = self.closers.borrow_mut().code_span(self.src, i, self.end);
        match found {
            Some((from, to, next)) => {
                let raw = &self.src[from..to];
                // Padding inside the backticks only makes room for a backtick at the edge
                // ("`` `x` ``"); it is never meant to be printed.
                let content = if raw.trim_ascii().is_empty() { raw } else { raw.trim_ascii() };
                self.push(Piece { text: content.to_string(), code: true, ..Piece::default() });
                next
            }
            None => {
                let len = run_len(self.src, i, self.end, b'`');
                self.text.push_str(&self.src[i..i + len]);
                i + len
            }
        }
    }

    /// `[text](url)` at `i`, or a literal `[` when the brackets and parentheses don't form one.
    fn link(&mut self, i: usize) -> Result<usize, MarkupError> {
        let found = self.closers.borrow_mut().link(self.src, i, self.end)?;
        let Some((text_end, dest_end)) = found else {
            self.text.push('[');
            return Ok(i + 1);
        };
        let (dest_offset, dest) = link_destination(self.src, text_end + 2, dest_end);
        let target =
            normalize_url(&dest).map_err(|message| MarkupError { offset: dest_offset, message })?;
        let pieces = if self.src[i + 1..text_end].trim().is_empty() {
            // "[](url)" would be an invisible link; show the target as written instead.
            vec![Piece::text(dest)]
        } else {
            let mut inner = Scanner::new(self.src, i + 1, text_end, true, self.closers).run()?;
            resolve_emphasis(&mut inner);
            inner
        };
        self.flush();
        for mut piece in pieces {
            // Unpaired `*` in the link text are literal; they must not pair with
            // asterisks outside the link.
            if let Some(delim) = piece.delim.take() {
                piece.text = "*".repeat(delim.left);
            }
            piece.link = Some(target.clone());
            self.pieces.push(piece);
        }
        Ok(dest_end + 1)
    }

    /// `<https://x.org>`, `<www.x.org>`, `<mailto:…>`, `<tel:…>` or `<a@b.org>`; any other
    /// `<` is literal (`"a <b> c"`, `"x < y"`).
    fn autolink(&mut self, i: usize) -> Result<usize, MarkupError> {
        let rest = &self.src[i + 1..self.end];
        let close = rest.find(|c: char| c == '>' || c == '<' || c.is_whitespace());
        let target = match close {
            Some(close) if rest.as_bytes()[close] == b'>' => &rest[..close],
            _ => "",
        };
        let is_url = ["http://", "https://", "mailto:", "tel:", "www."]
            .iter()
            .any(|prefix| starts_with_ci(target, prefix));
        if !is_url && !is_email(target) {
            self.text.push('<');
            return Ok(i + 1);
        }
        let link =
            normalize_url(target).map_err(|message| MarkupError { offset: i + 1, message })?;
        self.push(Piece::link(target, link));
        Ok(i + 1 + target.len() + 1)
    }

    /// A bare URL or e-mail address starting at `i`: returns the offset after it.
    fn bare_link(&mut self, i: usize) -> Option<usize> {
        let before = self.src[..i].chars().next_back();
        let rest = &self.src[i..self.end];
        // Only at the start of a word: "xhttps://" and "ab@c.org" inside "xab@c.org" are not
        // links. Non-ASCII letters do count as a boundary, since CJK text has no spaces.
        let word_start = !before.is_some_and(|c| c.is_ascii_alphanumeric());
        if word_start && i >= self.url_tried_until && url_prefix(rest).is_some() {
            // "www.@www.@…" would otherwise be tried, and fail, at every "www.".
            self.url_tried_until = i + url_stop(rest);
            if let Some(len) = scan_bare_url(rest) {
                let raw = &rest[..len];
                if let Ok(link) = normalize_url(raw) {
                    self.push(Piece::link(raw, link));
                    return Some(i + len);
                }
            }
        }
        // "apache/apisix@v2" or "foo.bar@x.org" seen from "bar": an address starts after a
        // space or punctuation, never in the middle of a path or of another address.
        let email_start = word_start
            && !before.is_some_and(|c| is_local_char(c) || matches!(c, '/' | '@' | '\\'));
        if email_start && let Some(len) = scan_email(rest) {
            let raw = &rest[..len];
            self.push(Piece::link(raw, format!("mailto:{raw}")));
            return Some(i + len);
        }
        None
    }
}

/// Length in bytes of the run of `byte` starting at `i`, not going past `end`.
fn run_len(src: &str, i: usize, end: usize, byte: u8) -> usize {
    src.as_bytes()[i..end].iter().take_while(|&&b| b == byte).count()
}

/// Where markup closes, found once per text and kept: the backtick runs by length (for
/// code spans), and for each `[` and `(` met so far, where its match is. A scan for the
/// match of a `[` jumps over the brackets inside it by what is kept, so a text of 4 MB of
/// `[` is scanned once rather than once per bracket.
struct Closers {
    /// Starts of the backtick runs not preceded by a backtick, by run length.
    runs: HashMap<usize, Vec<usize>>,
    /// By byte offset of a `[` or `(`: [`UNKNOWN`], [`NEVER`] or the offset of its match.
    matches: Vec<u32>,
}

/// Not looked for yet.
const UNKNOWN: u32 = u32::MAX;
/// Never closed.
const NEVER: u32 = u32::MAX - 1;

impl Closers {
    fn new(src: &str) -> Closers {
        let bytes = src.as_bytes();
        let mut runs: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'`' {
                let len = run_len(src, i, bytes.len(), b'`');
                runs.entry(len).or_default().push(i);
                i += len;
            } else {
                i += 1;
            }
        }
        Closers { runs, matches: Vec::new() }
    }

    /// The code span whose opening backtick run starts at `open`: (content start, content
    /// end, offset after the closing run). As in CommonMark, it closes only at a run of the
    /// same length, so a double-backtick span can hold a single backtick. The byte search
    /// is safe on UTF-8: a backtick byte never occurs inside a multi-byte character.
    fn code_span(&self, src: &str, open: usize, end: usize) -> Option<(usize, usize, usize)> {
        let len = run_len(src, open, end, b'`');
        let runs = self.runs.get(&len)?;
        let after = open + len;
        let close = runs[runs.partition_point(|&start| start < after)..].first()?;
        (close + len <= end).then_some((after, *close, close + len))
    }

    /// For `[` at `open`: the offsets of the matching `]` and of the `)` closing the
    /// destination, if `](` follows directly. Brackets nest, escaped ones don't count, and
    /// a `]` inside a code span is part of the code.
    fn link(
        &mut self,
        src: &str,
        open: usize,
        end: usize,
    ) -> Result<Option<(usize, usize)>, MarkupError> {
        if src.len() >= NEVER as usize {
            // Offsets are kept in 32 bits; a text this long (over 4 GB) is never read.
            return Err(MarkupError { offset: open, message: "the text is too long".into() });
        }
        if self.matches.is_empty() {
            self.matches = vec![UNKNOWN; src.len()];
        }
        let Some(text_end) = self.close(src, open, end, b'[', b']', true) else {
            return Ok(None);
        };
        if text_end + 1 >= end || src.as_bytes()[text_end + 1] != b'(' {
            return Ok(None);
        }
        // The destination may hold balanced parentheses: "(https://x.org/Rust_(language))".
        Ok(self
            .close(src, text_end + 1, end, b'(', b')', false)
            .map(|dest_end| (text_end, dest_end)))
    }

    /// Where the `opening` byte at `at` is closed, skipping escapes (and code spans when
    /// `code` is set) and nested pairs; kept for every pair met on the way.
    fn close(
        &mut self,
        src: &str,
        at: usize,
        end: usize,
        opening: u8,
        closing: u8,
        code: bool,
    ) -> Option<usize> {
        match self.matches[at] {
            UNKNOWN => {}
            NEVER => return None,
            known => return Some(known as usize),
        }
        let bytes = src.as_bytes();
        // The openings whose match is looked for, innermost last.
        let mut open = vec![at];
        let mut j = at + 1;
        while j < end {
            match bytes[j] {
                b'\\' if j + 1 < end && is_escapable(bytes[j + 1]) => j += 2,
                b'`' if code => match self.code_span(src, j, end) {
                    Some((_, _, next)) => j = next,
                    None => j += run_len(src, j, end, b'`'),
                },
                b if b == opening => match self.matches[j] {
                    // One that is never closed leaves every one around it open too.
                    NEVER => break,
                    UNKNOWN => {
                        open.push(j);
                        j += 1;
                    }
                    known => j = known as usize + 1,
                },
                b if b == closing => {
                    let inner = open.pop().unwrap_or(at);
                    self.matches[inner] = j as u32;
                    if open.is_empty() {
                        return Some(j);
                    }
                    j += 1;
                }
                _ => j += 1,
            }
        }
        for unclosed in open {
            self.matches[unclosed] = NEVER;
        }
        None
    }
}

/// The destination between `(` and `)` (`src[from..to]`): trimmed, unwrapped from optional
/// `<…>`, with backslash escapes resolved. Returns it with its offset in `src`.
fn link_destination(src: &str, from: usize, to: usize) -> (usize, String) {
    let raw = &src[from..to];
    let mut offset = from + (raw.len() - raw.trim_start().len());
    let mut dest = raw.trim();
    if dest.len() >= 2 && dest.starts_with('<') && dest.ends_with('>') {
        dest = &dest[1..dest.len() - 1];
        offset += 1;
    }
    let mut out = String::with_capacity(dest.len());
    let mut chars = dest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii()
            && is_escapable(next as u8)
        {
            out.push(next);
            chars.next();
        } else {
            out.push(c);
        }
    }
    (offset, out)
}

/// The length of the prefix a bare URL starts with ("https://", "http://", "www."), if `s`
/// starts with one.
fn url_prefix(s: &str) -> Option<usize> {
    ["https://", "http://", "www."]
        .into_iter()
        .find(|prefix| starts_with_ci(s, prefix))
        .map(str::len)
}

/// Where a bare URL starting `s` must end at the latest: at whitespace or a character a
/// URL never holds. Full-width and CJK punctuation ("。", "，", "）") ends it as well:
/// Chinese and Japanese text puts no space after a URL, and a real URL carries those
/// characters percent-encoded, if at all. CJK letters do stay
/// ("https://zh.wikipedia.org/wiki/数学"). A backslash ends it too: a URL has none, and
/// "https://x.org\*" means the `*` literally.
fn url_stop(s: &str) -> usize {
    s.find(|c: char| {
        c.is_whitespace()
            || matches!(c, '<' | '>' | '"' | '\\' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF65}')
    })
    .unwrap_or(s.len())
}

/// Length of a bare URL at the start of `s` ("https://…", "http://…", "www.…"), if there is one.
fn scan_bare_url(s: &str) -> Option<usize> {
    let prefix = url_prefix(s)?;
    let mut len = url_stop(s);
    // Punctuation at the end belongs to the sentence, not the URL: "see https://x.org/a." and
    // "(see https://x.org/a)". A closing bracket stays when it balances one in the URL, as in
    // "https://en.wikipedia.org/wiki/Rust_(language)". `*` goes too, for "**https://x.org**".
    // The brackets are counted once, and the counts follow what is stripped.
    let count = |b: u8| s.as_bytes()[..len].iter().filter(|&&c| c == b).count();
    let (mut round, mut square) = (count(b')') as isize - count(b'(') as isize, 0);
    square += count(b']') as isize - count(b'[') as isize;
    while len > prefix {
        let strip = match s.as_bytes()[len - 1] {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' => true,
            b')' => round > 0,
            b']' => square > 0,
            _ => false,
        };
        if !strip {
            break;
        }
        match s.as_bytes()[len - 1] {
            b')' => round -= 1,
            b']' => square -= 1,
            _ => {}
        }
        len -= 1; // every stripped character is ASCII
    }
    s[prefix..len].bytes().any(|b| b.is_ascii_alphanumeric()).then_some(len)
}

/// Characters allowed in the local part of a recognised e-mail address.
fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Length of an e-mail address at the start of `s`: `local@label.label…`, the last label made
/// of two or more letters. A final "." is left out, so "mail a@b.org." links "a@b.org".
fn scan_email(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let local = s.chars().take_while(|&c| is_local_char(c)).count(); // ASCII: chars == bytes
    if local == 0 || bytes.get(local) != Some(&b'@') || bytes[0] == b'.' || bytes[local - 1] == b'.'
    {
        return None;
    }
    let mut j = local + 1;
    let mut labels = 0;
    let mut last_label = j..j;
    loop {
        let start = j;
        while j < bytes.len() && is_label_byte(bytes[j]) {
            j += 1;
        }
        if j == start {
            break;
        }
        labels += 1;
        last_label = start..j;
        if bytes.get(j) == Some(&b'.') && bytes.get(j + 1).is_some_and(|&b| is_label_byte(b)) {
            j += 1;
        } else {
            break;
        }
    }
    let tld = &bytes[last_label];
    let valid = labels >= 2
        && tld.len() >= 2
        && tld.iter().all(u8::is_ascii_alphabetic)
        && bytes.get(j) != Some(&b'@');
    valid.then_some(j)
}

fn is_email(s: &str) -> bool {
    scan_email(s) == Some(s.len())
}

/// The host (with port) of a URL without its scheme: everything before the path, query or fragment.
fn host_part(rest: &str) -> &str {
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

/// `scheme:rest`, if the URL starts with a scheme. "example.org:8080/x" and
/// "localhost:3000" are a host and a port, not a scheme.
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let colon = url.find(':')?;
    let (scheme, rest) = (&url[..colon], &url[colon + 1..]);
    let mut chars = scheme.chars();
    let well_formed = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-'));
    if !well_formed {
        return None;
    }
    let known =
        ["http", "https", "mailto", "tel"].iter().any(|known| scheme.eq_ignore_ascii_case(known));
    if !known && rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((scheme, rest))
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// Second pass: emphasis.

/// Pair `*` runs the CommonMark way: each closer, left to right, takes the nearest opener
/// before it; two asterisks from each side make bold, one makes italic; a run can be used by
/// several pairs ("***both***"). Pieces strictly between a pair get the style, and runs between
/// them can no longer pair with anything outside (emphasis nests, it never overlaps).
///
/// Linear, as in CommonMark's reference implementation: the openers still usable are a
/// stack (a pair removes those inside it), a closer that finds no opener marks how far
/// down its kind (can it open, its length mod 3) looked ("openers bottom"), and a pair's
/// style is recorded at its two ends and spread over the pieces once at the end.
fn resolve_emphasis(pieces: &mut [Piece]) {
    let mut openers: Vec<usize> = Vec::new();
    let mut bottom = [[0usize; 3]; 2];
    // +1 where a pair's inside starts, -1 where it ends.
    let mut bold = vec![0i32; pieces.len() + 1];
    let mut italic = vec![0i32; pieces.len() + 1];
    for closer_at in 0..pieces.len() {
        let Some(mut closer) = pieces[closer_at].delim else {
            continue;
        };
        if closer.can_close {
            let floor = &mut bottom[usize::from(closer.can_open)][closer.len % 3];
            // One closer can end several pairs ("***both***"): go on while it has asterisks left.
            while closer.left > 0 {
                let lowest = (*floor).min(openers.len());
                let found = (lowest..openers.len()).rev().find(|&k| {
                    pieces[openers[k]].delim.is_some_and(|o| o.left > 0 && pairable(o, closer))
                });
                let Some(k) = found else {
                    *floor = openers.len();
                    break;
                };
                let opener_at = openers[k];
                let Some(opener) = pieces[opener_at].delim.as_mut() else { break };
                let used = if opener.left >= 2 && closer.left >= 2 { 2 } else { 1 };
                opener.left -= used;
                closer.left -= used;
                let marks = if used == 2 { &mut bold } else { &mut italic };
                marks[opener_at + 1] += 1;
                marks[closer_at] -= 1;
                // The runs inside the pair can no longer pair with anything outside it.
                openers.truncate(k + 1);
                if opener.left == 0 {
                    openers.pop();
                }
            }
            pieces[closer_at].delim = Some(closer);
        }
        if closer.can_open && closer.left > 0 {
            openers.push(closer_at);
        }
    }
    let (mut in_bold, mut in_italic) = (0, 0);
    for (at, piece) in pieces.iter_mut().enumerate() {
        in_bold += bold[at];
        in_italic += italic[at];
        piece.bold |= in_bold > 0;
        piece.italic |= in_italic > 0;
    }
}

/// CommonMark's "rule of 3": when a run could both open and close, it pairs only if the two
/// runs' lengths don't add up to a multiple of 3 (unless both are multiples of 3). This is what
/// keeps the middle `**` of "*a**b**c*" from closing the first `*`.
fn pairable(opener: Delim, closer: Delim) -> bool {
    let ambiguous = opener.can_close || closer.can_open;
    !ambiguous
        || !(opener.len + closer.len).is_multiple_of(3)
        || (opener.len.is_multiple_of(3) && closer.len.is_multiple_of(3))
}

/// Turn styled pieces into spans: unpaired asterisks become text, whitespace runs collapse to
/// one space (across piece boundaries too), the ends are trimmed and equal neighbours merged.
fn finish(pieces: Vec<Piece>) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    // Starting "after a space" drops the leading whitespace.
    let mut after_space = true;
    for piece in pieces {
        let raw = match piece.delim {
            Some(delim) => "*".repeat(delim.left),
            None => piece.text,
        };
        let mut text = String::with_capacity(raw.len());
        for c in raw.chars() {
            // Only ASCII whitespace collapses: a no-break space is there on purpose.
            if c.is_ascii_whitespace() {
                if !after_space {
                    text.push(' ');
                    after_space = true;
                }
            } else {
                text.push(c);
                after_space = false;
            }
        }
        if text.is_empty() {
            continue;
        }
        let span = Span {
            text,
            bold: piece.bold,
            italic: piece.italic,
            code: piece.code,
            link: piece.link,
        };
        match spans.last_mut() {
            Some(last) if last.same_style(&span) => last.text.push_str(&span.text),
            _ => spans.push(span),
        }
    }
    // At most one space can trail, since runs were collapsed.
    if let Some(last) = spans.last_mut()
        && last.text.ends_with(' ')
    {
        last.text.pop();
        if last.text.is_empty() {
            spans.pop();
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span { text: text.to_string(), bold: false, italic: false, code: false, link: None }
    }
    fn plain(text: &str) -> Span {
        span(text)
    }
    fn bold(text: &str) -> Span {
        Span { bold: true, ..span(text) }
    }
    fn italic(text: &str) -> Span {
        Span { italic: true, ..span(text) }
    }
    fn bold_italic(text: &str) -> Span {
        Span { bold: true, italic: true, ..span(text) }
    }
    fn code(text: &str) -> Span {
        Span { code: true, ..span(text) }
    }
    fn linked(span: Span, target: &str) -> Span {
        Span { link: Some(target.to_string()), ..span }
    }
    fn link(text: &str, target: &str) -> Span {
        linked(span(text), target)
    }
    fn ok(src: &str) -> Vec<Span> {
        parse(src).unwrap_or_else(|e| panic!("{src:?}: {e:?}"))
    }
    fn text_of(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn empty_and_blank_input_give_no_spans() {
        assert_eq!(ok(""), vec![]);
        assert_eq!(ok(" \n\t "), vec![]);
    }

    #[test]
    fn bold_then_italic_in_a_sentence() {
        assert_eq!(
            ok("I write **programs** for the *Analytical Engine*."),
            vec![
                plain("I write "),
                bold("programs"),
                plain(" for the "),
                italic("Analytical Engine"),
                plain("."),
            ]
        );
    }

    #[test]
    fn triple_asterisks_are_bold_and_italic() {
        assert_eq!(ok("***both***"), vec![bold_italic("both")]);
        assert_eq!(ok("a ***b*** c"), vec![plain("a "), bold_italic("b"), plain(" c")]);
    }

    #[test]
    fn italic_nested_in_bold_closing_together() {
        assert_eq!(ok("**bold *and italic***"), vec![bold("bold "), bold_italic("and italic")]);
    }

    #[test]
    fn bold_nested_in_italic() {
        assert_eq!(ok("*it **bold** it*"), vec![italic("it "), bold_italic("bold"), italic(" it")]);
    }

    #[test]
    fn rule_of_three_keeps_emphasis_as_written() {
        assert_eq!(ok("*a **b***"), vec![italic("a "), bold_italic("b")]);
        assert_eq!(ok("*a**b**c*"), vec![italic("a"), bold_italic("b"), italic("c")]);
        assert_eq!(ok("**a** and **b**"), vec![bold("a"), plain(" and "), bold("b")]);
        assert_eq!(ok("snake*case*x"), vec![plain("snake"), italic("case"), plain("x")]);
    }

    #[test]
    fn code_keeps_asterisks_and_backslashes() {
        assert_eq!(
            ok(r"run `a * b **c** \*` now"),
            vec![plain("run "), code(r"a * b **c** \*"), plain(" now")]
        );
    }

    #[test]
    fn code_has_no_autolinks_and_collapses_whitespace() {
        assert_eq!(
            ok("`see  https://x.org\n  or a@b.org`"),
            vec![code("see https://x.org or a@b.org")]
        );
    }

    #[test]
    fn double_backticks_hold_a_backtick() {
        assert_eq!(ok("``a ` b``"), vec![code("a ` b")]);
        assert_eq!(ok("`` `x` ``"), vec![code("`x`")]);
    }

    #[test]
    fn emphasis_around_code() {
        assert_eq!(
            ok("**use `cargo *`**"),
            vec![bold("use "), Span { bold: true, ..code("cargo *") }]
        );
    }

    #[test]
    fn link_with_bold_text() {
        assert_eq!(
            ok("[**Site**](example.org)"),
            vec![linked(bold("Site"), "https://example.org")]
        );
    }

    #[test]
    fn link_text_with_mixed_styles_and_no_autolinks() {
        let target = "https://x.org/t";
        assert_eq!(
            ok("see [my *cool* `tool` a@b.org](https://x.org/t) now"),
            vec![
                plain("see "),
                link("my ", target),
                linked(italic("cool"), target),
                link(" ", target),
                linked(code("tool"), target),
                link(" a@b.org", target),
                plain(" now"),
            ]
        );
    }

    #[test]
    fn bold_around_a_link() {
        assert_eq!(ok("**[a](x.org)**"), vec![linked(bold("a"), "https://x.org")]);
    }

    #[test]
    fn link_destination_forms() {
        assert_eq!(
            ok("[w](https://en.wikipedia.org/wiki/Rust_(language))"),
            vec![link("w", "https://en.wikipedia.org/wiki/Rust_(language)")]
        );
        assert_eq!(ok("[m]( <a@b.org> )"), vec![link("m", "mailto:a@b.org")]);
        assert_eq!(ok("[](x.org)"), vec![link("x.org", "https://x.org")]);
        assert_eq!(ok(r"[e](x.org/a\)b)"), vec![link("e", "https://x.org/a)b")]);
    }

    #[test]
    fn bad_link_target_is_an_error_at_the_target() {
        let err = parse("See [this](ftp://x.org) now").unwrap_err();
        assert_eq!(err.offset, 11);
        assert!(err.message.contains("ftp"), "{}", err.message);
        let err = parse("[a](  two words)").unwrap_err();
        assert_eq!(err.offset, 6);
        assert!(err.message.contains("whitespace"), "{}", err.message);
        let err = parse("x <mailto:nobody>").unwrap_err();
        assert_eq!(err.offset, 3);
    }

    #[test]
    fn brackets_without_a_target_are_literal() {
        assert_eq!(ok("[note] text"), vec![plain("[note] text")]);
        assert_eq!(ok("[a] (b)"), vec![plain("[a] (b)")]);
        assert_eq!(ok("[open](x.org"), vec![plain("[open](x.org")]);
        assert_eq!(
            ok("[a [b](x.org)]"),
            vec![plain("[a "), link("b", "https://x.org"), plain("]")]
        );
    }

    #[test]
    fn bare_url_at_the_end_of_a_sentence() {
        let url = "https://github.com/ada/engine";
        assert_eq!(
            ok("Code at https://github.com/ada/engine."),
            vec![plain("Code at "), link(url, url), plain(".")]
        );
    }

    #[test]
    fn url_in_parentheses() {
        assert_eq!(
            ok("(see https://x.org/a)"),
            vec![plain("(see "), link("https://x.org/a", "https://x.org/a"), plain(")")]
        );
        let wiki = "https://en.wikipedia.org/wiki/Rust_(language)";
        assert_eq!(ok(&format!("({wiki}).")), vec![plain("("), link(wiki, wiki), plain(").")]);
    }

    #[test]
    fn www_url_gets_https() {
        assert_eq!(
            ok("Visit www.x.org!"),
            vec![plain("Visit "), link("www.x.org", "https://www.x.org"), plain("!")]
        );
    }

    #[test]
    fn url_keeps_fragment_and_percent_escapes() {
        let url = "https://x.org/a%20b?q=1#frag";
        assert_eq!(ok(&format!("{url}, then")), vec![link(url, url), plain(", then")]);
    }

    #[test]
    fn emphasised_bare_url() {
        assert_eq!(ok("**https://x.org**"), vec![linked(bold("https://x.org"), "https://x.org")]);
    }

    #[test]
    fn angle_bracket_autolink() {
        assert_eq!(
            ok("*Sketch* (1843) <https://example.org/sketch>"),
            vec![
                italic("Sketch"),
                plain(" (1843) "),
                link("https://example.org/sketch", "https://example.org/sketch"),
            ]
        );
        assert_eq!(ok("<a@b.org>"), vec![link("a@b.org", "mailto:a@b.org")]);
        assert_eq!(ok("a <b> c < d"), vec![plain("a <b> c < d")]);
    }

    #[test]
    fn bare_email_becomes_mailto() {
        assert_eq!(
            ok("Mail: jane.doe+cv@mail.example.com."),
            vec![
                plain("Mail: "),
                link("jane.doe+cv@mail.example.com", "mailto:jane.doe+cv@mail.example.com"),
                plain("."),
            ]
        );
    }

    #[test]
    fn at_signs_that_are_not_emails_stay_plain() {
        for src in [
            "apache/apisix#9456",
            "fixed apache/apisix#9456 and apache/apisix@v2.1",
            "user@ and @bob and a@b and a@b.c1 and a@@b.org",
        ] {
            assert_eq!(ok(src), vec![plain(src)], "{src}");
        }
    }

    #[test]
    fn backslash_escapes() {
        assert_eq!(ok(r"\*not italic\*"), vec![plain("*not italic*")]);
        assert_eq!(ok(r"\[a\](b) \<x\> \` \\ \_"), vec![plain(r"[a](b) <x> ` \ _")]);
        assert_eq!(ok(r"C:\dir \n"), vec![plain(r"C:\dir \n")]);
        assert_eq!(ok(r"*a\**"), vec![italic("a*")]);
        // A backslash ends a bare URL, so what follows it is escaped as anywhere else.
        assert_eq!(
            ok(r"(see https://x.org/a_(b)\*)"),
            vec![plain("(see "), link("https://x.org/a_(b)", "https://x.org/a_(b)"), plain("*)")]
        );
    }

    #[test]
    fn escaped_plain_text_prints_as_written() {
        for text in [
            "C++ *nix `x` **not bold** [a](b) <https://x.org> \\ _under_",
            "see https://example.org/a_(b)*) and mail first_last@example.org.",
            "*https://x.org* `code` \\* \\\\",
            "罗锦华 https://zh.wikipedia.org/wiki/数学。再见",
        ] {
            let spans = ok(&escape(text));
            let printed: String = spans.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(printed, text, "{spans:?}");
            assert!(spans.iter().all(|s| !s.bold && !s.italic && !s.code), "{spans:?}");
        }
        let spans = ok(&escape("see https://example.org/a_(b)*) or first_last@example.org"));
        let links: Vec<&str> = spans.iter().filter_map(|s| s.link.as_deref()).collect();
        assert_eq!(links, ["https://example.org/a_(b)", "mailto:first_last@example.org"]);
    }

    #[test]
    fn unclosed_emphasis_and_code_are_literal() {
        for src in ["5 * 3", "C*", "**unclosed", "*a **b", "* not * italic", "a `b", "``a`"] {
            assert_eq!(ok(src), vec![plain(src)], "{src}");
        }
        assert_eq!(ok("***a*"), vec![plain("**"), italic("a")]);
        assert_eq!(ok("*a**"), vec![italic("a"), plain("*")]);
    }

    #[test]
    fn whitespace_collapses_across_lines_and_styles() {
        assert_eq!(ok("  one\n  two\t\tthree \n"), vec![plain("one two three")]);
        assert_eq!(ok("**a**\n\n  *b*"), vec![bold("a"), plain(" "), italic("b")]);
        assert_eq!(ok("a\u{a0}b"), vec![plain("a\u{a0}b")]);
    }

    #[test]
    fn cjk_and_emoji() {
        assert_eq!(
            ok("罗锦华 **工程师** 🙂"),
            vec![plain("罗锦华 "), bold("工程师"), plain(" 🙂")]
        );
        assert_eq!(
            ok("邮箱a@b.org，网站https://x.org。"),
            vec![
                plain("邮箱"),
                link("a@b.org", "mailto:a@b.org"),
                plain("，网站"),
                link("https://x.org", "https://x.org"),
                plain("。"),
            ]
        );
    }

    #[test]
    fn odd_bracket_inputs_do_not_panic() {
        assert_eq!(ok("]"), vec![plain("]")]);
        assert_eq!(ok("[]("), vec![plain("[](")]);
        assert_eq!(ok("[x]("), vec![plain("[x](")]);
        assert_eq!(ok("<"), vec![plain("<")]);
        assert_eq!(ok("\\"), vec![plain("\\")]);
        assert!(parse("[]()").is_err());
    }

    #[test]
    fn normalize_url_adds_schemes() {
        assert_eq!(normalize_url("github.com/x").unwrap(), "https://github.com/x");
        assert_eq!(normalize_url("www.x.org").unwrap(), "https://www.x.org");
        assert_eq!(normalize_url("a@b.org").unwrap(), "mailto:a@b.org");
        assert_eq!(normalize_url("localhost:8080/x").unwrap(), "https://localhost:8080/x");
        assert_eq!(normalize_url("x.org:8080").unwrap(), "https://x.org:8080");
        assert_eq!(normalize_url("medium.com/@ada").unwrap(), "https://medium.com/@ada");
        assert_eq!(normalize_url("//x.org/a").unwrap(), "https://x.org/a");
        assert_eq!(normalize_url(" x.org ").unwrap(), "https://x.org");
        assert_eq!(normalize_url("x.org/a%20b#part-2").unwrap(), "https://x.org/a%20b#part-2");
    }

    #[test]
    fn normalize_url_keeps_absolute_urls() {
        for url in [
            "https://x.org/a%20b#sec-2",
            "http://x.org",
            "HTTPS://X.org",
            "mailto:a@b.org",
            "mailto:a@b.org?subject=Hi%20there",
            "tel:+44-20-7946-0000",
            "tel:5550100",
        ] {
            assert_eq!(normalize_url(url).as_deref(), Ok(url), "{url}");
        }
    }

    #[test]
    fn normalize_url_errors() {
        assert!(normalize_url("").unwrap_err().contains("empty"));
        assert!(normalize_url("  ").unwrap_err().contains("empty"));
        assert!(normalize_url("x.org/a b").unwrap_err().contains("whitespace"));
        assert!(normalize_url("ftp://x.org").unwrap_err().contains("ftp"));
        assert!(normalize_url("javascript:alert(1)").unwrap_err().contains("scheme"));
        for bad in [
            "user@",
            "a@b",
            "a@b.c",
            "@x.org",
            "mailto:",
            "mailto:nobody",
            "https://",
            "tel:x",
            "readme",
            "/about",
            "#top",
        ] {
            assert!(normalize_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let src = "first line\nsecond\n\n  \n  third para  \n\t\nlast";
        assert_eq!(
            paragraphs(src),
            vec![(0, "first line\nsecond"), (24, "third para"), (39, "last")]
        );
        assert_eq!(&src[24..34], "third para");
        assert_eq!(paragraphs(""), vec![]);
        assert_eq!(paragraphs(" \n\n"), vec![]);
        assert_eq!(paragraphs("a\r\n\r\nb\r\n"), vec![(0, "a"), (5, "b")]);
    }

    /// A tiny deterministic xorshift generator, so the random tests need no crates.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    fn collapse(s: &str) -> String {
        s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Output invariants that hold for every successful parse.
    fn check_well_formed(src: &str, spans: &[Span]) {
        let text = text_of(spans);
        assert!(!text.starts_with(' ') && !text.ends_with(' '), "{src:?} → {spans:?}");
        assert!(!text.contains("  "), "{src:?} → {spans:?}");
        assert!(spans.iter().all(|s| !s.text.is_empty()), "{src:?} → {spans:?}");
        assert!(spans.windows(2).all(|w| !w[0].same_style(&w[1])), "{src:?} → {spans:?}");
    }

    #[test]
    fn random_markup_never_panics() {
        // Markup characters, words, URL and address fragments, non-ASCII, and whitespace.
        let words = "* ** ` [ ] ( ) ]( < > \\ @ . / : # %20 _ a b x org é 罗锦华 🙂 。 \u{a0} \
                     https:// www. mailto: a@b.org";
        let pieces: Vec<&str> = words.split_ascii_whitespace().chain([" ", "\n", "\t"]).collect();
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2000 {
            let len = rng.below(24);
            let src: String = (0..len).map(|_| rng.pick(&pieces)).collect();
            match parse(&src) {
                Ok(spans) => check_well_formed(&src, &spans),
                Err(e) => {
                    assert!(e.offset <= src.len() && src.is_char_boundary(e.offset), "{src:?}")
                }
            }
            for (offset, para) in paragraphs(&src) {
                assert_eq!(&src[offset..offset + para.len()], para);
            }
            let _ = normalize_url(&src);
        }
    }

    #[test]
    fn random_text_without_markup_is_kept_as_written() {
        // No `*`, backtick, `[`, `<` or `\`: URLs and addresses may still form, but they show
        // as written, so the text is the input with whitespace collapsed.
        let words = "a b é 罗 🙂 @ . , / : ( ) ] > https:// www. x.org # % ! ?";
        let pieces: Vec<&str> = words.split_ascii_whitespace().chain([" ", "\n"]).collect();
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        for _ in 0..1000 {
            let len = rng.below(20);
            let src: String = (0..len).map(|_| rng.pick(&pieces)).collect();
            let spans = ok(&src);
            check_well_formed(&src, &spans);
            assert_eq!(text_of(&spans), collapse(&src), "{src:?}");
            assert!(spans.iter().all(|s| !s.bold && !s.italic && !s.code), "{src:?}");
        }
    }

    #[test]
    fn random_styled_words_lose_only_their_markup() {
        let words = ["alpha", "beta", "罗锦华", "C++", "x.y", "r&d", "🙂"];
        let mut rng = XorShift(0xDEAD_BEEF_CAFE_F00D);
        for _ in 0..500 {
            let count = 1 + rng.below(6);
            let mut src = String::new();
            let mut expected = Vec::new();
            for n in 0..count {
                let word = rng.pick(&words);
                let (marked, style) = match rng.below(5) {
                    0 => (word.to_string(), plain(word)),
                    1 => (format!("*{word}*"), italic(word)),
                    2 => (format!("**{word}**"), bold(word)),
                    3 => (format!("***{word}***"), bold_italic(word)),
                    _ => (format!("`{word}`"), code(word)),
                };
                if n > 0 {
                    src.push_str(rng.pick(&[" ", "  ", "\n", " \t"]));
                    expected.push(plain(" "));
                }
                src.push_str(&marked);
                expected.push(style);
            }
            // Merge neighbours the way `parse` does.
            let mut merged: Vec<Span> = Vec::new();
            for s in expected {
                match merged.last_mut() {
                    Some(last) if last.same_style(&s) => last.text.push_str(&s.text),
                    _ => merged.push(s),
                }
            }
            assert_eq!(ok(&src), merged, "{src:?}");
        }
    }

    /// The inputs that were quadratic, each a megabyte: a scan per `[`, per `*` closer,
    /// per `www.` and per `](` made each of them take minutes (hours at 4 MB).
    pub(crate) fn adversarial(pattern: &str, bytes: usize) -> String {
        pattern.repeat(bytes / pattern.len())
    }

    #[test]
    fn hostile_markup_is_parsed_in_linear_time() {
        for pattern in
            ["[", "a* ", "www.@", "[a](", "*a ", "a*b ", "a**b ", "` ``", "\\[", "(", "www.a)"]
        {
            let text = adversarial(pattern, 1 << 20);
            let started = std::time::Instant::now();
            let parsed = parse(&text);
            let escaped = escape(&text);
            let took = started.elapsed();
            assert!(took.as_secs_f32() < 3.0, "{pattern:?}: {took:?}");
            assert!(parsed.is_ok() || pattern == "[a](", "{pattern:?}");
            assert!(escaped.len() >= text.len());
        }
    }

    #[test]
    fn nested_emphasis_and_brackets_keep_their_meaning() {
        // Deep nesting, paired from the inside out, as before the linear rewrite.
        let deep = format!("{}x{}", "*a ".repeat(3), " a*".repeat(3));
        assert_eq!(text_of(&ok(&deep)), "a a a x a a a");
        assert!(ok(&deep).iter().all(|s| s.italic));
        assert_eq!(ok("[[a]](https://x.org) [b"), vec![link("[a]", "https://x.org"), plain(" [b")]);
        assert_eq!(
            ok("[a `]` b](https://x.org)"),
            vec![
                link("a ", "https://x.org"),
                linked(code("]"), "https://x.org"),
                link(" b", "https://x.org")
            ]
        );
    }

    #[test]
    fn mail_links_set_only_a_subject_and_hosts_hold_nothing_invisible() {
        assert!(normalize_url("mailto:ada@example.org?subject=Hello").is_ok());
        for url in [
            "mailto:ada@example.org?cc=eve@example.org",
            "mailto:ada@example.org?subject=Hi&bcc=eve@example.org",
            "mailto:ada@example.org?body=send%20money",
        ] {
            let e = normalize_url(url).unwrap_err();
            assert!(e.contains("may only set the subject"), "{e}");
        }
        for url in
            ["https://exam\u{200b}ple.org/x", "www.pay\u{ad}pal.com", "https://a.org\u{202e}gro.b"]
        {
            let e = normalize_url(url).unwrap_err();
            assert!(e.contains("invisible character"), "{e}");
            assert!(!e.contains('\u{200b}') && !e.contains('\u{202e}'), "{e}");
        }
        // In the path an invisible character is only percent-encoded in the PDF.
        assert!(normalize_url("https://example.org/a\u{200b}b").is_ok());
    }

    #[test]
    fn links_are_written_in_seven_bit_ascii() {
        assert_eq!(ascii_url("https://example.org/a?b=c#d"), "https://example.org/a?b=c#d");
        assert_eq!(
            ascii_url("https://zh.wikipedia.org/wiki/数学"),
            "https://zh.wikipedia.org/wiki/%E6%95%B0%E5%AD%A6"
        );
        assert_eq!(ascii_url("https://bücher.example/ä"), "https://xn--bcher-kva.example/%C3%A4");
        assert_eq!(
            ascii_url("https://Bücher.example:8080/"),
            "https://xn--bcher-kva.example:8080/"
        );
        assert_eq!(ascii_url("https://例え.テスト/"), "https://xn--r8jz45g.xn--zckzah/");
        assert_eq!(ascii_url("https://x.org/a b"), "https://x.org/a%20b");
        assert_eq!(ascii_url("mailto:josé@example.org"), "mailto:jos%C3%A9@example.org");
        assert_eq!(ascii_url("https://x.org/%E4%BD%A0"), "https://x.org/%E4%BD%A0");
        assert!(ascii_url("https://x.org/\u{200b}").is_ascii());
    }
}
