"""Page layout for the PDF report: A4 pages of measured, wrapped text, figures and tables.

Everything is placed in inches from the top-left corner of the page and drawn with
matplotlib (one :class:`matplotlib.figure.Figure` per page), so the PDF needs no other
engine. Text is wrapped by measuring each word in the font it is drawn in, so nothing runs
past the margins; mathtext is off (a ``$`` in a source title stays a dollar sign).

:class:`Flow` stacks blocks down a page and starts a new page when the next block does
not fit; :class:`Page` is one page.

Examples
--------
>>> flow = Flow(header="drugtrends report")
>>> flow.heading("Summary")
>>> flow.paragraph("Heroin seizures fell about 8 % a year.", lead="Trend.")
>>> len(flow.pages)
1
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["A4", "Column", "Flow", "Page", "text_width", "wrap"]

A4 = (8.27, 11.69)
"""Page size [inches]."""

_LEADING = 1.32  # line height as a multiple of the font size
INK = "0.1"
MUTED = "0.38"
RULE = "0.7"


@functools.lru_cache(maxsize=20000)
def text_width(text: str, size: float, weight: str = "normal", style: str = "normal") -> float:
    """Width of ``text`` drawn in the default sans-serif font [inches].

    Examples
    --------
    >>> 0.5 < text_width("Heroin seizures", 10) < 1.5
    True
    """
    from matplotlib.font_manager import FontProperties

    if not text:
        return 0.0
    prop = FontProperties(size=size, weight=weight, style=style)
    width, _, _ = _measurer().get_text_width_height_descent(text, prop, ismath=False)
    return width / 72.0


@functools.cache
def _measurer() -> Any:
    from matplotlib.textpath import TextToPath

    return TextToPath()


def _words_width(words: Sequence[str], size: float, weight: str, style: str) -> float:
    """Width of words joined by single spaces, from cached word widths [inches]."""
    if not words:
        return 0.0
    space = text_width("a a", size, weight, style) - 2 * text_width("a", size, weight, style)
    return sum(text_width(w, size, weight, style) for w in words) + space * (len(words) - 1)


def wrap(
    text: str,
    width: float,
    size: float,
    weight: str = "normal",
    style: str = "normal",
    first_width: float | None = None,
) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` inches (greedy, by words).

    Words are measured one by one in the font they are drawn in (kerning between words
    is ignored, so lines keep 2 % to spare). A word longer than a line (a URL) is cut
    where it must be. ``first_width`` narrows the first line (room for a bold lead-in).

    Examples
    --------
    >>> wrap("one two three four five six", 1.0, 10)
    ['one two three', 'four five six']
    """
    lines: list[str] = []
    for para in str(text).split("\n"):
        line: list[str] = []
        for word in para.split(" "):
            limit = 0.98 * (first_width if (first_width is not None and not lines) else width)
            if _words_width([*line, word], size, weight, style) <= limit:
                line.append(word)
                continue
            if line:
                lines.append(" ".join(line))
                line = []
                limit = 0.98 * width
            # a word wider than the line is cut into pieces
            while text_width(word, size, weight, style) > limit:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], size, weight, style) > limit:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                limit = 0.98 * width
            line = [word]
        lines.append(" ".join(line))
    return lines


def line_height(size: float) -> float:
    """Height of one line of text [inches]."""
    return size * _LEADING / 72.0


@dataclass
class Column:
    """A table column: heading, width [inches], alignment, and how many lines a cell may
    take (longer text is cut with an ellipsis)."""

    title: str
    width: float
    align: str = "left"
    max_lines: int = 2


