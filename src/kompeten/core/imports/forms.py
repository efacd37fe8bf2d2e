"""The upload form: the shape of the input and the file checks that need no database."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kompeten.core.imports.errors import FileRejected
from kompeten.core.imports.readers import check_upload, sniff
from kompeten.core.models import ImportJob


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(choices=ImportJob.Kind.choices, widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("Berkas (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            # Size first: an oversized upload is refused before it is read into memory.
            check_upload(upload.name, upload.size)
            upload.seek(0)
            data = upload.read()
            sniff(upload.name, data)
        except FileRejected as exc:
            raise forms.ValidationError([e.reason for e in exc.errors]) from None
        self.cleaned_data["data"] = data
        return upload
