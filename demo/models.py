from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxMessage(models.Model):
    """An e-mail the demo would have sent, one row per recipient, kept so a demo user can read it in the app."""

    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    from_email = models.CharField(_("from"), max_length=300)
    recipient = models.EmailField(_("to"), db_index=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    message_id = models.CharField(_("message id"), max_length=300, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("mailbox message")
        verbose_name_plural = _("mailbox messages")

    def __str__(self):
        return self.subject
