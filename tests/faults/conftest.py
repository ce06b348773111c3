from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - the casework world, staffed
from tests.scheduling.conftest import sw  # noqa: F401 - with availability and a budget
