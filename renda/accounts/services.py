"""Every write on accounts: users, roles, tokens, passwords."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.accounts import rules
from renda.accounts.backends import forget_enrolled
from renda.accounts.choices import UNIT_ROLES, Role
from renda.accounts.models import ApiToken, RoleAssignment, User
from renda.core.actors import ActorLike, user_of
from renda.core.errors import ApplicationError, PermissionDenied
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


# --- Two-factor sign-in (rules.py; docs/security.md "Sign-in") --------------------------------------------


@transaction.atomic
def twofa_enrol(*, actor: ActorLike, user: User, key_hex: str, token: str) -> list[str]:
    """Confirm a new authenticator: `key_hex` is the secret shown at enrolment (kept in the session until
    now), `token` the code the app shows for it. Replaces any earlier device and recovery codes; returns the
    new recovery codes (shown once: only the codes themselves are stored, by django-otp, for one use each)."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator", key=key_hex, confirmed=True)
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ApplicationError(_("验证码不正确，请核对手机上的验证器后重新输入"), field="token")
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _n in range(rules.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    event_record(actor=actor, action="twofa_enrol", obj=user, changes={"recovery_codes": len(codes)})
    forget_enrolled(user)
    return codes


@transaction.atomic
def twofa_verify(*, user: User, token: str) -> Device | None:
    """Check a sign-in code (the authenticator's, or one recovery code, which is then used up). Returns the
    device that accepted it, or None; a failure and a recovery code's use are on the audit trail. django-otp
    throttles each device (a growing wait after wrong codes)."""
    device = match_token(user, token.strip().replace(" ", "").lower())
    if device is None:
        event_record(actor=user, action="twofa_failure", obj=user)
    elif isinstance(device, StaticDevice):
        left = StaticToken.objects.filter(device=device).count()
        event_record(actor=user, action="twofa_recovery_use", obj=user, changes={"recovery_codes": left})
    return device


@transaction.atomic
def twofa_reset(*, actor: ActorLike, user: User) -> int:
    """Remove every second factor of `user` (a lost phone): they enrol again at their next sign-in, and a
    session that used the removed device must enter a code again. Staff and administrators only
    (rules.may_reset_twofa). Returns how many devices were removed."""
    acting = user_of(actor)
    if acting is None or not rules.may_reset_twofa(
        actor_roles=acting.role_set, target_roles=user.role_set, same_user=acting.pk == user.pk
    ):
        raise PermissionDenied(_("您无权重置该用户的两步验证"))
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
    StaticDevice.objects.filter(user=user).delete()
    event_record(actor=actor, action="twofa_reset", obj=user, changes={"devices": removed})
    forget_enrolled(user)
    return removed


@transaction.atomic
def lockout_clear(*, actor: ActorLike, username: str) -> int:
    """Lift the sign-in lockout of `username` (from every address) before its cool-off ends. Staff and
    administrators only. Returns how many lockout records were cleared."""
    acting = user_of(actor)
    if acting is None or not rules.may_manage_signin(acting.role_set):
        raise PermissionDenied(_("您无权解除登录锁定"))
    cleared = axes_reset(username=username)
    event_record(
        actor=actor,
        action="lockout_clear",
        obj=User.objects.filter(username=username).first(),
        changes={"username": username, "records": cleared},
    )
    return cleared
