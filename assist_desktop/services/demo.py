"""Demo data: realistic households, deterministic for a seed, bulk-inserted fast enough for 1M files."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from assist_desktop.db import pending
from assist_desktop.db.audit import bulk_audit
from assist_desktop.db.bulk import BulkWriter
from assist_desktop.db.engine import Database, bulk_cache
from assist_desktop.db.models import (
    AssistanceRecord,
    Cadre,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeFact,
    Pairing,
    StatusEvent,
    UnionOrg,
    new_id,
    table_of,
    utcnow,
)
from assist_desktop.db.search_index import insert_indexed
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from assist_desktop.domain.income import ALL_PARTS
from assist_desktop.domain.pinyin import name_initials
from assist_desktop.domain.validation import id_check_digit
from assist_desktop.services.access import require
from assist_desktop.services.changes import Changes
from assist_desktop.services.common import file_no_for, home_union, next_sequence, sqlite_analyze
from assist_desktop.services.standards import standard_on

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔")
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳东峰建国庆文海山成志永胜"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英华玲桂兰萍红梅琳燕颖洁丹婷雪慧莉倩晶凤秋月彩云淑珍春兰翠玉"
REGIONS = ("230102", "230103", "230104", "230108", "230109", "230110", "230111", "230112", "230123", "230124",
           "230125", "230126", "230127", "230128", "230129", "230183", "230184", "110101", "110105", "210102",
           "220102", "370102", "410102", "420102", "510104", "610102")
DISTRICTS = ("道里区", "南岗区", "道外区", "平房区", "松北区", "香坊区", "呼兰区", "阿城区", "双城区", "宾县")
STREETS = ("中央大街", "红旗大街", "学府路", "和平路", "哈平路", "友谊路", "先锋路", "民生路", "建设街", "工农大街")
EMPLOYERS = ("哈尔滨锅炉厂", "哈尔滨电机厂", "哈尔滨轴承厂", "哈尔滨量具刃具厂", "哈尔滨亚麻纺织厂", "哈尔滨第一机械厂",
             "哈尔滨车辆厂", "哈尔滨啤酒厂", "哈尔滨制药六厂", "哈尔滨百货大楼", "哈尔滨市公交公司", "哈尔滨市环卫处",
             "龙江建筑工程公司", "松花江纺织厂", "北方食品公司", "东北轻合金厂", "哈尔滨汽轮机厂", "哈尔滨煤矿机械厂")
SKILLS = ("电工，持中级电工证", "车工，二十年车床经验", "焊工，持焊工证", "会计，持会计从业资格", "驾驶，持B2驾照",
          "烹饪，持中式烹调师证", "家政服务", "缝纫", "无（明确说明：无专业技能，可从事体力劳动）", "无")
WISHES = ("希望从事保洁或保安工作，白班，离家近", "希望在社区公益性岗位工作", "愿意参加家政培训后就业",
          "因病无劳动能力，不适用就业（需照顾病人）", "希望自主创业开小吃店，需小额担保贷款", "愿意参加电工培训")
MINDS = ("情绪稳定，积极配合帮扶，主要担心子女学费", "心理压力较大，担心医疗费用，对工会帮扶表示感谢",
         "态度乐观，希望尽快再就业", "比较消沉，需多关心，主要顾虑是住房问题", "思想稳定，盼望孩子早日毕业工作")
FAMILY = ("夫妻二人，一子在读高中，租住公房", "本人与老母亲同住，母亲长期卧床", "单亲家庭，与女儿同住，女儿读大学",
          "夫妻均下岗，一女读初中，住房为单位旧宿舍", "本人退休独居，子女在外地，无力赡养")
CAUSE_ACCOUNTS = {
    "illness_self": "本人患尿毒症，每周透析三次，医疗支出大",
    "illness_family": "配偶患癌症，化疗费用高",
    "laid_off": "企业改制后下岗，多年未能稳定就业",
    "schooling": "子女上大学，学费生活费负担重",
    "disability": "本人肢体残疾，难以就业",
    "single_parent": "离异后独自抚养子女",
    "unable_to_work": "年老体弱，丧失劳动能力",
    "able_not_employed": "有劳动能力但长期未就业",
    "accident": "遭遇交通事故，本人重伤",
    "natural_disaster": "房屋遭水灾损毁",
}

DEFAULT_LB_FEN = 72_000  # demo standard when none is set: LB 720 元, MW 2,080 元
DEFAULT_MW_FEN = 208_000


@dataclass(frozen=True)
class DemoBuilt:
    """What `build_demo` added: counts of files, cadres and units, and the re-evaluation's transitions."""

    files: int
    cadres: int
    units: int
    transitions: Mapping[str, int] = field(default_factory=dict)
    changes: Changes = field(default_factory=lambda: Changes(files=True, care=True, pairing=True, unions=True))

    def to_json(self) -> dict[str, int]:
        """The counts `demo --json` prints (`transitions_<key>` for each re-evaluation count)."""
        return {"files": self.files, "cadres": self.cadres, "units": self.units,
                **{f"transitions_{k}": v for k, v in self.transitions.items()}}


