"""The history entries a re-evaluation inserts get time-ordered ids (db.models.new_time_id: UUIDs of version 7, RFC
9562), so that they go to the right edge of the primary-key index; still 36-character lower-case UUID text, valid
where version 4 ids are (the exchange schemas' id pattern). Other rows keep random ids (new_id), whose first
characters the command line accepts as a short form."""

from __future__ import annotations

import json
import re
import uuid
from importlib import resources

from sqlalchemy import select

from assist_desktop.db.models import StatusEvent, new_id, new_time_id


def test_time_ids_are_version_7_and_sort_in_the_order_they_were_made():
    ids = [new_time_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)  # within one millisecond too
    for text in ids[:50]:
        u = uuid.UUID(text)
        assert u.version == 7 and u.variant == uuid.RFC_4122
        assert str(u) == text and len(text) == 36


def test_the_exchange_schemas_accept_them():
    schema = json.loads(resources.files("assist_desktop.exchange").joinpath("schema/rows.schema.json").read_text())
    patterns = set(re.findall(r'"pattern": "(\^\[0-9a-f-\]\{36\}\$)"', json.dumps(schema, indent=1)))
    assert patterns, "the rows schema's id pattern"
    for pattern in patterns:
        assert re.fullmatch(pattern.encode().decode("unicode_escape"), new_time_id())


def test_a_pass_writes_its_history_entries_after_every_older_id(db):
    import datetime as dt

    from assist_desktop.services.demo import build_demo
    from assist_desktop.services.lifecycle import reevaluate_all

    build_demo(db, files=30, seed=8, as_of=dt.date(2026, 11, 20), evaluate=False)
    with db.reader() as s:  # the demo's own entries (written with the demo's generator) left aside
        before = set(s.scalars(select(StatusEvent.id)))
    first = new_time_id()
    reevaluate_all(db, as_of=dt.date(2026, 11, 20), batch=7)
    last = new_time_id()
    with db.reader() as s:
        ids = [i for i in s.scalars(select(StatusEvent.id)) if i not in before]
    assert len(ids) >= 15
    assert all(uuid.UUID(i).version == 7 for i in ids)
    # after every id made before the pass and before every one made after it: the right edge of the index
    assert all(first < i < last for i in ids)


def test_other_rows_keep_random_ids_whose_short_forms_differ():
    ids = [new_id() for _ in range(200)]
    assert all(uuid.UUID(i).version == 4 for i in ids)
    assert len({i[:8] for i in ids}) == len(ids)  # made in the same instant, yet told apart by 8 characters
