"""Runs one member import in its own process, so that its peak memory is the import's own (see run.py).

Prints one JSON line: seconds (the member_import call), maxrss_mb (the process's peak resident memory, Django
included), created / updated / errors.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--path", required=True, type=Path)
    parser.add_argument("--username", required=True)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from thidua.accounts.models import User
    from thidua.members.importing import member_import

    user = User.objects.get(username=args.username)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = member_import(user=user, path=args.path, filename=args.path.name, commit=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    summary = {
        "seconds": round(seconds, 2),
        "maxrss_mb": round(peak, 1),
        "rss_before_mb": round(before, 1),
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "errors": result.error_count,
        "committed": result.committed,
        "first_errors": [str(e) for e in result.errors[:5]],
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
