"""The command-line parser, global options, error handling and the foundation verbs.

Exit codes: 0 success; 2 bad input or a refused request (one line on stderr, database unchanged);
3 the environment failed (database locked, disk full, read-only, unreachable, corrupt: the message says
which, `--json` adds the `kind`); 1 a bug (a database error that is not the environment's, such as a
missing column, is reported in one line without record contents; any other unexpected exception writes a
report file with record values redacted, `bugreport.py`, and says where, never a traceback).
Other verb groups live in sibling modules, each with a `register(subparsers)` function.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from typing import Any

from assist_desktop import __version__
from assist_desktop.db.engine import Database, StorageError, raise_storage, resolve_url, sqlite_path
from assist_desktop.db.errors import StorageKind, short_reason
from assist_desktop.domain.errors import DomainError, ValidationFailed

EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_ENV = 0, 1, 2, 3

#: modules that add verbs: each has register(subparsers) -> None
VERB_MODULES = (
    "assist_desktop.cli.lifecycle_cmds",
    "assist_desktop.cli.exchange_cmds",
    "assist_desktop.cli.print_cmds",
    "assist_desktop.cli.report_cmds",
    "assist_desktop.cli.union_cmds",
    "assist_desktop.cli.verify_cmds",
    "assist_desktop.cli.trust_cmds",
    "assist_desktop.cli.settings_cmds",
    "assist_desktop.cli.own_copy_cmds",
    "assist_desktop.cli.employment_cmds",
    "assist_desktop.cli.retention_cmds",
    "assist_desktop.cli.backup_cmds",
    "assist_desktop.cli.procedure_cmds",
)

#: verbs (by handler name) that neither write nor print full ID numbers: with accounts, they run without
#: credentials. Every other verb, a new one included, asks for `--user` and a password when the database has
#: accounts.
READ_ONLY_VERBS = frozenset({
    "cmd_stats", "cmd_standards_list", "cmd_cadre_list", "cmd_union_list", "cmd_file_list", "cmd_user_list",
    "cmd_status", "cmd_coverage", "cmd_due", "cmd_assist_list", "cmd_visit_list", "cmd_letter_list",
    "cmd_letter_show", "cmd_print_card", "cmd_print_letter", "cmd_roster_template", "cmd_verify",
    "cmd_key_show", "cmd_key_list", "cmd_roster_map_list", "cmd_settings_list", "cmd_holidays_list",
    "cmd_key_export", "cmd_exchange_log", "cmd_backup_list",
    "cmd_print_sheet",  # unless --full-id
    "cmd_employment_list", "cmd_retention_list", "cmd_procedure_show",
})
#: verbs that read the lifecycle: the database is first caught up to today (services/catchup.py; once a day,
#: as the program's time-keeping, no credentials needed; a note on stderr, never on stdout)
CATCH_UP_VERBS = frozenset({
    "cmd_status", "cmd_due", "cmd_file_list", "cmd_file_show", "cmd_stats", "cmd_report", "cmd_coverage",
    "cmd_retention_list",
})
#: verbs whose services do not check the role themselves (exchange use cases): checked here, at the border
BORDER_PERMISSIONS = {
    "cmd_export": "export", "cmd_import": "import", "cmd_review_decide": "review", "cmd_review_export": "review",
    "cmd_review_import": "import", "cmd_roster_export": "export",
}


class CliInputError(Exception):
    """A bad option value: exit 2 with this message."""


@dataclass
class Ctx:
    """What every verb gets: the parsed options, the open database, today and who is acting."""

    args: argparse.Namespace
    today: dt.date
    actor: str
    lang: str
    _db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            # only `init` makes a new database; every other verb refuses a path where there is none
            self._db = open_database(self.args.db, create=self.args.verb == "init", lang=self.lang,
                                     backup=wants_daily_backup(self.args))
        return self._db

    def out(self, data: Any, text: str | Callable[[], str] | None = None) -> None:
        if getattr(self.args, "json", False) or text is None:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=_default))
        else:
            print(text() if callable(text) else text)


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"not JSON serialisable: {type(value)}")


def open_database(db_arg: str | None, *, upgrade: bool = True, create: bool = True, lang: str = "zh",
                  backup: bool = True) -> Database:
    """Open the database from --db / ASSIST_DB / the data folder and bring its schema to head.

    Refused before anything is written or copied (db/startup.py): a SQLite path with no database unless
    `create`, a file that is not ours, a database from a newer version; `PRAGMA quick_check` after opening;
    then `after_open` (the day's backup unless `backup` is false, unfinished work completed).
    """
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from assist_desktop.db import migrate, startup

    try:
        url = resolve_url(db_arg)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise CliInputError(f"数据库地址无效：{exc}") from None
    startup.check_before_open(url, create=create)
    file = sqlite_path(url)
    fresh = file is not None and (not file.exists() or file.stat().st_size == 0)
    try:
        db = Database(url)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise CliInputError(f"数据库地址无效：{exc}") from None
    except OSError as exc:  # the folder cannot be created
        raise StorageError(str(exc), kind=_os_kind(exc), prefix="无法打开数据库",
                           prefix_en="cannot open the database") from exc
    if upgrade:
        where = db.url.split("@")[-1]
        try:
            startup.check_revision(db)
            migrate.upgrade(db)
            quick_check_when_needed(db)
            after_open(db, lang=lang, daily=backup and not fresh)
        except DBAPIError as exc:
            db.dispose()
            raise_storage(exc, prefix=f"无法打开或升级数据库（{where}）",
                          prefix_en=f"cannot open or upgrade the database ({where})")
            raise  # not the environment's: a bug in a migration
        except OSError as exc:
            db.dispose()
            raise StorageError(str(exc), kind=_os_kind(exc), prefix=f"无法打开或升级数据库（{where}）",
                               prefix_en=f"cannot open or upgrade the database ({where})") from exc
        except (StorageError, DomainError):
            db.dispose()
            raise
    return db


def quick_check_when_needed(db: Database, *, today: dt.date | None = None) -> bool:
    """`PRAGMA quick_check` (db/startup.py) at the first verb of the day, and whenever the database file was
    changed by anything but this program's verbs since the last check that passed; otherwise skipped: it reads
    every page, so at 1M files it cost every scripted verb a long wait (the window still checks at every start; a
    restore checks what it restored). The day and the file's identity, size and time after the last verb are
    noted beside the database (`.<name>.checked`, refreshed by `note_checked` when a verb ends); where that
    cannot be written, every verb checks. Returns whether it checked.

    Raises:
        StorageError: the check does not answer "ok" (kind corrupt).
    """
    from assist_desktop.db import startup

    path = db.sqlite_file
    if path is None:
        startup.quick_check(db)
        return True
    marker = _marker(path)
    seen = _file_seen(path, today)
    try:
        if seen is not None and marker.read_text(encoding="utf-8") == seen:
            _CHECKED[str(path)] = today
            return False
    except OSError:
        pass
    startup.quick_check(db)
    _CHECKED[str(path)] = today
    _write_marker(marker, seen)
    return True


#: the database files this process checked or found checked (note_checked refreshes their marker at the end)
_CHECKED: dict[str, dt.date | None] = {}


def _file_seen(path: Any, today: dt.date | None) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{(today or dt.date.today()).isoformat()} {st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns}"


def _write_marker(marker: Any, seen: str | None) -> None:
    if seen is None:
        return
    with suppress(OSError):  # a folder that cannot be written: the next verb checks again
        marker.write_text(seen, encoding="utf-8")


def note_checked(db: Database) -> None:
    """After a verb closed the database (its last connection checkpointed the WAL into the file): the file as this
    program left it, so the next verb does not take its own writes for an outside change."""
    path = db.sqlite_file
    if path is None or str(path) not in _CHECKED:
        return
    today = _CHECKED.pop(str(path))
    _write_marker(_marker(path), _file_seen(path, today))


def _marker(path: Any) -> Any:
    return path.with_name(f".{path.name}.checked")


def after_open(db: Database, *, lang: str = "zh", daily: bool = True) -> None:
    """What every start does once the database is open and current: the day's first start backs it up
    (services/backup.py), and work a killed process left half done is completed (services/pending.py); what
    was completed, or could not be, is said on stderr (stdout stays the verb's)."""
    from assist_desktop.services.backup import daily_backup
    from assist_desktop.services.pending import resume_pending

    try:
        if daily:  # not for the database just created
            t0 = time.perf_counter()
            made = daily_backup(db)
            seconds = time.perf_counter() - t0
            if made is not None and seconds >= BACKUP_NOTE_SECONDS:  # on stderr, never in the verb's output
                print(f"day's backup made in {seconds:.1f} s: {made.path}" if lang == "en"
                      else f"已完成今日备份（{seconds:.1f} 秒）：{made.path}", file=sys.stderr)
    except StorageError as exc:  # no room for the copy: say so, the verb may still work (a read, say)
        print(("warning: the day's backup could not be made: " if lang == "en" else "警告：未能完成每日备份：")
              + exc.message(lang), file=sys.stderr)
    resumed = resume_pending(db)
    if resumed.completed or resumed.failed:
        print(resumed.message(lang), file=sys.stderr)


#: a day's backup that took at least this long is said on stderr (a script sees why the verb was slow)
BACKUP_NOTE_SECONDS = 2.0
#: set (to anything but "" or "0") for scripted runs that make their own backups: no daily backup, as --no-backup
NO_BACKUP_ENV = "ASSIST_NO_BACKUP"


def wants_daily_backup(args: argparse.Namespace) -> bool:
    """Whether this run makes the day's backup: only a verb that writes (read-only verbs never copy the
    database), and neither `--no-backup` nor ASSIST_NO_BACKUP; the backup itself is skipped when nothing was
    written since the newest good one (services/backup.daily_backup)."""
    if getattr(args, "no_backup", False) or os.environ.get(NO_BACKUP_ENV, "") not in ("", "0"):
        return False
    func = getattr(args, "func", None)
    return func is not None and getattr(func, "__name__", "") not in READ_ONLY_VERBS


def _os_kind(exc: OSError) -> StorageKind:
    import errno

    if isinstance(exc, PermissionError):
        return StorageKind.PERMISSION
    if exc.errno == errno.ENOSPC:
        return StorageKind.FULL
    if exc.errno == errno.EROFS:
        return StorageKind.READ_ONLY
    return StorageKind.CANNOT_OPEN


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期（格式：YYYY-MM-DD）") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assist-desktop", description="绿卡帮扶档案 (green-card hardship files)")
    parser.add_argument("--version", action="version", version=f"assist-desktop {__version__}")
    parser.add_argument("--db", help="数据库文件路径或 SQLAlchemy URL（默认：ASSIST_DB 或用户数据目录）")
    parser.add_argument("--as-of", type=parse_day, dest="as_of", help="把此日期当作今天（YYYY-MM-DD）")
    parser.add_argument("--user", help="操作人（写入历史记录；默认：系统用户名）。设有账号时须为账号的用户名，"
                                       "密码取自环境变量 ASSIST_PASSWORD 或提示输入")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="消息语言")
    parser.add_argument("--no-backup", action="store_true", dest="no_backup",
                        help="不做每日自动备份（自行备份的脚本用；也可设环境变量 ASSIST_NO_BACKUP=1）。"
                             "默认：每天第一个写入数据的命令先备份，只读命令和自上次备份以来没有变化的数据库不备份")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    p = sub.add_parser("init", help="设定本工会（首次使用）")
    p.add_argument("--union-code", required=True)
    p.add_argument("--union-name", required=True)
    p.add_argument("--level", required=True, help="grassroots / county / city / province（或中文）")
    p.add_argument("--parent-code")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="生成演示数据")
    p.add_argument("--files", type=int, help="生成的演示档案数（与 --remove 二选一）")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--remove", action="store_true", help="删除全部演示档案及其记录（正式档案不动）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("standards", help="低保标准、最低工资等（带生效日期）")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ps = ssub.add_parser("set", help="设定自某日起生效的标准")
    ps.add_argument("--lb", required=True, help="月人均低保标准（元）")
    ps.add_argument("--mw", required=True, help="月最低工资标准（元）")
    ps.add_argument("--exit-multiple", default="2", help="脱困线为低保标准的倍数（默认 2）")
    ps.add_argument("--relative-multiple", default="2", help="相对困难线为低保标准的倍数（默认 2）")
    ps.add_argument("--accident-multiple", default="3", help="意外致困收入线为低保标准的倍数（默认 3）")
    ps.add_argument("--accident-cost-ratio", default="0.8",
                    help="意外致困：致困支出须超过家庭年收入的比例，0.5–0.8（默认 0.8）")
    ps.add_argument("--effective", required=True, type=parse_day)
    ps.add_argument("--no-reevaluate", action="store_true", help="只记录标准，不重新评定档案")
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=cmd_standards_set)
    pl = ssub.add_parser("list", help="列出全部标准")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_standards_list)

    p = sub.add_parser("stats", help="统计")
    p.add_argument("--json", action="store_true")
    p.add_argument("--by", action="append", default=[],
                   choices=("industry", "main_cause", "district", "origin_union_code", "work_status"))
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("cadre", help="帮扶责任人")
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pa = csub.add_parser("add", help="添加责任人")
    pa.add_argument("--name", required=True)
    pa.add_argument("--role", default="cadre")
    pa.add_argument("--title")
    pa.add_argument("--phone")
    pa.add_argument("--union-code")
    pa.add_argument("--json", action="store_true")
    pa.set_defaults(func=cmd_cadre_add)
    pl = csub.add_parser("list", help="列出责任人")
    pl.add_argument("--all", action="store_true", help="包括已离开的")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_cadre_list)

    p = sub.add_parser("union", help="下级工会和单位")
    usub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pa = usub.add_parser("add", help="添加下级工会或单位")
    pa.add_argument("--code", required=True)
    pa.add_argument("--name", required=True)
    pa.add_argument("--level", required=True)
    pa.add_argument("--parent-code")
    pa.add_argument("--json", action="store_true")
    pa.set_defaults(func=cmd_union_add)
    pl = usub.add_parser("list", help="列出工会和单位")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_union_list)

    p = sub.add_parser("file", help="档案：新建、修改、查看、检索")
    fsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pa = fsub.add_parser("add", help="新建档案（字段用 key=value，或 --from-json 文件）")
    pa.add_argument("fields", nargs="*", metavar="KEY=VALUE")
    pa.add_argument("--from-json", help="JSON 文件：{\"fields\": {...}, \"members\": [...]}")
    pa.add_argument("--json", action="store_true")
    pa.set_defaults(func=cmd_file_add)
    pu = fsub.add_parser("update", help="修改档案字段")
    pu.add_argument("file_no")
    pu.add_argument("fields", nargs="*", metavar="KEY=VALUE")
    pu.add_argument("--reason")
    pu.add_argument("--json", action="store_true")
    pu.set_defaults(func=cmd_file_update)
    pl = fsub.add_parser("list", help="检索档案（姓名、拼音首字母、身份证号、单位）")
    pl.add_argument("query", nargs="?", default="")
    pl.add_argument("--status")
    pl.add_argument("--category")
    pl.add_argument("--limit", type=int, default=50)
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_file_list)

    p = sub.add_parser("user", help="登录账号（设有账号时，打开窗口须登录）")
    usub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    pa = usub.add_parser("add", help="添加账号（密码从标准输入读取一行，或交互输入）")
    pa.add_argument("--username", required=True)
    pa.add_argument("--name", required=True, help="显示姓名")
    pa.add_argument("--role", default="clerk", help="admin / clerk / reviewer / viewer（或中文）")
    pa.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    pa.add_argument("--json", action="store_true")
    pa.set_defaults(func=cmd_user_add)
    pp = usub.add_parser("passwd", help="重设密码")
    pp.add_argument("--username", required=True)
    pp.add_argument("--password-stdin", action="store_true")
    pp.set_defaults(func=cmd_user_passwd)
    pl = usub.add_parser("list", help="列出账号")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_user_list)

    p = sub.add_parser("gui", help="打开窗口")
    p.set_defaults(func=None)

    import importlib

    for name in VERB_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def actor_name(args: argparse.Namespace) -> str:
    if args.user:
        return str(args.user)[:50]
    try:
        return getpass.getuser()[:50]
    except Exception:
        return "system"


