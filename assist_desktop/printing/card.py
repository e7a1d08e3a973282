"""The green card (绿卡): one card per household, four to an A4 page, with a QR code of the file number."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from assist_desktop.printing.common import FONT, GREEN, GREY, LIGHT_GREEN, draw_qr, register_fonts

CARD_W, CARD_H = 95 * mm, 138 * mm
MARGIN_X, MARGIN_Y = (A4[0] - 2 * CARD_W) / 3, (A4[1] - 2 * CARD_H) / 3


@dataclass(frozen=True)
class CardData:
    """What one green card shows (ID number already masked by the caller)."""

    file_no: str
    name: str
    sex: str
    age: int
    id_masked: str
    category: str
    status: str
    household_size: int
    per_capita: str
    main_cause: str
    employer: str
    address: str
    phone: str
    responsible: str
    responsible_phone: str
    union_name: str
    issued_on: dt.date
    hotline: str = ""


def _fit(canvas: Canvas, text: str, size: float, width: float) -> str:
    """Shorten text with … so it fits the width at this size."""
    if canvas.stringWidth(text, FONT, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def draw_card(canvas: Canvas, card: CardData, x: float, y: float) -> None:
    c = canvas
    c.saveState()
    c.setStrokeColor(GREEN)
    c.setLineWidth(1.2)
    c.roundRect(x, y, CARD_W, CARD_H, 4 * mm, stroke=1, fill=0)
    # header band
    band = 20 * mm
    c.setFillColor(GREEN)
    c.roundRect(x, y + CARD_H - band, CARD_W, band, 4 * mm, stroke=0, fill=1)
    c.rect(x, y + CARD_H - band, CARD_W, 5 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(FONT, 15)
    c.drawCentredString(x + CARD_W / 2, y + CARD_H - 10 * mm, "困难职工帮扶绿卡")
    c.setFont(FONT, 8)
    c.drawCentredString(x + CARD_W / 2, y + CARD_H - 16 * mm, _fit(c, card.union_name, 8, CARD_W - 10 * mm))
    # rows
    rows = [
        ("档案编号", card.file_no),
        ("姓　　名", f"{card.name}　{card.sex}　{card.age}岁"),
        ("身份证号", card.id_masked),
        ("困难类别", f"{card.category}（{card.status}）"),
        ("家庭人口", f"{card.household_size}人　人均月收入 {card.per_capita}"),
        ("致困原因", card.main_cause),
        ("工作单位", card.employer),
        ("家庭住址", card.address),
        ("联系电话", card.phone),
        ("帮扶责任人", f"{card.responsible}　{card.responsible_phone}".strip()),
    ]
    top = y + CARD_H - band - 8 * mm
    line = 8.6 * mm
    label_w = 19 * mm
    for i, (label, value) in enumerate(rows):
        yy = top - i * line
        if i % 2 == 0:
            c.setFillColor(LIGHT_GREEN)
            c.rect(x + 3 * mm, yy - 2.6 * mm, CARD_W - 6 * mm, line, stroke=0, fill=1)
        c.setFillColor(GREY)
        c.setFont(FONT, 8)
        c.drawString(x + 5 * mm, yy, label)
        c.setFillColor(colors.black)
        c.setFont(FONT, 9.5)
        c.drawString(x + 5 * mm + label_w, yy, _fit(c, value or "—", 9.5, CARD_W - label_w - 10 * mm))
    # QR code and footer
    qr = 24 * mm
    draw_qr(c, card.file_no, x + CARD_W - qr - 4 * mm, y + 4 * mm, qr)
    c.setFillColor(GREY)
    c.setFont(FONT, 7.5)
    c.drawString(x + 5 * mm, y + 20 * mm, f"发卡日期：{card.issued_on:%Y年%m月%d日}")
    if card.hotline:
        c.drawString(x + 5 * mm, y + 15 * mm, _fit(c, f"帮扶热线：{card.hotline}", 7.5, CARD_W - qr - 12 * mm))
    c.drawString(x + 5 * mm, y + 10 * mm, "凭此卡可到工会困难职工帮扶中心")
    c.drawString(x + 5 * mm, y + 6 * mm, "申请救助、职业介绍、法律援助。")
    c.restoreState()


def cards_pdf(cards: Iterable[CardData], *, progress: Callable[[int], None] | None = None) -> bytes:
    """All cards, four to an A4 page (cut along the card borders)."""
    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle("困难职工帮扶绿卡")
    c.setAuthor("assist_desktop")
    slots = [(MARGIN_X, MARGIN_Y * 2 + CARD_H), (MARGIN_X * 2 + CARD_W, MARGIN_Y * 2 + CARD_H),
             (MARGIN_X, MARGIN_Y), (MARGIN_X * 2 + CARD_W, MARGIN_Y)]
    n = 0
    for n, card in enumerate(cards, start=1):
        x, y = slots[(n - 1) % 4]
        draw_card(c, card, x, y)
        if n % 4 == 0:
            c.showPage()
        if progress:
            progress(n)
    if n == 0 or n % 4:
        c.showPage()
    c.save()
    return buf.getvalue()
