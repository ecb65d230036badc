"""The term's settings (议案建议设置: result-category scheme, deadlines, the motion threshold …).

The view parses input and calls one service; the service validates and writes the Event.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError
from renda.core.http import page_for
from renda.proposals import forms as f
from renda.proposals import permissions, selectors, services


def _pick_term(terms, wanted: str | None):
    if wanted and str(wanted).isdigit():
        for t in terms:
            if t.pk == int(wanted):
                return t
    return terms[0] if terms else None


def _add_errors(form, exc: ApplicationError) -> None:
    """Each problem on its field, without repeating the field's label that the message starts with."""
    for e in exc.errors or [{"field": exc.field, "message": exc.message}]:
        name = e.get("field")
        message = str(e["message"])
        if name in form.fields:
            prefix = f"{form.fields[name].label}："
            form.add_error(name, message.removeprefix(prefix))
        else:
            form.add_error(None, message)


@page_for(permissions.can_edit_settings)
def proposal_settings(request):
    """议案建议设置 of one term (the current one unless ?term= says otherwise)."""
    terms = selectors.settings_terms()
    term = _pick_term(terms, request.POST.get("term_id") or request.GET.get("term"))
    form = None
    if term is not None:
        conf = selectors.settings_for(term.pk)
        initial = {name: getattr(conf, name) for name in services.SETTINGS_FIELDS}
        form = f.SettingsForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.proposal_settings_update(actor=request.user, term_id=term.pk, **form.cleaned_data)
            except ApplicationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("议案建议设置已保存"))
                return redirect(f"{reverse('proposals:settings')}?term={term.pk}")
    return render(request, "proposals/settings.html", {"terms": terms, "term": term, "form": form})
