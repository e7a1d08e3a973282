"""The lifecycle's history texts in the reader's language.

A history entry written by the lifecycle (domain/lifecycle.py, domain/transitions.py) stores its reason in
Chinese (`status_event.reason`, what the printed sheet and older versions show) and, in its facts, a machine code
with the parameters of the sentence (`facts["text_code"]`, `facts["text_args"]`). `event_text` renders the
sentence in the language asked for: Chinese is the stored text as written; English is built from the code and
its parameters here. Entries without a code (written before the codes existed, or by other services) show their
stored text in every language.

The parameters are plain JSON values: dates as ISO text, amounts in fen, categories and statuses by machine name,
and the English of the rules' category reason (`domain.rules.CategoryDecision.reason_en`) as text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from assist_desktop.domain.enums import CancelDetail, Category, CloseReason, FileStatus

CODE_KEY = "text_code"
ARGS_KEY = "text_args"


def with_text(facts: dict[str, Any], code: str, **args: Any) -> dict[str, Any]:
    """`facts` with the entry's text code and parameters added (None parameters left out)."""
    facts[CODE_KEY] = code
    facts[ARGS_KEY] = {k: v for k, v in args.items() if v is not None}
    return facts


def money_en(fen: Any) -> str:
    """An amount in fen as English text: '1,234.56 yuan' ('?' when unknown)."""
    try:
        return f"{int(fen) / 100:,.2f} yuan"
    except (TypeError, ValueError):
        return "?"


def _category(value: Any) -> str:
    if not value:
        return "no category"
    try:
        return Category(value).label_en.lower()
    except ValueError:
        return str(value)


def _status(value: Any) -> str:
    if not value:
        return "—"
    try:
        return FileStatus(value).label_en.lower()
    except ValueError:
        return str(value)


def _steps(a: Mapping[str, Any]) -> str:
    from assist_desktop.domain.procedure import STEP_LABELS

    steps = a.get("steps") or []
    if not steps:
        return ""
    return "; after " + ", ".join(STEP_LABELS.get(s, (s, s))[1].lower() for s in steps)


def _still(a: Mapping[str, Any]) -> str:
    if not a.get("still_in_hardship"):
        return ""
    return (f"; although at the exit line {money_en(a.get('exit_line_fen'))} ({a.get('exit_multiple', '?')} x LB), "
            f"still {_category(a.get('to_category'))}: no income watch")


def _watch_exit_line(a: Mapping[str, Any]) -> str:
    text = (f"per-capita income {money_en(a.get('per_capita_fen'))} reaches the exit line "
            f"{money_en(a.get('exit_line_fen'))} ({a.get('exit_multiple', '?')} x LB {money_en(a.get('lb_fen'))})")
    if a.get("relative_line_fen") is not None:
        text += (f", is not below the relative line {money_en(a.get('relative_line_fen'))} and meets no hardship "
                 "category any more")
    return text + f"; income watch from {a.get('since')}"


def _watch_tail(a: Mapping[str, Any]) -> str:
    return (f"; after {a.get('months', '?')} unbroken months at or above the exit line, a public notice and then the "
            "file closes as out of hardship")


def _closed_manual(a: Mapping[str, Any]) -> str:
    try:
        label = CloseReason(str(a.get("close_reason"))).label_en
    except ValueError:
        label = str(a.get("close_reason"))
    detail = a.get("close_detail")
    if detail:
        try:
            label += f" ({CancelDetail(detail).label_en.lower()})"
        except ValueError:
            label += f" ({detail})"
    text = f"{label}: {a.get('note', '')}"
    if a.get("below_lb_reason"):
        text += f" (per-capita income below LB; the reviewer's reason: {a['below_lb_reason']})"
    return text


