"""Every setting of a union declared once, with its default and meaning (as Picard's options.py).

Settings live in the `app_setting` table; thresholds that change over time (LB, MW, multiples) are
dated standards in the `standard` table instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    key: str
    default: int | str
    zh: str
    en: str

    def parse(self, text: str | None) -> int | str:
        if text is None:
            return self.default
        if isinstance(self.default, int):
            return int(text)
        return text


OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("visit_interval_months", 6, "入户走访间隔（月）", "Months between home visits"),
    Option("watch_months", 6, "脱困观察期（连续月数）", "Consecutive months above the exit line"),
    Option("notice_workdays", 5, "脱困公示期（工作日）", "Working days of the exit notice"),
    Option("follow_up_months", 6, "脱困后跟踪回访期（月）", "Months of follow-up after exit"),
    Option("review_interval_months", 12, "全面复核（回头看）间隔（月）", "Months between full reviews"),
    Option("report_within_workdays", 30, "纸质与电子档案同步时限（工作日）", "Working days to report changes up"),
    Option("letter_warning_days", 30, "责任书到期提醒（天）", "Days before a letter expires to warn"),
    Option("category_scheme", "acftu", "困难类别体系（acftu：深度/相对/意外；legacy：特困/困难/孤老）",
           "Category scheme"),
    Option("older_relative_rule", 0, "旧规则：因病因学因残单亲按1.5倍低保认定相对困难（1启用）",
           "Older rule: 1.5 x LB for illness, schooling, disability, single parent (1 = on)"),
    Option("working_age_min", 16, "劳动年龄下限", "Working age from"),
    Option("working_age_max_male", 60, "男性劳动年龄上限", "Working age to (men)"),
    Option("working_age_max_female", 55, "女性劳动年龄上限", "Working age to (women)"),
    Option("lockout_attempts", 5, "连续输错密码几次后锁定账号（0：不锁定）",
           "Wrong passwords in a row before an account is locked (0 = never)"),
    Option("lockout_minutes", 15, "账号锁定时长（分钟）", "Minutes an account stays locked"),
)}


def default(key: str) -> int | str:
    return OPTIONS[key].default
