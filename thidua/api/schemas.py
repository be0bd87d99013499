"""Schema pieces shared by every app's ``api.py``."""

from ninja import Schema


class InputSchema(Schema):
    """A request body. Unknown fields are refused, so a misspelt field (or ``unit`` in a member update) is a 422
    naming it rather than silently ignored."""

    model_config = {"extra": "forbid"}
