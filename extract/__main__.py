"""Entry point of ``python -m extract`` (the command itself lives in :mod:`extract.cli`)."""
from extract.cli import main

raise SystemExit(main())
