"""Reading a chapter safely, and splitting it into sections, paragraphs and sentences.

:func:`read_text` refuses, quickly and with a message that says what to do, input that is
not a chapter: an empty file, a binary file, text that is not UTF-8, a file over the size
limit. :func:`split_document` cuts the text into paragraphs (blank-line separated blocks)
under their headings ("B. Drug Control Accomplishments ...", "2. Supply Reduction") and
the paragraphs into sentences, keeping character offsets into the text.

Examples
--------
>>> doc = split_document("2. Supply Reduction\\n\\nPolice seized 2 kg. Courts sat.")
>>> [(p.locator, [s.text for s in p.sentences]) for p in doc]
[('2. Supply Reduction, para 1', ['Police seized 2 kg.', 'Courts sat.'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "MAX_BYTES",
    "ExtractError",
    "Paragraph",
    "Sentence",
    "decode",
    "mask_furniture",
    "read_text",
    "split_document",
]

MAX_BYTES = 1_000_000
"""Default size limit of an input chapter in bytes (a country chapter is 10-100 kB)."""

MAX_SENTENCE = 2_000
"""Longer "sentences" (tables, run-on text) are cut at whitespace into pieces of this size."""


class ExtractError(ValueError):
    """The input cannot be read as a report chapter; the message says why and what to do."""


def decode(raw: bytes, *, name: str = "input", encoding: str = "utf-8") -> str:
    """Check and decode the bytes of a chapter.

    Parameters
    ----------
    raw : bytes
    name : str, optional
        Shown in error messages.
    encoding : str, optional
        Text encoding of the input; UTF-8 by default (a leading byte-order mark is allowed).

    Returns
    -------
    str
        The text; a leading byte-order mark becomes a space so that offsets still count
        every character of the file.

    Raises
    ------
    ExtractError
        Empty, binary, or not in ``encoding``.

    Examples
    --------
    >>> decode(b"Police seized 2 kg.")
    'Police seized 2 kg.'
    """
    if raw.strip() == b"":
        raise ExtractError(f"{name} is empty; give the plain text of a report chapter")
    head = raw[:65536]
    if b"\x00" in head:
        raise ExtractError(
            f"{name} is binary (it contains NUL bytes), not plain text; convert the chapter "
            "to text first (for a PDF: pdftotext -layout chapter.pdf chapter.txt)"
        )
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        raise ExtractError(
            f"{name} is a PDF, Word or RTF document, not plain text; save or convert it as "
            ".txt first"
        )
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ExtractError(
            f"{name} is not {encoding} text (byte 0x{raw[err.start]:02x} at offset "
            f"{err.start}, line {line}); convert it, e.g. iconv -f cp1251 -t utf-8, or pass "
            "the right --encoding"
        ) from None
    except LookupError:
        raise ExtractError(f"unknown text encoding {encoding!r}") from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:65536]) // 100):
        raise ExtractError(
            f"{name} looks binary ({controls} control characters in the first "
            f"{min(len(text), 65536)}); give the plain text of a report chapter"
        )
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    if not any(ch.isalpha() for ch in text[:65536]):
        raise ExtractError(f"{name} contains no words; give the plain text of a report chapter")
    return text


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES, encoding: str = "utf-8") -> str:
    """Read a chapter from a file, refusing bad input before doing any work.

    Parameters
    ----------
    path : path-like
    max_bytes : int, optional
        Size limit [bytes]; larger files are refused without being read.
    encoding : str, optional

    Returns
    -------
    str

    Raises
    ------
    ExtractError
        Missing, not a regular file, too large, empty, binary, or not decodable.

    Examples
    --------
    >>> text = read_text("kaz_2015.txt")  # doctest: +SKIP
    """
    p = Path(path)
    if not p.exists():
        raise ExtractError(f"{p}: no such file")
    if not p.is_file():
        raise ExtractError(f"{p} is not a regular file; give the path of a .txt chapter")
    size = p.stat().st_size
    if size > max_bytes:
        raise ExtractError(
            f"{p} is {size:,} bytes, over the limit of {max_bytes:,} bytes for one chapter; "
            "split the report into country chapters or raise the limit (--max-bytes)"
        )
    with p.open("rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:  # the file grew while we looked
        raise ExtractError(f"{p} is over the limit of {max_bytes:,} bytes for one chapter")
    return decode(raw, name=str(p), encoding=encoding)


@dataclass
class Sentence:
    """A sentence: its text and its span in the document (``doc[start:end] == text``)."""

    start: int
    end: int
    text: str


@dataclass
class Paragraph:
    """A paragraph under its heading."""

    locator: str
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)


_BLOCK_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n")
_HEADING = re.compile(r"(?P<label>[A-H]|[IVX]{1,4}|\d{1,2})\s*[.)]\s+(?P<title>[A-Z][^\n]{0,90})")
# end of a sentence: . ! ? (and closing quotes or brackets), then space, then a capital,
# digit, quote, bracket or currency sign
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(\[$])")
_ABBREV = {
    "no", "nos", "art", "approx", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "co", "inc",
    "ltd", "gen", "lt", "col", "gov", "sen", "rep", "corp", "cf", "para", "p", "pp", "fig",
    "est", "ca", "maj", "capt", "sgt", "prof", "jr", "sr", "u.s", "u.n", "u.k", "e.u",
}  # fmt: skip
_UNIT_ABBREV = {"kg", "kgs", "gr", "tn", "ha", "thous", "mln", "bln"}
_LAST_WORD = re.compile(r"([A-Za-z](?:[A-Za-z.]{0,12}[A-Za-z])?)\.$")


def _is_heading(line: str) -> re.Match[str] | None:
    line = line.strip()
    if len(line) > 100 or line.endswith((".", ",", ";", ":")):
        return None
    return _HEADING.fullmatch(line)


def _sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences with document offsets."""
    out: list[Sentence] = []
    seg_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        dot = m.start()
        # the word that ends at the full stop
        word = _LAST_WORD.search(text, max(seg_start, dot - 14), dot + 1)
        if text[dot] == "." and word is not None:
            w = word.group(1).lower()
            if w in _ABBREV or len(w) == 1 or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                continue
            if w in _UNIT_ABBREV and text[m.end() : m.end() + 1] == "(":
                continue  # "heroin – 106.5 kg. (121.6 kg.)": a unit, then last year's figure
        out.extend(_cut(text, seg_start, m.end()))
        seg_start = m.end()
    if seg_start < end:
        out.extend(_cut(text, seg_start, end))
    return [s for s in out if s.text]


