"""Enumerations with stable machine names and their display labels.

The machine name (the enum value) is what the database, the command line, `--json` output and
exchange packages carry; it never changes. Labels are for people: Chinese by default, English for
the English interface. Rosters accept the Chinese label or the machine name.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class LabeledEnum(StrEnum):
    """A string enum whose members carry a Chinese and an English label."""

    @property
    def label(self) -> str:
        return type(self)._label_table()[self.value][0]

    @property
    def label_en(self) -> str:
        return type(self)._label_table()[self.value][1]

    def label_for(self, lang: str) -> str:
        return self.label_en if lang.startswith("en") else self.label

    @classmethod
    def _label_table(cls) -> dict[str, tuple[str, str]]:
        return LABELS[cls.__name__]

    @classmethod
    def parse(cls, text: str | None) -> LabeledEnum | None:
        """Accept a machine name, a Chinese label or an English label; None for blank; ValueError otherwise."""
        if text is None:
            return None
        t = str(text).strip()
        if not t:
            return None
        exact, folded = _parse_tables(cls)
        found = exact.get(t)
        if found is None:
            found = folded.get(t.lower())
        if found is None:
            raise ValueError(t)
        return found

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


_PARSE: dict[type, tuple[dict[str, Any], dict[str, Any]]] = {}


def _parse_tables(cls: type[LabeledEnum]) -> tuple[dict[str, Any], dict[str, Any]]:
    """For `parse`, built once per enumeration (rosters parse every cell): machine names and Chinese labels
    matched exactly, English labels case-blind, then the aliases; the first member to claim a word keeps it."""
    got = _PARSE.get(cls)
    if got is None:
        exact: dict[str, Any] = {}
        folded: dict[str, Any] = {}
        for value, (zh, en) in cls._label_table().items():
            member = cls(value)
            exact.setdefault(value, member)
            exact.setdefault(zh, member)
            folded.setdefault(en.lower(), member)
        for word, value in ALIASES.get(cls.__name__, {}).items():
            if word not in exact and word.lower() not in folded:
                exact[word] = cls(value)
        got = _PARSE[cls] = (exact, folded)
    return got


class UnionLevel(LabeledEnum):
    GRASSROOTS = "grassroots"
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"

    @property
    def rank(self) -> int:
        return ["grassroots", "county", "city", "province"].index(self.value)


class FileStatus(LabeledEnum):
    FOUND = "found"
    INELIGIBLE = "ineligible"
    REGISTERED = "registered"
    WATCH = "watch"
    EXIT_NOTICE = "exit_notice"
    CLOSED = "closed"


#: statuses in which a household is counted as an assistance target
ACTIVE_STATUSES = (FileStatus.REGISTERED, FileStatus.WATCH, FileStatus.EXIT_NOTICE)


class CloseReason(LabeledEnum):
    OUT_OF_HARDSHIP = "out_of_hardship"
    RELIEVED = "relieved"
    CANCELLED = "cancelled"


class CancelDetail(LabeledEnum):
    DEATH = "death"
    TRANSFER = "transfer"
    MISIDENTIFIED = "misidentified"
    OUT_OF_SCOPE = "out_of_scope"
    OTHER = "other"


class Category(LabeledEnum):
    """The hardship categories: the ACFTU ones (deep, relative, accident) and the older tiers a union may keep
    (setting category_scheme "legacy": 特困, 困难, 孤老; domain/rules.py says how the rules map to them)."""

    DEEP = "deep"
    RELATIVE = "relative"
    ACCIDENT = "accident"
    EXTREME = "extreme"
    HARDSHIP = "hardship"
    ELDERLY_ALONE = "elderly_alone"


class Cause(LabeledEnum):
    UNABLE_TO_WORK = "unable_to_work"
    ABLE_NOT_EMPLOYED = "able_not_employed"
    LAID_OFF = "laid_off"
    NO_SOCIAL_INSURANCE = "no_social_insurance"
    BENEFITS_NOT_PAID = "benefits_not_paid"
    ILLNESS_SELF = "illness_self"
    ILLNESS_FAMILY = "illness_family"
    NATURAL_DISASTER = "natural_disaster"
    ACCIDENT = "accident"
    SCHOOLING = "schooling"
    DISABILITY = "disability"
    SINGLE_PARENT = "single_parent"
    OTHER = "other"


class Sex(LabeledEnum):
    MALE = "male"
    FEMALE = "female"


class WorkStatus(LabeledEnum):
    EMPLOYED = "employed"
    LAID_OFF = "laid_off"
    UNEMPLOYED = "unemployed"
    RETIRED = "retired"
    SICK_LEAVE = "sick_leave"
    EARLY_RETIRED = "early_retired"
    MIGRANT = "migrant"


class Health(LabeledEnum):
    GOOD = "good"
    ILL = "ill"
    SERIOUS_ILLNESS = "serious_illness"
    DISABLED = "disabled"


class DisabilityType(LabeledEnum):
    VISUAL = "visual"
    HEARING = "hearing"
    SPEECH = "speech"
    PHYSICAL = "physical"
    INTELLECTUAL = "intellectual"
    MENTAL = "mental"
    MULTIPLE = "multiple"


class MaritalStatus(LabeledEnum):
    SINGLE = "single"
    MARRIED = "married"
    DIVORCED = "divorced"
    WIDOWED = "widowed"


class HukouType(LabeledEnum):
    URBAN = "urban"
    RURAL = "rural"


class PoliticalStatus(LabeledEnum):
    CPC_MEMBER = "cpc_member"
    CYL_MEMBER = "cyl_member"
    DEMOCRATIC_PARTY = "democratic_party"
    MASSES = "masses"


class ModelWorkerRank(LabeledEnum):
    NONE = "none"
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"


class EmployerType(LabeledEnum):
    STATE_OWNED = "state_owned"
    COLLECTIVE = "collective"
    PRIVATE = "private"
    FOREIGN = "foreign"
    PUBLIC_INSTITUTION = "public_institution"
    GOVERNMENT = "government"
    OTHER = "other"


class Industry(LabeledEnum):
    MANUFACTURING = "manufacturing"
    MINING = "mining"
    CONSTRUCTION = "construction"
    TRANSPORT = "transport"
    COMMERCE = "commerce"
    HOSPITALITY = "hospitality"
    ENERGY = "energy"
    AGRICULTURE = "agriculture"
    EDUCATION = "education"
    HEALTH_CARE = "health_care"
    PUBLIC_ADMIN = "public_admin"
    SERVICES = "services"
    OTHER = "other"


class HousingType(LabeledEnum):
    OWN = "own"
    PUBLIC_RENTAL = "public_rental"
    PRIVATE_RENTAL = "private_rental"
    RELATIVES = "relatives"
    NONE = "none"


class SpecialGroup(LabeledEnum):
    G4050 = "4050"
    LONE_RETIREE = "lone_retiree"
    SINGLE_PARENT = "single_parent"
    ZERO_EMPLOYMENT = "zero_employment"
    MODEL_WORKER = "model_worker"


class Relation(LabeledEnum):
    SPOUSE = "spouse"
    SON = "son"
    DAUGHTER = "daughter"
    CHILD = "child"
    FATHER = "father"
    MOTHER = "mother"
    GRANDCHILD = "grandchild"
    SIBLING = "sibling"
    OTHER = "other"


class MemberStatus(LabeledEnum):
    WORKING = "working"
    STUDENT = "student"
    PRESCHOOL = "preschool"
    RETIRED = "retired"
    UNEMPLOYED = "unemployed"
    UNABLE = "unable"
    OTHER = "other"


class AssistanceKind(LabeledEnum):
    LIVING_RELIEF = "living_relief"
    MATERIAL = "material"
    MONEY = "money"
    JOB_PLACEMENT = "job_placement"
    TRAINING = "training"
    LEGAL_AID = "legal_aid"
    SCHOOL_AID = "school_aid"
    MEDICAL_AID = "medical_aid"
    COORDINATION = "coordination"
    HOME_VISIT = "home_visit"
    FESTIVAL_VISIT = "festival_visit"


class FundSource(LabeledEnum):
    CENTRAL = "central"
    LOCAL = "local"
    UNION = "union"
    DONATION = "donation"
    NONE = "none"


class EmploymentSupportKind(LabeledEnum):
    CERTIFICATE = "certificate"
    REFERRAL = "referral"
    TRAINING = "training"
    LOAN = "loan"
    INSURANCE_SUBSIDY = "insurance_subsidy"
    PUBLIC_POST = "public_post"
    PLACEMENT = "placement"  # 安置就业 / 岗位安置: a job found for the worker
    BUSINESS_START = "business_start"  # 自主创业

    @property
    def starts_work(self) -> bool:
        """A job begins with it (placement, public-welfare post, business start): the income watch may start."""
        return self in JOB_START_KINDS


#: re-employment support after which the person works: recording one re-evaluates the file (DOMAIN.md §6)
JOB_START_KINDS = frozenset({EmploymentSupportKind.PLACEMENT, EmploymentSupportKind.PUBLIC_POST,
                             EmploymentSupportKind.BUSINESS_START})


class CadreRole(LabeledEnum):
    LEADER = "leader"
    CADRE = "cadre"
    STAFF = "staff"


class ReviewState(LabeledEnum):
    LOCAL = "local"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class EventKind(LabeledEnum):
    """What a status-history entry records."""

    FOUND = "found"
    REGISTERED = "registered"
    INELIGIBLE = "ineligible"
    ADJUSTED = "adjusted"
    WATCH = "watch"
    WATCH_BROKEN = "watch_broken"
    EXIT_NOTICE = "exit_notice"
    CLOSED = "closed"
    REOPENED = "reopened"
    OVERRIDE = "override"
    PAIRED = "paired"
    REVIEW = "review"
    IMPORTED = "imported"


class UserRole(LabeledEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    REVIEWER = "reviewer"
    VIEWER = "viewer"


# --- the real form's fields added in revision 0002 ----------------------------------------------------

class EmployerState(LabeledEnum):
    """企业状况: the state of the worker's employer."""

    NORMAL = "normal"
    STOPPED = "stopped"
    BANKRUPT = "bankrupt"
    RESTRUCTURED = "restructured"
    CLOSED = "closed"
    OTHER = "other"


