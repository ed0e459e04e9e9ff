"""Tokens of one sentence: numbers, words and single symbols, with character offsets.

The tokenizer is one regular expression without nested repetition, so it runs in time
linear in the length of the text. Everything downstream works on these tokens with
bounded look-around windows, which keeps the whole extraction linear.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Tok", "tokenize"]

# a number with thousands separators ("2,905", "1,695.65"), or plain digits ("23.8", "2014");
# then a word (letters, optionally with one apostrophe part: "Kazakhstan's"); then any
# other single non-space character
_TOKEN = re.compile(
    r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?)"
    r"|([^\W\d_]+(?:['’][^\W\d_]+)?)"
    r"|(\S)"
)


class Tok(NamedTuple):
    """One token.

    Attributes
    ----------
    kind : str
        ``"num"``, ``"word"`` or ``"sym"``.
    text : str
        The token as written.
    low : str
        Lower-case text.
    start, end : int
        Character offsets in the tokenized string.
    glued : bool
        True when no space separates this token from the previous one (``724.1kg``).
    """

    kind: str
    text: str
    low: str
    start: int
    end: int
    glued: bool


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    """Split ``text`` into tokens.

    Parameters
    ----------
    text : str
        A sentence (or any string).
    offset : int, optional
        Added to every character offset.

    Returns
    -------
    list of Tok

    Examples
    --------
    >>> [t.text for t in tokenize("seized 724.1kg (2,905 cases)")]
    ['seized', '724.1', 'kg', '(', '2,905', 'cases', ')']
    """
    out: list[Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(text):
        kind = "num" if m.group(1) else ("word" if m.group(2) else "sym")
        s, e = m.span()
        tok = m.group(0)
        out.append(Tok(kind, tok, tok.lower(), s + offset, e + offset, s == prev_end))
        prev_end = e
    return out
