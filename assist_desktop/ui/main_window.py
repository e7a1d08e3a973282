"""The main window: search, filters, the file list, the detail pane, the dashboard and the actions.

Every action of the window is one row of `ACTIONS`: its menu and place there, whether it is on the toolbar, its
shortcut, the permission (domain/permissions.py) it needs, what else it needs (a file, an open file, a union
with units below) and its handler. `MainWindow` builds the menus, the toolbar and the shortcuts from that table,
and enables each action from it; the `*Actions` modules (care, printing, exchange) only hold the handlers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, NamedTuple

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain import enums as E
from assist_desktop.domain.errors import DomainError
from assist_desktop.services import lifecycle
from assist_desktop.services.changes import EVERYTHING, Changes
from assist_desktop.services.demo import build_demo, remove_demo
from assist_desktop.services.due import KIND_LABELS, due_items
from assist_desktop.services.files import count_files
from assist_desktop.services.pending import pending_reevaluation
from assist_desktop.services.unions import get_home_union
from assist_desktop.services.users import SignedIn
from assist_desktop.services.verify import ChainCheck, ChainMark, check_chain
from assist_desktop.ui import file_table as ft
from assist_desktop.ui.backup_dialog import open_backup_dialog
from assist_desktop.ui.care_actions import CareActions
from assist_desktop.ui.dashboard import Dashboard
from assist_desktop.ui.detail_pane import CARE_BUTTONS, EMPLOYMENT_BUTTONS, DetailPane
from assist_desktop.ui.exchange_actions import ExchangeActions
from assist_desktop.ui.file_dialog import FileDialog
from assist_desktop.ui.i18n import current_lang, enum_label, save_lang
from assist_desktop.ui.jobs import Job, run_job, show_error, wait_for_jobs
from assist_desktop.ui.own_copy_action import open_own_copy
from assist_desktop.ui.print_actions import PrintActions
from assist_desktop.ui.procedure_dialog import open_procedure_dialog
from assist_desktop.ui.reports_dialog import open_reports_dialog
from assist_desktop.ui.settings_dialog import open_settings_dialog
from assist_desktop.ui.signals import listen
from assist_desktop.ui.standards_dialog import StandardsDialog
from assist_desktop.ui.time_keeping import TimeKeeper
from assist_desktop.ui.union_dialog import UnionDialog
from assist_desktop.ui.widgets import EnumCombo

SEARCH_DELAY_MS = 200
DUE_LIMIT_PER_KIND = 500
DUE_TAB = 2  # index of 待办 in the window's tabs


class Text(NamedTuple):
    """A UI string and the translation context it is translated in (the module whose handler it names)."""

    context: str
    source: str

    def translated(self) -> str:
        return QCoreApplication.translate(self.context, self.source) if self.context else self.source


def QT_TRANSLATE_NOOP(context: str, source: str) -> Text:  # noqa: N802 - the name lupdate collects
    """Marks `source` for translation in `context`; translated when the window is built."""
    return Text(context, source)


#: the QAction property naming the permission an action needs (kept for views and tests that look at it)
PERMISSION = "permission"


class Needs(Enum):
    """What, beside the permission, an action needs to be enabled."""

    NOTHING = "nothing"
    FILE = "file"  # a file chosen in the list
    OPEN_FILE = "open_file"  # a file chosen in the list that is not closed (退档)
    UNITS_BELOW = "units_below"  # this union has units below it (review decisions on what they send)


@dataclass(frozen=True)
class Menu:
    """A top-level menu (or a submenu: `key` "parent/child"), in the order of a clerk's day."""

    key: str
    title: Text


@dataclass(frozen=True)
class ActionSpec:
    """One action of the window: where it is, who may use it, what it does."""

    key: str  # the action's name: window.action(key)
    menu: str  # Menu.key; the action's place in its menu is its place in ACTIONS
    text: Text
    handler: Callable[[MainWindow], object]
    shortcut: str | None = None
    toolbar: bool = False  # on the toolbar too (in the order of ACTIONS, a line between menus)
    permission: str | None = None  # domain/permissions.py; None: anyone
    needs: Needs = Needs.NOTHING
    hide_if_forbidden: bool = False  # hidden, not only disabled, when the role may not use it
    separator_before: bool = False  # a line above it in its menu
    checkable_group: str | None = None  # mutually exclusive checkable actions (the interface language)
    tip: Text | None = None  # the status-bar tip (and tooltip); the text when None


MENUS: tuple[Menu, ...] = (
    Menu("file", QT_TRANSLATE_NOOP("MainWindow", "档案(&F)")),
    Menu("care", QT_TRANSLATE_NOOP("CareActions", "帮扶(&A)")),
    Menu("pairing", QT_TRANSLATE_NOOP("CareActions", "包保(&B)")),
    Menu("review", QT_TRANSLATE_NOOP("MainWindow", "评定(&R)")),
    Menu("print", QT_TRANSLATE_NOOP("PrintActions", "打印(&P)")),
    Menu("exchange", QT_TRANSLATE_NOOP("ExchangeActions", "数据交换(&X)")),
    Menu("exchange/higher", QT_TRANSLATE_NOOP("ExchangeActions", "上级审核")),
    Menu("settings", QT_TRANSLATE_NOOP("MainWindow", "设置(&S)")),
    Menu("settings/language", QT_TRANSLATE_NOOP("MainWindow", "界面语言")),
    Menu("help", QT_TRANSLATE_NOOP("MainWindow", "帮助(&H)")),
)

