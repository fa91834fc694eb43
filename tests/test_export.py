"""pcgraph export, and round trips: what goes in through import comes out of export unchanged, in every format."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from pcgraph.cli import main
from pcgraph.importing import FORMATS, EXPORT_FORMAT_NAMES, import_data
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.store.export import export_store
from support.paths import FIXTURES_DIR
from support.stores import canonical

FIXTURE = FIXTURES_DIR / "import" / "roundtrip.trig"
GRAPHS = ["https://w3id.org/pcgraph/graph/example-places", "https://w3id.org/pcgraph/graph/example-trusts"]


def fixture_quads() -> list[ox.Quad]:
    return list(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG))


def write_fixture_as(fmt_name: str, folder) -> tuple:
    """The fixture in ``fmt_name``: the dataset for TriG and N-Quads, its merged triples otherwise."""
    fmt = FORMATS[fmt_name]
    quads = fixture_quads()
    data = list(quads) if fmt.dataset else list(dict.fromkeys(q.triple for q in quads))
    path = folder / f"roundtrip{fmt.extension}"
    path.write_bytes(ox.serialize(data, format=fmt.rdf))
    return path, data


@pytest.mark.parametrize("fmt_name", EXPORT_FORMAT_NAMES)
def test_import_then_export_gives_back_the_same_data(fmt_name, tmp_path):
    path, original = write_fixture_as(fmt_name, tmp_path)
    with EmbeddedStore.open(tmp_path / "store", load_defaults=False) as store:
        report = import_data(store, [path])
        buffer = io.BytesIO()
        export_store(store, buffer, fmt_name, graphs=report.graphs)
    exported = list(ox.parse(buffer.getvalue(), format=FORMATS[fmt_name].rdf))
    if FORMATS[fmt_name].dataset:
        assert canonical(exported) == canonical(original)
    else:
        as_quads = lambda triples: [ox.Quad(t.subject, t.predicate, t.object) for t in triples]  # noqa: E731
        assert canonical(as_quads(q.triple for q in exported)) == canonical(as_quads(original))


def test_dataset_formats_keep_the_files_named_graphs(tmp_path):
    path, _ = write_fixture_as("trig", tmp_path)
    with EmbeddedStore.open(tmp_path / "store", load_defaults=False) as store:
        report = import_data(store, [path])
    assert report.graphs == GRAPHS


def test_the_cli_writes_a_file_in_the_format_asked(tmp_path, capsys):
    store_dir = tmp_path / "store"
    path, original = write_fixture_as("trig", tmp_path)
    with EmbeddedStore.open(store_dir, load_defaults=False) as store:
        import_data(store, [path])
    output = tmp_path / "out.nq"
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--store", str(store_dir), "--format", "nquads", "--output", str(output),
              "--graph", GRAPHS[0], "--graph", GRAPHS[1]])
    assert exit_.value.code == 0
    assert canonical(ox.parse(path=str(output), format=ox.RdfFormat.N_QUADS)) == canonical(original)
    assert not (tmp_path / "out.nq.partial").exists()


def test_the_whole_store_exports_with_its_catalogue(tmp_path, capsys):
    store_dir = tmp_path / "store"
    with EmbeddedStore.open(store_dir) as store:
        graphs = store.graphs()
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--store", str(store_dir), "--format", "trig"])
    assert exit_.value.code == 0
    exported = ox.Dataset(ox.parse(capsys.readouterr().out.encode(), format=ox.RdfFormat.TRIG))
    assert sorted({q.graph_name.value for q in exported}) == graphs


@pytest.mark.parametrize("args, message", [
    (["--format", "yaml"], "unknown format 'yaml'"),
    (["--format", "ods-csv"], "cannot export as ods-csv"),
    (["--format", "turtle", "--graph", "https://w3id.org/pcgraph/graph/nothing"], "no graph https://w3id.org/pcgraph/graph/nothing"),
])
def test_bad_export_options_are_named(args, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--store", str(tmp_path / "store"), *args])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_a_whole_store_export_imports_into_a_new_store_leaving_out_its_own_graphs(tmp_path, capsys):
    source, target = tmp_path / "source", tmp_path / "target"
    with EmbeddedStore.open(source) as store:
        data_graphs = [g for g in store.graphs() if not g.endswith(("/graph/catalogue", "/graph/ontology"))]
        before = {g: canonical(store.quads(g)) for g in data_graphs}
    exported = tmp_path / "all.nquads"
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--store", str(source), "--format", "nquads", "--output", str(exported)])
    assert exit_.value.code == 0
    with EmbeddedStore.open(target, load_defaults=False) as store:
        report = import_data(store, [exported], validate=False)
        assert sorted(report.left_out) == ["https://w3id.org/pcgraph/graph/catalogue",
                                           "https://w3id.org/pcgraph/graph/ontology"]
        assert "left out pcgraph's own" in report.summary()
        assert {g: canonical(store.quads(g)) for g in data_graphs} == before
