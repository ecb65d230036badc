"""A resolution or decision (决议、决定) in the GB/T 9704 format (renda.core.docx), from plain values so it is
tested without a database: the title, the line that says which meeting adopted it, then the text paragraph
by paragraph."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from renda.core.docx import OfficialDocument, date_text


@dataclass(frozen=True)
class DecisionCopy:
    congress: str  # 江城市人民代表大会常务委员会
    title: str  # 关于……的决定
    number: str  # 文号, may be empty (a draft)
    meeting: str  # 江城市第十六届人民代表大会常务委员会第二十次会议
    adopted_on: dt.date | None  # None: a draft (草案)
    text: str


def decision_docx(c: DecisionCopy) -> bytes:
    title = c.title if c.adopted_on else _("%(title)s（草案）") % {"title": c.title}
    doc = OfficialDocument(issuer=c.congress, title=title, number=c.number, signer=c.congress,
                           date=c.adopted_on)  # fmt: skip
    if c.adopted_on and c.meeting:
        doc.paragraph(
            _("（%(date)s%(meeting)s通过）") % {"date": date_text(c.adopted_on), "meeting": c.meeting},
            indent=False,
        )
    for line in c.text.splitlines():
        if line.strip():
            doc.paragraph(line.strip())
    return doc.to_bytes()
