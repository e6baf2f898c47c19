"""Entry point of ``python -m extract`` (the command itself lives in :mod:`extract.cli`)."""
import signal
import sys

from extract.cli import main

# SIGTERM and SIGHUP end the process through SystemExit, so ``--out``'s temporary file is removed
# on the way out (killed by the default action, it stayed behind).
for _sig in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(_sig, lambda signum, _frame: sys.exit(128 + signum))

raise SystemExit(main())
