"""``python -m ontology``: see :mod:`ontology.cli`."""
import sys

from ontology.cli import main

sys.exit(main())