def main(argv: Sequence[str] | None = None) -> int:
    from sqlalchemy.exc import DBAPIError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.verb or args.verb == "gui":
        from assist_desktop.app import run_gui

        return run_gui(db_arg=args.db, as_of=args.as_of, lang=args.lang)
    ctx = Ctx(args=args, today=args.as_of or dt.date.today(), actor=actor_name(args), lang=args.lang)
    try:
        authenticate(ctx)
        if getattr(args.func, "__name__", "") in CATCH_UP_VERBS:
            from assist_desktop.cli.time_keeping import catch_up_first

            catch_up_first(ctx)
        return int(args.func(ctx) or 0)
    except ValidationFailed as exc:
        _error(exc.summary(ctx.lang, limit=20), ctx, errors=[e.to_json() for e in exc.errors])
        return EXIT_INPUT
    except (DomainError, CliInputError) as exc:
        msg = exc.message(ctx.lang) if isinstance(exc, DomainError) else str(exc)
        errors = None
        if isinstance(exc, DomainError):
            errors = [{"field": None, "row": None, "source": None, "message": exc.zh, "message_en": exc.en,
                       "warning": False}]
        _error(msg, ctx, errors=errors)
        return EXIT_INPUT
    except StorageError as exc:
        message = exc.message(ctx.lang)
        _error(message, ctx, errors=[{"field": None, "row": None, "source": None, "message": exc.message("zh"),
                                      "message_en": exc.message("en"), "warning": False,
                                      "kind": exc.kind.value}])
        return EXIT_ENV
    except DBAPIError as exc:
        # not the environment's (a missing column or table, a broken constraint): a bug of ours. One line,
        # the driver's code and first line only: no SQL parameters, no DETAIL with record contents.
        reason = f"{type(exc).__name__}: {short_reason(exc)}"
        zh, en = f"程序错误（不是环境问题），请报告维护人员：{reason}", f"a program error (not the environment's), please report it: {reason}"
        _error(en if ctx.lang == "en" else zh, ctx, errors=[{"field": None, "row": None, "source": None, "message": zh,
                                                              "message_en": en, "warning": False, "kind": "bug"}])
        return EXIT_BUG
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away: not an error of ours; keep Python from complaining at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the one top-level catch of the command line: a bug
        # never a traceback on the terminal (it could quote names, ID numbers, bank accounts): a report file
        # with those redacted (bugreport.py), and one line saying where it is
        from assist_desktop.bugreport import announce

        path = announce(exc, where=f"command line: {args.verb} {getattr(args, 'action', '') or ''}".strip(),
                        lang=ctx.lang)
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "errors": [{"field": None, "row": None, "source": None,
                                                       "message": "程序出错，已写入错误报告", "message_en":
                                                       "a program error: a report was written", "warning": False,
                                                       "kind": "bug", "report": str(path) if path else None}]},
                             ensure_ascii=False))
        return EXIT_BUG
    finally:
        if ctx._db is not None:
            ctx._db.dispose()
            note_checked(ctx._db)


