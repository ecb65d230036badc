"""Masks for personal data shown to someone who may not read it in full (MISSION: 138****1234)."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str | None:
    """138****1234: keep the operator prefix and the last four digits."""
    if not phone:
        return None
    phone = phone.strip()
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(id_number: str | None) -> str | None:
    """330102********123X: keep the region code (6) and the last four characters."""
    if not id_number:
        return None
    id_number = id_number.strip()
    if len(id_number) <= 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]
