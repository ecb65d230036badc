from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.accounts.choices import UNIT_ROLES, Role
from renda.core.fields import EncryptedTextField
from renda.organization.models import HandlingUnit


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = EncryptedTextField(_("手机号"), max_length=20, blank=True)  # SM4 at rest (renda.core.crypto)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def role_assignments(self) -> list[RoleAssignment]:
        if not self.pk:
            return []
        return list(self.roles.all())

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(a.role for a in self.role_assignments)

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @cached_property
    def unit_ids(self) -> frozenset[int]:
        """Units this user works for (as handler or leader)."""
        return frozenset(a.unit_id for a in self.role_assignments if a.role in UNIT_ROLES and a.unit_id)

    def unit_ids_for(self, role: str) -> frozenset[int]:
        return frozenset(a.unit_id for a in self.role_assignments if a.role == role and a.unit_id)

    def forget_roles(self) -> None:
        for name in ("role_assignments", "role_set", "unit_ids", "_renda_actor"):
            self.__dict__.pop(name, None)


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique_per_unit"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(unit__isnull=True), name="role_unique_unbound"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(r.value for r in UNIT_ROLES), unit__isnull=False)
                    | (~models.Q(role__in=sorted(r.value for r in UNIT_ROLES)) & models.Q(unit__isnull=True))
                ),
                name="role_unit_binding",
            ),
        ]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{label}（{self.unit}）" if self.unit_id else str(label)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A token for integrations (Authorization: Bearer <token>). Only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked = models.BooleanField(_("已吊销"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)
