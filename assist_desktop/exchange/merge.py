"""Import and merge a package from a union below: validate everything, preview, then apply all or nothing.

Conflict rule (docs/exchange-format.md §5), per file matched by `id`:
- not on file here: new, unless its ID number is already on file under another file (`same_person`: the
  file already here is kept, the incoming one is skipped and listed) or its file number is taken
  (`file_no_taken`, skipped and listed);
- on file and identical (the file and all its records, provenance aside): unchanged;
- on file and the incoming snapshot is newer (its stamp, the newest change time in the snapshot, is
  later than the stamp of the copy last received from below, kept in `received_stamp`; for a file never
  received, later than the local copy's stamp): the local copy is replaced by the incoming one, records and
  all. Local changes here (a review mark, a clock ahead) never make the sender's newer copy lose;
- otherwise (the copy last received, or the local copy, is as new or newer): the local copy is kept and
  the file is listed (`local_newer`).
Imported files keep the sender's lifecycle status (the sender evaluated them under its own standard)
and are not re-evaluated here; they keep `origin_union_code` and gain this union's code in `provenance`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from assist_desktop.db.audit import bulk_audit
from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.engine import Database
from assist_desktop.db.models import ExchangeLog, HardshipFile, UnionOrg, new_id, utcnow
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.domain.validation import check_id_number
from assist_desktop.exchange.entities import CADRE, CHILDREN, ENTITIES, FILE, UNION, json_to_values
from assist_desktop.exchange.package import Package, PackageError, open_package
from assist_desktop.exchange.snapshot import (
    Fingerprint,
    chunks,
    fingerprints,
    local_snapshots,
    union_codes,
    union_ids,
)
from assist_desktop.exchange.validate import file_problems, member_problems
from assist_desktop.services.common import home_union

BATCH = 2000


@dataclass(frozen=True)
class Conflict:
    """A file the rule did not take as it came, and why."""

    kind: str  # same_person / file_no_taken / local_newer
    file_no: str
    name: str
    origin_union_code: str
    local_file_no: str | None
    local_origin: str | None
    zh: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file_no": self.file_no,
            "name": self.name,
            "origin_union_code": self.origin_union_code,
            "local_file_no": self.local_file_no,
            "local_origin_union_code": self.local_origin,
            "message": self.zh,
        }


@dataclass
class MergeReport:
    """The preview of an import (and, once applied, what was done)."""

    package_id: str
    sender: dict[str, Any]
    manifest_counts: dict[str, int]
    new: list[str] = field(default_factory=list)  # file numbers
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    already_imported: bool = False
    applied: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "package_id": self.package_id,
            "sender": self.sender,
            "counts": self.manifest_counts,
            "new": len(self.new),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "conflicts": [c.to_json() for c in self.conflicts],
            "new_files": self.new,
            "updated_files": self.updated,
            "already_imported": self.already_imported,
            "applied": self.applied,
        }

    def summary(self) -> str:
        head = (
            f"数据包 {self.package_id}（来自 {self.sender['code']} {self.sender['name']}）："
            f"新增 {len(self.new)} 份，更新 {len(self.updated)} 份，未变 {self.unchanged} 份，"
            f"冲突 {len(self.conflicts)} 份"
        )
        if self.already_imported:
            head += "（此数据包以前已导入过）"
        lines = [head] + [f"  冲突：{c.zh}" for c in self.conflicts]
        lines.append("已导入。" if self.applied else "预览，未写入数据库。")
        return "\n".join(lines)


def _refuse(problems: list[str], en: str) -> PackageError:
    more = f"……另有{len(problems) - 10}处问题" if len(problems) > 10 else ""
    return PackageError("数据包内容有误，未导入：" + "；".join(problems[:10]) + more, en)


class _Checker:
    """The content checks of check_content, fed one row at a time in entity order (union, cadre, file,
    children), keeping only what later rows are checked against and what the comparison needs: the
    codes, the cadre ids, a few fields of each file and each file's Fingerprint."""

    def __init__(self, sender: str, today: dt.date) -> None:
        self.sender, self.today = sender, today
        self.order = {e.name: k for k, e in enumerate(ENTITIES)}
        self.at = -1  # the entity being read, as an index into ENTITIES
        self.out_of_order = False
        self.union_codes: list[str] = []
        self.codes: set[str] = set()
        self.cadre_ids: set[str] = set()
        self.head: list[str] | None = None  # the problems of the union list (they come first)
        self.problems: list[str] = []
        self.files: list[tuple[str, str, str, str, str]] = []  # id, file_no, name, id_number, origin
        self.fingerprints: dict[str, Fingerprint] = {}
        self.seen_numbers: dict[str, str] = {}
        self.seen_nos: set[str] = set()
        self.ids: set[str] = set()  # record ids of the child entity being read
        self.stopped = False
        self.unions: list[dict[str, Any]] = []
        self.cadres: list[dict[str, Any]] = []
        self.labels: dict[str, str] = {}  # file id → how problems name the file

    def add(self, entity: str, row: dict[str, Any]) -> None:
        k = self.order[entity]
        if k != self.at:
            if k < self.at:
                self.out_of_order = True
            self._enter(k)
        if self.out_of_order or self.stopped:
            return
        if entity == UNION.name:
            self.union_codes.append(row["code"])
            self.codes.add(row["code"])
            self.unions.append(row)
        elif entity == CADRE.name:
            self.cadre_ids.add(row["id"])
            self.cadres.append(row)
            if row["union_code"] not in self.codes:
                self.problems.append(f"责任人 {row['name']} 所属工会 {row['union_code']} 不在工会清单中")
        elif entity == FILE.name:
            self._file(row)
        else:
            self._child(entity, row)

    def _enter(self, k: int) -> None:
        if self.head is None and k > 0:
            self._head()
        if self.at >= self.order[CHILDREN[0].name] and self._count() > 50:
            self.stopped = True  # as check_content stops after the record kind that passed 50 problems
        self.at = k
        self.ids = set()

    def _head(self) -> None:
        self.head = []
        if self.sender not in self.codes:
            self.head.append(f"发送工会 {self.sender} 不在工会清单中")
        if len(self.codes) != len(self.union_codes):
            self.head.append("工会清单有重复的工会代码")

    def _count(self) -> int:
        return len(self.head or ()) + len(self.problems)

    def _file(self, f: dict[str, Any]) -> None:
        problems = self.problems
        label = f"档案 {f['file_no']}（{f['name']}）"
        fid = f["id"]
        if fid in self.fingerprints:
            problems.append(f"{label} 重复出现")
        else:
            self.fingerprints[fid] = Fingerprint(f)
        self.files.append((fid, f["file_no"], f["name"], f["id_number"], f["origin_union_code"]))
        if f["file_no"] in self.seen_nos:
            problems.append(f"档案编号 {f['file_no']} 重复")
        self.seen_nos.add(f["file_no"])
        try:
            check_id_number(f["id_number"], today=self.today)
        except ValidationFailed as exc:
            problems.append(f"{label} 身份证号 {f['id_number']} 无效：{exc.errors[0].zh}")
        if f["id_number"] in self.seen_numbers:
            problems.append(
                f"{label} 与档案 {self.seen_numbers[f['id_number']]} 身份证号相同（{f['id_number']}）"
            )
        self.seen_numbers.setdefault(f["id_number"], f["file_no"])
        for ref in ("union_code", "responsible_unit_code"):
            if f[ref] is not None and f[ref] not in self.codes:
                problems.append(f"{label} 引用的工会 {f[ref]} 不在工会清单中")
        if f["responsible_person_id"] is not None and f["responsible_person_id"] not in self.cadre_ids:
            problems.append(f"{label} 的帮扶责任人不在责任人清单中")
        self.labels[fid] = label
        problems.extend(file_problems(f, label, self.today))

    def _child(self, entity: str, r: dict[str, Any]) -> None:
        problems = self.problems
        fp = self.fingerprints.get(r["file_id"])
        if fp is None:
            problems.append(f"{entity} 记录 {r['id']} 所属档案不在数据包中")
        else:
            fp.add(entity, r)
        if r["id"] in self.ids:
            problems.append(f"{entity} 记录 {r['id']} 重复")
        self.ids.add(r["id"])
        if entity == "household_member":
            if r["id_number"]:
                try:
                    check_id_number(r["id_number"], today=self.today)
                except ValidationFailed as exc:
                    problems.append(
                        f"家庭成员 {r['name']} 身份证号 {r['id_number']} 无效：{exc.errors[0].zh}"
                    )
            owner = self.labels.get(r["file_id"], "档案")
            problems.extend(member_problems(r, owner, self.today))
        if entity == "pairing":
            if r["person_id"] not in self.cadre_ids:
                problems.append(f"包保记录 {r['id']} 的责任人不在责任人清单中")
            if r["unit_code"] is not None and r["unit_code"] not in self.codes:
                problems.append(f"包保记录 {r['id']} 引用的工会 {r['unit_code']} 不在工会清单中")

    def finish(self) -> _Checker:
        if self.head is None:
            self._head()
        self.ids = set()
        problems = [*(self.head or ()), *self.problems]
        if problems:
            raise _refuse(problems, f"the package content is invalid: {len(problems)} problem(s)")
        return self


