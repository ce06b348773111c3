from django.db import models


class FormSubmission(models.Model):
    """One POST that created something: who sent which form content, and where it led.

    The key is a hash (user or session, path, form content), never the content itself, so no
    child's data is kept here. A row without ``location`` is a submission still being handled.
    """

    key = models.CharField(max_length=64, unique=True)
    location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key[:12]
