"""The demo's users.

- The demo logins (README's table) and the keepers of the other stations: through the accounts services
  (`user_create`, `role_grant`: audited), the logins with the demo password, the keepers with none.
- One account per active deputy and a handler and a leader for each unit that handles a demo item, so that
  every step of the items' history is taken by whoever the workflow table names (a deputy co-signs and rates,
  a unit's leader signs its reply). They have no usable password (nobody logs in with them) and are
  reference data: written with bulk_create, with their roles, no status involved.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django_otp.oath import totp

from renda.accounts import rules as twofa_rules
from renda.accounts import selectors as account_selectors
from renda.accounts import services as account_services
from renda.accounts.models import RoleAssignment, User
from renda.core.roles import Role
from renda.demo.names import DEMO_LOGINS, HANDLER_UNIT_NAME
from renda.demo.organization import City
from renda.demo.plan import Plan


@dataclass
class Users:
    by_name: dict[str, User] = field(default_factory=dict)  # username → user
    deputies: dict[str, User] = field(default_factory=dict)  # card number → the deputy's user
    unit_handler: dict[int, User] = field(default_factory=dict)  # unit id → handler
    unit_leader: dict[int, User] = field(default_factory=dict)  # unit id → leader

    def __getitem__(self, username: str) -> User:
        return self.by_name[username]


def demo_totp_key(username: str) -> str:
    """The demo login's authenticator secret (hex): derived from the demo password, printed by seed_demo, so a
    tester adds it to an app or asks `manage.py demo_totp` for the code. Only the demo's logins have it."""
    seed = f"renda-demo-totp:{settings.RENDA_DEMO_PASSWORD}:{username}"
    return hashlib.sha256(seed.encode()).hexdigest()[:40]


def demo_totp_secret(username: str) -> str:
    """The same secret in base32, as authenticator apps take it."""
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


def demo_totp_code(key_hex: str, drift: int = 0) -> str:
    return f"{totp(bytes.fromhex(key_hex), drift=drift):06d}"


def deputy_username(card: str) -> str:
    return f"d{card}"


def unit_usernames(code: str) -> tuple[str, str]:
    return f"{code.lower()}-handler", f"{code.lower()}-leader"


def _ensure_user(created: dict, username: str, display_name: str, password: str | None) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            actor=None, username=username, password=password, display_name=display_name
        )
        created["users"] += 1
    return user


def _ensure_role(created: dict, user: User, role: str, unit=None) -> None:
    if not user.has_role(role):
        account_services.role_grant(actor=None, user=user, role=role, unit=unit)
        created["roles"] += 1


def write_logins(plan: Plan, city: City, created: dict) -> Users:
    """The demo logins (with the demo password) and the station keepers (without one), via the services."""
    from renda.organization.models import HandlingUnit

    password = settings.RENDA_DEMO_PASSWORD
    handler_unit = HandlingUnit.objects.get(name=HANDLER_UNIT_NAME)
    users = Users()
    for username, _roles, _label in DEMO_LOGINS:
        users.by_name[username] = _ensure_user(created, username, plan.user_names[username], password)
    for username in plan.keeper_usernames[1:]:
        users.by_name[username] = _ensure_user(created, username, plan.user_names[username], None)
    for username, roles, _label in DEMO_LOGINS:
        for role in roles:
            unit = handler_unit if role in (Role.UNIT_HANDLER, Role.UNIT_LEADER) else None
            _ensure_role(created, users[username], role, unit)
    for username in plan.keeper_usernames[1:]:
        _ensure_role(created, users[username], Role.STATION_KEEPER)
    users.deputies = {plan.demo_deputy_card: users["deputy"], plan.leader_card: users["leader"]}
    users.unit_handler[handler_unit.pk] = users["handler"]
    users.unit_leader[handler_unit.pk] = users["unitleader"]
    for username, roles, _label in DEMO_LOGINS:
        if twofa_rules.twofa_required(roles) and not account_selectors.twofa_enrolled(users[username]):
            key = demo_totp_key(username)
            account_services.twofa_enrol(
                actor=None, user=users[username], key_hex=key, token=demo_totp_code(key)
            )
    return users


def write_accounts(plan: Plan, city: City, users: Users, unit_names: set[str], created: dict) -> None:
    """Passwordless accounts of the active deputies and of the units named in `unit_names` (bulk)."""
    ended = {t["card_number"] for t in plan.terminations}
    wanted: dict[str, tuple[str, list[tuple[str, int | None]]]] = {}  # username → (display name, roles)
    for d in plan.deputies:
        card = d["card_number"]
        if card not in ended and card not in users.deputies:
            wanted[deputy_username(card)] = (d["name"], [(Role.DEPUTY, None)])
    units = {u["code"]: u for u in plan.units}
    for code, unit in units.items():
        if unit["name"] in unit_names and unit["name"] != HANDLER_UNIT_NAME and code in city.unit_codes:
            handler, leader = unit_usernames(code)
            wanted[handler] = (f"{unit['short_name']}经办人", [(Role.UNIT_HANDLER, city.unit_codes[code])])
            wanted[leader] = (f"{unit['short_name']}负责人", [(Role.UNIT_LEADER, city.unit_codes[code])])
    have = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    new = [
        User(username=name, display_name=display, password=make_password(None))
        for name, (display, _roles) in wanted.items()
        if name not in have
    ]
    User.objects.bulk_create(new)
    created["users"] += len(new)
    found = {u.username: u for u in User.objects.filter(username__in=wanted)}
    roles = [
        RoleAssignment(user=found[u.username], role=role, unit_id=unit_id)
        for u in new
        for role, unit_id in wanted[u.username][1]
    ]
    RoleAssignment.objects.bulk_create(roles)
    created["roles"] += len(roles)
    for d in plan.deputies:
        user = found.get(deputy_username(d["card_number"]))
        if user is not None:
            users.deputies[d["card_number"]] = user
    for code, unit_id in city.unit_codes.items():
        handler, leader = unit_usernames(code)
        if handler in found:
            users.unit_handler[unit_id], users.unit_leader[unit_id] = found[handler], found[leader]
