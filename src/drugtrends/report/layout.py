"""The report's PDF engine: reportlab platypus stories, vector figures, byte-identical files.

A report is a *story*, a list of platypus flowables (headings, paragraphs, tables, figures,
page breaks) that :func:`build_pdf` pours into A4 pages: text wraps and flows on to the
next page, tables continue over pages with their heading row repeated, and every page gets
a running header and a "page i of n" footer.

* :class:`Heading` is a heading that is also a PDF bookmark (the outline in the viewer's
  side bar) and, optionally, an entry of a clickable table of contents (:func:`contents`).
* :func:`figure` turns a matplotlib figure into a vector drawing: the figure is written as
  SVG and read by svglib; opacities, hatches and fonts the converter would get wrong are
  rewritten first.
* :func:`table` is a table of wrapped cells (never cut with "..."), continued over pages.
* :func:`link` and :func:`anchor` give internal and external links in paragraph markup.

The text font is DejaVu Sans, shipped in matplotlib's wheel (the figures' font too), so
the same versions give the same bytes on every machine; :func:`build_pdf` pins the dates
and the document id (``invariant``).

Examples
--------
>>> story = [Heading("Summary", "h1", key="summary", outline="Summary")]
>>> story += [para("Heroin seizures fell about 8 % a year.", lead="Trend.")]
>>> build_pdf(story, "summary.pdf", header=("drugtrends", ""))        # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

__all__ = [
    "FONT",
    "HEIGHT",
    "MARGIN",
    "WIDTH",
    "Column",
    "Heading",
    "Running",
    "anchor",
    "boxed",
    "build_pdf",
    "bullet",
    "contents",
    "esc",
    "figure",
    "link",
    "para",
    "style",
    "table",
]

FONT = "DejaVuSans"
"""The text font family (regular, bold, oblique, bold oblique from matplotlib's wheel)."""

MARGIN = 0.75 * inch
"""Page margins [points]."""

WIDTH = A4[0] - 2 * MARGIN
"""Width of the text column [points]."""

INK = colors.Color(0.1, 0.1, 0.1)
MUTED = colors.Color(0.38, 0.38, 0.38)
RULE = colors.Color(0.7, 0.7, 0.7)
SHADE = colors.Color(0.93, 0.93, 0.93)
LINK = "#1f5f8b"  # the colour of external links (the forecast fan's blue)


# ---------------------------------------------------------------------------- fonts, styles


@functools.cache
def _fonts() -> str:
    """Register DejaVu Sans from matplotlib's data folder (once) and return its family."""
    import matplotlib as mpl
    from reportlab.pdfbase import pdfmetrics
    from svglib.fonts import register_font

    folder = Path(mpl.get_data_path()) / "fonts" / "ttf"
    faces = {
        ("normal", "normal"): FONT,
        ("bold", "normal"): f"{FONT}-Bold",
        ("normal", "italic"): f"{FONT}-Oblique",
        ("bold", "italic"): f"{FONT}-BoldOblique",
    }
    for (weight, slant), name in faces.items():
        # registers the face with reportlab, and maps the figures' SVG family to it (so
        # svglib never looks for a system font)
        register_font("DejaVu Sans", str(folder / f"{name}.ttf"), weight, slant, rlgFontName=name)
    # last: registering a face maps <b> and <i> of its own name to itself
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Oblique",
        boldItalic=f"{FONT}-BoldOblique",
    )
    return FONT


_STYLES: dict[str, dict[str, Any]] = {
    # name: font size [pt], then anything else of ParagraphStyle
    "title": {"fontSize": 20, "bold": True, "spaceAfter": 4},
    "subtitle": {"fontSize": 10, "textColor": MUTED, "spaceAfter": 2},
    "meta": {"fontSize": 8.5, "textColor": MUTED, "spaceAfter": 12},
    "h1": {"fontSize": 14, "bold": True, "spaceAfter": 2},
    "h2": {"fontSize": 12, "bold": True, "spaceBefore": 9, "spaceAfter": 5},
    "h3": {"fontSize": 10.5, "bold": True, "spaceBefore": 4, "spaceAfter": 4},
    "h4": {"fontSize": 9.5, "bold": True, "spaceBefore": 2, "spaceAfter": 2},
    "body": {"fontSize": 8.8, "spaceAfter": 4},
    "text": {"fontSize": 8.3, "spaceAfter": 4},
    "note": {"fontSize": 8.3, "textColor": MUTED, "spaceAfter": 4},
    "small": {"fontSize": 7.6, "spaceAfter": 3},
    "cell": {"fontSize": 7.5, "leading": 9.2},
    "cell_right": {"fontSize": 7.5, "leading": 9.2, "alignment": TA_RIGHT},
    "cell_head": {"fontSize": 7.5, "leading": 9.2, "bold": True},
    "cell_head_right": {"fontSize": 7.5, "leading": 9.2, "bold": True, "alignment": TA_RIGHT},
    "toc": {"fontSize": 8.8, "leftIndent": 12, "firstLineIndent": 0, "spaceAfter": 1.5},
}


