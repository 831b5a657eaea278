"""The lab's menu entries and home panel (registered from LabConfig.ready)."""


def register() -> None:
    pass
