from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from renda.core import selectors
from renda.core.http import page_for, render_htmx


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and the database's state, as JSON (for load balancers and monitoring)."""
    db: dict[str, Any] = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db["ok"] = True
    except Exception as exc:
        db.update(ok=False, error=exc.__class__.__name__)
    status = 200 if db["ok"] else 503
    return JsonResponse({"status": "ok" if db["ok"] else "error", "database": db}, status=status)


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人用户名"), required=False)
    action = forms.ChoiceField(label=_("操作"), required=False)
    model = forms.ChoiceField(label=_("对象类型"), required=False)
    object_id = forms.CharField(label=_("对象编号"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = cast(forms.ChoiceField, self.fields["action"])
        action.choices = [("", _("全部"))] + [(a, a) for a in selectors.event_actions()]
        cast(forms.ChoiceField, self.fields["model"]).choices = [("", _("全部"))] + [
            (f"{ct.app_label}.{ct.model}", ct.name) for ct in selectors.event_models()
        ]


@page_for(selectors.can_read_audit)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list(**{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render_htmx(request, "core/audit.html", {"form": form, "page": page}, partial="results")
