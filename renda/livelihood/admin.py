from django.contrib import admin

from renda.livelihood.models import ProjectYear


@admin.register(ProjectYear)
class ProjectYearAdmin(admin.ModelAdmin):
    list_display = ("year", "places", "candidates", "main_month", "vote_mode", "collecting")
