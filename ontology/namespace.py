"""IRIs of the project's ontology and of the entities, statements and documents it describes."""
from __future__ import annotations

from rdflib import Namespace

#: The ontology's classes and properties (tkg:State, tkg:withdraws_from, tkg:verbTrigger ...).
TKG = Namespace("https://w3id.org/treatykg/ontology#")
#: Canonical entities: ``ENTITY[entity.id]``.
ENTITY = Namespace("https://w3id.org/treatykg/entity/")
#: Extracted statements: ``STATEMENT[statement.id]``.
STATEMENT = Namespace("https://w3id.org/treatykg/statement/")
#: Source documents: ``DOCUMENT[document.id]``.
DOCUMENT = Namespace("https://w3id.org/treatykg/document/")
