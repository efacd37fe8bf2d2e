"""Competencies to re-assess after development (issue 4 item 7).

The admin and the assessors see the open flags of the agency; a flag closes by itself when a
newer result of the competency is recorded (computed when the list is read), and the admin
may close one by hand ("tandai selesai").
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts.policies import require
from kompeten.development import plans_selectors, plans_services, policies_plans

PAGE_SIZE = 50


@require_safe
def reassessment_list_view(request):
    require(request, policies_plans.can_view_reassessments)
    include_done = request.GET.get("semua") == "1"
    flags = plans_selectors.reassessment_list(actor=request.membership, include_done=include_done)
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "development/reassessment_list.html",
        {
            "page": page,
            "include_done": include_done,
            "can_resolve": policies_plans.can_resolve_reassessment(request.membership),
        },
    )


@require_POST
def reassessment_resolve_view(request, pk):
    require(request, policies_plans.can_resolve_reassessment)
    flag = get_object_or_404(
        plans_selectors.reassessment_list(actor=request.membership, include_done=True), pk=pk
    )
    plans_services.reassessment_resolve(actor=request.membership, flag=flag)
    messages.success(request, _("Ditandai selesai."))
    return redirect("development:reassessment-list")
