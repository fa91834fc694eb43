"""The ontology: a public data contract that loads in owlready2 and that HermiT finds consistent."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from pcgraph import ontology
from pcgraph.namespaces import ID, ONTOLOGY_IRI, ORG, PC, SH

# The terms issue 2 names as the public contract, with what each must be.
CONTRACT_CLASSES = {
    PC.Organisation: ORG.FormalOrganization,
    PC.NHSTrust: PC.Organisation,
    PC.FoundationTrust: PC.NHSTrust,
    PC.IntegratedCareBoard: PC.Organisation,
    PC.Region: PC.Organisation,
    PC.Collaborative: ORG.OrganizationalCollaboration,
    PC.ProviderCollaborative: PC.Collaborative,
    PC.Delegation: None,
}
CONTRACT_PROPERTIES = [
    PC.role, PC.startDate, PC.endDate, PC.odsCode, PC.sector, PC.delegator, PC.delegate,
    PC.function, PC.accountableBody, PC.budget, PC.purpose, PC.governanceModel,
]
CONTRACT_CONCEPTS = [PC.LeadProvider, PC.Acute, PC.MentalHealth, PC.Community, PC.Ambulance, PC.Specialist]
REQUIRED_KINDS = [
    PC.CareTrust, PC.LocalAuthority, PC.PrimaryCareNetwork, PC.GPFederation, PC.VCSEBody,
    PC.CommunityInterestCompany, PC.IndependentProvider, PC.PlaceBasedPartnership,
    PC.ClinicalNetwork, PC.ProviderGroup, PC.Committee, PC.JointCommittee, PC.ICBRelation,
    PC.Accountability, PC.ReportingLine, PC.Reorganisation, PC.Place,
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology.load_ontology()


def test_ontology_has_a_version_iri_matching_its_version_info(onto):
    version_iri = onto.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert version_iri is not None
    assert str(version_iri).endswith("/" + ontology.version())


@pytest.mark.parametrize("cls, parent", CONTRACT_CLASSES.items(), ids=lambda t: str(t).split("#")[-1])
def test_contract_classes_exist_with_their_parents(onto, cls, parent):
    assert (cls, RDF.type, OWL.Class) in onto
    if parent is not None:
        assert (cls, RDFS.subClassOf, parent) in onto


@pytest.mark.parametrize("prop", CONTRACT_PROPERTIES, ids=lambda t: str(t).split("#")[-1])
def test_contract_properties_exist(onto, prop):
    assert (prop, RDF.type, OWL.ObjectProperty) in onto or (prop, RDF.type, OWL.DatatypeProperty) in onto


def test_budgets_and_codes_have_the_contract_datatypes(onto):
    assert (PC.budget, RDFS.range, XSD.decimal) in onto
    assert (PC.odsCode, RDFS.range, XSD.string) in onto


# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): a range outside it,
# such as xsd:date, makes HermiT and other OWL 2 DL reasoners refuse the file.
OWL2_DATATYPES = {RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, OWL.real, OWL.rational} | {
    XSD[name] for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
        "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
        "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
        "dateTime dateTimeStamp").split()}


def test_every_datatype_range_is_in_the_owl2_datatype_map(onto):
    ranges = {(prop, rng) for prop, rng in onto.subject_objects(RDFS.range)
              if (prop, RDF.type, OWL.DatatypeProperty) in onto}
    assert ranges and {(p, r) for p, r in ranges if r not in OWL2_DATATYPES} == set()


def test_dates_are_checked_by_a_shape_not_the_ontology(onto):
    from pcgraph.validation.rules import load_shapes_graph

    shapes = load_shapes_graph()
    for prop in (PC.startDate, PC.endDate, PC.date):
        assert onto.value(prop, RDFS.range) is None
        assert any((shape, SH.datatype, XSD.date) in shapes for shape in shapes.subjects(SH.path, prop))


def test_lead_provider_and_host_are_kinds_of_member(onto):
    assert (PC.LeadProvider, SKOS.broader, PC.Member) in onto
    assert (PC.Host, SKOS.broader, PC.Member) in onto


@pytest.mark.parametrize("concept", CONTRACT_CONCEPTS, ids=lambda t: str(t).split("#")[-1])
def test_contract_concepts_are_skos_concepts(onto, concept):
    assert (concept, RDF.type, SKOS.Concept) in onto
    assert onto.value(concept, SKOS.inScheme) is not None


@pytest.mark.parametrize("cls", REQUIRED_KINDS, ids=lambda t: str(t).split("#")[-1])
def test_the_model_covers_the_required_kinds(onto, cls):
    assert (cls, RDF.type, OWL.Class) in onto


def test_every_term_has_a_label_and_a_definition():
    missing = [t.iri for t in ontology.terms() if not t.label or not t.definition]
    assert missing == []
    assert len(ontology.terms()) > 100


def test_memberships_reuse_w3c_org(onto):
    assert (PC.role, RDFS.subPropertyOf, ORG.role) in onto
    assert (PC.LeadProvider, RDF.type, PC.MembershipRole) in onto
    assert (PC.MembershipRole, RDFS.subClassOf, ORG.Role) in onto


def test_hermit_finds_the_ontology_consistent():
    result = ontology.check_consistency()
    assert result.consistent, result



def test_hermit_catches_a_trust_that_is_also_a_region():
    bad = Graph()
    thing = ID["org/XYZ"]
    bad.add((thing, RDF.type, PC.NHSTrust))
    bad.add((thing, RDF.type, PC.Region))
    assert not ontology.check_consistency(bad).consistent


def test_hermit_catches_a_collaborative_that_is_also_an_organisation():
    bad = Graph()
    thing = ID["collaborative/x"]
    bad.add((thing, RDF.type, PC.ProviderCollaborative))
    bad.add((thing, RDF.type, PC.FoundationTrust))
    assert not ontology.check_consistency(bad).consistent


def test_documentation_is_generated_from_the_turtle():
    from pcgraph.ontology_docs import render_html

    html = render_html()
    assert "pc:Delegation" in html
    assert ontology.version() in html
    for term in ontology.terms():
        assert f'id="{term.local_name}"' in html
