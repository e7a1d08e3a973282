"""Exchange use cases: export a package, import (merge) one, review files and send or apply review results.

One keyword-only function per user action; each that writes returns a read model with the `Changes` it made.
The format (package files, schemas, content checks, the conflict rule) is `exchange/`'s; the reading and bulk
writing of rows is services/exchange_db.py's; what changed is tracked by change sequence numbers
(db/changes.py), never by clocks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db.audit import bulk_audit
from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.changes import stamped, transaction_seq, watermark
from assist_desktop.db.engine import Database, bulk_cache
from assist_desktop.db.models import (
    ExchangeLog,
    HardshipFile,
    StatusEvent,
    UnionOrg,
    new_id,
    table_of,
    utcnow,
)
from assist_desktop.domain.enums import EventKind, ReviewState
from assist_desktop.domain.errors import DomainError
from assist_desktop.exchange.entities import CADRE, CHILDREN, FILE, UNION, json_to_values, to_json_value
from assist_desktop.exchange.export import demo_warnings, files_manifest, receiver_of, sender_of
from assist_desktop.exchange.masking import describe, mask_rows, masked_fields
from assist_desktop.exchange.merge import (
    BATCH,
    Conflict,
    ContentChecker,
    check_addressing,
    decide,
    open_checked,
    provenance_path,
    takes_row,
)
from assist_desktop.exchange.package import (
    REVIEW_MEMBER,
    VALUE_MAP_MEMBER,
    Package,
    PackageError,
    file_sha256,
    new_manifest,
    open_package,
    write_package,
)
from assist_desktop.exchange.review import (
    came_through,
    check_review_addressing,
    review_decision,
    review_event_values,
    review_row,
)
from assist_desktop.exchange.sealing import (
    Envelope,
    PasswordNeeded,
    SealError,
    is_sealed,
    read_envelope,
    seal,
    unseal,
)
from assist_desktop.exchange.snapshot import chunks
from assist_desktop.services import exchange_db as xdb
from assist_desktop.services import exchange_trust as trust
from assist_desktop.services.backup import auto_backup
from assist_desktop.services.changes import NOTHING, Changes
from assist_desktop.services.common import home_union, sqlite_analyze
from assist_desktop.services.files import get_by_no
from assist_desktop.services.keys import (
    decryption_key,
    encryption_key_of,
    ensure_union_key,
    record_encryption_key,
    recorded_key,
    signing_key,
)
from assist_desktop.services.unions import receiver_mask

# --- read models ------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    """What an export wrote."""

    path: Path
    package_id: str
    receiver: str
    full: bool
    since: dt.datetime | None  # incremental: the previous package's start (for people; the rule is `since_seq`)
    counts: dict[str, int] = field(default_factory=dict)
    sha256: str = ""
    skipped_demo: int = 0  # demo households left out (the database holds real files too)
    warnings: list[str] = field(default_factory=list)
    seq: int = 0  # the change sequence the package covers up to (the receiver's new watermark)
    since_seq: int | None = None  # incremental: the files above this sequence
    changes: Changes = NOTHING
    encrypted: str | None = None  # "receiver_key" / "password"; None: a plain (signed) zip
    masked: list[str] = field(default_factory=list)  # the masks applied for this receiver

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "encrypted": self.encrypted,
            "masked": self.masked,
            "path": str(self.path),
            "package_id": self.package_id,
            "receiver": self.receiver,
            "full": self.full,
            "since": to_json_value(self.since),
            "counts": self.counts,
            "sha256": self.sha256,
            "skipped_demo": self.skipped_demo,
            "warnings": self.warnings,
            "seq": self.seq,
            "since_seq": self.since_seq,
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
    changes: Changes = NOTHING
    #: files whose incomes contradict each other (domain.decisions.income_warnings): imported as sent
    warnings: list[str] = field(default_factory=list)

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
            "warnings": self.warnings,
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
        lines += [f"  注意：{w}" for w in self.warnings[:50]]
        if len(self.warnings) > 50:
            lines.append(f"  ……另有 {len(self.warnings) - 50} 处收入数据互相矛盾")
        lines.append("已导入。" if self.applied else "预览，未写入数据库。")
        return "\n".join(lines)


@dataclass
class ReviewResult:
    """What a review action or a review import changed."""

    changed: list[str] = field(default_factory=list)  # file numbers
    unchanged: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    path: str | None = None
    package_id: str | None = None
    changes: Changes = NOTHING

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "unknown": self.unknown,
            "path": self.path,
            "package_id": self.package_id,
        }


# --- export -------------------------------------------------------------------------------------------


def last_export(s: Session, receiver: str, kind: str = "files") -> ExchangeLog | None:
    q = (
        select(ExchangeLog)
        .where(
            col(ExchangeLog.direction) == "out",
            col(ExchangeLog.kind) == kind,
            col(ExchangeLog.counterpart_code) == receiver,
        )
        .order_by(col(ExchangeLog.at).desc(), col(ExchangeLog.seq).desc().nulls_last())
        .limit(1)
    )
    return s.scalars(q).first()


def export_package(
    db: Database,
    *,
    out: str | os.PathLike[str],
    to: str | None = None,
    full: bool = False,
    actor: str = "system",
    password: str | None = None,
) -> ExportResult:
    """Write a package of this union's files for the union `to` (default: the parent union).

    Incremental unless `full` (or nothing was sent to `to` with a change sequence before): every file whose
    change sequence is above the one the previous package to `to` covered. The package is signed, then
    encrypted to the receiver's key when it is known here (it came with the receiver's review results or key
    file), else with `password`, else left plain (with a warning). The masks set for the receiver
    (`services.unions.set_receiver_mask`) leave their fields out.

    Args:
        out: the package file to write (replaced atomically).
        to: the receiving union's code.
        full: every file, not only what changed since the last package to `to`.
        password: seal the package with this password (scrypt + ChaCha20-Poly1305, exchange/sealing.py) when
            the receiver's key is not known.
    Raises:
        DomainError: no receiver known, or the database has no home union.
    """
    key = signing_key(db, actor=actor)
    with db.reader() as s:
        home = home_union(s)
        receiver = receiver_of(to, home.code, home.parent_code)
        receiver_key = encryption_key_of(s, receiver)
    sender = sender_of(home.code, home.name, home.level, home.parent_code)
    warnings: list[str] = []
    if receiver_key is None and not password:
        result = _export_files(db, Path(out), receiver, full, actor, key)
        warnings.append(
            f"数据包未加密：本库还没有工会 {receiver} 的加密公钥（导入它的审核结果或密钥文件后会自动加密），"
            "也没有给出密码；请经可靠途径传送"
        )
    else:
        if receiver_key is not None and password:
            warnings.append(f"已用工会 {receiver} 的公钥加密，未使用密码")
        plain = Path(out).with_name(f".{Path(out).name}.plain.zip")
        try:
            result = _export_files(db, plain, receiver, full, actor, key)
            seal(plain, Path(out), receiver_key=receiver_key, password=None if receiver_key else password,
                 signing_key=key, sender=sender, receiver_code=receiver)
        finally:
            plain.unlink(missing_ok=True)
        result.path, result.sha256 = Path(out), file_sha256(Path(out))
        result.encrypted = "receiver_key" if receiver_key is not None else "password"
    result.warnings = [*result.warnings, *warnings]
    return result


def _export_files(db: Database, out: Path, receiver: str, full: bool, actor: str, key: bytes) -> ExportResult:
    """The signed files package for `receiver` (plain zip), and its log entry."""
    own = ensure_union_key(db, actor=actor)
    started = utcnow()
    with db.transaction(actor=actor, reason="export package") as s:
        if not db.is_sqlite:
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        # first the counter: every file stamped at or below it is committed, so visible to the reads below
        seq = watermark(s.connection())
        home = home_union(s)
        previous = None if full else last_export(s, receiver)
        since_seq = previous.seq if previous is not None else None
        since = previous.at if previous is not None and since_seq is not None else None
        codes = xdb.union_codes(s)
        ids = None if since_seq is None else xdb.changed_since(s, since_seq)
        ids, skipped_demo = xdb.without_demo(s, ids)
        masks = receiver_mask(s, receiver)
        manifest = files_manifest(
            sender=sender_of(home.code, home.name, home.level, home.parent_code),
            receiver=receiver,
            started=started,
            since=since,
            since_seq=since_seq,
            seq=seq,
        )
        if own.enc_public_key:
            manifest["sender_enc_key"] = own.enc_public_key
        manifest["audit_head"] = xdb.audit_head(s)
        if masks:
            manifest["masked"] = list(masks)
        exported: list[str] = []

        def files() -> Iterator[dict[str, Any]]:
            for row in mask_rows(xdb.file_rows(s, codes, ids), masked_fields(masks, FILE.name)):
                exported.append(row["id"])
                yield row

        def children(entity: Any) -> Iterator[dict[str, Any]]:
            # the file member is written first, so `exported` is complete when children are read
            rows = xdb.child_rows(s, entity, codes, None if ids is None else exported)
            yield from mask_rows(rows, masked_fields(masks, entity.name))

        members: list[tuple[str, Any]] = [
            (UNION.member, xdb.union_rows(s)),
            (CADRE.member, xdb.cadre_rows(s, codes)),
            (FILE.member, files()),
        ]
        members += [(e.member, children(e)) for e in CHILDREN]
        members.append((VALUE_MAP_MEMBER, xdb.value_map_rows(s)))
        sha = write_package(out, manifest, members, private_key=key)
    # the snapshot's transaction only read; the bookkeeping commits in a short one of its own, so that a clerk's
    # save during the export (a conflict under REPEATABLE READ on PostgreSQL) never fails the export
    with db.transaction(actor=actor, reason="export package") as s:
        xdb.mark_reported(s, exported, home.code, started)
        counts = dict(manifest["counts"])
        s.add(
            ExchangeLog(
                id=new_id(),
                package_id=manifest["package_id"],
                direction="out",
                kind="files",
                counterpart_code=receiver,
                at=started,
                since=since,
                seq=seq,
                sha256=sha,
                counts_json=json.dumps(counts, sort_keys=True),
                actor=actor,
            )
        )
    warnings = demo_warnings(skipped_demo)
    if masks:
        warnings.append(f"按设定未发送给 {receiver}：{describe(masks)}")
    return ExportResult(
        path=out,
        package_id=manifest["package_id"],
        receiver=receiver,
        full=since_seq is None,
        since=since,
        counts=counts,
        sha256=sha,
        skipped_demo=skipped_demo,
        warnings=warnings,
        seq=seq,
        since_seq=since_seq,
        changes=Changes(exchange=True) | _of_files(exported),  # their review state may have changed
        masked=list(masks),
    )


# --- import -------------------------------------------------------------------------------------------


def _classify(
    s: Session, pkg: Package, home: UnionOrg, checked: ContentChecker, trust_sender: str | None = None
) -> tuple[MergeReport, dict[str, str], trust.Accepted]:
    """Check who sent the package and what it may touch, then compare it with this database; returns the
    report, file id → action (new/update) and what the sender check accepted (a key to record, the scope)."""
    m = pkg.manifest
    check_addressing(m, home.code)
    trust.check_receiver(m, home.code)
    accepted = trust.check_sender(s, pkg, trust_sender=trust_sender)
    accepted.scope = trust.check_scope(s, m, home.code, checked.unions, checked.files)
    sender = m["sender"]["code"]
    report = MergeReport(package_id=pkg.package_id, sender=dict(m["sender"]), manifest_counts=dict(m["counts"]),
                         warnings=list(checked.warnings))
    report.already_imported = _already_imported(s, pkg.package_id)
    codes = xdb.union_codes(s)
    actions: dict[str, str] = {}
    incoming = checked.fingerprints
    masked = tuple(m.get("masked") or ())
    for start in range(0, len(checked.files), BATCH):
        files = checked.files[start : start + BATCH]
        view = xdb.local_view(s, files, codes, masked)
        for f in files:
            d = decide(f, incoming[f.id], view, sender=sender, home_code=home.code)
            if d.action == "new":
                actions[f.id] = "new"
                report.new.append(f.file_no)
            elif d.action == "update":
                actions[f.id] = "update"
                report.updated.append(f.file_no)
            elif d.action == "unchanged":
                report.unchanged += 1
            elif d.conflict is not None:
                report.conflicts.append(d.conflict)
    return report, actions, accepted



def _chain_head(manifest: dict[str, Any]) -> str | None:
    head = manifest.get("audit_head")
    return f"{head['id']}:{head['hash']}" if isinstance(head, dict) else None


def _received(pkg: Package, kind: str, actor: str, counts: dict[str, int], **extra: Any) -> ExchangeLog:
    """The exchange-log entry of a package received (files or review results) from its sender, with the head of
    the sender's audit chain the package carried (format 4)."""
    return ExchangeLog(
        sender_chain_head=_chain_head(pkg.manifest),
        id=new_id(),
        package_id=pkg.package_id,
        direction="in",
        kind=kind,
        counterpart_code=pkg.manifest["sender"]["code"],
        at=utcnow(),
        sha256=pkg.sha256,
        actor=actor,
        signer_fingerprint=pkg.signer_fingerprint,
        counts_json=json.dumps(counts, sort_keys=True),
        **extra,
    )

