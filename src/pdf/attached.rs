//! PDF stage, reading back: a PDF's bytes → the files attached to it.
//!
//! `cvpdf build --embed-source` attaches the résumé (and its layout file) to the PDF;
//! `cvpdf extract` gives them back through [`attached_files`]. Files are found the way
//! PDF readers list attachments: the catalog's `/Names /EmbeddedFiles` name tree, or,
//! when it has none, the catalog's associated files (`/AF`, PDF/A-3). Each file
//! specification's embedded stream is inflated and its name taken from `/UF`, else
//! `/F`, else the tree's key, and reduced to a plain file name ([`text`]).
//!
//! The PDF may come from anywhere, so nothing in it is trusted: a file of at most
//! [`MAX_PDF_BYTES`], every read bounded (`file.rs`), the tree at most
//! [`MAX_TREE_DEPTH`] deep and walked once per node, at most [`MAX_FILES`] files, and
//! no name that could lead out of the folder the files are written into.

mod decode;
mod file;
mod syntax;
mod text;

use std::collections::{HashMap, HashSet};

use file::Document;
use syntax::{Dictionary, Object, Ref};

pub use file::{MAX_INFLATED_BYTES, MAX_STREAM_BYTES};

/// The largest PDF read: far past any résumé, and small enough to read into memory.
pub const MAX_PDF_BYTES: usize = 256 << 20;
/// How deep the tree of attached files may go (a balanced tree of a million files is
/// five levels deep).
pub const MAX_TREE_DEPTH: usize = 32;
/// The most files taken from one PDF.
pub const MAX_FILES: usize = 1000;

