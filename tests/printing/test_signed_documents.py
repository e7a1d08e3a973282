"""Documents a union office signs: headings stay with their tables, long text wraps whole, the preparer is named
by display name (never the OS user), the sheet has per-level opinion boxes, the letter shows the key
fingerprints; and the speed-ups draw the same things (QR code words, page counts)."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import subprocess

import pytest
from reportlab.graphics.barcode import qrencoder

from assist_desktop.printing.common import qr_codewords
from assist_desktop.printing.sheet import SheetData, layout_sheet, sheet_document
from assist_desktop.services.access import Actor
from assist_desktop.services.files import create_file
from assist_desktop.services.prints import file_sheets, green_cards, letter, print_batch
from tests.conftest import TODAY, complete_file_data, valid_id

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

MEMBERS = [["王小明", "儿子", "2010-03-02", "良好", "在校 第一中学", "0.00 元"],
           ["王芳", "女儿", "2012-07-09", "良好", "在校 第二小学", "0.00 元"]]


def pdf_pages(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def _sheet(filler_rows: int, address: str = "哈尔滨市南岗区") -> SheetData:
    rows = [(f"项目{i}", f"内容{i}") for i in range(filler_rows * 2)]
    return SheetData(
        union_name="南岗区总工会", file_no="230102-000001", printed_on=TODAY,
        sections=[("基本情况", [("姓名", "王建国"), ("家庭住址", address)]), ("其他", rows)],
        tables=[("家庭成员", ["姓名", "关系", "出生日期", "健康", "身份/学校", "月收入"], MEMBERS)],
        operator="王会计",
    )


def _page_of(pages, text: str) -> int:
    return next(i for i, p in enumerate(pages) if any(t[3] == text for t in p.texts))


def test_the_members_heading_never_stays_alone_at_the_foot_of_a_page() -> None:
    moved = 0
    for n in range(20, 60):  # push the heading down the first page, a row at a time, past its foot
        pages = layout_sheet(_sheet(n))
        heading, first_member = _page_of(pages, "家庭成员"), _page_of(pages, "王小明")
        assert heading == first_member, n
        last_on_page = min(t[1] for t in pages[heading].texts if t[3] != "家庭成员") if heading else None
        if heading == 1 and last_on_page is not None:
            moved += 1
        # the heading row of the table is under its heading, on the same page
        assert _page_of(pages, "出生日期") == heading
    assert moved  # some of these households used to split: the heading then moved to the next page


@needs_poppler
def test_the_split_case_in_the_pdf_heading_and_rows_on_one_page(tmp_path) -> None:
    for n in range(20, 60):
        pages = layout_sheet(_sheet(n))
        if _page_of(pages, "家庭成员") == 1:
            break
    text = pdf_pages(sheet_document([_sheet(n)]).data, tmp_path)
    where = [i for i, p in enumerate(text) if "家庭成员" in p]
    assert where == [1] and "王小明" in text[1] and "王小明" not in text[0]


@needs_poppler
def test_a_long_address_wraps_and_is_printed_whole(tmp_path) -> None:
    address = "黑龙江省哈尔滨市南岗区西大直街一百二十三号院七号楼三单元五楼五零二室（原哈尔滨第一工具厂家属楼，进门左转第二个门洞）"
    pages = layout_sheet(_sheet(1, address))
    lines = [t[3] for t in pages[0].texts if t[3] and t[3] in address]
    assert len(lines) >= 2 and "".join(lines) == address  # wrapped in its cell, nothing cut off
    text = pdf_pages(sheet_document([_sheet(1, address)]).data, tmp_path)[0]
    joined = "".join(text.split())
    assert "".join(address.split()) in joined.replace("—", "")


@needs_poppler
def test_a_long_address_on_the_card_is_on_two_lines_not_cut(db, tmp_path) -> None:
    address = "哈尔滨市南岗区西大直街一百二十三号院七号楼三单元五楼五零二室"
    f = create_file(db, data=complete_file_data(address=address), as_of=TODAY)
    text = "".join(pdf_pages(green_cards(db, file_nos=[f.file.file_no], on=TODAY), tmp_path)[0].split())
    # two lines beside the label (the text extraction puts the label between them), nothing shortened
    assert address in text.replace("家庭住址", "") and "…" not in text


@needs_poppler
def test_the_sheet_names_the_signed_in_account_and_has_the_opinion_boxes(db, tmp_path) -> None:
    f = create_file(db, data=complete_file_data(), as_of=TODAY, actor="root")
    clerk = Actor("clerk1", "clerk", "王会计")
    text = "".join(pdf_pages(file_sheets(db, file_nos=[f.file.file_no], on=TODAY, actor=clerk), tmp_path))
    assert "填表人：王会计" in text
    assert "root" not in text  # the history's OS user is not printed either
    for box in ("基层工会意见", "上级工会意见", "签字", "盖章"):
        assert text.count(box) >= (1 if box in ("基层工会意见", "上级工会意见") else 2), box
    assert len(re.findall(r"年\s+月\s+日", text)) == 2
    pages = re.findall(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", text)
    total = len(pages)  # every page numbers itself "N of M", M the sheet's own page count
    assert total >= 2 and pages == [(str(k), str(total)) for k in range(1, total + 1)]


@needs_poppler
def test_without_an_account_the_unions_preparer_setting_is_printed(db, tmp_path) -> None:
    from assist_desktop.services.common import set_option

    f = create_file(db, data=complete_file_data(), as_of=TODAY, actor="root")
    text = "".join(pdf_pages(file_sheets(db, file_nos=[f.file.file_no], on=TODAY, actor="root"), tmp_path))
    assert "填表人：____" in text and "root" not in text  # a line to sign, not the OS user
    with db.transaction() as s:
        set_option(s, "preparer", "李主任")
    text = "".join(pdf_pages(file_sheets(db, file_nos=[f.file.file_no], on=TODAY, actor="root"), tmp_path))
    assert "填表人：李主任" in text and "root" not in text


def test_an_account_name_in_the_history_is_printed_as_its_display_name(db) -> None:
    from assist_desktop.services.prints import sheet_data
    from assist_desktop.services.users import add_user

    add_user(db, username="zhang", display_name="张干事", password="a-long-passphrase-1", role="admin")
    zhang = Actor("zhang", "admin", "张干事")
    f = create_file(db, data=complete_file_data(), as_of=TODAY, actor=zhang)
    sheet = sheet_data(db, file_nos=[f.file.file_no], on=TODAY, actor=zhang)[0]
    history = dict((t[0], t[2]) for t in sheet.tables)["档案历史"]
    assert history and all(row[-1] == "张干事" for row in history)


@needs_poppler
def test_the_letter_shows_the_fingerprints_of_both_unions(db, tmp_path) -> None:
    from assist_desktop.exchange import crypto
    from assist_desktop.services.keys import ensure_union_key, trust_key
    from assist_desktop.services.pairing import add_letter
    from assist_desktop.services.unions import add_union

    own = ensure_union_key(db)
    upper = add_union(db, code="230102", name="南岗区总工会", level="county")
    public = crypto.public_key_of(crypto.generate_private_key())
    theirs = trust_key(db, union_code=upper.code, public_key=public)
    made = add_letter(db, upper_code=upper.code, lower_code="230102001", goals="每季度走访", measures="结对帮扶",
                      period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    text = "".join("".join(pdf_pages(letter(db, letter_no=made["letter_no"]), tmp_path)).split())
    assert f"甲方工会密钥指纹：{theirs.fingerprint}" in text  # the county's key, as recorded here
    assert f"乙方工会密钥指纹：{own.fingerprint}" in text  # this union's own


def test_the_qr_code_words_are_the_encoders_own() -> None:
    rng = random.Random(4)
    for n in range(1, 120, 5):
        text = "".join(rng.choice("0123456789-ABCxyz档") for _ in range(n))
        for level in (0, 1, 2, 3):
            qr = qrencoder.QRCode(None, level)
            qr.addData(text)
            qr.version = qr.calculate_version()
            assert qr_codewords(qr.version, level, qr.dataList) == qrencoder.QRCode.createData(
                qr.version, level, qr.dataList)


def test_a_batch_knows_where_each_sheet_starts(db) -> None:
    nos = [create_file(db, data=complete_file_data(name=n, id_number=i), as_of=TODAY).file.file_no
           for n, i in (("甲一", "230102197003151238"), ("乙二", valid_id("23010219800101123")))]
    batch = print_batch(db, kind="sheet", file_nos=nos, on=TODAY)
    assert batch.first_pages[0] == 0 and batch.first_pages[1] > 0 and batch.pages > batch.first_pages[1]
    cards = print_batch(db, kind="card", file_nos=nos, on=TODAY)
    assert cards.first_pages == (0, 0) and cards.pages == 1
    seen: list[tuple[int, int]] = []
    print_batch(db, kind="card", file_nos=[], on=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] >= 2  # every file the (empty) search lists
