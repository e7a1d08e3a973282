"""Reports: every number is what the database holds, and where `stats` counts the same thing, the same number."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.db.models import AssistanceRecord, AuditLog, HardshipFile, StatusEvent, UnionOrg
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.domain.lifecycle import ACTIVE_STATUS_VALUES
from assist_desktop.services import reports as R
from assist_desktop.services.assistance import add_employment_support
from assist_desktop.services.demo import build_demo
from assist_desktop.services.due import due_items
from assist_desktop.services.lifecycle import close_file
from assist_desktop.services.stats import stats
from tests.conftest import TODAY

CLOSED_ON = dt.date(2026, 11, 10)


def populate(db) -> dict[str, str]:
    """40 demo households, one relieved and one cancelled on CLOSED_ON, re-employment support, a contact."""
    build_demo(db, files=40, seed=3, as_of=TODAY)
    with db.reader() as s:
        nos = list(s.scalars(select(col(HardshipFile.file_no)).where(col(HardshipFile.status) == "registered")
                             .order_by(col(HardshipFile.file_no)).limit(4)))
    close_file(db, file_no=nos[0], reason="relieved", note="低保兜底后生活有保障", on=CLOSED_ON)
    close_file(db, file_no=nos[1], reason="cancelled", detail="death", note="本人去世", on=CLOSED_ON)
    add_employment_support(db, file_no=nos[2], kind="training", started_on="2026-06-01", found_work=True,
                           detail="家政培训", today=TODAY)
    add_employment_support(db, file_no=nos[2], kind="referral", started_on="2026-07-01", found_work=True,
                           today=TODAY)
    add_employment_support(db, file_no=nos[3], kind="training", started_on="2026-06-01", found_work=False,
                           today=TODAY)
    add_employment_support(db, file_no=nos[3], kind="loan", started_on="2025-06-01", amount="50000", today=TODAY)
    with db.transaction() as s:
        home = s.scalars(select(UnionOrg).where(col(UnionOrg.is_home).is_(True))).one()
        home.contact_phone = "0451-86000000"
        home.address = "哈尔滨市南岗区红军街1号"
    return {"relieved": nos[0], "cancelled": nos[1], "trained": nos[2], "untrained": nos[3]}


@pytest.fixture
def data(db):
    return populate(db)


def test_roll_lists_the_active_files_as_stats_counts_them(db, data):
    table = R.roll(db)
    st = stats(db)
    assert len(table.rows) == st.active > 20
    nos = [r[0] for r in table.rows]
    assert data["relieved"] not in nos and data["cancelled"] not in nos
    assert nos == sorted(nos)
    with db.reader() as s:
        files = {f.file_no: f for f in s.scalars(select(HardshipFile))}
    for row in table.to_json()["rows"]:
        f = files[row["file_no"]]
        assert f.status in ACTIVE_STATUS_VALUES
        assert row["per_capita_fen"] == f.per_capita_monthly_fen
        assert row["id_number_masked"] == f.id_number[:4] + "*" * 10 + f.id_number[-4:]
        assert f.id_number not in str(row)
    assert table.totals is not None and table.totals[1] == f"{st.active}户"


def test_roll_filters_as_the_file_list(db, data):
    closed = R.roll(db, status="closed")
    assert sorted(r[0] for r in closed.rows) == sorted([data["relieved"], data["cancelled"]])
    deep = R.roll(db, category="深度困难")
    assert {r[4] for r in deep.rows} == {"深度困难"} and len(deep.rows) == stats(db).by_category["deep"]
    assert dict(deep.filters)["困难类别"] == "深度困难"
    with pytest.raises(ValidationFailed):
        R.roll(db, status="nonsense")


@pytest.mark.parametrize("by", ["main_cause", "industry", "district", "work_status"])
def test_counts_equal_stats(db, data, by):
    table = R.counts(db, by=by)
    st = stats(db, by=(by,))
    j = table.to_json()
    assert j["totals"]["total"] == st.active
    for cat, n in st.by_category.items():
        assert j["totals"][cat] == n
    groups = st.groups[by]
    assert {r["key"]: r["total"] for r in j["rows"]} == {k: v for k, v in groups.items() if v}
    for r in j["rows"]:  # each row adds up across the categories
        assert r["total"] == sum(r[c] for c in ("deep", "relative", "accident") if c in r) + r.get("uncategorised", 0)


def test_counts_by_any_registry_field_with_its_labels(db, data):
    table = R.counts(db, by="special_groups")
    assert table.columns[1].label == "特殊群体"
    with db.reader() as s:
        active = list(s.scalars(select(HardshipFile).where(col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES))))
    expected: dict[str, int] = {}
    for f in active:
        for g in [g for g in f.special_groups.split(",") if g] or [""]:
            expected[g] = expected.get(g, 0) + 1
    assert {r[0]: r[-1] for r in table.rows} == expected
    assert table.totals is not None and table.totals[-1] == len(active)
    assert table.notes  # rows may add up to more than the households: said under the table
    assert "employer" in {d.name for d in R.dimensions()}
    assert "id_number" not in {d.name for d in R.dimensions()}
    for bad in ("id_number", "phone", "no_such_field", "cause_account"):
        with pytest.raises(ValidationFailed):
            R.counts(db, by=bad)


def test_movements_count_each_file_once_with_the_list(db, data):
    table = R.movements(db, date_from=dt.date(2026, 11, 1), date_to=TODAY)
    assert table.value("relieved", "households") == 1
    assert table.value("cancelled", "households") == 1
    assert [f.file_no for f in table.details["relieved"]] == [data["relieved"]]
    assert [f.file_no for f in table.details["cancelled"]] == [data["cancelled"]]
    whole = R.movements(db, date_from=None, date_to=TODAY)
    with db.reader() as s:
        registered = s.scalar(select(func.count(func.distinct(col(StatusEvent.file_id))))
                              .where(col(StatusEvent.kind) == "registered"))
    assert whole.value("registered", "households") == registered == len(whole.details["registered"])
    assert whole.totals is not None and whole.totals[2] == sum(r[2] for r in whole.rows)
    before = R.movements(db, date_from=dt.date(2026, 11, 11), date_to=TODAY)
    assert before.value("relieved", "households") == 0
    with pytest.raises(ValidationFailed):
        R.movements(db, date_from=TODAY, date_to=dt.date(2026, 1, 1))


def test_assistance_by_kind_and_fund(db, data):
    whole = R.assistance(db, date_from=None, date_to=None).to_json()
    assert whole["totals"]["amount_fen"] == stats(db).assistance_total_fen > 0
    with db.reader() as s:
        records = list(s.scalars(select(AssistanceRecord)))
    assert whole["totals"]["times"] == len(records)
    assert whole["totals"]["households"] == len({r.file_id for r in records})
    for row in whole["rows"]:
        mine = [r for r in records if r.kind == row["key"]]
        assert row["amount_fen"] == sum(r.amount_fen for r in mine)
        assert row["households"] == len({r.file_id for r in mine})
        for fund in ("central", "local", "union", "donation", "none"):
            assert row[f"{fund}_fen"] == sum(r.amount_fen for r in mine if r.fund_source == fund)
    period = R.assistance(db, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 6, 30)).to_json()
    assert period["totals"]["amount_fen"] == sum(r.amount_fen for r in records
                                                 if dt.date(2026, 1, 1) <= r.given_on <= dt.date(2026, 6, 30))


def test_employment_counts_who_found_work(db, data):
    table = R.employment(db, date_from=dt.date(2026, 1, 1), date_to=TODAY)
    assert table.value("training", "times") == 2
    assert table.value("training", "households") == 2
    assert table.value("training", "found_work") == 1
    assert table.value("referral", "found_work") == 1
    assert table.value("loan", "times") == 0  # begun in 2025: outside the period
    assert table.totals is not None and table.totals[4] == 1  # one household found work (counted once)
    whole = R.employment(db, date_from=None, date_to=TODAY)
    assert whole.value("loan", "amount_fen") == 5_000_000


def test_duties_per_person_add_up_to_the_due_list(db, data):
    table = R.duties(db, date_from=dt.date(2026, 1, 1), date_to=TODAY)
    overdue = [i for i in due_items(db, as_of=TODAY, kinds=R.DUTY_KINDS) if i.overdue]
    j = table.to_json()
    assert j["totals"]["overdue"] == len(overdue) > 0
    assert j["totals"]["visit_overdue"] == sum(1 for i in overdue if i.kind == "visit_overdue")
    assert j["totals"]["households"] == stats(db).active
    for row in j["rows"]:
        assert row["overdue"] == sum(1 for i in overdue if (i.person or R.NO_PERSON) == row["person"])


def test_mask_name():
    assert R.mask_name("张三丰") == "张*丰"
    assert R.mask_name("张三") == "张*"
    assert R.mask_name("欧阳娜娜") == "欧**娜"
    assert R.mask_name("张") == "张"
    assert R.mask_name("") == ""


def test_notice_lists_masked_names_and_records_when_printed(db, data):
    table = R.notice(db, kind="exit", date_from=dt.date(2026, 11, 1), date_to=TODAY, start_on=TODAY)
    with db.reader() as s:
        names = dict(s.execute(select(col(HardshipFile.file_no), col(HardshipFile.name))).all())
        ids = list(s.scalars(select(col(HardshipFile.id_number))))
    assert sorted(r[1] for r in table.rows) == sorted(R.mask_name(names[data[k]]) for k in ("relieved", "cancelled"))
    assert sorted(r[3] for r in table.rows) == ["注销", "解困"]
    text = str(table.to_json())
    assert not any(i in text for i in ids) and not any(n in text for n in names.values() if len(n) > 1)
    assert "0451-86000000" in " ".join(table.notes) and "红军街1号" in " ".join(table.notes)
    assert dict(table.filters)["公示期"] == "2026年11月20日至2026年11月27日"
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog).where(col(AuditLog.action) == "notice")) == 0
    recorded = R.notice(db, kind="exit", date_from=dt.date(2026, 11, 1), date_to=TODAY, start_on=TODAY,
                        record=True, actor="李丽")
    assert len(recorded.changes.file_ids) == 2
    with db.reader() as s:
        audit = list(s.scalars(select(AuditLog).where(col(AuditLog.action) == "notice")))
    assert len(audit) == 2 and {a.actor for a in audit} == {"李丽"}
    assert all("公示期2026-11-20至2026-11-27" in (a.reason or "") for a in audit)
    register = R.notice(db, kind="register", date_from=None, date_to=TODAY, start_on=TODAY)
    assert len(register.rows) == R.movements(db, date_from=None, date_to=TODAY).value("registered", "households")
    with pytest.raises(ValidationFailed):
        R.notice(db, kind="other", date_from=None, date_to=TODAY, start_on=TODAY)


def test_counts_by_a_yes_no_and_a_text_field(db, data):
    with db.reader() as s:
        active = list(s.scalars(select(HardshipFile).where(col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES))))
    table = R.counts(db, by="able_to_work")
    expected: dict[str, int] = {}
    for f in active:
        key = "" if f.able_to_work is None else ("yes" if f.able_to_work else "no")
        expected[key] = expected.get(key, 0) + 1
    assert {r[0]: r[-1] for r in table.rows} == expected
    labels = {r[0]: r[1] for r in table.rows}
    assert labels.get("yes", "是") == "是" and labels.get("no", "否") == "否" and labels.get("", "未填写") == "未填写"
    by_employer = R.counts(db, by="employer")
    employers: dict[str, int] = {}
    for f in active:
        employers[f.employer or ""] = employers.get(f.employer or "", 0) + 1
    assert {r[0]: r[-1] for r in by_employer.rows} == employers
    assert by_employer.columns[1].label == "工作单位"
    with pytest.raises(ValidationFailed):
        R.counts(db, by="name")
