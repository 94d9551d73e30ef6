"""Shared fixtures. Every test runs offline: nothing may reach a model hub."""

from __future__ import annotations

import os

import pytest
from helpers import make_article

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture
def article_dict() -> dict:
    return make_article()
