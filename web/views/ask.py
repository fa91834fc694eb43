"""Questions in plain English: ``GET /api/ask?q=...`` for programs, ``/ask?q=...`` for people.

Both give the same answer (``pcgraph.questions``): an answer with the reading of the
question and the canned query behind it, a clarifying question with options, or a
refusal naming the words not understood, with questions that can be answered instead.
The home page's search box shows the same answer in place (``static/ask.js``).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request

from pcgraph.errors import ParameterError
from pcgraph.questions import service_for

from .. import context
from ..display import href, short_iri
from ..request_args import as_of_arg

bp = Blueprint("ask", __name__)

MAX_CHARS = 400

# Offered on the empty question page: questions the graph answers, one of each common kind
# (the home page's first questions among them), so a newcomer sees what can be asked.
EXAMPLE_QUESTIONS = [
    "Who sits in the Black Country Provider Collaborative?",
    "What did Black Country ICB delegate?",
    "Which trusts are in no provider collaborative?",
    "Which trusts are in more than one collaborative?",
    "Which collaboratives are in the Midlands?",
    "Which collaboratives is The Dudley Group in?",
]


def _answer_json(text: str) -> dict:
    service = service_for(context.get_store(), context.settings())
    as_of = as_of_arg() if (request.args.get("as_of") or "").strip() else None
    body = service.answer(text, as_of=as_of, generation=context.generation()).to_json()
    _add_links(body)
    return body


def _add_links(body: dict) -> None:
    """Page links for entities (``href``) and the canned query with readable parameters."""
    for row in body.get("rows") or []:
        for value in row.values():
            if isinstance(value, dict) and value.get("iri"):
                value["href"] = href(value["iri"])
    for option in (body.get("options") or []) + (body.get("named") or []):
        if option.get("iri"):
            option["href"] = href(option["iri"])
    query = body.get("query")
    if query and query["name"] == "validation":
        query["url"] = href(query["url"])
    elif query:
        from urllib.parse import urlencode

        readable = {k: short_iri(v) for k, v in query["params"].items()}
        query["url"] = f"/queries/{query['name']}?{urlencode(readable)}"


def _question() -> str:
    text = request.args.get("q")
    if text is None:
        raise ParameterError("is required: the question to answer", where="parameter 'q'")
    if len(text) > MAX_CHARS:
        raise ParameterError(f"is longer than {MAX_CHARS} characters", where="parameter 'q'")
    return text


@bp.get("/api/ask")
def api_ask():
    body = _answer_json(_question())
    return jsonify({"ok": True, **body})


@bp.get("/ask")
def ask_page():
    text = (request.args.get("q") or "").strip()
    body = _answer_json(text) if text else None
    as_of = request.args.get("as_of", "")
    if request.args.get("fragment") and body is not None:
        return render_template("ask/answer.html", answer=body, as_of=as_of)
    return render_template("ask/page.html", q=text, answer=body, as_of=as_of, examples=EXAMPLE_QUESTIONS)