def _already_imported(s: Session, package_id: str) -> bool:
    t = table_of(ExchangeLog)
    q = select(t.c.id).where(t.c.package_id == package_id, t.c.direction == "in")
    return s.execute(q).first() is not None


def preview_import(
    db: Database,
    *,
    path: str | os.PathLike[str],
    today: dt.date,
    trust_sender: str | None = None,
    password: str | None = None,
) -> MergeReport:
    """Validate the package and show what importing it would do; nothing is written (not even a key).

    Raises:
        PackageError: the package is damaged, tampered with, of an unknown version or invalid; its sender is
            unknown (trust.UnknownSender) or signed with another key than the recorded one; it touches files
            outside the sender's part of this union's tree; it is encrypted for another union.
        SealError: a sealed package without its password, or with a wrong one, or not to this union's key, or
            changed after sealing (exchange/sealing.py).
    """
    with opened_package(db, path, password=password, trust_sender=trust_sender) as (plain, envelope):
        pkg, checked = open_checked(plain, today)
        _same_signer(pkg, envelope)
        with db.reader() as s:
            report, _, _ = _classify(s, pkg, home_union(s), checked, trust_sender)
    return report


@contextmanager
def opened_package(
    db: Database, path: str | os.PathLike[str], *, password: str | None, trust_sender: str | None = None
) -> Iterator[tuple[Path, Envelope | None]]:
    """The package as a plain zip: itself, or (sealed) opened into a temporary folder for as long as the import
    reads it, with its envelope.

    A sealed package of envelope version 2 is checked before anything is decrypted: the sender's signature of
    the whole file, the sender's key against the one recorded here (or confirmed by `trust_sender`), and the
    receiver it names (this union, and this union's current encryption key).
    """
    if not is_sealed(Path(path)):
        yield Path(path), None
        return
    envelope = read_envelope(Path(path))
    with db.reader() as s:
        home = home_union(s)
        receiver = envelope.receiver
        if receiver is not None and receiver.get("code") != home.code:
            raise PackageError(
                f"此数据包是发给 {receiver.get('code')} 的，不能由本工会（{home.code} {home.name}）导入",
                f"this package is for {receiver.get('code')}; it cannot be imported by {home.code}",
            )
        sender = envelope.sender
        if envelope.signer is not None and sender is not None:
            trust.check_key(s, code=str(sender.get("code")), name=str(sender.get("name")),
                            signer=envelope.signer, trust_sender=trust_sender)
    private_key: bytes | None = None
    if envelope.mode == "hpke":
        own = ensure_union_key(db)
        if receiver is not None and receiver.get("key") not in (None, own.enc_fingerprint):
            raise SealError(
                f"此数据包加密所用的不是本工会现在的公钥（{receiver.get('key')}），本工会的密钥打不开，未导入",
                "the package is encrypted to another key than this union's",
            )
        private_key = decryption_key(db)
    elif not password:
        raise PasswordNeeded(
            "此数据包已用密码加密：请提供密码（--password-env）", "the package is sealed: a password is needed"
        )
    with tempfile.TemporaryDirectory(prefix="assist-package-") as folder:
        plain = Path(folder) / "package.zip"
        unseal(Path(path), plain, private_key=private_key, password=password)
        yield plain, envelope


