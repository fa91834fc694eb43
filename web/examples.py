"""Example queries offered by the SPARQL editor: short, readable, one idea each."""

from __future__ import annotations

EXAMPLES: list[dict[str, str]] = [
    {
        "name": "members",
        "title": "Who sits in the Black Country Provider Collaborative",
        "query": """PREFIX pc: <https://w3id.org/pcgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?member ?name ?start ?end WHERE {
  ?membership org:organization <https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative> ;
              org:member ?member .
  ?member skos:prefLabel ?name .
  OPTIONAL { ?membership pc:startDate ?start }
  OPTIONAL { ?membership pc:endDate ?end }
}
ORDER BY ?name""",
    },
    {
        "name": "collaboratives",
        "title": "Collaboratives and how many members they have",
        "query": """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?collaborative ?name (COUNT(DISTINCT ?member) AS ?members) WHERE {
  ?membership org:organization ?collaborative ; org:member ?member .
  ?collaborative skos:prefLabel ?name .
}
GROUP BY ?collaborative ?name
ORDER BY DESC(?members) ?name""",
    },
    {
        "name": "delegations",
        "title": "Delegations: who passed what to whom",
        "query": """PREFIX pc: <https://w3id.org/pcgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?delegatorName ?function ?delegateName ?budget ?start WHERE {
  ?d a pc:Delegation ; pc:delegator ?delegator ; pc:delegate ?delegate .
  ?delegator skos:prefLabel ?delegatorName .
  ?delegate skos:prefLabel ?delegateName .
  OPTIONAL { ?d pc:function/skos:prefLabel ?function }
  OPTIONAL { ?d pc:budget ?budget }
  OPTIONAL { ?d pc:startDate ?start }
}
ORDER BY ?delegatorName ?start""",
    },
    {
        "name": "trusts-by-sector",
        "title": "How many trusts in each sector",
        "query": """PREFIX pc: <https://w3id.org/pcgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?sector (COUNT(?trust) AS ?trusts) WHERE {
  ?trust pc:sector/skos:prefLabel ?sector .
}
GROUP BY ?sector
ORDER BY DESC(?trusts)""",
    },
    {
        "name": "describe",
        "title": "Everything about one trust (CONSTRUCT)",
        "query": """CONSTRUCT { <https://w3id.org/pcgraph/id/org/RXK> ?p ?o }
WHERE { <https://w3id.org/pcgraph/id/org/RXK> ?p ?o }""",
    },
    {
        "name": "graphs",
        "title": "The named graphs (one per source) and their sizes",
        "query": """SELECT ?graph (COUNT(*) AS ?triples) WHERE {
  GRAPH ?graph { ?s ?p ?o }
}
GROUP BY ?graph
ORDER BY DESC(?triples)""",
    },
]
