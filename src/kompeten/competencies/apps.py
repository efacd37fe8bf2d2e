from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "kompeten.competencies"
    verbose_name = _("Kompetensi")

    def ready(self):
        # Keep the stored gaps and JPM current when the registry changes (design.md).
        from kompeten.competencies import receivers  # noqa: F401
