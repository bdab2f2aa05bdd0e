"""Exports in the field's vocabularies: W3C DPV as JSON-LD, and fideslang system YAML.

JSON-LD: one ``dpv:PersonalDataHandling`` per practice with ``dpv:hasPersonalData``,
``dpv:hasPurpose``, ``dpv:hasDataSubject`` and ``dpv:hasLegalBasis`` (every DPV term
checked against the W3C DPV 2.3 sources), the clause it rests on as provenance
(``prov:wasDerivedFrom`` a clause node carrying the quote, its policy and language).
Project concepts (``pg:``) are ``urn:policy-graph:`` IRIs with ``skos:broader`` their
nearest DPV term.

fides: one system per policy, one privacy declaration per (audience, data use,
legal basis) with the data categories, in fideslang's keys; concepts without a
fideslang key are left out of the declaration and listed in its description.

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> doc = json.loads(practices_jsonld(corpus.practices[:1], corpus.taxonomy))
>>> doc["@graph"][0]["@type"], doc["@graph"][0]["dpv:hasLegalBasis"]
('dpv:PersonalDataHandling', {'@id': 'urn:policy-graph:basis/NotStatedInThisPolicy'})
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import quote

import yaml

from .models import Practice
from .taxonomy import Taxonomy

__all__ = ["JSONLD_CONTEXT", "practices_fides", "practices_jsonld"]

PROJECT_NS = "urn:policy-graph:"
JSONLD_CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def _iri(taxonomy: Taxonomy, concept_id: str) -> str:
    iri = taxonomy.get(concept_id).iri
    return PROJECT_NS + iri[3:] if iri.startswith("pg:") else iri


def _clause_iri(p: Practice) -> str:
    return f"{PROJECT_NS}clause/{quote(p.clause_ref, safe='/')}"


def practices_jsonld(practices: Iterable[Practice], taxonomy: Taxonomy) -> str:
    """JSON-LD (compact, with its context) of the practices; rdflib reads it."""
    graph: list[dict[str, object]] = []
    clauses: dict[str, dict[str, object]] = {}
    used: set[str] = set()
    for p in practices:
        clause = _clause_iri(p)
        graph.append({
            "@id": f"{PROJECT_NS}practice/{quote(p.id, safe='/')}",
            "@type": "dpv:PersonalDataHandling",
            "dpv:hasPersonalData": {"@id": _iri(taxonomy, p.data_category)},
            "dpv:hasPurpose": {"@id": _iri(taxonomy, p.purpose)},
            "dpv:hasDataSubject": {"@id": _iri(taxonomy, p.audience)},
            "dpv:hasLegalBasis": {"@id": _iri(taxonomy, p.legal_basis)},
            "prov:wasDerivedFrom": {"@id": clause},
            "dct:description": f"{p.source}, confidence {p.confidence}",
        })
        used.update((p.data_category, p.purpose, p.audience, p.legal_basis))
        clauses.setdefault(clause, {
            "@id": clause, "@type": "prov:Entity", "dct:identifier": p.clause_ref,
            "dct:isPartOf": p.policy, "dct:language": p.lang,
            "prov:value": {"@value": p.quote, "@language": p.lang},
        })
    concepts = []
    for concept_id in sorted(used):
        concept = taxonomy.get(concept_id)
        if concept.iri.startswith("pg:"):
            concepts.append({"@id": _iri(taxonomy, concept_id),
                             "skos:prefLabel": {"@value": concept.label("en"), "@language": "en"},
                             "skos:broader": {"@id": concept.broader}})
    doc = {"@context": JSONLD_CONTEXT, "@graph": [*graph, *clauses.values(), *concepts]}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def practices_fides(practices: Iterable[Practice], taxonomy: Taxonomy) -> str:
    """fideslang ``system`` YAML: one system per policy, privacy declarations inside."""
    by_policy: dict[str, dict[tuple[str, str, str], list[Practice]]] = {}
    for p in practices:
        by_policy.setdefault(p.policy, {}).setdefault((p.audience, p.purpose, p.legal_basis), []).append(p)
    systems = []
    for policy, groups in sorted(by_policy.items()):
        declarations = []
        for (audience, purpose, basis), group in groups.items():
            use = taxonomy.get(purpose).fideslang
            if use is None:
                continue  # a purpose fideslang has no use for cannot be declared
            categories = sorted({c for p in group if (c := taxonomy.get(p.data_category).fideslang)})
            if not categories:
                continue
            subject = taxonomy.get(audience).fideslang
            declaration: dict[str, object] = {
                "name": f"{taxonomy.label(purpose, 'en')} ({taxonomy.label(audience, 'en')})",
                "data_use": use, "data_categories": categories,
                "data_subjects": [subject] if subject else [],
            }
            lawful = taxonomy.get(basis).fideslang
            if lawful:
                declaration["legal_basis_for_processing"] = lawful
            declarations.append(declaration)
        systems.append({
            "fides_key": policy.replace("-", "_"), "name": policy, "system_type": "Service",
            "description": f"Practices of the policy {policy}, from Policy Graph",
            "privacy_declarations": declarations,
        })
    return yaml.safe_dump({"system": systems}, allow_unicode=True, sort_keys=False)
