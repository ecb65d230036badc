from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from renda.accounts import services
from renda.accounts.models import ApiToken, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "display_name", "is_active", "last_login"]
    search_fields = ["username", "display_name"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Renda", {"fields": ("display_name", "phone")}))

    def save_formset(self, request, form, formset, change):
        """Roles are granted and revoked through the accounts services (their rules, their Events: what an
        auditor reads as 授予角色 / 撤销角色), never written by the inline form itself."""
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        formset.save(commit=False)
        for row in formset.deleted_objects:
            services.role_revoke(actor=request.user, user=user, role=row.role, unit=row.unit)
        for row_form in formset.initial_forms:
            if row_form in formset.deleted_forms or not row_form.has_changed():
                continue
            old = RoleAssignment.objects.get(pk=row_form.instance.pk)
            services.role_revoke(actor=request.user, user=user, role=old.role, unit=old.unit)
            services.role_grant(
                actor=request.user,
                user=user,
                role=row_form.cleaned_data["role"],
                unit=row_form.cleaned_data["unit"],
            )
        for row in formset.new_objects:
            services.role_grant(actor=request.user, user=user, role=row.role, unit=row.unit)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]


# django-otp registers its devices in the admin, where an administrator would read every user's TOTP secret
# (and its QR code) and edit devices outside the services. Second factors are reset on the sign-in security
# page (services.twofa_reset, permission-checked, audited) instead.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
