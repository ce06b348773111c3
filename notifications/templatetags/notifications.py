from django import template

from notifications.selectors import notification_unread_count
from notifications.texts import body_of, title_of

register = template.Library()


@register.simple_tag
def unread_notification_count(user):
    if not getattr(user, "is_authenticated", False):
        return 0
    return notification_unread_count(user)


@register.filter
def notification_title(notification):
    return title_of(notification.kind)


@register.filter
def notification_text(notification):
    from notifications.services import when_text

    return body_of(notification.kind, when_text(notification.about_at))
