"""The interface language: Qt translators, and labels of enumerations in that language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from assist_desktop.domain.enums import LabeledEnum
from assist_desktop.resources import resource

_lang = "zh"
_translators: list[QTranslator] = []


#: Qt's own strings that its zh_CN catalogue (qtbase_zh_CN.qm) lacks in this Qt (the file chooser's and the print
#: dialog's labels gained accelerators, "&Look in:"), translated in a small catalogue of ours loaded after Qt's
QT_GAPS = "qt_gaps_zh_CN.qm"


def current_lang() -> str:
    return _lang


def saved_lang() -> str | None:
    value = QSettings().value("ui/lang")
    return str(value) if value in ("zh", "en") else None


def save_lang(lang: str) -> None:
    QSettings().setValue("ui/lang", lang)


def install_translations(app: QCoreApplication, lang: str) -> bool:
    """Load our English translation (the source strings are Chinese) and Qt's own for the language."""
    global _lang
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    _lang = "en" if lang.startswith("en") else "zh"
    qt_locale = QLocale("en_US" if _lang == "en" else "zh_CN")
    QLocale.setDefault(qt_locale)
    ok = True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_tr = QTranslator(app)
    if qt_tr.load(qt_locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt_tr)
        _translators.append(qt_tr)
    if _lang == "zh":
        gaps = QTranslator(app)
        if gaps.load(str(resource("translations", QT_GAPS))):
            app.installTranslator(gaps)  # the last installed is asked first
            _translators.append(gaps)
    if _lang == "en":
        ours = QTranslator(app)
        ok = ours.load(str(resource("translations", "assist_desktop_en.qm")))
        if ok:
            app.installTranslator(ours)
            _translators.append(ours)
    return ok


def enum_label(enum: type[LabeledEnum], value: str | None) -> str:
    """The label of a stored machine name in the interface language ('' for None; unknown names as they are)."""
    if not value:
        return ""
    try:
        return enum(value).label_for(_lang)
    except ValueError:
        return value


def enum_labels(enum: type[LabeledEnum], values: str | None) -> str:
    """Labels of a comma-separated list of machine names."""
    sep = ", " if _lang == "en" else "、"
    return sep.join(enum_label(enum, v) for v in (values or "").split(",") if v)


def money(fen: int | None) -> str:
    """An amount in fen as the window shows it: '12,345.67 元', or '12,345.67 yuan' in English ('' for None)."""
    from assist_desktop.domain.validation import format_fen

    if fen is None:
        return ""
    unit = "yuan" if _lang == "en" else "元"
    return f"{format_fen(fen, unit=False)} {unit}"
