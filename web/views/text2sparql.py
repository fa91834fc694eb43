"""The TEXT2SPARQL challenge's API: ``GET /text2sparql?question=...&dataset=...``.

Answers ``{"dataset": ..., "question": ..., "query": ...}``, the SPARQL that answers the
question on pcgraph's data (``pcgraph.questions.standalone``), so the challenge's client
(``text2sparql-client``) and its evaluation tools run against pcgraph unchanged. The one
dataset is pcgraph's (``DATASET``, or the service's own ``/sparql`` address; any other is a 404). A question
pcgraph would ask back about, or decline, has no query: a 422 in the API's error shape,
with the clarifying options or the words not understood.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from pcgraph.errors import ParameterError
from pcgraph.questions import service_for
from pcgraph.questions.standalone import standalone_sparql

from .. import context
from ..errors import HTTPError

bp = Blueprint("text2sparql", __name__)

DATASET = "https://w3id.org/pcgraph/"
MAX_CHARS = 400


def _argument(name: str) -> str:
    text = (request.args.get(name) or "").strip()
    if not text:
        raise ParameterError("is required", where=f"parameter {name!r}")
    if len(text) > MAX_CHARS:
        raise ParameterError(f"is longer than {MAX_CHARS} characters", where=f"parameter {name!r}")
    return text


def _datasets() -> set[str]:
    return {DATASET, DATASET.rstrip("/"), request.host_url + "sparql"}


@bp.get("/text2sparql")
def text2sparql():
    question = _argument("question")
    dataset = _argument("dataset")
    if dataset not in _datasets():
        raise HTTPError(404, f"parameter 'dataset': no dataset {dataset!r} is served here; the dataset is {DATASET}",
                        parameter="dataset")
    answer = service_for(context.get_store(), context.settings()).answer(question, generation=context.generation())
    query = standalone_sparql(answer)
    if query is None:
        body = answer.to_json()
        raise HTTPError(422, f"parameter 'question': {answer.message or 'no single query answers that question'}",
                        parameter="question", answer=body["status"], options=body.get("options"),
                        unknown_words=body.get("unknown_words") or None)
    return jsonify({"dataset": dataset, "question": question, "query": query})
