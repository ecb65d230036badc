"""The error pages (403, 404, 500, CSRF failure): translated, in the site's layout (menu, language, a
viewport for phones), with a way back. Wired in config/urls.py (handler403/404/500) and
settings.CSRF_FAILURE_VIEW."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def _back(request: HttpRequest) -> str:
    """The page the reader came from, when it is on this site (never an outside address)."""
    referer = request.headers.get("referer", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if referer and same_site and referer != request.build_absolute_uri() else ""


def _page(request: HttpRequest, status: int, heading: str, message: str) -> HttpResponse:
    context = {"status": status, "heading": heading, "message": message, "back": _back(request)}
    return render(request, "errors/error.html", context, status=status)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 404, _("页面不存在"), _("您要找的页面不存在，或您无权查看。请检查网址，或从菜单进入。")
    )


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("无权访问"),
        _("您的账户没有访问此页面的权限。如需开通，请联系人大工作人员或系统管理员。"),
    )


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _page(
            request,
            500,
            _("系统出错了"),
            _("服务器处理请求时出错，已记录。请稍后重试；问题持续时请联系系统管理员。"),
        )
    except Exception:  # the layout itself failed (the database is down …): a plain page, still readable
        return HttpResponse(PLAIN_500, status=500)


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    return _page(
        request,
        403,
        _("页面已过期"),
        _("表单已过期或浏览器未保存本站的 Cookie，提交未被受理。请返回上一页，刷新后重新提交。"),
    )


PLAIN_500 = (
    '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>500 · Renda</title></head>'
    '<body style="font-family: sans-serif; margin: 2rem"><h1>系统出错了 / Server error</h1>'
    '<p>请稍后重试。Please try again later.</p><p><a href="/">返回首页 / Home</a></p></body></html>'
)
