from django.db import models


class FigureSnapshot(models.Model):
    """The raw aggregates behind one dashboard view (one scope and one filter combination), as
    computed at `computed_at`. The national figures scan the whole country's cases and consents;
    computing them once per view and keeping them for MONITORING_FIGURES_MAX_AGE seconds keeps the
    page as fast at national scale as in one municipality (monitoring/snapshots.py). Only counts
    and other aggregates are kept, never a row about a child; disclosure control is applied when
    the page is shown, exactly as on live figures."""

    key = models.CharField(max_length=64, unique=True)
    # What the view is (scope and filters, as ids), so the beat task can compute it again.
    view = models.JSONField()
    computed_at = models.DateTimeField()
    # When a page last showed it: the beat task keeps only views someone looks at up to date.
    served_at = models.DateTimeField()
    data = models.BinaryField()

    def __str__(self):
        return f"{self.key} @ {self.computed_at:%Y-%m-%d %H:%M}"
