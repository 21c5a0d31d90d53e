"""No page of ours is kept by a browser or a shared cache: people's data never outlives the
response in a disk cache, a proxy or the back button of a shared computer."""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Marks every response `Cache-Control: no-store, private` unless the view chose to be
    cached publicly (`public`). Static files are served by WhiteNoise before this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        directives = {part.split("=", 1)[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
        if "public" not in directives:
            patch_cache_control(response, no_store=True, private=True)
        return response
