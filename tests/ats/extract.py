"""Extract the text of PDFs with the Python extractors résumé parsers are built on.

    python extract.py PDF...

writes PDF.pdfminer.txt, PDF.pypdf.txt, PDF.pdfplumber.txt and PDF.pymupdf.txt beside
each PDF: each extractor with its default parameters, pages in order, each page's text
ending with a line break, as a parser that reads the whole document gets it.
"""

import sys
from concurrent.futures import ProcessPoolExecutor


def pdfminer(path):
    from pdfminer.high_level import extract_text

    return extract_text(path)


def pypdf(path):
    from pypdf import PdfReader

    return "".join(page.extract_text() + "\n" for page in PdfReader(path).pages)


def pdfplumber(path):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "".join((page.extract_text() or "") + "\n" for page in pdf.pages)


def pymupdf(path):
    import pymupdf

    with pymupdf.open(path) as document:
        return "".join(page.get_text() for page in document)


EXTRACTORS = {"pdfminer": pdfminer, "pypdf": pypdf, "pdfplumber": pdfplumber, "pymupdf": pymupdf}


def extract(job):
    path, name = job
    text = EXTRACTORS[name](path)
    with open(f"{path}.{name}.txt", "w", encoding="utf-8") as out:
        out.write(text)


if __name__ == "__main__":
    jobs = [(path, name) for path in sys.argv[1:] for name in EXTRACTORS]
    with ProcessPoolExecutor(max_workers=2) as pool:
        # list() re-raises the first failure.
        list(pool.map(extract, jobs))