class MedicalInsurance(LabeledEnum):
    """医保状况: the worker's own medical insurance."""

    EMPLOYEE = "employee"
    RESIDENT = "resident"
    NONE = "none"
    OTHER = "other"


class Education(LabeledEnum):
    """文化程度. An open enumeration: older files keep the free text they were written with."""

    PRIMARY = "primary"
    JUNIOR = "junior"
    SENIOR = "senior"
    VOCATIONAL = "vocational"
    COLLEGE = "college"
    BACHELOR = "bachelor"
    POSTGRADUATE = "postgraduate"
    OTHER = "other"


class KeyGroup(LabeledEnum):
    """五类重点群体: the five groups the union watches first (see docs/data-model.md for the choice)."""

    MODEL_WORKER = "model_worker"
    MIGRANT_WORKER = "migrant_worker"
    WORKERS_CHILDREN = "workers_children"
    SINGLE_PARENT = "single_parent"
    SERIOUSLY_ILL = "seriously_ill"


class ReliefPath(LabeledEnum):
    """四个一批: the path by which the household is to leave hardship."""

    EMPLOYMENT = "employment"
    SOCIAL_SECURITY = "social_security"
    POLICY = "policy"
    RELIEF = "relief"


class AssistanceRequestType(LabeledEnum):
    """救助类型: a standing (daily) or a one-off (temporary) request for assistance."""

    DAILY = "daily"
    TEMPORARY = "temporary"


