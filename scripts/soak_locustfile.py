# ruff: noqa: S311 — random picks which page a simulated user opens next; nothing secret
"""The soak's load: professionals of four roles walking their usual pages, with a write now and then.

Each simulated user takes one of the two-factor sessions scripts/soak wrote (SOAK_SESSIONS, a JSON
file) and sends it as the production cookie, over loopback HTTP marked as HTTPS the way the reverse
proxy marks it. A redirect (to the login page) counts as an error, not as a page: it would mean the
session was lost.
"""

import json
import os
import random
import re
import secrets
from itertools import cycle
from pathlib import Path

from locust import HttpUser, between, task

SESSIONS = json.loads(Path(os.environ["SOAK_SESSIONS"]).read_text())
BY_ROLE = {}
for row in SESSIONS:
    BY_ROLE.setdefault(row["role"], []).append(row)
ROLE_TURNS = cycle(sorted(BY_ROLE))
CASE_LINK = re.compile(r'href="/requests/(\d+)/"')
CHILD_LINK = re.compile(r'href="/children/(\d+)/"')

# What each role opens, and how often (weights), as the home pages and menus offer it.
PAGES = {
    "childcare_worker": [("/", 3), ("/children/", 2), ("child", 2), ("/requests/", 2), ("case", 2),
                         ("/notifications/", 1), ("read_all", 1)],
    "specialist": [("/", 3), ("/requests/caseload/", 2), ("case", 3), ("/schedule/agenda/", 1),
                   ("/notifications/", 1), ("read_all", 1)],
    "youth_nurse": [("/", 3), ("/requests/caseload/", 2), ("case", 2), ("/schedule/agenda/", 1),
                    ("/notifications/", 1)],
    "coordinator": [("/", 3), ("/requests/overview/", 2), ("case", 1), ("/schedule/calendar/", 2),
                    ("/schedule/budgets/", 2), ("/notifications/", 1), ("read_all", 1)],
}


class Professional(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.role = next(ROLE_TURNS)
        me = random.choice(BY_ROLE[self.role])
        self.csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret, as the cookie holds
        origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        self.headers = {
            "Cookie": f"__Host-sessionid={me['session']}; __Host-csrftoken={self.csrf}",
            "X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/",
        }
        self.cases, self.children = [], []
        pages, weights = zip(*PAGES[self.role], strict=True)
        self.pages, self.weights = pages, weights

    def get(self, path, name=None):
        with self.client.get(path, headers=self.headers, allow_redirects=False, name=name or path,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
            return response.text if response.status_code == 200 else ""

    @task
    def walk(self):
        page = random.choices(self.pages, self.weights)[0]
        name = f"{self.role} {page}"
        if page == "case":
            if not self.cases:
                listing = {"coordinator": "/requests/overview/", "childcare_worker": "/requests/"}.get(
                    self.role, "/requests/caseload/")
                self.cases = CASE_LINK.findall(self.get(listing, name=f"{self.role} {listing}")) or ["none"]
            if self.cases != ["none"]:
                self.get(f"/requests/{random.choice(self.cases)}/", name=name)
        elif page == "child":
            if not self.children:
                self.children = CHILD_LINK.findall(self.get("/children/", name=f"{self.role} /children/")) or ["none"]
            if self.children != ["none"]:
                self.get(f"/children/{random.choice(self.children)}/", name=name)
        elif page == "read_all":
            with self.client.post("/notifications/read-all/", headers={**self.headers, "X-CSRFToken": self.csrf},
                                  allow_redirects=False, name=name, catch_response=True) as response:
                if response.status_code != 302 or "/notifications/" not in response.headers.get("Location", ""):
                    response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
        else:
            self.get(page, name=name)
