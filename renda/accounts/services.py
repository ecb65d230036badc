"""Every write on accounts: users, roles, tokens, passwords."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from renda.accounts.choices import UNIT_ROLES, Role
from renda.accounts.models import ApiToken, RoleAssignment, User
from renda.core.actors import ActorLike
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.organization.models import HandlingUnit


@transaction.atomic
def user_create(
    *,
    actor: ActorLike,
    username: str,
    password: str | None,
    display_name: str = "",
    phone: str = "",
    email: str = "",
) -> User:
    if User.objects.filter(username=username).exists():
        raise ApplicationError(_("用户名“%(name)s”已存在") % {"name": username}, field="username")
    user = User(username=username, display_name=display_name, phone=phone, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    event_record(actor=actor, action="user_create", obj=user, changes={"username": username})
    return user


@transaction.atomic
def role_grant(
    *, actor: ActorLike, user: User, role: str, unit: HandlingUnit | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise ApplicationError(_("未知角色“%(role)s”") % {"role": role}, field="role")
    if role in UNIT_ROLES and unit is None:
        raise ApplicationError(_("承办单位角色必须指定所属单位"), field="unit")
    if role not in UNIT_ROLES:
        unit = None
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        if role == Role.ADMIN and not user.is_staff:
            _admin_flags(user, True)
        _role_event(actor=actor, action="role_grant", user=user, role=role, unit=unit)
    user.forget_roles()
    return assignment


@transaction.atomic
def role_revoke(*, actor: ActorLike, user: User, role: str, unit: HandlingUnit | None = None) -> None:
    deleted, _n = RoleAssignment.objects.filter(user=user, role=role, unit=unit).delete()
    if deleted:
        if role == Role.ADMIN:
            _admin_flags(user, False)
        _role_event(actor=actor, action="role_revoke", user=user, role=role, unit=unit)
    user.forget_roles()


def _admin_flags(user: User, admin: bool) -> None:
    """The admin role carries Django's own flags (the admin site): set with the role, cleared with it."""
    user.is_staff = user.is_superuser = admin
    user.save(update_fields=["is_staff", "is_superuser"])


def _role_event(*, actor: ActorLike, action: str, user: User, role: str, unit: HandlingUnit | None) -> None:
    event_record(
        actor=actor, action=action, obj=user, changes={"role": role, "unit": unit.pk if unit else None}
    )


@transaction.atomic
def user_change_password(*, actor: ActorLike, user: User, new_password: str) -> int:
    """Set a new password. Every other session ends (Django's session hash follows the password) and every
    API token of the user is revoked: a stolen key must not outlive the password it came with (等保 2.0
    身份鉴别). Returns how many tokens were revoked."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    tokens = list(
        ApiToken.objects.select_for_update().filter(user=user, revoked=False).values_list("prefix", flat=True)
    )
    ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)
    event_record(
        actor=actor,
        action="password_change",
        obj=user,
        changes={"revoked_tokens": tokens} if tokens else None,
    )
    return len(tokens)


@transaction.atomic
def api_token_create(*, actor: ActorLike, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw key is returned once and never stored."""
    if not name.strip():
        raise ApplicationError(_("请填写令牌用途"), field="name")
    raw = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name.strip(), key_hash=ApiToken.hash(raw), prefix=raw[:8])
    event_record(actor=actor, action="api_token_create", obj=user, changes={"token": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: ActorLike, token: ApiToken) -> None:
    token.revoked = True
    token.save(update_fields=["revoked"])
    event_record(actor=actor, action="api_token_revoke", obj=token.user, changes={"token": token.prefix})
