"""Exchange between union levels: export packages, import and merge, review results, Excel/CSV rosters.

See docs/exchange-format.md for the package format, the conflict rule and the roster columns.
"""
