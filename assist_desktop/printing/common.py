"""Fonts, styles and the QR code shared by every printout."""

from __future__ import annotations

from functools import lru_cache

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
    return FONT


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


def qr_matrix(text: str) -> list[list[bool]]:
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.make()
    n = qr.getModuleCount()
    return [[bool(qr.isDark(r, c)) for c in range(n)] for r in range(n)]


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code as one filled path (about three times faster than the QR widget; PLATFORM.md)."""
    matrix = qr_matrix(text)
    n = len(matrix) + 8  # four modules of quiet zone on each side
    cell = size / n
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(x + (start + 4) * cell, y + size - (r + 5) * cell, (c - start) * cell, cell)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def escape(text: object) -> str:
    if text is None:
        return ""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
