"""Demo proposals, council session and decision (filled in with the proposals part)."""


def load() -> None:
    return None
