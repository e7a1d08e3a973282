"""A worker's own copy of the file (PIPL): everything of the person in full, members' ID numbers masked, the
records of the file, and the disclosure in the audit log."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from sqlalchemy import select

from assist_desktop.db.models import AuditLog
from assist_desktop.domain.validation import mask_id_number
from assist_desktop.services.assistance import add_assistance, add_employment_support
from assist_desktop.services.files import create_file
from assist_desktop.services.own_copy import own_copy
from tests.conftest import TODAY, complete_file_data, valid_id

BANK = "6222020200112233445"
MEMBER_ID = valid_id("23010219720505122")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def person(db):
    f = create_file(db, data=complete_file_data(bank_name="工商银行", bank_account=BANK),
                    members=[{"name": "李丽", "relation": "配偶", "id_number": MEMBER_ID}], as_of=TODAY).file
    add_assistance(db, file_no=f.file_no, kind="money", amount="800", fund="union", given_on="2026-10-01",
                   helper="王援助", today=TODAY)
    add_employment_support(db, file_no=f.file_no, kind="training", started_on="2026-09-01", detail="电焊培训班",
                           today=TODAY)
    return f


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@needs_poppler
def test_the_pdf_shows_everything_of_the_person_and_masks_the_members_id_numbers(db, person, tmp_path):
    out = tmp_path / "copy.pdf"
    copy = own_copy(db, file_no=person.file_no, out=out, on=TODAY, actor="王干事")
    text = _text(out)
    assert "本人档案副本" in text and person.file_no in text
    assert person.id_number in text and BANK in text and "13945678901" in text  # theirs, in full
    assert MEMBER_ID not in text and mask_id_number(MEMBER_ID) in text  # the spouse's, masked
    for word in ("李丽", "档案历史", "800.00 元", "王援助", "电焊培训班", "入户走访"):
        assert word in text, word
    assert copy.recipient == f"本人 {person.name}"
    with db.reader() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "disclose")).one()
    assert entry.actor == "王干事" and entry.table_name == "hardship_file" and entry.record_id == person.id
    assert entry.reason == f"本人档案副本（pdf）{person.file_no} 交给 本人 {person.name}"


def test_the_json_export_and_the_command_line(db, person, tmp_path, capsys):
    from assist_desktop.cli import main

    out = tmp_path / "copy.json"
    target = str(db.sqlite_file) if db.sqlite_file else db.url
    assert main(["--db", target, "--as-of", "2026-11-20", "file", "own-copy", person.file_no, "--out", str(out),
                 "--to", "其妻 李丽（持委托书）", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["recipient"] == "其妻 李丽（持委托书）"
    body = json.loads(out.read_text(encoding="utf-8"))
    fields = {f["label"]: f["value"] for sec in body["sections"] for f in sec["fields"]}
    assert fields["身份证号"] == person.id_number and fields["银行账号"] == BANK
    members = next(t for t in body["tables"] if t["title"] == "家庭成员")
    assert members["rows"][0][members["columns"].index("身份证号")] == mask_id_number(MEMBER_ID)
    with db.reader() as s:
        reasons = s.scalars(select(AuditLog.reason).where(AuditLog.action == "disclose")).all()
    assert reasons == [f"本人档案副本（json）{person.file_no} 交给 其妻 李丽（持委托书）"]


def test_only_pdf_or_json(db, person, tmp_path):
    from assist_desktop.domain.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        own_copy(db, file_no=person.file_no, out=tmp_path / "copy.txt", on=TODAY)
    with db.reader() as s:
        assert s.scalars(select(AuditLog).where(AuditLog.action == "disclose")).all() == []