def needs_credentials(args: argparse.Namespace) -> bool:
    """Whether the verb writes or prints full ID numbers (then, with accounts, it needs a signed-in account)."""
    name = getattr(args.func, "__name__", "")
    if name == "cmd_print_sheet":
        return bool(getattr(args, "full_id", False))
    return name not in READ_ONLY_VERBS


def authenticate(ctx: Ctx) -> None:
    """With accounts in the database: sign in `--user` (password from ASSIST_PASSWORD or a prompt) for every verb
    that writes or prints full ID numbers, and make that account the actor. Without accounts: nothing (today's
    single-user behaviour, the actor is `--user` or the OS account).

    Raises:
        CliInputError: credentials are needed and `--user` is missing, or no password can be read.
        DomainError: a wrong user name or password, a locked account, or a role that may not use the verb.
    """
    from assist_desktop.services.access import has_accounts, require

    args = ctx.args
    needed = needs_credentials(args)
    if not needed and not args.user:
        return
    if not has_accounts(ctx.db):
        return
    if not args.user:
        raise CliInputError("本数据库设有账号：请用 --user 用户名 登录（密码取自环境变量 ASSIST_PASSWORD 或提示输入）"
                            if ctx.lang != "en" else
                            "this database has accounts: sign in with --user NAME (the password from ASSIST_PASSWORD "
                            "or a prompt)")
    password = os.environ.get("ASSIST_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CliInputError("请在环境变量 ASSIST_PASSWORD 中给出密码（没有终端，无法提示输入）"
                                if ctx.lang != "en" else
                                "give the password in ASSIST_PASSWORD (no terminal to prompt on)")
        password = getpass.getpass(f"{args.user} 的密码：")
    from assist_desktop.services.users import authenticate as sign_in  # argon2: only to sign in

    ctx.actor = sign_in(ctx.db, username=args.user, password=password)
    permission = BORDER_PERMISSIONS.get(getattr(args.func, "__name__", ""))
    if permission is not None:
        require(ctx.db, ctx.actor, permission)