/// A file carried inside a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedFile {
    /// A plain file name: no folders, never `.` or `..`, no control characters.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why the attached files of a PDF cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The bytes do not start with `%PDF-`.
    NotPdf,
    /// The file is larger than [`MAX_PDF_BYTES`].
    TooBig { bytes: usize },
    /// The PDF's structure is broken: where, in words.
    Damaged(String),
    /// The PDF is encrypted; its strings and streams cannot be read without decrypting.
    Encrypted,
    /// A stream is compressed with a filter other than FlateDecode: its name.
    Filter(String),
    /// A stream inflates past [`MAX_STREAM_BYTES`], or all of them together past
    /// [`MAX_INFLATED_BYTES`] (`total`).
    TooLarge { total: bool },
    /// The PDF needs more reading than any PDF of its size should: what ran out.
    Limit(String),
    /// An attached file's name cannot name a file in a folder (shown escaped).
    BadName(String),
    /// Two attached files with different contents have the same name.
    SameName(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        const MB: usize = 1 << 20;
        match self {
            ReadError::NotPdf => f.write_str("it is not a PDF (it does not start with `%PDF-`)"),
            ReadError::TooBig { bytes } => write!(
                f,
                "the file is {:.1} MB; cvpdf reads PDFs of up to {} MB",
                *bytes as f64 / MB as f64,
                MAX_PDF_BYTES / MB
            ),
            ReadError::Damaged(why) => write!(f, "the PDF is damaged: {why}"),
            ReadError::Encrypted => {
                f.write_str("the PDF is encrypted, and cvpdf does not decrypt attached files")
            }
            ReadError::Filter(name) => write!(
                f,
                "a stream is compressed with /{name}, which cvpdf does not read (only /FlateDecode)"
            ),
            ReadError::TooLarge { total: false } => write!(
                f,
                "a compressed stream inflates to more than {} MB, far more than a résumé",
                MAX_STREAM_BYTES / MB
            ),
            ReadError::TooLarge { total: true } => write!(
                f,
                "its compressed streams inflate to more than {} MB together",
                MAX_INFLATED_BYTES / MB
            ),
            ReadError::Limit(what) => write!(f, "the PDF is too complex to read: {what}"),
            ReadError::BadName(name) => {
                write!(f, "an attached file's name, {name}, is not a plain file name")
            }
            ReadError::SameName(name) => {
                write!(f, "two different attached files are both named `{name}`")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// The files attached to a PDF, in the order of its tree of attached files (by name,
/// for cvpdf's PDFs); none for a PDF without any.
pub fn attached_files(pdf: &[u8]) -> Result<Vec<AttachedFile>, ReadError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(ReadError::TooBig { bytes: pdf.len() });
    }
    // The header may follow some bytes of junk (§ 7.5.2 allows readers to look for it).
    if !pdf[..pdf.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(ReadError::NotPdf);
    }
    let mut document = Document::open(pdf)?;
    if document.trailer.get(b"Encrypt").is_some() {
        return Err(ReadError::Encrypted);
    }
    let root = document.trailer.get(b"Root").cloned().unwrap_or(Object::Null);
    let catalog = document.resolve(&root)?;
    let Object::Dictionary(catalog) = &*catalog else {
        return Err(ReadError::Damaged("its catalog is not a dictionary".into()));
    };
    let mut specifications = Vec::new();
    if let Some(names) = catalog.get(b"Names")
        && let Object::Dictionary(names) = &*document.resolve(names)?
        && let Some(tree) = names.get(b"EmbeddedFiles")
    {
        let mut visited = HashSet::new();
        walk(&mut document, tree, 0, &mut visited, &mut specifications)?;
    }
    if specifications.is_empty()
        && let Some(associated) = catalog.get(b"AF")
        && let Object::Array(associated) = &*document.resolve(associated)?
    {
        specifications.extend(associated.iter().map(|spec| (None, spec.clone())));
    }

    let mut files: Vec<AttachedFile> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut read: HashSet<Ref> = HashSet::new();
    for (key, specification) in specifications {
        if let Object::Reference(reference) = specification
            && !read.insert(reference)
        {
            continue;
        }
        let Some(file) = read_file(&mut document, &specification, key.as_deref())? else {
            continue;
        };
        match by_name.get(&file.name) {
            Some(&i) if files[i].bytes == file.bytes => continue,
            Some(_) => return Err(ReadError::SameName(file.name)),
            None => {}
        }
        if files.len() == MAX_FILES {
            return Err(ReadError::Limit(format!("it has more than {MAX_FILES} attached files")));
        }
        by_name.insert(file.name.clone(), files.len());
        files.push(file);
    }
    Ok(files)
}

/// Collect the (key, file specification) pairs of a name tree node and its kids. A node
/// reached twice (a loop, or a node shared by two parents) is walked once.
fn walk(
    document: &mut Document,
    node: &Object,
    depth: usize,
    visited: &mut HashSet<Ref>,
    found: &mut Vec<(Option<Vec<u8>>, Object)>,
) -> Result<(), ReadError> {
    if depth > MAX_TREE_DEPTH {
        let message = format!("its tree of attached files is more than {MAX_TREE_DEPTH} deep");
        return Err(ReadError::Damaged(message));
    }
    if let Object::Reference(reference) = node
        && !visited.insert(*reference)
    {
        return Ok(());
    }
    let node = document.resolve(node)?;
    let Object::Dictionary(node) = &*node else { return Ok(()) };
    if let Some(names) = node.get(b"Names")
        && let Object::Array(names) = &*document.resolve(names)?
    {
        for pair in names.chunks_exact(2) {
            // Keys are direct strings (§ 7.9.6): no reference is followed for one.
            let key = match &pair[0] {
                Object::String(key) => Some(key.clone()),
                _ => None,
            };
            if found.len() > MAX_FILES * 4 {
                let message = format!("it has more than {MAX_FILES} attached files");
                return Err(ReadError::Limit(message));
            }
            found.push((key, pair[1].clone()));
        }
    }
    if let Some(kids) = node.get(b"Kids")
        && let Object::Array(kids) = &*document.resolve(kids)?
    {
        for kid in kids {
            walk(document, kid, depth + 1, visited, found)?;
        }
    }
    Ok(())
}

/// The file a file specification embeds; `None` when it embeds none (it names a file
/// outside the PDF).
fn read_file(
    document: &mut Document,
    specification: &Object,
    key: Option<&[u8]>,
) -> Result<Option<AttachedFile>, ReadError> {
    let specification = document.resolve(specification)?;
    let Object::Dictionary(specification) = &*specification else { return Ok(None) };
    let Some(embedded) = specification.get(b"EF") else { return Ok(None) };
    let embedded = document.resolve(embedded)?;
    let Object::Dictionary(embedded) = &*embedded else { return Ok(None) };
    let Some(stream) = embedded.get(b"F").or_else(|| embedded.get(b"UF")) else {
        return Ok(None);
    };
    let Some((stream, bytes)) = document.stream(stream)? else {
        return Err(ReadError::Damaged("an attached file's data is not a stream".into()));
    };
    // The size the writer recorded: a check that nothing was lost (cvpdf writes it).
    let parameters = match stream.object.as_dictionary().and_then(|d| d.get(b"Params")) {
        Some(parameters) => Some(document.resolve(parameters)?),
        None => None,
    };
    if let Some(Object::Dictionary(parameters)) = parameters.as_deref()
        && let Some(size) = parameters.get(b"Size").and_then(Object::as_integer)
        && usize::try_from(size).ok() != Some(bytes.len())
    {
        return Err(ReadError::Damaged(format!(
            "an attached file has {} bytes where its size says {size}",
            bytes.len()
        )));
    }
    let name = stored_name(document, specification, key)?;
    match text::plain_file_name(&name) {
        Some(name) => Ok(Some(AttachedFile { name, bytes })),
        None => Err(ReadError::BadName(format!("{name:?}"))),
    }
}

/// The name a file specification gives its file: the Unicode `/UF`, else `/F` (or the
/// old platform keys), else the tree's key; the first that is a non-empty string.
fn stored_name(
    document: &mut Document,
    specification: &Dictionary,
    key: Option<&[u8]>,
) -> Result<String, ReadError> {
    for field in [&b"UF"[..], b"F", b"Unix", b"Mac", b"DOS"] {
        if let Some(value) = specification.get(field)
            && let Object::String(bytes) = &*document.resolve(value)?
            && !bytes.is_empty()
        {
            return Ok(text::decode(bytes));
        }
    }
    Ok(key.map(text::decode).unwrap_or_default())
}
