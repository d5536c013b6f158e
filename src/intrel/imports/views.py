"""The import page: upload, dry-run preview, commit; and the templates to download."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intrel.accounts.selectors import request_user
from intrel.core.errors import DomainError
from intrel.core.formatting import number
from intrel.core.web import require_perm

from . import selectors, services
from .constants import ImportState
from .exports import register_xlsx
from .forms import UploadForm
from .template_files import template_csv, template_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; it is checked (nothing stored in the register) and its preview shown."""
    require_perm(request, "imports.add_importbatch")
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                batch = services.import_batch_preview(
                    filename=upload_file.name,
                    content=upload_file.read(),
                    user=request_user(request),
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("imports:detail", pk=batch.pk)
        status = 400
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "batches": selectors.import_batch_list(),
            "max_upload": settings.INTREL_MAX_UPLOAD_BYTES,
            "max_rows": number(settings.INTREL_IMPORT_MAX_ROWS, 0),
        },
        status=status,
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry-run preview (or the result) of one batch: its rows and its problems, a page at a
    time (``?page=``, ``?problems=``), with the totals."""
    require_perm(request, "imports.view_importbatch")
    batch = selectors.import_batch_get(pk=pk)
    can_commit = (
        batch.state == ImportState.PREVIEWED
        and not batch.problems
        and request.user.has_perm("imports.add_importbatch")
    )
    preview = selectors.import_batch_preview_page(
        batch=batch, page=request.GET.get("page"), problems_page=request.GET.get("problems")
    )
    return render(
        request,
        "imports/detail.html",
        {"batch": batch, "preview": preview, "rows": preview.rows, "can_commit": can_commit},
    )


@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Store every row of a checked batch, or none."""
    require_perm(request, "imports.add_importbatch")
    batch = selectors.import_batch_get(pk=pk)
    try:
        batch = services.import_batch_commit(batch=batch, user=request_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:detail", pk=batch.pk)
    if batch.state == ImportState.COMMITTED:
        messages.success(
            request,
            _("Imported: %(created)d created, %(updated)d updated.")
            % {"created": batch.created_count, "updated": batch.updated_count},
        )
    else:
        messages.error(
            request, _("The register changed since the check; nothing was saved. See the problems.")
        )
    return redirect("imports:detail", pk=batch.pk)


@require_GET
def template(request: HttpRequest) -> HttpResponse:
    """The import template: XLSX (default) or CSV (``?format=csv``)."""
    require_perm(request, "imports.add_importbatch")
    if request.GET.get("format") == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="intrel-import.csv"'
        return response
    response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="intrel-import.xlsx"'
    return response


@require_GET
def export(request: HttpRequest) -> FileResponse:
    """The whole register as an import workbook, to edit and import again. Written to a
    temporary file row by row and streamed from there: memory stays flat (issue 19)."""
    require_perm(request, "imports.add_importbatch")
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it when sent)
    register_xlsx(out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename="intrel-register.xlsx", content_type=XLSX_TYPE
    )
