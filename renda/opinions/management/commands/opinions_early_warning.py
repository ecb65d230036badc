"""Run the early warning (预警器) once: rising topics of opinions and suggestions to the leaders. Weekly, e.g.
from cron on Monday morning."""

from django.core.management.base import BaseCommand

from renda.opinions import services


class Command(BaseCommand):
    help = "社情民意预警：把本周上升的热点连同背后的意见发给主任会议成员"

    def handle(self, *args, **options):
        alerts = services.early_warning(actor=None)
        self.stdout.write(f"{len(alerts)} alert(s)")
