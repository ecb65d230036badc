"""Retrain the routing models now, in this process (the scheduled run; cron calls it nightly):

    30 2 * * *  cd /srv/renda && .venv/bin/python manage.py insight_train
    manage.py insight_train --kind unit

Each kind is trained from the training sources other apps register (renda.insight.sources); with too little
history the kind is skipped and the reason printed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from renda.insight.models import RoutingKind
from renda.insight.tasks import routing_train_task


class Command(BaseCommand):
    help = "Train a new version of each routing model (category, unit) from the registered history."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=RoutingKind.values, help="only this kind")

    def handle(self, *args, **options):
        for kind in options["kind"] or RoutingKind.values:
            result = routing_train_task.call(kind)
            if result["trained"]:
                cv = result["figures"].get("cv", {})
                self.stdout.write(
                    f"{kind}: version={result['version']} n={result['figures'].get('n')} "
                    f"accuracy={cv.get('accuracy', '')} macro_f1={cv.get('macro_f1', '')}"
                )
            else:
                self.stdout.write(f"{kind}: not trained ({result['reason']}; n={result['n']})")