def _same_signer(pkg: Package, envelope: Envelope | None) -> None:
    """The package inside a signed envelope must be signed by the same key (no re-wrapping of another's package).

    Raises:
        PackageError: it is not.
    """
    if envelope is not None and envelope.signer is not None and pkg.signer != envelope.signer:
        raise PackageError(
            "加密信封与其中数据包的签名者不同：可能是别人转封的数据包，未导入",
            "the envelope and the package inside it are signed by different keys: refused",
        )


def import_package(
    db: Database,
    *,
    path: str | os.PathLike[str],
    today: dt.date,
    actor: str = "system",
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    trust_sender: str | None = None,
    password: str | None = None,
) -> MergeReport:
    """Validate, compare and apply a package in one transaction (all of it or none of it).

    Importing the same package again changes nothing. `progress(done, total)` reports the steps (validated,
    compared, written, committed) for the window's job helper. `trust_sender` is the fingerprint a person
    confirmed for a sender whose key is not recorded yet (it is recorded with the import). An encrypted
    package is opened with this union's key (or `password`) first.

    Raises:
        PackageError: as `preview_import`.
    """
    if dry_run:
        return preview_import(db, path=path, today=today, trust_sender=trust_sender, password=password)
    auto_backup(db, label="pre-import")  # services/backup.py: a checked copy before every import
    with opened_package(db, path, password=password, trust_sender=trust_sender) as (plain, envelope):
        return _import_package(db, plain, today, actor, progress, trust_sender, envelope)


