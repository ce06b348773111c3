from django.core.management.base import BaseCommand

from dataprotection.backup import database_backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database to FILE with pg_dump (custom format), using the settings' connection."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup; must not exist yet")

    def handle(self, *args, file, **options):
        database_backup(file)
        self.stdout.write(f"Backed up to {file}.")
