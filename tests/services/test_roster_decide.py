"""The roster's new households are evaluated by `domain.lifecycle.decide_found`: the same Decision as `decide`.

Each file the roster checks is evaluated by both, on the same inputs, and the two Decisions compared whole
(state before and after, the history drafts with their reasons and numbers, the income, lines, category, five
clears, pending reason, proposal, procedure and note), over rows that take every branch: registered, ineligible,
five clears missing, facts too old, and with the union's intake steps switched on (handed to `decide`).
"""

from __future__ import annotations

import collections
import datetime as dt

import pytest

from assist_desktop.domain import lifecycle
from assist_desktop.services import roster_bulk
from assist_desktop.services.common import set_option
from assist_desktop.services.roster import import_roster, preview_roster
from tests.conftest import TODAY, valid_id
from tests.exchange.conftest import write_roster

HEAD = ["姓名", "身份证号", "工作状态", "家庭年总收入", "家庭人口", "主要致困原因", "家庭情况", "技术特长", "就业意愿",
        "思想状况", "走访日期", "所属行业", "致困情况说明", "有无劳动能力", "健康状况", "本人月收入", "意外事件"]


_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def _rows() -> list[list[object]]:
    rows: list[list[object]] = []
    k = 0
    fresh = (TODAY - dt.timedelta(days=20)).isoformat()
    stale = (TODAY - dt.timedelta(days=400)).isoformat()
    for work in ("下岗", "失业", "在岗", "退休"):
        for income in (0, 6000, 9000, 15000, 24000, 40000, 90000):
            for size in (1, 3, 5):
                for visit, account, cause in ((fresh, "下岗后患病", "因病"), (stale, "下岗后患病", "因残"),
                                              (None, "下岗后患病", "下岗失业"), (fresh, None, "因病"),
                                              (fresh, "遭遇火灾", "因灾")):
                    k += 1
                    rows.append(["张" + _GIVEN[k % 20] + _GIVEN[k // 20 % 20], valid_id(f"23010219700315{k:03d}"), work, income, size, cause,
                                 "夫妻二人" if account else None, "车工", "希望做保安", "稳定", visit, "纺织", account,
                                 "有", "高血压" if k % 4 == 0 else "健康", 800 if k % 3 == 0 else 0,
                                 "火灾" if cause == "因灾" else None])
    return rows


def _roster(path, rows):
    return write_roster(path, HEAD, rows)


def _plain(decision: lifecycle.Decision) -> dict[str, object]:
    """The Decision's fields, its category (not a dataclass) by what it says."""
    out = dict(vars(decision))
    cat = out.pop("category")
    out["category"] = None if cat is None else (cat.category, cat.rule, cat.exclusions, cat.reason, cat.reason_en,
                                                cat.eligible)
    return out


@pytest.fixture
def compared(monkeypatch):
    """Every decide_found call of the roster also runs decide on the same inputs; the outcomes are counted."""
    seen: collections.Counter[str] = collections.Counter()
    fast = lifecycle.decide_found

    def both(file, members, fact, standards, opts, as_of, five_clear=None):
        got = fast(file, members, fact, standards, opts, as_of, five_clear=five_clear)
        want = lifecycle.decide(file, members, [fact], standards, opts, as_of, state=lifecycle.FileState.of(file),
                                five_clear=five_clear)
        assert _plain(got) == _plain(want), file.name
        seen[f"{got.after.status}:{got.pending}:{len(got.events)}"] += 1
        return got

    monkeypatch.setattr(roster_bulk, "decide_found", both)
    return seen


def test_decide_found_gives_the_decision_decide_gives(db, tmp_path, compared):
    rows = _rows()
    report = preview_roster(db, path=_roster(tmp_path / "r.xlsx", rows), today=TODAY)
    assert sum(compared.values()) == report.valid == len(rows), report.issues[:3]
    statuses = {key.split(":")[0] for key in compared}
    assert {"registered", "ineligible", "found"} <= statuses
    assert any(":facts_stale:" in key for key in compared)  # the visit too old
    assert any(key.startswith("found:None:0") for key in compared)  # five clears missing


def test_decide_found_hands_the_intake_steps_to_decide(db, tmp_path, compared):
    with db.transaction() as s:
        set_option(s, "step_application", 1)
        set_option(s, "require_responsible", 0)
    rows = _rows()[:60]
    report = import_roster(db, path=_roster(tmp_path / "r.xlsx", rows), today=TODAY)
    assert sum(compared.values()) == len(report.created) > 0
    assert any(":procedure_step:" in key for key in compared)