def _check(pkg: Package, today: dt.date) -> _Checker:
    checker = _Checker(pkg.manifest["sender"]["code"], today)
    for entity in ENTITIES:
        for row in pkg.iter_rows(entity.name):
            checker.add(entity.name, row)
    return checker.finish()


def check_content(pkg: Package, *, today: dt.date) -> None:
    """Everything that must hold inside the package before anything is compared or written."""
    _check(pkg, today)


def _open_checked(path: str | os.PathLike[str], today: dt.date) -> tuple[Package, _Checker]:
    """Open the package without keeping its rows, checking its content in the same pass where the members
    come in the usual order (a package written in another order is read once more, in order)."""
    box: list[_Checker] = []

    def on_manifest(manifest: dict[str, Any]) -> None:
        box.append(_Checker(manifest["sender"]["code"], today))

    pkg = open_package(
        path,
        kind="files",
        keep_rows=False,
        on_row=lambda entity, row: box[0].add(entity, row),
        on_manifest=on_manifest,
    )
    checker = box[0]
    if checker.out_of_order:
        return pkg, _check(pkg, today)
    return pkg, checker.finish()


def _classify(
    s: Session, pkg: Package, home: UnionOrg, checked: _Checker
) -> tuple[MergeReport, dict[str, str]]:
    """Compare the package with this database; returns the report and file id → action (new/update)."""
    m = pkg.manifest
    if m["sender"]["code"] == home.code:
        raise PackageError(
            f"这是本工会（{home.code}）自己导出的数据包，不能导入本库",
            "this package was exported by this union itself",
        )
    if m["receiver"] not in (None, home.code):
        raise PackageError(
            f"此数据包是发给工会 {m['receiver']} 的，本库属于工会 {home.code}，未导入",
            f"this package is addressed to {m['receiver']}, this database is {home.code}",
        )
    report = MergeReport(
        package_id=pkg.package_id, sender=dict(m["sender"]), manifest_counts=dict(m["counts"])
    )
    report.already_imported = (
        s.scalars(
            select(ExchangeLog.id).where(
                ExchangeLog.package_id == pkg.package_id, ExchangeLog.direction == "in"
            )
        ).first()
        is not None
    )
    codes = union_codes(s)
    actions: dict[str, str] = {}
    incoming = checked.fingerprints
    # a batch of files at a time: their local copies, and who holds their ID and file numbers here
    for start in range(0, len(checked.files), BATCH):
        files = checked.files[start : start + BATCH]
        local_files, local_children = local_snapshots(s, [f[0] for f in files], codes)
        local_prints = fingerprints(local_files.values(), local_children)
        by_number: dict[str, tuple[str, str, str]] = {}
        for part in chunks([f[3] for f in files]):
            for fid, number, no, origin in s.execute(
                select(
                    HardshipFile.id,
                    HardshipFile.id_number,
                    HardshipFile.file_no,
                    HardshipFile.origin_union_code,
                ).where(HardshipFile.id_number.in_(part))
            ):
                by_number[number] = (fid, no, origin)
        received: dict[str, dt.datetime] = {}
        for part in chunks([f[0] for f in files if f[0] in local_files]):
            for fid, stamp in s.execute(
                select(HardshipFile.id, HardshipFile.received_stamp).where(
                    HardshipFile.id.in_(part), HardshipFile.received_stamp.is_not(None)
                )
            ):
                received[fid] = _naive_utc(stamp)
        by_no: dict[str, str] = {}
        for part in chunks([f[1] for f in files]):
            for fid, no in s.execute(
                select(HardshipFile.id, HardshipFile.file_no).where(HardshipFile.file_no.in_(part))
            ):
                by_no[no] = fid
        for fid, file_no, name, id_number, origin in files:
            holder = by_number.get(id_number)
            if holder is not None and holder[0] != fid:
                report.conflicts.append(
                    Conflict(
                        "same_person",
                        file_no,
                        name,
                        origin,
                        holder[1],
                        holder[2],
                        f"身份证号 {id_number} 的职工 {name} 已由 {holder[2]} 建档（{holder[1]}），"
                        f"{origin} 又建档（{file_no}）：保留已有档案，未导入后者",
                    )
                )
                continue
            local = local_files.get(fid)
            if local is None:
                if file_no in by_no and by_no[file_no] != fid:
                    report.conflicts.append(
                        Conflict(
                            "file_no_taken",
                            file_no,
                            name,
                            origin,
                            file_no,
                            None,
                            f"档案编号 {file_no} 已被本库另一份档案占用：未导入 {name} 的档案",
                        )
                    )
                    continue
                actions[fid] = "new"
                report.new.append(file_no)
                continue
            mine, theirs = local_prints[fid], incoming[fid]
            if theirs.same(mine):
                report.unchanged += 1
                continue
            # an imported file: is the sender's copy newer than the one last received from below? (local
            # changes here, a review mark or a clock ahead, do not count); otherwise the local stamp
            last = received.get(fid)
            if theirs.stamp > (last if last is not None else mine.stamp):
                actions[fid] = "update"
                report.updated.append(file_no)
            else:
                report.conflicts.append(
                    Conflict(
                        "local_newer",
                        file_no,
                        name,
                        origin,
                        local["file_no"],
                        local["origin_union_code"],
                        f"档案 {file_no}（{name}）本库的版本不比数据包中的旧：保留本库版本",
                    )
                )
    return report, actions


