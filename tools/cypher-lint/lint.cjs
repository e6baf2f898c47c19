// Lint Cypher with Neo4j's language support (its ANTLR grammar and semantic checks), offline.
// stdin: JSON array of {"query": "...", "parameters": {...}}
// stdout: JSON array (same order) of [{"severity": 1|2, "message": "...", "offset": n}]
// severity 1 = error (Neo4j would refuse the query), 2 = warning (e.g. deprecated syntax).
'use strict';
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const items = JSON.parse(input);
  const out = items.map(({ query, parameters }) => {
    const result = lintCypherQuery(query, { parameters: parameters || {} });
    return result.diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      offset: d.offsets ? d.offsets.start : null,
    }));
  });
  process.stdout.write(JSON.stringify(out));
});
