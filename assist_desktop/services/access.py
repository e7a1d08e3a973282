"""Who may do what, checked in the services themselves (so the window and the command line obey the same rules).

Every writing service takes `actor`: either an `Actor` (a signed-in account: its user name, which is what the
history records, carrying its role) or a plain string (the single-user database, or the program itself). A plain
string is allowed only while the database has no active accounts: once accounts exist, each write must come from a
signed-in account whose role permits it (`domain/permissions.py`).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from assist_desktop.db.engine import Database
from assist_desktop.db.models import UserAccount
from assist_desktop.domain.enums import UserRole
from assist_desktop.domain.errors import DomainError
from assist_desktop.domain.permissions import allowed

#: what each permission is, for the refusal message
_WHAT = {
    "edit_file": ("修改档案", "edit files"),
    "record_assistance": ("记录帮扶", "record assistance"),
    "pair": ("包保结对", "pairing"),
    "close_file": ("脱困、解困或注销", "closing files"),
    "override": ("人工改定状态", "overriding a status"),
    "review": ("审核", "review"),
    "standards": ("设定标准", "setting standards"),
    "import": ("导入", "import"),
    "export": ("导出", "export"),
    "full_id": ("查看完整身份证号", "full ID numbers"),
    "bank_account": ("修改银行账号", "changing bank accounts"),
    "users": ("管理账号", "managing accounts"),
    "settings": ("修改设置", "changing settings"),
}


class Actor(str):
    """A signed-in account: the string is its user name (what the history records); `.role` is its role.

    A `str` subclass on purpose: every service and dialog that passes `actor: str` through keeps working, and the
    role travels with the name down to `require`.
    """

    role: str
    display_name: str

    def __new__(cls, username: str, role: str, display_name: str = "") -> Actor:
        obj = super().__new__(cls, username)
        obj.role = str(UserRole(role).value)
        obj.display_name = display_name or username
        return obj

    def __reduce__(self) -> tuple[type[Actor], tuple[str, str, str]]:
        return (Actor, (str(self), self.role, self.display_name))


def has_accounts(db: Database) -> bool:
    """Whether the database has active sign-in accounts (then every write needs a signed-in `Actor`)."""
    with db.reader() as s:
        return bool(s.scalar(select(func.count()).select_from(UserAccount)
                             .where(col(UserAccount.active).is_(True))))


def require(db: Database, actor: str | None, permission: str) -> None:
    """Refuse what `actor` may not do.

    Raises:
        DomainError: the database has accounts and `actor` is not a signed-in account, or its role lacks
            `permission`.
    """
    zh, en = _WHAT.get(permission, (permission, permission))
    if isinstance(actor, Actor):
        if not allowed(actor.role, permission):
            role = UserRole(actor.role)
            raise DomainError(f"账号 {actor}（{role.label}）无权{zh}",
                              f"account {actor} ({role.value}) may not do this: {en}")
        return
    if has_accounts(db):
        raise DomainError(f"本数据库设有账号：{zh}须以有权限的账号登录",
                          f"this database has accounts: {en} needs a signed-in account allowed to do it")