class SeriousIllness(LabeledEnum):
    """The named serious illnesses of the file form (大病目录), chosen in docs/data-model.md."""

    MALIGNANT_TUMOUR = "malignant_tumour"
    UREMIA = "uremia"
    SEVERE_HEPATITIS = "severe_hepatitis"
    APLASTIC_ANEMIA = "aplastic_anemia"
    LEUKEMIA = "leukemia"
    ORGAN_TRANSPLANT = "organ_transplant"
    STROKE_SEQUELAE = "stroke_sequelae"
    MYOCARDIAL_INFARCTION = "myocardial_infarction"
    CORONARY_BYPASS = "coronary_bypass"
    HEART_VALVE_SURGERY = "heart_valve_surgery"
    AORTIC_SURGERY = "aortic_surgery"
    BENIGN_BRAIN_TUMOUR = "benign_brain_tumour"
    PARKINSONS = "parkinsons"
    MULTIPLE_SCLEROSIS = "multiple_sclerosis"
    SEVERE_BURNS = "severe_burns"
    PARALYSIS = "paralysis"
    BLINDNESS = "blindness"
    DEAFNESS = "deafness"
    LUPUS = "lupus"
    SCHIZOPHRENIA = "schizophrenia"
    HEMOPHILIA = "hemophilia"
    CHRONIC_LIVER_FAILURE = "chronic_liver_failure"


LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "UnionLevel": {
        "grassroots": ("基层工会", "Grassroots union"),
        "county": ("县（区）总工会", "County union"),
        "city": ("市总工会", "City union"),
        "province": ("省总工会", "Province union"),
    },
    "FileStatus": {
        "found": ("建档中", "Being documented"),
        "ineligible": ("未达标准", "Ineligible"),
        "registered": ("在档帮扶", "Registered"),
        "watch": ("收入观察", "Income watch"),
        "exit_notice": ("脱困公示", "Exit notice"),
        "closed": ("已退档", "Closed"),
    },
    "CloseReason": {
        "out_of_hardship": ("脱困", "Out of hardship"),
        "relieved": ("解困", "Relieved"),
        "cancelled": ("注销", "Cancelled"),
    },
    "CancelDetail": {
        "death": ("死亡", "Death"),
        "transfer": ("迁出", "Transferred away"),
        "misidentified": ("认定有误", "Misidentified"),
        "out_of_scope": ("不在帮扶范围", "Out of scope"),
        "other": ("其他", "Other"),
    },
    "Category": {
        "deep": ("深度困难", "Deep hardship"),
        "relative": ("相对困难", "Relative hardship"),
        "accident": ("意外致困", "Accident-caused"),
        "extreme": ("特困", "Extreme hardship (older tier)"),
        "hardship": ("困难", "Hardship (older tier)"),
        "elderly_alone": ("孤老", "Retiree living alone (older tier)"),
    },
    "Cause": {
        "unable_to_work": ("无劳动能力", "Unable to work"),
        "able_not_employed": ("有劳动能力未就业", "Able but not employed"),
        "laid_off": ("下岗失业", "Laid off"),
        "no_social_insurance": ("未参加社会保险", "No social insurance"),
        "benefits_not_paid": ("社会保险待遇未落实", "Benefits not paid"),
        "illness_self": ("本人患重病", "Serious illness (self)"),
        "illness_family": ("家属患重病", "Serious illness (family)"),
        "natural_disaster": ("遭受自然灾害", "Natural disaster"),
        "accident": ("遭受意外事故", "Accident"),
        "schooling": ("子女上学", "Children's schooling"),
        "disability": ("残疾", "Disability"),
        "single_parent": ("单亲", "Single parent"),
        "other": ("其他", "Other"),
    },
    "Sex": {"male": ("男", "Male"), "female": ("女", "Female")},
    "WorkStatus": {
        "employed": ("在岗", "Employed"),
        "laid_off": ("下岗", "Laid off"),
        "unemployed": ("失业", "Unemployed"),
        "retired": ("退休", "Retired"),
        "sick_leave": ("病休", "Sick leave"),
        "early_retired": ("内退", "Early retired"),
        "migrant": ("农民工", "Migrant worker"),
    },
    "Health": {
        "good": ("良好", "Good"),
        "ill": ("一般疾病", "Ill"),
        "serious_illness": ("患重病", "Seriously ill"),
        "disabled": ("残疾", "Disabled"),
    },
    "DisabilityType": {
        "visual": ("视力残疾", "Visual"),
        "hearing": ("听力残疾", "Hearing"),
        "speech": ("言语残疾", "Speech"),
        "physical": ("肢体残疾", "Physical"),
        "intellectual": ("智力残疾", "Intellectual"),
        "mental": ("精神残疾", "Mental"),
        "multiple": ("多重残疾", "Multiple"),
    },
    "MaritalStatus": {
        "single": ("未婚", "Single"),
        "married": ("已婚", "Married"),
        "divorced": ("离异", "Divorced"),
        "widowed": ("丧偶", "Widowed"),
    },
    "HukouType": {"urban": ("城镇", "Urban"), "rural": ("农村", "Rural")},
    "PoliticalStatus": {
        "cpc_member": ("中共党员", "CPC member"),
        "cyl_member": ("共青团员", "CYL member"),
        "democratic_party": ("民主党派", "Democratic party"),
        "masses": ("群众", "Masses"),
    },
    "ModelWorkerRank": {
        "none": ("无", "None"),
        "national": ("全国劳模", "National"),
        "provincial": ("省部级劳模", "Provincial"),
        "city": ("市级劳模", "City"),
        "county": ("县级劳模", "County"),
    },
    "EmployerType": {
        "state_owned": ("国有企业", "State-owned"),
        "collective": ("集体企业", "Collective"),
        "private": ("民营企业", "Private"),
        "foreign": ("外资企业", "Foreign-funded"),
        "public_institution": ("事业单位", "Public institution"),
        "government": ("机关", "Government"),
        "other": ("其他", "Other"),
    },
    "Industry": {
        "manufacturing": ("制造业", "Manufacturing"),
        "mining": ("采矿业", "Mining"),
        "construction": ("建筑业", "Construction"),
        "transport": ("交通运输业", "Transport"),
        "commerce": ("批发零售业", "Commerce"),
        "hospitality": ("住宿餐饮业", "Hospitality"),
        "energy": ("电力燃气水", "Energy and utilities"),
        "agriculture": ("农林牧渔业", "Agriculture"),
        "education": ("教育", "Education"),
        "health_care": ("卫生", "Health care"),
        "public_admin": ("公共管理", "Public administration"),
        "services": ("居民服务业", "Services"),
        "other": ("其他", "Other"),
    },
    "HousingType": {
        "own": ("自有住房", "Own home"),
        "public_rental": ("公租房", "Public rental"),
        "private_rental": ("租住私房", "Private rental"),
        "relatives": ("借住亲友", "With relatives"),
        "none": ("无住房", "No housing"),
    },
    "SpecialGroup": {
        "4050": ("4050人员", "4050 worker"),
        "lone_retiree": ("孤老退休职工", "Retiree living alone"),
        "single_parent": ("单亲家庭", "Single parent"),
        "zero_employment": ("零就业家庭", "Zero-employment family"),
        "model_worker": ("困难劳模", "Model worker in hardship"),
    },
    "Relation": {
        "spouse": ("配偶", "Spouse"),
        "son": ("儿子", "Son"),
        "daughter": ("女儿", "Daughter"),
        "child": ("子女", "Child"),
        "father": ("父亲", "Father"),
        "mother": ("母亲", "Mother"),
        "grandchild": ("孙子女", "Grandchild"),
        "sibling": ("兄弟姐妹", "Sibling"),
        "other": ("其他", "Other"),
    },
    "MemberStatus": {
        "working": ("在职", "Working"),
        "student": ("在校学生", "Student"),
        "preschool": ("学龄前", "Pre-school"),
        "retired": ("退休", "Retired"),
        "unemployed": ("无业", "Without work"),
        "unable": ("无劳动能力", "Unable to work"),
        "other": ("其他", "Other"),
    },
    "AssistanceKind": {
        "living_relief": ("生活救助", "Living relief"),
        "material": ("物质帮扶", "Material"),
        "money": ("资金帮扶", "Money"),
        "job_placement": ("岗位帮扶", "Job placement"),
        "training": ("技能培训", "Training"),
        "legal_aid": ("法律援助", "Legal aid"),
        "school_aid": ("助学帮扶", "School aid"),
        "medical_aid": ("医疗救助", "Medical aid"),
        "coordination": ("协调帮扶", "Coordination"),
        "home_visit": ("入户走访", "Home visit"),
        "festival_visit": ("送温暖", "Festival visit"),
    },
    "FundSource": {
        "central": ("中央专项资金", "Central funds"),
        "local": ("地方财政资金", "Local funds"),
        "union": ("工会经费", "Union funds"),
        "donation": ("社会捐赠", "Donations"),
        "none": ("无资金", "No funds"),
    },
    "EmploymentSupportKind": {
        "certificate": ("再就业优惠证", "Re-employment certificate"),
        "referral": ("职业介绍", "Job referral"),
        "training": ("技能培训", "Training"),
        "loan": ("小额担保贷款", "Guaranteed small loan"),
        "insurance_subsidy": ("社保补贴", "Social-insurance subsidy"),
        "public_post": ("公益性岗位", "Public-welfare post"),
        "placement": ("岗位安置", "Job placement"),
        "business_start": ("自主创业", "Business start"),
    },
    "CadreRole": {
        "leader": ("领导干部", "Leader"),
        "cadre": ("工会干部", "Union cadre"),
        "staff": ("工作人员", "Staff"),
    },
    "ReviewState": {
        "local": ("未上报", "Local"),
        "submitted": ("已上报", "Submitted"),
        "approved": ("已审核", "Approved"),
        "returned": ("已退回", "Returned"),
    },
    "EventKind": {
        "found": ("发现建档", "Found"),
        "registered": ("登记入档", "Registered"),
        "ineligible": ("未达标准", "Ineligible"),
        "adjusted": ("调整类别", "Adjusted"),
        "watch": ("进入收入观察", "Income watch"),
        "watch_broken": ("观察中断", "Watch broken"),
        "exit_notice": ("脱困公示", "Exit notice"),
        "closed": ("退档", "Closed"),
        "reopened": ("重新入档", "Re-registered"),
        "override": ("人工改定", "Override"),
        "paired": ("包保调整", "Pairing changed"),
        "review": ("上级审核", "Review"),
        "imported": ("导入", "Imported"),
    },
    "UserRole": {
        "admin": ("管理员", "Administrator"),
        "clerk": ("录入员", "Clerk"),
        "reviewer": ("审核员", "Reviewer"),
        "viewer": ("查看员", "Viewer"),
    },
    "EmployerState": {
        "normal": ("正常", "Normal"),
        "stopped": ("停产半停产", "Stopped or half stopped"),
        "bankrupt": ("破产", "Bankrupt"),
        "restructured": ("改制", "Restructured"),
        "closed": ("关闭", "Closed"),
        "other": ("其他", "Other"),
    },
    "MedicalInsurance": {
        "employee": ("职工医保", "Employee medical insurance"),
        "resident": ("城乡居民医保", "Resident medical insurance"),
        "none": ("未参保", "Not insured"),
        "other": ("其他", "Other"),
    },
    "Education": {
        "primary": ("小学及以下", "Primary school or less"),
        "junior": ("初中", "Junior middle school"),
        "senior": ("高中", "Senior middle school"),
        "vocational": ("中专", "Vocational school"),
        "college": ("大专", "College"),
        "bachelor": ("本科", "Bachelor"),
        "postgraduate": ("研究生", "Postgraduate"),
        "other": ("其他", "Other"),
    },
    "KeyGroup": {
        "model_worker": ("困难劳模", "Model worker in hardship"),
        "migrant_worker": ("困难农民工", "Migrant worker in hardship"),
        "workers_children": ("困难职工家庭子女", "Child of a family in hardship"),
        "single_parent": ("单亲困难职工", "Single parent in hardship"),
        "seriously_ill": ("患重病困难职工", "Seriously ill worker in hardship"),
    },
    "ReliefPath": {
        "employment": ("就业帮扶一批", "Out through employment"),
        "social_security": ("社保兜底一批", "Social-security floor"),
        "policy": ("政策扶持一批", "Policy support"),
        "relief": ("帮扶救助一批", "Assistance and relief"),
    },
    "AssistanceRequestType": {
        "daily": ("日常救助", "Daily assistance"),
        "temporary": ("临时救助", "Temporary assistance"),
    },
    "SeriousIllness": {
        "malignant_tumour": ("恶性肿瘤", "Malignant tumour"),
        "uremia": ("尿毒症", "Uremia"),
        "severe_hepatitis": ("重症肝炎", "Severe hepatitis"),
        "aplastic_anemia": ("再生障碍性贫血", "Aplastic anemia"),
        "leukemia": ("白血病", "Leukemia"),
        "organ_transplant": ("重大器官移植", "Major organ transplant"),
        "stroke_sequelae": ("脑中风后遗症", "Sequelae of stroke"),
        "myocardial_infarction": ("急性心肌梗塞", "Acute myocardial infarction"),
        "coronary_bypass": ("冠状动脉搭桥术", "Coronary bypass surgery"),
        "heart_valve_surgery": ("心脏瓣膜手术", "Heart valve surgery"),
        "aortic_surgery": ("主动脉手术", "Aortic surgery"),
        "benign_brain_tumour": ("良性脑肿瘤", "Benign brain tumour"),
        "parkinsons": ("帕金森病", "Parkinson's disease"),
        "multiple_sclerosis": ("多发性硬化", "Multiple sclerosis"),
        "severe_burns": ("严重烧伤", "Severe burns"),
        "paralysis": ("瘫痪", "Paralysis"),
        "blindness": ("双目失明", "Blindness in both eyes"),
        "deafness": ("双耳失聪", "Deafness in both ears"),
        "lupus": ("系统性红斑狼疮", "Systemic lupus erythematosus"),
        "schizophrenia": ("精神分裂症", "Schizophrenia"),
        "hemophilia": ("血友病", "Hemophilia"),
        "chronic_liver_failure": ("慢性肝功能衰竭", "Chronic liver failure"),
    },
}


