from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("TODO")


employee_list_view = employee_export_view = employee_create_view = _todo
employee_detail_view = employee_update_view = employee_delete_view = _todo
position_list_view = position_create_view = position_update_view = _todo
