"""Compute a hot-topics snapshot from the platform's own texts (the scheduled run; cron calls it nightly) or
from a CSV file (development data):

    manage.py insight_topics --from-platform [--days 90] [--by week]
    manage.py insight_topics --csv FILE --text-col 留言详情 --title-col 留言主题 --time-col time_iso \
        --weight-col 点赞数 --id-col 留言编号

--from-platform clusters what the registered topic sources (renda.insight.sources: the submitted motions and
suggestions) collected in the last N days, as 重新计算 on the page does, but in this process.
"""

from __future__ import annotations

import csv
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.core.errors import ApplicationError
from renda.insight import services
from renda.insight.models import TopicSnapshot
from renda.insight.tasks import topics_refresh_task


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
    help = (
        "Cluster the platform's texts of the last N days (--from-platform) or a CSV file's texts into hot "
        "topics and store a TopicSnapshot."
    )

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--csv")
        what.add_argument(
            "--from-platform", action="store_true", help="the submitted items of the last --days days"
        )
        parser.add_argument("--days", type=int, default=services.REFRESH_DAYS, help="with --from-platform")
        parser.add_argument("--text-col", default="text")
        parser.add_argument("--title-col", default="")
        parser.add_argument("--time-col", default="")
        parser.add_argument("--weight-col", action="append", default=[], help="repeat to add several columns")
        parser.add_argument("--id-col", default="")
        parser.add_argument(
            "--by",
            choices=services.PERIODS,
            default=None,
            help="trend period (week from the platform, else month)",
        )
        parser.add_argument("--top", type=int, default=10, help="topics to print")

    def handle(self, *args, **o):
        if o["from_platform"]:
            try:
                result = topics_refresh_task.call(days=o["days"], by=o["by"] or "week")
            except ApplicationError as exc:
                raise CommandError(str(exc.message)) from exc
            self._report(TopicSnapshot.objects.get(pk=result["snapshot"]), o["top"])
            return
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
        snap = services.topics_compute(actor=None, items=items, source=o["csv"], by=o["by"] or "month")
        self._report(snap, o["top"])

    def _report(self, snap, top: int) -> None:
        self.stdout.write(
            f"snapshot {snap.pk}: {snap.item_count} texts, {len(snap.topics)} topics kept ({snap.source})"
        )
        for rank, t in enumerate(snap.topics[:top], start=1):
            flag = " ↑" if t["growing"] else ""
            self.stdout.write(
                f"{rank:>2}. size={t['size']} heat={t['heat']} "
                f"{'、'.join(t['keywords'])} | {'、'.join(t['places'])}{flag}"
            )
