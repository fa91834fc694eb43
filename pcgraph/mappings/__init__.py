"""The mappings from other vocabularies into pcgraph's terms, kept as SPARQL files.

Run in name order by ``pcgraph.importing.mapping``: ``*.rq`` CONSTRUCT queries add
pcgraph triples, ``*.ru`` updates rewrite (schema.org spelling, identity by ODS code)
and drop the source vocabularies' triples once mapped. ``contexts/`` holds the
schema.org JSON-LD context, so JSON-LD never needs the network.
"""