# fmt: off
ACTIONS: tuple[ActionSpec, ...] = (
    # 档案
    ActionSpec("new", "file", QT_TRANSLATE_NOOP("MainWindow", "新建档案"),
               lambda w: w.new_file(), shortcut="Ctrl+N", toolbar=True, permission="edit_file",
               tip=QT_TRANSLATE_NOOP("MainWindow", "为新发现的困难职工建立档案")),
    ActionSpec("edit", "file", QT_TRANSLATE_NOOP("MainWindow", "修改档案"),
               lambda w: w.edit_file(), shortcut="Ctrl+E", toolbar=True, permission="edit_file", needs=Needs.FILE,
               tip=QT_TRANSLATE_NOOP("MainWindow", "修改选中的档案")),
    ActionSpec("find", "file", QT_TRANSLATE_NOOP("MainWindow", "查找"),
               lambda w: w.focus_search(), shortcut="Ctrl+F", separator_before=True,
               tip=QT_TRANSLATE_NOOP("MainWindow", "按姓名、拼音首字母、身份证号、档案编号或单位查找")),
    ActionSpec("refresh", "file", QT_TRANSLATE_NOOP("MainWindow", "刷新"),
               lambda w: w.refresh_all(), shortcut="F5", toolbar=True),
    ActionSpec("quit", "file", QT_TRANSLATE_NOOP("MainWindow", "退出"),
               lambda w: w.close(), shortcut="Ctrl+Q", separator_before=True),
    # 帮扶
    ActionSpec("assistance", "care", QT_TRANSLATE_NOOP("CareActions", "记录帮扶…"),
               lambda w: w.care.record_assistance(), toolbar=True, permission="record_assistance", needs=Needs.FILE,
               tip=QT_TRANSLATE_NOOP("CareActions", "为当前档案记录一次帮扶（类型、金额、资金来源）")),
    ActionSpec("visit", "care", QT_TRANSLATE_NOOP("CareActions", "记录走访…"),
               lambda w: w.care.record_visit(), toolbar=True, permission="record_assistance", needs=Needs.FILE,
               tip=QT_TRANSLATE_NOOP("CareActions", "为当前档案记录一次入户走访（更新思想状况和最近走访日期）")),
    ActionSpec("employment", "care", QT_TRANSLATE_NOOP("CareActions", "记录再就业帮扶…"),
               lambda w: w.care.record_employment(), permission="record_assistance", needs=Needs.FILE,
               tip=QT_TRANSLATE_NOOP("CareActions", "再就业优惠证、职业介绍、培训、小额贷款、社保补贴、公益性岗位")),
    ActionSpec("employment_outcome", "care", QT_TRANSLATE_NOOP("CareActions", "记录就业结果…"),
               lambda w: w.care.record_employment_outcome(), permission="record_assistance", needs=Needs.FILE,
               tip=QT_TRANSLATE_NOOP("CareActions", "为选中的再就业帮扶记录补记结果：培训或介绍后是否就业")),
    # 包保
    ActionSpec("assign", "pairing", QT_TRANSLATE_NOOP("CareActions", "指定责任人…"),
               lambda w: w.care.assign(), toolbar=True, permission="pair", needs=Needs.OPEN_FILE,
               tip=QT_TRANSLATE_NOOP("CareActions", "为选中的档案（可多选）指定帮扶联系责任人")),
    ActionSpec("handover", "pairing", QT_TRANSLATE_NOOP("CareActions", "移交…"),
               lambda w: w.care.handover(), permission="pair",
               tip=QT_TRANSLATE_NOOP("CareActions", "把一位责任人负责的全部档案移交给另一位")),
    ActionSpec("coverage", "pairing", QT_TRANSLATE_NOOP("CareActions", "未落实责任人…"),
               lambda w: w.care.coverage(), permission="view", separator_before=True,
               tip=QT_TRANSLATE_NOOP("CareActions", "列出没有帮扶联系责任人（或责任人已离开）的在档户")),
    ActionSpec("cadres", "pairing", QT_TRANSLATE_NOOP("CareActions", "责任人管理…"),
               lambda w: w.care.cadres(), permission="view",
               tip=QT_TRANSLATE_NOOP("CareActions", "责任人名单，新增、登记离开")),
    ActionSpec("letters", "pairing", QT_TRANSLATE_NOOP("CareActions", "包保责任书…"),
               lambda w: w.care.letters(), permission="view",
               tip=QT_TRANSLATE_NOOP("CareActions", "责任书的起草与签字")),
    # 评定
    ActionSpec("standards", "review", QT_TRANSLATE_NOOP("MainWindow", "低保标准…"),
               lambda w: w.edit_standards(), toolbar=True, permission="standards",
               tip=QT_TRANSLATE_NOOP("MainWindow", "设定新的低保标准和最低工资，并重新评定全部档案")),
    ActionSpec("reevaluate", "review", QT_TRANSLATE_NOOP("MainWindow", "重新评定全部档案"),
               lambda w: w.reevaluate_all(), toolbar=True, permission="standards",
               tip=QT_TRANSLATE_NOOP("MainWindow", "按现行标准重新评定全部档案")),
    ActionSpec("register", "review", QT_TRANSLATE_NOOP("CareActions", "立即评定"),
               lambda w: w.care.register(), permission="edit_file", needs=Needs.OPEN_FILE, separator_before=True,
               tip=QT_TRANSLATE_NOOP("CareActions", "按现行标准评定当前档案，五清齐全且达到标准即登记在档")),
    ActionSpec("close", "review", QT_TRANSLATE_NOOP("CareActions", "解困/注销…"),
               lambda w: w.care.close_file(), permission="close_file", needs=Needs.OPEN_FILE,
               tip=QT_TRANSLATE_NOOP("CareActions", "解困或注销当前档案（须写明理由）")),
    ActionSpec("override", "review", QT_TRANSLATE_NOOP("CareActions", "人工改定…"),
               lambda w: w.care.override(), permission="override", needs=Needs.OPEN_FILE,
               tip=QT_TRANSLATE_NOOP("CareActions", "以书面理由改定当前档案的状态或类别")),
    ActionSpec("procedure_step", "review", QT_TRANSLATE_NOOP("ProcedureStepDialog", "程序步骤…"),
               open_procedure_dialog, permission="edit_file", needs=Needs.OPEN_FILE,
               tip=QT_TRANSLATE_NOOP("ProcedureStepDialog", "记录当前档案的入档或退档程序步骤：申请、入户调查、核对授权、核对、公示、审批")),  # noqa: E501
    ActionSpec("retention", "review", QT_TRANSLATE_NOOP("RetentionDialog", "保存期满档案…"),
               lambda w: w.care.retention(), permission="view", separator_before=True,
               tip=QT_TRANSLATE_NOOP("RetentionDialog", "保存期满的退档档案：经审核人删除，保留存根")),
    # 打印
    ActionSpec("print_cards", "print", QT_TRANSLATE_NOOP("PrintActions", "打印绿卡…"),
               lambda w: w.printing.choose_cards(), toolbar=True, permission="print",
               tip=QT_TRANSLATE_NOOP("PrintActions", "打印选中档案的帮扶绿卡，或全部在档帮扶对象的绿卡")),
    ActionSpec("print_sheet", "print", QT_TRANSLATE_NOOP("PrintActions", "打印档案表…"),
               lambda w: w.printing.print_sheet(), toolbar=True, permission="print",
               tip=QT_TRANSLATE_NOOP("PrintActions", "打印当前档案的档案表")),
    ActionSpec("print_batch", "print", QT_TRANSLATE_NOOP("PrintActions", "批量打印…"),
               lambda w: w.printing.batch_print(), permission="print",
               tip=QT_TRANSLATE_NOOP("PrintActions", "选中档案或列表中全部档案的绿卡、档案表：打印（可取消）或存为 PDF")),
    ActionSpec("print_letter", "print", QT_TRANSLATE_NOOP("PrintActions", "打印责任书…"),
               lambda w: w.printing.print_letter(), permission="print",
               tip=QT_TRANSLATE_NOOP("PrintActions", "选择一份包保责任书打印")),
    ActionSpec("own_copy", "print", QT_TRANSLATE_NOOP("OwnCopy", "本人档案副本…"),
               lambda w: open_own_copy(w), permission="full_id", needs=Needs.FILE,
               tip=QT_TRANSLATE_NOOP("OwnCopy", "打印或导出当前档案的完整副本交给本人（个人信息保护法），记入历史记录")),
    ActionSpec("reports", "print", QT_TRANSLATE_NOOP("ReportsDialog", "报表…"), open_reports_dialog, permission="print", separator_before=True, tip=QT_TRANSLATE_NOOP("ReportsDialog", "花名册、统计表、变动情况、帮扶资金物资、再就业、工作台账和公示名单：预览、图表、存为 PDF 或 Excel")),  # noqa: E501
    # 数据交换
    ActionSpec("export", "exchange", QT_TRANSLATE_NOOP("ExchangeActions", "导出数据包…"),
               lambda w: w.exchange.export_package(), permission="export",
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "把本工会的档案导出为数据包，报送上级工会")),
    ActionSpec("import", "exchange", QT_TRANSLATE_NOOP("ExchangeActions", "导入数据包…"),
               lambda w: w.exchange.import_package(), permission="import",
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "导入下级工会的数据包：先校验和预览，确认后合并")),
    ActionSpec("roster_import", "exchange", QT_TRANSLATE_NOOP("ExchangeActions", "导入花名册…"),
               lambda w: w.exchange.import_roster(), permission="import", separator_before=True,
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "从 Excel（.xlsx）或 CSV 花名册建档或更新档案")),
    ActionSpec("roster_template", "exchange", QT_TRANSLATE_NOOP("ExchangeActions", "下载花名册模板…"),
               lambda w: w.exchange.roster_template(), permission="import",  # only of use to who may import
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "生成带下拉选项的空白花名册")),
    ActionSpec("roster_export", "exchange", QT_TRANSLATE_NOOP("ExchangeActions", "导出花名册…"),
               lambda w: w.exchange.export_roll(), permission="export",
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "把全部档案和家庭成员导出为 Excel 花名册")),
    ActionSpec("approve", "exchange/higher", QT_TRANSLATE_NOOP("ExchangeActions", "审核通过"),
               lambda w: w.exchange.approve_selected(), permission="review", needs=Needs.UNITS_BELOW, separator_before=True,
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "选中的下级上报档案审核通过")),
    ActionSpec("return", "exchange/higher", QT_TRANSLATE_NOOP("ExchangeActions", "退回…"),
               lambda w: w.exchange.return_selected(), permission="review", needs=Needs.UNITS_BELOW,
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "把选中的下级上报档案退回（须写明理由）")),
    ActionSpec("review_export", "exchange/higher", QT_TRANSLATE_NOOP("ExchangeActions", "导出审核结果…"),
               lambda w: w.exchange.export_review(), permission="review", needs=Needs.UNITS_BELOW,
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "把审核结果导出给下级工会")),
    ActionSpec("review_import", "exchange", QT_TRANSLATE_NOOP("ExchangeActions", "导入审核结果…"),
               lambda w: w.exchange.import_review(), permission="import",
               tip=QT_TRANSLATE_NOOP("ExchangeActions", "导入上级工会发来的审核结果")),
    # 设置
    ActionSpec("lang_zh", "settings/language", Text("", "中文"),
               lambda w: w.switch_language("zh"), checkable_group="language"),
    ActionSpec("lang_en", "settings/language", Text("", "English"),
               lambda w: w.switch_language("en"), checkable_group="language"),
    ActionSpec("union", "settings", QT_TRANSLATE_NOOP("MainWindow", "本工会…"),
               lambda w: w.edit_union(), permission="settings", separator_before=True),
    ActionSpec("rule_settings", "settings", QT_TRANSLATE_NOOP("MainWindow", "规则设置与节假日…"),
               open_settings_dialog, permission="settings",
               tip=QT_TRANSLATE_NOOP("MainWindow", "观察期、公示期、边界、类别体系等规则设置（带生效日期）和节假日安排")),
    ActionSpec("backup", "settings", QT_TRANSLATE_NOOP("BackupDialog", "备份与恢复…"), open_backup_dialog,
               permission="export", separator_before=True,
               tip=QT_TRANSLATE_NOOP("BackupDialog", "立即备份、从备份恢复、查看自动备份")),
    ActionSpec("demo", "settings", QT_TRANSLATE_NOOP("MainWindow", "生成演示数据…"),
               lambda w: w.make_demo_data(), permission="settings", separator_before=True),
    ActionSpec("demo_remove", "settings", QT_TRANSLATE_NOOP("MainWindow", "删除演示数据…"),
               lambda w: w.remove_demo_data(), permission="settings"),
    ActionSpec("users", "settings", QT_TRANSLATE_NOOP("CareActions", "账号管理…"),
               lambda w: w.care.manage_users(), permission="users", hide_if_forbidden=True, separator_before=True,
               tip=QT_TRANSLATE_NOOP("CareActions", "登录账号：新增、设定角色、重设密码")),
    # 帮助
    ActionSpec("about", "help", QT_TRANSLATE_NOOP("MainWindow", "关于"),
               lambda w: w.about()),
)
# fmt: on


