"""The shipped corpus and taxonomy, checked like fideslang checks its data."""

from __future__ import annotations

import hashlib
import re

import pytest

from policy_graph.corpus import Corpus
from policy_graph.models import CONCEPT_KINDS
from policy_graph.taxonomy import DEFAULT_DATA_DIR, NOT_STATED, PURPOSE_NOT_STATED, Taxonomy

SEED_SHA256 = {
    "wework-space-services/nb.txt": "bfad077a26ae392a884162a8161205752fce1fe13d7ce2d5c0db41eab9bde786",
    "wework/vi.txt": "cd8540bc55a5a3587832cbabdad52895d36f0694b81f0b3123f554ada29d5372",
}
IRI = re.compile(r"^(dpv|pd|eu-gdpr|pg):[A-Za-z0-9][A-Za-z0-9/_.-]*$")


@pytest.mark.parametrize(("name", "digest"), sorted(SEED_SHA256.items()))
def test_seed_texts_are_byte_for_byte(name: str, digest: str) -> None:
    data = (DEFAULT_DATA_DIR / "policies" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest


def test_policies_metadata(corpus: Corpus) -> None:
    vi = corpus.policies["wework"]
    assert vi.products == ["wework", "powered-by-we", "spacemob", "global-access", "wework-go",
                           "headquarters-by-wework", "made-by-we-market"]
    nb = corpus.policies["wework-space-services"]
    assert nb.products == ["wework-space-services"]
    for meta in (vi, nb):
        assert meta.effective_date.isoformat() == "2019-07-12"
        assert meta.supplements == "we-company-global-privacy-policy"


def test_segmented_dates_and_products_agree_with_metadata(corpus: Corpus) -> None:
    for (policy, _), version in corpus.versions.items():
        assert version.doc.effective_date == corpus.policies[policy].effective_date
        assert set(corpus.policies[policy].products) <= set(version.doc.intro_products)


def test_no_load_errors(corpus: Corpus) -> None:
    assert corpus.errors == []


def test_concept_ids_unique_and_parents_exist(taxonomy: Taxonomy) -> None:
    ids = [c.id for c in taxonomy.concept_list]
    assert len(ids) == len(set(ids))
    for concept in taxonomy.concept_list:
        if concept.parent:
            assert concept.parent in taxonomy.concepts
            assert taxonomy.concepts[concept.parent].kind == concept.kind


def test_every_concept_has_en_nb_vi_labels_and_description(taxonomy: Taxonomy) -> None:
    for concept in taxonomy.concept_list:
        for lang in ("en", "nb", "vi"):
            assert concept.labels.get(lang), (concept.id, lang)
        assert concept.description


def test_every_mapping_is_a_well_formed_iri(taxonomy: Taxonomy) -> None:
    for concept in taxonomy.concept_list:
        assert IRI.match(concept.iri), concept.iri
        if concept.iri.startswith("pg:"):
            assert concept.broader and IRI.match(concept.broader) and not concept.broader.startswith("pg:")


def test_taxonomy_counts_and_legal_bases(taxonomy: Taxonomy) -> None:
    kinds = {kind: {c.id for c in taxonomy.of_kind(kind)} for kind in CONCEPT_KINDS}
    assert kinds["legal_basis"] == {"contract", "legal-obligation", "legitimate-interests",
                                    "consent", "vital-interests", "public-interest", "not-stated"}
    assert {"wework", "powered-by-we", "spacemob", "global-access", "wework-go",
            "headquarters-by-wework", "made-by-we-market", "wework-space-services",
            "teem", "welkio"} <= kinds["product"]
    assert "everyone" in kinds["audience"]
    assert len(kinds["data_category"]) >= 10 and len(kinds["purpose"]) >= 15


def test_every_concept_used_in_text_has_terms_in_each_seed_language(taxonomy: Taxonomy) -> None:
    for concept in taxonomy.concept_list:
        if concept.id in (NOT_STATED, PURPOSE_NOT_STATED):
            continue  # given by the extractor where a clause states none, never matched
        for lang in ("en", "nb", "vi"):
            assert concept.terms.get(lang), (concept.id, lang)


def test_every_policy_concept_is_in_the_graph(corpus: Corpus) -> None:
    used = {getattr(p, k) for p in corpus.practices for k in ("audience", "data_category",
                                                               "purpose", "legal_basis")}
    assert {"not-stated", "contract", "legal-obligation", "legitimate-interests"} <= used
