"""Rebuild the similar-items index from every item the platform holds (the registered index sources: the
submitted motions and suggestions), whenever they arrived — a demo seed, an import, a restore from backup:

    manage.py insight_reindex          # the index only: new texts added, changed ones re-indexed
    manage.py insight_reindex --all    # and retrain routing, recompute hot topics (what the seed does)

Prints what it did. Running it again changes nothing when nothing changed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from renda.insight import services


class Command(BaseCommand):
    help = "Rebuild the similar-items index from every stored item (--all: and routing and hot topics)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="also retrain routing and recompute hot topics"
        )

    def handle(self, *args, **options):
        if options["all"]:
            done = services.rebuild_all(actor=None)
            counts = done["index"]
        else:
            counts = services.index_rebuild()
            done = {}
        self.stdout.write(
            "index: {indexed} items ({added} added, {changed} changed, {unchanged} unchanged, "
            "{removed} removed)".format(**counts)
        )
        for kind in ("category", "unit"):
            if kind in done:
                r = done[kind]
                if r["trained"]:
                    recent = r.get("recent") or {}
                    figure = f", latest {recent['n']}: {recent['right']} right" if recent else ""
                    self.stdout.write(f"routing {kind}: version {r['version']}{figure}")
                else:
                    self.stdout.write(f"routing {kind}: not trained ({r['reason']})")
        if "topics" in done:
            t = done["topics"]
            self.stdout.write(f"hot topics: {t.get('topics', 0)} topics from {t.get('items', 0)} items")
