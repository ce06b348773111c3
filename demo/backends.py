from django.core.mail.backends.base import BaseEmailBackend


class MailboxBackend(BaseEmailBackend):
    """Delivers into the demo mailbox table instead of an SMTP server."""

    def send_messages(self, email_messages):
        from .models import MailboxMessage

        rows = [
            MailboxMessage(
                from_email=message.from_email,
                recipient=address.lower(),
                subject=message.subject,
                body=message.body,
                message_id=message.extra_headers.get("Message-ID", ""),
            )
            for message in email_messages
            for address in message.recipients()
        ]
        MailboxMessage.objects.bulk_create(rows)
        return len(email_messages)
