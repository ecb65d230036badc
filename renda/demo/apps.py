from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city (江临市人民代表大会), built through the other apps' services: no models of its own."""

    name = "renda.demo"
    label = "demo"
