"""Print the command-line reference (every verb, sub-verb and option) as Markdown, from the parser itself.

docs/cli.md embeds this between the markers `<!-- reference:start -->` and `<!-- reference:end -->`:
    .venv/bin/python scripts/cli_reference.py --write docs/cli.md
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assist_desktop.cli.core import build_parser  # noqa: E402

START, END = "<!-- reference:start -->", "<!-- reference:end -->"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def _options(parser: argparse.ArgumentParser) -> list[str]:
    out = []
    for a in parser._actions:
        if isinstance(a, argparse._HelpAction | argparse._SubParsersAction):
            continue
        name = ", ".join(a.option_strings) if a.option_strings else a.metavar or a.dest
        if a.option_strings and a.nargs != 0:
            name += f" {a.metavar or a.dest.upper()}"
        if a.choices and not isinstance(a.choices, dict):
            name += " {" + ",".join(map(str, a.choices)) + "}"
        req = " (required)" if getattr(a, "required", False) and a.option_strings else ""
        out.append(f"`{name}`{req}" + (f": {a.help}" if a.help else ""))
    return out


def reference() -> str:
    parser = build_parser()
    lines = ["### Global options", ""] + [f"- {o}" for o in _options(parser)] + [""]
    helps = _helps(parser)
    for verb, sub in _subparsers(parser).items():
        lines += [f"### `{verb}`", "", helps.get(verb, ""), ""]
        children = _subparsers(sub)
        if children:
            child_helps = _helps(sub)
            for name, child in children.items():
                lines.append(f"- **`{verb} {name}`**: {child_helps.get(name, '')}")
                lines += [f"  - {o}" for o in _options(child)]
        else:
            lines += [f"- {o}" for o in _options(sub)]
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", help="replace the reference section of this Markdown file")
    args = parser.parse_args()
    ref = reference()
    if not args.write:
        print(ref)
        return 0
    path = Path(args.write)
    text = path.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: f"{START}\n{ref}\n{END}", text, flags=re.S)
    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
