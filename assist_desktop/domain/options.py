"""Every setting of a union declared once, with its default and meaning (as Picard's options.py).

Every setting is dated (services/settings.py): its values from a date live in the `dated_setting` table, the
undated `app_setting` value (or the default here) being in force before the first one; the money lines (LB, MW,
the multiples, the hardship-cost share) are the dated standards of the `standard` table. `docs/rules.md` lists them.
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
    # --- the procedure around the rules (DOMAIN.md §9; issue 10) -----------------------------------------------
    Option("freshness_months", 6, "事实有效期（月）：入档、重新入档须有此期限内的收入记录和入户走访",
           "Months within which the income record and home visit must fall for entry or re-entry"),
    Option("accident_window_months", 12, "意外致困认定期（月）", "Months an accident counts for accident-caused hardship"),
    Option("boundary_deep", "lt", "深度困难线比较（lt：低于；le：不高于）", "Deep line: lt (<) or le (≤)"),
    Option("boundary_relative", "lt", "相对困难线比较（lt：低于；le：不高于）", "Relative line: lt (<) or le (≤)"),
    Option("boundary_accident", "lt", "意外致困收入线比较（lt：低于；le：不高于）", "Accident line: lt (<) or le (≤)"),
    Option("boundary_exit", "ge", "脱困线比较（ge：不低于；gt：高于）", "Exit line: ge (≥) or gt (>)"),
    Option("require_responsible", 1, "登记须有帮扶联系责任人（1：是；0：否）",
           "Registration requires a responsible person (1 = yes)"),
    Option("cadre_load_max", 5, "每名干部包保户数上限（超过时提醒）", "Households per cadre before a warning"),
    Option("retention_years", 10, "退档档案保存年限（年）", "Years a closed file is kept"),
    Option("roster_match_name_birth", 0,
           "花名册导入：没有身份证号的行按姓名和出生日期对应已有档案（1：启用）",
           "Roster import: a row without an ID number matches a file by name and birth date (1 = on)"),
    Option("step_application", 0, "入档步骤：申请或推荐（1：启用）", "Intake step: application or proposal (1 = on)"),
    Option("step_home_visit", 0, "入档步骤：入户调查（1：启用）", "Intake step: home visit (1 = on)"),
    Option("step_consent", 0, "入档步骤：签署家庭经济状况核对授权（1：启用）", "Intake step: signed consent to the check (1 = on)"),
    Option("step_income_check", 0, "入档步骤：核对结果（1：启用）", "Intake step: the check's result (1 = on)"),
    Option("step_notice", 0, "入档步骤：公示（1：启用）", "Intake step: public notice (1 = on)"),
    Option("step_approval", 0, "入档步骤：审批（1：启用）", "Intake step: approval (1 = on)"),
    Option("approval_level", "union", "审批层级（union：本级工会；parent：上级工会）",
           "Approval level: union (this union) or parent"),
    Option("entry_notice_workdays", 5, "入档公示期（工作日）", "Working days of the entry notice"),
    Option("exit_step_proposal", 0, "退档步骤：申请或提议（1：启用）", "Exit step: proposal (1 = on)"),
    Option("exit_step_decision", 0, "退档步骤：集体研究决定（1：启用）", "Exit step: collective decision (1 = on)"),
    Option("preparer", "", "填表人：打印的档案表、报表上经办人的姓名（空：登录账号的姓名）",
           "Preparer named on printed sheets and reports (empty: the signed-in account's name)"),
    # --- backups (issue 9) -----------------------------------------------------------------------------------------
    Option("backup_keep", 10, "每类自动备份保留份数（每日、导入前、升级前…；最新一份完好的备份从不删除）",
           "Automatic backups kept per kind (daily, before import, before upgrade…; the newest good one is never deleted)"),
    Option("backup_folder", "", "自动备份文件夹（空：数据库所在文件夹下的 backups）",
           "Folder of the automatic backups (empty: backups beside the database)"),
)}


#: the intake steps in their order (each switched by the setting step_<name>), and the exit steps (exit_step_<name>)
INTAKE_STEPS: tuple[str, ...] = ("application", "home_visit", "consent", "income_check", "notice", "approval")
EXIT_STEPS: tuple[str, ...] = ("proposal", "decision")


def default(key: str) -> int | str:
    return OPTIONS[key].default
