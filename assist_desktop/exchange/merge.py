"""Import and merge, the format side: check a package's content as it streams, and decide per file.

Conflict rule (docs/exchange-format.md §4.1), per file matched by `id` (`decide`):
- not on file here: new, unless its ID number is already on file under another file (`same_person`: the
  file already here is kept, the incoming one is skipped and listed) or its file number is taken
  (`file_no_taken`, skipped and listed);
- on file and identical (the file and all its records, provenance and this level's own review decisions
  aside): unchanged;
- on file and the incoming copy is newer: the local copy is replaced by the incoming one, records and all
  (this level's own review decisions stay). "Newer" compares the sender's change sequence of the copy
  (`change_seq`, format 2) with the one last received from the same sender (`received_seq`); without one
  (a format-1 package, or a file never received from this sender) the snapshot's stamp, the newest change
  time in it, with the sender's stamp last received (`received_stamp`) or else the local copy's stamp. Local
  changes here (a review mark, a clock ahead) never make the sender's newer copy lose;
- otherwise (the copy last received, or the local copy, is as new or newer): the local copy is kept and
  the file is listed (`local_newer`).
Reading the local copies and writing are `services.exchange`'s; nothing here touches a database.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assist_desktop.domain.decisions import income_warnings
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.domain.income import ALL_PARTS
from assist_desktop.domain.validation import check_id_number
from assist_desktop.exchange.entities import CADRE, CHILDREN, ENTITIES, FILE, UNION
from assist_desktop.exchange.package import VALUE_MAP, Package, PackageError, open_package
from assist_desktop.exchange.snapshot import Fingerprint, is_own_review
from assist_desktop.exchange.validate import file_problems, household_problems, member_problems

BATCH = 2000
#: the file columns the income warnings compare
_INCOME_COLUMNS = ("household_annual_income_fen", "own_monthly_income_fen", "dibao_monthly_fen",
                   "unavoidable_spending_fen", *ALL_PARTS)


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


@dataclass(frozen=True)
class IncomingFile:
    """What the decision needs of one incoming file (the checker keeps these, not the rows)."""

    id: str
    file_no: str
    name: str
    id_number: str
    origin_union_code: str


@dataclass(frozen=True)
class LocalCopy:
    """What this database holds of a file that is also in the package."""

    fingerprint: Fingerprint
    file_no: str
    origin_union_code: str
    received_seq: int | None  # the sender's sequence of the copy last imported
    received_from: str | None  # and who sent it
    received_stamp: dt.datetime | None  # the sender's stamp of it (naive UTC)


@dataclass
class LocalView:
    """This database's side of one batch of incoming files: their copies, and who holds their numbers."""

    copies: dict[str, LocalCopy] = field(default_factory=dict)  # file id → local copy
    by_id_number: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # → (id, file_no, origin)
    by_file_no: dict[str, str] = field(default_factory=dict)  # file number → id


@dataclass(frozen=True)
class FileDecision:
    """The rule's answer for one incoming file: `new`, `update`, `unchanged` or a conflict."""

    action: str  # new / update / unchanged / conflict
    file: IncomingFile
    conflict: Conflict | None = None


def _refuse(problems: list[str], en: str) -> PackageError:
    more = f"……另有{len(problems) - 10}处问题" if len(problems) > 10 else ""
    return PackageError("数据包内容有误，未导入：" + "；".join(problems[:10]) + more, en)


class ContentChecker:
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
        self.files: list[IncomingFile] = []
        self.fingerprints: dict[str, Fingerprint] = {}
        self.seen_numbers: dict[str, str] = {}
        self.seen_nos: set[str] = set()
        self.ids: set[str] = set()  # record ids of the child entity being read
        self.stopped = False
        self.unions: list[dict[str, Any]] = []
        self.cadres: list[dict[str, Any]] = []
        self.labels: dict[str, str] = {}  # file id → how problems name the file
        self.sizes: dict[str, tuple[Any, str]] = {}  # file id → its household size and label
        self.member_counts: dict[str, int] = {}
        # the incomes of each file and the sum of its members' monthly incomes (domain.decisions.income_warnings)
        self.incomes: dict[str, dict[str, Any]] = {}
        self.member_incomes: dict[str, int] = {}
        self.warnings: list[str] = []  # where a file's incomes contradict each other: never a refusal
        self.value_maps: list[dict[str, Any]] = []  # format 4: the sender's roster mappings (a few hundred)

    def add(self, entity: str, row: dict[str, Any]) -> None:
        if entity == VALUE_MAP:
            self.value_maps.append(row)
            return
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
        self.files.append(IncomingFile(fid, f["file_no"], f["name"], f["id_number"], f["origin_union_code"]))
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
        self.sizes[fid] = (f.get("household_size"), label)
        self.incomes[fid] = {c: f.get(c) for c in _INCOME_COLUMNS}

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
            self.member_counts[r["file_id"]] = self.member_counts.get(r["file_id"], 0) + 1
            income = r.get("monthly_income_fen")
            if isinstance(income, int) and not isinstance(income, bool):
                self.member_incomes[r["file_id"]] = self.member_incomes.get(r["file_id"], 0) + income
        if entity == "pairing":
            if r["person_id"] not in self.cadre_ids:
                problems.append(f"包保记录 {r['id']} 的责任人不在责任人清单中")
            if r["unit_code"] is not None and r["unit_code"] not in self.codes:
                problems.append(f"包保记录 {r['id']} 引用的工会 {r['unit_code']} 不在工会清单中")

    def finish(self) -> ContentChecker:
        if self.head is None:
            self._head()
        for fid, (size, label) in self.sizes.items():
            self.problems.extend(household_problems(size, self.member_counts.get(fid, 0), label))
        self.ids = set()
        problems = [*(self.head or ()), *self.problems]
        if problems:
            raise _refuse(problems, f"the package content is invalid: {len(problems)} problem(s)")
        for fid, incomes in self.incomes.items():
            members = [{"monthly_income_fen": self.member_incomes.get(fid, 0)}]
            label = self.labels.get(fid, "档案")
            self.warnings += [f"{label} {w.message()}" for w in income_warnings(incomes, members)]
        return self


