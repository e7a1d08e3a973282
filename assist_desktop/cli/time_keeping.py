"""Before a verb that reads the lifecycle: catch the database up to today (services/catchup.py).

What moved, or why nothing could be written, goes to stderr in one line; stdout stays the verb's own (its
`--json` clean).
"""

from __future__ import annotations

import sys

from assist_desktop.cli.core import Ctx


def catch_up_first(ctx: Ctx) -> None:
    from assist_desktop.services.catchup import catch_up

    result = catch_up(ctx.db, today=ctx.today)
    text = result.summary(ctx.lang)
    if text:
        print(("note: " if ctx.lang == "en" else "提示：") + text, file=sys.stderr)
