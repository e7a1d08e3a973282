"""Alt-key accelerators: no two entries at one level (the menu bar, one menu, one window) share a letter,
in Chinese and in English; and the English translation keeps each source's placeholders and accelerator."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget

from assist_desktop.ui import i18n
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def accelerator(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand, '&nbsp;' rich text), upper-cased, or None."""
    m = re.search(r"&(\w)", re.sub(r"&\w+;", "", text.replace("&&", "")))
    return m.group(1).upper() if m else None


def duplicates(texts: list[str]) -> dict[str, list[str]]:
    keys = [(accelerator(t), t) for t in texts]
    counts = Counter(k for k, _t in keys if k)
    return {k: [t for kk, t in keys if kk == k] for k, n in counts.items() if n > 1}


def menus_of(menu: QMenu, path: str) -> Iterator[tuple[str, QMenu]]:
    yield path, menu
    for act in menu.actions():
        sub = act.menu()
        if isinstance(sub, QMenu):
            yield from menus_of(sub, f"{path} › {act.text()}")


def test_accelerator_parsing() -> None:
    assert accelerator("包保(&B)") == "B" and accelerator("Pa&iring") == "I"
    assert accelerator("Save && close") is None and accelerator("新建档案") is None
    assert accelerator("a&nbsp;b") is None
    assert duplicates(["&File", "&Fix", "&Help"]) == {"F": ["&File", "&Fix"]}


@pytest.fixture(params=["zh", "en"])
def lang_window(request, qtbot, qapp, demo_db) -> Iterator[QWidget]:
    from assist_desktop.ui.jobs import wait_for_jobs
    from assist_desktop.ui.main_window import MainWindow

    i18n.install_translations(qapp, request.param)
    try:
        w = MainWindow(demo_db, today=TODAY, actor="tester")
        qtbot.addWidget(w)
        yield w
        wait_for_jobs()
    finally:
        i18n.install_translations(qapp, "zh")


def test_menu_bar_and_each_menu_have_distinct_accelerators(lang_window) -> None:
    w = lang_window
    bar_texts = [a.text() for a in w.menuBar().actions() if a.isVisible()]
    # every top-level menu can be opened from the keyboard
    assert all(accelerator(t) for t in bar_texts), bar_texts
    # the window's own buttons answer Alt+letter too: they share the menu bar's level
    buttons = [b.text() for b in w.findChildren(QAbstractButton) if b.window() is w and accelerator(b.text())]
    assert duplicates(bar_texts + buttons) == {}
    for act in w.menuBar().actions():
        if isinstance(act.menu(), QMenu):
            for path, menu in menus_of(act.menu(), act.text()):
                texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()]
                assert duplicates(texts) == {}, path


def test_pairing_and_print_menus_no_longer_share_alt_p(lang_window) -> None:
    texts = [a.text() for a in lang_window.menuBar().actions()]
    expected = {"zh": ("包保(&B)", "打印(&P)"), "en": ("Pa&iring", "&Print")}[i18n.current_lang()]
    assert set(expected) <= set(texts)


def test_translations_keep_placeholders_and_accelerators() -> None:
    import xml.etree.ElementTree as ET

    from assist_desktop.resources import resource

    tree = ET.parse(resource("translations", "assist_desktop_en.ts"))
    wrong = []
    for m in tree.getroot().iter("message"):
        src, tr = m.findtext("source") or "", m.findtext("translation") or ""
        for pattern in (r"%\d", r"\{\w*\}"):
            if sorted(re.findall(pattern, src)) != sorted(re.findall(pattern, tr)):
                wrong.append((src, tr))
        if bool(accelerator(src)) != bool(accelerator(tr)):
            wrong.append((src, tr))
    assert wrong == []


def test_every_literal_passed_to_tr_reaches_the_translation_file() -> None:
    """lupdate skips tr() inside f-strings and behind wrappers (`_tr(text)`); such strings stay Chinese."""
    import ast
    import xml.etree.ElementTree as ET
    from pathlib import Path

    import assist_desktop
    from assist_desktop.resources import resource

    sources = {
        m.findtext("source")
        for m in ET.parse(resource("translations", "assist_desktop_en.ts")).iter("message")
    }
    package = Path(assist_desktop.__file__).parent
    missing = []
    for path in [package / "app.py", *sorted((package / "ui").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None) or ""
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name in ("tr", "_tr") and args:
                text = args[0]
            elif name == "translate" and len(args) >= 2:
                text = args[1]
            else:
                continue
            if text not in sources:
                missing.append(f"{path.name}:{node.lineno} {text}")
    assert missing == []


def test_menus_follow_the_clerks_day(window) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == [
        "档案(&F)",
        "帮扶(&A)",
        "包保(&B)",
        "评定(&R)",
        "打印(&P)",
        "数据交换(&X)",
        "设置(&S)",
        "帮助(&H)",
    ]
