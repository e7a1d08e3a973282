"""Who may send this union a package, and what it may touch: the sender's key and the sender's part of the tree.

Used by services/exchange.py on every import, before anything is compared or written:
- the receiver: a package names this union as its receiver (a package for nobody in particular is refused);
- the key: a signed package's key must be the one recorded for its sender; a sender without a recorded key is
  refused (`UnknownSender`, naming its fingerprint) unless a person confirms that fingerprint; an unsigned
  package (format 1/2) is refused unless a person names its sender (and never once a key is recorded for it);
- the scope: the sender is this union or below it in this union's tree, and every file the package carries
  originates from the sender or a union below the sender; this union's own files and those of other units
  are refused, listed, and nothing is written;
- review results come from this union's parent only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assist_desktop.db.models import UnionOrg, table_of
from assist_desktop.exchange import crypto
from assist_desktop.exchange.merge import IncomingFile
from assist_desktop.exchange.package import Package, PackageError
from assist_desktop.services.keys import record_key, recorded_key

#: at most this many refused files are named in a message
LISTED = 20


class UnknownSender(PackageError):
    """The sender has no recorded key: its fingerprint must be confirmed (compared on paper or by phone)."""

    def __init__(self, zh: str, en: str, *, sender_code: str, sender_name: str, fingerprint: str | None) -> None:
        super().__init__(zh, en)
        self.sender_code, self.sender_name, self.fingerprint = sender_code, sender_name, fingerprint


class OutOfScope(PackageError):
    """The package carries files or unions outside the sender's part of the tree (listed in `files`)."""

    def __init__(self, zh: str, en: str, *, files: list[tuple[str, str]]) -> None:
        super().__init__(zh, en)
        self.files = files  # (file number, origin union code)


@dataclass
class Accepted:
    """What the sender check let through: a newly confirmed key to record, and the sender's codes in scope."""

    sender_code: str
    key: bytes | None = None
    scope: frozenset[str] = frozenset()


def check_receiver(manifest: Mapping[str, Any], home_code: str) -> None:
    """A package must name this union as its receiver.

    Raises:
        PackageError: it names none (another receiver is refused by the format's own addressing check).
    """
    if manifest.get("receiver") is None:
        raise PackageError(
            f"此数据包没有写明接收工会：只接受发给本工会（{home_code}）的数据包，未导入",
            f"the package names no receiver; only packages addressed to {home_code} are taken",
        )


def check_parent(manifest: Mapping[str, Any], home: UnionOrg) -> None:
    """Review results come from this union's parent only.

    Raises:
        PackageError: they come from another union.
    """
    sender = manifest["sender"]["code"]
    if home.parent_code is None or sender != home.parent_code:
        raise PackageError(
            f"审核结果来自工会 {sender}，不是本工会的上级工会（{home.parent_code or '未设定'}）：未导入",
            f"review results from {sender}, which is not this union's parent ({home.parent_code}): refused",
        )


def check_sender(s: Session, pkg: Package, *, trust_sender: str | None) -> Accepted:
    """The sender's key against the one recorded (module docstring); nothing is written here.

    Raises:
        UnknownSender: no key is recorded for the sender and `trust_sender` does not confirm this one.
        PackageError: the package is signed with another key than the recorded one, or is unsigned while a key
            is recorded, or `trust_sender` names another fingerprint.
    """
    sender = pkg.manifest["sender"]
    code, name = str(sender["code"]), str(sender["name"])
    known = recorded_key(s, code)
    signer = pkg.signer
    if signer is None:
        if known is not None:
            raise PackageError(
                f"数据包没有签名，但本库已记录工会 {code}（{name}）的公钥（指纹 {crypto.fingerprint(known)}）：未导入",
                f"the package is unsigned but a key of {code} is recorded: refused",
            )
        if trust_sender is None or trust_sender.strip() != code:
            raise UnknownSender(
                f"数据包由旧版程序导出（格式 {pkg.manifest['format_version']}），没有签名，无法确认真是工会 {code}"
                f"（{name}）发来的。请对方用新版程序重新导出；或确认来源可靠后，用 --trust-sender {code} 导入",
                f"the package (format {pkg.manifest['format_version']}) is unsigned: ask {code} to export it again "
                f"with this version, or import it with --trust-sender {code} once you trust its source",
                sender_code=code,
                sender_name=name,
                fingerprint=None,
            )
        return Accepted(code)
    return check_key(s, code=code, name=name, signer=signer, trust_sender=trust_sender)


