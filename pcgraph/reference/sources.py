"""The source files the reference graph is built from, each described as an ``id/source/`` node.

Every fact-bearing node the builders make points at one or more of these with
``dcterms:source``; seed briefings and web pages are described the same way in
``data/curated/sources.ttl``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF

from pcgraph.namespaces import ID
from pcgraph.reference.quads import Quads

OGL3 = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
SOURCES_GRAPH = "sources"


@dataclass(frozen=True)
class SourceFile:
    """One file under ``data/sources/``: its node key, path, title, publisher and licence."""

    key: str
    path: str
    title: str
    publisher: str
    licence: URIRef

    @property
    def iri(self) -> URIRef:
        return ID[f"source/{self.key}"]


ETR_2025 = SourceFile("ods-etr-2025-12", "sources/ods/etr_2025-12.csv",
                      "ODS NHS trusts extract (etr), December 2025: 42-ICB geography",
                      "NHS England Organisation Data Service", OGL3)
ETR_2026 = SourceFile("ods-etr-2026-07", "sources/ods/etr_2026-07.csv",
                      "ODS NHS trusts extract (etr), July 2026: 36-ICB geography",
                      "NHS England Organisation Data Service", OGL3)
ECT_2023 = SourceFile("ods-ect-2023", "sources/ods/ect_2023.csv",
                      "ODS care trusts extract (ect), 2023",
                      "NHS England Organisation Data Service", OGL3)
ECCG_2025 = SourceFile("ods-eccg-2025-12", "sources/ods/eccg_2025-12.csv",
                       "ODS clinical commissioning groups and sub-ICB locations extract (eccg), December 2025",
                       "NHS England Organisation Data Service", OGL3)
ONS_ICB = SourceFile("ons-icb-names-codes-2024-12", "sources/ons/icb_names_codes_dec2024.csv",
                     "ONS integrated care board names and codes, December 2024",
                     "Office for National Statistics", OGL3)
ONS_LOOKUP = SourceFile("ons-sicbl-icb-nhser-lookup-2023-04",
                        "sources/ons/sicbl23_icb23_nhser23_lookup_apr2023.csv",
                        "ONS lookup of sub-ICB locations to ICBs to NHS England regions, April 2023",
                        "Office for National Statistics", OGL3)
PARTNERS = SourceFile("nhse-icb-partner-trusts-2023-08",
                      "sources/nhse_icb_partner_mapping/icb_partner_trusts_2023-08.csv",
                      "ICB partner mapping, August 2023: NHS trusts named as partners in ICB constitutions",
                      "NHS England Organisation Data Service", OGL3)
APPORTIONMENT = SourceFile("nhse-icb-financial-apportionment-2023-08",
                           "sources/nhse_icb_partner_mapping/icb_financial_apportionment_2023-08.csv",
                           "ICB partner mapping, August 2023: principal ICB of each trust for financial apportionment",
                           "NHS England Organisation Data Service", OGL3)
CC0_TRUSTS = SourceFile("cc0-trusts-2026-08-22", "sources/community_cc0/trusts_2026-08-22.csv",
                        "Community list of NHS trusts with staff survey benchmarking group, alternative names and mergers, 22 August 2026",
                        "nhs-trust-icb-data (community dataset)", CC0)
CC0_ICBS = SourceFile("cc0-icbs-2026-08-22", "sources/community_cc0/icbs_2026-08-22.csv",
                      "Community list of the 36 ICBs from 1 April 2026 with their predecessors, 22 August 2026",
                      "nhs-trust-icb-data (community dataset)", CC0)

ALL_FILES = [ETR_2025, ETR_2026, ECT_2023, ECCG_2025, ONS_ICB, ONS_LOOKUP, PARTNERS, APPORTIONMENT,
             CC0_TRUSTS, CC0_ICBS]


def describe_files(quads: Quads) -> None:
    """Add a node for each source file to the ``sources`` graph."""
    for source in ALL_FILES:
        quads.add_all(SOURCES_GRAPH, source.iri, [
            (RDF.type, FOAF.Document),
            (RDF.type, PROV.Entity),
            (DCTERMS.title, source.title),
            (DCTERMS.publisher, source.publisher),
            (DCTERMS.license, source.licence),
            (DCTERMS.identifier, f"data/{source.path}"),
        ])
