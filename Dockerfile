# syntax=docker/dockerfile:1
# The production image: web (gunicorn), Celery worker and Celery beat all run from it; see
# docker-compose.yml for the commands. The code runs from /app (templates, static and locale are
# found next to it); static files are collected into the image at build time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=alert4you.settings.production \
    ALERT4YOU_VAR_DIR=/var/lib/alert4you \
    DJANGO_STATIC_ROOT=/app/staticfiles

WORKDIR /app

# Dependencies first, in their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-deps .

# Static files, with build-only settings: nothing here reaches a database, a broker or a mail
# server. (The compiled translations, locale/*/LC_MESSAGES/django.mo, are committed.)
RUN DJANGO_SECRET_KEY=build-only-dummy-secret-key-never-used-at-run-time-0123456789 \
    DJANGO_ALLOWED_HOSTS=localhost \
    EMAIL_URL=consolemail:// \
    CELERY_BROKER_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput

# Run as an unprivileged user. It owns the var folder (uploads in media/, beat's schedule) but
# not the code or the collected static files.
RUN useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin alert4you \
    && mkdir -p /var/lib/alert4you/media \
    && chown alert4you:alert4you /var/lib/alert4you /var/lib/alert4you/media
USER alert4you

EXPOSE 8000
