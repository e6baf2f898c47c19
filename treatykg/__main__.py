"""Entry point of ``python -m treatykg COMMAND ...`` (see :mod:`treatykg.cli`)."""
import signal
import sys

from treatykg.cli import main

# SIGTERM ends the process through SystemExit, so the embedded server is released on the way out.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
raise SystemExit(main())
