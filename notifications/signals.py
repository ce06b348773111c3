from django.dispatch import Signal

# Sent at fixed points of delivering one outbox item (point="in_app_written", "email_sent"), with
# outbox_id. Nothing in the app listens: it is the hook a test uses to kill a worker mid-sweep.
sweep_checkpoint = Signal()