def _uuid4_texts(block: int = 4096) -> Iterator[str]:
    """Random (version 4) UUIDs as text, exactly as `new_id()` writes them, a few times faster in bulk."""
    while True:
        raw = bytearray(os.urandom(16 * block))
        for k in range(block):
            b = raw[16 * k : 16 * k + 16]
            b[6] = (b[6] & 0x0F) | 0x40  # version 4
            b[8] = (b[8] & 0x3F) | 0x80  # RFC 4122 variant
            h = b.hex()
            yield f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _id_number(rng: random.Random, born: dt.date, male: bool) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


def _name(rng: random.Random, male: bool) -> str:
    given = GIVEN_MALE if male else GIVEN_FEMALE
    n = 1 if rng.random() < 0.3 else 2
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(n))


def _born(rng: random.Random, today: dt.date, lo: int, hi: int) -> dt.date:
    return today - dt.timedelta(days=rng.randrange(lo * 365, hi * 365))


#: a demo household last visited longer ago than this was found at that visit and registered on the facts of then,
#: in an evaluation this many days before the demo's day (domain/lifecycle.py: entry needs fresh facts)
DEMO_OLD_VISIT_DAYS = 150
DEMO_EARLIER_PASS_DAYS = 100


def build_demo(db: Database, *, files: int, seed: int = 1, as_of: dt.date, actor: str = "demo",
               batch: int = 5000, progress: Callable[[int, int], None] | None = None,
               evaluate: bool = True) -> DemoBuilt:
    """Add `files` realistic households (with members, facts, visits, assistance, cadres and pairing).

    The same seed on the same database gives the same households. The files are then evaluated by
    the lifecycle rules like any other (most become registered in a category).

    Demo households are marked by their income record's source `demo`; they are never mixed with real ones.

    Raises:
        ValidationFailed: files < 1.
        DomainError: the database already holds files not made by the demo generator.
    """
    require(db, actor, "settings")
    if files < 1 or files > 5_000_000:
        raise ValidationFailed([FieldError("files", "应在1到5000000之间", "must be between 1 and 5,000,000")])
    rng = random.Random(seed)
    # unfinished work is visible: a marker until the build is evaluated (db/pending.py; completed at next start)
    marker = pending.start(db, kind="demo", params=pending.params_for(as_of, actor, evaluate=evaluate), actor=actor)
    with pending.dropped_on_error(db, marker), db.transaction(actor=actor, reason="demo") as s, bulk_cache(s):
        home = home_union(s)
        if s.scalars(real_files_query().limit(1)).first() is not None:
            raise DomainError("数据库中已有正式档案，不能再生成演示数据",
                              "the database holds real files: no demo data can be added to it")
        std = standard_on(s, as_of)
        if std is None:
            from assist_desktop.db.models import Standard

            s.add(Standard(effective_on=dt.date(as_of.year - 2, 1, 1), lb_fen=DEFAULT_LB_FEN, mw_fen=DEFAULT_MW_FEN,
                           note="演示数据默认标准", created_by=actor))
            s.flush()
            lb = DEFAULT_LB_FEN
        else:
            lb = std.lb_fen
        units = _ensure_units(s, home, rng)
        cadres = _ensure_cadres(s, units, rng, max(3, min(5000, files // 3)), actor)
        first_seq = next_sequence(s, f"file_no:{home.code}", files)
        seen: set[str] = set()
        now = utcnow()
        done = 0
        file_ids: list[str] = []
        while done < files:
            n = min(batch, files - done)
            next_id = _uuid4_texts().__next__
            rows, members, facts, events, visits, aids, pairings = [], [], [], [], [], [], []
            for i in range(n):
                rec = _household(rng, as_of, lb, seen)
                fid = next_id()
                file_ids.append(fid)
                unit, cadre = rng.choice(cadres)
                rec.update(id=fid, file_no=file_no_for(home.code, first_seq + done + i), union_id=home.id,
                           origin_union_code=home.code, provenance=home.code,
                           name_initials=name_initials(rec["name"]), status="found", status_since=as_of,
                           created_at=now, updated_at=now, created_by=actor, updated_by=actor, row_version=1,
                           review_state="local", responsible_person_id=cadre, responsible_unit_id=unit)
                mems = rec.pop("_members")
                for k, m in enumerate(mems):
                    m.update(id=next_id(), file_id=fid, sort_order=k, updated_at=now)
                    members.append(m)
                fact_day = rec.pop("_fact_day")
                if rec["last_visit_date"] and rec["last_visit_date"] < as_of - dt.timedelta(days=DEMO_OLD_VISIT_DAYS):
                    # found at that visit (on the register since): its income recorded then, on fresh facts
                    fact_day = rec["last_visit_date"]
                facts.append(dict(id=next_id(), file_id=fid, as_of=fact_day, household_size=rec["household_size"],
                                  household_annual_income_fen=rec["household_annual_income_fen"],
                                  unavoidable_spending_fen=rec["unavoidable_spending_fen"],
                                  own_monthly_income_fen=rec["own_monthly_income_fen"],
                                  dibao_monthly_fen=rec["dibao_monthly_fen"],
                                  hardship_costs_fen=rec["hardship_costs_fen"], imputed_members=0, source="demo",
                                  note=None, recorded_at=now, recorded_by=actor,
                                  **{c: rec[c] for c in ALL_PARTS}))
                found_on = fact_day
                events.append(dict(id=next_id(), file_id=fid, occurred_on=found_on, recorded_at=now, kind="found",
                                   rule=None, from_status=None, to_status="found", from_category=None,
                                   to_category=None, reason="发现困难职工，建立档案（演示数据）", facts_json="{}",
                                   actor=actor))
                pairings.append(dict(id=next_id(), file_id=fid, unit_id=unit, person_id=cadre, start_on=found_on,
                                     end_on=None, note=None, created_at=now, created_by=actor))
                if rec["last_visit_date"]:
                    visits.append(dict(id=next_id(), file_id=fid, visited_on=rec["last_visit_date"],
                                       visitor=rec["first_helper"] or "工会干部", living_situation=rec["family_situation"],
                                       needs=rng.choice(("医疗救助", "子女助学", "就业岗位", "生活救助")),
                                       explained="讲解了困难职工帮扶政策和再就业优惠政策", state_of_mind=rec["state_of_mind"],
                                       follow_up=False, created_at=now, created_by=actor))
                for _ in range(rng.choice((0, 1, 1, 2, 3))):
                    kind = rng.choice(("living_relief", "money", "festival_visit", "school_aid", "medical_aid",
                                       "material", "job_placement", "training"))
                    amount = 0 if kind in ("job_placement", "training") else rng.choice((200, 300, 500, 800, 1000,
                                                                                         2000, 3000)) * 100
                    aids.append(dict(id=next_id(), file_id=fid, given_on=as_of - dt.timedelta(days=rng.randrange(1, 700)),
                                     kind=kind, amount_fen=amount,
                                     fund_source=rng.choice(("central", "local", "union", "donation")),
                                     helper=rec["first_helper"], items=None, note=None, created_at=now,
                                     created_by=actor))
                rows.append(rec)
            # the rows of a table all have the same keys: bound once per distinct value, sent to the driver
            writer = BulkWriter(s.connection())
            # the search index filled per batch, not by the per-row trigger (db/search_index.py)
            insert_indexed(s.connection(), partial(writer.insert_dicts, table_of(HardshipFile), rows), rows)
            writer.insert_dicts(table_of(HouseholdMember), members)
            writer.insert_dicts(table_of(IncomeFact), facts)
            writer.insert_dicts(table_of(StatusEvent), events)
            writer.insert_dicts(table_of(Pairing), pairings)
            writer.insert_dicts(table_of(HomeVisit), visits)
            writer.insert_dicts(table_of(AssistanceRecord), aids)
            bulk_audit(s, "hardship_file", rows, actor=actor, reason="demo")
            done += n
            if progress:
                progress(done, files)
        sqlite_analyze(s)  # the planner learns the new rows (issue 12)
    transitions: dict[str, int] = {}
    if evaluate:
        from assist_desktop.services import lifecycle

        # the households found at an older visit were registered back then (entry needs fresh facts)
        earlier = lifecycle.reevaluate_all(db, as_of=as_of - dt.timedelta(days=DEMO_EARLIER_PASS_DAYS), actor=actor)
        summary = lifecycle.reevaluate_all(db, as_of=as_of, actor=actor, progress=progress)
        transitions = {k: v + (earlier[k] if k not in ("evaluated", "unchanged") else 0)
                       for k, v in summary.items() if isinstance(v, int)}
    pending.finish(db, marker)
    return DemoBuilt(files=files, cadres=len(cadres), units=len(units), transitions=transitions)


def demo_file_filter() -> ColumnElement[bool]:
    """A WHERE clause true for the files made by the demo generator (their income record of source 'demo')."""
    fact = table_of(IncomeFact)
    return exists(select(fact.c.id).where(fact.c.file_id == table_of(HardshipFile).c.id, fact.c.source == "demo"))


@dataclass(frozen=True)
class DemoRemoved:
    """What `remove_demo` deleted: the number of demo files (with their members, facts, visits, aid, history)."""

    files: int
    changes: Changes = field(default_factory=lambda: Changes(files=True, care=True, pairing=True))

    def to_json(self) -> dict[str, int]:
        return {"removed_files": self.files}


def remove_demo(db: Database, *, actor: str = "demo") -> DemoRemoved:
    """Delete every demo household and every record hanging on it, in one transaction (real files stay)."""
    require(db, actor, "settings")
    from sqlalchemy import delete

    from assist_desktop.db.models import SQLModel

    files_t = table_of(HardshipFile)
    with db.transaction(actor=actor, reason="demo removed") as s:
        ids = [r for r in s.scalars(select(files_t.c.id).where(demo_file_filter()))]
        if not ids:
            return DemoRemoved(0, Changes())
        # children first, so the result does not depend on the engine enforcing ON DELETE CASCADE
        children = [t for t in SQLModel.metadata.sorted_tables
                    if "file_id" in t.c and t.name != files_t.name
                    and any(fk.column.table is files_t for fk in t.c.file_id.foreign_keys)]
        conn = s.connection()
        for k in range(0, len(ids), 500):
            chunk = ids[k : k + 500]
            for t in reversed(children):
                conn.execute(delete(t).where(t.c.file_id.in_(chunk)))
            conn.execute(delete(files_t).where(files_t.c.id.in_(chunk)))
        bulk_audit(s, "hardship_file", ids, action="delete", actor=actor, reason="demo removed")
        return DemoRemoved(len(ids))


def demo_files_left_out(db: Database) -> int:
    """How many demo files an export leaves out: all of them when real files are here too, else none."""
    from sqlalchemy import func

    t = table_of(HardshipFile)
    with db.reader() as s:
        if s.scalars(real_files_query().limit(1)).first() is None:
            return 0
        return int(s.scalar(select(func.count()).select_from(t).where(demo_file_filter())) or 0)


def real_files_query() -> Select[str]:
    """The ids of the files not made by the demo generator (entered, imported or read from a roster)."""
    return select(table_of(HardshipFile).c.id).where(~demo_file_filter())


def _ensure_units(s: Session, home: UnionOrg, rng: random.Random) -> list[UnionOrg]:
    units = list(s.scalars(select(UnionOrg).where(col(UnionOrg.parent_code) == home.code)))
    if units:
        return units
    child = {"province": "city", "city": "county", "county": "grassroots", "grassroots": "grassroots"}[home.level]
    for k, employer in enumerate(EMPLOYERS[:8], start=1):
        u = UnionOrg(code=f"{home.code}{k:02d}", name=f"{employer}工会", level=child, parent_code=home.code)
        s.add(u)
        units.append(u)
    s.flush()
    return units


def _ensure_cadres(s: Session, units: list[UnionOrg], rng: random.Random, wanted: int,
                   actor: str) -> list[tuple[str, str]]:
    existing: list[tuple[str, str]] = [
        (u, c) for u, c in s.execute(select(col(Cadre.union_id), col(Cadre.id)).where(col(Cadre.active).is_(True)))
    ]
    if len(existing) >= wanted:
        return existing
    rows: list[dict[str, Any]] = []
    now = utcnow()
    for k in range(wanted - len(existing)):
        male = rng.random() < 0.5
        unit = units[k % len(units)]
        rows.append(dict(id=new_id(), union_id=unit.id, name=_name(rng, male),
                         role=rng.choice(("cadre", "cadre", "leader", "staff")), title=None,
                         phone=f"13{rng.randrange(0, 10)}{rng.randrange(10**7, 10**8)}", active=True, left_on=None,
                         created_at=now, updated_at=now))
    s.execute(insert(table_of(Cadre)), rows)
    return existing + [(r["union_id"], r["id"]) for r in rows]


#: (lowest age, age below which, stage) of the schools a child attends
SCHOOL_STAGES = ((6, 12, "primary"), (12, 15, "junior"), (15, 18, "senior"), (18, 22, "college"))
SCHOOLS = {
    "primary": ("南岗区实验小学", "道里区兆麟小学", "香坊区朝阳小学"),
    "junior": ("哈尔滨市第十七中学（初中部）", "哈尔滨市萧红中学（初中部）"),
    "senior": ("哈尔滨市第三中学（高中部）", "哈尔滨市第一职业高级中学"),
    "college": ("黑龙江大学", "哈尔滨职业技术学院", "哈尔滨工业大学"),
}


def _share(rng: random.Random, budget: int, lo: float, hi: float) -> int:
    """A part of a monthly budget (fen), in whole yuan, never more than the budget and never negative."""
    if budget < 10_000:
        return 0
    return max(0, min(budget, int(budget * rng.uniform(lo, hi)) // 100 * 100))


def _household(rng: random.Random, today: dt.date, lb: int, seen: set[str]) -> dict[str, Any]:
    male = rng.random() < 0.55
    while True:
        born = _born(rng, today, 30, 75)
        number = _id_number(rng, born, male)
        if number not in seen:
            seen.add(number)
            break
    age = (today - born).days // 365
    size = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
    # per-capita income spread around LB: most below 2 x LB, some above (ineligible or watch)
    ratio = rng.choice((0.4, 0.6, 0.8, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9, 2.2, 2.6))
    per_capita = int(lb * ratio * rng.uniform(0.9, 1.1))
    spending = rng.choice((0, 0, 0, 300_000, 800_000, 1_500_000))
    annual = per_capita * size * 12 + spending
    annual -= annual % 100
    retired = age >= 60
    work = "retired" if retired else rng.choice(("laid_off", "unemployed", "employed", "sick_leave", "migrant",
                                                 "early_retired", "employed"))
    main = rng.choice(tuple(CAUSE_ACCOUNTS))
    secondary = rng.sample([c for c in ("illness_family", "schooling", "laid_off", "no_social_insurance", "other")
                            if c != main], rng.randrange(0, 3))
    health = "serious_illness" if main == "illness_self" else ("disabled" if main == "disability" else
                                                               rng.choice(("good", "good", "ill")))
    visit = today - dt.timedelta(days=rng.randrange(10, 260)) if rng.random() < 0.95 else None
    complete = rng.random() < 0.92
    groups = []
    if (not male and 40 <= age < 60 or male and 50 <= age < 60) and work in ("laid_off", "unemployed"):
        groups.append("4050")
    if retired and size == 1:
        groups.append("lone_retiree")
    # incomes that add up: the worker's pay and every member's income fit in the household's 12-month income
    budget = annual // 12
    own = _share(rng, budget, 0.35, 0.65) if work in ("employed", "migrant") else (
        _share(rng, budget, 0.3, 0.7) if work in ("retired", "early_retired") else
        _share(rng, budget, 0.1, 0.3) if work == "sick_leave" and rng.random() < 0.5 else 0)
    budget -= own
    members = []
    for k in range(size - 1):
        if k == 0 and size >= 2 and rng.random() < 0.7:
            m_born = _born(rng, today, max(25, age - 5), age + 5)
            m_age = (today - m_born).days // 365
            status = "retired" if m_age >= 60 else rng.choice(("working", "unemployed", "unable", "working"))
            income = _share(rng, budget, 0.3, 0.9) if status in ("working", "retired") else 0
            if status == "working" and income == 0:
                status = "unemployed"  # nothing left of the household's income for a wage: not employed
            budget -= income
            members.append(dict(name=_name(rng, not male), relation="spouse", id_number=None, birth_date=m_born,
                                sex="female" if male else "male", health=rng.choice(("good", "ill", "serious_illness")),
                                disability=None, status=status, school=None, school_year=None, able_to_work=None,
                                monthly_income_fen=income, insurance="城镇职工医保"))
        else:
            child_male = rng.random() < 0.5
            c_born = _born(rng, today, 3, max(5, min(25, age - 19)))
            c_age = (today - c_born).days // 365
            stage = next((st for lo, hi, st in SCHOOL_STAGES if lo <= c_age < hi), None)
            if c_age < 6:
                status, school, income = "preschool", None, 0
            elif stage is not None:
                status, school, income = "student", rng.choice(SCHOOLS[stage]), 0
            else:
                income = _share(rng, budget, 0.3, 0.9)
                status, school = ("working", None) if income else ("unemployed", None)
                budget -= income
            members.append(dict(name=_name(rng, child_male), relation="son" if child_male else "daughter",
                                id_number=None, birth_date=c_born, sex="male" if child_male else "female",
                                health="good", disability=None, status=status, school=school, school_year=None,
                                able_to_work=status != "student" and status != "preschool",
                                monthly_income_fen=income, insurance="城乡居民医保"))
    helper = _name(rng, rng.random() < 0.5)
    rec = dict(
        name=_name(rng, male), id_number=number, sex="male" if male else "female", birth_date=born, ethnicity="汉族",
        phone=f"1{rng.choice('3578')}{rng.randrange(0, 10)}{rng.randrange(10**7, 10**8)}",
        address=f"哈尔滨市{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
        district=rng.choice(DISTRICTS), employer=rng.choice(EMPLOYERS),
        employer_type=rng.choice(("state_owned", "state_owned", "collective", "private")),
        industry=rng.choice(("manufacturing", "manufacturing", "commerce", "construction", "transport", "services")),
        work_status=work, political_status=rng.choice(("masses", "masses", "cpc_member")), health=health,
        illness="尿毒症" if main == "illness_self" else None,
        disability_type="physical" if health == "disabled" else None,
        disability_grade=rng.randrange(1, 5) if health == "disabled" else None,
        model_worker_rank="none", marital_status=rng.choice(("married", "married", "divorced", "widowed")),
        hukou_type="urban", special_groups=",".join(groups), bank_name="中国工商银行",
        bank_account=f"62220{rng.randrange(10**13, 10**14)}",
        household_size=size, own_monthly_income_fen=own,
        household_annual_income_fen=annual, unavoidable_spending_fen=spending,
        # 低保 is part of the household's income: never more than what the worker's and members' pay leave
        dibao_monthly_fen=min(rng.choice((0, 0, lb // 2)), budget) // 100 * 100,
        housing_type=rng.choice(("own", "public_rental",
                                                                                 "private_rental")),
        housing_area_m2=float(rng.randrange(20, 70)), owns_multiple_homes=rng.random() < 0.01,
        business_with_employees=False, costly_private_schooling=False, private_car=rng.random() < 0.01,
        accident_date=today - dt.timedelta(days=rng.randrange(10, 300)) if main == "accident" else None,
        accident_note=CAUSE_ACCOUNTS["accident"] if main == "accident" else None,
        hardship_costs_fen=rng.choice((0, 500_000, 2_000_000)) if main in ("accident", "natural_disaster") else 0,
        family_situation=rng.choice(FAMILY), main_cause=main, secondary_causes=",".join(secondary),
        cause_account=CAUSE_ACCOUNTS[main], skills=rng.choice(SKILLS), education=rng.choice(("初中", "高中", "中专")),
        able_to_work=not retired and health == "good", employment_wishes=rng.choice(WISHES) if complete else None,
        state_of_mind=rng.choice(MINDS), last_visit_date=visit, first_informant=_name(rng, True),
        first_reporter=_name(rng, False), first_helper=helper, note=None,
        category=None, watch_since=None, notice_until=None, closed_on=None, close_reason=None, close_detail=None,
        ineligible_reason=None, per_capita_monthly_fen=None, evaluated_on=None, override_until=None,
        review_note=None, reported_at=None, last_review_on=None,
        _members=members, _fact_day=today - dt.timedelta(days=rng.randrange(0, 60)),
    )
    rec.update(_income_parts(rec, members))
    return rec


def _income_parts(rec: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, int | None]:
    """The components of the household's income and the categories of its spending, adding up to the totals
    (no random draw: the households of a seed stay the same). The worker's and the members' pay are wages or
    pensions, 低保 is its twelve months, the rest of the 12-month income other transfers (help from relatives,
    allowances); the spending goes to the household's reason for it."""
    own = 12 * rec["own_monthly_income_fen"]
    work = rec["work_status"]
    wages = (own if work in ("employed", "migrant", "sick_leave") else 0) + 12 * sum(
        m["monthly_income_fen"] for m in members if m["status"] == "working")
    pensions = (own if work in ("retired", "early_retired") else 0) + 12 * sum(
        m["monthly_income_fen"] for m in members if m["status"] == "retired")
    dibao = 12 * rec["dibao_monthly_fen"]
    transfers = rec["household_annual_income_fen"] - wages - pensions - dibao
    assert transfers >= 0, "the demo household's incomes do not fit in its annual income"
    spending = rec["unavoidable_spending_fen"]
    medical = schooling = other = None
    if spending:
        if rec["main_cause"] in ("illness_self", "illness_family") or rec["health"] == "serious_illness":
            medical = spending
        elif any(m["status"] == "student" for m in members):
            schooling = spending
        else:
            other = spending
    parts: dict[str, int | None] = {
        "income_wages_fen": wages, "income_pensions_fen": pensions, "income_dibao_fen": dibao,
        "income_transfers_fen": transfers, "income_business_fen": 0,
        "spending_medical_fen": medical, "spending_schooling_fen": schooling, "spending_other_fen": other,
    }
    assert set(parts) == set(ALL_PARTS)
    return parts


__all__ = ["build_demo", "remove_demo", "E"]
