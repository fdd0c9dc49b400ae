//! cvpdf for WebAssembly (`wasm32-unknown-unknown`): the library's [`cvpdf::build`]
//! behind four exported functions, callable from JavaScript without generated bindings
//! (`tests/wasm/build.mjs` shows how). This prepares an in-browser editor.
//!
//! A caller asks for room with [`input`], writes the file's name, the layout's name and
//! the file's text there one after the other, calls [`build`] with the first two
//! lengths, and reads [`output_len`] bytes at [`output`]: the PDF, or the error as text.
//! Everything runs on the calling thread; the layout is a preset (there is no file
//! system).

use std::cell::RefCell;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Room for `len` bytes of input; where to write them.
#[unsafe(no_mangle)]
pub extern "C" fn input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|input| {
        input.clear();
        input.resize(len, 0);
        input.as_mut_ptr()
    })
}

/// Build the résumé in the input (`name_len` bytes of its file name, `layout_len` of the
/// layout's, then its text): 0 when the output holds the PDF, 1 when it holds the error.
#[unsafe(no_mangle)]
pub extern "C" fn build(name_len: usize, layout_len: usize) -> u32 {
    let result = INPUT.with_borrow(|input| run(input, name_len, layout_len));
    let (status, bytes) = match result {
        Ok(pdf) => (0, pdf),
        Err(message) => (1, message.into_bytes()),
    };
    OUTPUT.set(bytes);
    status
}

/// Where the output starts.
#[unsafe(no_mangle)]
pub extern "C" fn output() -> *const u8 {
    OUTPUT.with_borrow(|output| output.as_ptr())
}

/// How long the output is.
#[unsafe(no_mangle)]
pub extern "C" fn output_len() -> usize {
    OUTPUT.with_borrow(|output| output.len())
}

fn run(input: &[u8], name_len: usize, layout_len: usize) -> Result<Vec<u8>, String> {
    let text = |range: std::ops::Range<usize>| {
        let bytes = input.get(range).ok_or_else(|| "the lengths go past the input".to_string())?;
        std::str::from_utf8(bytes).map_err(|_| "the input is not UTF-8".to_string())
    };
    let header = name_len.checked_add(layout_len).ok_or("the lengths go past the input")?;
    let name = text(0..name_len)?;
    let layout = text(name_len..header)?;
    let resume = text(header..input.len())?;
    let source = cvpdf::diag::Source::new(name, resume);
    let options = cvpdf::Options { layout: layout.into(), ..cvpdf::Options::default() };
    cvpdf::build(&source, &options).map(|output| output.pdf).map_err(|error| error.to_string())
}
