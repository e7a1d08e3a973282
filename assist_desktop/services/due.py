"""Duties that come due: overdue home visits, exit notices ending, follow-up visits after exit,
letters expiring, the yearly full review (回头看) and changes not yet reported up.

Each kind is one indexed query with the cut-off date computed in Python (no date arithmetic in SQL,
so it runs the same on SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import Cadre, HardshipFile, HomeVisit, PairingLetter, UnionOrg
from assist_desktop.domain.enums import FileStatus
from assist_desktop.domain.lifecycle import ACTIVE_STATUS_VALUES, PENDING_PREFIXES, pending_kind
from assist_desktop.domain.workdays import add_months, add_workdays, is_workday, sub_workdays
from assist_desktop.services.common import get_option, work_calendar

KINDS = ("visit_overdue", "notice_ending", "follow_up_due", "letter_expiring", "review_due", "report_overdue",
         "retention_due", "review_reopen", "facts_stale", "cancel_proposal", "procedure_step", "no_responsible")
#: the review tasks the rules leave on a file (domain.lifecycle.PENDING_PREFIXES): its pending reason says which
TASK_KINDS = ("review_reopen", "facts_stale", "cancel_proposal", "procedure_step", "no_responsible")
KIND_LABELS = {
    "visit_overdue": ("入户走访逾期", "Home visit overdue"),
    "notice_ending": ("脱困公示即将期满", "Exit notice ending"),
    "follow_up_due": ("脱困后跟踪回访", "Follow-up visit after exit"),
    "letter_expiring": ("包保责任书即将到期", "Responsibility letter expiring"),
    "review_due": ("年度全面复核（回头看）", "Yearly full review due"),
    "report_overdue": ("变更未按时上报", "Changes not reported up in time"),
    "retention_due": ("档案保存期满，待审核删除", "Retention period over: to be reviewed for deletion"),
    "review_reopen": ("可能返困，请复核", "Hardship may have returned: review"),
    "facts_stale": ("收入资料已过期", "Income records out of date"),
    "cancel_proposal": ("认定有误，拟注销", "Misidentified: cancellation to confirm"),
    "procedure_step": ("程序待办", "Next procedure step"),
    "no_responsible": ("尚未确定帮扶联系责任人", "No responsible person"),
}
#: follow-up visits after an exit: one every this many months, and a last one at the end of the period
FOLLOW_UP_EVERY_MONTHS = 3
#: an exit notice is listed from this many working days before it ends
NOTICE_WARNING_WORKDAYS = 2


@dataclass(frozen=True)
class DueItem:
    """One duty: what kind, for which file or letter, due when, in plain words."""

    kind: str
    due_on: dt.date
    text: str
    file_no: str | None = None
    letter_no: str | None = None
    name: str | None = None
    person: str | None = None
    overdue: bool = False

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind][0]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "label_en": KIND_LABELS[self.kind][1],
            "due_on": self.due_on.isoformat(),
            "overdue": self.overdue,
            "file_no": self.file_no,
            "letter_no": self.letter_no,
            "name": self.name,
            "person": self.person,
            "text": self.text,
        }


def due_items(
    db: Database, *, as_of: dt.date, kinds: tuple[str, ...] = KINDS, limit_per_kind: int | None = None
) -> list[DueItem]:
    """Every duty due on or before `as_of` (or about to be), ordered by due date."""
    out: list[DueItem] = []
    with db.reader() as s:
        opt = {
            k: int(get_option(s, k, as_of))
            for k in (
                "visit_interval_months",
                "follow_up_months",
                "review_interval_months",
                "report_within_workdays",
                "letter_warning_days",
            )
        }
        cal = work_calendar(s)  # the union's holiday table
        person: Any = col(Cadre.name).label("person")

        def files(q: Any) -> list[Any]:
            q = q.outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id))
            if limit_per_kind:
                q = q.limit(limit_per_kind)
            return list(s.execute(q))

        if "visit_overdue" in kinds:
            cutoff = add_months(as_of, -opt["visit_interval_months"])
            q = (
                select(col(HardshipFile.file_no), col(HardshipFile.name), col(HardshipFile.last_visit_date), person)
                .where(
                    col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES),
                    or_(col(HardshipFile.last_visit_date).is_(None), col(HardshipFile.last_visit_date) <= cutoff),
                )
                .order_by(col(HardshipFile.last_visit_date), col(HardshipFile.file_no))
            )
            for r in files(q):
                due = (
                    add_months(r.last_visit_date, opt["visit_interval_months"])
                    if r.last_visit_date
                    else as_of
                )
                text = (
                    f"上次入户走访 {r.last_visit_date.isoformat()}，应于 {due.isoformat()} 前再次走访"
                    if r.last_visit_date
                    else "尚无入户走访记录，应尽快走访"
                )
                out.append(
                    DueItem("visit_overdue", due, text, r.file_no, None, r.name, r.person, due <= as_of)
                )

        if "notice_ending" in kinds:
            horizon = add_workdays(as_of, NOTICE_WARNING_WORKDAYS, cal)
            q = (
                select(col(HardshipFile.file_no), col(HardshipFile.name), col(HardshipFile.notice_until), person)
                .where(col(HardshipFile.status) == FileStatus.EXIT_NOTICE.value, col(HardshipFile.notice_until) <= horizon)
                .order_by(col(HardshipFile.notice_until), col(HardshipFile.file_no))
            )
            for r in files(q):
                ended = r.notice_until < as_of
                text = (
                    f"脱困公示已于 {r.notice_until.isoformat()} 期满，请重新评定以办理退档"
                    if ended
                    else f"脱困公示将于 {r.notice_until.isoformat()} 期满，请核实有无异议"
                )
                out.append(
                    DueItem("notice_ending", r.notice_until, text, r.file_no, None, r.name, r.person, ended)
                )

        if "follow_up_due" in kinds:
            since = add_months(as_of, -opt["follow_up_months"])
            last_fu = (
                select(col(HomeVisit.file_id), func.max(col(HomeVisit.visited_on)).label("last"))
                .where(col(HomeVisit.follow_up).is_(True))
                .group_by(col(HomeVisit.file_id))
                .subquery()
            )
            q = (
                select(
                    col(HardshipFile.file_no), col(HardshipFile.name), col(HardshipFile.closed_on), last_fu.c.last, person
                )
                .outerjoin(last_fu, last_fu.c.file_id == col(HardshipFile.id))
                .where(
                    col(HardshipFile.status) == "closed",
                    col(HardshipFile.close_reason) == "out_of_hardship",
                    col(HardshipFile.closed_on) >= since,
                )
                .order_by(col(HardshipFile.closed_on), col(HardshipFile.file_no))
            )
            for r in files(q):
                end = add_months(r.closed_on, opt["follow_up_months"])
                base = r.last if r.last and r.last >= r.closed_on else r.closed_on
                if base >= end:
                    continue
                due = min(add_months(base, FOLLOW_UP_EVERY_MONTHS), end)
                if due > as_of + dt.timedelta(days=14):
                    continue
                text = (
                    f"{r.closed_on.isoformat()} 脱困退档，跟踪回访至 {end.isoformat()}；"
                    f"下次回访应在 {due.isoformat()} 前"
                )
                out.append(
                    DueItem("follow_up_due", due, text, r.file_no, None, r.name, r.person, due <= as_of)
                )

        if "letter_expiring" in kinds:
            horizon = as_of + dt.timedelta(days=opt["letter_warning_days"])
            q = (
                select(
                    col(PairingLetter.letter_no),
                    col(PairingLetter.period_end),
                    col(UnionOrg.name),
                    col(Cadre.name).label("person"),
                )
                .outerjoin(UnionOrg, col(UnionOrg.id) == col(PairingLetter.lower_union_id))
                .outerjoin(Cadre, col(Cadre.id) == col(PairingLetter.lower_person_id))
                .where(col(PairingLetter.period_end) >= as_of, col(PairingLetter.period_end) <= horizon)
                .order_by(col(PairingLetter.period_end))
            )
            for r in s.execute(q):
                party = r.name or r.person or ""
                out.append(
                    DueItem(
                        "letter_expiring",
                        r.period_end,
                        f"与{party}签订的包保责任书将于 {r.period_end.isoformat()} 到期，请续签",
                        None,
                        r.letter_no,
                        None,
                        r.person,
                        False,
                    )
                )

        if "review_due" in kinds:
            cutoff = add_months(as_of, -opt["review_interval_months"])
            cutoff_dt = dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
            q = (
                select(
                    col(HardshipFile.file_no),
                    col(HardshipFile.name),
                    col(HardshipFile.last_review_on),
                    col(HardshipFile.created_at),
                    person,
                )
                .where(
                    col(HardshipFile.status).in_(ACTIVE_STATUS_VALUES),
                    or_(
                        col(HardshipFile.last_review_on) <= cutoff,
                        and_(col(HardshipFile.last_review_on).is_(None), col(HardshipFile.created_at) < cutoff_dt),
                    ),
                )
                .order_by(col(HardshipFile.last_review_on), col(HardshipFile.file_no))
            )
            for r in files(q):
                base = r.last_review_on or r.created_at.date()
                due = add_months(base, opt["review_interval_months"])
                text = (
                    f"上次全面复核 {r.last_review_on.isoformat()}"
                    if r.last_review_on
                    else f"建档于 {r.created_at.date().isoformat()}，尚未全面复核"
                ) + f"，应于 {due.isoformat()} 前复核"
                out.append(DueItem("review_due", due, text, r.file_no, None, r.name, r.person, due <= as_of))

        if "report_overdue" in kinds:
            last_workday = as_of
            while not is_workday(last_workday, cal):
                last_workday -= dt.timedelta(days=1)
            # the latest change day whose deadline (that many working days later) is on or before as_of
            cutoff = sub_workdays(last_workday, opt["report_within_workdays"], cal)
            cutoff_dt = dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
            q = (
                select(col(HardshipFile.file_no), col(HardshipFile.name), col(HardshipFile.updated_at), person)
                .where(
                    col(HardshipFile.updated_at) < cutoff_dt,
                    or_(
                        col(HardshipFile.reported_at).is_(None), col(HardshipFile.reported_at) < col(HardshipFile.updated_at)
                    ),
                )
                .order_by(col(HardshipFile.updated_at), col(HardshipFile.file_no))
            )
            for r in files(q):
                changed = r.updated_at.date()
                due = add_workdays(changed, opt["report_within_workdays"], cal)
                out.append(
                    DueItem(
                        "report_overdue",
                        due,
                        f"{changed.isoformat()} 修改后尚未上报，应在{opt['report_within_workdays']}个工作日内"
                        f"（{due.isoformat()} 前）上报上级工会",
                        r.file_no,
                        None,
                        r.name,
                        r.person,
                        due <= as_of,
                    )
                )
        if "retention_due" in kinds:  # services/retention.py
            from assist_desktop.services.retention import due_items_in

            out.extend(due_items_in(s, as_of=as_of, limit=limit_per_kind))
        wanted = [k for k in TASK_KINDS if k in kinds]
        if wanted:
            # computed by the rules at the file's last evaluation and kept as its pending reason (待办)
            reason = col(HardshipFile.ineligible_reason)
            q = (
                select(col(HardshipFile.file_no), col(HardshipFile.name), reason, person)
                .where(or_(*(reason.like(PENDING_PREFIXES[k] + "%") for k in wanted)))
                .order_by(col(HardshipFile.file_no))
            )
            if limit_per_kind:
                q = q.limit(limit_per_kind * len(wanted))
            per_kind: dict[str, int] = {}
            for r in s.execute(q.outerjoin(Cadre, col(Cadre.id) == col(HardshipFile.responsible_person_id))):
                kind = pending_kind(r.ineligible_reason)
                if kind not in wanted or (limit_per_kind and per_kind.get(kind, 0) >= limit_per_kind):
                    continue
                assert kind is not None
                per_kind[kind] = per_kind.get(kind, 0) + 1
                out.append(DueItem(kind, as_of, r.ineligible_reason, r.file_no, None, r.name, r.person, False))
    out.sort(key=lambda d: (d.due_on, KINDS.index(d.kind), d.file_no or d.letter_no or ""))
    return out


def review_task_counts(db: Database) -> dict[str, int]:
    """How many files carry each review task (TASK_KINDS; the dashboard shows them): one query."""
    counts = dict.fromkeys(TASK_KINDS, 0)
    reason = col(HardshipFile.ineligible_reason)
    with db.reader() as s:
        for (text,) in s.execute(select(reason).where(or_(*(reason.like(PENDING_PREFIXES[k] + "%") for k in TASK_KINDS)))):
            kind = pending_kind(text)
            if kind in counts:
                counts[kind] += 1
    return counts


def due_counts(items: list[DueItem]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for i in items:
        counts[i.kind] += 1
    return counts
