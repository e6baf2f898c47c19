"""Use cases: the flows that span layers, for every front end (the app, ``python -m treatykg``).

* :mod:`services.sources`: files found and opened as documents (ids and paths as the graph keeps them);
* :mod:`services.ingest`: the one ingest, sources -> extractor -> loader (folders, uploads,
  re-extraction of stored documents);
* :mod:`services.ontology_session`: an ontology edit carried into the workspace, the graph and the
  extractor, with undo.

Layers, each importing only those below it (``tests/test_layers.py``): ontology <- extract <- graph
<- services <- front ends (webapp, treatykg) <- app.
"""
