from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from thidua.core.history import historied_model, history_entries
from thidua.core.permissions import get_scoped_or_404
from thidua.core.scope import get_scope


@login_required
def home(request):
    from thidua.organizations.selectors import units_at_scope_top  # the home page reads the highest layers

    scope = get_scope(request.user)
    return render(
        request,
        "core/home.html",
        {"top_units": units_at_scope_top(request.user), "roles": sorted(scope.roles), "scope": scope},
    )


@login_required
def history(request, label: str, pk: int):
    model = historied_model(label)
    if model is None:
        raise Http404
    obj = get_scoped_or_404(model._default_manager.all(), request.user, pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": obj, "entries": history_entries(obj), "model_name": model._meta.verbose_name},
    )