@functools.cache
def style(name: str) -> ParagraphStyle:
    """A paragraph style of the report by name (``"body"``, ``"h1"``, ``"cell"`` ...).

    Examples
    --------
    >>> style("body").fontSize
    8.8
    """
    if name not in _STYLES:
        raise KeyError(f"no paragraph style {name!r}; styles: {', '.join(_STYLES)}")
    spec = dict(_STYLES[name])
    family = _fonts()
    bold = spec.pop("bold", False)
    size = spec.pop("fontSize")
    spec.setdefault("leading", round(size * 1.32, 2))
    spec.setdefault("textColor", INK)
    return ParagraphStyle(
        name,
        fontName=f"{family}-Bold" if bold else family,
        fontSize=size,
        allowWidows=0,
        allowOrphans=0,
        **spec,
    )


# ---------------------------------------------------------------------------- markup


def esc(text: Any) -> str:
    """Text made safe for paragraph markup (``&``, ``<``, ``>``; quotes for attributes).

    Examples
    --------
    >>> esc("a < b & c")
    'a &lt; b &amp; c'
    """
    return _escape(str(text), {'"': "&quot;"})


def link(text: str, target: str, *, internal: bool = False) -> str:
    """Paragraph markup of a link: to a URL, or (``internal``) to an :func:`anchor`.

    ``text`` is markup already (escape it with :func:`esc`); an empty target gives the
    text alone.

    Examples
    --------
    >>> link("[3]", "src-3", internal=True)
    '<a href="#src-3">[3]</a>'
    """
    if not target:
        return text
    if internal:
        return f'<a href="#{esc(target)}">{text}</a>'
    return f'<a href="{esc(target)}" color="{LINK}">{text}</a>'


def anchor(name: str) -> str:
    """Paragraph markup of a link target (an invisible anchor) named ``name``."""
    return f'<a name="{esc(name)}"/>'


_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")


def linkify(text: str) -> str:
    """Escaped text with every ``http(s)://`` address made a clickable link.

    Examples
    --------
    >>> linkify("see https://example.org/a?b=1&c=2.")
    'see <a href="https://example.org/a?b=1&amp;c=2" color="#1f5f8b">https://example.org/a?b=1&amp;c=2</a>.'
    """
    out, pos = [], 0
    for m in _URL.finditer(str(text)):
        out.append(esc(text[pos : m.start()]))
        out.append(link(esc(m.group(0)), m.group(0)))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def para(text: str, name: str = "text", *, lead: str = "", italic: bool = False) -> Paragraph:
    """A paragraph of plain ``text`` (escaped; addresses made links), with a bold ``lead``.

    Examples
    --------
    >>> para("Fell about 8 % a year.", lead="Trend.").text
    '<b>Trend.</b> Fell about 8 % a year.'
    """
    body = linkify(text)
    if italic:
        body = f"<i>{body}</i>"
    if lead:
        body = f"<b>{esc(lead)}</b> {body}"
    return Paragraph(body, style(name))


def bullet(markup: str, name: str = "body") -> Paragraph:
    """A bulleted paragraph of ``markup`` (a hanging indent)."""
    base = style(name)
    return Paragraph(
        markup,
        ParagraphStyle(
            f"{name}-bullet",
            parent=base,
            leftIndent=13,
            bulletIndent=3,
            bulletFontName=base.fontName,
            bulletFontSize=base.fontSize,
            spaceAfter=2.5,
        ),
        bulletText="•",
    )


