"""Import and export pages. (Being written: see the import/export work.)"""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def import_upload(request):
    raise Http404


@login_required
def import_template(request):
    raise Http404


@login_required
def export_xlsx(request):
    raise Http404
