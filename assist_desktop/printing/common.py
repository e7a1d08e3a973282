"""Fonts, styles and the QR code shared by every printout."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from assist_desktop.resources import resource

FONT = "WQYMicroHei"
GREEN = colors.HexColor("#1b7f3b")
LIGHT_GREEN = colors.HexColor("#e8f5ec")
GREY = colors.HexColor("#555555")


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Embed the bundled WenQuanYi Micro Hei (TrueType outlines: subset-embedded, exact text extraction)."""
    path = resource("fonts", "wqy-microhei.ttc")
    if not path.exists():
        fallback = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
        path = type(path)(fallback)
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    # page streams deflated but not also ASCII85-encoded: a binary stream is valid PDF, a quarter smaller, and
    # ReportLab's pure-Python base-85 encoder was a fifth of a batch's time
    rl_config.useA85 = 0
    return FONT


class Metrics:
    """Glyph advance widths of the embedded font (1/1000 em), read once per character."""

    def __init__(self) -> None:
        register_fonts()
        face = pdfmetrics.getFont(FONT).face  # type: ignore[attr-defined]
        self._table: dict[int, int] = face.charWidths
        self._default: int = face.defaultWidth
        self._cache: dict[str, float] = {}

    def em(self, text: str) -> float:
        got = self._cache.get(text)
        if got is None:
            table, default = self._table, self._default
            got = float(sum(table.get(ord(ch), default) for ch in text))
            if len(self._cache) < 50_000:
                self._cache[text] = got
        return got

    def width(self, text: str, size: float) -> float:
        return self.em(text) * size / 1000

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        """Lines of `text` no wider than `width` (CJK breaks anywhere; a Latin word or number moves whole when
        it can); explicit newlines kept."""
        limit = width * 1000 / size
        out: list[str] = []
        for para in (text or "").split("\n"):
            if self.em(para) <= limit:
                out.append(para)
                continue
            table, default = self._table, self._default
            line: list[str] = []
            used = 0.0
            for ch in para:
                w = table.get(ord(ch), default)
                if line and used + w > limit:
                    # keep an ASCII word together when the line has another place to break
                    cut = len(line)
                    if ch.isascii() and ch.isalnum():
                        while cut > 0 and line[cut - 1].isascii() and line[cut - 1].isalnum():
                            cut -= 1
                    if cut == 0 or cut == len(line):
                        out.append("".join(line))
                        line, used = [], 0.0
                    else:
                        out.append("".join(line[:cut]))
                        line = line[cut:]
                        used = float(sum(table.get(ord(c), default) for c in line))
                line.append(ch)
                used += w
            out.append("".join(line))
        return out or [""]


_metrics_cache: list[Metrics] = []


def metrics() -> Metrics:
    if not _metrics_cache:
        _metrics_cache.append(Metrics())
    return _metrics_cache[0]