def boxed(flowables: list[Flowable], width: float = WIDTH) -> Table:
    """Flowables in a shaded box the width of the text column (kept on one page)."""
    box = Table([[flowables]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    box.spaceAfter = 8
    return box


# ---------------------------------------------------------------------------- headings


class Heading(Paragraph):
    """A heading that is a bookmark: an outline entry, and a contents entry when ``toc``.

    Parameters
    ----------
    text : str
        The heading (plain text).
    name : str
        Its paragraph style (``"h1"``, ``"h2"`` ...).
    key : str
        The bookmark's name, unique in the document (links point to it).
    outline : str, optional
        The outline entry's text (default ``text``); None: no outline entry.
    level : int
        Outline level (0 the top; a level may be at most one below the one before it).
    toc : sequence of (str, str)
        The :func:`contents` it is listed in: (``kind``, its text there, empty for
        ``text``) pairs.
    closed : bool
        Show the outline entries below this one folded.
    """

    def __init__(
        self,
        text: str,
        name: str = "h1",
        *,
        key: str,
        outline: str | None = "",
        level: int = 0,
        toc: Sequence[tuple[str, str]] = (),
        closed: bool = False,
    ):
        super().__init__(esc(text), style(name))
        self.key = key
        self.outline = (outline or text) if outline is not None else None
        self.level = level
        self.closed = closed
        self.toc = [(kind, entry or text) for kind, entry in toc]
        self.keepWithNext = True

    def draw(self) -> None:
        super().draw()
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.height + self.style.leading)
        if self.outline is not None:
            canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=self.closed)
        for kind, entry in self.toc:
            canv._doctemplate.notify(kind, (0, esc(entry), canv.getPageNumber(), self.key))


def contents(kind: str = "TOCEntry") -> TableOfContents:
    """A table of contents of the :class:`Heading` entries of ``kind``: title, dots,
    page number, each line a link to its page."""
    toc = TableOfContents(notifyKind=kind, dotsMinLevel=0)
    toc.levelStyles = [style("toc")]
    return toc


class Running(Flowable):
    """Sets the running header (left, right) and footer (left) from this page on."""

    def __init__(self, header: tuple[str, str], footer: str):
        super().__init__()
        self.texts = (header[0], header[1], footer)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._doctemplate.running = self.texts


# ---------------------------------------------------------------------------- tables


@dataclass
class Column:
    """A table column: heading, width [inches] and alignment (``"left"``, ``"right"``)."""

    title: str
    width: float
    align: str = "left"


MIN_ROWS = 3
"""A table never breaks with fewer body rows than this on either side of the page break
(no lone row at the top of a page); a shorter table moves to the next page whole."""


