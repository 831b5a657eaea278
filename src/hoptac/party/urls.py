"""The party module's URLs (under /dang/), one list per part of the cell's work."""

from . import urls_cell, urls_evaluation, urls_fees, urls_meetings, urls_members, urls_study

app_name = "party"

urlpatterns = [
    *urls_cell.urlpatterns,
    *urls_members.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_study.urlpatterns,
    *urls_fees.urlpatterns,
    *urls_evaluation.urlpatterns,
]
