"""Facts held on one record: "What is the headquarters postcode of UHNM?", "When was BCPC set up?".

The attribute is the ontology property the question names by its label or a synonym
(``pcgraph.questions.attributes``); the answer is its recorded values. Every attribute
word must name the one property read, and the thing must have that property in the
graph; otherwise the question is declined with the reason, never answered with a
neighbouring fact.
"""

from __future__ import annotations

from pcgraph.questions.attributes import ATTRIBUTE_WORDS, choose
from pcgraph.questions.grammar import Match, Reading, stems
from pcgraph.questions.kinds.common import COLLAB_WORDS, ORG_WORDS, TRUST_WORDS, name
from pcgraph.questions.reasons import Reason

# Words a fact question may use besides the attribute's names: the kind of thing it is about,
# and the words of asking for a value or a day.
ASKING = stems("when date day year value recorded listed given stated official its their")
WHEN = stems("when")
THING_WORDS = TRUST_WORDS | ORG_WORDS | COLLAB_WORDS | stems("committee")


def build_attribute(m: Match) -> Reading | Reason | None:
    thing = m.slots["thing"]
    if m.parse.yes_no:
        return None  # "Is RY9 still open?" asks yes or no, not for a recorded value
    attribute, covered, others = choose(m.parse.stems)
    if attribute is None:
        return Reason.TWO_ATTRIBUTES if others else None
    if (m.parse.stems & ATTRIBUTE_WORDS) - covered - ASKING - THING_WORDS:
        return Reason.TWO_ATTRIBUTES  # another attribute word would be dropped
    if m.parse.stems & WHEN and not attribute.is_date:
        return None  # "when" asks for a day; this attribute is not one
    if not thing.kinds & attribute.kinds or attribute.iri not in thing.attributes:
        return Reason.NOT_RECORDED
    label = attribute.label
    reading = Reading("attribute", "ask-attribute-of", {"thing": thing.iri, "property": attribute.iri},
                      f"The {label} of {thing.display}, as the graph records it.",
                      f"What is the {label} of {name(thing)}?", key="value", columns=["value"])
    # A question kind made for this fact (governance, region) reads it more fully; "when" asks for a day.
    reading.specificity = 1 if m.parse.stems & WHEN else -1
    return reading
