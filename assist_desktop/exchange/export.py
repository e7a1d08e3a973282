"""Export, the format side: the manifest of a files package and the words of its warnings.

Full or incremental: an incremental package holds every file whose change sequence (`hardship_file.change_seq`,
db/changes.py) is above the receiver's watermark (the sequence the previous package to it covered), each as a
complete snapshot, so the receiver can replace its copy and never needs a diff. The watermark is the counter as
read at the start of the export: a save committed after the snapshot has a higher number and goes next time;
no clock is involved. Reading the database and writing the log is `services.exchange.export_package`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from assist_desktop.domain.errors import DomainError
from assist_desktop.exchange.entities import to_json_value
from assist_desktop.exchange.package import new_manifest


def sender_of(code: str, name: str, level: str, parent_code: str | None) -> dict[str, Any]:
    """The manifest's `sender` of a union."""
    return {"code": code, "name": name, "level": level, "parent_code": parent_code}


def receiver_of(to: str | None, home_code: str, parent_code: str | None) -> str:
    """The union a package goes to: `to`, else the parent union.

    Raises:
        DomainError: none known, or it is the sending union itself.
    """
    receiver = (to or parent_code or "").strip()
    if not receiver:
        raise DomainError(
            "本工会没有设定上级工会：请用 --to 指定接收数据包的工会代码",
            "no parent union is set: give the receiver with --to",
        )
    if receiver == home_code:
        raise DomainError("不能把数据包发给本工会自己", "a package cannot be sent to this union itself")
    return receiver


def files_manifest(
    *,
    sender: Mapping[str, Any],
    receiver: str,
    started: dt.datetime,
    since: dt.datetime | None,
    since_seq: int | None,
    seq: int,
) -> dict[str, Any]:
    """The manifest of a files package: full when `since_seq` is None, else the files above `since_seq`;
    `seq` is the sequence it covers up to (the receiver's next watermark)."""
    manifest = new_manifest(
        kind="files",
        sender=sender,
        receiver=receiver,
        created_at=to_json_value(started),
        full=since_seq is None,
        since=to_json_value(since) if since_seq is not None else None,
    )
    manifest["sender_seq"] = seq
    manifest["since_seq"] = since_seq
    return manifest


def demo_warnings(skipped_demo: int) -> list[str]:
    if not skipped_demo:
        return []
    return [f"未导出 {skipped_demo} 份演示档案（本库同时有正式档案，演示数据不报送上级）"]


__all__ = ["demo_warnings", "files_manifest", "receiver_of", "sender_of"]
