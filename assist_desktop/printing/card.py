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

from assist_desktop.printing.common import (
    FONT,
    GREEN,
    GREY,
    LIGHT_GREEN,
    FastText,
    draw_qr,
    metrics,
    register_fonts,
)

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


def _fit(text: str, size: float, width: float) -> str:
    """Shorten text with … so it fits the width at this size."""
    m = metrics()
    if m.width(text, size) <= width:
        return text
    while text and m.width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _value_lines(text: str, width: float) -> tuple[float, list[str]]:
    """A value on one line at 9.5 pt; too long, on two lines at 7.5 pt (the second shortened only past that)."""
    m = metrics()
    if m.width(text, 9.5) <= width:
        return 9.5, [text]
    lines = m.wrap(text, 7.5, width)
    if len(lines) > 2:
        lines = [lines[0], _fit("".join(lines[1:]), 7.5, width)]
    return 7.5, lines


def _template(c: Canvas) -> str:
    """The card's fixed drawing (border, header band, row shading, title, labels, the footer's fixed lines) as a
    form XObject of this document, built on its first card and placed on every card (PDF draws it by name)."""
    name = "assistCard"
    if getattr(c, "_assist_card_form", False):
        return name
    c.beginForm(name, lowerx=0, lowery=0, upperx=CARD_W, uppery=CARD_H)
    c.setStrokeColor(GREEN)
    c.setLineWidth(1.2)
    c.roundRect(0, 0, CARD_W, CARD_H, 4 * mm, stroke=1, fill=0)
    c.setFillColor(GREEN)
    c.roundRect(0, CARD_H - BAND, CARD_W, BAND, 4 * mm, stroke=0, fill=1)
    c.rect(0, CARD_H - BAND, CARD_W, 5 * mm, stroke=0, fill=1)
    c.setFillColor(LIGHT_GREEN)
    for i in range(0, len(LABELS), 2):
        yy = TOP - i * LINE
        c.rect(3 * mm, yy - 2.6 * mm, CARD_W - 6 * mm, LINE, stroke=0, fill=1)
    t = c.beginText()
    t.setFillColor(colors.white)
    t.setFont(FONT, 15)
    title = "困难职工帮扶绿卡"
    t.setTextOrigin((CARD_W - metrics().width(title, 15)) / 2, CARD_H - 10 * mm)
    t.textOut(title)
    t.setFillColor(GREY)
    t.setFont(FONT, 8)
    for i, label in enumerate(LABELS):
        t.setTextOrigin(5 * mm, TOP - i * LINE)
        t.textOut(label)
    t.setFont(FONT, 7.5)
    for yy, text in ((10 * mm, "凭此卡可到工会困难职工帮扶中心"), (6 * mm, "申请救助、职业介绍、法律援助。")):
        t.setTextOrigin(5 * mm, yy)
        t.textOut(text)
    c.drawText(t)
    c.endForm()
    c._assist_card_form = True  # type: ignore[attr-defined]
    return name


BAND = 20 * mm
TOP = CARD_H - BAND - 8 * mm
LINE = 8.6 * mm
LABEL_W = 19 * mm
LABELS = ("档案编号", "姓　　名", "身份证号", "困难类别", "家庭人口", "致困原因", "工作单位", "家庭住址", "联系电话",
          "帮扶责任人")
QR_SIZE = 24 * mm


def draw_card(canvas: Canvas, card: CardData, x: float, y: float) -> None:
    c = canvas
    c.saveState()
    form = _template(c)
    c.translate(x, y)
    c.doForm(form)
    values = [
        card.file_no,
        f"{card.name}　{card.sex}　{card.age}岁",
        card.id_masked,
        f"{card.category}（{card.status}）",
        f"{card.household_size}人　人均月收入 {card.per_capita}",
        card.main_cause,
        card.employer,
        card.address,
        card.phone,
        f"{card.responsible}　{card.responsible_phone}".strip(),
    ]
    t = FastText(c)
    t.color(colors.white)
    m = metrics()
    union = _fit(card.union_name, 8, CARD_W - 10 * mm)
    t.font(8)
    t.at((CARD_W - m.width(union, 8)) / 2, CARD_H - 16 * mm, union)
    t.color(colors.black)
    width = CARD_W - LABEL_W - 10 * mm
    for i, value in enumerate(values):
        size, lines = _value_lines(value or "—", width)
        t.font(size)
        yy = TOP - i * LINE + (1.6 * mm if len(lines) > 1 else 0)
        for line in lines:
            t.at(5 * mm + LABEL_W, yy, line)
            yy -= 8.6
    t.color(GREY)
    t.font(7.5)
    t.at(5 * mm, 20 * mm, f"发卡日期：{card.issued_on:%Y年%m月%d日}")
    if card.hotline:
        t.at(5 * mm, 15 * mm, _fit(f"帮扶热线：{card.hotline}", 7.5, CARD_W - QR_SIZE - 12 * mm))
    t.draw(c)
    draw_qr(c, card.file_no, CARD_W - QR_SIZE - 4 * mm, 4 * mm, QR_SIZE)
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
