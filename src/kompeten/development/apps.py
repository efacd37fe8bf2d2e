from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "kompeten.development"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self):
        # The competency profile shows development beside the level history.
        from kompeten.competencies import profile_panels
        from kompeten.development.profile_panels import development_panel

        profile_panels.register(development_panel)
