"""The home union's identity editable (service and `union set`), with every problem named at once."""

from __future__ import annotations

import json

import pytest

from assist_desktop.cli import main
from assist_desktop.domain.errors import ValidationFailed
from assist_desktop.services.unions import (
    check_receiver_code,
    get_home_union,
    list_unions,
    union_identity_errors,
    update_home_union,
)
from tests.conftest import TODAY


def test_update_home_union_changes_name_parent_phone_address(db):
    changes = update_home_union(db, name="哈尔滨锅炉厂有限公司工会", parent_code="230103",
                                contact_phone="0451-82345678", address="哈尔滨市香坊区", actor="clerk")
    assert changes.unions
    home = get_home_union(db)
    assert home is not None
    assert (home.code, home.name, home.parent_code, home.contact_phone, home.address) == (
        "230102001", "哈尔滨锅炉厂有限公司工会", "230103", "0451-82345678", "哈尔滨市香坊区")
    assert "230103" in {u.code for u in list_unions(db)}  # the new parent is known as a receiver
    update_home_union(db, address="")
    home = get_home_union(db)
    assert home is not None and home.address is None and home.name == "哈尔滨锅炉厂有限公司工会"


def test_update_home_union_names_every_bad_value(db):
    with pytest.raises(ValidationFailed) as info:
        update_home_union(db, name="", parent_code="", contact_phone="12")
    assert {e.field for e in info.value.errors} == {"union_name", "parent_code", "contact_phone"}
    home = get_home_union(db)
    assert home is not None and home.parent_code == "230102"


def test_identity_errors_all_at_once_and_parent_required_below_province():
    errors = union_identity_errors(code="x", name="", level="grassroots", parent_code="")
    assert {e.field for e in errors} == {"union_code", "union_name", "parent_code"}
    assert union_identity_errors(code="11", name="省总", level="province", parent_code="") == []
    assert union_identity_errors(code="230102001", name="厂工会", level="grassroots", parent_code="230102") == []


def test_receiver_code_is_a_union_code_never_a_path(db):
    assert check_receiver_code(db, " 230102 ") == ("230102", True)
    assert check_receiver_code(db, "230199") == ("230199", False)
    for bad in ("/tmp/out.zip", "C:\\pkg", "南岗区", ""):
        with pytest.raises(ValidationFailed):
            check_receiver_code(db, bad)


def test_cli_union_set(tmp_path, capsys):
    path = tmp_path / "u.sqlite3"

    def run(*args):
        rc = main(["--db", str(path), "--as-of", TODAY.isoformat(), *args])
        return rc, capsys.readouterr()

    assert run("init", "--union-code", "230102001", "--union-name", "厂工会", "--level", "grassroots",
               "--parent-code", "230102")[0] == 0
    rc, (out, _) = run("union", "set", "--name", "新厂工会", "--contact-phone", "13800000000", "--address",
                       "哈尔滨", "--json")
    assert rc == 0
    union = json.loads(out)["union"]
    assert (union["name"], union["contact_phone"], union["address"], union["parent_code"]) == (
        "新厂工会", "13800000000", "哈尔滨", "230102")
    rc, (_, err) = run("union", "set", "--parent-code", "")
    assert rc == 2 and "上级工会代码" in err
