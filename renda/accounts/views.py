from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renda.accounts import services
from renda.accounts.forms import ChangePasswordForm, LoginForm, TokenForm
from renda.accounts.models import ApiToken
from renda.core.http import get_scoped_or_404
from renda.core.pages import attempt


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        revoked = services.user_change_password(
            actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        if revoked:
            messages.success(
                request,
                _("密码已修改；您的 %(n)s 个接口令牌已一并吊销，请为需要的集成重新创建。") % {"n": revoked},
            )
        else:
            messages.success(request, _("密码已修改"))
        return redirect("reports:home")
    return render(request, "accounts/password_change.html", {"form": form})


# --- API tokens: every signed-in user manages their own ---------------------------------------------


def _own_tokens(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


@never_cache
@login_required
def tokens(request):
    """List the user's tokens; POST creates one and shows its raw key this once (it is never stored)."""
    raw_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        ok, created = attempt(
            request,
            lambda: services.api_token_create(actor=request.user, user=request.user, name=name),
            form=form,
        )
        raw_key = created[1] if ok and created else None
    error = (
        next(iter(form.errors.get("name", []) or form.non_field_errors()), None) if form.is_bound else None
    )
    name = "" if raw_key or not form.is_bound else form.data.get("name", "")
    context = {"tokens": _own_tokens(request.user), "raw_key": raw_key, "error": error, "name": name}
    return render(request, "accounts/tokens.html", context, status=400 if error else 200)


@require_POST
@login_required
def token_revoke(request, pk: int):
    token = get_scoped_or_404(_own_tokens(request.user), pk=pk)
    if not token.revoked:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("令牌“%(name)s”已吊销") % {"name": token.name})
    return redirect("accounts:tokens")
