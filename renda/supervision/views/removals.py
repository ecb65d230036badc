"""Pages of removal motions (撤职案): a motion's page with its one ActionMenu (signing, filing, the council's
scheduling as a removal list, the meeting's vote; a passed removal ends the tenure in the register)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from renda.core.pages import ActionMenu
from renda.supervision import selectors_investigations
from renda.supervision.services import removals as services
from renda.supervision.views._pages import object_pages, on
from renda.supervision.views.investigations import signing_steps

S = selectors_investigations


def _on(service):
    return on("removal_id", service)


MENU = ActionMenu(
    signing_steps(
        _on,
        services,
        "removal",
        filed=gettext_lazy("联名已达法定人数，撤职案已提出，送主任会议"),
        lapsed=gettext_lazy("联名截止时间已过且人数不足，撤职案未提出"),
        passed_state="removed",
        passed=gettext_lazy("表决通过，撤销职务"),
    )
)


_get, _page, detail, action = object_pages(
    MENU,
    S.removal,
    "removal",
    lambda obj: {
        "count": S.signature_count(obj),
        "signatures": S.signatures(obj),
        "vote_poll": S.vote_poll(obj),
    },
    sign="supervision:motions_sign",
)