def preview_import(db: Database, *, path: str | os.PathLike[str], today: dt.date) -> MergeReport:
    """Validate the package and show what importing it would do; nothing is written.

    Raises:
        PackageError: the package is damaged, tampered with, of an unknown version or invalid.
    """
    pkg, checked = _open_checked(path, today)
    with db.reader() as s:
        report, _ = _classify(s, pkg, home_union(s), checked)
    return report


def import_package(
    db: Database,
    *,
    path: str | os.PathLike[str],
    today: dt.date,
    actor: str = "system",
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> MergeReport:
    """Validate, compare and apply a package in one transaction (all of it or none of it).

    Importing the same package again changes nothing. `progress(done, total)` reports the steps (validated,
    compared, written, committed) for the window's job helper.

    Raises:
        PackageError: the package is damaged, tampered with, of an unknown version or invalid.
    """
    if dry_run:
        return preview_import(db, path=path, today=today)
    step = progress or (lambda done, total: None)
    step(0, 4)
    pkg, checked = _open_checked(path, today)
    step(1, 4)
    with db.transaction(actor=actor, reason=f"import package {pkg.package_id}") as s:
        home = home_union(s)
        report, actions = _classify(s, pkg, home, checked)
        step(2, 4)
        if actions:
            _apply(s, pkg, actions, home, actor, checked)
        step(3, 4)
        if not report.already_imported:
            s.add(
                ExchangeLog(
                    id=new_id(),
                    package_id=pkg.package_id,
                    direction="in",
                    kind="files",
                    counterpart_code=pkg.manifest["sender"]["code"],
                    at=utcnow(),
                    since=_utc(pkg.manifest["since"]),
                    sha256=pkg.sha256,
                    actor=actor,
                    counts_json=json.dumps(
                        {
                            "new": len(report.new),
                            "updated": len(report.updated),
                            "unchanged": report.unchanged,
                            "conflicts": len(report.conflicts),
                        },
                        sort_keys=True,
                    ),
                )
            )
        report.applied = True
    step(4, 4)
    return report


def _apply(
    s: Session, pkg: Package, actions: Mapping[str, str], home: UnionOrg, actor: str, checked: _Checker
) -> None:
    """Write the files to take and all their records, reading the package's members once more (each is
    checked against its SHA-256 again as it is read: a package changed meanwhile rolls everything back)."""
    _ensure_unions(s, checked.unions)
    ids = union_ids(s)
    _upsert_cadres(s, checked.cadres, ids)
    new_ids = [fid for fid, a in actions.items() if a == "new"]
    upd_ids = [fid for fid, a in actions.items() if a == "update"]
    for entity in CHILDREN:
        for part in chunks(upd_ids):
            s.execute(delete(entity.table).where(entity.table.c.file_id.in_(part)))
    table = FILE.table
    conn = s.connection()
    writer = BulkWriter(conn)
    upd_stmt = None
    new_batch: list[dict[str, Any]] = []
    upd_batch: list[dict[str, Any]] = []

    def flush(final: bool = False) -> None:
        nonlocal new_batch, upd_batch, upd_stmt
        if new_batch and (final or len(new_batch) >= BATCH):
            writer.insert_dicts(table, new_batch)
            new_batch = []
        if upd_batch and (final or len(upd_batch) >= BATCH):
            if upd_stmt is None:
                cols = [c for c in upd_batch[0] if c != "id"]
                upd_stmt = (
                    update(table)
                    .where(table.c.id == bindparam("_id"))
                    .values({c: bindparam(f"_{c}") for c in cols})
                )
            conn.execute(upd_stmt, [{f"_{k}": v for k, v in r.items()} for r in upd_batch])
            upd_batch = []

    provenance = home.code
    for f in pkg.iter_rows(FILE.name):
        action = actions.get(f["id"])
        if action is None:
            continue
        values = json_to_values(FILE, f, ids)
        values["provenance"] = _provenance(f["provenance"], provenance)
        values["review_state"] = "submitted"
        values["review_note"] = None
        values["received_stamp"] = checked.fingerprints[f["id"]].stamp.replace(tzinfo=dt.UTC)
        (new_batch if action == "new" else upd_batch).append(values)
        flush()
    flush(final=True)
    for entity in CHILDREN:
        batch = []
        for r in pkg.iter_rows(entity.name):
            if r["file_id"] in actions:
                batch.append(json_to_values(entity, r, ids))
                if len(batch) >= BATCH:
                    writer.insert_dicts(entity.table, batch)
                    batch = []
        if batch:
            writer.insert_dicts(entity.table, batch)
    reason = f"import package {pkg.package_id} from {pkg.manifest['sender']['code']}"
    bulk_audit(s, "hardship_file", new_ids, action="insert", actor=actor, reason=reason)
    bulk_audit(s, "hardship_file", upd_ids, action="update", actor=actor, reason=reason)


def _naive_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def _utc(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC) if value else None


def _provenance(incoming: str, home_code: str) -> str:
    path = [p for p in incoming.split(">") if p]
    if not path or path[-1] != home_code:
        path.append(home_code)
    return ">".join(path)[-400:]


def _ensure_unions(s: Session, unions: Sequence[Mapping[str, Any]]) -> None:
    known = set(s.scalars(select(UnionOrg.code)))
    now = utcnow()
    missing = [
        dict(
            id=new_id(),
            code=u["code"],
            name=u["name"],
            level=u["level"],
            parent_code=u["parent_code"],
            is_home=False,
            created_at=now,
            updated_at=now,
        )
        for u in unions
        if u["code"] not in known
    ]
    if missing:
        s.execute(insert(UnionOrg.__table__), missing)


def _upsert_cadres(s: Session, cadres: Sequence[Mapping[str, Any]], ids: Mapping[str, str]) -> None:
    table = CADRE.table
    local: dict[str, dt.datetime] = {}
    for part in chunks([c["id"] for c in cadres]):
        local.update(
            dict(s.execute(select(table.c.id, table.c.updated_at).where(table.c.id.in_(part))).all())
        )
    new, changed = [], []
    for c in cadres:
        values = json_to_values(CADRE, c, ids)
        if c["id"] not in local:
            new.append(values)
        elif values["updated_at"] > local[c["id"]]:
            changed.append(values)
    if new:
        s.execute(insert(table), new)
    for values in changed:
        s.execute(update(table).where(table.c.id == values["id"]).values(**values))


__all__ = ["Conflict", "MergeReport", "check_content", "import_package", "preview_import"]
