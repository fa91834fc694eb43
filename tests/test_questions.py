"""Questions in plain English: what is answered, what is asked back, and what is declined.

The store is a small hand-written graph (``tests/questions/fixture.trig``) on top of
the ontology, so every expected answer can be checked by reading the fixture.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from pcgraph import paths
from pcgraph.namespaces import GRAPH
from pcgraph.questions import QuestionService, findings, grammar, kinds
from pcgraph.questions.dates import find_when
from pcgraph.questions.numbers import find_comparison
from pcgraph.questions.reasons import MESSAGES, Reason
from pcgraph.questions.text import tokenize
from pcgraph.store.embedded import EmbeddedStore

FIXTURE = Path(__file__).parent / "questions" / "fixture.trig"
TODAY = dt.date(2026, 11, 22)
BCPC = "https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative"


@pytest.fixture(scope="module")
def store():
    store = EmbeddedStore.in_memory()
    store.oxigraph.bulk_load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE,
                             to_graph=ox.NamedNode(str(GRAPH["ontology"])))
    store.oxigraph.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def service(store):
    return QuestionService(store)


def ask(service, question, **kw):
    return service.answer(question, today=TODAY, **kw)


def codes(answer):
    return sorted(answer.values())


# --- answering -------------------------------------------------------------------------

def test_members_of_a_collaborative_come_with_the_reading_and_the_canned_query(service):
    answer = ask(service, "who's in the Black Country collaborative?")
    assert answer.status == "answer"
    assert codes(answer) == ["RBK", "RL4", "RNA", "RXK"]
    assert "members of Black Country Provider Collaborative" in answer.interpretation
    assert answer.query["name"] == "members-of-collaborative"
    assert answer.query["params"] == {"collaborative": BCPC, "as_of": "2026-11-22"}
    assert "SELECT" in answer.sparql
    assert answer.query["url"].startswith("/queries/members-of-collaborative?")


@pytest.mark.parametrize("question", [
    "Who are the members of BCPC?", "members of the black country provider collaborative",
    "WHO IS IN THE BLACK COUNTRY PROVIDER COLLABORATIVE???", "who sits in the Black Country Provider Collaborative",
])
def test_names_match_whatever_the_case_punctuation_or_acronym(service, question):
    assert codes(ask(service, question)) == ["RBK", "RL4", "RNA", "RXK"]


def test_rows_are_entities_numbers_and_booleans(service):
    row = ask(service, "who's in BCPC?").rows[0]
    assert set(row["member"]) == {"iri", "label", "ods_code"}
    count = ask(service, "how many members does BCPC have?")
    assert count.answer_type == "count" and count.rows[0]["count"] == 4 and isinstance(count.rows[0]["count"], int)
    yes = ask(service, "Is RWT a member of BCPC?")
    assert yes.answer_type == "boolean" and yes.rows[0]["member"] is True
    assert ask(service, "Is Black Country Healthcare NHS Foundation Trust a member of BCPC?").rows[0]["member"] is False


def test_a_date_in_the_question_sets_the_day_looked_at(service):
    assert codes(ask(service, "who was in BCPC in 2021?")) == ["RL4", "RNA", "RXK"]
    before = ask(service, "members of BCPC before the 2026 mergers")
    assert before.query["params"]["as_of"] == "2026-03-31"
    assert ask(service, "who was in BCPC in 2019?").rows == []


def test_a_misspelt_name_is_read_and_the_reading_says_so(service):
    answer = ask(service, "who are the memebrs of the Black Contry Provider Collaborative?")
    assert codes(answer) == ["RBK", "RL4", "RNA", "RXK"]
    assert "Black Contry" in answer.interpretation and "memebrs" in answer.interpretation


def test_trusts_in_an_area_by_sector_and_counts(service):
    assert codes(ask(service, "which acute trusts are in Black Country ICB?")) == ["RBK", "RL4", "RNA", "RXK"]
    assert codes(ask(service, "which mental health trusts are in the Midlands?")) == ["TAJ"]
    assert ask(service, "how many trusts are in E54000062?").values() == [5]


def test_delegations_people_and_validation(service):
    delegated = ask(service, "what has NHS Black Country ICB delegated, and to whom?")
    assert delegated.query["name"] == "delegations-by-icb"
    assert delegated.rows[0]["budget"] == 2500000
    assert ask(service, "who is the chief executive of the Dudley Group?").values() == ["Pat Example"]
    assert ask(service, "who hosts BCPC?").values() == ["RNA"]


@pytest.mark.parametrize("question, query", [
    ("What has Black Country ICB delegated?", "delegations-by-icb"),
    ("What has RXK delegated?", "delegations-by-icb"),
    ("What was the Black Country Joint Provider Committee delegated?", "delegations-to-organisation"),
    ("What has been delegated to BCPC?", "delegations-to-organisation"),
    ("Which delegations has RWT received?", "delegations-to-organisation"),
    ("Which functions were delegated by QUA?", "delegations-by-icb"),
])
def test_who_delegates_and_who_receives_is_read_from_the_sentence(service, question, query):
    assert ask(service, question).query["name"] == query


# --- numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, op, n, least", [
    ("in more than two collaboratives", ">", 2, 3), ("in at least two collaboratives", ">=", 2, 2),
    ("in two or more collaboratives", ">=", 2, 2), ("in 2+ collaboratives", ">=", 2, 2),
    ("in exactly 2 collaboratives", "=", 2, None), ("in over one collaborative", ">", 1, 2),
    ("in multiple collaboratives", ">", 1, 2), ("in fewer than three collaboratives", "<", 3, None),
])
def test_comparisons_are_read_exactly(text, op, n, least):
    comparison, _ = find_comparison(tokenize(text), set())
    assert (comparison.op, comparison.n, comparison.at_least) == (op, n, least)


def test_more_than_two_means_three_or_more(service):
    answer = ask(service, "which trusts are in more than one collaborative?")
    assert answer.query["params"]["min_count"] == "2"
    assert codes(answer) == ["RL4"]


def test_a_bare_number_is_asked_about_not_guessed(service):
    answer = ask(service, "which trusts are in two collaboratives?")
    assert answer.status == "clarify"
    follow_ups = [o["question"] for o in answer.options]
    assert follow_ups == ["which trusts are in exactly 2 collaboratives?",
                          "which trusts are in at least 2 collaboratives?"]
    assert all(ask(service, q).status == "answer" for q in follow_ups)


# --- dates -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, day", [
    ("in 2023", "2023-12-31"), ("now", "2026-11-22"), ("last year", "2025-12-31"),
    ("before the 2026 mergers", "2026-03-31"), ("on 1 April 2024", "2024-04-01"), ("as of 2024-06-30", "2024-06-30"),
    ("in April 2026", "2026-04-30"), ("this year", "2026-11-22"), ("as of yesterday", "2026-11-21"),
])
def test_dates_and_relative_dates(text, day):
    when, _, error = find_when(tokenize(text), text, TODAY)
    assert error is None and when.as_of(TODAY).isoformat() == day


def test_two_different_dates_are_refused(service):
    answer = ask(service, "who was in BCPC in 2021 and in 2023?")
    assert answer.status == "refuse" and "more than one date" in answer.message


# --- asking back -----------------------------------------------------------------------

def test_a_name_shared_by_two_trusts_is_a_clarifying_question(service):
    answer = ask(service, "which collaboratives was Dudley in in 2023?")
    assert answer.status == "clarify"
    assert {o["ods_code"] for o in answer.options} == {"RNA", "RYK"}
    for option in answer.options:
        assert ask(service, option["question"]).status == "answer"


def test_a_short_name_means_the_one_that_exists_on_the_day(service):
    # Dudley Integrated Health and Care closed in March 2024: today "Dudley" is the Dudley Group.
    answer = ask(service, "which collaboratives is Dudley in?")
    assert answer.status == "answer" and "(RNA)" in answer.interpretation


def test_wolverhampton_the_trust_or_the_partnership(service):
    answer = ask(service, "who's in Wolverhampton?")
    assert answer.status == "clarify"
    labels = {o["label"] for o in answer.options}
    assert "Wolverhampton Place Partnership" in labels and "The Royal Wolverhampton NHS Trust (RL4)" in labels


def test_asked_today_about_a_closed_organisation_it_asks_which_day(service):
    answer = ask(service, "which collaboratives is Dudley Integrated Health and Care NHS Trust in?")
    assert answer.status == "clarify" and "31 March 2024" in answer.message
    then, today = (o["question"] for o in answer.options)
    assert then == "which collaboratives is Dudley Integrated Health and Care NHS Trust in on 31 March 2024?"
    assert ask(service, then).query["params"]["as_of"] == "2024-03-31"
    assert ask(service, today).status == "answer"


def test_an_area_or_a_collaborative_is_asked_about(service):
    answer = ask(service, "which trusts are in Black Country?")
    assert answer.status == "clarify"
    assert {o.get("iri") for o in answer.options} >= {BCPC, "https://w3id.org/pcgraph/id/org/QUA"}


@pytest.mark.parametrize("question, iris", [
    ("Black Country", {BCPC, "https://w3id.org/pcgraph/id/org/QUA"}),
    ("tell me about Black Country", {BCPC, "https://w3id.org/pcgraph/id/org/QUA"}),
    ("Dudley", {"https://w3id.org/pcgraph/id/org/RNA", "https://w3id.org/pcgraph/id/org/RYK"}),
    ("who is in Dudley?", {"https://w3id.org/pcgraph/id/org/RNA", "https://w3id.org/pcgraph/id/org/RYK"}),
])
def test_a_name_that_fits_several_things_asks_which_with_a_question_about_each(service, question, iris):
    answer = ask(service, question)
    assert answer.status == "clarify"
    assert {o["iri"] for o in answer.options} == iris
    assert "name" in answer.message and "members" not in answer.message
    for option in answer.options:
        assert option["kind"] and option["label"]
        follow = ask(service, option["question"])
        assert follow.status == "answer" and option["iri"] in follow.query["params"].values()


def test_a_name_of_one_thing_says_it_is_a_name_and_offers_questions_about_it(service):
    answer = ask(service, "The Royal Wolverhampton NHS Trust")
    assert answer.status == "refuse"
    assert answer.message.startswith("“The Royal Wolverhampton NHS Trust” is the name of an NHS trust, not a question")
    assert [n["iri"] for n in answer.named] == ["https://w3id.org/pcgraph/id/org/RL4"]
    assert answer.suggestions and all("Royal Wolverhampton" in s for s in answer.suggestions)
    assert all(ask(service, s).status == "answer" for s in answer.suggestions)


def test_a_name_with_a_question_about_it_is_still_answered(service):
    assert ask(service, "who is in BCPC?").status == "answer"
    assert ask(service, "Dudley in 2023").status == "refuse"


# --- declining -------------------------------------------------------------------------

@pytest.mark.parametrize("question, words", [
    ("what's the weather in Dudley?", ["weather"]),
    ("Who is on the finance team of the Black Country collaborative?", ["finance", "team"]),
    ("where can I park at Walsall?", ["park"]),
    ("what is the budget of BCPC?", ["budget"]),
])
def test_out_of_scope_questions_are_declined_naming_the_words(service, question, words):
    answer = ask(service, question)
    assert answer.status == "refuse"
    assert set(words) <= {w.lower() for w in answer.unknown_words}
    assert answer.suggestions
    assert all(ask(service, s).status in {"answer", "clarify"} for s in answer.suggestions)


@pytest.mark.parametrize("question", ["who is in the Blak Cuntry colaborative?", "Blak Cuntry colaborative"])
def test_words_that_may_be_an_unknown_name_get_no_questions_about_some_other_thing(service, question):
    answer = ask(service, question)
    assert answer.status == "refuse" and {"Blak", "Cuntry"} <= set(answer.unknown_words)
    labels = [e.label for e in service.lexicon().entities.values() if e.kinds - {"sector", "function"}]
    assert answer.suggestions and not [s for s in answer.suggestions if any(label in s for label in labels)]


def test_a_name_that_fits_several_things_is_not_filled_into_suggestions(service):
    answer = ask(service, "what's the weather in Dudley?")
    assert answer.status == "refuse" and answer.suggestions
    assert not [s for s in answer.suggestions if "Dudley" in s]


def test_a_negation_is_never_dropped(service):
    assert ask(service, "which trusts are not in the Black Country Provider Collaborative?").status == "refuse"


@pytest.mark.parametrize("question, value", [
    ("What is the postcode of The Dudley Group?", "DY1 2HQ"),
    ("what's Dudley Group's headquarters postcode", "DY1 2HQ"),
    ("What kind of trust is Black Country Healthcare?", "mental health"),
    ("When did Dudley Integrated Health and Care close?", "2024-03-31"),
])
def test_a_fact_on_one_record_is_asked_by_the_ontology_name_of_its_property(service, question, value):
    answer = ask(service, question)
    assert answer.status == "answer" and answer.query["name"] == "ask-attribute-of"
    assert answer.values() == [value]


@pytest.mark.parametrize("question, reason", [
    ("What is the postcode and the sector of The Dudley Group?", Reason.TWO_ATTRIBUTES),
    ("What is the purpose of The Dudley Group?", Reason.NOT_RECORDED),
    ("What is the postcode of Walsall Healthcare?", Reason.NOT_RECORDED),
])
def test_a_fact_is_declined_rather_than_another_answered(service, question, reason):
    answer = ask(service, question)
    assert answer.status == "refuse" and answer.message == MESSAGES[reason]


def test_an_attribute_is_askable_by_a_synonym_the_ontology_gives_it():
    from pcgraph.questions.attributes import ATTRIBUTES, choose

    attribute, _, _ = choose({"postcod"})
    assert attribute.iri == "https://w3id.org/pcgraph/ontology#headquarters"
    assert not any(a.iri.endswith("memberListComplete") for a in ATTRIBUTES)  # a flag is asked yes or no


@pytest.mark.parametrize("question", [
    "Which community trusts are in a collaborative?",  # once every community trust, the collaborative dropped
    "Which trusts should be in a collaborative?",  # once every trust in one, "should" dropped
    "which trusts are in the collaborative?",
])
def test_a_second_kind_of_thing_or_a_modal_word_is_never_dropped(service, question):
    answer = ask(service, question)
    assert answer.status == "refuse" or answer.query["name"] == "ask-organisations-by-collaborative-count"
    if answer.status == "answer":
        assert answer.query["params"]["min_count"] == "1" and answer.query["params"]["trusts_only"] == "true"


def test_trusts_of_a_sector_in_any_collaborative(service):
    answer = ask(service, "Which acute trusts are in a collaborative?")
    assert codes(answer) == ["RBK", "RL4", "RNA", "RXK"]
    assert codes(ask(service, "Which mental health trusts are in a collaborative?")) == ["TAJ"]  # a partnership


@pytest.mark.parametrize("question", [
    "Which trusts share a collaborative with Walsall Healthcare?",
    "Who are the members of Walsall Healthcare's collaborative?",  # once: the collaboratives, members dropped
    "which organisations are in the same collaborative as Walsall Healthcare?",
])
def test_who_shares_a_collaborative_with_an_organisation(service, question):
    answer = ask(service, question)
    assert answer.query["name"] == "ask-co-members"
    assert codes(answer) == ["RL4", "RNA", "RXK"]


def test_the_collaboratives_an_organisation_is_in_are_still_collaboratives(service):
    for question in ("Which collaboratives is Walsall Healthcare in?", "Which provider collaboratives include RBK?"):
        assert ask(service, question).query["name"] == "collaboratives-of-organisation"


def test_a_town_name_also_begins_its_county_name():
    from pcgraph.questions.lexicon import Entity, Lexicon

    org = "https://w3id.org/pcgraph/id/org/"
    lexicon = Lexicon({
        org + "RX1": Entity(org + "RX1", "Nottingham University Hospitals NHS Trust", {"trust", "organisation"}),
        org + "RHA": Entity(org + "RHA", "Nottinghamshire Healthcare NHS Foundation Trust", {"trust", "organisation"}),
    })
    assert {a.iri for a in lexicon.lookup(("nottingham",))} == {org + "RX1", org + "RHA"}


@pytest.mark.parametrize("question, query, values", [
    ("Which ICB looks after Walsall Healthcare?", "ask-icbs-of-organisation", ["QUA"]),
    ("which ICB is looking after RBK", "ask-icbs-of-organisation", ["QUA"]),
    ("Which trusts work together in BCPC?", "ask-trust-members-of-collaborative", ["RBK", "RL4", "RNA", "RXK"]),
    ("who takes part in the Black Country Provider Collaborative?", "members-of-collaborative",
     ["RBK", "RL4", "RNA", "RXK"]),
])
def test_a_relation_is_read_from_the_phrases_people_use_for_it(service, question, query, values):
    answer = ask(service, question)
    assert answer.status == "answer" and answer.query["name"] == query
    assert codes(answer) == values


def test_relation_phrases_are_read_on_stems_and_never_inside_a_name():
    from pcgraph.questions.relations import find

    tokens = tokenize("which trusts looked after and worked together")
    found, consumed = find(tokens, set())
    assert found == {2: "cover", 5: "member"} and consumed == {3, 6}
    assert find(tokens, {2}) == ({5: "member"}, {6})


def test_an_area_restriction_reaches_the_query(service):
    answer = ask(service, "Which trusts in Black Country ICB are in no provider collaborative?")
    assert answer.query["params"]["area"] == "https://w3id.org/pcgraph/id/org/QUA"
    assert codes(answer) == ["TAJ"]
    answer = ask(service, "which acute trusts in the Midlands are in a collaborative?")
    assert answer.query["params"]["area"] == "https://w3id.org/pcgraph/id/org/Y60"
    assert codes(answer) == ["RBK", "RL4", "RNA", "RXK"]


@pytest.mark.parametrize("question, yes", [
    ("Is The Dudley Group the host of BCPC?", True),
    ("is RXK the host of the Black Country Provider Collaborative?", False),
    ("Is RXK a member of BCPC?", True),
])
def test_a_role_in_a_collaborative_is_asked_yes_or_no_and_reaches_the_query(service, question, yes):
    answer = ask(service, question)
    assert answer.query["name"] == "ask-is-member" and answer.values() == [yes]
    assert ("role" in answer.query["params"]) == ("host" in question)


def test_who_leads_or_runs_a_collaborative(service):
    leads = ask(service, "Who leads BCPC?")
    assert leads.query["name"] == "ask-members-with-role"
    assert leads.query["params"]["role"].endswith("#LeadProvider")
    runs = ask(service, "who runs BCPC?")  # the lead provider, or the people in posts: asked back
    assert runs.status == "clarify" and len(runs.options) == 2
    assert ask(service, "how is BCPC run?").query["name"] == "collaborative-governance"


def test_general_is_a_generic_word_of_a_hospital_name():
    from pcgraph.questions.lexicon import Entity, Lexicon

    iri = "https://w3id.org/pcgraph/id/org/RNS"
    lexicon = Lexicon({iri: Entity(iri, "Northampton General Hospital NHS Trust", {"trust", "organisation"})})
    assert {a.iri for a in lexicon.lookup(("northampton",))} == {iri}


def test_collaboratives_with_no_members_and_members_of_each(service):
    empty = ask(service, "Which collaboratives have no members?")
    assert empty.query["name"] == "ask-collaboratives-by-member-count"
    assert empty.query["params"]["max_count"] == "0"
    assert ask(service, "Which collaboratives have members that are not NHS trusts?").status == "refuse"
    each = ask(service, "How many members does each provider collaborative have?")
    assert each.query["params"]["collaborative_class"].endswith("#ProviderCollaborative")
    assert [(r["collaborative"]["label"], r["count"]) for r in each.rows] == [("Black Country Provider Collaborative", 4)]
    assert ask(service, "How many collaboratives does each trust belong to?").status == "refuse"


def test_provider_collaborative_is_a_restriction_that_reaches_the_query(service):
    some = ask(service, "Which trusts are in a provider collaborative?")
    assert some.query["params"]["collaborative_class"].endswith("#ProviderCollaborative")
    assert "TAJ" not in codes(some)  # its only partnership is not a provider collaborative
    assert "TAJ" in codes(ask(service, "Which trusts are in a collaborative?"))


@pytest.mark.parametrize("question, day", [
    ("Which ICB was Walsall Healthcare in before the April 2026 mergers?", "2026-03-31"),
    ("Was RXK still in BCPC in 2025?", "2025-12-31"),  # once: two dates, today and 2025
])
def test_history_phrases_set_the_day(service, question, day):
    answer = ask(service, question)
    assert answer.status == "answer" and answer.query["params"]["as_of"] == day


def test_a_day_still_to_come_is_declined_not_guessed(service):
    answer = ask(service, "Is RXK still in BCPC next year?")
    assert answer.status == "refuse" and "has not come yet" in answer.message
    assert ask(service, "Is Walsall Healthcare still open?").status == "refuse"  # not its opening date


def test_an_area_before_the_collaborative_restricts_the_trusts_and_after_it_is_declined(service):
    answer = ask(service, "Which trusts in Black Country ICB are in more than one collaborative?")
    assert answer.query["params"]["area"] == "https://w3id.org/pcgraph/id/org/QUA"
    # The trusts' area, or the collaboratives'? Not guessed.
    assert ask(service, "Which trusts are in more than one collaborative in the Midlands?").status == "refuse"
    provider = ask(service, "Which NHS trusts are members of two or more provider collaboratives?")
    assert provider.query["params"]["collaborative_class"].endswith("#ProviderCollaborative")


def test_provider_collaboratives_of_an_organisation_leave_out_other_partnerships(service):
    provider = ask(service, "Which provider collaboratives is Black Country Healthcare in?")
    assert provider.query["params"]["collaborative_class"].endswith("#ProviderCollaborative")
    assert provider.values() == []  # its one partnership is place-based
    assert ask(service, "Which collaboratives is Black Country Healthcare in?").values() == [
        "Wolverhampton Place Partnership"]
    assert ask(service, "How many provider collaboratives is Black Country Healthcare in?").values() == [0]


def test_merged_with_says_no_direction_and_is_asked_back(service):
    answer = ask(service, "Which trusts have merged with Dudley Integrated Health and Care?")
    assert answer.status == "refuse" and answer.message == MESSAGES[Reason.CHANGE_DIRECTION_UNCLEAR]


_REASON_MODULES = [Path(kinds.__file__).parent.glob("*.py"), [Path(grammar.__file__), Path(findings.__file__)]]


def _reasons_in_source() -> tuple[set[str], list[str]]:
    """The reasons the kinds' builders can give, read from their source, and any bare strings
    returned where a reason is expected (from a function whose return type names ``Reason``)."""
    named, bare = set(), []
    for path in (p for group in _REASON_MODULES for p in group):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Reason":
                named.add(node.attr)
            if isinstance(node, ast.FunctionDef) and node.returns is not None \
                    and "Reason" in ast.unparse(node.returns):
                for ret in (n for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None):
                    values = [ret.value.body, ret.value.orelse] if isinstance(ret.value, ast.IfExp) else [ret.value]
                    bare += [f"{path.name}:{ret.lineno}" for v in values if isinstance(v, ast.JoinedStr)
                             or (isinstance(v, ast.Constant) and isinstance(v.value, str))]
    return named, bare


def test_every_reason_a_kind_can_give_has_a_plain_sentence_for_the_asker():
    named, bare = _reasons_in_source()
    assert not bare, f"return a Reason, not a string: {bare}"
    assert named and named <= {r.name for r in Reason}
    for reason in Reason:
        text = MESSAGES[reason]
        assert text[0].isupper() and text.rstrip("”").endswith((".", "?")), (reason, text)
        assert not re.search(r"\b[a-z]+-[a-z]+\b", text), (reason, text)  # no query names (trusts-in-area)
        assert text != reason.value


@pytest.mark.parametrize("question, reason, jargon", [
    ("which ICBs is NHS Black Country ICB in?", Reason.ICBS_OF_AN_AREA, "The ICBs of a provider."),
    ("what replaced NHS Black Country ICB and what did it replace?", Reason.CHANGE_DIRECTION_UNCLEAR,
     "Direction of change unclear."),
    ("what has been delegated to NHS Black Country ICB by BCPC?", Reason.DELEGATION_ORDER_UNCLEAR, "Order unclear."),
    ("which collaboratives are partners of RWT?", Reason.PARTNERS_NOT_COLLABORATIVES,
     "Asks about partners, not collaboratives."),
    # Two kinds give a reason; the one that explains the question is told, not "a region is a place".
    ("how many collaboratives are there in the Midlands?", Reason.COLLABORATIVES_IN_REGION,
     "A region is a place, not a member of collaboratives."),
])
def test_a_declined_question_is_told_why_in_plain_words_and_what_to_ask(service, question, reason, jargon):
    answer = ask(service, question)
    assert answer.status == "refuse"
    assert answer.message == MESSAGES[reason] != jargon
    assert "“" in answer.message


def test_fewer_than_is_declined_rather_than_answered_wrongly(service):
    answer = ask(service, "which trusts are in fewer than two collaboratives?")
    assert answer.status == "refuse" and "fewer" in answer.message


# --- the names are the graph's ---------------------------------------------------------

def test_a_newly_added_organisation_is_askable_at_once(store, service):
    assert ask(service, "which collaboratives is Newtown Hospitals NHS Trust in?").status == "refuse"
    store.oxigraph.update("""
        PREFIX pc: <https://w3id.org/pcgraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX org: <http://www.w3.org/ns/org#>
        INSERT DATA { GRAPH <https://w3id.org/pcgraph/graph/question-fixture-extra> {
          <https://w3id.org/pcgraph/id/org/ZZ1> a pc:NHSTrust ; skos:prefLabel "Newtown Hospitals NHS Trust" ;
              pc:odsCode "ZZ1" .
          <https://w3id.org/pcgraph/id/membership/bcpc/ZZ1> org:member <https://w3id.org/pcgraph/id/org/ZZ1> ;
              org:organization <https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative> .
        } }""")
    try:
        service.refresh()
        assert ask(service, "which collaboratives is Newtown Hospitals in?").values() == \
            ["Black Country Provider Collaborative"]
        assert ask(service, "is ZZ1 in BCPC?").rows[0]["member"] is True
    finally:
        store.drop_graph("https://w3id.org/pcgraph/graph/question-fixture-extra")
        service.refresh()


def test_every_reading_has_a_canonical_question_that_reads_back_the_same(service):
    from pcgraph.questions.kinds import KINDS

    examples = [
        "Who are the members of BCPC?", "Which collaboratives is RWT in?", "Is RXK a member of BCPC?",
        "Which trusts are in at least 2 collaboratives?", "How many trusts are in the Midlands?",
        "Which trusts are in Black Country ICB?", "What has Black Country ICB delegated, and to whom?",
        "Who is the chief executive of the Dudley Group?", "Who hosts BCPC?",
    ]
    seen = set()
    for question in examples:
        first = ask(service, question)
        assert first.status == "answer", question
        again = ask(service, _canonical(service, question))
        assert (again.query["name"], again.query["params"]) == (first.query["name"], first.query["params"])
        seen.add(first.kind)
    assert len(seen) == len(examples) and len(KINDS) > len(examples)


def _canonical(service, question):
    from pcgraph.questions.grammar import try_kind
    from pcgraph.questions.kinds import KINDS
    from pcgraph.questions.parse import parse
    from pcgraph.questions import VOCABULARY, KNOWN_WORDS

    p = parse(question, service.lexicon(), set(VOCABULARY), TODAY, KNOWN_WORDS)
    readings = [r for k in KINDS for r in try_kind(k, p, TODAY, TODAY).readings]
    return max(readings, key=lambda r: r.specificity).canonical


def test_results_are_reused_until_the_data_generation_changes(store):
    service = QuestionService(store)
    question = "how many members does BCPC have?"
    assert service.answer(question, today=TODAY, generation=1).values() == [4]
    graph = "https://w3id.org/pcgraph/graph/question-fixture-generation"
    store.oxigraph.update(f"""
        PREFIX org: <http://www.w3.org/ns/org#>
        INSERT DATA {{ GRAPH <{graph}> {{
          <https://w3id.org/pcgraph/id/membership/bcpc/TAJ> org:member <https://w3id.org/pcgraph/id/org/TAJ> ;
              org:organization <{BCPC}> . }} }}""")
    try:
        # "how many are in BCPC?" is the same canned query with the same parameters.
        assert service.answer("how many organisations are in BCPC?", today=TODAY, generation=1).values() == [4]
        assert service.answer(question, today=TODAY, generation=2).values() == [5]
        assert service.answer(question, today=TODAY).values() == [5]
    finally:
        store.drop_graph(graph)


def test_trusts_in_no_collaborative_says_only_provider_collaboratives_count(service):
    # TAJ is in the Wolverhampton Place Partnership, which is not a provider collaborative.
    answer = ask(service, "Which trusts are not in any collaborative?")
    assert answer.status == "answer" and "TAJ" in codes(answer)
    assert "in no provider collaborative (groups, alliances and other partnerships not counted)" \
        in answer.interpretation


def test_a_count_of_one_reads_in_the_singular(service):
    assert "in more than 1 collaborative," in ask(service, "which trusts are in more than one collaborative?").interpretation
    assert "with exactly 1 member " in ask(service, "which collaboratives have exactly one member?").interpretation
    assert "in more than 2 collaboratives," in ask(service, "which trusts are in more than two collaboratives?").interpretation
