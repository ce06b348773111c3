from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from dataprotection.backup import database_restore


class Command(BaseCommand):
    help = ("Restore the PostgreSQL database from FILE (made by backup_database) with pg_restore: everything in "
            "the database is replaced, in one transaction. Stop the web and worker processes first.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup made by backup_database")
        parser.add_argument("--yes", action="store_true", help="yes, replace everything in the database")

    def handle(self, *args, file, yes=False, **options):
        if not yes:
            name = connections["default"].settings_dict["NAME"]
            raise CommandError(f"This replaces everything in database {name} with {file}. Run again with --yes.")
        database_restore(file)
        self.stdout.write(f"Restored from {file}.")
