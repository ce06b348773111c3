"""`manage.py synthesize_country --scale 0.01 --seed 1`: synthetic national data (see benchmarks/synthesize.py)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.synthesize import Synthesizer, planned


class Command(BaseCommand):
    help = "Load synthetic data for the whole country at a scale (1.0 = 342 municipalities, 500,000 children)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.01)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("synthesize_country loads with PostgreSQL COPY: set DATABASE_URL to PostgreSQL.")
        if not 0 < scale <= 2:
            raise CommandError("--scale must be above 0 and at most 2.")
        self.stdout.write(f"synthesize_country: scale {scale}, seed {seed}: {planned(scale)}")
        started = time.monotonic()
        synth = Synthesizer(scale=scale, seed=seed, stdout=self.stdout)
        counts = synth.run()
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(
            f"{total} rows in {time.monotonic() - started:.1f} s; long timeline: case {synth.long_case}"))
        for table, n in sorted(counts.items()):
            self.stdout.write(f"  {table}: {n}")
