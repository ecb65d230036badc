"""The legislation's documents in the GB/T 9704 format (renda.core.docx), from the parsed text so they are
tested without a database: the 法规草案征求意见稿 (the notice of where and until when to comment, then the
draft — its title, chapters and articles, each article's paragraphs and items as the text has them) and the
standing committee's 公告 publishing an approved regulation (立法法 第八十八条), followed by its text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from renda.core.docx import OfficialDocument, date_text
from renda.legislation.articles import Paragraph, Regulation


@dataclass(frozen=True)
class CommentCopy:
    congress: str
    title: str  # the draft's title
    label: str  # 草案 / 草案修改稿
    regulation: Regulation
    opens_on: dt.date | None
    closes_on: dt.date | None
    url: str  # where the public comments online
    date: dt.date


@dataclass(frozen=True)
class Announcement:
    committee: str  # XX市人民代表大会常务委员会
    number: str  # the announcement's number (公告号), as the clerk recorded it
    title: str
    passed_on: dt.date | None
    approved_on: dt.date | None
    published_on: dt.date | None
    effective_on: dt.date | None
    regulation: Regulation


def _articles(doc: OfficialDocument, regulation: Regulation) -> None:
    chapter = ""
    for article in regulation.articles:
        if article.chapter and article.chapter != chapter:
            chapter = article.chapter
            doc.heading(chapter, level=1)
        first, *rest = article.paragraphs or [Paragraph("")]
        doc.paragraph(f"{article.label}　{first.text}")
        for item in first.items:
            doc.paragraph(item)
        for p in rest:
            doc.paragraph(p.text)
            for item in p.items:
                doc.paragraph(item)


def _date(day: dt.date | None) -> str:
    return date_text(day) if day else "——"


def announcement_docx(a: Announcement) -> bytes:
    """The 公告 (立法法 第八十八条: a regulation of a city with districts is published by its standing
    committee's announcement once the province's standing committee has approved it), then the regulation as
    approved."""
    doc = OfficialDocument(
        issuer=a.committee,
        title=_("%(committee)s公告") % {"committee": a.committee},
        number=a.number,
        signer=a.committee,
        date=a.published_on,
    )
    # a published regulation was passed, approved and given its date of effect (the workflow's order)
    doc.paragraph(
        _("《%(title)s》已由%(committee)s会议于%(passed)s通过，经省人民代表大会常务委员会于%(approved)s批准，"
          "现予公布，自%(effective)s起施行。")
        % {
            "title": a.title,
            "committee": a.committee,
            "passed": _date(a.passed_on),
            "approved": _date(a.approved_on),
            "effective": _date(a.effective_on),
        }
    )  # fmt: skip
    doc.paragraph(a.regulation.title or a.title, indent=False)
    _articles(doc, a.regulation)
    return doc.to_bytes()


def comment_copy_docx(c: CommentCopy) -> bytes:
    doc = OfficialDocument(
        issuer=c.congress,
        title=_("《%(title)s（%(label)s）》征求意见稿") % {"title": c.title, "label": c.label},
        signer=c.congress,
        date=c.date,
    )
    if c.opens_on and c.closes_on:
        doc.paragraph(
            _("为了提高立法质量，广泛听取社会各方面意见，现将《%(title)s》公开征求意见。欢迎于%(from)s至%(to)s期间"
              "通过网上征求意见页面（%(url)s）或各基层立法联系点提出意见。")
            % {"title": c.title, "from": date_text(c.opens_on), "to": date_text(c.closes_on), "url": c.url}
        )  # fmt: skip
    doc.paragraph(c.regulation.title or c.title, indent=False)
    _articles(doc, c.regulation)
    return doc.to_bytes()
