//! The `cvpdf` binary: see `cvpdf --help`. All the work is in the library.

mod allocator;

#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

fn main() -> std::process::ExitCode {
    cvpdf::cli::main()
}
