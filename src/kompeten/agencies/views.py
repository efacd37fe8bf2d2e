from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("TODO")


unit_tree = unit_create_view = unit_detail = unit_update_view = unit_delete_view = _todo
