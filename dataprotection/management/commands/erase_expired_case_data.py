from django.core.management.base import BaseCommand

from dataprotection.services import case_erasure_plan, expired_case_data_erase


class Command(BaseCommand):
    help = ("Erase the data of closed cases past their municipality's retention period (years after closing). "
            "--dry-run lists what would go and erases nothing. Beat runs it daily "
            "(dataprotection.tasks.erase_expired_case_data).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be erased; erase nothing")

    def handle(self, *args, dry_run=False, **options):
        items = case_erasure_plan() if dry_run else expired_case_data_erase()
        verb = "would be erased" if dry_run else "erased"
        for item in items:
            records = ", ".join(f"{count} {name}" for name, count in item.counts.items() if count)
            child = (f"child #{item.child_id} too" if item.child_erased
                     else f"child #{item.child_id} kept ({item.kept_because})" if item.child_id else "a group case")
            self.stdout.write(f"{item.municipality}: case #{item.case_id} {verb}, closed "
                              f"{item.closed_at:%Y-%m-%d} (retention {item.retention_years} years); {child}; "
                              f"{records or 'no records'}")
        self.stdout.write(f"{len(items)} case(s) {verb}.")
