"""Entry point: `assist-desktop` with no verb opens the window; with a verb it runs the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from assist_desktop.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