def check_key(s: Session, *, code: str, name: str, signer: bytes, trust_sender: str | None) -> Accepted:
    """A signature's key against the one recorded for the union `code` (a package's, or a sealed envelope's,
    checked before anything is decrypted); nothing is written here.

    Raises:
        UnknownSender: no key is recorded for `code` and `trust_sender` does not confirm this one.
        PackageError: another key is recorded, or `trust_sender` names another fingerprint.
    """
    known = recorded_key(s, code)
    fingerprint = crypto.fingerprint(signer)
    if known is not None:
        if known != signer:
            raise PackageError(
                f"工会 {code}（{name}）的密钥变了：本库记录的指纹是 {crypto.fingerprint(known)}，数据包的签名指纹是 "
                f"{fingerprint}。可能是冒充，未导入。若对方确实换了密钥，请当面或电话核对新指纹后运行 "
                f"union key forget {code}，再用 --trust-sender 导入",
                f"the key of {code} changed: recorded {crypto.fingerprint(known)}, package signed by {fingerprint}; "
                f"refused (if it really changed: `union key forget {code}`, then import with --trust-sender)",
            )
        return Accepted(code)
    if trust_sender is None:
        raise UnknownSender(
            f"首次收到工会 {code}（{name}）的数据包，本库还没有它的公钥。签名指纹：{fingerprint}。请与对方核对指纹"
            f"（当面、电话或书面），一致时用 --trust-sender {fingerprint} 导入",
            f"first package from {code} ({name}), whose key is not recorded; fingerprint {fingerprint}: compare it "
            f"with the sender's, then import with --trust-sender {fingerprint}",
            sender_code=code,
            sender_name=name,
            fingerprint=fingerprint,
        )
    if crypto.normalize_fingerprint(trust_sender) != fingerprint:
        raise PackageError(
            f"确认的指纹 {trust_sender} 与数据包的签名指纹 {fingerprint} 不符：未导入",
            f"the confirmed fingerprint {trust_sender} is not the package's {fingerprint}: refused",
        )
    return Accepted(code, key=signer)


def record_accepted(s: Session, accepted: Accepted, *, actor: str) -> None:
    """Record a newly confirmed sender key (in the import's own transaction)."""
    if accepted.key is not None:
        record_key(s, union_code=accepted.sender_code, public_key=accepted.key, actor=actor)


def _parents(s: Session) -> dict[str, str | None]:
    t = table_of(UnionOrg)
    return {code: parent for code, parent in s.execute(select(t.c.code, t.c.parent_code))}


def check_scope(
    s: Session,
    manifest: Mapping[str, Any],
    home_code: str,
    unions: Sequence[Mapping[str, Any]],
    files: Sequence[IncomingFile],
) -> frozenset[str]:
    """The union codes the package may create or change files for: the sender and the unions below it.

    The tree is this database's (a union it knows keeps its parent here, whatever the package says); the
    package's union list only places unions this database does not know yet.

    Raises:
        PackageError: the sender is not below this union (or names an unknown union as parent).
        OutOfScope: a file originates outside the sender's part of the tree, or the package brings a union
            unknown here that is not below the sender; all of them are listed.
    """
    local = _parents(s)
    theirs = {str(u["code"]): u.get("parent_code") for u in unions}
    sender = manifest["sender"]
    code = str(sender["code"])
    theirs.setdefault(code, sender.get("parent_code"))

    def parent(c: str) -> str | None:
        return local[c] if c in local else theirs.get(c)

    def below(c: str | None, top: str) -> bool:
        """`c` is `top` or under it, without passing through this union (unless `top` is this union)."""
        seen: set[str] = set()
        while c is not None and c not in seen:
            if c == top:
                return True
            if c == home_code:
                return False
            seen.add(c)
            c = parent(c)
        return False

    if code == home_code or not below(parent(code), home_code):
        raise PackageError(
            f"发送方工会 {code}（{sender['name']}）不在本工会（{home_code}）之下：只接受下级工会的数据包，未导入",
            f"the sender {code} is not below this union {home_code}: refused",
        )
    outside = [(f.file_no, f.origin_union_code) for f in files if not below(f.origin_union_code, code)]
    strangers = sorted(c for c in theirs if c not in local and not below(c, code))
    if outside or strangers:
        named = "；".join(
            f"{no}（建档单位 {origin}{'，本工会自己的档案' if origin == home_code else ''}）"
            for no, origin in outside[:LISTED]
        )
        more = f"……共 {len(outside)} 份" if len(outside) > LISTED else ""
        parts = []
        if outside:
            parts.append(f"以下档案不属于发送方 {code} 及其下级单位，不能由它改动：{named}{more}")
        if strangers:
            parts.append(f"数据包带来不在 {code} 之下的未知工会：{'、'.join(strangers[:LISTED])}")
        raise OutOfScope(
            "数据包超出发送方的范围，全部未导入。" + "；".join(parts),
            f"the package reaches outside {code}'s part of the tree ({len(outside)} files, "
            f"{len(strangers)} unknown unions): nothing imported",
            files=outside,
        )
    return frozenset(c for c in {*local, *theirs} if below(c, code))


__all__ = [
    "Accepted", "OutOfScope", "UnknownSender", "check_key", "check_parent", "check_receiver", "check_scope",
    "check_sender",
    "record_accepted",
]
