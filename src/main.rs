//! The `cvpdf` binary: see `cvpdf --help`. All the work is in the library.

fn main() -> std::process::ExitCode {
    cvpdf::cli::main()
}
