"""Dated settings (services/settings.py): listed with their values in force, set from a date, previewed before
they apply (the preview counts are what re-evaluation then does), same-date values replaced only when asked;
the holiday table seeded and editable, and a 2027 notice that follows the union's schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from assist_desktop.db.models import DatedSetting, HardshipFile, Holiday, Standard
from assist_desktop.domain.errors import DomainError, ValidationFailed
from assist_desktop.services import settings as st
from assist_desktop.services.common import get_option
from assist_desktop.services.files import create_file, update_file
from assist_desktop.services.lifecycle import reevaluate_all, rule_options, status_report
from tests.conftest import TODAY, complete_file_data, valid_id

D = dt.date
TOMORROW = TODAY + dt.timedelta(days=1)


def _files(db, incomes):
    """Files registered on 2026-01-05 (deep hardship, 18,000 元 a year for three people), then from 2026-02-02
    with these yearly incomes."""
    for k, yearly in enumerate(incomes):
        detail = create_file(db, data=complete_file_data(name="张" + "甲乙丙丁戊己"[k],
                                                         id_number=valid_id(f"23010219700315{k:03d}"),
                                                         last_visit_date="2025-12-20"),
                             as_of=D(2026, 1, 5), actor="clerk")
        if yearly != 18000:
            update_file(db, file_no=detail.file.file_no, changes={"household_annual_income": str(yearly)},
                        as_of=D(2026, 2, 2), actor="clerk")


def _facts_count_for_a_year(db):
    """These tests evaluate in November facts of January–February: a year's freshness window keeps them fresh
    (docs/procedure.md: entry and adjustment need recent facts; what is tested here is the setting itself)."""
    st.set_setting(db, key="freshness_months", value="12", effective=D(2025, 1, 1))


def _states(db):
    with db.reader() as s:
        return list(s.execute(select(HardshipFile.name, HardshipFile.status, HardshipFile.category)
                              .order_by(HardshipFile.file_no)).all())


def test_list_settings_covers_every_setting_with_labels_and_values(db):
    views = {v.key: v for v in st.list_settings(db, on=TODAY)}
    for key in ("lb", "mw", "relative_multiple", "exit_multiple", "accident_multiple", "accident_cost_ratio",
                "watch_months", "notice_workdays", "follow_up_months", "visit_interval_months",
                "accident_window_months", "boundary_deep", "boundary_relative", "boundary_accident", "boundary_exit",
                "freshness_months", "older_relative_rule", "category_scheme", "cadre_load_max"):
        assert key in views and views[key].zh and views[key].en, key
    assert views["lb"].value == "720.00" and views["lb"].since == D(2025, 1, 1)
    assert views["accident_cost_ratio"].value == "0.8"
    assert views["watch_months"].value == "6" and views["watch_months"].since is None
    assert views["boundary_exit"].choices == ("ge", "gt")


def test_a_value_effective_tomorrow_does_not_apply_today(db):
    change = st.set_setting(db, key="watch_months", value="3", effective=TOMORROW, note="市总工会通知")
    assert change.previous == "6" and not change.replaced and change.changes.standards
    with db.reader() as s:
        assert get_option(s, "watch_months", TODAY) == 6
        assert get_option(s, "watch_months", TOMORROW) == 3
        assert rule_options(s, TODAY).watch_months == 6 and rule_options(s, TOMORROW).watch_months == 3
        row = s.scalars(select(DatedSetting)).one()
        assert (row.key, row.effective_on, row.value, row.note) == ("watch_months", TOMORROW, "3", "市总工会通知")
    view = st.get_setting(db, key="watch_months", on=TODAY)
    assert view.value == "6" and [d.value for d in view.future] == ["3"] and not view.past


def test_reevaluation_as_of_the_date_uses_the_new_value(db):
    _files(db, [18000])
    update_file(db, file_no="230102001-000001", changes={"household_annual_income": "60000"}, as_of=D(2026, 6, 1),
                actor="clerk")
    assert _states(db)[0][1] == "watch"
    # four months of watch are not six: no notice on 2026-10-01 ...
    assert reevaluate_all(db, as_of=D(2026, 10, 1))["exit_notice"] == 0
    # ... but they are with a watch of four months from 2026-10-01
    st.set_setting(db, key="watch_months", value="4", effective=D(2026, 10, 1))
    assert reevaluate_all(db, as_of=D(2026, 9, 30))["exit_notice"] == 0
    assert reevaluate_all(db, as_of=D(2026, 10, 1))["exit_notice"] == 1


def test_the_preview_counts_are_what_reevaluation_then_does(db):
    _facts_count_for_a_year(db)
    _files(db, [18000, 30000, 36000, 50000, 60000])  # 500, 833, 1000, 1389, 1667 元 a month
    before = _states(db)
    preview = st.preview_setting(db, key="lb", value="900", effective=TOMORROW, today=TODAY)
    assert _states(db) == before, "a preview writes nothing"
    assert preview.as_of == TOMORROW and preview.evaluated == 5
    # LB 900: the relative line 1,800 takes the watched household at 1,667 back, 833 becomes deep
    assert preview.counts["watch_broken"] == 1 and preview.counts["adjusted"] == 1
    assert preview.baseline["watch_broken"] == 0
    st.set_setting(db, key="lb", value="900", effective=TOMORROW)
    assert reevaluate_all(db, as_of=TOMORROW).counts == preview.counts


def test_preview_of_the_legacy_scheme_names_the_moves_and_matches_reevaluation(db):
    _facts_count_for_a_year(db)
    _files(db, [18000, 19000, 36000])  # deep, deep, relative
    preview = st.preview_setting(db, key="category_scheme", value="legacy", effective=TOMORROW, today=TODAY)
    assert preview.counts["adjusted"] == 3 and preview.baseline["adjusted"] == 0
    texts = [m.text() for m in preview.moves]
    assert texts == ["2 户类别将由深度困难调整为特困", "1 户类别将由相对困难调整为困难"]
    assert "2 户类别将由深度困难调整为特困" in preview.summary()
    st.set_setting(db, key="category_scheme", value="legacy", effective=TOMORROW)
    assert reevaluate_all(db, as_of=TODAY)["adjusted"] == 0  # not yet
    result = reevaluate_all(db, as_of=TOMORROW)
    assert result.counts == preview.counts
    assert [c for _n, _s, c in _states(db)] == ["extreme", "extreme", "hardship"]


def test_preview_of_the_exit_line_counts_the_households_entering_the_watch(db):
    _files(db, [18000, 50000, 54000])  # 500, 1389, 1500 元; exit line 1,440 → the last one is watched
    assert [s for _n, s, _c in _states(db)] == ["registered", "registered", "watch"]
    st.set_setting(db, key="relative_multiple", value="1.5", effective=TOMORROW)
    preview = st.preview_setting(db, key="exit_multiple", value="1.5", effective=TOMORROW, today=TODAY)
    assert [m.text() for m in preview.moves] == ["1 户将进入收入观察"]
    st.set_setting(db, key="exit_multiple", value="1.5", effective=TOMORROW)
    assert reevaluate_all(db, as_of=TOMORROW).counts == preview.counts
    assert [s for _n, s, _c in _states(db)] == ["registered", "watch", "exit_notice"]


def test_a_second_value_for_the_same_date_is_replaced_only_when_asked(db):
    st.set_setting(db, key="notice_workdays", value="7", effective=TOMORROW)
    with pytest.raises(st.SameDateValue) as err:
        st.set_setting(db, key="notice_workdays", value="10", effective=TOMORROW)
    assert err.value.existing == "7" and "--replace" in err.value.zh
    same = st.set_setting(db, key="notice_workdays", value="7", effective=TOMORROW)
    assert same.changes.empty  # the same value again: nothing to replace
    done = st.set_setting(db, key="notice_workdays", value="10", effective=TOMORROW, replace=True)
    assert done.replaced
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(DatedSetting)) == 1
        assert get_option(s, "notice_workdays", TOMORROW) == 10
    # a money line: the standard of that date
    st.set_setting(db, key="lb", value="760", effective=D(2026, 7, 1))
    with pytest.raises(st.SameDateValue):
        st.set_setting(db, key="lb", value="780", effective=D(2026, 7, 1))
    st.set_setting(db, key="lb", value="780", effective=D(2026, 7, 1), replace=True)
    with db.reader() as s:
        row = s.scalars(select(Standard).where(Standard.effective_on == D(2026, 7, 1))).one()
        assert (row.lb_fen, row.mw_fen, row.accident_cost_pct) == (78_000, 208_000, 80)


def test_values_are_checked(db):
    for key, value in (("boundary_deep", "ge"), ("watch_months", "0"), ("older_relative_rule", "2"),
                       ("accident_cost_ratio", "0.9"), ("accident_cost_ratio", "0.4"), ("lb", "0"),
                       ("category_scheme", "old")):
        with pytest.raises(ValidationFailed):
            st.set_setting(db, key=key, value=value, effective=TOMORROW)
    with pytest.raises(DomainError):
        st.set_setting(db, key="no_such_key", value="1", effective=TOMORROW)
    st.set_setting(db, key="accident_cost_ratio", value="0.5", effective=D(2026, 1, 1))
    with db.reader() as s:
        assert s.scalars(select(Standard).where(Standard.effective_on == D(2026, 1, 1))).one().accident_cost_pct == 50


def test_cost_share_of_50_percent_from_a_date(db):
    _facts_count_for_a_year(db)
    # 36,000 元 a year (1,000 元 a month) with hardship costs of 21,600 元 = 60 %: not accident-caused under 80 %
    create_file(db, data=complete_file_data(household_annual_income="120000", hardship_costs="72000",
                                            last_visit_date="2025-12-20"), as_of=D(2026, 1, 5), actor="clerk")
    assert _states(db)[0][1] == "ineligible"
    reason = status_report(db, file_no="230102001-000001", as_of=TODAY).rule["reason"]
    assert "的60.0%，未超过80%" in reason
    st.set_setting(db, key="accident_cost_ratio", value="0.5", effective=TODAY)
    reevaluate_all(db, as_of=TODAY)
    assert _states(db)[0][1:] == ("registered", "accident")
    assert "超过50%" in status_report(db, file_no="230102001-000001", as_of=TODAY).rule["reason"]


def test_boundary_le_at_exactly_lb_through_the_settings(db):
    _facts_count_for_a_year(db)
    _files(db, [25920])  # 720 元 a month: exactly LB
    assert _states(db)[0][1:] == ("registered", "relative")
    st.set_setting(db, key="boundary_deep", value="le", effective=TODAY)
    reevaluate_all(db, as_of=TODAY)
    assert _states(db)[0][1:] == ("registered", "deep")


# --- the holiday table ---------------------------------------------------------------------------------------


def test_the_holiday_table_is_seeded_from_chinese_calendar(db):
    import chinese_calendar

    with db.reader() as s:
        n = s.scalar(select(func.count()).select_from(Holiday))
        spring = s.get(Holiday, D(2026, 2, 17))
    assert n == len(chinese_calendar.holidays) + len(chinese_calendar.workdays)
    assert (spring.kind, spring.name, spring.source) == ("holiday", "春节", "chinese-calendar")
    year = st.holiday_year(db, year=2026)
    assert year.known and any(d.kind == "workday" for d in year.days)
    assert not st.holiday_year(db, year=2027).known


def test_a_2027_notice_with_and_without_the_unions_schedule(db):
    def notice_until():
        _files(db, [18000])
        update_file(db, file_no="230102001-000001", changes={"household_annual_income": "60000"},
                    as_of=D(2026, 8, 3), actor="clerk")
        reevaluate_all(db, as_of=D(2027, 2, 4))
        with db.reader() as s:
            f = s.scalars(select(HardshipFile)).one()
            return f.status, f.notice_until

    assert st.calendar_warnings(db, start=D(2027, 2, 4), end=D(2027, 2, 11)) == [
        "2027年节假日安排未录入，请按国务院通知录入（holidays set）；录入前按周一至周五计算工作日"]
    assert notice_until() == ("exit_notice", D(2027, 2, 11))  # Mon–Fri: "ends" inside the Spring Festival


def test_a_2027_notice_ends_after_the_spring_festival_once_entered(db):
    for k in range(9):
        st.set_holiday(db, day=D(2027, 2, 5) + dt.timedelta(days=k), kind="holiday", name="春节")
    st.set_holiday(db, day=D(2027, 2, 14), kind="workday", name="春节调休上班")
    assert st.calendar_warnings(db, start=D(2027, 2, 4), end=D(2027, 2, 18)) == []
    assert st.holiday_year(db, year=2027).known
    _files(db, [18000])
    update_file(db, file_no="230102001-000001", changes={"household_annual_income": "60000"},
                as_of=D(2026, 8, 3), actor="clerk")
    reevaluate_all(db, as_of=D(2027, 2, 4))
    report = status_report(db, file_no="230102001-000001", as_of=D(2027, 2, 4))
    assert report.status == "exit_notice" and report.notice_until == D(2027, 2, 18)
    assert report.calendar_known
    # taking a day out again
    st.remove_holiday(db, day=D(2027, 2, 14))
    assert D(2027, 2, 14) not in {d.day for d in st.list_holidays(db, year=2027)}
    with pytest.raises(DomainError):
        st.remove_holiday(db, day=D(2027, 2, 14))
    with pytest.raises(ValidationFailed):
        st.set_holiday(db, day=D(2027, 3, 1), kind="weekend")


def test_pairing_warns_above_the_cadre_load(db):
    from assist_desktop.services.pairing import assign
    from assist_desktop.services.unions import add_cadre

    _files(db, [18000, 18000, 18000])
    add_cadre(db, name="赵敏")
    st.set_setting(db, key="cadre_load_max", value="2", effective=TODAY)
    nos = ["230102001-000001", "230102001-000002"]
    assert assign(db, file_nos=nos, person="赵敏", on=TODAY).warnings == ()
    got = assign(db, file_nos=["230102001-000003"], person="赵敏", on=TODAY)
    assert got.warnings == ("赵敏 现包保 3 户，超过每名干部 2 户的上限（设置 cadre_load_max）",)
    assert got.to_json()["warnings"] == list(got.warnings)


def test_setting_and_holiday_changes_are_audited(db):
    from assist_desktop.db.models import AuditLog
    from assist_desktop.services.verify import verify

    st.set_setting(db, key="watch_months", value="4", effective=TOMORROW, note="通知", actor="clerk")
    st.set_holiday(db, day=D(2027, 2, 5), kind="holiday", name="春节", actor="clerk")
    st.remove_holiday(db, day=D(2027, 2, 5), actor="clerk")
    with db.reader() as s:
        rows = s.execute(select(AuditLog.table_name, AuditLog.action, AuditLog.record_id)
                         .where(AuditLog.table_name.in_(["dated_setting", "holiday"]))).all()
    actions = {(t, a) for t, a, _r in rows}
    assert {("dated_setting", "insert"), ("holiday", "insert"), ("holiday", "delete")} <= actions
    assert "2027-02-05" in {r for t, _a, r in rows if t == "holiday"}
    assert verify(db).ok