def _check(pkg: Package, today: dt.date) -> ContentChecker:
    checker = ContentChecker(pkg.manifest["sender"]["code"], today)
    for entity in ENTITIES:
        for row in pkg.iter_rows(entity.name):
            checker.add(entity.name, row)
    for row in pkg.iter_rows(VALUE_MAP):
        checker.add(VALUE_MAP, row)
    return checker.finish()


def check_content(pkg: Package, *, today: dt.date) -> None:
    """Everything that must hold inside the package before anything is compared or written."""
    _check(pkg, today)


def open_checked(path: str | os.PathLike[str], today: dt.date) -> tuple[Package, ContentChecker]:
    """Open the package without keeping its rows, checking its content in the same pass where the members
    come in the usual order (a package written in another order is read once more, in order)."""
    box: list[ContentChecker] = []

    def on_manifest(manifest: dict[str, Any]) -> None:
        box.append(ContentChecker(manifest["sender"]["code"], today))

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


def decide(
    f: IncomingFile, theirs: Fingerprint, local: LocalView, *, sender: str, home_code: str
) -> FileDecision:
    """The conflict rule for one file (module docstring); pure."""
    holder = local.by_id_number.get(f.id_number)
    if holder is not None and holder[0] != f.id:
        return FileDecision(
            "conflict",
            f,
            Conflict(
                "same_person",
                f.file_no,
                f.name,
                f.origin_union_code,
                holder[1],
                holder[2],
                f"身份证号 {f.id_number} 的职工 {f.name} 已由 {holder[2]} 建档（{holder[1]}），"
                f"{f.origin_union_code} 又建档（{f.file_no}）：保留已有档案，未导入后者",
            ),
        )
    mine = local.copies.get(f.id)
    if mine is None:
        if f.file_no in local.by_file_no and local.by_file_no[f.file_no] != f.id:
            return FileDecision(
                "conflict",
                f,
                Conflict(
                    "file_no_taken",
                    f.file_no,
                    f.name,
                    f.origin_union_code,
                    f.file_no,
                    None,
                    f"档案编号 {f.file_no} 已被本库另一份档案占用：未导入 {f.name} 的档案",
                ),
            )
        return FileDecision("new", f)
    if theirs.same(mine.fingerprint, skip_reviewer=home_code):
        return FileDecision("unchanged", f)
    if newer(theirs, mine, sender=sender):
        return FileDecision("update", f)
    return FileDecision(
        "conflict",
        f,
        Conflict(
            "local_newer",
            f.file_no,
            f.name,
            f.origin_union_code,
            mine.file_no,
            mine.origin_union_code,
            f"档案 {f.file_no}（{f.name}）本库的版本不比数据包中的旧：保留本库版本",
        ),
    )


def newer(theirs: Fingerprint, mine: LocalCopy, *, sender: str) -> bool:
    """Whether the incoming copy is newer than the one last received (module docstring)."""
    if theirs.seq is not None and mine.received_seq is not None and mine.received_from == sender:
        return theirs.seq > mine.received_seq
    last = mine.received_stamp
    return theirs.stamp > (last if last is not None else mine.fingerprint.stamp)


def takes_row(entity: str, row: Mapping[str, Any], home_code: str) -> bool:
    """Whether an incoming record is written here: not the echo of this level's own review decision."""
    return not is_own_review(entity, row, home_code)


def provenance_path(incoming: str, home_code: str) -> str:
    """The file's provenance once it arrived here (this union's code added once)."""
    path = [p for p in incoming.split(">") if p]
    if not path or path[-1] != home_code:
        path.append(home_code)
    return ">".join(path)[-400:]


def check_addressing(manifest: Mapping[str, Any], home_code: str) -> None:
    """A package exported here, or addressed to another union, is refused.

    Raises:
        PackageError: either.
    """
    if manifest["sender"]["code"] == home_code:
        raise PackageError(
            f"这是本工会（{home_code}）自己导出的数据包，不能导入本库",
            "this package was exported by this union itself",
        )
    if manifest["receiver"] not in (None, home_code):
        raise PackageError(
            f"此数据包是发给工会 {manifest['receiver']} 的，本库属于工会 {home_code}，未导入",
            f"this package is addressed to {manifest['receiver']}, this database is {home_code}",
        )



__all__ = [
    "BATCH", "Conflict", "ContentChecker", "FileDecision", "IncomingFile", "LocalCopy", "LocalView",
    "check_addressing", "check_content", "decide", "newer", "open_checked", "provenance_path", "takes_row",
]
