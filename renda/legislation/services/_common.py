"""What the legislation services share: the limits, the input checks, the text parsed into articles."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.numerals import chinese_number
from renda.legislation import articles
from renda.legislation.permissions import can_manage

MAX_TEXT = 200_000  # a regulation's text
MAX_COMMENT = 3000
CODE_PREFIX = "LF"


def _today() -> datetime.date:
    return timezone.localdate()


def _manager(actor: ActorLike):
    actor = as_actor(actor)
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以办理地方立法"))
    return actor


def parse_text(text: str, field: str = "text") -> articles.Regulation:
    """The text parsed into articles, or the parser's refusal naming the line."""
    try:
        return articles.parse(text)
    except articles.ParseError as exc:
        if exc.line == 0:
            raise ApplicationError(_("条文：未找到任何条文（每条应以“第一条”等开头）"), field=field) from exc
        raise ApplicationError(
            _("条文第 %(line)s 行：应为第%(n)s条，条文序号应连续")
            % {"line": exc.line, "n": chinese_number(exc.expected)},
            field=field,
        ) from exc