#: other words clerks write for the same thing (accepted on input, never shown)
ALIASES: dict[str, dict[str, str]] = {
    "Relation": {"妻子": "spouse", "丈夫": "spouse", "爱人": "spouse", "夫妻": "spouse", "儿": "son", "子": "son",
                 "女": "daughter", "孩子": "child", "父": "father", "母": "mother", "孙子": "grandchild",
                 "孙女": "grandchild", "外孙": "grandchild", "外孙女": "grandchild", "兄弟": "sibling", "姐妹": "sibling",
                 "哥哥": "sibling", "弟弟": "sibling", "姐姐": "sibling", "妹妹": "sibling"},
    "MemberStatus": {"学生": "student", "在校": "student", "在读": "student", "上学": "student", "在岗": "working",
                     "工作": "working", "务工": "working", "打工": "working", "在职职工": "working", "幼儿": "preschool",
                     "失业": "unemployed", "下岗": "unemployed", "待业": "unemployed", "离退休": "retired",
                     "丧失劳动能力": "unable"},
    "Sex": {"男性": "male", "女性": "female", "M": "male", "F": "female"},
    "Health": {"健康": "good", "一般": "good", "较差": "ill", "慢性病": "ill", "重病": "serious_illness",
               "大病": "serious_illness"},
    "WorkStatus": {"在职": "employed", "下岗职工": "laid_off", "失业人员": "unemployed", "退休职工": "retired",
                   "内部退养": "early_retired"},
    "HukouType": {"城镇户口": "urban", "非农业": "urban", "农业": "rural", "农村户口": "rural"},
    "EmployerState": {"停产": "stopped", "半停产": "stopped", "停产半停产企业": "stopped", "破产企业": "bankrupt",
                      "改制企业": "restructured", "关闭企业": "closed", "关停": "closed", "生产正常": "normal"},
    "MedicalInsurance": {"城镇职工医保": "employee", "职工基本医疗保险": "employee", "居民医保": "resident",
                         "新农合": "resident", "城镇居民医保": "resident", "无": "none", "未参加": "none"},
    "Education": {"小学": "primary", "文盲": "primary", "半文盲": "primary", "初中毕业": "junior",
                  "高中毕业": "senior", "职高": "senior", "技校": "vocational", "中技": "vocational",
                  "专科": "college", "高职": "college", "大学本科": "bachelor", "大学": "bachelor",
                  "硕士": "postgraduate", "博士": "postgraduate", "研究生及以上": "postgraduate"},
    "ReliefPath": {"就业帮扶": "employment", "社保兜底": "social_security", "政策扶持": "policy",
                   "帮扶救助": "relief", "救助帮扶": "relief"},
    "AssistanceRequestType": {"日常": "daily", "临时": "temporary"},
    "EmploymentSupportKind": {"安置就业": "placement", "就业安置": "placement", "岗位安置就业": "placement",
                              "创业": "business_start", "公益岗位": "public_post"},
    "SeriousIllness": {"癌症": "malignant_tumour", "肿瘤": "malignant_tumour", "慢性肾功能衰竭": "uremia",
                       "肾衰竭": "uremia", "尿毒症透析": "uremia", "脑中风": "stroke_sequelae",
                       "心肌梗塞": "myocardial_infarction", "心肌梗死": "myocardial_infarction",
                       "器官移植": "organ_transplant", "红斑狼疮": "lupus", "肝衰竭": "chronic_liver_failure"},
}