def _import_package(
    db: Database,
    path: Path,
    today: dt.date,
    actor: str,
    progress: Callable[[int, int], None] | None,
    trust_sender: str | None,
    envelope: Envelope | None = None,
) -> MergeReport:
    step = progress or (lambda done, total: None)
    step(0, 4)
    pkg, checked = open_checked(path, today)
    _same_signer(pkg, envelope)
    step(1, 4)
    with db.transaction(actor=actor, reason=f"import package {pkg.package_id}") as s, bulk_cache(s):
        home = home_union(s)
        report, actions, accepted = _classify(s, pkg, home, checked, trust_sender)
        step(2, 4)
        trust.record_accepted(s, accepted, actor=actor)
        _learn_encryption_key(s, pkg)
        if actions:
            _apply(s, pkg, actions, home, actor, checked, accepted.scope)
        if any(m["name"] == VALUE_MAP_MEMBER for m in pkg.manifest["members"]):
            xdb.store_received_maps(s, pkg.manifest["sender"]["code"], checked.value_maps, pkg.package_id)
        step(3, 4)
        if not report.already_imported:
            s.add(
                _received(
                    pkg,
                    "files",
                    actor,
                    {
                        "new": len(report.new),
                        "updated": len(report.updated),
                        "unchanged": report.unchanged,
                        "conflicts": len(report.conflicts),
                    },
                    since=_utc(pkg.manifest["since"]),
                    seq=pkg.manifest.get("sender_seq"),
                )
            )
        report.applied = True
    step(4, 4)
    report.changes = Changes(exchange=True) | _of_files(actions, care=True, pairing=True)
    if actions or accepted.key is not None:
        report.changes = report.changes | Changes(unions=True)
    if checked.value_maps:
        report.changes = report.changes | Changes(settings=True)
    return report


