from tests.casework.conftest import cw  # noqa: F401 - the staffed Hoogeveen world
from tests.consent.test_guardian_link import asked  # noqa: F401, E402 - a request sent, her link in the mailbox
