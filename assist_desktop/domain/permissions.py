"""Roles and what each may do. One table, enforced in the services (`services/access.require`) and consulted by
the window to disable what a role may not do."""

from __future__ import annotations

from assist_desktop.domain.enums import UserRole

#: action machine names → roles allowed to perform them
ACTIONS: dict[str, frozenset[UserRole]] = {
    "view": frozenset(UserRole),
    "edit_file": frozenset({UserRole.ADMIN, UserRole.CLERK}),
    "record_assistance": frozenset({UserRole.ADMIN, UserRole.CLERK}),
    "pair": frozenset({UserRole.ADMIN, UserRole.CLERK}),
    "close_file": frozenset({UserRole.ADMIN, UserRole.CLERK, UserRole.REVIEWER}),
    "override": frozenset({UserRole.ADMIN, UserRole.REVIEWER}),
    "review": frozenset({UserRole.ADMIN, UserRole.REVIEWER}),
    "standards": frozenset({UserRole.ADMIN}),
    "import": frozenset({UserRole.ADMIN, UserRole.CLERK}),
    "export": frozenset({UserRole.ADMIN, UserRole.CLERK, UserRole.REVIEWER}),
    # every role: a viewer may print green cards and file sheets (ID numbers masked unless asked)
    "print": frozenset(UserRole),
    # printing or exporting full (unmasked) ID numbers
    "full_id": frozenset({UserRole.ADMIN, UserRole.CLERK, UserRole.REVIEWER}),
    "bank_account": frozenset({UserRole.ADMIN, UserRole.CLERK}),
    "users": frozenset({UserRole.ADMIN}),
    "settings": frozenset({UserRole.ADMIN}),
}


def allowed(role: str | UserRole, action: str) -> bool:
    try:
        r = UserRole(role)
    except ValueError:
        return False
    return r in ACTIONS.get(action, frozenset())