def _learn_encryption_key(s: Session, pkg: Package) -> None:
    """Record the sender's encryption key its signed manifest carries (format 4), once its signing key is
    recorded: packages to it are encrypted from then on."""
    enc = pkg.manifest.get("sender_enc_key")
    if enc and pkg.signer is not None and recorded_key(s, pkg.manifest["sender"]["code"]) == pkg.signer:
        s.flush()
        record_encryption_key(s, union_code=pkg.manifest["sender"]["code"], public_key=bytes.fromhex(enc))


def _apply(
    s: Session,
    pkg: Package,
    actions: dict[str, str],
    home: UnionOrg,
    actor: str,
    checked: ContentChecker,
    scope: frozenset[str],
) -> None:
    """Write the files to take and all their records, reading the package's members once more (each is
    checked against its SHA-256 again as it is read: a package changed meanwhile rolls everything back).

    The files are stamped with this transaction's change number and the sender's number of the copy; this
    level's own review decisions on a replaced file stay, and their echoes in the package are not written.
    Only the unions and cadres of the sender's part of the tree (`scope`) are added or changed."""
    xdb.ensure_unions(s, [u for u in checked.unions if u["code"] in scope])
    ids = xdb.union_ids(s)
    xdb.upsert_cadres(s, [c for c in checked.cadres if c.get("union_code") in scope], ids)
    new_ids = [fid for fid, a in actions.items() if a == "new"]
    upd_ids = [fid for fid, a in actions.items() if a == "update"]
    keep = xdb.kept_reviews(s, upd_ids, home.code)
    masked = tuple(pkg.manifest.get("masked") or ())
    # a masked (null) value never replaces the full one held here
    held_files, held_members = xdb.local_values(s, upd_ids, masked)
    xdb.clear_records(s, upd_ids, keep)
    kept = {eid for ids_ in keep.values() for eid in ids_}
    seq = transaction_seq(s)
    sender = pkg.manifest["sender"]["code"]
    writer = xdb.FileWriter(s)
    for f in pkg.iter_rows(FILE.name):
        action = actions.get(f["id"])
        if action is None:
            continue
        values = json_to_values(FILE, f, ids)
        values["provenance"] = provenance_path(f["provenance"], home.code)
        values["review_state"] = "submitted"
        values["review_note"] = None
        values["received_stamp"] = checked.fingerprints[f["id"]].stamp.replace(tzinfo=dt.UTC)
        values["received_seq"] = f.get("change_seq")
        values["received_from"] = sender
        values["change_seq"] = seq
        for name, value in held_files.get(f["id"], {}).items():
            if values.get(name) is None:
                values[name] = value
        writer.add(values, new=action == "new")
    writer.flush(final=True)
    bulk = BulkWriter(s.connection())
    for entity in CHILDREN:
        batch = []
        for r in pkg.iter_rows(entity.name):
            if r["file_id"] in actions and r["id"] not in kept and takes_row(entity.name, r, home.code):
                row_values = json_to_values(entity, r, ids)
                if entity.name == "household_member" and r["id"] in held_members:
                    for name, value in held_members[r["id"]].items():
                        if row_values.get(name) is None:
                            row_values[name] = value
                batch.append(row_values)
                if len(batch) >= BATCH:
                    bulk.insert_dicts(entity.table, batch)
                    batch = []
        if batch:
            bulk.insert_dicts(entity.table, batch)
    stamped(s, actions)
    reason = f"import package {pkg.package_id} from {sender}"
    bulk_audit(s, "hardship_file", new_ids, action="insert", actor=actor, reason=reason)
    bulk_audit(s, "hardship_file", upd_ids, action="update", actor=actor, reason=reason)
    sqlite_analyze(s)  # the planner learns the new rows (issue 12)


