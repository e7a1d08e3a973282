"""`backup`, `backup list`, `restore`: backups made on request, the automatic ones, and restoring one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assist_desktop.cli.core import CliInputError, Ctx


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "backup", help="备份数据库（SQLite：在线备份并检查；PostgreSQL：pg_dump）；backup list 列出自动备份")
    p.add_argument("--out", help="备份文件（或文件夹）；省略时放在自动备份文件夹中")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)
    bsub = p.add_subparsers(dest="action", metavar="ACTION")
    pl = bsub.add_parser("list", help="列出自动备份（每日、导入前、升级前…）及其检查结果")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_backup_list)

    p = sub.add_parser("restore", help="从备份恢复数据库：先检查备份（完好、属本程序、版本不比本程序新），"
                                       "并保留被替换的数据库的副本；数据库正被其他程序使用时拒绝")
    p.add_argument("file", help="备份文件")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


def cmd_backup(ctx: Ctx) -> int:
    from assist_desktop.services.backup import backup_folder, backup_now

    if ctx.args.out:
        out = Path(ctx.args.out)
    else:
        folder = backup_folder(ctx.db)
        if folder is None:
            raise CliInputError("服务器数据库请用 --out 给出备份文件")
        folder.mkdir(parents=True, exist_ok=True)
        out = folder
    made = backup_now(ctx.db, out=out, actor=ctx.actor)
    info = made.info
    ctx.out({"ok": True, **made.to_json()},
            f"已备份到 {info.path}（档案 {info.files if info.files is not None else '?'} 份，{_size(info.size)}，"
            f"检查：{info.integrity}）" + (f"\n本工会私钥已一并复制：{made.key_copy}" if made.key_copy else ""))
    return 0


def cmd_backup_list(ctx: Ctx) -> int:
    from assist_desktop.services.backup import backup_folder, list_backups

    rows = list_backups(ctx.db)
    folder = backup_folder(ctx.db)
    data = {"folder": str(folder) if folder else None, "backups": [b.to_json() for b in rows]}

    def text() -> str:
        if not rows:
            return f"（还没有自动备份：{folder}）" if folder else "（服务器数据库：由服务器自身备份）"
        return "\n".join([f"自动备份文件夹：{folder}"] + [
            f"{b.created_at:%Y-%m-%d %H:%M:%S}  {b.label or '':<11}  档案 {b.files if b.files is not None else '?':>6} 份"
            f"  {_size(b.size):>9}  {'完好' if b.good else '有问题：' + b.integrity}  {b.path.name}"
            if b.created_at else f"{b.path.name}  {b.integrity}" for b in rows])

    ctx.out(data, text)
    return 0


def cmd_restore(ctx: Ctx) -> int:
    from assist_desktop.services.backup import restore_backup

    done = restore_backup(ctx.db, path=ctx.args.file, actor=ctx.actor)
    when = f"{done.info.created_at:%Y-%m-%d %H:%M} UTC" if done.info.created_at else "日期不详"
    ctx.out({"ok": True, **done.to_json()},
            f"已从 {done.info.path} 恢复（备份于 {when}，档案 {done.info.files} 份）"
            + (f"\n被替换的数据库已保存为 {done.kept}" if done.kept else ""))
    return 0
