"""PostgreSQL runs without JIT compilation for this app's short queries (decided in scripts/bench)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_jit_is_off_on_every_connection():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
