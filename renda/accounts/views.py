import functools
import io
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from renda.accounts import selectors, services
from renda.accounts.forms import ChangePasswordForm, LoginForm, TokenForm, TwoFactorTokenForm, UsernameForm
from renda.accounts.middleware import pending_step
from renda.accounts.models import ApiToken
from renda.accounts.permissions import may_manage_signin
from renda.core.clientip import request_address
from renda.core.http import get_scoped_or_404
from renda.core.pages import attempt

PENDING_KEY = "renda_twofa_pending_key"  # the secret shown at enrolment, until a code confirms it


class LoginView(auth_views.LoginView):
    """The password step. After failed passwords the account waits (rules.signin_wait, per account and client
    address, as the lockout counts): an attempt made during the wait is not checked, and counts as a failure
    toward the lockout. The second step follows (middleware.TwoFactorMiddleware)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150]
        wait = selectors.signin_wait_remaining(
            username=username, address=request_address(request), now=timezone.now()
        )
        if username and wait > 0:
            user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
            form = self.get_form_class()(request, initial={"username": username})
            context = self.get_context_data(form=form, signin_wait=wait)
            return self.render_to_response(context)
        return super().post(request, *args, **kwargs)


def _next_url(request, default: str = "reports:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse(default)


@never_cache
@login_required
def twofa_verify(request):
    """The second step: a code from the authenticator, or a recovery code."""
    if pending_step(request) != "verify":
        return redirect(_next_url(request))
    form = TwoFactorTokenForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        device = services.twofa_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if selectors.is_recovery_device(device):
                left = selectors.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _("您使用了一个恢复码，还剩 %(n)s 个。恢复码用完前请在“两步验证”页面重新绑定验证器。")
                    % {"n": left},
                )
            return redirect(_next_url(request))
        error = _("验证码不正确或已使用，请稍候重新输入")
    elif request.method == "POST":
        error = _("请输入验证码")
    context = {"form": form, "error": error, "next": _next_url(request)}
    return render(request, "accounts/twofa_verify.html", context, status=400 if error else 200)


@never_cache
@login_required
def twofa_enrol(request):
    """Bind an authenticator app: a QR code (and the secret as text), then one of its codes confirms it; the
    recovery codes are shown once. Required roles come here right after the password; anyone else (a deputy)
    from the two-factor page. A user who already has one must first pass the second step."""
    step = pending_step(request)
    if step == "verify":
        return redirect("accounts:twofa_verify")
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = secrets.token_hex(20)
    form = TwoFactorTokenForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        ok, codes = attempt(
            request,
            lambda: services.twofa_enrol(
                actor=request.user, user=request.user, key_hex=key, token=form.cleaned_data["token"]
            ),
            form=form,
        )
        if ok:
            request.session.pop(PENDING_KEY, None)
            otp_login(request, selectors.twofa_device(request.user))
            context = {"codes": codes, "next": _next_url(request)}
            return render(request, "accounts/twofa_codes.html", context)
        error = next(iter(form.errors.get("token", []) or form.non_field_errors()), None)
    elif request.method == "POST":
        error = _("请输入验证码")
    context = {
        "form": form,
        "error": error,
        "secret": selectors.enrolment_secret(request.user, key)[0],
        "required": step == "enrol",
        "next": _next_url(request),
    }
    return render(request, "accounts/twofa_enrol.html", context, status=400 if error else 200)


@never_cache
@login_required
def twofa_qr(request):
    """The enrolment's QR code (an SVG image: the otpauth:// address of the pending secret)."""
    key = request.session.get(PENDING_KEY)
    if not key or pending_step(request) == "verify":
        raise Http404
    url = selectors.enrolment_secret(request.user, key)[1]
    svg = io.BytesIO()  # a standalone SVG document (with its xmlns: an <img> shows nothing without it)
    segno.make(url, error="m").save(svg, kind="svg", xmldecl=False, scale=5, border=2, light="#fff")
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
def twofa(request):
    """The user's own two-factor page: state, recovery codes left, bind (again)."""
    context = {
        "enrolled": selectors.twofa_enrolled(request.user),
        "required": selectors.twofa_required_for(request.user),
        "codes_left": selectors.recovery_codes_left(request.user),
        "may_manage": may_manage_signin(request.user),
    }
    return render(request, "accounts/twofa.html", context)


# --- Sign-in security for staff: lockouts and second factors -----------------------------------------------


def _signin_manager(request) -> None:
    if not may_manage_signin(request.user):
        raise DjangoPermissionDenied


@never_cache
@login_required
def signin_security(request):
    _signin_manager(request)
    rows = selectors.lockout_rows(now=timezone.now())
    return render(
        request, "accounts/signin_security.html", {"rows": rows, "limit": settings.AXES_FAILURE_LIMIT}
    )


def _username_posted(view):
    """A sign-in manager's POST naming one user: `view(request, username)` runs when the name is valid, and
    the page returns to the sign-in security list."""

    @require_POST
    @login_required
    @functools.wraps(view)
    def wrapped(request):
        _signin_manager(request)
        form = UsernameForm(request.POST)
        if form.is_valid():
            view(request, form.cleaned_data["username"])
        return redirect("accounts:signin_security")

    return wrapped


@_username_posted
def lockout_clear(request, username: str) -> None:
    was_locked = selectors.is_locked(username, now=timezone.now())
    ok, _cleared = attempt(request, lambda: services.lockout_clear(actor=request.user, username=username))
    if ok and was_locked:
        messages.success(request, _("已解除“%(name)s”的登录锁定") % {"name": username})
    elif ok:
        messages.success(request, _("已清除“%(name)s”的失败登录记录") % {"name": username})


@_username_posted
def twofa_reset(request, username: str) -> None:
    target = selectors.user_by_username(username)
    if target is None:
        messages.error(request, _("没有用户名为“%(name)s”的用户") % {"name": username})
        return
    ok, _removed = attempt(request, lambda: services.twofa_reset(actor=request.user, user=target))
    if ok:
        messages.success(
            request, _("已重置“%(name)s”的两步验证，其下次登录时需重新绑定") % {"name": target.username}
        )


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
