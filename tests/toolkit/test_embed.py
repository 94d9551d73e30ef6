"""The shared Embedder: mean pooling over the mask, unit rows, order kept, padding ignored.

Most checks use a tiny randomly initialised BERT saved in a temporary folder
(the shipped MiniLM's tokenizer, a 2-layer model), so they run in a second;
one check compares with sentence-transformers on the real backbone.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from transformers import AutoTokenizer, BertConfig, BertModel

from toolkit.embed import Embedder, mean_pool
from toolkit.paths import default_backbone

TEXTS = [
    "China is ready to work with Tajikistan.",
    "Trade",
    "The two sides should enhance connectivity, promote trade and investment cooperation.",
    "Security cooperation will be strengthened.",
]


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-bert")
    tokenizer = AutoTokenizer.from_pretrained(default_backbone())
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=128,
    )  # fmt: skip
    BertModel(config).save_pretrained(folder, safe_serialization=True)
    return folder


def test_mean_pool_ignores_padding():
    hidden = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [100.0, 100.0]]])
    mask = torch.tensor([[1, 1, 0]])
    assert mean_pool(hidden, mask).tolist() == [[2.0, 3.0]]


def test_rows_are_unit_length_in_input_order_whatever_the_batching(tiny_model_dir):
    embedder = Embedder(tiny_model_dir)
    together = embedder.encode(TEXTS, batch_size=32)
    one_by_one = np.vstack([embedder.encode([t]) for t in TEXTS])
    assert together.shape == (len(TEXTS), 32) and together.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(together, one_by_one, atol=1e-5)  # padding and length sorting change nothing
    np.testing.assert_allclose(embedder.encode(TEXTS[::-1], batch_size=3), together[::-1], atol=1e-5)
    assert embedder.encode([]).shape == (0, 32)


def test_refuses_a_folder_that_is_not_a_model(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a local Hugging Face model folder"):
        Embedder(tmp_path)


def test_matches_sentence_transformers_on_the_backbone():
    from sentence_transformers import SentenceTransformer

    ours = Embedder().encode(TEXTS, batch_size=2)
    reference = SentenceTransformer(str(default_backbone()), device="cpu").encode(TEXTS, normalize_embeddings=True)
    np.testing.assert_allclose(ours, reference, atol=1e-4)
