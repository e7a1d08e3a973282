"""`union set`: the home union's identity (name, parent code, contact phone, address)."""

from __future__ import annotations

import argparse
from typing import Any

from assist_desktop.cli.core import Ctx


def register(sub: Any) -> None:
    union_parser = sub.choices["union"]
    usub = next(a for a in union_parser._actions if isinstance(a, argparse._SubParsersAction))
    ps = usub.add_parser("set", help="修改本工会的名称、上级工会代码、联系电话、地址")
    ps.add_argument("--name")
    ps.add_argument("--parent-code")
    ps.add_argument("--contact-phone", help="空字符串清除")
    ps.add_argument("--address", help="空字符串清除")
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=cmd_union_set)
    pm = usub.add_parser("mask", help="发给某接收工会的数据包不带哪些信息（如市总不需要银行账号）")
    pm.add_argument("code", metavar="UNION_CODE", help="接收工会代码")
    pm.add_argument("--set", dest="masks", metavar="MASKS",
                    help="逗号分隔：bank_account（银行账号）、member_id_number（家庭成员身份证号）；空字符串清除")
    pm.add_argument("--json", action="store_true")
    pm.set_defaults(func=cmd_union_mask)


def cmd_union_mask(ctx: Ctx) -> int:
    from assist_desktop.exchange.masking import describe
    from assist_desktop.services.unions import get_receiver_mask, set_receiver_mask

    a = ctx.args
    if a.masks is None:
        mask = get_receiver_mask(ctx.db, code=a.code)
    else:
        names = [m.strip() for m in a.masks.split(",") if m.strip()]
        mask = set_receiver_mask(ctx.db, code=a.code, masks=names, actor=ctx.actor)
    ctx.out({"ok": True, "mask": mask.to_json()},
            f"发给 {mask.code} 的数据包不带：{describe(mask.masks) or '（全部信息照发）'}")
    return 0


def cmd_union_set(ctx: Ctx) -> int:
    from assist_desktop.services.unions import get_home_union, update_home_union

    a = ctx.args
    update_home_union(ctx.db, name=a.name, parent_code=a.parent_code, contact_phone=a.contact_phone,
                      address=a.address, actor=ctx.actor)
    union = get_home_union(ctx.db)
    assert union is not None
    ctx.out({"ok": True, "union": union.to_json()},
            f"本工会：{union.code} {union.name}，上级 {union.parent_code or '—'}，"
            f"电话 {union.contact_phone or '—'}，地址 {union.address or '—'}")
    return 0