class FastText:
    """One text object for many strings, each placed absolutely.

    ReportLab's own `setTextOrigin`/`textOut` format every coordinate with its pure-Python number formatter and
    measure every string to move a cursor nobody uses; a batch of sheets spent a third of its time there. Here
    the position is written once with two decimals (a hundredth of a point) and the string goes through
    ReportLab's own text encoding (`_textOut`: font subsets, escaping) unchanged.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.text = canvas.beginText()
        self._size: float | None = None
        self._color: object = None

    def font(self, size: float) -> None:
        if size != self._size:
            self.text.setFont(FONT, size)
            self._size = size

    def color(self, color: colors.Color) -> None:
        if color is not self._color:
            self.text.setFillColor(color)
            self._color = color

    def at(self, x: float, y: float, text: str) -> None:
        self.text._code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        self.text._textOut(text)

    def draw(self, canvas: Canvas) -> None:
        canvas.drawText(self.text)


def rects(boxes: list[tuple[float, float, float, float]], op: str) -> str:
    """Rectangles as PDF operators, then `op` (f: fill, S: stroke), for Canvas.addLiteral."""
    return "\n".join([f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re" for x, y, w, h in boxes] + [op])


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13.5, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=GREY),
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9, leading=12, alignment=1, textColor=GREY),
        "h2": ParagraphStyle("h2", parent=base, fontSize=11.5, leading=16, textColor=GREEN, spaceBefore=8,
                             spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11.5),
        "body": ParagraphStyle("body", parent=base, fontSize=11, leading=19, firstLineIndent=22),
    }


#: every code uses this mask: the standard allows any of the eight, and choosing the "best" one (scoring all
#: eight) is most of the encoder's time; scanners read every mask the same (zbarimg checked in tests)
QR_MASK = 0


@lru_cache(maxsize=64)
def _generator_logs(ec_count: int) -> tuple[int, ...]:
    """The Reed-Solomon generator polynomial of `ec_count` error-correction bytes, as logarithms."""
    poly = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count)
    return tuple(qrencoder.LOG_TABLE[c] for c in poly.num)


def _ec_bytes(data: list[int], ec_count: int) -> list[int]:
    """The error-correction bytes of one block (polynomial division in GF(256) by table look-ups)."""
    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    gen = _generator_logs(ec_count)[1:]
    rest = list(data) + [0] * ec_count
    for i in range(len(data)):
        coef = rest[i]
        if coef:
            lc = log[coef]
            for j, g in enumerate(gen, start=i + 1):
                rest[j] ^= exp[(lc + g) % 255]
    return rest[len(data):]


def qr_codewords(version: int, level: int, data_list: list[Any]) -> list[int]:
    """The code words of a QR symbol: ReportLab's encoder's own data bits (`QRCode.createData`), with the
    error-correction bytes computed by table look-ups instead of its polynomial objects (the same bytes, a
    tenth of the time; tests compare the two)."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = qrencoder.QRBitBuffer()
    for data in data_list:
        data.write(buffer, version)
    total = sum(b.dataCount for b in blocks) * 8
    if buffer.getLengthInBits() > total:
        raise ValueError(f"QR code length overflow ({buffer.getLengthInBits()} > {total})")
    if buffer.getLengthInBits() + 4 <= total:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pad = (qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1)
    k = 0
    while buffer.getLengthInBits() < total:
        buffer.put(pad[k % 2], 8)
        k += 1
    dc: list[list[int]] = []
    ec: list[list[int]] = []
    offset = 0
    for b in blocks:
        dc.append(list(buffer.buffer[offset:offset + b.dataCount]))
        offset += b.dataCount
        ec.append(_ec_bytes(dc[-1], b.totalCount - b.dataCount))
    out: list[int] = []
    for group in (dc, ec):
        for i in range(max(len(x) for x in group)):
            out += [x[i] for x in group if i < len(x)]
    return out


def qr_matrix(text: str) -> list[list[bool]]:
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    if qr.version is None:
        qr.version = qr.calculate_version()
    qr.dataCache = qr_codewords(qr.version, qr.errorCorrectLevel, qr.dataList)
    qr.makeImpl(False, QR_MASK)
    return [[bool(v) for v in row] for row in qr.modules]


def qr_path(matrix: list[list[bool]]) -> str:
    """The dark modules as PDF rectangle operators in module units, one per horizontal run, row 0 on top."""
    ops: list[str] = []
    for r, row in enumerate(matrix):
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start} {-r - 1} {c - start} 1 re")
            else:
                c += 1
    return "\n".join(ops)


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code as one filled path on a white square with four modules of quiet zone (PLATFORM.md: about
    three times faster than the QR widget). The path is written in module units under one transformation, so
    no coordinate is formatted twice."""
    matrix = qr_matrix(text)
    n = len(matrix) + 8
    cell = size / n
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    canvas.translate(x + 4 * cell, y + size - 4 * cell)
    canvas.scale(cell, cell)
    canvas.addLiteral(qr_path(matrix) + "\nf")
    canvas.restoreState()


def escape(text: object) -> str:
    if text is None:
        return ""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
