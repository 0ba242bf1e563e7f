"""The local engine groups a corpus over the settings' block limits in date-window blocks."""

from __future__ import annotations

import pytest

from framing.config import Settings
from framing.devtools.synthetic import generate_corpus, write_jsonl_shards
from framing.embed import embed_articles
from framing.embed.base import HashingEmbedder
from framing.errors import ConfigError
from framing.events import EventGrouper, chronological
from framing.events.blocks import BlockedGrouper
from framing.pipeline import analysis_key, analyze, grouper_for, ingest, make_grouper
from framing.store import Store


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blocks")
    write_jsonl_shards(generate_corpus(300, random_state=5), folder)
    path = folder / "store.sqlite3"
    store = Store(path)
    ingest([folder / "articles"], "gen", store, Settings(db_path=path))
    yield store, path
    store.close()


def test_pipeline_blocks_large_corpus_is_grouped_in_blocks(generated_store) -> None:
    store, path = generated_store
    settings = Settings(db_path=path, group_block_days=15)
    embedder = HashingEmbedder(256)
    result = analyze("gen", store, settings, embedder=embedder, cues=False)

    articles = store.articles("gen")
    vectors, _ = embed_articles(articles, embedder, representation=settings.representation)
    texts = (articles["title"] + ". " + articles["text"]).tolist()
    blocked = BlockedGrouper(make_grouper(settings), block_days=15).fit(
        vectors, texts=texts, dates=articles["published"], outlets=articles["outlet"]
    )
    assert blocked.n_blocks_ > 1
    expected = chronological(blocked.labels_, articles["published"])
    assert result.articles["event_id"].tolist() == expected.tolist()

    whole = analyze("gen", store, Settings(db_path=path), embedder=embedder, cues=False)
    assert whole.key != result.key


def test_pipeline_blocks_small_corpus_keeps_the_plain_grouper_and_its_key(generated_store) -> None:
    store, path = generated_store
    settings = Settings(db_path=path)
    grouper = grouper_for(settings, store.count_articles("gen"))
    assert isinstance(grouper, EventGrouper)
    assert grouper.get_params() == make_grouper(settings).get_params()
    embedder = HashingEmbedder(256)
    plain = analysis_key(store, "gen", settings, embedder, make_grouper(settings), None)
    assert analysis_key(store, "gen", settings, embedder, grouper, None) == plain
    over = grouper_for(settings.replace(group_block_max=100), 300)
    assert isinstance(over, BlockedGrouper) and over.block_max == 100


@pytest.mark.parametrize("value", [0, -3, True, "ten"])
def test_pipeline_blocks_bad_block_settings_are_refused(tmp_path, value) -> None:
    from framing.config import load_settings

    config = tmp_path / "framing.toml"
    config.write_text(f"group_block_days = {value!r}\n".replace("'", '"').replace("True", "true"))
    with pytest.raises(ConfigError) as err:
        load_settings(config)
    assert err.value.code == "FRM-C251" and "group_block_days" in str(err.value)
