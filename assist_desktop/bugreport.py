"""Bug reports that carry no record contents: an unexpected exception goes to a file, with values redacted.

A bug (an exception nobody expected: not the user's input, not the environment) must still be reportable, but
its message may quote what was being processed: a name, an ID number, a bank account, a phone number. So neither
the command line nor the window prints a traceback: they write a report file in the `logs` folder of the data
folder, with the traceback's frames (file, line, function, code line: no local values are captured) and each
exception's type and message, redacted of
- runs of six or more digits (ID numbers, bank accounts, phone numbers, also written in groups "6222 0210 …"),
  with an ID number's final X;
- the value after the name of a record field (`name='…'`, `"id_number": "…"`, `bank_account=…`);
- all Chinese text (names, addresses; in a bug's message they cannot be told from words);
and they say where the report is: "程序出错，已写入错误报告：PATH".
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
import traceback
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

REDACTED = "[redacted]"
ENV_LOG_DIR = "ASSIST_LOG_DIR"

_DIGITS = re.compile(r"(?<![\w.])\d(?:[ -]?\d){5,}[Xx]?(?![\w])|\d{6,}[Xx]?")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_SENSITIVE = ("name", "id_number", "phone", "bank_account", "bank_name", "address", "employer", "password",
              "contact_phone", "member_name", "username", "display_name", "value", "old_value", "new_value")


@lru_cache(maxsize=1)
def _field_pattern() -> re.Pattern[str]:
    names = set(_SENSITIVE)
    try:
        from assist_desktop.domain.fields import FILE_FIELDS, MEMBER_FIELDS

        names |= {f.name for f in (*FILE_FIELDS, *MEMBER_FIELDS)}
    except Exception:  # noqa: BLE001 - a report must be written even when the registry itself is broken
        pass
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(r"""(['"]?\b(?:""" + alternatives + r""")\b['"]?\s*[=:]\s*)('[^']*'|"[^"]*"|[^\s,;)}\]]+)""")


def redact(text: str) -> str:
    """`text` without Chinese text (names, addresses: a bug's message cannot tell them from words), values of
    record fields, or digit runs of six or more."""
    out = _CJK.sub(REDACTED, text)
    out = _field_pattern().sub(lambda m: m.group(1) + REDACTED, out)
    return _DIGITS.sub(REDACTED, out)


def log_dir() -> Path:
    """The `logs` folder of the user's data folder (ASSIST_LOG_DIR overrides it)."""
    chosen = os.environ.get(ENV_LOG_DIR)
    if chosen:
        return Path(chosen)
    from platformdirs import user_data_dir

    return Path(user_data_dir("assist_desktop", appauthor=False)) / "logs"


def report_text(exc: BaseException, *, where: str = "") -> str:
    """The report: where and when, versions, the traceback's frames and the redacted messages (no locals)."""
    from assist_desktop import __version__

    lines = [f"assist_desktop {__version__} bug report",
             f"time: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC",
             f"where: {where or '?'}",
             f"python: {platform.python_version()} on {platform.platform()}",
             "", "Values that could be record contents are redacted as " + REDACTED + ".", ""]
    body = "".join(traceback.TracebackException.from_exception(exc, capture_locals=False).format())
    return redact("\n".join(lines) + body)


def write_report(exc: BaseException, *, where: str = "") -> Path | None:
    """Write the report to a new file in `log_dir()`; None when even that fails (the caller says so)."""
    text = report_text(exc, where=where)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        path = folder / f"bug-{stamp}-{os.getpid()}.txt"
        n = 1
        while path.exists():
            path = folder / f"bug-{stamp}-{os.getpid()}-{n}.txt"
            n += 1
        path.write_text(text, encoding="utf-8")
        return path
    except OSError:
        return None


def report_for(exc: BaseException, *, where: str = "") -> Path | None:
    """The report of this exception: the one written already (by the top-level hook), or a new one."""
    known = getattr(exc, "_assist_report", None)
    if isinstance(known, Path):
        return known
    path = write_report(exc, where=where)
    with suppress(AttributeError):  # an exception type with __slots__ keeps no note
        exc._assist_report = path  # type: ignore[attr-defined]
    return path


def announce(exc: BaseException, *, where: str = "", lang: str = "zh") -> Path | None:
    """Write the report and say on stderr where it is (one line, the exception's type and no message)."""
    path = report_for(exc, where=where)
    kind = type(exc).__name__
    if path is None:
        line = (f"a program error ({kind}); no report could be written" if lang == "en"
                else f"程序出错（{kind}），错误报告也未能写入")
    else:
        line = (f"a program error ({kind}); report written to: {path}" if lang == "en"
                else f"程序出错，已写入错误报告：{path}（{kind}）")
    print(line, file=sys.stderr)
    return path
