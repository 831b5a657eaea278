"""What the lab adds to other modules: the action on support requests (registered from LabConfig.ready)."""


def register() -> None:
    pass
