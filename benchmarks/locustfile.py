"""Headless load for scripts/bench: a mix of the key pages as each role (or the floor alone).

The pages and session cookies come from the driver in BENCH_LOCUST_PLAN: [[page, path, cookie], ...].
"""

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(os.environ.get("BENCH_LOCUST_PLAN", "[]"))


class Visitor(HttpUser):
    wait_time = between(0, 0.05)

    @task
    def page(self):
        page, path, cookie = random.choice(PLAN)  # noqa: S311
        self.client.get(path, name=page, headers={"Cookie": cookie}, allow_redirects=False)
