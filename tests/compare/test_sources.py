"""framing.compare.sources: who each outlet quotes, how much, and with which verbs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare.sources import (
    MATRIX_COLUMNS,
    OFFICIAL_COLUMNS,
    SOURCING_COLUMNS,
    SPEAKER_COLUMNS,
    UNATTRIBUTED,
    UNRESOLVED,
    UNSTATED,
    VERB_MIX_COLUMNS,
    official_sides,
    outlet_sourcing,
    share_interval,
    speaker_counts,
    speaker_labels,
    speaker_matrix,
    verb_counts,
    verb_mix,
)
from framing.cues.sources import SOURCE_COLUMNS

LABELS = {"neutral": "Neutral", "doubt": "Doubt", "emotive": "Emotive"}


def source(outlet: str, speaker: str = "", **kw) -> dict:
    """One ``sources`` row: a direct quotation by ``speaker`` unless told otherwise."""
    row = {c: -1 for c in SOURCE_COLUMNS if c.endswith(("_start", "_end"))}
    row |= {
        "id": kw.pop("id", f"{outlet}1"),
        "field": "text",
        "outlet": outlet,
        "event_id": 0,
        "speaker": speaker,
        "speaker_norm": speaker,
        "speaker_type": "unknown",
        "affiliation": "",
        "verb": "said" if speaker else "",
        "verb_class": "neutral" if speaker else "",
        "kind": "direct",
        "n_words": 10,
    }
    row.update(kw)
    return row


def table(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=SOURCE_COLUMNS)


@pytest.fixture
def sources() -> pd.DataFrame:
    """Outlet A quotes Kim three times (one spelling differs), an official twice; B once."""
    return table(
        source("A", "Kim Jong Un", n_words=20, speaker_type="official", affiliation="North Korea"),
        source("A", "kim jong un", speaker_norm="", n_words=5, kind="partial"),
        source("A", "Kim Jong Un", kind="reported", verb="claimed", verb_class="doubt"),
        source("A", "a senior official", speaker_type="anonymous", kind="according_to"),
        source("A", "the minister", speaker_type="official", affiliation="US", event_id=1),
        source("A", kind="scare", n_words=2),
        source("A", kind="scare", n_words=1),
        source("B", "Kim Jong Un", verb="slammed", verb_class="emotive", event_id=1),
        source("B", "he", speaker_norm="he", speaker_type="official"),
        source("B", kind="partial"),
    )


# ---- speaker_labels ---------------------------------------------------------------------


def test_compare_sources_speaker_labels_merge_spellings_and_name_the_unnamed(
    sources: pd.DataFrame,
) -> None:
    labels = speaker_labels(sources).tolist()
    # norm first, the written speaker when the norm is empty; case and spaces merge
    assert labels[:3] == ["Kim Jong Un"] * 3
    assert labels[5] == UNATTRIBUTED
    assert labels[8] == UNRESOLVED  # a bare pronoun the chain did not resolve


def test_compare_sources_speaker_labels_prefers_the_capitalised_spelling() -> None:
    rows = table(source("A", "state media"), source("A", "State Media"))
    assert set(speaker_labels(rows)) == {"State Media"}


def test_compare_sources_speaker_labels_join_a_surname_to_the_one_full_name_of_its_event() -> None:
    rows = table(
        source("A", "Trump", id="a1"),
        source("B", "Donald Trump", id="b1"),
        source("B", "Kim", id="b2"),
        source("A", "Kim Jong Un", id="a2"),
        source("C", "Kim Yo Jong", id="c1"),
        source("C", "Trump", id="c2", event_id=1),
    )
    # Kim is two full names in event 0, so it stays; event 1 has no full Trump.
    assert speaker_labels(rows).tolist() == [
        "Donald Trump",
        "Donald Trump",
        "Kim",
        "Kim Jong Un",
        "Kim Yo Jong",
        "Trump",
    ]


# ---- speaker_counts ---------------------------------------------------------------------


def test_compare_sources_speaker_counts_count_sources_and_words_without_scare_quotes(
    sources: pd.DataFrame,
) -> None:
    out = speaker_counts(sources)
    assert list(out.columns) == SPEAKER_COLUMNS
    kim = out[(out["outlet"] == "A") & (out["speaker"] == "Kim Jong Un")].iloc[0]
    assert (kim["n_sources"], kim["n_quotations"], kim["n_reported"], kim["n_words"]) == (
        3,
        2,
        1,
        35,
    )
    assert (kim["speaker_type"], kim["affiliation"]) == ("official", "North Korea")
    assert UNATTRIBUTED not in set(out.loc[out["outlet"] == "A", "speaker"])  # scare quotes
    assert out.groupby("outlet")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert out.loc[out["outlet"] == "A", "speaker"].iloc[0] == "Kim Jong Un"  # most first


@pytest.mark.parametrize(("event_id", "expected"), [(None, 8), (0, 6), (1, 2)])
def test_compare_sources_speaker_counts_scope_by_event(
    sources: pd.DataFrame, event_id: int | None, expected: int
) -> None:
    assert speaker_counts(sources, event_id=event_id)["n_sources"].sum() == expected


# ---- outlet_sourcing --------------------------------------------------------------------


def test_compare_sources_outlet_sourcing_one_row_per_outlet_with_shares(
    sources: pd.DataFrame,
) -> None:
    out = outlet_sourcing(sources, outlets=["A", "B", "C"])
    assert list(out.columns) == SOURCING_COLUMNS
    assert out["outlet"].tolist() == ["A", "B", "C"]
    a, b, c = (out.iloc[i] for i in range(3))
    assert (a["n_sources"], a["n_quotations"], a["n_reported"], a["n_scare"]) == (5, 3, 2, 2)
    assert a["n_speakers"] == 3  # Kim, the official, the minister
    assert a["n_anonymous"] == 1 and a["anonymous_share"] == pytest.approx(0.2)
    assert a["anonymous_lo"] < 0.2 < a["anonymous_hi"]
    assert a["n_official"] == 2 and a["official_share"] == pytest.approx(0.4)
    assert a["n_with_verb"] == 5 and a["neutral_share"] == pytest.approx(0.8)
    assert b["n_unattributed"] == 2  # a pronoun and a quotation with no speaker
    assert b["n_with_verb"] == 2 and b["neutral_share"] == pytest.approx(0.5)
    # an outlet with no source: zeros, and no share to speak of
    assert c["n_sources"] == 0 and np.isnan(c["anonymous_share"]) and c["n_scare"] == 0


def test_compare_sources_share_interval_is_exact_and_bounded() -> None:
    lo, hi = share_interval(np.array([0, 1, 4, 0]), np.array([4, 5, 4, 0]))
    assert lo[0] == 0.0 and 0 < hi[0] < 1
    assert lo[1] == pytest.approx(0.00505, abs=1e-4) and hi[1] == pytest.approx(0.7164, abs=1e-3)
    assert hi[2] == 1.0 and 0 < lo[2] < 1
    assert np.isnan(lo[3]) and np.isnan(hi[3])


# ---- official_sides ---------------------------------------------------------------------


def test_compare_sources_official_sides_share_of_the_outlets_officials(
    sources: pd.DataFrame,
) -> None:
    out = official_sides(sources)
    assert list(out.columns) == OFFICIAL_COLUMNS
    a = out[out["outlet"] == "A"].set_index("affiliation")
    assert a["share"].to_dict() == {"North Korea": 0.5, "US": 0.5}
    assert set(a["n_sources"]) == {5}
    b = out[out["outlet"] == "B"].iloc[0]
    assert (b["affiliation"], b["n_official"], b["share"]) == (UNSTATED, 1, 1.0)


def test_compare_sources_official_sides_empty_without_officials() -> None:
    out = official_sides(table(source("A", "Kim")))
    assert out.empty and list(out.columns) == OFFICIAL_COLUMNS


# ---- verb_mix and verb_counts -----------------------------------------------------------


def test_compare_sources_verb_mix_shares_per_outlet_with_zero_classes(
    sources: pd.DataFrame,
) -> None:
    out = verb_mix(sources, labels=LABELS)
    assert list(out.columns) == VERB_MIX_COLUMNS
    a = out[out["outlet"] == "A"].set_index("verb_class")
    assert a.index.tolist() == ["neutral", "doubt", "emotive"]
    assert a["count"].tolist() == [4, 1, 0]
    assert a["share"].tolist() == pytest.approx([0.8, 0.2, 0.0])
    assert set(a["n_with_verb"]) == {5}
    assert a.loc["doubt", "label"] == "Doubt"
    assert out.groupby("outlet")["share"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_compare_sources_verb_counts_lists_each_verb(sources: pd.DataFrame) -> None:
    out = verb_counts(sources, outlets=["A"])
    assert out[["verb", "verb_class", "count"]].values.tolist() == [
        ["said", "neutral", 4],
        ["claimed", "doubt", 1],
    ]


# ---- speaker_matrix ---------------------------------------------------------------------


def test_compare_sources_speaker_matrix_every_cell_top_speakers_first(
    sources: pd.DataFrame,
) -> None:
    out = speaker_matrix(sources, outlets=["A", "B"], top=2)
    assert list(out.columns) == MATRIX_COLUMNS
    assert list(dict.fromkeys(out["speaker"])) == ["Kim Jong Un", "a senior official"]
    cells = {(r.outlet, r.speaker): (r.count, r.n_words) for r in out.itertuples()}
    assert cells[("A", "Kim Jong Un")] == (3, 35)
    assert cells[("B", "Kim Jong Un")] == (1, 10)
    assert cells[("B", "a senior official")] == (0, 0)  # a zero cell is present
    assert set(out.loc[out["speaker"] == "Kim Jong Un", "speaker_total"]) == {4}


def test_compare_sources_speaker_matrix_leaves_out_the_unnamed_unless_asked(
    sources: pd.DataFrame,
) -> None:
    assert not {UNATTRIBUTED, UNRESOLVED} & set(speaker_matrix(sources)["speaker"])
    asked = speaker_matrix(sources, unattributed=True)
    assert {UNATTRIBUTED, UNRESOLVED} <= set(asked["speaker"])


def test_compare_sources_empty_tables_keep_their_columns() -> None:
    empty = table()
    assert list(speaker_matrix(empty).columns) == MATRIX_COLUMNS
    assert list(verb_mix(empty).columns) == VERB_MIX_COLUMNS
    assert list(speaker_counts(empty).columns) == SPEAKER_COLUMNS
    assert outlet_sourcing(empty).empty


def test_speaker_counts_types_and_affiliations_are_the_most_frequent_known_ones() -> None:
    rows = table(
        source("A", "Lee", speaker_type="unknown", affiliation=""),
        source("A", "Lee", speaker_type="official", affiliation="Ministry"),
        source("A", "Lee", speaker_type="expert", affiliation="University"),
        source("A", "Lee", speaker_type="expert", affiliation=""),
        source("A", "Park", speaker_type="citizen", affiliation="Town"),
        source("A", "Park", speaker_type="official", affiliation="Council"),  # a tie: first met
        source("B", "Lee"),  # never said
    )
    out = speaker_counts(rows).set_index(["outlet", "speaker"])
    assert out.loc[("A", "Lee"), "speaker_type"] == "expert"
    assert out.loc[("A", "Lee"), "affiliation"] == "Ministry"
    assert out.loc[("A", "Park"), ["speaker_type", "affiliation"]].tolist() == ["citizen", "Town"]
    assert out.loc[("B", "Lee"), ["speaker_type", "affiliation"]].tolist() == ["unknown", ""]
    assert out.loc[("A", "Lee"), ["n_sources", "n_quotations"]].tolist() == [4, 4]
