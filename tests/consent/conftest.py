from tests.casework.conftest import cw  # noqa: F401 - the staffed Hoogeveen world
