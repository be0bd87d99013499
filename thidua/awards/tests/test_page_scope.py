"""The pages whose scope contract is proved in this app's tests (read by thidua/core/tests/test_page_scope.py)."""

from thidua.awards.tests.test_page_scope_councils import COVERED as _COUNCILS
from thidua.awards.tests.test_page_scope_eligibility import COVERED as _ELIGIBILITY
from thidua.awards.tests.test_page_scope_proposals import COVERED as _PROPOSALS

COVERED = set(_ELIGIBILITY) | set(_PROPOSALS) | set(_COUNCILS)
