"""The operations whose scope contract is proved in this app's API tests (read by thidua/api/tests/test_schema.py)."""

from thidua.awards.tests.test_api_councils import OPERATIONS as _COUNCILS
from thidua.awards.tests.test_api_eligibility import OPERATIONS as _ELIGIBILITY
from thidua.awards.tests.test_api_proposals import OPERATIONS as _PROPOSALS

OPERATIONS = set(_ELIGIBILITY) | set(_PROPOSALS) | set(_COUNCILS)
