"""FinPro's pages are forms and links: GET, HEAD, POST and OPTIONS. Any other method (PUT,
PATCH, DELETE, TRACE, …) is a 405 before it reaches a view that would treat it as a GET."""

from django.http import HttpResponseNotAllowed

PAGE_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
# A REST API under these prefixes decides its own methods.
OWN_METHODS_PREFIXES = ("/api/",)


class PageMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in PAGE_METHODS and not request.path.startswith(OWN_METHODS_PREFIXES):
            return HttpResponseNotAllowed(PAGE_METHODS)
        return self.get_response(request)
