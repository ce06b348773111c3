from django.db import connection
from django.http import JsonResponse

from accounts.access import public


@public
def health(request):
    """For the container health check and the load balancer: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})
