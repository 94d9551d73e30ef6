"""The local engine: ``TagBatch`` called in this process, one batch of articles after another.

On two cores this is the fast choice: the classifiers' ONNX Runtime sessions
already use both cores inside each forward pass, so worker processes would
only add model copies and transfer costs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from toolkit.tagger.batch import TagBatch, to_batch
from toolkit.tagger.readers import Record


class LocalEngine:
    """Tags records in batches of ``batch_articles`` with one in-process ``TagBatch``."""

    name = "local"

    def __init__(self, tag_batch: TagBatch, batch_articles: int = 32):
        self.tag_batch = tag_batch
        self.batch_articles = batch_articles

    def tag(self, records: Sequence[Record]) -> Iterator[dict[str, np.ndarray]]:
        """Result batches (``TagBatch`` columns), in input order, as each batch finishes."""
        for lo in range(0, len(records), self.batch_articles):
            yield self.tag_batch(to_batch(records[lo : lo + self.batch_articles]))

    def close(self) -> None:
        pass
