"""Fixtures: a fresh database and data folder per test, on SQLite and (when configured) PostgreSQL.

Set ASSIST_TEST_PG to a server URL (e.g. postgresql://postgres@127.0.0.1:54329/postgres) to run the
database-backed tests against PostgreSQL as well; each test then gets a database of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from assist_desktop.db import migrate  # noqa: E402
from assist_desktop.db.engine import Database  # noqa: E402

TODAY = dt.date(2026, 11, 20)
PG_URL = os.environ.get("ASSIST_TEST_PG")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data folder or an ASSIST_DB from the environment."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASSIST_DB", raising=False)


def _backends() -> list[Any]:
    params: list[Any] = ["sqlite"]
    if PG_URL:
        params.append(pytest.param("postgresql", marks=pytest.mark.postgres))
    return params


@pytest.fixture(params=_backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of each configured backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from assist_desktop.db.engine import resolve_url

    admin_url = resolve_url(PG_URL)
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_db(db_url: str) -> Iterator[Database]:
    """A database migrated to head, with nothing in it."""
    db = Database(db_url)
    migrate.upgrade(db)
    yield db
    db.dispose()


@pytest.fixture
def db(empty_db: Database) -> Database:
    """A grassroots union's database with a standard in force (LB 720 元, MW 2,080 元 from 2025-01-01)."""
    from assist_desktop.services.standards import set_standard
    from assist_desktop.services.unions import init_union

    init_union(empty_db, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots", parent_code="230102")
    set_standard(empty_db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    return empty_db


def complete_file_data(**overrides: Any) -> dict[str, Any]:
    """A household whose five clears are all clear; per-capita income 500 元 (deep hardship at LB 720)."""
    data: dict[str, Any] = {
        "name": "张建国",
        "id_number": "230102197003151238",
        "work_status": "下岗",
        "phone": "13945678901",
        "address": "哈尔滨市南岗区学府路1号",
        "employer": "哈尔滨锅炉厂",
        "industry": "制造业",
        "health": "良好",
        "household_size": "3",
        "household_annual_income": "18000",
        "family_situation": "夫妻二人，一子在读高中",
        "main_cause": "下岗失业",
        "secondary_causes": "子女上学",
        "cause_account": "企业改制后下岗",
        "skills": "车工，二十年车床经验",
        "able_to_work": "是",
        "employment_wishes": "希望从事保安工作",
        "state_of_mind": "情绪稳定，积极配合",
        "last_visit_date": "2026-10-15",
    }
    data.update(overrides)
    return data


def valid_id(first17: str) -> str:
    from assist_desktop.domain.validation import id_check_digit

    return first17 + id_check_digit(first17)


@pytest.fixture
def today() -> dt.date:
    return TODAY
