"""任命书 (the appointment certificate) in the GB/T 9704 format (renda.core.docx), from plain values so it is
tested without a database: the issuer (the standing committee), the certificate's number, the legal basis,
the meeting that decided, the appointee and the post; signed by the standing committee on the vote's day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from renda.core.docx import OfficialDocument


@dataclass(frozen=True)
class Certificate:
    issuer: str  # 江临市人民代表大会常务委员会
    number: str  # 〔2026〕第3号
    name: str
    post: str
    meeting: str  # the standing-committee meeting that voted (its title)
    basis: str  # the laws' titles (rules.law_titles)
    nominator: str  # 市长
    date: dt.date


def certificate_docx(c: Certificate) -> bytes:
    doc = OfficialDocument(
        issuer=c.issuer,
        title=_("任命书"),
        number=_("任字%(n)s") % {"n": c.number},
        signer=c.issuer,
        date=c.date,
    )
    doc.paragraph(
        _("根据%(basis)s的规定，经%(nominator)s提请，%(meeting)s决定：")
        % {"basis": c.basis, "nominator": c.nominator, "meeting": c.meeting or c.issuer}
    )  # fmt: skip
    doc.paragraph(_("任命%(name)s为%(post)s。") % {"name": c.name, "post": c.post})
    doc.paragraph(_("被任命人员应当依法进行宪法宣誓。"))
    return doc.to_bytes()
