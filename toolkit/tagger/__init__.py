"""Batch tagging of article corpora: streaming, every record accounted for, resumable, local or on Ray.

``tag_corpus`` is what ``toolkit tag`` runs. The modules, in the order data
flows: ``readers`` (inputs to numbered records), ``batch`` (``TagBatch``, the
one picklable callable every engine runs), ``engine_local`` / ``engine_ray``,
``shards`` (atomic commits, manifests, resume), ``writers`` (JSONL or
Parquet), ``run`` (the loop and the totals), ``config`` (``configs/tag.yaml``).
"""

from toolkit.tagger.batch import TagBatch
from toolkit.tagger.config import TagConfig, load_tag_config
from toolkit.tagger.readers import InputError
from toolkit.tagger.run import TagTotals, tag_corpus
from toolkit.tagger.shards import ResumeError

__all__ = ["InputError", "ResumeError", "TagBatch", "TagConfig", "TagTotals", "load_tag_config", "tag_corpus"]
