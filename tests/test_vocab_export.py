"""Exports the field uses, read back by their own tools: GraphML by networkx,
JSON-LD by rdflib (and queried with SPARQL), fides YAML by fideslang's models;
every DPV term used is one the W3C DPV 2.3 sources define."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
import rdflib
import yaml
from fideslang import DEFAULT_TAXONOMY
from fideslang.models import System

from policy_graph.corpus import Corpus
from policy_graph.export import graph_graphml
from policy_graph.graph import build_graph
from policy_graph.vocab_export import practices_fides, practices_jsonld
from tests.test_cli import run

DPV_TERMS = {line.strip() for line in (Path(__file__).parent / "fixtures" / "dpv" / "terms-2.3.txt")
             .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}


def test_every_dpv_iri_of_the_taxonomy_exists_in_dpv(corpus: Corpus) -> None:
    for concept in corpus.taxonomy.concept_list:
        for iri in (concept.iri, concept.broader):
            if iri and not iri.startswith("pg:"):
                assert iri in DPV_TERMS, (concept.id, iri)


def test_graphml_is_read_back_by_networkx(corpus: Corpus) -> None:
    graph = build_graph(corpus.practices, corpus.taxonomy)
    back = nx.read_graphml(io.BytesIO(graph_graphml(graph).encode("utf-8")))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_jsonld_parses_in_rdflib_and_answers_sparql(corpus: Corpus) -> None:
    g = rdflib.Graph().parse(data=practices_jsonld(corpus.practices, corpus.taxonomy),
                             format="json-ld")
    dpv = rdflib.Namespace("https://w3id.org/dpv#")
    handlings = set(g.subjects(rdflib.RDF.type, dpv.PersonalDataHandling))
    assert len(handlings) == len(corpus.practices)
    rows = list(g.query("""
        PREFIX dpv: <https://w3id.org/dpv#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?basis ?quote WHERE {
            ?h a dpv:PersonalDataHandling ;
               dpv:hasPersonalData <urn:policy-graph:data/PaymentInformation> ;
               dpv:hasPurpose dpv:PaymentManagement ;
               dpv:hasLegalBasis ?basis ; prov:wasDerivedFrom ?clause .
            ?clause prov:value ?quote ; <http://purl.org/dc/terms/language> "vi" .
        }"""))
    assert rows
    assert {str(b) for b, _ in rows} == {"https://w3id.org/dpv/legal/eu/gdpr#A6-1-b"}
    assert any("Thông tin Thanh toán" in str(q) for _, q in rows)
    used = {str(o) for _, p, o in g if str(p).startswith("https://w3id.org/dpv#has")}
    prefixes = {"https://w3id.org/dpv#": "dpv:", "https://w3id.org/dpv/pd#": "pd:",
                "https://w3id.org/dpv/legal/eu/gdpr#": "eu-gdpr:"}
    for iri in used:
        for base, prefix in prefixes.items():
            if iri.startswith(base):
                assert prefix + iri[len(base):] in DPV_TERMS, iri


def test_fides_yaml_validates_in_fideslang(corpus: Corpus) -> None:
    data = yaml.safe_load(practices_fides(corpus.practices, corpus.taxonomy))
    systems = [System.model_validate(s) for s in data["system"]]
    assert {s.fides_key for s in systems} == {"wework", "wework_space_services"}
    known = {"data_category": {c.fides_key for c in DEFAULT_TAXONOMY.data_category},
             "data_use": {u.fides_key for u in DEFAULT_TAXONOMY.data_use},
             "data_subject": {s.fides_key for s in DEFAULT_TAXONOMY.data_subject}}
    for system in systems:
        assert system.privacy_declarations
        for d in system.privacy_declarations:
            assert set(d.data_categories) <= known["data_category"]
            assert d.data_use in known["data_use"]
            assert set(d.data_subjects) <= known["data_subject"]
    payment = [d for s in systems for d in s.privacy_declarations
               if d.data_use == "essential.service.payment_processing"]
    assert payment and all(d.legal_basis_for_processing is not None and
                           d.legal_basis_for_processing.value == "Contract" for d in payment)


@pytest.mark.parametrize("fmt", ["jsonld", "fides"])
def test_cli_exports_the_new_formats(capsys: pytest.CaptureFixture[str], fmt: str,
                                     tmp_path: Path) -> None:
    target = tmp_path / f"out.{fmt}"
    code, _, _ = run(capsys, "export", "--format", fmt, "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").strip()


def test_explore_offers_every_export() -> None:
    from tests.test_app import Page
    at = Page("ui/pages/explore.py").run()
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == [
        "CSV (with ids)", "GraphML", "JSON-LD (W3C DPV)", "fides YAML"]
