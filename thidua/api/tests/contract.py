"""Scope-contract cases for API operations, shared by every app's test_api.py."""

from dataclasses import dataclass, field

from thidua.core.testing import assert_scope_contract


@dataclass
class Case:
    """One call of an operation, and who must get which answer (see assert_scope_contract)."""

    url: str
    allowed: object  # the user who succeeds, or None to check only the refusals
    method: str = "get"
    data: dict | None = None
    without_role: list = field(default_factory=list)  # in scope without the role → 403
    outside: list = field(default_factory=list)  # outside the scope → 404
    ok_status: tuple[int, ...] = (200,)

    def check(self, client) -> None:
        assert_scope_contract(client, url=self.url, method=self.method, data=self.data, api=True,
                              allowed=self.allowed, in_scope_without_role=self.without_role,
                              out_of_scope=self.outside, ok_status=self.ok_status)  # fmt: skip
