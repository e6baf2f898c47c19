"""Graph layer: the knowledge graph in FalkorDB (embedded default) or Neo4j.

``open_store(resolve())`` opens the store ``KG_GRAPH_URL`` names; ``Loader`` loads extraction
results into it; ``store.run`` queries it; :mod:`graph.analytics`, :mod:`graph.export` and
:mod:`graph.rdf` work on top. ``python -m graph`` is the command line.
"""
