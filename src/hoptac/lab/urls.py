"""The lab's URLs, one list per part: the sample screens (work lists, sample page, result entry), the catalogue and
regulation screens, and the test reports (issue, amend, PDF, label, the public verification page)."""

from . import urls_catalogue, urls_reports, urls_screens

app_name = "lab"

urlpatterns = [*urls_screens.urlpatterns, *urls_catalogue.urlpatterns, *urls_reports.urlpatterns]
