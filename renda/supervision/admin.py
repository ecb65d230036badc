"""Admin: the supervision settings (the written answer's months, the interpellation signers by level) are
edited here by the administrator (every admin write is audited, renda.core.admin_apps); plans and items
change only through renda.supervision.services."""

from django.contrib import admin

from renda.supervision.models import SupervisionSettings


@admin.register(SupervisionSettings)
class SupervisionSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "answer_months",
        "interpellation_signers_city",
        "interpellation_signers_county",
    ]
