from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "renda.api"
    label = "renda_api"
    verbose_name = "API"