_EN: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "ineligible": lambda a: f"{a.get('reason_en', '')}; listed as not meeting the standard (the file is kept and "
                            "can be reviewed at any time)",
    "registered": lambda a: f"five clears complete; {a.get('reason_en', '')}; registered for help{_steps(a)}",
    "reopened": lambda a: f"hardship returned after closing: {a.get('reason_en', '')}; registered for help again "
                          f"(the old file and its history are kept){_steps(a)}",
    "watch_start": lambda a: f"employed from {a.get('start')} (placement, public-welfare post or own business): "
                             f"income watch{_watch_tail(a)}",
    "watch_exit_line": lambda a: _watch_exit_line(a) + _watch_tail(a),
    "adjusted": lambda a: f"{a.get('reason_en', '')}; category changed from {_category(a.get('from_category'))} to "
                          f"{_category(a.get('to_category'))}{_still(a)}",
    "watch_broken": lambda a: f"{'during the exit notice' if a.get('in_notice') else 'during the income watch'} "
                              f"per-capita income {money_en(a.get('per_capita_fen'))} fell below the exit line "
                              f"{money_en(a.get('exit_line_fen'))}: the watch is broken, back to registered help "
                              f"({_category(a.get('category'))}); the watch starts again when the exit line is "
                              "reached again",
    "exit_decision_refused": lambda a: f"on {a.get('done_on')} the collective decision was not to close yet: the "
                                       "income watch goes on, counted again from that day",
    "exit_notice": lambda a: f"per-capita income not below the exit line {money_en(a.get('exit_line_fen'))} for "
                             f"{a.get('months', '?')} unbroken months since {a.get('since')} (now "
                             f"{money_en(a.get('per_capita_fen'))}): public notice of leaving hardship for "
                             f"{a.get('workdays', '?')} working days, until {a.get('until')}",
    "exit_closed": lambda a: f"the exit notice ended on {a.get('notice_until')}, per-capita income "
                             f"{money_en(a.get('per_capita_fen'))} still not below the exit line "
                             f"{money_en(a.get('exit_line_fen'))}"
                             + (f", by the collective decision of {a['decided_on']}" if a.get("decided_on") else "")
                             + f": closed as out of hardship; follow-up visits for {a.get('follow_up_months', '?')}"
                               " months after closing",
    "closed_manual": _closed_manual,
    "override": lambda a: f"reviewer's override: status {_status(a.get('from_status'))} → "
                          f"{_status(a.get('to_status'))}, category {_category(a.get('from_category'))} → "
                          f"{_category(a.get('to_category'))}; reason: {a.get('reason', '')}; holds until "
                          f"{a.get('until')}, no automatic change before",
}

CODES = frozenset(_EN)

#: fixed texts other services store without a code (the same words in every entry, old rows included)
_FIXED_EN = {
    "发现困难职工，建立档案": "Hardship found: file opened",
}


def event_text(reason: str | None, facts: Mapping[str, Any] | None, lang: str = "zh") -> str:
    """A history entry's reason in `lang`: the stored Chinese text, or English from its code and parameters
    (the stored text when the entry has no code, or a code this version does not know)."""
    stored = reason or ""
    if not lang.startswith("en"):
        return stored
    code = facts.get(CODE_KEY) if facts else None
    if code is None:
        return _FIXED_EN.get(stored, stored)
    render = _EN.get(code) if isinstance(code, str) else None
    args = facts.get(ARGS_KEY) if facts else None
    if render is None or not isinstance(args, Mapping):
        return stored
    try:
        text = render(args)
    except (TypeError, ValueError, KeyError):
        return stored
    return text[:1].upper() + text[1:]


def event_text_json(reason: str | None, facts_json: str | None, lang: str = "zh") -> str:
    """`event_text` for a stored entry whose facts are JSON text."""
    import json

    if not lang.startswith("en"):
        return reason or ""
    if not facts_json or CODE_KEY not in facts_json:
        return event_text(reason, None, lang)
    try:
        facts = json.loads(facts_json)
    except ValueError:
        return reason or ""
    return event_text(reason, facts if isinstance(facts, dict) else None, lang)
