#!/usr/bin/env bash
# Writes tests/data/release-0001.sqlite3: a database made by the release whose schema is Alembic 0001
# (commit f6bbe8e), with real content in every table the upgrade tests check: files in every status,
# members, history, pairing, letters, assistance, visits and re-employment support.
# Kept for the record; running it with later code makes a database of that code, not of the release.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/data/release-0001.sqlite3
rm -f "$out" "$out-wal" "$out-shm"
ad() { .venv/bin/assist-desktop --db "$out" --user 王会计 "$@" >/dev/null; }
ad --as-of 2025-06-01 init --union-code 230102001 --union-name 哈尔滨锅炉厂工会 --level grassroots --parent-code 230102
ad --as-of 2025-06-01 standards set --lb 720 --mw 2080 --effective 2025-01-01
ad --as-of 2025-06-01 demo --files 80 --seed 7
# time passes and standards change: watch, notices and exits happen
ad --as-of 2026-01-10 standards set --lb 650 --mw 2080 --effective 2026-01-01
ad --as-of 2026-08-01 reevaluate
ad --as-of 2026-09-01 reevaluate
# a person's decisions and records
ad --as-of 2026-09-02 close 230102001-000002 --reason relieved --note 低保加持续帮扶后人均收入已高于低保标准
ad --as-of 2026-09-02 close 230102001-000003 --reason cancelled --detail transfer --note 调往外省工作
ad --as-of 2026-09-03 override 230102001-000008 --status registered --category relative --reason 家中有重病患者，经集体研究认定
ad --as-of 2026-09-04 assist add 230102001-000005 --kind money --amount 1500.50 --fund union --helper 王会计 --note 中秋送温暖
ad --as-of 2026-09-05 visit add 230102001-000006 --visitor 王会计 --living 住房简陋 --needs 希望介绍工作 --state-of-mind 情绪稳定
ad --as-of 2026-09-06 pair 230102001-000010 --person 夏军鹏 --note 原责任人工作调整
cat > /tmp/release-file.json <<'JSON'
{"fields": {"name": "单丽华", "id_number": "230102197503152421", "work_status": "下岗", "phone": "13945678901",
  "address": "哈尔滨市南岗区学府路1号", "employer": "哈尔滨锅炉厂", "industry": "制造业", "health": "患重病",
  "household_size": "3", "household_annual_income": "12000.35", "family_situation": "夫妻二人，一女在读初中",
  "main_cause": "本人患重病", "secondary_causes": "子女上学", "cause_account": "患乳腺癌，治疗费用高",
  "skills": "缝纫", "able_to_work": "否", "employment_wishes": "暂无就业能力", "state_of_mind": "积极治疗",
  "last_visit_date": "2026-09-01", "bank_name": "中国工商银行", "bank_account": "6222020200112233445"},
 "members": [{"name": "刘强", "relation": "配偶", "status": "在岗", "monthly_income": "1000"},
             {"name": "刘小雨", "relation": "子女", "status": "学生", "birth_date": "2012-05-01", "school": "南岗中学", "school_year": "初二"}]}
JSON
ad --as-of 2026-09-08 file add --from-json /tmp/release-file.json
ad --as-of 2026-09-09 cadre add --name 李明 --title 工会副主席 --phone 13900001111
ad --as-of 2026-09-09 pair 230102001-000012 --person 李明
ad --as-of 2026-09-09 letter add --person 李明 --goals 每季度走访一次 --measures 结对帮扶，介绍就业 --start 2026-09-01 --end 2027-08-31
letter=$(.venv/bin/assist-desktop --db "$out" letter list --json | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["letters"][0]["letter_no"])')
ad --as-of 2026-09-10 letter sign "$letter" --side upper --signatory 李主席
ad --as-of 2026-09-10 letter sign "$letter" --side lower --signatory 夏军鹏
.venv/bin/python - "$out" <<'PY'
import datetime as dt, sys
from assist_desktop.db.engine import Database
from assist_desktop.services.assistance import add_employment_support
from assist_desktop.db.engine import resolve_url
db = Database(resolve_url(sys.argv[1]))
add_employment_support(db, file_no="230102001-000005", kind="training", started_on="2026-09-11",
                       detail="家政服务培训", certificate="家政服务员（初级）", found_work=True,
                       today=dt.date(2026, 9, 20), actor="王会计")
add_employment_support(db, file_no="230102001-000006", kind="loan", started_on="2026-09-12",
                       amount="50000", lender="哈尔滨银行", term_months=24, today=dt.date(2026, 9, 20), actor="王会计")
db.dispose()
PY
ad --as-of 2026-10-01 reevaluate
ad --as-of 2026-10-02 export --out /tmp/release-0001-export.zip --to 230102
.venv/bin/python - "$out" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.execute("PRAGMA journal_mode=DELETE")
con.execute("VACUUM")
con.close()
PY
