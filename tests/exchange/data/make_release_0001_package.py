"""Makes release_0001_package.zip with the previous release's code (format 1, no change sequences).

Run from a checkout of that release: `PYTHONPATH=<checkout> python make_release_0001_package.py out.zip`.
"""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, ".")
from assist_desktop.db import migrate
from assist_desktop.db.engine import Database
from assist_desktop.exchange.export import export_package
from assist_desktop.services.files import create_file
from assist_desktop.services.standards import set_standard
from assist_desktop.services.unions import init_union
from tests.conftest import TODAY, complete_file_data, valid_id

out = Path(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    db = Database(f"sqlite:///{tmp}/g.sqlite3")
    migrate.upgrade(db, backup=False)
    init_union(db, code="230102001", name="哈尔滨锅炉厂工会", level="grassroots", parent_code="230102")
    set_standard(db, lb="720", mw="2080", effective="2025-01-01", today=TODAY)
    create_file(db, data=complete_file_data(), members=[{"name": "李丽", "relation": "配偶"}], as_of=TODAY)
    create_file(db, data=complete_file_data(name="王芳", id_number=valid_id("23010219800101124")), as_of=TODAY)
    r = export_package(db, out=out)
    print(r.to_json())
    db.dispose()
