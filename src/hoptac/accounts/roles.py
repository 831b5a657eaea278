"""Role codes (the rows of ``accounts.Role`` are created by a data migration with these codes)."""

SYSTEM_ADMIN = "system_admin"
INSTITUTE_LEADER = "institute_leader"
INSTITUTE_EXPERT = "institute_expert"
LAB_ANALYST = "lab_analyst"
LAB_REVIEWER = "lab_reviewer"
LAB_MANAGER = "lab_manager"
PROVINCIAL_COORDINATOR = "provincial_coordinator"
COOPERATIVE_REPRESENTATIVE = "cooperative_representative"
ALLIANCE_PLANNER = "alliance_planner"
ALLIANCE_VIEWER = "alliance_viewer"
CELL_SECRETARY = "cell_secretary"
CELL_DEPUTY_SECRETARY = "cell_deputy_secretary"
CELL_COMMITTEE_MEMBER = "cell_committee_member"
PARTY_MEMBER = "party_member"
# Duties on one congress (scope kind "congress"), created by the congress app's migration.
CONGRESS_PRESIDIUM = "congress_presidium"
CONGRESS_SECRETARIAT = "congress_secretariat"
CONGRESS_COUNTER = "congress_counter"

# Roles of the institute's staff who see everything outside the party module (PRODUCT.md).
INSTITUTE_WIDE = frozenset({SYSTEM_ADMIN, INSTITUTE_LEADER})
LAB_ROLES = frozenset({LAB_ANALYST, LAB_REVIEWER, LAB_MANAGER})
PARTY_ROLES = frozenset({CELL_SECRETARY, CELL_DEPUTY_SECRETARY, CELL_COMMITTEE_MEMBER, PARTY_MEMBER})
# Held only together with a party role (the congress grants them to members of the cell); scoped to a congress.
CONGRESS_ROLES = frozenset({CONGRESS_PRESIDIUM, CONGRESS_SECRETARIAT, CONGRESS_COUNTER})

# Scope kinds (registered by the app that owns the scoped model).
SCOPE_PROVINCE = "province"
SCOPE_COOPERATIVE = "cooperative"
SCOPE_PARTY_CELL = "party_cell"
SCOPE_CONGRESS = "congress"
