from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - the casework world, staffed
