"""Hypothesis: households of any shape survive export and import unchanged (SQLite, fresh databases)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assist_desktop.db import migrate
from assist_desktop.db.engine import Database
from assist_desktop.services.exchange import export_package, import_package
from assist_desktop.services.files import create_file
from assist_desktop.services.unions import init_union
from tests.conftest import TODAY, complete_file_data, valid_id
from tests.exchange.conftest import dump, snapshots, trust_each_other

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda t: t.strip()
)
household = st.fixed_dictionaries(
    {
        "family_situation": texts,
        "skills": texts | st.just("无"),
        "state_of_mind": st.sampled_from(["情绪稳定", "压力大\u2028需要关心", "=SUM(A1)", '"引号"，逗号']),
        "household_annual_income": st.integers(min_value=0, max_value=10**7).map(
            lambda f: f"{f // 100}.{f % 100:02d}"
        ),
        "household_size": st.integers(min_value=1, max_value=9).map(str),
        "work_status": st.sampled_from(["下岗", "失业", "在岗", "退休", "农民工"]),
        "main_cause": st.sampled_from(["下岗失业", "本人患重病", "子女上学", "残疾", "其他"]),
        "phone": st.none() | st.just("13945678901"),
    }
)
member = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["李丽", "张小明", "王芳"]),
        "relation": st.sampled_from(["配偶", "儿子", "女儿", "母亲"]),
        "monthly_income": st.integers(min_value=0, max_value=500000).map(lambda f: f / 100),
    }
)


def _db(folder: Path, name: str, code: str, level: str, parent: str | None) -> Database:
    database = Database(f"sqlite:///{folder / name}")
    migrate.upgrade(database, backup=False)
    init_union(database, code=code, name=f"工会{code}", level=level, parent_code=parent)
    return database


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households=st.lists(st.tuples(household, st.lists(member, max_size=3)), min_size=1, max_size=5))
def test_generated_households_round_trip(households):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        grassroots = _db(folder, "g.sqlite3", "230102001", "grassroots", "230102")
        county = _db(folder, "c.sqlite3", "230102", "county", "2301")
        trust_each_other(grassroots, county)
        try:
            for i, (fields, mems) in enumerate(households):
                # the household counts the worker and every listed member at least
                fields = {**fields, "household_size": str(max(int(fields["household_size"]), len(mems) + 1))}
                data = complete_file_data(
                    **fields, id_number=valid_id(f"23010219700101{i:03d}"), name="张三" if i % 2 else "李四"
                )
                create_file(grassroots, data=data, members=mems, as_of=TODAY)
            export_package(grassroots, out=folder / "p.zip")
            report = import_package(county, path=folder / "p.zip", today=TODAY)
            assert len(report.new) == len(households)
            assert snapshots(county) == snapshots(grassroots)
            before = dump(county)
            import_package(county, path=folder / "p.zip", today=TODAY)
            assert dump(county) == before
        finally:
            grassroots.dispose()
            county.dispose()