class Page:
    """One A4 page: a figure with margins and a cursor that moves down as blocks are added.

    Parameters
    ----------
    header : str
        Running header (left), drawn on every page.
    header_right : str
        Running header (right).
    margins : tuple of float
        Left, top, right, bottom margins [inches].
    """

    def __init__(
        self,
        header: str = "",
        header_right: str = "",
        size: tuple[float, float] = A4,
        margins: tuple[float, float, float, float] = (0.75, 0.75, 0.75, 0.75),
    ):
        from matplotlib.figure import Figure

        self.size = size
        self.margins = margins
        self.fig = Figure(figsize=size)
        self.y = margins[1]
        self.header = header
        self.header_right = header_right
        if header or header_right:
            self._running_header()

    # ------------------------------------------------------------------ geometry
    @property
    def width(self) -> float:
        """Width between the margins [inches]."""
        return self.size[0] - self.margins[0] - self.margins[2]

    @property
    def bottom(self) -> float:
        """Lowest usable position [inches from the top]."""
        return self.size[1] - self.margins[3]

    def remaining(self) -> float:
        """Space left above the bottom margin [inches]."""
        return self.bottom - self.y

    def _fx(self, x: float) -> float:
        return x / self.size[0]

    def _fy(self, y: float) -> float:
        return 1 - y / self.size[1]

    # ------------------------------------------------------------------ primitives
    def put(self, x: float, y: float, text: str, size: float = 9, **kw: Any) -> Any:
        """Text with its top-left corner at (``x``, ``y``) inches from the page's top-left."""
        kw.setdefault("color", INK)
        kw.setdefault("va", "top")
        return self.fig.text(self._fx(x), self._fy(y), text, fontsize=size, parse_math=False, **kw)

    def hline(self, y: float, x0: float | None = None, x1: float | None = None, **kw: Any) -> None:
        """A horizontal rule at ``y`` [inches from the top]."""
        from matplotlib.lines import Line2D

        x0 = self.margins[0] if x0 is None else x0
        x1 = self.size[0] - self.margins[2] if x1 is None else x1
        kw.setdefault("color", RULE)
        kw.setdefault("linewidth", 0.6)
        self.fig.add_artist(Line2D([self._fx(x0), self._fx(x1)], [self._fy(y), self._fy(y)], **kw))

    def box(self, x: float, y: float, w: float, h: float, **kw: Any) -> None:
        """A filled rectangle, top-left at (``x``, ``y``), ``w`` by ``h`` inches."""
        from matplotlib.patches import Rectangle

        kw.setdefault("linewidth", 0)
        self.fig.add_artist(
            Rectangle(
                (self._fx(x), self._fy(y + h)),
                w / self.size[0],
                h / self.size[1],
                transform=self.fig.transFigure,
                zorder=0,
                **kw,
            )
        )

    def _running_header(self) -> None:
        left, top = self.margins[0], self.margins[1] - 0.38
        self.put(left, top, self.header, size=7.5, color=MUTED)
        self.put(
            self.size[0] - self.margins[2],
            top,
            self.header_right,
            size=7.5,
            color=MUTED,
            ha="right",
        )
        self.hline(top + 0.2)

    def footer(self, text_left: str, text_right: str) -> None:
        """The running footer (page numbers go on the right)."""
        y = self.size[1] - self.margins[3] + 0.3
        self.hline(y - 0.08)
        self.put(self.margins[0], y, text_left, size=7.5, color=MUTED)
        self.put(self.size[0] - self.margins[2], y, text_right, size=7.5, color=MUTED, ha="right")

    # ------------------------------------------------------------------ blocks
    def lines_height(self, n: int, size: float) -> float:
        return n * line_height(size)

    def text_block(
        self,
        text: str,
        size: float = 9,
        *,
        weight: str = "normal",
        style: str = "normal",
        color: str = INK,
        indent: float = 0.0,
        lead: str = "",
        width: float | None = None,
        space_after: float = 0.06,
        dry: bool = False,
    ) -> float:
        """Wrapped text at the cursor; returns its height [inches] (``dry``: measure only)."""
        width = (self.width - indent) if width is None else width
        lead_w = text_width(lead + " ", size, "bold", style) if lead else 0.0
        lines = wrap(text, width, size, weight, style, first_width=width - lead_w)
        height = self.lines_height(len(lines), size) + space_after
        if dry:
            return height
        x = self.margins[0] + indent
        y = self.y
        if lead:
            self.put(x, y, lead, size=size, weight="bold", style=style, color=color)
        for i, line in enumerate(lines):
            self.put(
                x + (lead_w if i == 0 else 0.0),
                y,
                line,
                size=size,
                weight=weight,
                style=style,
                color=color,
            )
            y += line_height(size)
        self.y += height
        return height

    def axes(self, height: float, left: float = 0.75, right: float = 0.1) -> Any:
        """An axes ``height`` inches tall at the cursor; ``left``/``right`` leave room for
        tick labels [inches]."""
        x0 = self.margins[0] + left
        w = self.width - left - right
        ax = self.fig.add_axes(
            (self._fx(x0), self._fy(self.y + height), w / self.size[0], height / self.size[1])
        )
        self.y += height
        return ax

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        size: float = 7.5,
        *,
        shade: Sequence[bool] | None = None,
        dry: bool = False,
    ) -> float:
        """A table at the cursor: bold heading row, a rule, light shading on marked rows.

        Returns its height [inches]; with ``dry`` only measures.
        """
        pad = 0.06
        lh = line_height(size)
        cells = [
            [self._cell(str(v), c, size) for v, c in zip(row, columns, strict=True)] for row in rows
        ]
        heights = [max(len(c) for c in row) * lh + 0.03 for row in cells]
        head_h = lh + 0.05
        total = head_h + sum(heights) + 0.08
        if dry:
            return total
        x0 = self.margins[0]
        y = self.y
        x = x0
        for col in columns:
            self._cell_text(x, y, col.width, [col.title], col, size, weight="bold", pad=pad)
            x += col.width
        y += head_h
        self.hline(y - 0.03, x0, x0 + sum(c.width for c in columns), color="0.35", linewidth=0.7)
        for i, (row, h) in enumerate(zip(cells, heights, strict=True)):
            if shade is not None and shade[i]:
                self.box(x0, y - 0.015, sum(c.width for c in columns), h, facecolor="0.93")
            x = x0
            for lines, col in zip(row, columns, strict=True):
                self._cell_text(x, y, col.width, lines, col, size, pad=pad)
                x += col.width
            y += h
        self.hline(y, x0, x0 + sum(c.width for c in columns), color="0.35", linewidth=0.7)
        self.y += total
        return total

    def _cell(self, text: str, col: Column, size: float) -> list[str]:
        lines = wrap(text, col.width - 0.12, size)
        if len(lines) > col.max_lines:
            lines = lines[: col.max_lines]
            last = lines[-1]
            while last and text_width(last + "…", size) > col.width - 0.12:
                last = last[:-1]
            lines[-1] = last.rstrip() + "…"
        return lines

    def _cell_text(
        self,
        x: float,
        y: float,
        w: float,
        lines: list[str],
        col: Column,
        size: float,
        weight: str = "normal",
        pad: float = 0.06,
    ) -> None:
        for i, line in enumerate(lines):
            yy = y + i * line_height(size)
            if col.align == "right":
                self.put(x + w - pad, yy, line, size=size, weight=weight, ha="right")
            else:
                self.put(x + pad, yy, line, size=size, weight=weight)


