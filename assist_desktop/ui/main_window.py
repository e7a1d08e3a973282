"""The main window: search, filters, the file list, the detail pane, the dashboard and the actions."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
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
    QVBoxLayout,
    QWidget,
)

from assist_desktop.db.engine import Database
from assist_desktop.domain import enums as E
from assist_desktop.services import lifecycle
from assist_desktop.services.demo import build_demo
from assist_desktop.services.files import count_files
from assist_desktop.services.unions import get_home_union
from assist_desktop.ui import file_table as ft
from assist_desktop.ui.care_actions import install_care_actions
from assist_desktop.ui.dashboard import Dashboard
from assist_desktop.ui.detail_pane import DetailPane
from assist_desktop.ui.exchange_actions import install_exchange_actions
from assist_desktop.ui.file_dialog import FileDialog
from assist_desktop.ui.i18n import current_lang, enum_label, save_lang
from assist_desktop.ui.jobs import Job, run_job, show_error, wait_for_jobs
from assist_desktop.ui.print_actions import install_print_actions
from assist_desktop.ui.signals import FILES, listen
from assist_desktop.ui.standards_dialog import StandardsDialog
from assist_desktop.ui.widgets import EnumCombo

SEARCH_DELAY_MS = 200
DUE_LIMIT_PER_KIND = 500


def _due_label_en(kind: str) -> str | None:
    try:
        from assist_desktop.services.due import KIND_LABELS
    except ImportError:
        return None
    return KIND_LABELS.get(kind, (None, None))[1]


def due_service() -> Any | None:
    """`services.due.due_items` when the lifecycle work has installed it, else None."""
    try:
        from assist_desktop.services.due import due_items
    except ImportError:
        return None
    return due_items


class MainWindow(QMainWindow):
    """The window a clerk works in all day."""

    def __init__(self, db: Database, *, today: dt.date, actor: str) -> None:
        super().__init__()
        self.db, self.today, self.actor = db, today, actor
        self.last_job: Job | None = None
        self.last_summary: dict[str, Any] | None = None
        self.setObjectName("MainWindow")
        home = get_home_union(db)
        title = self.tr("绿卡帮扶档案")
        self.setWindowTitle(f"{title} — {home.name}" if home else title)
        self.resize(1360, 840)

        self.model = ft.FileTableModel(db, self)
        self.model.loadFailed.connect(lambda exc: show_error(self, exc))
        self._build_actions()
        self._build_central()
        self._build_menus()
        self._build_status_bar()
        install_print_actions(self)  # 打印 menu and toolbar buttons
        install_exchange_actions(self)  # 数据交换 menu
        install_care_actions(self)
        self._order_menus()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        listen(self, self.on_changed)
        self._dashboard_stale = True
        self.model.refresh()
        self._after_reload()
        if self.due_table is not None:
            QTimer.singleShot(0, self.refresh_due)

    # --- building ---------------------------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        act.setStatusTip(tip or text)
        act.setToolTip(
            f"{text} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            if shortcut is not None
            else text
        )
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.act_new = self._action(
            self.tr("新建档案"), self.new_file, QKeySequence("Ctrl+N"), self.tr("为新发现的困难职工建立档案")
        )
        self.act_edit = self._action(
            self.tr("修改档案"), self.edit_file, QKeySequence("Ctrl+E"), self.tr("修改选中的档案")
        )
        self.act_find = self._action(
            self.tr("查找"),
            self.focus_search,
            QKeySequence("Ctrl+F"),
            self.tr("按姓名、拼音首字母、身份证号、档案编号或单位查找"),
        )
        self.act_refresh = self._action(self.tr("刷新"), self.refresh_all, QKeySequence("F5"))
        self.act_standards = self._action(
            self.tr("低保标准…"),
            self.edit_standards,
            None,
            self.tr("设定新的低保标准和最低工资，并重新评定全部档案"),
        )
        self.act_reevaluate = self._action(
            self.tr("重新评定全部档案"), self.reevaluate_all, None, self.tr("按现行标准重新评定全部档案")
        )
        self.act_demo = self._action(self.tr("生成演示数据…"), self.make_demo_data)
        self.act_quit = self._action(self.tr("退出"), self.close, QKeySequence("Ctrl+Q"))
        self.act_about = self._action(self.tr("关于"), self.about)
        self.act_zh = QAction("中文", self, checkable=True)
        self.act_en = QAction("English", self, checkable=True)
        group = QActionGroup(self)
        for act, lang in ((self.act_zh, "zh"), (self.act_en, "en")):
            group.addAction(act)
            act.setChecked(current_lang() == lang)
            act.triggered.connect(lambda _c=False, lang=lang: self.switch_language(lang))

    def _order_menus(self) -> None:
        """The modules add their menus as they install; put them in the order of a clerk's day:
        档案 帮扶 包保 评定 打印 数据交换 设置 帮助 (others go just before 帮助)."""
        printing, exchange = getattr(self, "printing", None), getattr(self, "exchange", None)
        care = getattr(self, "care", None)
        anchors = [
            self.act_new,
            getattr(care, "act_assistance", None),
            getattr(care, "act_assign", None),
            self.act_reevaluate,
            getattr(printing, "act_cards", None),
            getattr(exchange, "act_export", None),
            self.act_demo,
            self.act_about,
        ]
        bar = self.menuBar()
        menus = []
        for act in anchors:
            menu = next((o for o in act.associatedObjects() if isinstance(o, QMenu)), None) if act else None
            if menu is not None and menu.menuAction() in bar.actions() and menu not in menus:
                menus.append(menu)
        ordered = [m.menuAction() for m in menus]
        rest = [a for a in bar.actions() if a not in ordered]
        last = ordered[-1:] if menus and self.act_about in menus[-1].actions() else []
        for a in [x for x in ordered if x not in last] + rest + last:
            bar.removeAction(a)
            bar.addAction(a)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(self.tr("档案(&F)"))
        m.addActions([self.act_new, self.act_edit])
        m.addSeparator()
        m.addAction(self.act_find)
        m.addAction(self.act_refresh)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = bar.addMenu(self.tr("评定(&R)"))
        m.addActions([self.act_standards, self.act_reevaluate])
        m = bar.addMenu(self.tr("设置(&S)"))
        lang = m.addMenu(self.tr("界面语言"))
        lang.addActions([self.act_zh, self.act_en])
        m.addSeparator()
        m.addAction(self.act_demo)
        m = bar.addMenu(self.tr("帮助(&H)"))
        m.addAction(self.act_about)

        tb = self.addToolBar(self.tr("常用"))
        tb.setObjectName("mainToolBar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addActions([self.act_new, self.act_edit])
        tb.addSeparator()
        tb.addActions([self.act_standards, self.act_reevaluate, self.act_refresh])

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
        self.due_table: QTableWidget | None = None
        self.due_notice: QLabel | None = None
        due_page = QWidget()
        dl = QVBoxLayout(due_page)
        if due_service() is not None:
            self.due_table = QTableWidget(0, 6)
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
        else:
            self.due_notice = QLabel(
                self.tr("待办提醒（走访、复核、公示到期等）需要生命周期模块，尚未安装。")
            )
            self.due_notice.setObjectName("muted")
            dl.addWidget(self.due_notice, 0, Qt.AlignmentFlag.AlignTop)
        self._due_stale = True
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
        file_no = current.data(ft.FILE_NO_ROLE) if current.isValid() else None
        try:
            self.detail.show_file(file_no)
        except Exception as exc:
            self.detail.clear()
            show_error(self, exc)
        self.act_edit.setEnabled(file_no is not None)

    def update_counts(self) -> None:
        try:
            total = count_files(self.db)
        except Exception:
            total = -1
        shown = self.model.total()
        self.count_label.setText(
            self.tr("找到 %1 份 ｜ 数据库共 %2 份档案")
            .replace("%1", str(shown))
            .replace("%2", str(total) if total >= 0 else "?")
        )

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard and self._dashboard_stale:
            self.refresh_dashboard()
        if index == 2 and self._due_stale:
            self.refresh_due()

    def refresh_dashboard(self) -> None:
        try:
            self.dashboard.refresh()
            self._dashboard_stale = False
        except Exception as exc:
            show_error(self, exc)

    def refresh_due(self) -> None:
        due = due_service()
        if due is None or self.due_table is None:
            return
        try:
            try:
                items = due(self.db, as_of=self.today, limit_per_kind=DUE_LIMIT_PER_KIND)
            except TypeError:
                items = due(self.db, as_of=self.today)
        except Exception as exc:
            show_error(self, exc)
            return
        self._due_stale = False
        self.due_table.setRowCount(len(items))
        for r, item in enumerate(items):
            kind = str(getattr(item, "kind", ""))
            when = getattr(item, "due_on", None) or getattr(item, "due", None)
            label = getattr(item, "label", None) or kind
            if current_lang() == "en":
                label = _due_label_en(kind) or label
            values = [
                when.isoformat() if when else "",
                str(label),
                str(getattr(item, "file_no", "") or ""),
                str(getattr(item, "name", "") or ""),
                str(getattr(item, "person", "") or ""),
                str(getattr(item, "text", "")),
            ]
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                if getattr(item, "overdue", False):
                    cell.setForeground(QColor("#a93226"))
                self.due_table.setItem(r, c, cell)
        self.tabs.setTabText(2, self.tr("待办（%1）").replace("%1", str(len(items))))
        self.due_table.resizeColumnsToContents()

    def _due_activated(self, row: int, _col: int) -> None:
        if self.due_table is None:
            return
        item = self.due_table.item(row, 2)
        if item is not None and item.text():
            self.select_file(item.text())

    def on_changed(self, what: str) -> None:
        """Something was written: reload the list (keeping the selected file), the detail and the charts."""
        keep = self.current_file_no()
        self.model.refresh()
        self._after_reload(keep)
        self._dashboard_stale = True
        self._due_stale = True
        if self.tabs.currentWidget() is self.dashboard:
            self.refresh_dashboard()
        if self.tabs.currentIndex() == 2:
            self.refresh_due()

    def refresh_all(self) -> None:
        self.on_changed(FILES)

    # --- actions --------------------------------------------------------------------------------------------
    def open_file_dialog(self, file_no: str | None = None) -> FileDialog:
        """The form, opened window-modal (tests use the returned dialog directly)."""
        dlg = FileDialog(self.db, today=self.today, actor=self.actor, file_no=file_no, parent=self)
        dlg.accepted.connect(lambda: dlg.file_no and self.select_file(dlg.file_no))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def new_file(self) -> FileDialog | None:
        if not self.act_new.isEnabled():  # the signed-in role may not edit files
            return None
        return self.open_file_dialog(None)

    def edit_file(self) -> FileDialog | None:
        file_no = self.current_file_no()
        if file_no is None or not self.act_edit.isEnabled():
            return None
        try:
            return self.open_file_dialog(file_no)
        except Exception as exc:
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
            changed=FILES,
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
            changed=FILES,
            on_success=lambda counts: self.statusBar().showMessage(
                self.tr("已生成演示档案 %1 份").replace("%1", str(counts.files)), 8000
            ),
        )
        self.last_job = job
        return job

    def summary_text(self, summary: dict[str, Any]) -> str:
        if not summary:
            return self.tr("没有档案的类别或状态发生变化。")
        lines = []
        for key, value in summary.items():
            label = key
            for enum in (E.EventKind, E.FileStatus, E.Category):
                try:
                    label = enum(key).label_for(current_lang())
                    break
                except ValueError:
                    continue
            lines.append(f"{label}：{value}" if current_lang() == "zh" else f"{label}: {value}")
        return "\n".join(lines)

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        wait_for_jobs()
        super().closeEvent(event)
