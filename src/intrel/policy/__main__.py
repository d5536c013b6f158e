"""``python -m intrel.policy assess|check|schemas ...`` (the same logic as the Django commands)."""

from __future__ import annotations

import sys

from intrel.policy.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr))
