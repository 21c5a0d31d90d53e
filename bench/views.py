"""The two baselines every budget is a ratio of. Mounted only when BENCH_ENDPOINTS is on.

B0: no database, no template, anonymous. B1: signed in (the session and user loads of the
middleware) plus exactly one query of the view's own. Both pass the whole middleware stack,
gates included, so the pages they are compared with pay for nothing B1 does not.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from accounts.models import User


@never_cache
def b0(request):
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
@never_cache
def b1(request):
    username = User.objects.filter(pk=request.user.pk).values_list("username", flat=True).first()
    return HttpResponse(f"{username}\n", content_type="text/plain")
