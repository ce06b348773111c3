from django.http import Http404

from .models import EmailOptOut, Kind, Notification


def notifications_for(user):
    return Notification.objects.visible_to(user)


def notification_unread_count(user):
    return Notification.objects.visible_to(user).unread().count()


def access_notification_by_id(user, notification_id):
    """Hers, or Http404 for both "does not exist" and "someone else's"."""
    notification = Notification.objects.visible_to(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification


def email_kinds_of(user):
    opted_out = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [kind for kind in Kind.values if kind not in opted_out]
