"""Trust verbs: this union's key and the keys recorded for the unions it exchanges packages with.

`union key show` prints this union's fingerprint (compare it with the other level on paper or by phone);
`union key list` every recorded key; `union key forget CODE` deletes a sender's recorded key (after a real key
change, confirmed out of band, the next package is imported with `--trust-sender` again).
"""

from __future__ import annotations

import argparse
from typing import Any

from assist_desktop.cli.core import Ctx


def _subparsers_of(parser: argparse.ArgumentParser) -> Any:
    for action in parser._actions:  # argparse keeps the sub-commands of a parser in its actions only
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise LookupError("the union verb has no actions")


def register(sub: Any) -> None:
    union = sub.choices["union"]
    usub = _subparsers_of(union)
    p = usub.add_parser("key", help="本工会的密钥指纹；已记录的其他工会公钥")
    ksub = p.add_subparsers(dest="key_action", metavar="KEY_ACTION", required=True)
    ps = ksub.add_parser("show", help="显示本工会公钥指纹（首次使用时生成密钥）")
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=cmd_key_show)
    pl = ksub.add_parser("list", help="列出已记录的公钥")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_key_list)
    pe = ksub.add_parser("export", help="导出本工会的公钥文件（签名公钥和加密公钥），交给上级或下级工会")
    pe.add_argument("--out", required=True, help="公钥文件（.json）")
    pe.add_argument("--json", action="store_true")
    pe.set_defaults(func=cmd_key_export)
    pi = ksub.add_parser("import", help="记录另一工会的公钥文件（须先核对其指纹）；此后发给它的数据包加密给它")
    pi.add_argument("file")
    pi.add_argument("--trust", required=True, metavar="FINGERPRINT", help="与对方当面、电话或书面核对过的指纹")
    pi.add_argument("--json", action="store_true")
    pi.set_defaults(func=cmd_key_import)
    pf = ksub.add_parser("forget", help="删除已记录的某工会公钥（对方确实更换密钥后）")
    pf.add_argument("code", metavar="UNION_CODE")
    pf.add_argument("--json", action="store_true")
    pf.set_defaults(func=cmd_key_forget)


def cmd_key_show(ctx: Ctx) -> int:
    from assist_desktop.services.keys import own_key

    key = own_key(ctx.db)
    ctx.out(
        {"ok": True, "key": key.to_json(), "fingerprint": key.fingerprint},
        f"本工会 {key.union_code} 的公钥指纹：{key.fingerprint}\n私钥文件：{key.private_key_path}"
        + ("" if key.private_key_present else "（找不到！请从备份中找回）")
        + (f"\n加密公钥指纹：{key.enc_fingerprint}（发给本工会的数据包加密给它）" if key.enc_fingerprint else ""),
    )
    return 0


def cmd_key_list(ctx: Ctx) -> int:
    from assist_desktop.services.keys import list_keys

    keys = list_keys(ctx.db)
    ctx.out(
        {"ok": True, "keys": [k.to_json() for k in keys]},
        lambda: "\n".join(
            f"{k.union_code}\t{k.fingerprint}\t{'本工会' if k.is_own else '已确认'}\t{k.recorded_at:%Y-%m-%d}"
            for k in keys
        )
        or "尚未记录任何公钥",
    )
    return 0


def cmd_key_export(ctx: Ctx) -> int:
    from assist_desktop.services.keys import export_key_file

    key = export_key_file(ctx.db, out=ctx.args.out, actor=ctx.actor)
    ctx.out({"ok": True, "path": ctx.args.out, "key": key.to_json(), "fingerprint": key.fingerprint},
            f"已导出本工会 {key.union_code} 的公钥文件：{ctx.args.out}\n指纹：{key.fingerprint}（请对方导入时核对）")
    return 0


def cmd_key_import(ctx: Ctx) -> int:
    from assist_desktop.services.keys import import_key_file

    key = import_key_file(ctx.db, path=ctx.args.file, trust=ctx.args.trust, actor=ctx.actor)
    ctx.out({"ok": True, "key": key.to_json()},
            f"已记录工会 {key.union_code} 的公钥（指纹 {key.fingerprint}）；发给它的数据包将加密给它")
    return 0


def cmd_key_forget(ctx: Ctx) -> int:
    from assist_desktop.services.keys import forget_key

    forget_key(ctx.db, union_code=ctx.args.code, actor=ctx.actor)
    ctx.out({"ok": True, "forgotten": ctx.args.code}, f"已删除工会 {ctx.args.code} 的公钥记录")
    return 0


__all__ = ["register"]
