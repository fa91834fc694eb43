# Once mapped, the source vocabularies' own triples go: schema.org, OWL-Time, the raw ODS
# CSV cells, and the ORG shortcuts the mappings above spelled out in pcgraph terms.
# reads: <http://schema.org/> <http://www.w3.org/2006/time#> <https://w3id.org/pcgraph/ods-csv#> org:memberDuring org:hasMember org:changedBy org:resultedFrom org:identifier
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX pc: <https://w3id.org/pcgraph/ontology#>
DELETE { ?s ?p ?o }
WHERE {
  ?s ?p ?o
  FILTER(STRSTARTS(STR(?p), "http://schema.org/") || STRSTARTS(STR(?p), "http://www.w3.org/2006/time#")
         || STRSTARTS(STR(?p), "https://w3id.org/pcgraph/ods-csv#")
         || ?p IN (org:memberDuring, org:hasMember, org:changedBy, org:resultedFrom))
} ;
DELETE { ?s a ?t }
WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), "http://schema.org/") || STRSTARTS(STR(?t), "http://www.w3.org/2006/time#")) } ;
DELETE { ?s org:identifier ?id } WHERE { ?s org:identifier ?id ; pc:odsCode ?code FILTER(STR(?id) = STR(?code)) }
