"""The shortcuts of the re-evaluation's hot path give what the plain ways give: the parts of a fact read at once
(rows, objects, mappings, rows lacking a part), and the cycle collector back as it was after a pass."""

from __future__ import annotations

import datetime as dt
import gc
from collections import namedtuple
from types import SimpleNamespace

import pytest

from assist_desktop.domain.income import PART_COLUMNS, _named_parts, parts_given
from assist_desktop.domain.rules import yuan
from assist_desktop.domain.validation import format_fen
from assist_desktop.services.demo import build_demo
from assist_desktop.services.lifecycle import reevaluate_all

AS_OF = dt.date(2026, 11, 20)
TOTAL = "household_annual_income_fen"


def _columns() -> list[str]:
    return list(PART_COLUMNS[TOTAL])


def _expected(values: dict[str, int | None]) -> tuple[tuple[str, int], ...]:
    return tuple((c.removesuffix("_fen"), int(v)) for c in _columns() if (v := values.get(c)) is not None)


def test_parts_of_a_row_an_object_a_mapping_and_a_row_lacking_parts_are_the_same():
    cols = _columns()
    assert len(cols) >= 2
    values: dict[str, int | None] = {c: None for c in cols}
    values[cols[0]], values[cols[-1]] = 1_200_000, 360_000
    row_cls = namedtuple("Row", ["file_id", *cols])  # noqa: PYI024
    row = row_cls("f1", *(values[c] for c in cols))
    want = _expected(values)
    assert want == ((cols[0].removesuffix("_fen"), 1_200_000), (cols[-1].removesuffix("_fen"), 360_000))
    assert _named_parts(row, TOTAL) == want
    assert _named_parts(SimpleNamespace(**values), TOTAL) == want
    assert _named_parts(dict(values), TOTAL) == want  # a mapping: no attributes, read by key
    # an object with only some part columns (an older row shape): the others count as not given
    partial = SimpleNamespace(**{cols[0]: 1_200_000})
    assert _named_parts(partial, TOTAL) == ((cols[0].removesuffix("_fen"), 1_200_000),)
    assert _named_parts(None, TOTAL) == ()
    assert _named_parts(row, "no_such_total") == ()
    assert dict(want) == {c.removesuffix("_fen"): v for c, v in parts_given(dict(values), TOTAL).items()}


@pytest.mark.parametrize("fen", [0, 5, 72_000, 1_234_567, -250])
def test_remembered_yuan_is_format_fen(fen):
    assert yuan(fen) == format_fen(fen) and yuan(fen) == format_fen(fen)


def test_the_collector_is_back_as_it_was_after_a_pass(db):
    build_demo(db, files=12, seed=5, as_of=AS_OF, evaluate=False)
    assert gc.isenabled()
    states: list[bool] = []
    reevaluate_all(db, as_of=AS_OF, batch=5, progress=lambda done, total: states.append(gc.isenabled()))
    assert gc.isenabled() and states and all(states)  # on between the batches, and after the pass
    gc.disable()
    try:
        assert reevaluate_all(db, as_of=AS_OF)["changed"] == 0
        assert not gc.isenabled()  # a caller's own choice is left alone
    finally:
        gc.enable()
