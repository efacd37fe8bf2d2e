from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kompeten.core"
    verbose_name = "Inti"
