"""The 五清 tab says which of the five clears are missing and what is missing."""

from __future__ import annotations

from assist_desktop.services.files import create_file
from assist_desktop.ui.detail_pane import DetailPane
from tests.conftest import TODAY, complete_file_data


def test_five_clear_tab_shows_what_is_missing(qtbot, db) -> None:
    created = create_file(db, data=complete_file_data(skills="", last_visit_date=""), as_of=TODAY, actor="t")
    pane = DetailPane(db, today=TODAY)
    qtbot.addWidget(pane)
    pane.show_file(created.file.file_no)
    text = pane.five_clear_view.toPlainText()
    assert "✗" in text
    assert "技术特长清" in text and "缺少技术特长" in text
    assert "缺少入户走访日期" in text
    assert "五清不全" in text


def test_five_clear_tab_all_clear(qtbot, db) -> None:
    created = create_file(db, data=complete_file_data(), as_of=TODAY, actor="t")
    pane = DetailPane(db, today=TODAY)
    qtbot.addWidget(pane)
    pane.show_file(created.file.file_no)
    text = pane.five_clear_view.toPlainText()
    assert "五清齐全" in text
    assert "✗" not in text
    overview = pane.overview.toPlainText()
    assert "张建国" in overview and "低保标准" in overview and "720.00" in overview
