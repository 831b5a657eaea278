from django.db.models import Q

from hoptac.core.permissions import VIEW, policy

from .models import ImportRun


@policy(ImportRun)
def _runs(user, action):
    # A run shows rows of the file and their problems: its author sees it, and the administrator.
    if action != VIEW:
        return False
    return True if user.is_system_admin else Q(actor_id=user.pk)
