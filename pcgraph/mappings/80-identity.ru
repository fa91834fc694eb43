# Identity by ODS code: a node with pc:odsCode "X" is the organisation id/org/X. Any
# other IRI (or blank node) for it is rewritten to that IRI, wherever it appears, and an
# original IRI is kept as  id/org/X owl:sameAs <original> . An organisation already named
# by pcgraph (id/org/Y) is never merged into another: a code that disagrees with its IRI
# is left for the ods-code rule to report.
# reads: pc:odsCode
PREFIX pc: <https://w3id.org/pcgraph/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?s <urn:pcgraph:canonical> ?canonical . ?canonical owl:sameAs ?original }
WHERE {
  ?s pc:odsCode ?code .
  BIND(IRI(CONCAT("https://w3id.org/pcgraph/id/org/", ENCODE_FOR_URI(UCASE(STR(?code))))) AS ?canonical)
  FILTER(?s != ?canonical && !STRSTARTS(STR(?s), "https://w3id.org/pcgraph/id/org/"))
  BIND(IF(isIRI(?s), ?s, ?unbound) AS ?original)
} ;
DELETE { ?s ?p ?o } INSERT { ?canonical ?p ?o }
WHERE { ?s <urn:pcgraph:canonical> ?canonical . ?s ?p ?o FILTER(?p != <urn:pcgraph:canonical>) } ;
DELETE { ?x ?p ?s } INSERT { ?x ?p ?canonical }
WHERE { ?s <urn:pcgraph:canonical> ?canonical . ?x ?p ?s FILTER(?p NOT IN (<urn:pcgraph:canonical>, owl:sameAs)) } ;
DELETE WHERE { ?s <urn:pcgraph:canonical> ?canonical }
