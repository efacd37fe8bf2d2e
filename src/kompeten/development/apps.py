from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "kompeten.development"
    verbose_name = _("Pengembangan kompetensi")
