"""The command line of the whole pipeline: ``python -m treatykg ingest`` and ``python -m treatykg
ontology``, the commands that span layers (files -> extractor -> graph; ontology edits that reach
the graph and the extractor). A front end like the app (:mod:`webapp`): it sits above the use cases
(:mod:`services`). The commands of one layer stay with it: ``python -m extract``, ``python -m graph``.
"""
