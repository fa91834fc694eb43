// Ask pcgraph's /sparql with Comunica, as a Comunica user would, and print the answer as JSON.
//   node comunica.mjs ENDPOINT_URL 'SELECT ...'     -> [{"var": "value", ...}, ...]
//   node comunica.mjs ENDPOINT_URL 'CONSTRUCT ...'  -> [["subject", "predicate", "object"], ...] (values)
import { QueryEngine } from "@comunica/query-sparql";

const [endpoint, query] = process.argv.slice(2);
const engine = new QueryEngine();
const sources = [{ type: "sparql", value: endpoint }];
try {
  const result = await engine.query(query, { sources });
  if (result.resultType === "bindings") {
    const rows = (await (await result.execute()).toArray()).map((bindings) =>
      Object.fromEntries([...bindings].map(([variable, term]) => [variable.value, term.value])));
    console.log(JSON.stringify(rows));
  } else if (result.resultType === "quads") {
    const quads = await (await result.execute()).toArray();
    console.log(JSON.stringify(quads.map((q) => [q.subject.value, q.predicate.value, q.object.value])));
  } else {
    console.log(JSON.stringify(await result.execute()));
  }
} catch (error) {
  console.error(`error: ${error.message}`);
  process.exit(1);
}