class _Table(LongTable):
    """A LongTable with widow and orphan control (:data:`MIN_ROWS`)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head = self.repeatRows
        heights = list(self._rowHeights)
        body = len(heights) - head
        first = len(parts[0]._cellvalues) - head
        keep = sum(heights[: head + min(MIN_ROWS, body)])
        if keep > 0.5 * A4[1]:  # rows taller than half a page: split anywhere
            return parts
        if first < MIN_ROWS or body < 2 * MIN_ROWS:
            return []  # too little fits here: the table starts on the next page
        if body - first < MIN_ROWS:  # a widow: carry more rows over
            rows = body - MIN_ROWS
            return super().split(availWidth, sum(heights[: head + rows]) + 0.01)
        return parts


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    shade: Sequence[bool] | None = None,
    markup: bool = False,
) -> LongTable:
    """A table with a bold heading row repeated on every page it continues on.

    Cells wrap within their column (nothing is cut). ``rows`` hold plain text, or
    paragraph markup when ``markup``; rows marked in ``shade`` are shaded.

    Examples
    --------
    >>> t = table([Column("Year", 0.5), Column("Figure", 1, "right")], [["2020", "97"]])
    >>> t.repeatRows
    1
    """
    head = [
        Paragraph(esc(c.title), style("cell_head_right" if c.align == "right" else "cell_head"))
        for c in columns
    ]
    body = [
        [
            Paragraph(
                str(v) if markup else esc(v),
                style("cell_right" if c.align == "right" else "cell"),
            )
            for v, c in zip(row, columns, strict=True)
        ]
        for row in rows
    ]
    t = _Table([head, *body], colWidths=[c.width * inch for c in columns], repeatRows=1)
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.7, colors.Color(0.35, 0.35, 0.35)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.7, colors.Color(0.35, 0.35, 0.35)),
    ]
    for i, on in enumerate(shade or ()):
        if on:
            commands.append(("BACKGROUND", (0, i + 1), (-1, i + 1), SHADE))
    t.setStyle(TableStyle(commands))
    t.hAlign = "LEFT"
    t.spaceAfter = 6
    return t


# ---------------------------------------------------------------------------- figures


_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")


def _style_dict(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def _style_text(d: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in d.items())


def _for_svglib(svg: bytes) -> bytes:
    """Matplotlib's SVG rewritten into what svglib draws right.

    svglib ignores the ``opacity`` of a shape (matplotlib writes it for artists with an
    alpha of their own, e.g. legend patches) and hatch patterns: opacity becomes fill
    and stroke opacity, and a hatched shape becomes its background colour and the hatch
    lines, clipped to the shape.
    """
    ET.register_namespace("", _SVG)
    ET.register_namespace("xlink", _XLINK)
    root = ET.fromstring(svg)
    patterns = {p.get("id"): p for p in root.iter(f"{{{_SVG}}}pattern")}
    parents = {child: parent for parent in root.iter() for child in parent}
    defs = root.find(f"{{{_SVG}}}defs")
    if defs is None:
        defs = ET.SubElement(root, f"{{{_SVG}}}defs")
    n_clip = 0
    for elem in list(root.iter()):
        text = elem.get("style")
        if not text or (parents.get(elem) is not None and parents[elem].tag.endswith("pattern")):
            continue
        st = _style_dict(text)
        if "font-family" in st:  # the font the figure was drawn in (see figure())
            st["font-family"] = "'DejaVu Sans'"
        alpha = float(st.pop("opacity", "1"))
        if alpha != 1:
            for k in ("fill-opacity", "stroke-opacity"):
                st[k] = f"{float(st.get(k, '1')) * alpha:.4g}"
        fill = st.get("fill", "")
        m = re.fullmatch(r"url\(#([^)]+)\)", fill)
        if not (m and m.group(1) in patterns and elem.get("d")):
            elem.set("style", _style_text(st))
            continue
        # a hatched shape: its pattern's tiles, clipped to the shape
        pattern = patterns[m.group(1)]
        opacity = st.get("fill-opacity", "1")
        n_clip += 1
        clip_id = f"dtclip{n_clip}"
        clip = ET.SubElement(defs, f"{{{_SVG}}}clipPath", {"id": clip_id})
        ET.SubElement(clip, f"{{{_SVG}}}path", {"d": elem.get("d", "")})
        outer = ET.Element(f"{{{_SVG}}}g")
        if elem.get("clip-path"):
            outer.set("clip-path", elem.get("clip-path", ""))
        inner = ET.SubElement(outer, f"{{{_SVG}}}g", {"clip-path": f"url(#{clip_id})"})
        nums = [float(v) for v in _NUMBER.findall(elem.get("d", ""))]
        xs, ys = nums[0::2], nums[1::2]
        w = float(pattern.get("width", "72"))
        h = float(pattern.get("height", "72"))
        for child in pattern:  # the background, once
            if child.tag.endswith("rect") and child.get("fill", "none") != "none":
                ET.SubElement(
                    inner,
                    f"{{{_SVG}}}path",
                    {
                        "d": elem.get("d", ""),
                        "style": f"fill: {child.get('fill')}; fill-opacity: {opacity}",
                    },
                )
        for i in range(math.floor(min(xs) / w), math.ceil(max(xs) / w)):
            for j in range(math.floor(min(ys) / h), math.ceil(max(ys) / h)):
                # each tile clipped to itself: hatch lines that run past it are not drawn twice
                n_clip += 1
                tile_id = f"dtclip{n_clip}"
                x0, y0 = i * w, j * h
                x1, y1 = x0 + w, y0 + h
                box = f"M {x0:g} {y0:g} L {x1:g} {y0:g} L {x1:g} {y1:g} L {x0:g} {y1:g} z"
                tile_clip = ET.SubElement(defs, f"{{{_SVG}}}clipPath", {"id": tile_id})
                ET.SubElement(tile_clip, f"{{{_SVG}}}path", {"d": box})
                clipped = ET.SubElement(inner, f"{{{_SVG}}}g", {"clip-path": f"url(#{tile_id})"})
                tile = ET.SubElement(
                    clipped, f"{{{_SVG}}}g", {"transform": f"translate({x0:g} {y0:g})"}
                )
                for child in pattern:
                    if child.tag.endswith("rect"):
                        continue
                    c = ET.SubElement(tile, child.tag, dict(child.attrib))
                    cst = _style_dict(c.get("style", ""))
                    if "stroke" in cst:
                        cst["stroke-opacity"] = opacity
                    if cst:
                        c.set("style", _style_text(cst))
        parent = parents[elem]
        parent.insert(list(parent).index(elem), outer)
        parent.remove(elem)
    return ET.tostring(root)


HEIGHT = A4[1] - 2 * MARGIN
"""Height of the text column [points]."""


def figure(fig: Any, max_width: float = WIDTH, max_height: float = HEIGHT - 80) -> Flowable:
    """A matplotlib figure as a vector drawing, cropped to its ink, centred.

    The figure is written as SVG (fixed ids, no date; its text in DejaVu Sans, the text
    font) and converted by svglib; a drawing wider than ``max_width`` or taller than
    ``max_height`` [points] is scaled down.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(4, 3))
    >>> figure(fig).width < 4 * 72
    True
    """
    import matplotlib as mpl
    from svglib.svglib import svg2rlg

    _fonts()
    buf = io.BytesIO()
    rc = {
        # text as text in DejaVu Sans (embedded like the page text): whatever fonts the
        # machine has, the figure is laid out and drawn in the same font
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "svg.hashsalt": "drugtrends",
    }
    with mpl.rc_context(rc):
        fig.savefig(
            buf, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.03
        )
    drawing = svg2rlg(io.BytesIO(_for_svglib(buf.getvalue())))
    if drawing is None:  # pragma: no cover - svglib returns None on unreadable SVG
        raise ValueError("the figure could not be converted to a PDF drawing")
    s = min(max_width / drawing.width, max_height / drawing.height)
    if s < 1:  # too wide, or too tall for a page below a heading (a region of 30 countries)
        drawing.scale(s, s)
        drawing.width, drawing.height = drawing.width * s, drawing.height * s
    return _Vector(drawing)


class _Vector(Flowable):
    """A drawing that is drawn only on the passes that can be the last: the first pass
    of a build only measures (its contents and page count are never final)."""

    def __init__(self, drawing: Any):
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if getattr(self.canv._doctemplate, "passes", 2) > 1:
            self.drawing.drawOn(self.canv, 0, 0)


# ---------------------------------------------------------------------------- document


class _Doc(BaseDocTemplate):
    """A4 pages with a running header and a "page i of n" footer; the page count is the
    previous pass's (the build repeats until counts and contents settle)."""

    def __init__(self, filename: Any, *, running: tuple[str, str, str], **kw: Any):
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            invariant=1,
            **kw,
        )
        frame = Frame(MARGIN, MARGIN, WIDTH, HEIGHT, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._decorate)])
        self.first_running = running
        self.running = running
        self._total: int | None = None
        self._drawn_with: int | None = -1
        self.passes = 0

    def build(self, flowables: list, **kw: Any) -> None:
        self.passes += 1
        self.running = self.first_running
        self._drawn_with = self._total
        super().build(flowables, **kw)
        self._total = self.page

    def _allSatisfied(self) -> bool:
        return super()._allSatisfied() and self._drawn_with == self._total

    def _decorate(self, canv: Any, doc: Any) -> None:
        left, right, foot = self.running
        w, h = A4
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(MUTED)
        top = h - MARGIN + 0.38 * inch - 7.5
        canv.drawString(MARGIN, top, left)
        canv.drawRightString(w - MARGIN, top, right)
        bottom = MARGIN - 0.3 * inch
        canv.drawString(MARGIN, bottom, foot)
        total = self._total if self._total is not None else "?"
        canv.drawRightString(w - MARGIN, bottom, f"page {doc.page} of {total}")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN, top - 5, w - MARGIN, top - 5)
        canv.line(MARGIN, bottom + 9, w - MARGIN, bottom + 9)
        canv.restoreState()