def _words(target: str, words: str) -> dict[str, str]:
    return {w: target for w in words.split()}


#: the richer synonym tables of issue 8 (rosters as unions keep them): the common words of the national industry
#: classification, housing, health with the illness list, marriage, employer type, causes, disability, politics
_MORE_ALIASES: dict[str, dict[str, str]] = {
    "Industry": {
        **_words("manufacturing", "制造 制造业 纺织 纺织业 服装 印染 化纤 机械 机械制造 汽车 汽配 电子 钢铁 冶金 "
                 "化工 建材 水泥 玻璃 造纸 食品 食品加工 烟草 家具 印刷 医药 制药 轻工 重工 五金 工业 军工 船舶"),
        **_words("mining", "采矿 采矿业 煤炭 煤矿 煤业 矿山 矿业 石油 石油开采 天然气开采 有色金属 铁矿 采掘"),
        **_words("construction", "建筑 建筑业 建筑施工 建工 建设 装修 装饰 路桥 市政工程 房建"),
        **_words("transport", "交通 交通运输 运输 运输业 物流 快递 邮政 铁路 公路 公交 出租车 航运 港口 航空 "
                 "仓储 交通运输仓储邮政业"),
        **_words("commerce", "商业 商贸 零售 批发 批发零售 批发和零售业 超市 百货 供销 贸易 商场"),
        **_words("hospitality", "餐饮 住宿 酒店 宾馆 饭店 餐饮业 住宿和餐饮业 旅游"),
        **_words("energy", "电力 供电 电网 燃气 供水 自来水 水务 热力 供热 电力热力燃气及水生产和供应业 能源"),
        **_words("agriculture", "农业 林业 牧业 渔业 畜牧 农场 林场 农林牧渔 农林牧渔业 种植 养殖 农垦"),
        **_words("education", "教育业 学校 幼儿园 培训"),
        **_words("health_care", "卫生业 医疗 医院 卫生和社会工作 卫生院 诊所 社区卫生 养老院"),
        **_words("public_admin", "公共管理和社会组织 机关 政府 社会组织 事业 公共管理社会保障"),
        **_words("services", "服务 服务业 居民服务 家政 保洁 物业 物业管理 保安 环卫 美容美发 维修 "
                 "居民服务修理和其他服务业 租赁和商务服务业 文化体育和娱乐业"),
        **_words("other", "其它 金融 房地产 信息技术 软件 科研 其他行业"),
    },
    "HousingType": {
        **_words("own", "自有 自有房 自购房 自建房 商品房 房改房 自有产权 私房 经济适用房 拆迁安置房 安置房 祖屋"),
        **_words("public_rental", "公房 单位房 单位宿舍 宿舍 廉租房 公租房 保障房 保障性住房 直管公房 租住公房 "
                 "租赁公房 人才公寓"),
        **_words("private_rental", "租房 租住 出租房 租赁 租住私房 租赁私房 租私房 租房居住"),
        **_words("relatives", "借住 借住亲属 借住亲戚 亲友家 与父母同住 与子女同住 寄住"),
        **_words("none", "无房 无固定住所 无自有住房"),
    },
    "Health": {
        **_words("good", "健康 良好 好 正常 身体健康 一般 基本健康"),
        **_words("ill", "一般病 慢性病 疾病 患病 有病 体弱 体弱多病 多病 较差 差 高血压 糖尿病 冠心病 心脏病 "
                 "哮喘 风湿 类风湿 关节炎 腰椎间盘突出 颈椎病 胃病 肝病 乙肝 慢性支气管炎 肺气肿 骨折 痛风 "
                 "甲亢 贫血 抑郁症"),
        **_words("serious_illness", "重病 大病 重大疾病 危重 癌症 肿瘤 恶性肿瘤 尿毒症 白血病 脑梗 脑梗塞 脑溢血 "
                 "脑出血 中风 偏瘫 瘫痪 肝硬化 肾衰竭 器官移植 心肌梗塞 心肌梗死 帕金森 红斑狼疮 "
                 "精神分裂症 血友病 再生障碍性贫血 重症肝炎 截瘫 植物人"),
        **_words("disabled", "残疾 伤残 残疾人 肢残 智障 盲 聋哑"),
    },
    "MaritalStatus": {
        **_words("single", "未婚 单身 未结婚"),
        **_words("married", "已婚 再婚 结婚 有配偶 初婚 复婚 在婚"),
        **_words("divorced", "离婚 离异 离异未再婚"),
        **_words("widowed", "丧偶 丧偶未再婚 寡居"),
    },
    "EmployerType": {
        **_words("state_owned", "国企 国有 国有企业 央企 中央企业 省属国企 市属国企 国有控股 国有独资 国营"),
        **_words("collective", "集体 集体企业 集体所有制 大集体 小集体 城镇集体 乡镇企业 合作社"),
        **_words("private", "私企 私营 私营企业 民企 民营 民营企业 个体 个体户 个体工商户 股份制 有限公司 "
                 "股份有限公司 非公企业 非公"),
        **_words("foreign", "外企 外资 合资 中外合资 港澳台 港澳台企业 三资企业 外商独资"),
        **_words("public_institution", "事业 事业单位 学校 医院"),
        **_words("government", "机关 机关单位 政府 行政机关 党政机关"),
        **_words("other", "其它 社会组织 无单位 灵活就业"),
    },
    "Cause": {
        **_words("unable_to_work", "丧失劳动能力 没有劳动能力 无劳动力"),
        **_words("able_not_employed", "未就业 无业 待业 未就业有劳动能力"),
        **_words("laid_off", "下岗 失业 下岗失业人员 企业破产 破产 改制下岗 买断 买断工龄"),
        **_words("no_social_insurance", "未参保 无社保 没有社保 未缴社保"),
        **_words("benefits_not_paid", "社保未落实 待遇未落实 社保待遇未落实"),
        **_words("illness_self", "因病 本人患病 本人重病 本人大病 自身患病 患重病 因病致困 疾病"),
        **_words("illness_family", "家属患病 家人患病 家属重病 家人重病 配偶患病 子女患病 父母患病 家庭成员患病"),
        **_words("natural_disaster", "自然灾害 受灾 因灾 灾害 水灾 火灾 地震"),
        **_words("accident", "意外 意外事故 车祸 工伤 因意外 突发事件"),
        **_words("schooling", "因学 子女上学 子女就学 上学 教育支出 子女读书 供养学生"),
        **_words("disability", "因残 本人残疾 家属残疾 伤残"),
        **_words("single_parent", "单亲家庭 离异单亲 丧偶单亲"),
        **_words("other", "其它"),
    },
    "DisabilityType": {
        **_words("visual", "视力 视残 盲 失明"),
        **_words("hearing", "听力 听残 聋 耳聋"),
        **_words("speech", "言语 语言残疾 哑"),
        **_words("physical", "肢体 肢残 截肢"),
        **_words("intellectual", "智力 智残 智障"),
        **_words("mental", "精神 精神病"),
        **_words("multiple", "多重"),
    },
    "PoliticalStatus": {
        **_words("cpc_member", "党员 中共党员 共产党员 预备党员 中共预备党员"),
        **_words("cyl_member", "团员 共青团员"),
        **_words("democratic_party", "民主党派成员 民革 民盟 民建 民进 农工党 致公党 九三学社 台盟"),
        **_words("masses", "群众 普通群众 无党派 无党派人士"),
    },
    "ModelWorkerRank": {
        **_words("none", "否 不是 非劳模"),
        **_words("national", "全国劳动模范 全国先进工作者 全国五一劳动奖章"),
        **_words("provincial", "省级劳模 省劳模 省部级 省级"),
        **_words("city", "市劳模 市级"),
        **_words("county", "县劳模 区级劳模 县级"),
    },
    "SeriousIllness": {
        **_words("malignant_tumour", "肺癌 胃癌 肝癌 乳腺癌 食道癌 肠癌 直肠癌 结肠癌 宫颈癌 鼻咽癌 胰腺癌 "
                 "甲状腺癌 膀胱癌 前列腺癌 淋巴瘤 骨癌"),
        **_words("stroke_sequelae", "脑梗后遗症 脑出血后遗症 中风后遗症 脑溢血后遗症"),
        **_words("parkinsons", "帕金森 帕金森综合征"),
        **_words("paralysis", "偏瘫 截瘫 全瘫"),
        **_words("blindness", "失明"),
        **_words("deafness", "失聪"),
        **_words("schizophrenia", "精神病"),
    },
}
for _enum_name, _table in _MORE_ALIASES.items():
    _known = {w for pair in LABELS[_enum_name].values() for w in pair} | set(LABELS[_enum_name])
    _merged = {w: t for w, t in _table.items() if w not in _known}
    _merged.update(ALIASES.get(_enum_name, {}))  # the first tables win where both name a word
    ALIASES[_enum_name] = _merged


def synonyms_of(enum_name: str) -> dict[str, list[str]]:
    """Every other word accepted for each machine name of an enumeration (for the template's 填表说明)."""
    out: dict[str, list[str]] = {}
    for word, target in ALIASES.get(enum_name, {}).items():
        out.setdefault(target, []).append(word)
    return out
