"""The congress app's URLs (under /dang/dai-hoi/), one list per part: preparation, elections, counting."""

from . import urls_congress, urls_counting, urls_elections

app_name = "congress"

urlpatterns = [*urls_congress.urlpatterns, *urls_elections.urlpatterns, *urls_counting.urlpatterns]
