"""One dispatcher view for the whole verification flow (see identity/flow.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from . import services
from .flow import FlowState, current_step


@never_cache
@login_required
def flow(request, step: str | None = None):
    """Show the person's current step; any other step's URL redirects to it."""
    user = request.user
    if user.is_identity_verified:
        return redirect("dashboard")
    if user.individual_id is not None:
        services.case_expire_stale(user=user)
    state = FlowState(user=user)
    current = current_step(state)
    if (step or "start") != current.slug:
        return redirect(current.url())
    if request.method == "POST":
        response = current.post(request, state)
        if response is not None:
            return response
    context = {"step": current, "state": state, **current.context(request, state)}
    return render(request, current.template, context)