#: the actions of the file table's context menu (keys of ACTIONS)
FILE_CONTEXT_ACTIONS = ("edit", "print_sheet", "own_copy")


# the start's background work begins at the first paint, or this long after a shown window's start
FIRST_PAINT_FALLBACK_MS = 3000


class MainWindow(QMainWindow):
    """The window a clerk works in all day."""

    care: CareActions
    printing: PrintActions
    exchange: ExchangeActions

    def __init__(self, db: Database, *, today: dt.date, actor: str) -> None:
        super().__init__()
        self.db, self.today, self.actor = db, today, actor
        self.last_job: Job | None = None
        self.last_summary: dict[str, Any] | None = None
        self.signed_in: SignedIn | None = None
        self.user_label: QLabel | None = None
        self.setObjectName("MainWindow")
        self._units_below = False
        self._update_title()
        self.resize(1360, 840)

        self._detail_stale = False  # a change touched the file the detail pane shows
        self._db_total: int | None = None  # the files in the database, counted in the background
        self._painted = False  # the first page has been painted (after_first_paint)
        self._after_paint: list[Callable[[], Any]] = []
        self._background_started = False  # the start's background reads (due list, total, history check) begun
        self._total_generation = 0
        self._total_job: Job | None = None
        self.model = ft.FileTableModel(db, self)
        self.model.loadFailed.connect(lambda exc: show_error(self, exc))
        self.model.countChanged.connect(self.update_counts)
        # the handlers of the actions (ACTIONS names them)
        self.care = CareActions(self)
        self.printing = PrintActions(self)
        self.exchange = ExchangeActions(self)
        self._build_central()
        self._build_actions()
        self._build_status_bar()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self._stop_listening = listen(self, self.on_changed)
        self._dashboard_stale = True
        self.model.refresh()
        self._after_reload()
        # nothing that grows with the database before the first page is painted (issue 12)
        self._viewport: QWidget | None = self.table.viewport()
        self._viewport.installEventFilter(self)
        QTimer.singleShot(0, self, self._start_if_unseen)  # with the window as context: dropped if it is gone
        self.after_first_paint(self._start_background)
        # the file's context menu: what one does with the file under the mouse
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for key in FILE_CONTEXT_ACTIONS:
            if key in self.window_actions:
                self.table.addAction(self.window_actions[key])
        self.chain_job: Job | None = None
        self.chain_warning: QLabel | None = None
        self.chain_dialog: QMessageBox | None = None
        self.time_keeper = TimeKeeper(self)  # the catch-up at start (app.run_gui) and at midnight

    # --- after the first paint -----------------------------------------------------------------------------
    def after_first_paint(self, start: Callable[[], Any]) -> None:
        """Run `start` once the list has painted its first page (at the next turn of the event loop when it has;
        for a window that is not shown, at the first turn of the event loop)."""
        if self._painted:
            QTimer.singleShot(0, self, start)
        else:
            self._after_paint.append(start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if not self._painted and watched is self._viewport and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self.start_work_after_paint)  # once this paint is on the screen
        return False

    def _start_if_unseen(self) -> None:
        if not self.isVisible():  # built but not shown (tests, tools): no paint to wait for
            self.start_work_after_paint()
        else:  # shown: the paint starts the work; should it never come, start anyway
            QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self, self.start_work_after_paint)

    def start_work_after_paint(self) -> None:
        """Begin what the first paint begins (once: at that paint, its fallback, or now — a window about to close
        before it painted)."""
        if not self._painted:
            self._painted = True
            viewport, self._viewport = self._viewport, None
            if viewport is not None and shiboken6.isValid(viewport):
                viewport.removeEventFilter(self)
        work, self._after_paint = self._after_paint, []
        for start in work:
            start()

    def _start_background(self) -> None:
        """The start's reads that grow with the database, in background jobs: the due list, the total count,
        the history's hash chain."""
        self._background_started = True
        self.refresh_due()
        self.update_counts()
        self.check_audit_chain()

    # --- building ---------------------------------------------------------------------------------------
    def _update_title(self) -> None:
        home = get_home_union(self.db)
        title = self.tr("绿卡帮扶档案")
        self.setWindowTitle(f"{title} — {home.name}" if home else title)
        self._units_below = home is not None and home.level != E.UnionLevel.GRASSROOTS.value

    def _make_action(self, spec: ActionSpec, groups: dict[str, QActionGroup]) -> QAction:
        text = spec.text.translated()
        tip = spec.tip.translated() if spec.tip is not None else text
        act = QAction(text, self)
        act.setObjectName(f"action_{spec.key}")
        act.setStatusTip(tip)
        if spec.shortcut is not None:
            act.setShortcut(QKeySequence(spec.shortcut))
            native = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{text} ({native})")
        else:
            act.setToolTip(tip)
        if spec.permission is not None:
            act.setProperty(PERMISSION, spec.permission)
        if spec.checkable_group is not None:
            act.setCheckable(True)
            groups.setdefault(spec.checkable_group, QActionGroup(self)).addAction(act)
        act.triggered.connect(lambda _checked=False, spec=spec: spec.handler(self))
        self.addAction(act)  # shortcuts work with the menu closed
        return act

    def _build_actions(self) -> None:
        """Menus, toolbar and shortcuts, all from ACTIONS and MENUS."""
        groups: dict[str, QActionGroup] = {}
        self.window_actions: dict[str, QAction] = {
            spec.key: self._make_action(spec, groups) for spec in ACTIONS
        }
        self.specs: dict[str, ActionSpec] = {spec.key: spec for spec in ACTIONS}
        self.window_actions["lang_zh"].setChecked(current_lang() == "zh")
        self.window_actions["lang_en"].setChecked(current_lang() == "en")

        self.menus: dict[str, QMenu] = {}
        bar = self.menuBar()
        for menu in MENUS:
            parent_key, _sep, _child = menu.key.rpartition("/")
            title = menu.title.translated()
            self.menus[menu.key] = QMenu(title, self.menus[parent_key] if parent_key else bar)
            if not parent_key:
                bar.addMenu(self.menus[menu.key])
        placed: set[str] = set()
        for spec in ACTIONS:
            target = self.menus[spec.menu]
            # a submenu takes its place in its parent where its first action is listed
            parent_key, _sep, _child = spec.menu.rpartition("/")
            if parent_key and spec.menu not in placed:
                if spec.separator_before:
                    self.menus[parent_key].addSeparator()
                self.menus[parent_key].addMenu(target)
            elif spec.separator_before:
                target.addSeparator()
            placed.add(spec.menu)
            target.addAction(self.window_actions[spec.key])

        self.toolbar = QToolBar(self.tr("常用"), self)
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        last_menu: str | None = None
        for spec in ACTIONS:
            if not spec.toolbar:
                continue
            if last_menu is not None and spec.menu != last_menu:
                self.toolbar.addSeparator()
            self.toolbar.addAction(self.window_actions[spec.key])
            last_menu = spec.menu

        self.detail.bind_care_actions({key: self.window_actions[key] for key in CARE_BUTTONS})
        self.detail.bind_employment_actions({key: self.window_actions[key] for key in EMPLOYMENT_BUTTONS})
        # several files at once (assign, print cards, review): Ctrl/Shift-click in the list
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_enabled())
        self.update_enabled()

    def action(self, key: str) -> QAction:
        """The window's action built from the row `key` of ACTIONS."""
        return self.window_actions[key]

    # --- who may do what ------------------------------------------------------------------------------
    def may(self, permission: str | None) -> bool:
        """Without accounts (nobody signed in) everyone at this computer may do everything."""
        return permission is None or self.signed_in is None or self.signed_in.may(permission)

    def _needs_met(self, needs: Needs) -> bool:
        if needs is Needs.NOTHING:
            return True
        if needs is Needs.UNITS_BELOW:
            return self._units_below
        file_no = self.current_file_no()
        if file_no is None:
            return False
        if needs is Needs.OPEN_FILE:
            d = self.detail.detail
            return not (d is not None and d.file.file_no == file_no and d.file.status == E.FileStatus.CLOSED)
        return True

    def update_enabled(self) -> None:
        """Enable each action from its row of ACTIONS: the signed-in role, then what it needs."""
        for key, spec in self.specs.items():
            act = self.window_actions[key]
            allowed = self.may(spec.permission)
            act.setEnabled(allowed and self._needs_met(spec.needs))
            if spec.hide_if_forbidden:
                act.setVisible(allowed)
        self.menus["exchange/higher"].setEnabled(self._units_below)

    def apply_sign_in(self, signed: SignedIn | None) -> None:
        """After 登录: the user's name is the actor of every change; what the role may not do is disabled."""
        self.signed_in = signed
        if signed is not None:
            self.actor = signed.actor  # the user name carrying the role: services check it
            role = E.UserRole(signed.role).label_for(current_lang())
            self.user_label = QLabel(
                QCoreApplication.translate("CareActions", "当前用户：%1（%2）")
                .replace("%1", signed.display_name)
                .replace("%2", role)
            )
            self.user_label.setObjectName("userLabel")
            self.statusBar().addPermanentWidget(self.user_label)
        self.update_enabled()

    def _build_central(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("查找：姓名、拼音首字母（如 zjg）、身份证号或末几位、档案编号、工作单位")
        )
        self.status_filter = EnumCombo(E.FileStatus, blank=self.tr("全部状态"))
        self.category_filter = EnumCombo(E.Category, blank=self.tr("全部类别"))
        self.status_filter.currentIndexChanged.connect(lambda _i: self.apply_search())
        self.category_filter.currentIndexChanged.connect(lambda _i: self.apply_search())
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(QLabel(self.tr("状态")))
        bar.addWidget(self.status_filter)
        bar.addWidget(QLabel(self.tr("类别")))
        bar.addWidget(self.category_filter)

        self.table = QTableView()
        self.table.setObjectName("fileTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        self.empty_note = ft.EmptyListNote(self.table, self.tr("没有找到符合条件的档案"))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for col, width in (
            (ft.COL_FILE_NO, 128),
            (ft.COL_NAME, 64),
            (ft.COL_SEX, 40),
            (ft.COL_ID, 150),
            (ft.COL_EMPLOYER, 130),
            (ft.COL_STATUS, 76),
            (ft.COL_CATEGORY, 76),
            (ft.COL_INCOME, 90),
        ):
            header.resizeSection(col, max(width, header.sectionSizeHint(col)))
        # the labels of the enumerated columns are longer in English ("Being documented"): fit the longest
        metrics = self.table.fontMetrics()
        for col, enum in ((ft.COL_SEX, E.Sex), (ft.COL_STATUS, E.FileStatus), (ft.COL_CATEGORY, E.Category)):
            longest = max(metrics.horizontalAdvance(enum_label(enum, m.value)) for m in enum)
            header.resizeSection(col, max(header.sectionSize(col), longest + 16))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _i: self.edit_file())

        self.detail = DetailPane(self.db, today=self.today)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        ll.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 480])
        split.setChildrenCollapsible(False)
        files_page = QWidget()
        fl = QVBoxLayout(files_page)
        fl.setContentsMargins(8, 8, 8, 8)
        fl.addWidget(split)

        self.dashboard = Dashboard(self.db)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(files_page, self.tr("档案"))
        self.tabs.addTab(self.dashboard, self.tr("统计图表"))
        due_page = QWidget()
        dl = QVBoxLayout(due_page)
        self.due_table = QTableWidget(0, 6)
        self.due_table.setObjectName("dueTable")
        self.due_table.setHorizontalHeaderLabels(
            [
                self.tr("到期日"),
                self.tr("事项"),
                self.tr("档案编号"),
                self.tr("姓名"),
                self.tr("责任人"),
                self.tr("说明"),
            ]
        )
        self.due_table.verticalHeader().setVisible(False)
        self.due_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.due_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.due_table.horizontalHeader().setStretchLastSection(True)
        self.due_table.cellActivated.connect(self._due_activated)
        dl.addWidget(self.due_table)
        self.tabs.addTab(due_page, self.tr("待办"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

    def _build_status_bar(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().showMessage(self.tr("今天：%1").replace("%1", self.today.isoformat()))

    # --- searching and showing -------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def apply_search(self) -> None:
        self._search_timer.stop()
        current = self.current_file_no()
        self.model.set_filter(
            query=self.search.text(), status=self.status_filter.value(), category=self.category_filter.value()
        )
        self._after_reload(current)

    def _after_reload(self, keep: str | None = None) -> None:
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.select_row(row)
        else:
            self.detail.clear()
        self.update_counts()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        self._row_changed(index, QModelIndex())

    def select_file(self, file_no: str) -> bool:
        row = self.model.row_of(file_no)
        if row < 0:
            self.search.blockSignals(True)
            self.search.setText(file_no)
            self.search.blockSignals(False)
            self.status_filter.set_value(None)
            self.category_filter.set_value(None)
            self.apply_search()
            row = self.model.row_of(file_no)
        if row >= 0:
            self.tabs.setCurrentIndex(0)
            self.select_row(row)
            return True
        return False

    def current_file_no(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return index.data(ft.FILE_NO_ROLE) if index.isValid() else None

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the chosen file; the one already shown is loaded again only when a change touched it."""
        file_no = current.data(ft.FILE_NO_ROLE) if current.isValid() else None
        if file_no is None or file_no != self.detail.file_no or self._detail_stale:
            try:
                self.detail.show_file(file_no)
                self._detail_stale = False
            except (DomainError, StorageError) as exc:  # the file vanished, or the database is busy
                self.detail.clear()
                show_error(self, exc)
        self.update_enabled()

    def update_counts(self, _text: str | None = None) -> None:
        """The status bar's counts: nothing here waits for a count (the matches: an estimate first, the exact
        count when ready; the database's total: counted in the background once, again after files change)."""
        total = self._db_total
        if total is None and self._background_started:
            self._count_total()
        shown = self.model.count_text()
        self.count_label.setText(
            self.tr("找到 %1 份 ｜ 数据库共 %2 份档案")
            .replace("%1", str(shown))
            .replace("%2", str(total) if total is not None and total >= 0 else "…" if total is None else "?")
        )

    def _count_total(self) -> None:
        """Count the files in the background (a full count grows with the database: never before the first
        paint); an answer overtaken by a later change is dropped."""
        if self._total_job is not None:
            return
        generation = self._total_generation
        db = self.db
        job = Job(lambda _p: count_files(db), title="", parent=None, show_dialog=False, report_errors=False)
        job.setParent(self)

        def done(n: int) -> None:
            self._total_job = None
            if generation == self._total_generation:
                self._db_total = int(n)
                self.update_counts()

        def failed(_exc: object) -> None:
            self._total_job = None
            if generation == self._total_generation:
                self._db_total = -1
                self.update_counts()

        job.succeeded.connect(done)
        job.failed.connect(failed)
        self._total_job = job
        job.start()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard and self._dashboard_stale:
            self.refresh_dashboard()

    def refresh_dashboard(self) -> None:
        try:
            self.dashboard.refresh()
            self._dashboard_stale = False
        except StorageError as exc:
            show_error(self, exc)

    def refresh_due(self) -> Job:
        """待办: every duty due now or soon, read in the background (the first page never waits for it); the
        tab's title counts them (seen without opening the tab). An answer overtaken by a newer one is dropped."""
        self._due_generation = getattr(self, "_due_generation", 0) + 1
        generation = self._due_generation
        db, today = self.db, self.today
        job = Job(
            lambda _progress: due_items(db, as_of=today, limit_per_kind=DUE_LIMIT_PER_KIND),
            title="", parent=self, show_dialog=False, report_errors=False,
        )

        def shown(items: list[Any]) -> None:
            if generation == self._due_generation:
                self.show_due(items)

        def failed(exc: BaseException) -> None:
            if generation == self._due_generation:
                show_error(self, exc)

        job.succeeded.connect(shown)
        job.failed.connect(failed)
        self.due_job = job.start()
        return job

    def show_due(self, items: list[Any]) -> None:
        self.due_table.setRowCount(len(items))
        for r, item in enumerate(items):
            label = KIND_LABELS[item.kind][1] if current_lang() == "en" else item.label
            values = [
                item.due_on.isoformat(),
                label,
                item.file_no or "",
                item.name or "",
                item.person or "",
                item.text,
            ]
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                if item.overdue:
                    cell.setForeground(QColor("#a93226"))
                self.due_table.setItem(r, c, cell)
        self.tabs.setTabText(DUE_TAB, self.tr("待办（%1）").replace("%1", str(len(items))))
        self.due_table.resizeColumnsToContents()

    def _due_activated(self, row: int, _col: int) -> None:
        item = self.due_table.item(row, 2)
        if item is not None and item.text():
            self.select_file(item.text())

    def on_changed(self, changes: Changes) -> None:
        """Something was written: refresh what the change set touched, keeping the selected file."""
        if changes.unions:
            self._update_title()
        if self.detail.touched_by(changes):
            self._detail_stale = True
        if changes.files:
            self._db_total, self._total_generation, self._total_job = None, self._total_generation + 1, None
        if changes.files or changes.pairing:
            keep = self.current_file_no()
            self.model.refresh()
            self._after_reload(keep)  # the detail pane loads its file again only when stale
        elif self._detail_stale:
            self._row_changed(self.table.selectionModel().currentIndex(), QModelIndex())
        if changes.files or changes.standards or changes.care:
            self._dashboard_stale = True
            if self.tabs.currentWidget() is self.dashboard:
                self.refresh_dashboard()
        if changes.files or changes.care or changes.pairing or changes.standards:
            self.refresh_due()
        self.update_enabled()

    def start_time_keeping(self) -> Job:
        """Catch the lifecycle up to today in the background now, and again at every midnight while open."""
        return self.time_keeper.start()

    def set_today(self, day: dt.date) -> None:
        """A new day (midnight while open): what is due and what the pane shows are judged on it."""
        self.today = day
        self.detail.set_today(day)
        self.statusBar().showMessage(self.tr("今天：%1").replace("%1", day.isoformat()))
        self.refresh_due()

    def refresh_all(self) -> None:
        """F5: everything the window shows, read again."""
        self.on_changed(Changes(files=True, care=True, pairing=True, standards=True, unions=True))

    # --- actions --------------------------------------------------------------------------------------------
    def open_file_dialog(self, file_no: str | None = None) -> FileDialog:
        """The form, opened window-modal (tests use the returned dialog directly)."""
        dlg = FileDialog(self.db, today=self.today, actor=self.actor, file_no=file_no, parent=self)
        dlg.accepted.connect(lambda: dlg.file_no and self.select_file(dlg.file_no))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def new_file(self) -> FileDialog | None:
        if not self.window_actions["new"].isEnabled():  # the signed-in role may not edit files
            return None
        return self.open_file_dialog(None)

    def edit_file(self) -> FileDialog | None:
        file_no = self.current_file_no()
        if file_no is None or not self.window_actions["edit"].isEnabled():
            return None
        try:
            return self.open_file_dialog(file_no)
        except (DomainError, StorageError) as exc:  # the file vanished, or the database is busy
            show_error(self, exc)
            return None

    def edit_standards(self) -> None:
        dlg = StandardsDialog(self.db, today=self.today, actor=self.actor, parent=self)
        if dlg.exec() and dlg.saved is not None:
            self.reevaluate_all(
                title=self.tr("已设定 %1 起的新标准，正在重新评定全部档案……").replace(
                    "%1", dlg.saved.effective_on.isoformat()
                )
            )

    def reevaluate_all(self, _checked: bool = False, *, title: str | None = None) -> Job:
        db, today, actor = self.db, self.today, self.actor
        job = run_job(
            lambda progress: lifecycle.reevaluate_all(db, as_of=today, actor=actor, progress=progress),
            title=title or self.tr("正在按现行标准重新评定全部档案……"),
            parent=self,
            changed=Changes.of_files(),
            on_success=lambda summary: self.show_summary(self.tr("重新评定完成"), summary),
        )
        self.last_job = job
        return job

    def make_demo_data(self, _checked: bool = False, *, files: int | None = None) -> Job | None:
        if files is None:
            files, ok = QInputDialog.getInt(
                self, self.tr("生成演示数据"), self.tr("生成多少户演示档案？"), 500, 1, 1_000_000, 100
            )
            if not ok:
                return None
        return self.start_demo_job(files)

    def edit_union(self) -> UnionDialog | None:
        """设置 → 本工会 (window-modal; tests use the returned dialog directly)."""
        try:
            dlg = UnionDialog(self.db, actor=self.actor, parent=self)
        except (DomainError, StorageError) as exc:
            show_error(self, exc)
            return None
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def remove_demo_data(self, _checked: bool = False, *, confirm: bool = True) -> Job | None:
        """Delete every demo household and its records in one transaction, after asking."""
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("删除演示数据"),
                self.tr("删除全部演示档案及其家庭成员、走访、帮扶和历史记录？正式档案不受影响。"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        db, actor = self.db, self.actor
        job = run_job(
            lambda _progress: remove_demo(db, actor=actor),
            title=self.tr("正在删除演示数据……"),
            parent=self,
            on_success=lambda removed: self.statusBar().showMessage(
                self.tr("已删除演示档案 %1 份").replace("%1", str(removed.files)), 8000
            ),
        )
        self.last_job = job
        return job

    def start_demo_job(self, files: int) -> Job:
        db, today, actor = self.db, self.today, self.actor
        seed = random.randrange(1, 2**31)
        job = run_job(
            lambda progress: build_demo(
                db, files=files, seed=seed, as_of=today, actor=actor, progress=progress
            ),
            title=self.tr("正在生成 %1 户演示档案……").replace("%1", str(files)),
            parent=self,
            cancellable=True,
            changed=EVERYTHING,  # files, their care and pairing, cadres, maybe the standards
            on_success=lambda counts: self.statusBar().showMessage(
                self.tr("已生成演示档案 %1 份").replace("%1", str(counts.files)), 8000
            ),
        )
        job.cancelled.connect(self._demo_cancelled)
        self.last_job = job
        return job

    def _demo_cancelled(self) -> None:
        """Cancelled while the households were written: nothing is in. While they were evaluated: they are in (and
        shown, the job said so), and the next start completes their evaluation (services/pending.py)."""
        try:
            written = pending_reevaluation(self.db, kinds=("demo",))  # its marker stays until they are evaluated
        except StorageError:
            written = False
        text = (self.tr("已取消生成演示数据。已写入的演示档案尚未全部评定，下次启动时自动完成；"
                        "可用“删除演示数据”一次删除。") if written
                else self.tr("已取消生成演示数据，没有写入任何档案。"))
        self.statusBar().showMessage(text, 15000)

    #: the re-evaluation's counts of files, in words (the transitions are event kinds, labelled by the enum)
    SUMMARY_LABELS: ClassVar[dict[str, Text]] = {
        "evaluated": QT_TRANSLATE_NOOP("MainWindow", "评定档案"),
        "changed": QT_TRANSLATE_NOOP("MainWindow", "有变化"),
        "unchanged": QT_TRANSLATE_NOOP("MainWindow", "无变化"),
        "raced": QT_TRANSLATE_NOOP("MainWindow", "评定时被他人修改、已重新评定"),
        "other": QT_TRANSLATE_NOOP("MainWindow", "其他变化（类别、人均收入或待办日期）"),
    }

    def summary_lines(self, summary: Mapping[str, Any]) -> list[tuple[str, int]]:
        """(label, count) in order: files evaluated, changed (and what became of them, adding up), unchanged."""
        lang = current_lang()
        counts = {k: int(v) for k, v in summary.items() if isinstance(v, int)}

        def label(key: str) -> str:
            if key in self.SUMMARY_LABELS:
                return self.SUMMARY_LABELS[key].translated()
            try:
                return E.EventKind(key).label_for(lang)
            except ValueError:
                return key

        totals = ("evaluated", "changed", "unchanged", "raced")
        kinds = [(k, v) for k, v in counts.items() if k not in totals and v]
        listed = sum(v for _, v in kinds)
        other = counts.get("changed", 0) - listed
        if other > 0:
            kinds.append(("other", other))
        lines = [(label(k), counts[k]) for k in ("evaluated", "changed") if k in counts]
        lines += [("    " + label(k), v) for k, v in kinds]
        lines += [(label(k), counts[k]) for k in ("unchanged", "raced") if counts.get(k)]
        return lines

    def summary_text(self, summary: Mapping[str, Any]) -> str:
        if not summary:
            return self.tr("没有档案的类别或状态发生变化。")
        sep = "：" if current_lang() == "zh" else ": "
        return "\n".join(f"{name}{sep}{value}" for name, value in self.summary_lines(summary))

    def show_summary(self, title: str, summary: dict[str, Any]) -> None:
        self.last_summary = summary
        box = QMessageBox(
            QMessageBox.Icon.Information,
            title,
            self.summary_text(summary or {}),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def switch_language(self, lang: str) -> None:
        save_lang(lang)
        QMessageBox.information(
            self,
            self.tr("界面语言"),
            self.tr("界面语言已更改，重新启动程序后生效。")
            + "\n"
            + "The interface language changes after a restart.",
        )

    def about(self) -> None:
        from assist_desktop import __version__

        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr("绿卡帮扶档案 %1\n困难职工帮扶档案管理（基层工会及各级工会使用）。\n数据库：%2")
            .replace("%1", __version__)
            .replace("%2", self.db.url),
        )

    # --- the history's hash chain, checked at start ----------------------------------------------------------
    def check_audit_chain(self) -> Job:
        """Check the audit chain in the background: what was written since the last start's check (the whole
        chain the first time on this computer; `verify` checks everything, the records too). Quiet when it is
        intact (the last entry found intact is kept in the settings), a status-bar warning and a dialog naming
        the first broken entry when it is not."""
        db, since = self.db, self._chain_mark()
        job = Job(lambda _progress: check_chain(db, since=since), title=self.tr("正在检查历史记录……"), parent=self,
                  show_dialog=False, report_errors=False)
        job.succeeded.connect(self._chain_checked)
        self.chain_job = job
        return job.start()

    def _chain_key(self) -> str:
        import hashlib

        return "chain/" + hashlib.sha256(self.db.url.encode("utf-8")).hexdigest()[:24]

    def _chain_mark(self) -> ChainMark | None:
        value = str(QSettings().value(self._chain_key(), "") or "")
        audit_id, _sep, row_hash = value.partition(":")
        return ChainMark(int(audit_id), row_hash) if audit_id.isdigit() and row_hash else None

    def _chain_checked(self, report: ChainCheck) -> None:
        broken = report.problem
        if broken is None:
            if report.last is not None:
                QSettings().setValue(self._chain_key(), f"{report.last.audit_id}:{report.last.row_hash}")
            return
        text = self.tr("历史记录的校验链断了：%1。可能有人在程序以外改动或删除了历史记录；请运行“verify”核查，"
                       "并从备份中找回数据库。").replace("%1", broken.message)
        label = QLabel(self.tr("⚠ 历史记录校验未通过（第 %1 条）").replace("%1", str(broken.audit_id)))
        label.setObjectName("chainWarning")
        label.setStyleSheet("color: #b00020; font-weight: bold;")
        label.setToolTip(text)
        self.statusBar().addPermanentWidget(label)
        self.chain_warning = label
        dialog = QMessageBox(QMessageBox.Icon.Warning, self.tr("历史记录校验未通过"), text,
                             QMessageBox.StandardButton.Ok, self)
        dialog.setObjectName("chainDialog")
        dialog.open()
        self.chain_dialog = dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        wait_for_jobs()
        super().closeEvent(event)
        if event.isAccepted():
            self._stop_listening()  # a closed window refreshes nothing (its database may be gone)
