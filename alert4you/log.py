"""Logging pieces the settings refer to."""

import logging


class ClientErrorsOneLine(logging.Filter):
    """A refused or missing page (4xx) is one line in the log: who went where, not a traceback.

    Django logs a PermissionDenied with its traceback, which for a user without the role is noise
    that buries real errors. A server error (5xx) keeps its traceback.
    """

    def filter(self, record):
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
