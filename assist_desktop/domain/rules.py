"""Entry standard, categories and exclusions (DOMAIN.md §4), as pure functions of facts and a standard.

Precedence: exclusions first (the household is ineligible, with the reason); then deep hardship
(per-capita income below LB), else relative hardship (below the relative line, 2 × LB by default),
else accident-caused (an accident in the last 12 months with per-capita income below 3 × LB, or this
year's hardship costs above 80 % of annual income), else the entry standard is not met.

The local variants are settings (RuleOptions, each dated): `<` or `≤` at the deep, relative and accident lines
(`boundary_*`: lt / le) and `≥` or `>` at the exit line (`boundary_exit`: ge / gt); the accident window
(`accident_window_months`); the older 1.5 × LB rule (`older_relative_rule`); the older tiers
(`category_scheme` "legacy"): 特困 (extreme) where the ACFTU rules find deep hardship, 困难 (hardship) where
they find relative or accident-caused hardship, and 孤老 (elderly_alone) for a retiree living alone (the
special group 孤老退休职工, or a retired worker in a household of one) who meets the entry standard at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any, Protocol

from assist_desktop.domain.income import FactLike, IncomeResult, RuleOptions, StandardLike
from assist_desktop.domain.validation import format_fen
from assist_desktop.domain.workdays import add_months

#: causes for which the older rule (option older_relative_rule) allowed relative hardship below 1.5 × LB
OLDER_RULE_CAUSES = frozenset({"illness_self", "illness_family", "schooling", "disability", "single_parent"})
OLDER_RULE_PCT = 150

#: exclusions: file attribute, Chinese reason, English reason
EXCLUSIONS = (
    ("owns_multiple_homes", "家庭拥有两套及以上住房", "the household owns two or more homes"),
    ("business_with_employees", "经营雇有员工的企业或个体工商户", "runs a business with employees"),
    (
        "costly_private_schooling",
        "子女就读高收费私立学校或自费出国留学",
        "costly private schooling or study abroad",
    ),
    ("private_car", "拥有并经常使用私家机动车", "a motor vehicle in regular private use"),
)

#: severity order of a decision, for "monotone in income": deep < relative < accident < not met
RANK = {"deep": 0, "relative": 1, "accident": 2, "extreme": 0, "hardship": 1, "elderly_alone": 1, None: 3}

#: the categories of each category scheme (setting category_scheme), in their order
SCHEME_CATEGORIES: dict[str, tuple[str, ...]] = {
    "acftu": ("deep", "relative", "accident"),
    "legacy": ("extreme", "hardship", "elderly_alone"),
}
#: the older tier of each ACFTU category (the scheme "legacy"); 孤老 (elderly_alone) goes by the household
LEGACY_TIER = {"deep": "extreme", "relative": "hardship", "accident": "hardship"}

#: the words of each boundary setting: (zh, en)
BOUNDARY_WORDS = {"lt": ("低于", "below"), "le": ("不高于", "not above"), "ge": ("不低于", "at or above"),
                  "gt": ("高于", "above")}
_NOT_WORDS = {"lt": ("不低于", "not below"), "le": ("高于", "above"), "ge": ("低于", "below"),
              "gt": ("不高于", "not above")}
_DEFAULT_OPTS = RuleOptions()


def scheme_categories(scheme: str) -> tuple[str, ...]:
    """The categories of a scheme (an unknown scheme: the ACFTU ones)."""
    return SCHEME_CATEGORIES.get(scheme, SCHEME_CATEGORIES["acftu"])


def below(value: int, line: int, how: str) -> bool:
    """Under a line with the boundary setting `how`: lt (<, the default) or le (≤)."""
    return value <= line if how == "le" else value < line


def reaches(value: int, line: int, how: str) -> bool:
    """At the exit line with the boundary setting `how`: ge (≥, the default) or gt (>)."""
    return value > line if how == "gt" else value >= line


@dataclass(frozen=True)
class Lines:
    """The money lines of a standard, in fen per person per month."""

    lb_fen: int
    relative_line_fen: int
    exit_line_fen: int
    accident_line_fen: int
    mw_fen: int
    effective_on: dt.date

    def to_json(self) -> dict[str, Any]:
        return {
            "lb_fen": self.lb_fen,
            "relative_line_fen": self.relative_line_fen,
            "exit_line_fen": self.exit_line_fen,
            "accident_line_fen": self.accident_line_fen,
            "mw_fen": self.mw_fen,
            "standard_effective_on": self.effective_on.isoformat(),
        }


_LINES: dict[tuple[Any, ...], Lines] = {}


def lines_of(std: StandardLike) -> Lines:
    key = (
        std.effective_on,
        std.lb_fen,
        std.mw_fen,
        std.relative_multiple_pct,
        std.exit_multiple_pct,
        std.accident_multiple_pct,
    )
    got = _LINES.get(key)
    if got is None:
        got = _LINES[key] = _lines(std)
    return got


def _lines(std: StandardLike) -> Lines:
    return Lines(
        std.lb_fen,
        std.lb_fen * std.relative_multiple_pct // 100,
        std.lb_fen * std.exit_multiple_pct // 100,
        std.lb_fen * std.accident_multiple_pct // 100,
        std.mw_fen,
        std.effective_on,
    )


class CategoryDecision:
    """Which category (or none) and why; the plain-Chinese reason with the numbers and its English are each built
    on demand (`explain(False)` the Chinese, `explain(True)` the English): a daily pass compares a file's stored
    Chinese reason and never needs the English of it.

    `reason` names every amount (a history entry's words: the lines of the day it was written); `state_reason`
    is the same Chinese without the amounts of the standard's lines (`explain(False, False)`): what a file keeps
    as its pending reason, which stays true when a new standard moves the lines but not the file's outcome."""

    __slots__ = ("_en", "_explain", "_state", "_zh", "category", "exclusions", "rule")

    def __init__(
        self,
        category: str | None,
        rule: str,
        explain: Explain,
        exclusions: list[str] | None = None,
    ) -> None:
        self.category, self.rule, self.exclusions = category, rule, exclusions or []
        self._explain = explain
        self._zh: str | None = None
        self._en: str | None = None
        self._state: str | None = None

    @property
    def reason(self) -> str:
        if self._zh is None:
            self._zh = self._explain(False)
        return self._zh

    @property
    def reason_en(self) -> str:
        if self._en is None:
            self._en = self._explain(True)
        return self._en

    @property
    def state_reason(self) -> str:
        if self._state is None:
            self._state = self._explain(False, False)
        return self._state

    @property
    def eligible(self) -> bool:
        return self.category is not None

    @property
    def rank(self) -> int:
        return RANK[self.category]


_EXCLUSION_FLAGS = attrgetter(*(e[0] for e in EXCLUSIONS))


def exclusions_of(file: Any) -> list[tuple[str, str, str]]:
    flags: tuple[Any, ...]
    try:
        flags = _EXCLUSION_FLAGS(file)  # one C-level read of the four flags (rows and files have them all)
    except AttributeError:
        flags = tuple(getattr(file, e[0], False) for e in EXCLUSIONS)
    if not any(flags):
        return []
    return [e for e in EXCLUSIONS if getattr(file, e[0], False)]


def causes_of(file: Any) -> set[str]:
    causes = {c for c in (getattr(file, "secondary_causes", "") or "").split(",") if c}
    if getattr(file, "main_cause", None):
        causes.add(file.main_cause)
    return causes


def lone_retiree(file: Any) -> bool:
    """A retiree living alone (孤老退休职工): the special group, or a retired worker in a household of one."""
    groups = {g for g in (getattr(file, "special_groups", "") or "").split(",") if g}
    if "lone_retiree" in groups:
        return True
    return getattr(file, "work_status", None) == "retired" and int(getattr(file, "household_size", 0) or 0) == 1


def recent_accident(file: Any, day: dt.date, months: int = 12) -> bool:
    """An accident (or disaster) recorded within the `months` months up to `day`."""
    when = getattr(file, "accident_date", None)
    return when is not None and when <= day < add_months(when, months)


def cost_share_pct(fact: FactLike) -> float | None:
    """This year's hardship costs as a share (%) of the household's annual income (None without costs)."""
    costs = int(getattr(fact, "hardship_costs_fen", 0) or 0)
    if costs <= 0:
        return None
    income = int(fact.household_annual_income_fen or 0)
    return float("inf") if income <= 0 else costs * 100 / income


def costs_exceed(fact: FactLike, std: StandardLike) -> bool:
    """This year's hardship costs above the set share (80 %; 50 % in some unions) of the household's annual
    income."""
    costs = int(getattr(fact, "hardship_costs_fen", 0) or 0)
    return costs > 0 and costs * 100 > std.accident_cost_pct * int(fact.household_annual_income_fen or 0)


def accident_applies(
    file: Any, income: IncomeResult, fact: FactLike, std: StandardLike, day: dt.date,
    opts: RuleOptions | None = None,
) -> bool:
    o = opts or _DEFAULT_OPTS
    line = std.lb_fen * std.accident_multiple_pct // 100
    return (
        recent_accident(file, day, o.accident_window_months)
        and below(income.per_capita_fen, line, o.boundary_accident)
    ) or costs_exceed(fact, std)


@lru_cache(maxsize=4096)
def yuan(fen: int) -> str:
    """`format_fen(fen)` ("12,345.67 元"), remembered: the reasons of a pass name the same few lines (LB, the
    relative line) per file. An int is formatted here in one step (the same text; tests/domain check it against
    format_fen), anything else by format_fen."""
    if type(fen) is not int:
        return format_fen(fen)
    whole, cents = divmod(-fen if fen < 0 else fen, 100)
    return f"{'-' if fen < 0 else ''}{whole:,}.{cents:02d} 元"


def _pct_text(share: float) -> str:
    return "100%以上" if share == float("inf") else f"{share:.1f}%"


def no_accident_reason(
    file: Any, income: IncomeResult, fact: FactLike, std: StandardLike, day: dt.date, opts: RuleOptions
) -> tuple[str, str]:
    """Why accident-caused hardship does not apply, naming the real reason: (zh, en)."""
    return (_no_accident(file, fact, std, day, opts, False), _no_accident(file, fact, std, day, opts, True))


def _no_accident(file: Any, fact: FactLike, std: StandardLike, day: dt.date, opts: RuleOptions, en: bool,
                 amounts: bool = True) -> str:
    """no_accident_reason in one language (`en`: the English; `amounts`=False: the Chinese without the line's
    amount)."""
    parts: list[str] = []
    when = getattr(file, "accident_date", None)
    months = opts.accident_window_months
    if when is not None:
        if when > day:
            parts.append(f"the accident on {when.isoformat()} is after the day judged" if en
                         else f"意外记录日期 {when.isoformat()} 在评定日之后")
        elif not recent_accident(file, day, months):
            parts.append(f"the accident on {when.isoformat()} is more than {months} months ago" if en
                         else f"意外发生于 {when.isoformat()}，已超过{months}个月")
        else:
            line = std.lb_fen * std.accident_multiple_pct // 100
            multiple = f"{std.accident_multiple_pct / 100:g}"
            not_zh, not_en = _NOT_WORDS[opts.boundary_accident if opts.boundary_accident in _NOT_WORDS else "lt"]
            parts.append(f"an accident on {when.isoformat()}, but per-capita income {not_en} {multiple} x LB "
                         f"{line / 100:.2f}" if en
                         else f"虽于 {when.isoformat()} 遭受意外，但人均月收入{not_zh}低保标准的{multiple}倍{_amount(line, amounts)}")
    share = cost_share_pct(fact)
    if share is not None:
        costs = int(getattr(fact, "hardship_costs_fen", 0) or 0)
        annual = int(fact.household_annual_income_fen or 0)
        parts.append(f"hardship costs {costs / 100:.2f} are {_pct_text(share)} of the annual income "
                     f"{annual / 100:.2f}, not above {std.accident_cost_pct}%" if en
                     else f"本年度致困支出 {yuan(costs)} 占家庭年收入 {yuan(annual)} 的{_pct_text(share)}，"
                     f"未超过{std.accident_cost_pct}%")
    if not parts:
        return "no accident or hardship costs recorded" if en else "且无意外致困情形"
    return "; ".join(parts) if en else "；".join(parts)


@lru_cache(maxsize=64)
def _conclusion(category: str, scheme: str) -> tuple[str, str]:
    from assist_desktop.domain.enums import Category

    cat = Category(category)
    if scheme == "legacy":
        return f"，按旧类别体系认定为{cat.label}", f": {cat.label_en}"
    return f"，认定为{cat.label}", f": {cat.label_en.lower()}"


def categorise(
    file: Any, income: IncomeResult, fact: FactLike, std: StandardLike, day: dt.date, opts: RuleOptions,
    lines: Lines | None = None,
) -> CategoryDecision:
    """The category of a household on `day`, with the rule that decided it (in the union's category scheme).

    `lines`: `lines_of(std)` when the caller has it already."""
    ex = exclusions_of(file)
    if ex:
        return CategoryDecision(
            None,
            "exclusion",
            lambda en, amounts=True: ("excluded: " + "; ".join(e[2] for e in ex)) if en
            else ("不符合帮扶条件：" + "；".join(e[1] for e in ex)),
            [e[0] for e in ex],
        )
    category, rule, why = _acftu(file, income, fact, std, day, opts, lines)
    if category is None:
        return CategoryDecision(None, rule, why)
    scheme = opts.category_scheme
    if scheme == "legacy":
        if lone_retiree(file):
            tier, rule_name = "elderly_alone", "legacy_elderly_alone"
        else:
            tier, rule_name = LEGACY_TIER[category], f"legacy_{LEGACY_TIER[category]}"

        def explain_legacy(en: bool, amounts: bool = True) -> str:
            text = why(en, amounts)
            if tier == "elderly_alone":
                text += ", a retiree living alone" if en else "，且为孤老退休职工"
            return text + _conclusion(tier, scheme)[en]

        return CategoryDecision(tier, rule_name, explain_legacy)

    def explain(en: bool, amounts: bool = True) -> str:
        return why(en, amounts) + _conclusion(category, scheme)[en]

    return CategoryDecision(category, rule, explain)


# The parts of the Chinese reasons that follow from the day's lines and the boundary settings alone, remembered:
# a pass builds these reasons for many files with the same lines (only the per-capita income differs).


def _amount(fen: int, amounts: bool = True) -> str:
    """" 720.00 元" after a line's name in a reason; nothing in a file's pending reason (`state_reason`)."""
    return f" {yuan(fen)}" if amounts else ""


class Explain(Protocol):
    """A reason's words: the English (`en`) or the Chinese, the latter without the lines' amounts when `amounts` is
    False (`CategoryDecision.state_reason`)."""

    def __call__(self, en: bool, amounts: bool = True) -> str: ...


@lru_cache(maxsize=256)
def _deep_tail(deep: str, lb: int, amounts: bool = True) -> str:
    """"，低于低保标准 720.00 元" (the deep hardship reason after the per-capita income)."""
    return f"，{_words_of(deep, 'lt', 'lt')[0]}低保标准{_amount(lb, amounts)}"


@lru_cache(maxsize=256)
def _relative_tail(deep: str, relative: str, lb: int, relative_line: int, multiple_pct: int,
                   amounts: bool = True) -> str:
    """"，不低于低保标准 …、低于相对困难线 …（低保标准的2倍）" (the relative hardship reason after the income)."""
    w = _words_of(deep, relative, "lt")
    return (f"，{w[8]}低保标准{_amount(lb, amounts)}、{w[2]}相对困难线{_amount(relative_line, amounts)}"
            f"（低保标准的{multiple_pct / 100:g}倍）")


@lru_cache(maxsize=256)
def _not_met_line(relative: str, line: int, amounts: bool = True) -> str:
    """"，不低于相对困难线 1,440.00 元" (the entry standard not met, after the income)."""
    return f"，{_words_of('lt', relative, 'lt')[6]}相对困难线{_amount(line, amounts)}"


def _words(opts: RuleOptions) -> tuple[str, str, str, str, str, str, str, str, str]:
    """The boundary words of the reasons: (deep zh, deep en, relative zh, relative en, accident zh, accident en,
    not-relative zh, not-relative en, not-deep zh)."""
    return _words_of(opts.boundary_deep, opts.boundary_relative, opts.boundary_accident)


@lru_cache(maxsize=64)
def _words_of(deep: str, relative: str, accident: str) -> tuple[str, str, str, str, str, str, str, str, str]:
    deep_zh, deep_en = BOUNDARY_WORDS.get(deep, BOUNDARY_WORDS["lt"])
    rel_zh, rel_en = BOUNDARY_WORDS.get(relative, BOUNDARY_WORDS["lt"])
    acc_zh, acc_en = BOUNDARY_WORDS.get(accident, BOUNDARY_WORDS["lt"])
    not_rel_zh, not_rel_en = _NOT_WORDS.get(relative, _NOT_WORDS["lt"])
    not_deep_zh = _NOT_WORDS.get(deep, _NOT_WORDS["lt"])[0]
    return deep_zh, deep_en, rel_zh, rel_en, acc_zh, acc_en, not_rel_zh, not_rel_en, not_deep_zh


def _acftu(
    file: Any, income: IncomeResult, fact: FactLike, std: StandardLike, day: dt.date, opts: RuleOptions,
    lines: Lines | None = None,
) -> tuple[str | None, str, Explain]:
    """The ACFTU category (deep, relative, accident or None), the rule and the reason (a function of `en`: the
    Chinese or the English); for a category the reason is without its conclusion ("认定为…"), which categorise adds
    in the union's scheme. The reason's words are looked up only when it is built."""
    if lines is None:
        lines = lines_of(std)
    pc = income.per_capita_fen
    lb = lines.lb_fen

    if below(pc, lb, opts.boundary_deep):
        def deep(en: bool, amounts: bool = True) -> str:
            if en:
                return f"per-capita income {pc / 100:.2f} {_words(opts)[1]} LB {lines.lb_fen / 100:.2f}"
            return f"人均月收入 {yuan(pc)}{_deep_tail(opts.boundary_deep, lines.lb_fen, amounts)}"

        return "deep", "deep", deep
    older_line = lines.lb_fen * OLDER_RULE_PCT // 100
    if opts.older_relative_rule:
        if below(pc, older_line, opts.boundary_relative) and causes_of(file) & OLDER_RULE_CAUSES:
            def relative_older(en: bool, amounts: bool = True) -> str:
                if en:
                    return (f"per-capita income {pc / 100:.2f} {_words(opts)[3]} 1.5 x LB {older_line / 100:.2f} with "
                            "illness, schooling, disability or single parent (older rule)")
                return (f"人均月收入 {yuan(pc)}，{_words(opts)[2]}低保标准的1.5倍{_amount(older_line, amounts)}，"
                        "且因病、因学、因残或单亲致困（旧规则）")

            return "relative", "relative_older", relative_older
    elif (pc <= lines.relative_line_fen if opts.boundary_relative == "le" else pc < lines.relative_line_fen):
        def relative(en: bool, amounts: bool = True) -> str:
            w = _words(opts)
            if en:
                return f"per-capita income {pc / 100:.2f} {w[3]} the relative line {lines.relative_line_fen / 100:.2f}"
            return f"人均月收入 {yuan(pc)}" + _relative_tail(
                opts.boundary_deep, opts.boundary_relative, lines.lb_fen, lines.relative_line_fen,
                std.relative_multiple_pct, amounts)

        return "relative", "relative", relative
    window = opts.accident_window_months
    if recent_accident(file, day, window) and below(pc, lines.accident_line_fen, opts.boundary_accident):
        def accident_recent(en: bool, amounts: bool = True) -> str:
            if en:
                return (f"an accident on {file.accident_date.isoformat()} (within {window} months) and per-capita "
                        f"income {pc / 100:.2f} {_words(opts)[5]} the accident line "
                        f"{lines.accident_line_fen / 100:.2f}")
            return (
                f"人均月收入 {yuan(pc)}，{_words(opts)[4]}低保标准的{std.accident_multiple_pct / 100:g}倍"
                f"{_amount(lines.accident_line_fen, amounts)}，且 {file.accident_date.isoformat()} 遭受意外（{window}个月内）"
            )

        return "accident", "accident_recent", accident_recent
    if costs_exceed(fact, std):
        costs = int(getattr(fact, "hardship_costs_fen", 0) or 0)
        annual = int(fact.household_annual_income_fen or 0)
        share = cost_share_pct(fact) or 0.0

        def accident_costs(en: bool, amounts: bool = True) -> str:  # the household's own amounts only
            if en:
                return (f"hardship costs {costs / 100:.2f} are {_pct_text(share)} of the annual income "
                        f"{annual / 100:.2f}, above {std.accident_cost_pct}%")
            return (f"本年度致困支出 {yuan(costs)}，占家庭年收入 {yuan(annual)} 的{_pct_text(share)}，"
                    f"超过{std.accident_cost_pct}%")

        return "accident", "accident_costs", accident_costs
    line = older_line if opts.older_relative_rule else lines.relative_line_fen

    if opts.older_relative_rule and below(pc, older_line, opts.boundary_relative):
        # under the older line, but the cause is not one the older 1.5 x LB rule covers
        def older_not_met(en: bool, amounts: bool = True) -> str:
            acc = _no_accident(file, fact, std, day, opts, en, amounts)
            if en:
                return (f"per-capita income {pc / 100:.2f} {_words(opts)[3]} 1.5 x LB {older_line / 100:.2f}, but "
                        "the cause is not illness, schooling, disability or single parent (the older rule covers "
                        f"only those); {acc}: entry standard not met")
            return (f"人均月收入 {yuan(pc)}，{_words(opts)[2]}低保标准的1.5倍{_amount(older_line, amounts)}，但致困原因不属于因病、"
                    f"因学、因残或单亲（旧规则下只有这些原因适用1.5倍标准），{acc}，未达到帮扶标准")

        return None, "not_met", older_not_met

    def not_met(en: bool, amounts: bool = True) -> str:
        acc = _no_accident(file, fact, std, day, opts, en, amounts)
        if en:
            return f"per-capita income {pc / 100:.2f} {_words(opts)[7]} {line / 100:.2f}; {acc}: entry standard not met"
        return f"人均月收入 {yuan(pc)}{_not_met_line(opts.boundary_relative, line, amounts)}，{acc}，未达到帮扶标准"

    return None, "not_met", not_met