@dataclass
class Flow:
    """Blocks stacked down pages; a block that does not fit starts a new page.

    Parameters
    ----------
    header, header_right : str
        Running header of every page.
    """

    header: str = ""
    header_right: str = ""
    pages: list[Page] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.pages:
            self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> Page:
        self.pages.append(Page(self.header, self.header_right))
        return self.page

    def ensure(self, height: float) -> Page:
        """The current page if ``height`` inches still fit, else a new one."""
        if self.page.remaining() < height and self.page.y > self.page.margins[1] + 0.01:
            self.new_page()
        return self.page

    def space(self, inches: float) -> None:
        self.page.y += inches

    def heading(self, text: str, size: float = 12, keep_with: float = 0.6) -> None:
        """A bold heading, kept on one page with the first ``keep_with`` inches after it."""
        h = self.page.text_block(text, size, weight="bold", dry=True, space_after=0.08)
        self.ensure(h + keep_with)
        self.page.text_block(text, size, weight="bold", space_after=0.08)

    def paragraph(self, text: str, size: float = 9, **kw: Any) -> None:
        """Wrapped text; moves to a new page when it does not fit."""
        h = self.page.text_block(text, size, dry=True, **kw)
        self.ensure(h)
        self.page.text_block(text, size, **kw)

    def bullets(self, items: Sequence[str], size: float = 9, **kw: Any) -> None:
        """One bulleted paragraph per item (a hanging indent)."""
        for item in items:
            h = self.page.text_block(item, size, indent=0.2, dry=True, **kw)
            self.ensure(h)
            self.page.put(self.page.margins[0] + 0.05, self.page.y, "•", size=size)
            self.page.text_block(item, size, indent=0.2, **kw)