#: a change set names the files it touched up to this many; more, and it says "any file"
FEW_FILES = 50


def _of_files(ids: Sequence[str] | dict[str, str], *, care: bool = False, pairing: bool = False) -> Changes:
    if not ids:
        return NOTHING
    if len(ids) > FEW_FILES:
        return Changes.of_files(care=care, pairing=pairing)
    return Changes.of_files(*ids, care=care, pairing=pairing)


def _utc(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC) if value else None


# --- review -------------------------------------------------------------------------------------------


def review_files(
    db: Database,
    *,
    file_nos: Sequence[str],
    decision: str,
    reason: str | None = None,
    actor: str = "system",
    on: dt.date | None = None,
) -> ReviewResult:
    """Approve or return files that came from the unions below (a return needs a reason).

    Each changed file gets a history entry (kind `review`) dated `on` (default: today).

    Raises:
        ValidationFailed: an unknown decision, or a return without a reason.
        NotFound: a file number is unknown.
        DomainError: a file was created by this union itself (its review is the level above's).
    """
    checked = review_decision(decision, reason)
    state, note = checked.state, checked.note
    result = ReviewResult()
    ids: list[str] = []
    with db.transaction(actor=actor, reason=f"review {state.value}") as s:
        home = home_union(s)
        for no in file_nos:
            f = get_by_no(s, no)
            if f.origin_union_code == home.code:
                raise DomainError(
                    f"档案 {f.file_no} 是本工会建立的，应由上级工会审核",
                    f"file {f.file_no} was created here: the level above reviews it",
                )
            if f.review_state == state.value and f.review_note == note:
                result.unchanged.append(f.file_no)
                continue
            f.review_state, f.review_note = state.value, note
            s.add(
                StatusEvent(
                    **review_event_values(
                        file_id=f.id,
                        status=f.status,
                        category=f.category,
                        state=state.value,
                        note=note,
                        on=on or dt.date.today(),
                        actor=actor,
                        facts={"reviewer_code": home.code},
                    )
                )
            )
            result.changed.append(f.file_no)
            ids.append(f.id)
    result.changes = _of_files(ids)
    return result


