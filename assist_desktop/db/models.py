"""SQLModel tables of the green-card register.

Identity that must survive merging at higher levels is a UUID string (`id`) on every table and a
human file number (`file_no`: creating union's code + sequence) on each file. Money is integer fen.
Enumerations are stored as their stable machine names (see domain/enums.py).
Schema families (Base / table / Create / Update / Read) follow the SQLModel template.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import cast

from sqlalchemy import Index, MetaData, Table, UniqueConstraint
from sqlmodel import Field, SQLModel
from uuid_utils import uuid7

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> str:
    """A new row's id: a random UUID (version 4) as text. Random also in its first characters, which the command
    line accepts as a short form of a row's id (`employment update 1a2b3c4d`)."""
    return str(uuid.uuid4())


def new_time_id() -> str:
    """An id for rows inserted in bulk that nobody names by a short form (the history entries a re-evaluation
    writes): a UUID of version 7 (RFC 9562) as text, its first 48 bits the time in milliseconds.

    Ids made later sort after those made earlier (within a millisecond too, in this process), so a row inserted
    goes to the right edge of its primary-key index instead of a random leaf: a pass that inserts hundreds of
    thousands of history entries dirties a few pages at the end of the index, not one page per row. The text is
    a UUID like any other (36 characters, lower-case hex): the exchange schemas and the random ids of other rows
    stay valid beside it. Not for rows addressed by a prefix: its first 8 characters are the same for every id
    made in the same minute."""
    return str(uuid7())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# --- unions, units and people ---------------------------------------------------------------------

class UnionOrgBase(SQLModel):
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=100)
    level: str = Field(max_length=16)  # UnionLevel
    parent_code: str | None = Field(default=None, max_length=32, index=True)
    is_home: bool = Field(default=False)  # the union that keeps this database
    contact_phone: str | None = Field(default=None, max_length=32)
    address: str | None = Field(default=None, max_length=200)


class UnionOrg(UnionOrgBase, table=True):
    """A union or unit: this union, the ones below it, and (after merging) the ones they came from."""

    __tablename__ = "union_org"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class UnionOrgRead(UnionOrgBase):
    id: str


class CadreBase(SQLModel):
    name: str = Field(max_length=50)
    role: str = Field(default="cadre", max_length=16)  # CadreRole
    title: str | None = Field(default=None, max_length=50)  # e.g. 工会主席
    phone: str | None = Field(default=None, max_length=32)
    active: bool = Field(default=True)
    left_on: dt.date | None = None


class Cadre(CadreBase, table=True):
    """A person who can be responsible for households (帮扶联系责任人)."""

    __tablename__ = "cadre"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    union_id: str = Field(foreign_key="union_org.id", index=True, max_length=36)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class CadreRead(CadreBase):
    id: str
    union_id: str


