"""The procedure verbs (procedure show|step|cancel) and the checked manual decisions on the command line."""

from __future__ import annotations

import json

from assist_desktop.db.engine import Database
from assist_desktop.services.common import set_option
from tests.cli.test_lifecycle_cli import cli  # noqa: F401 - the fixture
from tests.conftest import complete_file_data, valid_id

SECOND = "230102001-000002"


def _options(cli_path, **values):
    db = Database(f"sqlite:///{cli_path}")
    with db.transaction() as s:
        for k, v in values.items():
            set_option(s, k, v)
    db.dispose()


def test_procedure_show_and_step_register_the_file_when_done(cli, tmp_path):  # noqa: F811
    _options(tmp_path / "cli.sqlite3", step_application=1, step_notice=1, require_responsible=0)
    fields = complete_file_data(name="王芳", id_number=valid_id("23010219800101123"), last_visit_date="2026-01-02")
    assert cli("file", "add", *[f"{k}={v}" for k, v in fields.items()])[0] == 0
    code, out, _ = cli("procedure", "show", SECOND, "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "found" and data["proposed_category"] == "deep"
    assert data["intake"]["next_step"] == "application" and data["review_task"] == "procedure_step"
    code, out, _ = cli("procedure", "show", SECOND)
    assert "规则认定：深度困难" in out and "下一步：申请或推荐" in out
    code, _, err = cli("procedure", "step", SECOND, "notice", "--on", "2026-01-05")
    assert code == 2 and "须先完成“申请或推荐”" in err
    code, out, _ = cli("procedure", "step", SECOND, "application", "--on", "2026-01-05", "--by", "applicant",
                       "--json")
    assert code == 0 and json.loads(out)["intake"]["next_step"] == "notice"
    code, out, _ = cli("procedure", "step", SECOND, "notice", "--on", "2026-01-06", "--objection", "有人反映收入不实",
                       "--answer", "经核实属实情况正常", "--json", as_of="2026-01-07")
    assert code == 0 and json.loads(out)["intake"]["waiting_until"] == "2026-01-13"
    code, out, _ = cli("due", "--kind", "procedure_step", "--json", as_of="2026-01-07")
    assert [i["file_no"] for i in json.loads(out)["items"]] == [SECOND]
    assert cli("reevaluate", as_of="2026-01-14")[0] == 0
    code, out, _ = cli("status", SECOND, "--json", as_of="2026-01-14")
    assert json.loads(out)["status"] == "registered"
    code, out, _ = cli("procedure", "show", SECOND, as_of="2026-01-14")
    assert "异议：有人反映收入不实；答复：经核实属实情况正常" in out


def test_relief_below_lb_needs_the_reviewer_reason_on_the_command_line(cli):  # noqa: F811
    code, _, err = cli("close", "230102001-000001", "--reason", "relieved", "--note", "低保兜底")
    assert code == 2 and "低于低保标准 720.00 元，不能解困" in err
    code, out, _ = cli("close", "230102001-000001", "--reason", "relieved", "--note", "低保兜底",
                       "--below-lb-reason", "重病长期治疗", "--json")
    assert code == 0 and json.loads(out)["close_reason"] == "relieved"


def test_a_cancellation_proposal_is_confirmed_with_procedure_cancel(cli):  # noqa: F811
    assert cli("file", "update", "230102001-000001", "private_car=是")[0] == 0
    code, out, _ = cli("status", "230102001-000001", "--json")
    data = json.loads(out)
    assert data["status"] == "registered" and data["review_task"] == "cancel_proposal"
    code, out, _ = cli("procedure", "cancel", "230102001-000001", "--note", "核实有私家车", "--json")
    data = json.loads(out)
    assert code == 0 and (data["close_reason"], data["close_detail"]) == ("cancelled", "misidentified")
