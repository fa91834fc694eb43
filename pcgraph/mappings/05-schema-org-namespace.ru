# schema.org is written with both http:// and https:// namespaces; the schema.org
# mappings read http://schema.org/, so https terms (properties and classes) are rewritten first.
# reads: <https://schema.org/>
DELETE { ?s ?p ?o } INSERT { ?s ?p2 ?o }
WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), "https://schema.org/"))
        BIND(IRI(CONCAT("http://schema.org/", STRAFTER(STR(?p), "https://schema.org/"))) AS ?p2) } ;
DELETE { ?s a ?t } INSERT { ?s a ?t2 }
WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), "https://schema.org/"))
        BIND(IRI(CONCAT("http://schema.org/", STRAFTER(STR(?t), "https://schema.org/"))) AS ?t2) }