class UserAccount(SQLModel, table=True):
    """A person who signs in to the program; passwords are stored as argon2id hashes (older ones: scrypt)."""

    __tablename__ = "user_account"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    username: str = Field(max_length=50, unique=True, index=True)
    display_name: str = Field(max_length=50)
    password_hash: str = Field(max_length=300)
    role: str = Field(default="clerk", max_length=16)  # UserRole
    active: bool = Field(default=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    # lock-out after repeated wrong passwords (revision 0004)
    failed_attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    locked_until: dt.datetime | None = Field(default=None)


# --- the hardship file ------------------------------------------------------------------------------

class HardshipFileBase(SQLModel):
    # worker identity and contact
    name: str = Field(max_length=50, index=True)
    id_number: str = Field(max_length=18, unique=True, index=True)
    sex: str = Field(max_length=8)  # Sex, derived from the ID number
    birth_date: dt.date
    ethnicity: str | None = Field(default="汉族", max_length=20)
    phone: str | None = Field(default=None, max_length=32)
    address: str | None = Field(default=None, max_length=200)
    district: str | None = Field(default=None, max_length=50, index=True)
    # work
    employer: str | None = Field(default=None, max_length=100, index=True)
    employer_type: str | None = Field(default=None, max_length=24)  # EmployerType
    industry: str | None = Field(default=None, max_length=24, index=True)  # Industry
    work_status: str = Field(max_length=16)  # WorkStatus
    political_status: str | None = Field(default=None, max_length=24)
    # health and personal situation
    health: str | None = Field(default=None, max_length=24)  # Health
    illness: str | None = Field(default=None, max_length=100)  # finer description (ACFTU list)
    disability_type: str | None = Field(default=None, max_length=16)
    disability_grade: int | None = None  # 1-4
    model_worker_rank: str | None = Field(default=None, max_length=16)
    marital_status: str | None = Field(default=None, max_length=16)
    hukou_type: str | None = Field(default=None, max_length=8)
    special_groups: str = Field(default="", max_length=200)  # comma-separated SpecialGroup names
    bank_name: str | None = Field(default=None, max_length=100)
    bank_account: str | None = Field(default=None, max_length=40)
    # economics: the latest dated fact, mirrored here for lists and reports
    household_size: int = 1
    own_monthly_income_fen: int = 0
    household_annual_income_fen: int = 0
    unavoidable_spending_fen: int = 0
    dibao_monthly_fen: int = 0
    housing_type: str | None = Field(default=None, max_length=24)
    housing_area_m2: float | None = None
    # exclusions (DOMAIN §4)
    owns_multiple_homes: bool = False
    business_with_employees: bool = False
    costly_private_schooling: bool = False
    private_car: bool = False
    # accident-caused hardship
    accident_date: dt.date | None = None
    accident_note: str | None = Field(default=None, max_length=500)
    hardship_costs_fen: int = 0  # this year's hardship costs (medical, disaster…)
    # the five clears (五清)
    family_situation: str | None = Field(default=None, max_length=2000)
    main_cause: str | None = Field(default=None, max_length=32)  # Cause
    secondary_causes: str = Field(default="", max_length=200)  # up to three Cause names
    cause_account: str | None = Field(default=None, max_length=2000)
    skills: str | None = Field(default=None, max_length=2000)
    education: str | None = Field(default=None, max_length=50)
    able_to_work: bool | None = None
    employment_wishes: str | None = Field(default=None, max_length=2000)
    state_of_mind: str | None = Field(default=None, max_length=2000)
    last_visit_date: dt.date | None = None
    # who found the case
    first_informant: str | None = Field(default=None, max_length=50)
    first_reporter: str | None = Field(default=None, max_length=50)
    first_helper: str | None = Field(default=None, max_length=50)
    note: str | None = Field(default=None, max_length=2000)
    # the real form's fields (revision 0002; see docs/data-model.md)
    employer_state: str | None = Field(default=None, max_length=16)  # EmployerState
    work_start_date: dt.date | None = None
    labour_contract_start: dt.date | None = None  # migrant workers
    labour_contract_term_months: int | None = None
    union_member: bool | None = None
    self_help_ability: bool | None = None
    medical_insurance: str | None = Field(default=None, max_length=16)  # MedicalInsurance
    serious_illnesses: str = Field(default="", max_length=400, sa_column_kwargs={"server_default": ""})
    hukou_region_code: str | None = Field(default=None, max_length=6)  # administrative-division code
    filed_by: str | None = Field(default=None, max_length=50)
    entered_by: str | None = Field(default=None, max_length=50)
    reviewed_by: str | None = Field(default=None, max_length=50)
    relief_target: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    key_group: str | None = Field(default=None, max_length=24)  # KeyGroup
    key_group_since: dt.date | None = None
    relief_path: str | None = Field(default=None, max_length=24)  # ReliefPath
    relief_path_since: dt.date | None = None
    assistance_request_type: str | None = Field(default=None, max_length=16)  # AssistanceRequestType
    # the components of the annual income and the categories of the unavoidable spending (revision 0009),
    # mirrored from the latest income fact; None: not given (an older record, a roster with only the totals)
    income_wages_fen: int | None = None
    income_pensions_fen: int | None = None
    income_dibao_fen: int | None = None
    income_transfers_fen: int | None = None
    income_business_fen: int | None = None
    spending_medical_fen: int | None = None
    spending_schooling_fen: int | None = None
    spending_other_fen: int | None = None


class HardshipFile(HardshipFileBase, table=True):
    """One household's green-card file (绿卡档案)."""

    __tablename__ = "hardship_file"
    __table_args__ = (
        Index("ix_hardship_file_status_category", "status", "category"),
        Index("ix_hardship_file_initials_file_no", "name_initials", "file_no"),  # covering: migration 0013
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_no: str = Field(max_length=48, unique=True, index=True)
    union_id: str = Field(foreign_key="union_org.id", index=True, max_length=36)  # the keeping union
    origin_union_code: str = Field(max_length=32, index=True)  # the creating union, kept through merges
    provenance: str = Field(default="", max_length=400)  # codes of the levels it came up through, '>'-joined
    name_initials: str = Field(default="", max_length=20)  # pinyin initials for search
    # lifecycle
    status: str = Field(default="found", max_length=16)  # FileStatus
    category: str | None = Field(default=None, max_length=16)  # Category
    status_since: dt.date | None = None
    watch_since: dt.date | None = None  # first month at or above the exit line
    notice_until: dt.date | None = None  # last working day of the exit notice
    closed_on: dt.date | None = None
    close_reason: str | None = Field(default=None, max_length=24)  # CloseReason
    close_detail: str | None = Field(default=None, max_length=24)  # CancelDetail
    ineligible_reason: str | None = Field(default=None, max_length=500)
    per_capita_monthly_fen: int | None = None  # as last evaluated
    evaluated_on: dt.date | None = None
    override_until: dt.date | None = None  # a reviewer's decision holds until this date
    # pairing (current); the history is in `pairing`
    responsible_person_id: str | None = Field(default=None, foreign_key="cadre.id", index=True, max_length=36)
    responsible_unit_id: str | None = Field(default=None, foreign_key="union_org.id", max_length=36)
    # exchange
    review_state: str = Field(default="local", max_length=16)  # ReviewState
    review_note: str | None = Field(default=None, max_length=500)
    reported_at: dt.datetime | None = None  # last time it went up in a package
    # the sender's change stamp of the copy last imported (None: never imported); the merge compares the
    # next package's stamp with it, so local changes here never make the sender's newer copy lose
    received_stamp: dt.datetime | None = None
    # change sequence (db/changes.py): this database's sequence number of the file's last exportable change
    # (the file, its members, facts, history, pairing, assistance, visits or re-employment support)
    change_seq: int = Field(default=0, index=True, sa_column_kwargs={"server_default": "0"})
    # the sender's change sequence of the copy last imported, and who sent it (None: never imported); the
    # merge takes the sender's next copy when its sequence is higher (received_stamp: packages without one)
    received_seq: int | None = None
    received_from: str | None = Field(default=None, max_length=32)
    # a roster's words no enumeration or mapping knew, kept as written: JSON {field: raw text} (None: none)
    raw_values: str | None = Field(default=None, max_length=4000)
    # bookkeeping
    last_review_on: dt.date | None = None  # last yearly full review (回头看)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)
    created_by: str = Field(default="system", max_length=50)
    updated_by: str = Field(default="system", max_length=50)
    row_version: int = 1


class HardshipFileRead(HardshipFileBase):
    id: str
    file_no: str
    status: str
    category: str | None
    union_id: str
    origin_union_code: str


class HouseholdMemberBase(SQLModel):
    name: str = Field(max_length=50)
    relation: str = Field(max_length=16)  # Relation
    id_number: str | None = Field(default=None, max_length=18)
    birth_date: dt.date | None = None
    sex: str | None = Field(default=None, max_length=8)
    health: str | None = Field(default=None, max_length=24)
    disability: str | None = Field(default=None, max_length=50)
    status: str = Field(default="other", max_length=16)  # MemberStatus
    school: str | None = Field(default=None, max_length=100)
    school_year: str | None = Field(default=None, max_length=20)
    able_to_work: bool | None = None
    monthly_income_fen: int = 0
    insurance: str | None = Field(default=None, max_length=100)


class HouseholdMember(HouseholdMemberBase, table=True):
    """A member of the household, other than the worker."""

    __tablename__ = "household_member"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_id: str = Field(foreign_key="hardship_file.id", index=True, max_length=36, ondelete="CASCADE")
    sort_order: int = 0
    updated_at: dt.datetime = Field(default_factory=utcnow)


class IncomeFact(SQLModel, table=True):
    """The household's economics as true on a date; the rules count months from these."""

    __tablename__ = "income_fact"
    __table_args__ = (Index("ix_income_fact_file_as_of", "file_id", "as_of"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_id: str = Field(foreign_key="hardship_file.id", max_length=36, ondelete="CASCADE")
    as_of: dt.date
    household_size: int
    household_annual_income_fen: int
    unavoidable_spending_fen: int = 0
    own_monthly_income_fen: int = 0
    dibao_monthly_fen: int = 0
    hardship_costs_fen: int = 0
    imputed_members: int = 0  # able, working-age members without a job, counted at MW
    # the totals' parts (revision 0009); None: not given, the total stands alone (older facts)
    income_wages_fen: int | None = None
    income_pensions_fen: int | None = None
    income_dibao_fen: int | None = None
    income_transfers_fen: int | None = None
    income_business_fen: int | None = None
    spending_medical_fen: int | None = None
    spending_schooling_fen: int | None = None
    spending_other_fen: int | None = None
    source: str = Field(default="manual", max_length=16)  # manual / roster / import / demo
    note: str | None = Field(default=None, max_length=500)
    recorded_at: dt.datetime = Field(default_factory=utcnow)
    recorded_by: str = Field(default="system", max_length=50)


class StatusEvent(SQLModel, table=True):
    """One entry of a file's history: registration, adjustment, watch, notice, closure, override…"""

    __tablename__ = "status_event"
    __table_args__ = (Index("ix_status_event_file_occurred", "file_id", "occurred_on"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_id: str = Field(foreign_key="hardship_file.id", max_length=36, ondelete="CASCADE")
    occurred_on: dt.date = Field(index=True)
    recorded_at: dt.datetime = Field(default_factory=utcnow)
    kind: str = Field(max_length=16)  # EventKind
    rule: str | None = Field(default=None, max_length=64)  # machine name of the rule, or None for a person
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    from_category: str | None = Field(default=None, max_length=16)
    to_category: str | None = Field(default=None, max_length=16)
    reason: str = Field(default="", max_length=2000)  # plain words, Chinese
    facts_json: str = Field(default="{}", max_length=4000)  # numbers and thresholds used
    actor: str = Field(default="system", max_length=50)


# --- pairing (包保) ---------------------------------------------------------------------------------

class Pairing(SQLModel, table=True):
    """A file's responsible unit and person from one date to another (open-ended while current)."""

    __tablename__ = "pairing"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_id: str = Field(foreign_key="hardship_file.id", index=True, max_length=36, ondelete="CASCADE")
    unit_id: str | None = Field(default=None, foreign_key="union_org.id", max_length=36)
    person_id: str = Field(foreign_key="cadre.id", index=True, max_length=36)
    start_on: dt.date
    end_on: dt.date | None = None
    note: str | None = Field(default=None, max_length=500)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=50)


class PairingLetter(SQLModel, table=True):
    """A responsibility letter (包保责任书) signed by a level with the level below or with a cadre."""

    __tablename__ = "pairing_letter"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    letter_no: str = Field(max_length=48, unique=True)
    upper_union_id: str = Field(foreign_key="union_org.id", max_length=36, index=True)
    lower_union_id: str | None = Field(default=None, foreign_key="union_org.id", max_length=36)
    lower_person_id: str | None = Field(default=None, foreign_key="cadre.id", max_length=36)
    household_count: int = 0
    goals: str = Field(default="", max_length=2000)
    measures: str = Field(default="", max_length=2000)
    period_start: dt.date
    period_end: dt.date
    upper_signatory: str | None = Field(default=None, max_length=50)
    lower_signatory: str | None = Field(default=None, max_length=50)
    upper_signed_on: dt.date | None = None
    lower_signed_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class LetterFile(SQLModel, table=True):
    """A file in the scope of a responsibility letter."""

    __tablename__ = "letter_file"
    letter_id: str = Field(foreign_key="pairing_letter.id", primary_key=True, max_length=36, ondelete="CASCADE")
    file_id: str = Field(foreign_key="hardship_file.id", primary_key=True, max_length=36, ondelete="CASCADE")


# --- assistance, visits, re-employment ------------------------------------------------------------

class AssistanceRecordBase(SQLModel):
    given_on: dt.date
    kind: str = Field(max_length=24)  # AssistanceKind
    amount_fen: int = 0
    fund_source: str = Field(default="union", max_length=16)  # FundSource
    helper: str | None = Field(default=None, max_length=50)
    items: str | None = Field(default=None, max_length=500)  # material given
    note: str | None = Field(default=None, max_length=2000)


class AssistanceRecord(AssistanceRecordBase, table=True):
    """One act of assistance to a household."""

    __tablename__ = "assistance_record"
    __table_args__ = (Index("ix_assistance_record_file_given", "file_id", "given_on"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_id: str = Field(foreign_key="hardship_file.id", max_length=36, ondelete="CASCADE")
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=50)


class HomeVisitBase(SQLModel):
    visited_on: dt.date
    visitor: str = Field(max_length=50)
    living_situation: str | None = Field(default=None, max_length=2000)
    needs: str | None = Field(default=None, max_length=2000)
    explained: str | None = Field(default=None, max_length=2000)  # policies explained
    state_of_mind: str | None = Field(default=None, max_length=2000)
    follow_up: bool = False  # a follow-up visit after exit


class HomeVisit(HomeVisitBase, table=True):
    """A home visit (入户走访) and what was seen and needed."""

    __tablename__ = "home_visit"
    __table_args__ = (Index("ix_home_visit_file_visited", "file_id", "visited_on"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_id: str = Field(foreign_key="hardship_file.id", max_length=36, ondelete="CASCADE")
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=50)


class EmploymentSupport(SQLModel, table=True):
    """Re-employment support: certificate, referral, training, loan, subsidy or public-welfare post."""

    __tablename__ = "employment_support"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_id: str = Field(foreign_key="hardship_file.id", index=True, max_length=36, ondelete="CASCADE")
    kind: str = Field(max_length=24)  # EmploymentSupportKind
    started_on: dt.date
    ended_on: dt.date | None = None
    detail: str | None = Field(default=None, max_length=500)  # course, employer, policy
    outcome: str | None = Field(default=None, max_length=500)
    certificate: str | None = Field(default=None, max_length=100)
    found_work: bool | None = None  # after training or referral
    amount_fen: int = 0  # loan or subsidy amount
    lender: str | None = Field(default=None, max_length=100)
    term_months: int | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


# --- standards, settings, audit, exchange -----------------------------------------------------------

class Standard(SQLModel, table=True):
    """The thresholds in force from a date: 低保 standard LB, minimum wage MW and the multiples."""

    __tablename__ = "standard"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    effective_on: dt.date = Field(unique=True, index=True)
    lb_fen: int  # monthly 低保 standard per person
    mw_fen: int  # monthly minimum wage
    relative_multiple_pct: int = 200  # relative hardship below this % of LB
    exit_multiple_pct: int = 200  # exit line, % of LB
    accident_multiple_pct: int = 300  # accident-caused: per-capita below this % of LB
    accident_cost_pct: int = 80  # or hardship costs above this % of annual income
    note: str | None = Field(default=None, max_length=500)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=50)


class AppSetting(SQLModel, table=True):
    """A setting of this union (visit interval, category tiers, …), stored as text with its key."""

    __tablename__ = "app_setting"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=2000)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class RosterValueMap(SQLModel, table=True):
    """A union's own mapping of a roster word to an enumeration's machine name, per field (花名册值映射)."""

    __tablename__ = "roster_value_map"
    field_name: str = Field(primary_key=True, max_length=64)  # the registry field (member fields: "member.x")
    raw_value: str = Field(primary_key=True, max_length=200)
    target: str = Field(max_length=64)  # a machine name of the field's enumeration
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="system", max_length=50, sa_column_kwargs={"server_default": "system"})


class Sequence(SQLModel, table=True):
    """Counters for human-readable numbers (file numbers per union, letter numbers)."""

    __tablename__ = "sequence"
    name: str = Field(primary_key=True, max_length=64)
    next_value: int = 1


class AuditLog(SQLModel, table=True):
    """Every change to every record: who, when, which field, old and new value, and why."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "table_name", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)  # local only; never leaves this database
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=50)
    action: str = Field(max_length=8)  # insert / update / delete
    table_name: str = Field(max_length=40)
    record_id: str = Field(max_length=80)  # a UUID, or "uuid/uuid" for two-column keys
    field: str | None = Field(default=None, max_length=64)
    old_value: str | None = Field(default=None, max_length=4000)
    new_value: str | None = Field(default=None, max_length=4000)
    reason: str | None = Field(default=None, max_length=500)
    # the hash chain (revision 0004): SHA-256 hex of this row's canonical encoding and the previous row's hash
    prev_hash: str | None = Field(default=None, max_length=64)
    row_hash: str | None = Field(default=None, max_length=64)


class ExchangeLog(SQLModel, table=True):
    """A package sent up or received from below (or review results sent down)."""

    __tablename__ = "exchange_log"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    package_id: str = Field(max_length=36, index=True)
    direction: str = Field(max_length=8)  # out / in
    kind: str = Field(default="files", max_length=16)  # files / review
    counterpart_code: str | None = Field(default=None, max_length=32)
    at: dt.datetime = Field(default_factory=utcnow)
    since: dt.datetime | None = None  # incremental export: the previous package's start (for people)
    # out: the change sequence this package covers up to (the receiver's new watermark); in: the sender's
    seq: int | None = None
    sha256: str | None = Field(default=None, max_length=64)
    counts_json: str = Field(default="{}", max_length=2000)
    actor: str = Field(default="system", max_length=50)
    # the fingerprint of the key that signed the package (None: an unsigned package of an older format)
    signer_fingerprint: str | None = Field(default=None, max_length=39)
    # in: the head of the sender's audit chain as the package says ("<entry id>:<row hash>"; None: not carried)
    sender_chain_head: str | None = Field(default=None, max_length=100)


class UnionKey(SQLModel, table=True):
    """A union's Ed25519 public key: this union's own (`is_own`; its private key in the data folder) or a
    sender's, recorded once its fingerprint was confirmed (services/keys.py)."""

    __tablename__ = "union_key"
    union_code: str = Field(primary_key=True, max_length=32)
    public_key: str = Field(max_length=64)  # the raw 32 bytes, hex
    fingerprint: str = Field(max_length=39)
    is_own: bool = Field(default=False)
    source: str = Field(default="confirmed", max_length=16)  # generated / confirmed
    recorded_at: dt.datetime = Field(default_factory=utcnow)
    actor: str = Field(default="system", max_length=50)
    # the union's X25519 public key (hex) that packages to it are encrypted to; None: not known (yet)
    enc_public_key: str | None = Field(default=None, max_length=64)


class ReceivedValueMap(SQLModel, table=True):
    """Another union's roster mapping as its package brought it (kept apart from this union's own, which only
    a person's `roster map adopt`/`set` changes)."""

    __tablename__ = "roster_value_map_received"
    origin_code: str = Field(primary_key=True, max_length=32)  # the union whose mapping it is
    field_name: str = Field(primary_key=True, max_length=64)
    raw_value: str = Field(primary_key=True, max_length=200)
    target: str = Field(max_length=64)
    received_at: dt.datetime = Field(default_factory=utcnow)
    package_id: str | None = Field(default=None, max_length=36)


class DatedSetting(SQLModel, table=True):
    """A setting's value in force from a date (services/settings.py). The undated `app_setting` value (or the
    default of domain/options.py) is in force before the first dated one."""

    __tablename__ = "dated_setting"
    __table_args__ = (UniqueConstraint("key", "effective_on"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    key: str = Field(max_length=64, index=True)
    effective_on: dt.date
    value: str = Field(max_length=2000)
    set_by: str = Field(default="system", max_length=50)
    set_at: dt.datetime = Field(default_factory=utcnow)
    note: str | None = Field(default=None, max_length=500)


class Holiday(SQLModel, table=True):
    """A day of the working-day calendar that differs from Monday–Friday: a holiday, or a weekend day worked in
    exchange (调休). Seeded from chinese-calendar (`source` chinese-calendar); the union enters the State Council's
    schedule for the later years (`source` union). A year with any row here is a year the calendar knows."""

    __tablename__ = "holiday"
    day: dt.date = Field(primary_key=True)
    kind: str = Field(default="holiday", max_length=8)  # holiday / workday
    name: str | None = Field(default=None, max_length=100)
    source: str = Field(default="union", max_length=16)  # chinese-calendar / union
    set_by: str = Field(default="system", max_length=50)
    set_at: dt.datetime = Field(default_factory=utcnow)


class FileStub(SQLModel, table=True):
    """What is left of a closed file deleted after its retention period (档案保存期满删除): its number, the masked
    name, its dates and close reason, who deleted it, who approved, when and why (revision 0010)."""

    __tablename__ = "file_stub"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_no: str = Field(max_length=48, unique=True, index=True)
    name_masked: str = Field(default="", max_length=50)
    origin_union_code: str | None = Field(default=None, max_length=32)
    registered_on: dt.date | None = None  # first registration (None: never registered)
    closed_on: dt.date | None = None
    close_reason: str | None = Field(default=None, max_length=24)  # CloseReason
    close_detail: str | None = Field(default=None, max_length=24)  # CancelDetail
    kept_until: dt.date | None = None  # closed_on + retention_years
    deleted_on: dt.date
    deleted_at: dt.datetime = Field(default_factory=utcnow)
    deleted_by: str = Field(max_length=50)
    approved_by: str = Field(max_length=50)  # the reviewer or administrator who approved
    approved_at: dt.datetime = Field(default_factory=utcnow)
    reason: str = Field(max_length=500)


class PendingWork(SQLModel, table=True):
    """Work that commits in several transactions (a re-evaluation, a demo build), recorded at its start and
    removed at its end: a row left behind is unfinished work, completed at the next start (db/pending.py)."""

    __tablename__ = "pending_work"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    kind: str = Field(max_length=16)  # reevaluate / demo
    started_at: dt.datetime = Field(default_factory=utcnow)
    params_json: str = Field(default="{}", max_length=2000)  # as_of, the actor's role, …
    actor: str = Field(default="system", max_length=50)
    owner: str = Field(default="", max_length=80)  # "host:pid" of the process doing it


# --- the procedure around the rules (revision 0007) ---------------------------------------------------

class ProcedureStep(SQLModel, table=True):
    """One step of a file's intake or exit procedure (申请, 入户调查, 核对授权, 核对, 公示, 审批; 脱困提议, 集体决定)."""

    __tablename__ = "procedure_step"
    __table_args__ = (Index("ix_procedure_step_file_done", "file_id", "done_on"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    file_id: str = Field(foreign_key="hardship_file.id", max_length=36, ondelete="CASCADE")
    procedure: str = Field(max_length=8)  # intake / exit
    step: str = Field(max_length=16)  # domain.options.INTAKE_STEPS / EXIT_STEPS
    done_on: dt.date
    by_role: str | None = Field(default=None, max_length=16)  # applicant / proposer / reviewer
    by_name: str | None = Field(default=None, max_length=50)
    result: str | None = Field(default=None, max_length=8)  # pass / fail (check, notice, approval, decision)
    level: str | None = Field(default=None, max_length=8)  # approval: union / parent
    notice_end: dt.date | None = None  # notice: its last day
    objection: str | None = Field(default=None, max_length=2000)
    answer: str | None = Field(default=None, max_length=2000)
    consent_file: str | None = Field(default=None, max_length=500)  # the signed consent's attachment path
    consent_on: dt.date | None = None  # consent ticked as signed on this day
    note: str | None = Field(default=None, max_length=2000)
    recorded_at: dt.datetime = Field(default_factory=utcnow)
    recorded_by: str = Field(default="system", max_length=50, sa_column_kwargs={"server_default": "system"})


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a model (SQLModel's `__table__` is missing from its type stubs)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


__all__ = [
    "AppSetting", "AssistanceRecord", "AssistanceRecordBase", "AuditLog", "Cadre", "CadreBase", "CadreRead",
    "DatedSetting", "EmploymentSupport", "ExchangeLog", "FileStub", "HardshipFile", "HardshipFileBase",
    "HardshipFileRead", "Holiday", "HomeVisit",
    "HomeVisitBase", "HouseholdMember", "HouseholdMemberBase", "IncomeFact", "LetterFile", "Pairing",
    "PairingLetter", "PendingWork", "ProcedureStep", "ReceivedValueMap", "RosterValueMap", "Sequence", "Standard",
    "StatusEvent", "UnionKey", "UnionOrg", "UnionOrgBase", "UnionOrgRead",
    "UserAccount", "new_id", "table_of", "utcnow",
]
