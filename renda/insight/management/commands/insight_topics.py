"""Compute a hot-topics snapshot from a CSV file (development data); real use calls services.topics_compute.

    manage.py insight_topics --csv FILE --text-col 留言详情 --title-col 留言主题 --time-col time_iso \
        --weight-col 点赞数 --id-col 留言编号
"""

from __future__ import annotations

import csv
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.insight import services


def _when(value: str):
    value = (value or "").strip()
    if not value:
        return None
    for fmt in (None, "%Y/%m/%d %H:%M:%S", "%Y/%m/%d"):
        try:
            dt = datetime.fromisoformat(value) if fmt is None else datetime.strptime(value, fmt)
        except ValueError:
            continue
        return timezone.make_aware(dt) if timezone.is_naive(dt) else dt
    return None


def _number(value) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


class Command(BaseCommand):
    help = "Cluster the texts of a CSV file into hot topics and store a TopicSnapshot."

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True)
        parser.add_argument("--text-col", default="text")
        parser.add_argument("--title-col", default="")
        parser.add_argument("--time-col", default="")
        parser.add_argument("--weight-col", action="append", default=[], help="repeat to add several columns")
        parser.add_argument("--id-col", default="")
        parser.add_argument("--by", choices=["week", "month"], default="month")
        parser.add_argument("--top", type=int, default=10, help="topics to print")

    def handle(self, *args, **o):
        try:
            with open(o["csv"], encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        if rows and o["text_col"] not in rows[0]:
            raise CommandError(f"column {o['text_col']!r} not found; found {list(rows[0])}")
        items = []
        for n, r in enumerate(rows, start=1):
            text = (r.get(o["title_col"], "") if o["title_col"] else "") + " " + (r[o["text_col"]] or "")
            items.append(
                (
                    r.get(o["id_col"]) if o["id_col"] else str(n),
                    text.strip(),
                    _when(r.get(o["time_col"], "")) if o["time_col"] else None,
                    sum(_number(r.get(c)) for c in o["weight_col"]),
                )
            )
        snap = services.topics_compute(actor=None, items=items, source=o["csv"], by=o["by"])
        self.stdout.write(f"snapshot {snap.pk}: {snap.item_count} texts, {len(snap.topics)} topics kept")
        for rank, t in enumerate(snap.topics[: o["top"]], start=1):
            flag = " ↑" if t["growing"] else ""
            self.stdout.write(
                f"{rank:>2}. size={t['size']} heat={t['heat']} "
                f"{'、'.join(t['keywords'])} | {'、'.join(t['places'])}{flag}"
            )
