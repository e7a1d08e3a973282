"""The file list: a table model over `services.search.search_files`, paged lazily (200 rows a page)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QLabel

from assist_desktop.db.engine import Database, StorageError
from assist_desktop.domain.enums import Category, FileStatus, ReviewState, Sex
from assist_desktop.domain.validation import format_fen, mask_id_number
from assist_desktop.services.search import FileRow, count_matches, estimate_count, search_files
from assist_desktop.ui.i18n import enum_label

Index = QModelIndex | QPersistentModelIndex

(
    COL_FILE_NO,
    COL_NAME,
    COL_SEX,
    COL_ID,
    COL_EMPLOYER,
    COL_STATUS,
    COL_CATEGORY,
    COL_INCOME,
    COL_RESPONSIBLE,
    COL_REVIEW,
) = range(10)
COLUMN_COUNT = 10

#: the file number of the row (for actions on the selected file)
FILE_NO_ROLE = Qt.ItemDataRole.UserRole + 1
#: the FileRow itself
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
#: the machine name behind a label (status, category, sex) or the raw number (income in fen)
RAW_ROLE = Qt.ItemDataRole.UserRole + 3

_STATUS_COLORS = {
    FileStatus.FOUND.value: "#8a6d00",
    FileStatus.INELIGIBLE.value: "#7a7a7a",
    FileStatus.REGISTERED.value: "#1f5f99",
    FileStatus.WATCH.value: "#2e7d32",
    FileStatus.EXIT_NOTICE.value: "#6a1b9a",
    FileStatus.CLOSED.value: "#9e9e9e",
}


class FileTableModel(QAbstractTableModel):
    """Rows of `FileRow`; a new search resets the model and loads the first page only."""

    PAGE = 200
    ESTIMATE_CAP = 1000  # matches counted at once up to this; beyond it ">1000" until the exact count is in
    loadFailed = Signal(object)
    #: the count text changed (the estimate replaced by the exact count from the background)
    countChanged = Signal(str)

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._rows: list[FileRow] = []
        self._query = ""
        self._status: str | None = None
        self._category: str | None = None
        self._exhausted = True
        self._total: int | None = None
        self._generation = 0  # a new search makes a running count's answer stale
        self._count_text = ""
        self.count_job: Any = None  # the background exact count (ui.jobs.Job), for tests

    # --- filtering -----------------------------------------------------------------------------
    def headers(self) -> list[str]:
        return [
            self.tr("档案编号"),
            self.tr("姓名"),
            self.tr("性别"),
            self.tr("身份证号"),
            self.tr("工作单位"),
            self.tr("状态"),
            self.tr("困难类别"),
            self.tr("人均月收入"),
            self.tr("责任人"),
            self.tr("上报审核"),
        ]

    def set_filter(
        self,
        *,
        query: str | None = None,
        status: str | None | bool = False,
        category: str | None | bool = False,
    ) -> None:
        """Change the search (False = keep that part) and reload from the first page."""
        if query is not None:
            self._query = query
        if status is not False:
            self._status = status or None  # type: ignore[assignment]
        if category is not False:
            self._category = category or None  # type: ignore[assignment]
        self.refresh()

    @property
    def query(self) -> str:
        return self._query

    def refresh(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._count_text = ""
        self._rows = []
        self._total = None
        self._exhausted = False
        try:
            self._load_page()
        finally:
            self.endResetModel()

    def _load_page(self) -> list[FileRow]:
        try:
            page = search_files(
                self._db,
                query=self._query,
                status=self._status,
                category=self._category,
                offset=len(self._rows),
                limit=self.PAGE,
            )
        except StorageError as exc:  # a locked or vanished database: say so, keep what is shown
            self._exhausted = True
            self.loadFailed.emit(exc)
            return []
        if len(page) < self.PAGE:
            self._exhausted = True
        self._rows.extend(page)
        return page

    def total(self) -> int:
        """How many files match (all pages)."""
        if self._total is None:
            if self._exhausted:
                self._total = len(self._rows)
            else:
                try:
                    self._total = count_matches(
                        self._db, query=self._query, status=self._status, category=self._category
                    )
                except StorageError as exc:
                    self.loadFailed.emit(exc)
                    return len(self._rows)
        return self._total

    def count_text(self) -> str:
        """The number of matches without waiting: exact when the pages are all here or the estimate is exact,
        else the estimate (">1000") at once and the exact count from a background job (`countChanged`)."""
        if self._count_text:
            return self._count_text
        if self._total is not None or self._exhausted:
            self._count_text = str(self.total())
            return self._count_text
        try:
            estimate = estimate_count(self._db, query=self._query, status=self._status, category=self._category,
                                      cap=self.ESTIMATE_CAP, known=len(self._rows))
        except StorageError as exc:
            self.loadFailed.emit(exc)
            return str(len(self._rows))
        if estimate.exact:
            self._total = estimate.value
            self._count_text = str(estimate.value)
            return self._count_text
        self._count_text = estimate.label
        self._count_exactly(self._generation)
        return self._count_text

    def _count_exactly(self, generation: int) -> None:
        from assist_desktop.ui.jobs import Job

        db, query, status, category = self._db, self._query, self._status, self._category
        job = Job(lambda _p: count_matches(db, query=query, status=status, category=category),
                  title="", parent=None, show_dialog=False, report_errors=False)
        job.setParent(self)

        def done(n: int) -> None:
            if generation == self._generation:  # the search is still the one counted
                self._total = int(n)
                self._count_text = str(n)
                self.countChanged.emit(self._count_text)

        job.succeeded.connect(done)
        self.count_job = job.start()

    # --- lazy paging -----------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        start = len(self._rows)
        try:
            page = search_files(
                self._db,
                query=self._query,
                status=self._status,
                category=self._category,
                offset=start,
                limit=self.PAGE,
            )
        except StorageError as exc:
            self._exhausted = True
            self.loadFailed.emit(exc)
            return
        if len(page) < self.PAGE:
            self._exhausted = True
        if page:
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    # --- the model -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.TextAlignmentRole
            and section == COL_INCOME
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_at(self, row: int) -> FileRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, file_no: str) -> int:
        """The row showing a file number among the loaded rows, or -1."""
        for i, r in enumerate(self._rows):
            if r.file_no == file_no:
                return i
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == FILE_NO_ROLE:
            return r.file_no
        if role == ROW_ROLE:
            return r
        if role == RAW_ROLE:
            return {
                COL_STATUS: r.status,
                COL_CATEGORY: r.category,
                COL_SEX: r.sex,
                COL_INCOME: r.per_capita_monthly_fen,
                COL_ID: r.id_number,
                COL_REVIEW: r.review_state,
            }.get(col, self._display(r, col))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_INCOME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            return QBrush(QColor(_STATUS_COLORS.get(r.status, "#333333")))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ID:
            return self.tr("身份证号已隐去中间部分；完整号码见档案详情")
        return None

    def _display(self, r: FileRow, col: int) -> str:
        if col == COL_FILE_NO:
            return r.file_no
        if col == COL_NAME:
            return r.name
        if col == COL_SEX:
            return enum_label(Sex, r.sex)
        if col == COL_ID:
            return mask_id_number(r.id_number)
        if col == COL_EMPLOYER:
            return r.employer or ""
        if col == COL_STATUS:
            return enum_label(FileStatus, r.status)
        if col == COL_CATEGORY:
            return enum_label(Category, r.category)
        if col == COL_INCOME:
            return (
                format_fen(r.per_capita_monthly_fen, unit=False)
                if r.per_capita_monthly_fen is not None
                else ""
            )
        if col == COL_RESPONSIBLE:
            return r.responsible or ""
        if col == COL_REVIEW:
            return enum_label(ReviewState, r.review_state)
        return ""


class EmptyListNote(QObject):
    """The words "没有找到符合条件的档案" in the list area while a search finds nothing."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self._view = view
        self.label = QLabel(text, view.viewport())
        self.label.setObjectName("emptyListNote")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color:#6b6b6b; font-size:15px; background:transparent")
        self.label.hide()
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        self.update()

    def update(self, *_args: object) -> None:
        model = self._view.model()
        self.label.setVisible(model is not None and model.rowCount() == 0)
        self._place()

    def _place(self) -> None:
        area = self._view.viewport().rect()
        self.label.setGeometry(area.adjusted(16, 16, -16, -16))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
