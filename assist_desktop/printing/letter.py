"""The responsibility letter (包保责任书): parties, scope, goals, measures, period, signatures."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from assist_desktop.printing.common import LIGHT_GREEN, escape, styles
from assist_desktop.printing.sheet import _footer


def _day(value: Any) -> str:
    if not value:
        return "____年__月__日"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value:%Y年%m月%d日}"


def _paragraphs(text: str, style: Any) -> list[Paragraph]:
    return [Paragraph(escape(line.strip()), style) for line in (text or "").splitlines() if line.strip()]


def letter_pdf(letter: Mapping[str, Any], *, fingerprints: Mapping[str, str] | None = None) -> bytes:
    """One letter from its machine form (services.pairing.letter_json); `fingerprints` ("upper"/"lower" → the
    fingerprint of that union's key as recorded here) are printed under the signatures, so the two levels can
    compare on paper the keys their data packages are signed with."""
    st = styles()
    buf = io.BytesIO()
    width = A4[0] - 40 * mm
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title="帮扶工作包保责任书", author="assist_desktop")
    upper, lower = letter.get("upper") or "", letter.get("lower") or ""
    story: list[Any] = [
        Paragraph("困难职工帮扶工作包保责任书", st["title"]),
        Paragraph(escape(f"编号：{letter['letter_no']}"), st["subtitle"]),
        Spacer(0, 6 * mm),
        Paragraph(escape(f"甲方（责任单位）：{upper}"), st["base"]),
        Paragraph(escape(f"乙方（包保{'责任人' if letter.get('lower_person') else '单位'}）：{lower}"), st["base"]),
        Spacer(0, 4 * mm),
        Paragraph(escape(
            f"为落实困难职工“绿卡”跟踪帮扶制度，实行分级负责、包保到户，按照“五清”标准建档立卡，做到随时发现随时输入、"
            f"随时变化随时调整、随时脱困随时注销，经甲乙双方商定，签订本责任书。包保期限自{_day(letter['period_start'])}"
            f"至{_day(letter['period_end'])}，包保困难职工家庭{letter.get('household_count', 0)}户。"), st["body"]),
        Paragraph("一、工作目标", st["h2"]), *_paragraphs(letter.get("goals", ""), st["body"]),
        Paragraph("二、工作措施", st["h2"]), *_paragraphs(letter.get("measures", ""), st["body"]),
        Paragraph("三、双方责任", st["h2"]),
        Paragraph("甲方负责督促检查、指导协调，定期通报包保情况；乙方对包保户做到底数清、情况明，至少每半年入户走访一次，"
                  "落实帮扶措施，情况变化及时调整档案，脱困户按规定公示、退档并跟踪回访。", st["body"]),
    ]
    files = letter.get("files") or []
    if files:
        rows: list[list[Any]] = [[Paragraph(h, st["cell"]) for h in ("序号", "档案编号", "姓名")]]
        rows += [[str(i), Paragraph(escape(f["file_no"]), st["cell"]), Paragraph(escape(f["name"]), st["cell"])]
                 for i, f in enumerate(files, 1)]  # long names wrap in their cell
        t = Table(rows, colWidths=[20 * mm, 70 * mm, width - 90 * mm], repeatRows=1)
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), st["cell"].fontName, 9),
                               ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b9d7c3")),
                               ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREEN),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        # the heading stands with the first rows; a long list runs on with its heading row repeated
        story += [CondPageBreak(40 * mm), Paragraph("四、包保困难职工家庭名单", st["h2"]), t]
    sign = Table([
        [Paragraph(escape(f"甲方：{upper}"), st["base"]), Paragraph(escape(f"乙方：{lower}"), st["base"])],
        [Paragraph(escape(f"负责人（签字）：{letter.get('upper_signatory') or ''}"), st["base"]),
         Paragraph(escape(f"负责人（签字）：{letter.get('lower_signatory') or ''}"), st["base"])],
        [Paragraph(_day(letter.get("upper_signed_on")), st["base"]),
         Paragraph(_day(letter.get("lower_signed_on")), st["base"])],
    ], colWidths=[width / 2, width / 2])
    sign.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 6)]))
    closing: list[Any] = [Paragraph("本责任书一式两份，甲乙双方各执一份，自签订之日起生效。", st["base"]),
                          Spacer(0, 6 * mm), sign]
    prints = fingerprints or {}
    if prints:
        closing.append(Spacer(0, 4 * mm))
        closing += [Paragraph(escape(f"{'甲方' if side == 'upper' else '乙方'}工会密钥指纹：{prints[side]}"),
                              st["small"]) for side in ("upper", "lower") if side in prints]
        closing += [Paragraph("数据包以此密钥签名。双方可将此指纹与本方程序显示的指纹核对"
                                "（命令 union key show；导入数据包时的确认框）。", st["small"])]
    story += [Spacer(0, 12 * mm), KeepTogether(closing)]
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()
