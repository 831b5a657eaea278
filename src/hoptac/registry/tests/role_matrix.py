from hoptac.core.testing.matrix import Expect, only

from .personas import OTHER_TAX_CODE, OWN_TAX_CODE, cooperative

READ_ALL = ("system_admin", "institute_leader", "institute_expert", "lab_analyst", "lab_reviewer", "lab_manager",
            "alliance_planner", "alliance_viewer")  # fmt: skip
READERS = (*READ_ALL, "coordinator_daklak", "coordinator_camau", "cooperative_rep")
CHANGE_ALL = ("system_admin", "institute_leader")


def _daklak(ctx):
    return {"pk": cooperative(OWN_TAX_CODE).pk}


def _camau(ctx):
    return {"pk": cooperative(OTHER_TAX_CODE).pk}


ROLE_MATRIX = [
    Expect("registry:cooperative_list", only(*READERS)),
    Expect("registry:cooperative_export_csv", only(*READERS)),
    Expect("registry:cooperative_export_xlsx", only(*READERS)),
    Expect("registry:cooperative_create", only(*CHANGE_ALL, "coordinator_daklak", "coordinator_camau")),
    Expect(
        "registry:cooperative_detail",
        only(*READ_ALL, "coordinator_daklak", "cooperative_rep"),
        kwargs=_daklak,
        note="Đắk Lắk, the representative's own",
    ),
    Expect("registry:cooperative_detail", only(*READ_ALL, "coordinator_camau"), kwargs=_camau, note="Cà Mau"),
    Expect(
        "registry:cooperative_edit",
        only(*CHANGE_ALL, "coordinator_daklak", "cooperative_rep"),
        kwargs=_daklak,
        note="Đắk Lắk, the representative's own",
    ),
    Expect("registry:cooperative_edit", only(*CHANGE_ALL, "coordinator_camau"), kwargs=_camau, note="Cà Mau"),
]
