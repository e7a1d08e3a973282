"""Pinyin initials of names for search-as-you-type (张三丰 → zsf), with surnames read as surnames."""

from __future__ import annotations

from functools import lru_cache

# Surnames whose common reading differs from the surname reading (PLATFORM.md). Two-character
# surnames first, so 尉迟 is not read as 尉 + 迟.
SURNAME_INITIALS: dict[str, str] = {
    "尉迟": "yc", "万俟": "mq", "长孙": "zs", "澹台": "tt", "单于": "cy",
    "单": "s", "曾": "z", "仇": "q", "解": "x", "朴": "p", "区": "o", "查": "z", "盖": "g", "乐": "y",
    "员": "y", "缪": "m", "覃": "q", "尉": "y", "翟": "z", "召": "s", "秘": "b", "种": "c", "繁": "p",
    "华": "h", "任": "r", "燕": "y", "冼": "x", "洗": "x", "闵": "m", "么": "y", "柏": "b", "过": "g",
    "宁": "n", "重": "c", "黑": "h", "曲": "q", "句": "g", "能": "n", "那": "n", "郇": "h", "莘": "s",
    "长": "c", "藏": "z", "沈": "s", "石": "s", "薄": "b", "隗": "k", "折": "s",
}
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "司徒", "夏侯", "慕容", "宇文", "公孙")


@lru_cache(maxsize=65536)
def _initials(text: str) -> str:
    """Initials of a run of characters read as a phrase (so given names like 长江 read cj)."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries take a while to load: only when a name is read

    return "".join(p[0] for p in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore") if p).lower()


def name_initials(name: str) -> str:
    """Lower-case initials of a Chinese name; ASCII names give their words' initials."""
    name = (name or "").strip()
    if not name:
        return ""
    if name.isascii():
        return "".join(w[0] for w in name.lower().split() if w[0].isalnum())
    for length in (2, 1):
        head = name[:length]
        if head in SURNAME_INITIALS and len(name) > length:
            return SURNAME_INITIALS[head] + _initials(name[length:])
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return _initials(name[:2]) + _initials(name[2:])
    # surname and given name separately: both are then cached across a million names
    return _initials(name[:1]) + _initials(name[1:])