def _error(message: str, ctx: Ctx, errors: list[dict[str, Any]] | None = None) -> None:
    """One line on stderr; under --json also the machine form on stdout, so scripts always get JSON."""
    print(("error: " if ctx.lang == "en" else "错误：") + message.replace("\n", " "), file=sys.stderr)
    if getattr(ctx.args, "json", False):
        if not errors:
            errors = [{"field": None, "row": None, "source": None, "message": message, "message_en": message,
                       "warning": False}]
        print(json.dumps({"ok": False, "errors": errors}, ensure_ascii=False), file=sys.stdout)


def parse_kv(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise CliInputError(f"“{pair}”应写成 字段=值")
        key, value = pair.split("=", 1)
        out[key.strip()] = value
    return out


# --- foundation verbs ------------------------------------------------------------------------------

def cmd_init(ctx: Ctx) -> int:
    from assist_desktop.services.keys import ensure_union_key
    from assist_desktop.services.unions import init_union

    a = ctx.args
    union = init_union(ctx.db, code=a.union_code, name=a.union_name, level=a.level, parent_code=a.parent_code,
                       actor=ctx.actor)
    ensure_union_key(ctx.db, actor=ctx.actor)  # the union's key pair (services/keys.py)
    ctx.out({"ok": True, "union": union.to_json()},
            f"已设定本工会：{union.code} {union.name}（{union.level}）\n数据库：{ctx.db.url}")
    return 0


def cmd_demo(ctx: Ctx) -> int:
    from assist_desktop.services.demo import build_demo, remove_demo

    if ctx.args.remove:
        removed = remove_demo(ctx.db, actor=ctx.actor)
        ctx.out({"ok": True, **removed.to_json()}, f"已删除演示档案 {removed.files} 份")
        return 0
    if ctx.args.files is None:
        raise CliInputError("请给出 --files（生成演示档案数）或 --remove")
    built = build_demo(ctx.db, files=ctx.args.files, seed=ctx.args.seed, as_of=ctx.today, actor=ctx.actor)
    ctx.out({"ok": True, **built.to_json()}, f"已生成演示档案 {built.files} 份")
    return 0


def cmd_standards_set(ctx: Ctx) -> int:
    from assist_desktop.cli.lifecycle_cmds import summary_text
    from assist_desktop.db import pending
    from assist_desktop.services.standards import set_standard

    a = ctx.args
    as_of = max(ctx.today, a.effective) if a.effective <= ctx.today else ctx.today
    # the standard and the re-evaluation it calls for are two steps: marked unfinished before the first, so a
    # process killed in between leaves work that the next start completes (db/pending.py)
    marker = (None if a.no_reevaluate else
              pending.start(ctx.db, kind="reevaluate", params=pending.params_for(as_of, ctx.actor), actor=ctx.actor))
    with pending.dropped_on_error(ctx.db, marker) if marker else nullcontext():
        std = set_standard(ctx.db, lb=a.lb, mw=a.mw, effective=a.effective, today=ctx.today,
                           exit_multiple=a.exit_multiple, relative_multiple=a.relative_multiple,
                           accident_multiple=a.accident_multiple, accident_cost_ratio=a.accident_cost_ratio,
                           actor=ctx.actor)
    result: dict[str, Any] = {"ok": True, "standard": std.to_json()}
    if marker is not None:
        from assist_desktop.services import lifecycle

        result["reevaluation"] = lifecycle.reevaluate_all(ctx.db, as_of=as_of, actor=ctx.actor)
        pending.finish(ctx.db, marker)
    ctx.out(result, f"已设定 {a.effective} 起的低保标准 {a.lb} 元、最低工资 {a.mw} 元"
            + (f"\n重新评定：{summary_text(result['reevaluation'])}" if "reevaluation" in result else ""))
    return 0


def cmd_standards_list(ctx: Ctx) -> int:
    from assist_desktop.services.standards import list_standards

    rows = [s.to_json() for s in list_standards(ctx.db)]
    ctx.out({"standards": rows}, lambda: "\n".join(
        f"{r['effective']}  低保 {r['lb']} 元  最低工资 {r['mw']} 元  脱困线 {r['exit_multiple']} 倍" for r in rows)
        or "（尚未设定标准）")
    return 0


def cmd_stats(ctx: Ctx) -> int:
    from assist_desktop.domain.enums import Category, FileStatus
    from assist_desktop.services.access import has_accounts
    from assist_desktop.services.stats import stats

    data: dict[str, Any] = {**stats(ctx.db, by=tuple(ctx.args.by)).to_json(), "accounts": has_accounts(ctx.db)}

    def text() -> str:
        lines = [f"档案总数：{data['files']}"]
        lines += [f"  {FileStatus(k).label}：{v}" for k, v in data["by_status"].items()]
        lines.append("在档帮扶对象按类别：")
        lines += [f"  {Category(k).label}：{v}" for k, v in data["by_category"].items()]
        return "\n".join(lines)

    ctx.out(data, text)
    return 0


def cmd_cadre_add(ctx: Ctx) -> int:
    from assist_desktop.services.unions import add_cadre

    a = ctx.args
    c = add_cadre(ctx.db, name=a.name, union_code=a.union_code, role=a.role, title=a.title, phone=a.phone,
                  actor=ctx.actor)
    ctx.out({"ok": True, "cadre": c.to_json()}, f"已添加责任人 {c.name}（编号 {c.id}）")
    return 0


def cmd_cadre_list(ctx: Ctx) -> int:
    from assist_desktop.services.unions import list_cadres

    rows = [c.to_json() for c in list_cadres(ctx.db, include_left=ctx.args.all)]
    ctx.out({"cadres": rows}, lambda: "\n".join(f"{r['id']}  {r['name']}  {r['role']}  {r['phone'] or ''}"
                                                for r in rows))
    return 0


def cmd_union_add(ctx: Ctx) -> int:
    from assist_desktop.services.unions import add_union

    a = ctx.args
    u = add_union(ctx.db, code=a.code, name=a.name, level=a.level, parent_code=a.parent_code, actor=ctx.actor)
    ctx.out({"ok": True, "union": u.to_json()}, f"已添加 {u.code} {u.name}")
    return 0


def cmd_union_list(ctx: Ctx) -> int:
    from assist_desktop.services.unions import list_unions

    rows = [u.to_json() for u in list_unions(ctx.db)]
    ctx.out({"unions": rows}, lambda: "\n".join(f"{r['code']}  {r['name']}  {r['level']}"
                                                + ("  （本工会）" if r["is_home"] else "") for r in rows))
    return 0


def _load_json_file(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise CliInputError(f"无法读取 {path}：{exc}") from None
    if not isinstance(data, dict):
        raise CliInputError(f"{path} 应为 JSON 对象")
    return data


def file_json(detail: Any) -> dict[str, Any]:
    """The machine form of a file (keys are the column names; money in fen)."""
    f = detail.file
    data = f.model_dump()
    data["members"] = [m.model_dump(exclude={"file_id"}) for m in detail.members]
    data["union_code"] = detail.union.code if detail.union else None
    data["responsible"] = detail.responsible.name if detail.responsible else None
    return data


def cmd_file_add(ctx: Ctx) -> int:
    from assist_desktop.services.files import create_file

    fields: dict[str, Any] = {}
    members: list[dict[str, Any]] = []
    if ctx.args.from_json:
        data = _load_json_file(ctx.args.from_json)
        given_fields, given_members = data.get("fields", {}), data.get("members", [])
        if not isinstance(given_fields, dict):
            raise CliInputError(f"{ctx.args.from_json}：\"fields\" 应为 JSON 对象（字段名: 值）")
        if not isinstance(given_members, list) or not all(isinstance(m, dict) for m in given_members):
            raise CliInputError(f"{ctx.args.from_json}：\"members\" 应为 JSON 对象的列表（每位家庭成员一个对象）")
        fields.update(given_fields)
        members = list(given_members)
    fields.update(parse_kv(ctx.args.fields))
    detail = create_file(ctx.db, data=fields, members=members, as_of=ctx.today, actor=ctx.actor)
    ctx.out({"ok": True, "file_no": detail.file.file_no, "status": detail.file.status,
             "category": detail.file.category, "warnings": [w.to_json() for w in detail.warnings]},
            f"已建档：{detail.file.file_no} {detail.file.name}（{detail.file.status}）" + _warnings_text(detail))
    return 0


def _warnings_text(detail: Any) -> str:
    """The file's income warnings (domain.decisions.income_warnings), one a line after the result."""
    return "".join(f"\n注意：{w.message()}" for w in detail.warnings)


def cmd_file_update(ctx: Ctx) -> int:
    from assist_desktop.services.files import update_file

    changes = parse_kv(ctx.args.fields)
    detail = update_file(ctx.db, file_no=ctx.args.file_no, changes=changes, as_of=ctx.today, actor=ctx.actor,
                         reason=ctx.args.reason)
    ctx.out({"ok": True, "file_no": detail.file.file_no, "status": detail.file.status,
             "category": detail.file.category, "warnings": [w.to_json() for w in detail.warnings]},
            f"已修改：{detail.file.file_no}（{detail.file.status}）" + _warnings_text(detail))
    return 0


def cmd_file_list(ctx: Ctx) -> int:
    from assist_desktop.domain.enums import ReviewState
    from assist_desktop.domain.fields import list_values
    from assist_desktop.domain.validation import mask_id_number
    from assist_desktop.services.search import count_matches, search_files

    a = ctx.args
    rows = search_files(ctx.db, query=a.query, status=a.status, category=a.category, limit=a.limit)
    total = count_matches(ctx.db, query=a.query, status=a.status, category=a.category)
    data: dict[str, Any] = {"total": total, "files": [
        {"file_no": r.file_no, **list_values(r, mask=mask_id_number), "status": r.status,
         "category": r.category, "responsible": r.responsible, "review_state": r.review_state} for r in rows]}
    ctx.out(data, lambda: "\n".join([f"共 {total} 份"] + [
        f"{r['file_no']}  {r['name']}  {r['id_number_masked']}  {r['status']}  {r['category'] or ''}"
        + (f"  {ReviewState(r['review_state']).label}" if r["review_state"] != "local" else "")
        for r in data["files"]]))
    return 0


def _read_password(ctx: Ctx) -> str:
    if ctx.args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再输入一次：") != first:
        raise CliInputError("两次输入的密码不一致")
    return first


def cmd_user_add(ctx: Ctx) -> int:
    from assist_desktop.services.users import add_user

    a = ctx.args
    who = add_user(ctx.db, username=a.username, display_name=a.name, password=_read_password(ctx), role=a.role,
                   actor=ctx.actor)
    ctx.out({"ok": True, "username": who.username, "role": who.role}, f"已添加账号 {who.username}（{who.role}）")
    return 0


def cmd_user_passwd(ctx: Ctx) -> int:
    from assist_desktop.services.users import set_password

    set_password(ctx.db, username=ctx.args.username, password=_read_password(ctx), actor=ctx.actor)
    print(f"已重设 {ctx.args.username} 的密码")
    return 0


def cmd_user_list(ctx: Ctx) -> int:
    from assist_desktop.services.users import list_users

    rows = [{"username": u.username, "name": u.display_name, "role": u.role} for u in list_users(ctx.db)]
    ctx.out({"users": rows}, lambda: "\n".join(f"{r['username']}  {r['name']}  {r['role']}" for r in rows)
            or "（未设账号：打开窗口无需登录）")
    return 0
