from django.contrib.admin.apps import AdminConfig


class Alert4youAdminConfig(AdminConfig):
    default_site = "alert4you.admin.Alert4youAdminSite"
