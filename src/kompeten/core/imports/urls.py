# Placeholder: the import pages are being built (see core/imports).
from django.http import HttpResponse
from django.urls import path

app_name = "imports"
urlpatterns = [path("", lambda request: HttpResponse("TODO"), name="job-list")]
