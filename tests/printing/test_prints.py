"""Green cards and file sheets: the text is in the PDF, IDs are masked, the QR code decodes."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from assist_desktop.cli import main
from assist_desktop.services.files import create_file
from assist_desktop.services.prints import file_sheets, green_cards
from tests.conftest import TODAY, complete_file_data, valid_id


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def two_files(db):
    a = create_file(db, data=complete_file_data(), members=[{"name": "李丽", "relation": "配偶"}], as_of=TODAY)
    b = create_file(db, data=complete_file_data(name="单雄信", id_number=valid_id("23010219650101231")), as_of=TODAY)
    return a.file.file_no, b.file.file_no


@needs_poppler
def test_cards_show_the_household_with_masked_id(db, two_files, tmp_path):
    out = tmp_path / "cards.pdf"
    green_cards(db, file_nos=list(two_files), on=TODAY, out=out)
    text = pdf_text(out)
    assert "困难职工帮扶绿卡" in text and "张建国" in text and "单雄信" in text
    assert "2301**********1238" in text and "230102197003151238" not in text
    assert "哈尔滨锅炉厂工会" in text and "下岗失业" in text


@needs_poppler
@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None, reason="zbar not installed")
def test_card_qr_code_decodes_to_the_file_number(db, two_files, tmp_path):
    out = tmp_path / "one.pdf"
    green_cards(db, file_nos=[two_files[0]], on=TODAY, out=out)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(out), str(tmp_path / "page")], check=True)
    page = sorted(tmp_path.glob("page*.png"))[0]
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True).stdout.split()
    assert decoded == [two_files[0]]


@needs_poppler
def test_file_sheet_has_every_section_and_full_id_only_on_request(db, two_files, tmp_path):
    masked = tmp_path / "sheet.pdf"
    file_sheets(db, file_nos=[two_files[0]], on=TODAY, out=masked)
    text = pdf_text(masked)
    for needle in ("困难职工帮扶档案表", "基本情况", "家庭经济", "五清情况", "家庭成员", "李丽", "档案历史",
                   "18,000.00 元", "2301**********1238"):
        assert needle in text, needle
    assert "230102197003151238" not in text
    full = tmp_path / "full.pdf"
    file_sheets(db, file_nos=[two_files[0]], on=TODAY, full_id=True, out=full)
    assert "230102197003151238" in pdf_text(full)


def test_print_cli_writes_pdf_and_refuses_bad_out(db, two_files, tmp_path, capsys):
    url = db.url
    out = tmp_path / "c.pdf"
    assert main(["--db", url, "--as-of", str(TODAY), "print", "card", two_files[0], "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", url, "print", "card", "--out", str(tmp_path / "c.txt")]) == 2
    assert main(["--db", url, "print", "sheet", "999-000001", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "没有档案编号" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@needs_poppler
def test_letter_names_parties_scope_and_signatures(db, two_files, tmp_path):
    import datetime as dt

    from assist_desktop.services.pairing import add_letter, sign_letter
    from assist_desktop.services.prints import letter
    from assist_desktop.services.unions import add_cadre

    add_cadre(db, name="周红", phone="13900001111")
    made = add_letter(db, lower_person="周红", file_nos=list(two_files), goals="每半年入户走访一次",
                      measures="节日送温暖", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    sign_letter(db, letter_no=made["letter_no"], side="upper", signatory="王主席", on=dt.date(2026, 1, 5))
    out = tmp_path / "letter.pdf"
    letter(db, letter_no=made["letter_no"], out=out)
    text = pdf_text(out)
    for needle in ("包保责任书", "哈尔滨锅炉厂工会", "周红", "每半年入户走访一次", "节日送温暖", "张建国", "单雄信",
                   "王主席", "2026年01月05日", made["letter_no"]):
        assert needle in text, needle