def export_review(db: Database, *, out: str | os.PathLike[str], to: str, actor: str = "system") -> ReviewResult:
    """Write the review results (approved and returned files) for the files that came up through `to`.

    The package carries this union's keys (its signing key's signature, its encryption key in the manifest), so
    the unit learns where to encrypt its next packages; it is encrypted to the unit's key when known here.

    Raises:
        DomainError: `to` is this union, or no reviewed file came through it.
    """
    key = signing_key(db, actor=actor)
    own = ensure_union_key(db, actor=actor)
    started = utcnow()
    target = Path(out)
    with db.transaction(actor=actor, reason="export review results") as s:
        home = home_union(s)
        if to == home.code:
            raise DomainError("审核结果应发给下级工会，不能发给本工会", "review results go to a union below")
        t = table_of(HardshipFile)
        q = (
            select(t.c.id, t.c.file_no, t.c.review_state, t.c.review_note, t.c.provenance)
            .where(t.c.review_state.in_(("approved", "returned")))
            .order_by(t.c.file_no)
        )
        # the unit below knows its files by id and number: the results carry no ID numbers (review.jsonl's
        # id_number is optional, still read from older packages, and never selected nor written)
        rows = [
            review_row(file_id=fid, file_no=no, state=state, note=note, reviewer_code=home.code)
            for fid, no, state, note, prov in s.execute(q)
            if came_through(prov, to)
        ]
        if not rows:
            raise DomainError(f"没有经由工会 {to} 上报且已审核的档案", f"no reviewed file came up through {to}")
        manifest = new_manifest(
            kind="review",
            sender=sender_of(home.code, home.name, home.level, home.parent_code),
            receiver=to,
            created_at=to_json_value(started),
        )
        if own.enc_public_key:
            manifest["sender_enc_key"] = own.enc_public_key
        manifest["audit_head"] = xdb.audit_head(s)
        receiver_key = encryption_key_of(s, to)
        plain = target if receiver_key is None else target.with_name(f".{target.name}.plain.zip")
        try:
            sha = write_package(plain, manifest, [(REVIEW_MEMBER, iter(rows))], private_key=key)
            if receiver_key is not None:
                seal(plain, target, receiver_key=receiver_key, signing_key=key,
                     sender=sender_of(home.code, home.name, home.level, home.parent_code), receiver_code=to)
        finally:
            if plain != target:
                plain.unlink(missing_ok=True)
        s.add(
            ExchangeLog(
                id=new_id(),
                package_id=manifest["package_id"],
                direction="out",
                kind="review",
                counterpart_code=to,
                at=started,
                sha256=sha,
                actor=actor,
                counts_json=json.dumps({"review": len(rows)}),
            )
        )
    return ReviewResult(
        changed=[r["file_no"] for r in rows],
        path=str(out),
        package_id=manifest["package_id"],
        changes=Changes(exchange=True),
    )


def import_review(
    db: Database,
    *,
    path: str | os.PathLike[str],
    actor: str = "system",
    dry_run: bool = False,
    on: dt.date | None = None,
    trust_sender: str | None = None,
) -> ReviewResult:
    """Apply review results from a higher level (all of them in one transaction; twice changes nothing).

    Each file whose review state changes gets a history entry (kind `review`, dated `on`, default today),
    unless it already has one from this same package.

    Only results signed by this union's parent (its recorded key, or the one whose fingerprint a person
    confirms with `trust_sender`) are accepted.

    Raises:
        PackageError: the package is damaged, tampered with, not a review package, not for this union, not
            from this union's parent, or not signed with the parent's key.
    """
    with opened_package(db, path, password=None, trust_sender=trust_sender) as (plain, envelope):
        pkg = open_package(plain, kind="review")
        _same_signer(pkg, envelope)
        return _import_review(db, pkg, actor, dry_run, on, trust_sender)