def _cut(text: str, start: int, end: int) -> list[Sentence]:
    """A sentence span trimmed of surrounding space, cut into pieces if very long."""
    pieces: list[Sentence] = []
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        stop = end
        if stop - start > MAX_SENTENCE:
            cut = text.rfind(" ", start, start + MAX_SENTENCE)
            stop = cut if cut > start else start + MAX_SENTENCE
        e = stop
        while e > start and text[e - 1].isspace():
            e -= 1
        if e > start:
            pieces.append(Sentence(start, e, text[start:e]))
        start = stop
    return pieces


# page furniture in text from PDFs: running heads and feet, page numbers
_FURNITURE = re.compile(
    r"^[ \t]*(?:\d{1,4}|[-–—][ \t]*\d{1,4}[ \t]*[-–—]|page[ \t]+\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?|"
    r"(?:INCSR|International[ \t]+Narcotics[ \t]+Control[ \t]+Strategy[ \t]+Report)[ \t]*"
    r"(?:\d{4})?(?:[ \t,]*Volume[ \t]+I{1,2})?|"
    r"[^.\n]{0,60}\bVolume[ \t]+I{1,2}\b[^.\n]{0,60}|[^.\n]{0,60}\bCountry[ \t]+Reports)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def mask_furniture(text: str) -> str:
    """Blank out page numbers and running heads (same length, so offsets still hold).

    Examples
    --------
    >>> mask_furniture("INCSR 2017 Volume I    Country Reports").strip()
    ''
    >>> mask_furniture("Page 12 of 40") == " " * 13
    True
    """
    return _FURNITURE.sub(lambda m: " " * len(m.group(0)), text)


_END_PUNCT = tuple('.!?:;"”’)')


def _blocks(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; a block that continues a cut sentence is joined to it."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    for m in _BLOCK_SPLIT.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    merged: list[tuple[int, int]] = []
    for start, end in blocks:
        body = text[start:end].strip()
        if not body:
            continue
        if merged:
            prev = text[merged[-1][0] : merged[-1][1]].rstrip()
            # "the discovery of large | [page break] | plantations of wild cannabis"
            if (
                body[0].islower()
                and not prev.endswith(_END_PUNCT)
                and not _is_heading(prev.rsplit("\n", 1)[-1])
            ):
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def split_document(text: str) -> list[Paragraph]:
    """Split a chapter into paragraphs (with locators) and sentences.

    A paragraph is a block of lines separated by blank lines. A block, or the first line
    of a block, that looks like a heading ("B. Drug Control ...", "2. Supply Reduction")
    starts a new section; locators read like ``"B.2 Supply Reduction, para 3"``. Page
    numbers and running heads (text from PDFs) are blanked, and a block that continues a
    sentence cut by a page break is joined to it. Sentences are read from this cleaned
    copy, which has the same length as ``text``, so spans still index into ``text``.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of Paragraph

    Examples
    --------
    >>> doc = split_document("B. Trends\\n\\n2. Supply Reduction\\n\\nPolice seized 2 kg. More.")
    >>> doc[0].locator, len(doc[0].sentences)
    ('B.2 Supply Reduction, para 1', 2)
    """
    paragraphs: list[Paragraph] = []
    letter = number = title = ""
    count = 0
    text = mask_furniture(text)
    blocks = _blocks(text)
    for b_start, b_end in blocks:
        # leading heading lines of the block
        while b_start < b_end:
            nl = text.find("\n", b_start, b_end)
            line_end = b_end if nl == -1 else nl
            line = text[b_start:line_end]
            if not line.strip():
                b_start = line_end + 1
                continue
            head = _is_heading(line)
            if head is None:
                break
            label, head_title = head.group("label"), head.group("title").strip()
            if label.isdigit():
                number, title = label, head_title
            else:
                letter, number, title = label, "", head_title
            count = 0
            b_start = line_end + 1
        if b_start >= b_end:
            continue
        chunk = text[b_start:b_end]
        if not chunk.strip():
            continue
        stripped = chunk.strip()
        # a title line in capitals ("KAZAKHSTAN") is not a paragraph
        if "\n" not in stripped and stripped.isupper() and len(stripped) < 60:
            continue
        count += 1
        if letter and number:
            where = f"{letter}.{number} {title}"
        elif letter or number:
            where = f"{letter or number}. {title}"
        else:
            where = ""
        locator = f"{where}, para {count}" if where else f"para {count}"
        para = Paragraph(locator, b_start, b_end)
        para.sentences = _sentences(text, b_start, b_end)
        paragraphs.append(para)
    return paragraphs
