from django.contrib.admin.apps import AdminConfig


class RendaAdminConfig(AdminConfig):
    """django.contrib.admin with the audited site (renda.core.admin_site): every write is an Event."""

    default_site = "renda.core.admin_site.RendaAdminSite"