def _import_review(
    db: Database, pkg: Package, actor: str, dry_run: bool, on: dt.date | None, trust_sender: str | None
) -> ReviewResult:
    rows = pkg.rows.get("review", [])
    result = ReviewResult(package_id=pkg.package_id)
    t = table_of(HardshipFile)
    written: list[str] = []
    with db.transaction(actor=actor, reason=f"import review results {pkg.package_id}") as s:
        home = home_union(s)
        check_review_addressing(pkg.manifest, home.code)
        trust.check_receiver(pkg.manifest, home.code)
        trust.check_parent(pkg.manifest, home)
        accepted = trust.check_sender(s, pkg, trust_sender=trust_sender)
        if not dry_run:
            trust.record_accepted(s, accepted, actor=actor)
            _learn_encryption_key(s, pkg)
        wanted = {r["file_id"]: r for r in rows}
        local: dict[str, tuple[str, str, str | None, str, str | None]] = {}
        for part in chunks(sorted(wanted)):
            for fid, no, state, note, status, category in s.execute(
                select(t.c.id, t.c.file_no, t.c.review_state, t.c.review_note, t.c.status, t.c.category).where(
                    t.c.id.in_(part)
                )
            ):
                local[fid] = (no, state, note, status, category)
        # files that already have this package's history entry (its results imported before)
        recorded: set[str] = set()
        et = table_of(StatusEvent)
        for part in chunks(sorted(local)):
            recorded.update(
                s.scalars(
                    select(et.c.file_id).where(
                        et.c.file_id.in_(part),
                        et.c.kind == EventKind.REVIEW.value,
                        et.c.facts_json.contains(f'"package_id": "{pkg.package_id}"'),
                    )
                )
            )
        day = on or dt.date.today()
        events: list[StatusEvent] = []
        for fid, r in wanted.items():
            if fid not in local:
                result.unknown.append(r["file_no"])
                continue
            no, state, note, status, category = local[fid]
            if (state, note) == (r["review_state"], r["review_note"]):
                result.unchanged.append(no)
                continue
            result.changed.append(no)
            if dry_run:
                continue
            written.append(fid)
            s.execute(update(t).where(t.c.id == fid).values(review_state=r["review_state"],
                                                             review_note=r["review_note"]))
            if fid not in recorded:
                events.append(
                    StatusEvent(
                        **review_event_values(
                            file_id=fid,
                            status=status,
                            category=category,
                            state=r["review_state"],
                            note=r["review_note"],
                            on=day,
                            actor=actor,
                            facts={"reviewer_code": r.get("reviewer_code"), "package_id": pkg.package_id},
                        )
                    )
                )
        if dry_run:
            s.rollback()
            return result
        s.add_all(events)
        if not _already_imported(s, pkg.package_id):
            s.add(_received(pkg, "review", actor, {"changed": len(result.changed), "unknown": len(result.unknown)}))
    result.changes = Changes(exchange=True) | _of_files(written)
    return result


@dataclass(frozen=True)
class ExchangeLogEntry:
    """One package sent or received, as `exchange log` lists it."""

    package_id: str
    direction: str
    kind: str
    counterpart_code: str | None
    at: dt.datetime
    seq: int | None
    sha256: str | None
    counts: dict[str, int]
    actor: str
    signer_fingerprint: str | None
    sender_chain_head: str | None  # "<audit entry id>:<hash>" of the sender's chain, as the package said

    def to_json(self) -> dict[str, Any]:
        head = None
        if self.sender_chain_head:
            entry, _, digest = self.sender_chain_head.partition(":")
            head = {"id": int(entry) if entry.isdigit() else None, "hash": digest}
        return {
            "package_id": self.package_id, "direction": self.direction, "kind": self.kind,
            "counterpart_code": self.counterpart_code, "at": to_json_value(self.at), "seq": self.seq,
            "sha256": self.sha256, "counts": self.counts, "actor": self.actor,
            "signer_fingerprint": self.signer_fingerprint, "sender_chain_head": head,
        }


def exchange_log(db: Database, *, limit: int | None = None) -> list[ExchangeLogEntry]:
    """The packages sent and received, newest first (at most `limit`)."""
    with db.reader() as s:
        q = select(ExchangeLog).order_by(col(ExchangeLog.at).desc(), col(ExchangeLog.id))
        if limit is not None:
            q = q.limit(limit)
        out = []
        for r in s.scalars(q):
            try:
                counts = {str(k): int(v) for k, v in json.loads(r.counts_json or "{}").items()}
            except (ValueError, AttributeError):
                counts = {}
            out.append(ExchangeLogEntry(r.package_id, r.direction, r.kind, r.counterpart_code, r.at, r.seq,
                                        r.sha256, counts, r.actor, r.signer_fingerprint, r.sender_chain_head))
        return out


def review_counts(db: Database) -> dict[str, int]:
    """Files by review state (every state, 0 where none)."""
    with db.reader() as s:
        counts = {st.value: 0 for st in ReviewState}
        t = table_of(HardshipFile)
        for state, n in s.execute(select(t.c.review_state, func.count()).group_by(t.c.review_state)):
            counts[state] = int(n)
        return counts


__all__ = [
    "ExchangeLogEntry", "ExportResult", "MergeReport", "ReviewResult", "exchange_log", "export_package",
    "export_review", "import_package",
    "import_review", "last_export", "preview_import", "review_counts", "review_files",
]
