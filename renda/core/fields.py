"""Model fields for personal data at rest: encrypted with SM4 (renda.core.crypto), with a blind index where a
value must be found again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from renda.core import crypto


class _EmptyOnlyExact(Exact):
    """`field=""` (is it blank?) works; any other value cannot match a randomised ciphertext, so it is refused
    rather than silently finding nothing: look such values up through the blind index."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: look it up through its blind index, not by value"
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored as SM4-GCM ciphertext, read back as the text; "" stays "" (blank is not secret)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return crypto.decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return crypto.encrypt(value) if value else value

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        # an input line with the field's max_length (a TextField would give a textarea)
        return models.Field.formfield(
            self, **{"form_class": forms.CharField, "max_length": self.max_length, **kwargs}
        )

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC-SM3 of another field's value, kept up to date on every save and bulk_create (its pre_save), for
    equality lookups and unique constraints: `Model.objects.filter(x_index=crypto.blind_index(value))`."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("editable", False), ("blank", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = crypto.blind_index(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
