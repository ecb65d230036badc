"""The term's settings (议案建议设置: result-category scheme, deadlines, the motion threshold …).

The view parses input and calls one service; the service validates and writes the Event.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.http import page_for
from renda.core.pages import attempt
from renda.proposals import forms as f
from renda.proposals import permissions, selectors, services


def _pick_term(terms, wanted: str | None):
    if wanted and str(wanted).isdigit():
        for t in terms:
            if t.pk == int(wanted):
                return t
    return terms[0] if terms else None


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
            data = form.cleaned_data
            update = lambda: services.proposal_settings_update(actor=request.actor, term_id=term.pk, **data)  # noqa: E731
            if attempt(request, update, form=form, drop_label=True)[0]:  # the messages start with the label
                messages.success(request, _("议案建议设置已保存"))
                return redirect(f"{reverse('proposals:settings')}?term={term.pk}")
    return render(request, "proposals/settings.html", {"terms": terms, "term": term, "form": form})
