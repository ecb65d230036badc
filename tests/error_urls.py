"""The site's URLs plus a view that fails, for the 500 page's test."""

from django.urls import path

from config.urls import *  # noqa: F403 - the site's URLs and its error handlers
from config.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
