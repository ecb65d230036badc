"""Similar items (renda.insight's index) as a given actor may see them: what the actor may read is listed
(number, title, year, score); whatever else matched is a count only, with nothing that could tell it apart —
not its number, text, year, score, nor whether it is an exact copy (issue 12, point 4: a deputy drafting must
not learn another deputy's unpublished submissions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from renda.insight import services as insight
from renda.proposals.models import Proposal

SIMILAR_TOP = 5
INDEX_SOURCE = "proposal"  # the source name under which services index submitted items


@dataclass
class SimilarPanel:
    rows: list[dict[str, Any]] = field(default_factory=list)  # readable by the actor, best first
    hidden: int = 0  # matches the actor may not read: a count only


def similar_for(
    user: Any, text: str, *, exclude_pk: int | None = None, top: int = SIMILAR_TOP
) -> SimilarPanel:
    """The `top` indexed items most similar to `text`, split into those `user` may view and a count of the
    others. Ids are checked against Proposal.objects.restrict(user, "view"), the same scope as the pages."""
    exclude = [(INDEX_SOURCE, exclude_pk)] if exclude_pk else None
    matches = [
        (int(m.object_id), m)
        for m in insight.similar_items(text, top=top, exclude=exclude, sources=(INDEX_SOURCE,))
        if m.source == INDEX_SOURCE and str(m.object_id).isdigit()
    ]
    ids = [pk for pk, _m in matches]
    panel = SimilarPanel()
    if not ids:
        return panel
    existing = set(Proposal.objects.filter(pk__in=ids).values_list("pk", flat=True))
    visible = {
        row["pk"]: row
        for row in Proposal.objects.restrict(user, "view")
        .filter(pk__in=ids)
        .values("pk", "kind", "number", "title", "submitted_at")
    }
    for pk, m in matches:
        row = visible.get(pk)
        if row is None:
            if pk in existing:  # not gone from the table (a stale index entry is no match at all)
                panel.hidden += 1
            continue
        panel.rows.append(
            {
                "pk": pk,
                "title": row["title"],
                "p": {"kind": row["kind"], "number": row["number"]},
                "year": m.year or (row["submitted_at"].year if row["submitted_at"] else None),
                "score": m.score,
                "exact": m.exact,
                "near": m.near,
            }
        )
    return panel
