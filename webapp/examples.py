"""Example queries users can start from on the Query page (data, not app logic). Each runs on
both engines (the Neo4j linter checks them in tests/webapp/test_examples.py) and returns rows on
the sample corpus."""
from __future__ import annotations

EXAMPLES = [
    {
        "title": "Which states withdrew from which treaties",
        "cypher": (
            "MATCH (s:State)-[r:WITHDRAWS_FROM]->(t:Treaty)\n"
            "WHERE 'asserted' IN r.modalities\n"
            "RETURN s.name AS state, t.name AS treaty, r.count AS statements,\n"
            "       r.modalities AS modalities, r.first_date AS first_date\n"
            "ORDER BY state, treaty"
        ),
        "params": {},
    },
    {
        "title": "Who criticizes or opposes NATO, with evidence",
        "cypher": (
            "MATCH (st:Statement)-[:OBJECT]->(:Entity {name: $target})\n"
            "WHERE st.predicate IN ['criticizes', 'opposes']\n"
            "MATCH (st)-[:SUBJECT]->(s:Entity)\n"
            "MATCH (st)-[:FROM]->(d:Document)\n"
            "RETURN s.name AS who, st.predicate AS stance, st.modality AS modality,\n"
            "       st.attributed_to AS according_to, st.date AS date, st.sentence AS evidence,\n"
            "       d.title AS document\n"
            "ORDER BY who"
        ),
        "params": {"target": "NATO"},
    },
    {
        "title": "Shortest path between Japan and Russia",
        "cypher": (
            "MATCH p = (a:Entity {name: $from})-[*1..4]-(b:Entity {name: $to})\n"
            "WHERE all(n IN nodes(p) WHERE n:Entity)\n"
            "WITH p, length(p) AS hops, reduce(route = '', n IN nodes(p) | route + '/' + n.id)\n"
            "     + reduce(types = '', r IN relationships(p) | types + '/' + type(r)) AS route\n"
            "ORDER BY hops, route LIMIT 1\n"
            "RETURN p, hops"
        ),
        "params": {"from": "Japan", "to": "Russia"},
    },
    {
        "title": "Russia's relationships, as a graph",
        "cypher": "MATCH (a:Entity {name: $name})-[r]-(b:Entity)\nRETURN a, r, b",
        "params": {"name": "Russia"},
    },
    {
        "title": "The most connected entities",
        "cypher": (
            "MATCH (n:Entity)-[r]-(:Entity)\n"
            "RETURN n.name AS entity, n.type AS type, count(r) AS relationships, toInteger(sum(r.count)) AS statements\n"
            "ORDER BY statements DESC, entity LIMIT 20"
        ),
        "params": {},
    },
    {
        "title": "Alleged and negated statements, and who said so",
        "cypher": (
            "MATCH (st:Statement)-[:SUBJECT]->(s:Entity)\n"
            "WHERE st.modality IN ['alleged', 'negated']\n"
            "MATCH (st)-[:OBJECT]->(o:Entity)\n"
            "RETURN s.name AS subject, st.predicate AS predicate, o.name AS object, st.modality AS modality,\n"
            "       st.attributed_to AS according_to, st.sentence AS evidence\n"
            "ORDER BY subject"
        ),
        "params": {},
    },
    {
        "title": "Statements per document",
        "cypher": (
            "MATCH (d:Document)<-[:FROM]-(st:Statement)\n"
            "RETURN d.title AS document, d.date AS date, count(st) AS statements\n"
            "ORDER BY date"
        ),
        "params": {},
    },
]
