# The English interface keeps the Vietnamese date order (dd/mm/yyyy): the data and its users are Vietnamese.
from hoptac.config.formats.vi.formats import *  # noqa: F403
