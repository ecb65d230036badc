"""`manage.py proposals_digest [--date YYYY-MM-DD] [--enqueue]`: the daily digest of overdue and due-soon
items.

Run it once a day (cron or a systemd timer; docs/deploy.md). Running it again the same day writes nothing.
"""

import datetime as dt

from django.core.management.base import BaseCommand

from renda.proposals.digest import digest_run, proposals_digest_task


class Command(BaseCommand):
    help = "Notify handling units (and staff) of overdue and due-soon motions and suggestions; once a day."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, default=None, help="the day (default: today)"
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="hand the work to the task worker instead of running it here",
        )

    def handle(self, *args, date=None, enqueue=False, **options):
        if enqueue:
            result = proposals_digest_task.enqueue(date.isoformat() if date else None)
            self.stdout.write(f"Digest enqueued: {result.id}")
            return
        result = digest_run(today=date)
        self.stdout.write(
            f"Digest {result.day:%Y-%m-%d}: {result.units} units with overdue or due-soon items, "
            f"{result.notices} notices written, {result.skipped} already sent."
        )
