"""Pinyin initials: surnames read as surnames, given names as phrases."""

import pytest

from assist_desktop.domain.pinyin import name_initials


@pytest.mark.parametrize("name, initials", [
    ("张三丰", "zsf"), ("单雄信", "sxx"), ("曾国藩", "zgf"), ("解缙", "xj"), ("仇英", "qy"), ("区志强", "ozq"),
    ("尉迟恭", "ycg"), ("欧阳修", "oyx"), ("朴正", "pz"), ("查良镛", "zly"), ("Smith Li", "sl"), ("", ""),
])
def test_initials(name, initials):
    assert name_initials(name) == initials