def build_pdf(
    story: list[Flowable],
    out: Any,
    *,
    header: tuple[str, str],
    footer: str = "",
    stamp: _dt.datetime | None = None,
    metadata: dict[str, str] | None = None,
) -> None:
    """Lay ``story`` out on A4 pages and write the PDF ``out`` (a path or a binary file).

    Parameters
    ----------
    story : list of flowables
        The content; :class:`Running` flowables change header and footer on the way.
    out : path-like or file
        Where to write.
    header : (str, str)
        Running header, left and right, of the first pages.
    footer : str
        Running footer (left; the page number goes right).
    stamp : datetime, optional
        Creation and modification date (default 1970-01-01 UTC): with the fixed document
        id the same story gives the same bytes.
    metadata : dict, optional
        ``title``, ``author``, ``subject``, ``keywords``, ``creator``.
    """
    _fonts()
    stamp = stamp or _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
    date = stamp.astimezone(_dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
    meta = dict(metadata or {})
    doc = _Doc(
        out if hasattr(out, "write") else str(out),
        running=(header[0], header[1], footer),
        title=meta.get("title", ""),
        author=meta.get("author", ""),
        subject=meta.get("subject", ""),
        keywords=meta.get("keywords", ""),
        creator=meta.get("creator", ""),
        producer=meta.get("producer", "drugtrends (reportlab)"),
        initialFontName=FONT,
    )

    class _Canvas(Canvas):
        def __init__(self, *a: Any, **kw: Any):
            super().__init__(*a, **kw)
            self._doc.setDateFormatter(lambda *_: date)
            self.setPageCompression(1)

    doc.multiBuild(list(story), canvasmaker=_Canvas, maxPasses=8)
