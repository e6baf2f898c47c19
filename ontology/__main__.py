"""``python -m ontology`` moved: its commands reach the graph and the extractor, so they live above
them, in ``python -m treatykg ontology`` (:mod:`treatykg.ontology_cli`); this layer imports neither."""
import sys

print("error: the ontology commands are now `python -m treatykg ontology COMMAND ...` "
      "(same commands and options)", file=sys.stderr)
sys.exit(2)
