"""Entry standard, categories and exclusions (DOMAIN.md §4), as pure functions of facts and a standard.

Precedence: exclusions first (the household is ineligible, with the reason); then deep hardship
(per-capita income below LB), else relative hardship (below the relative line, 2 × LB by default),
else accident-caused (an accident in the last 12 months with per-capita income below 3 × LB, or this
year's hardship costs above 80 % of annual income), else the entry standard is not met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
RANK = {"deep": 0, "relative": 1, "accident": 2, None: 3}


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
    """Which category (or none) and why; the plain-Chinese reason with the numbers is built on demand."""

    __slots__ = ("_explain", "_text", "category", "exclusions", "rule")

    def __init__(
        self,
        category: str | None,
        rule: str,
        explain: Callable[[], tuple[str, str]],
        exclusions: list[str] | None = None,
    ) -> None:
        self.category, self.rule, self.exclusions = category, rule, exclusions or []
        self._explain = explain
        self._text: tuple[str, str] | None = None

    @property
    def reason(self) -> str:
        if self._text is None:
            self._text = self._explain()
        return self._text[0]

    @property
    def reason_en(self) -> str:
        if self._text is None:
            self._text = self._explain()
        return self._text[1]

    @property
    def eligible(self) -> bool:
        return self.category is not None

    @property
    def rank(self) -> int:
        return RANK[self.category]


def exclusions_of(file: Any) -> list[tuple[str, str, str]]:
    if not (
        getattr(file, "owns_multiple_homes", False)
        or getattr(file, "business_with_employees", False)
        or getattr(file, "costly_private_schooling", False)
        or getattr(file, "private_car", False)
    ):
        return []
    return [e for e in EXCLUSIONS if getattr(file, e[0], False)]


def causes_of(file: Any) -> set[str]:
    causes = {c for c in (getattr(file, "secondary_causes", "") or "").split(",") if c}
    if getattr(file, "main_cause", None):
        causes.add(file.main_cause)
    return causes


def recent_accident(file: Any, day: dt.date) -> bool:
    """An accident (or disaster) recorded within the 12 months up to `day`."""
    when = getattr(file, "accident_date", None)
    return when is not None and when <= day < add_months(when, 12)


def costs_exceed(fact: FactLike, std: StandardLike) -> bool:
    """This year's hardship costs above the set share (80 %) of the household's annual income."""
    costs = int(getattr(fact, "hardship_costs_fen", 0) or 0)
    return costs > 0 and costs * 100 > std.accident_cost_pct * int(fact.household_annual_income_fen or 0)


def accident_applies(
    file: Any, income: IncomeResult, fact: FactLike, std: StandardLike, day: dt.date
) -> bool:
    line = std.lb_fen * std.accident_multiple_pct // 100
    return (recent_accident(file, day) and income.per_capita_fen < line) or costs_exceed(fact, std)


def yuan(fen: int) -> str:
    return format_fen(fen)


def categorise(
    file: Any, income: IncomeResult, fact: FactLike, std: StandardLike, day: dt.date, opts: RuleOptions
) -> CategoryDecision:
    """The category of a household on `day`, with the rule that decided it."""
    ex = exclusions_of(file)
    if ex:
        return CategoryDecision(
            None,
            "exclusion",
            lambda: (
                "不符合帮扶条件：" + "；".join(e[1] for e in ex),
                "excluded: " + "; ".join(e[2] for e in ex),
            ),
            [e[0] for e in ex],
        )
    lines = lines_of(std)
    pc = income.per_capita_fen

    def pc_text() -> str:
        return f"人均月收入 {yuan(pc)}"

    if pc < lines.lb_fen:
        return CategoryDecision(
            "deep",
            "deep",
            lambda: (
                f"{pc_text()}，低于低保标准 {yuan(lines.lb_fen)}，认定为深度困难",
                f"per-capita income {pc / 100:.2f} below LB {lines.lb_fen / 100:.2f}: deep hardship",
            ),
        )
    older_line = lines.lb_fen * OLDER_RULE_PCT // 100
    if opts.older_relative_rule:
        if pc < older_line and causes_of(file) & OLDER_RULE_CAUSES:
            return CategoryDecision(
                "relative",
                "relative_older",
                lambda: (
                    f"{pc_text()}，低于低保标准的1.5倍 {yuan(older_line)}，且因病、因学、因残或单亲致困（旧规则），认定为相对困难",
                    "per-capita income below 1.5 x LB with illness, schooling, disability or single parent (older rule)",
                ),
            )
    elif pc < lines.relative_line_fen:
        return CategoryDecision(
            "relative",
            "relative",
            lambda: (
                f"{pc_text()}，不低于低保标准 {yuan(lines.lb_fen)}、低于相对困难线 {yuan(lines.relative_line_fen)}"
                f"（低保标准的{std.relative_multiple_pct / 100:g}倍），认定为相对困难",
                f"per-capita income {pc / 100:.2f} below the relative line {lines.relative_line_fen / 100:.2f}",
            ),
        )
    if recent_accident(file, day) and pc < lines.accident_line_fen:
        return CategoryDecision(
            "accident",
            "accident_recent",
            lambda: (
                f"{pc_text()}，低于低保标准的{std.accident_multiple_pct / 100:g}倍 {yuan(lines.accident_line_fen)}，"
                f"且 {file.accident_date.isoformat()} 遭受意外（12个月内），认定为意外致困",
                "an accident in the last 12 months and per-capita income below the accident line",
            ),
        )
    if costs_exceed(fact, std):
        costs = int(getattr(fact, "hardship_costs_fen", 0) or 0)
        return CategoryDecision(
            "accident",
            "accident_costs",
            lambda: (
                f"本年度致困支出 {yuan(costs)}，超过家庭年收入 {yuan(int(fact.household_annual_income_fen or 0))}"
                f"的{std.accident_cost_pct}%，认定为意外致困",
                "hardship costs above the set share of annual income",
            ),
        )
    line = older_line if opts.older_relative_rule else lines.relative_line_fen
    if opts.older_relative_rule and pc < older_line:
        # under the older line, but the cause is not one the older 1.5 x LB rule covers
        return CategoryDecision(
            None,
            "not_met",
            lambda: (
                f"{pc_text()}，低于低保标准的1.5倍 {yuan(older_line)}，但致困原因不属于因病、因学、因残或单亲"
                "（旧规则下只有这些原因适用1.5倍标准），且无意外致困情形，未达到帮扶标准",
                f"per-capita income {pc / 100:.2f} below 1.5 x LB {older_line / 100:.2f}, but the cause is not "
                "illness, schooling, disability or single parent (the older rule covers only those): "
                "entry standard not met",
            ),
        )
    return CategoryDecision(
        None,
        "not_met",
        lambda: (
            f"{pc_text()}，不低于相对困难线 {yuan(line)}，且无意外致困情形，未达到帮扶标准",
            f"per-capita income {pc / 100:.2f} not below {line / 100:.2f}: entry standard not met",
        ),
    )
