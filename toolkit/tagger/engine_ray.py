"""The Ray engine: the same ``TagBatch`` over Ray Data, one actor per model copy, for a cluster.

Each shard of the run is one Ray Data job: ``from_items`` over the shard's
articles, ``map_batches(TagBatch, compute=ActorPoolStrategy(size=actors))``,
results streamed back to the driver, which commits the shard exactly as the
local engine does (so ``--resume``, errors and output order are the same).
Every actor loads the models once, on its first batch; a job's actors end
with the job, so make shards big enough (``shard_articles``) that an actor
works for minutes per shard, not seconds.

Connecting: ``ray.init(address=...)`` with the configured address, or, when
it is unset, Ray's own default (``RAY_ADDRESS``, else a new local Ray). A Ray
already initialised by the caller is used as it is and left running. Workers
need the toolkit installed (``pip install .[ray]``) and the models folder at
the same path on every node.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from toolkit.tagger.batch import TagBatch
from toolkit.tagger.readers import Record


class RayEngine:
    """Tags records with an actor pool of ``TagBatch`` over Ray Data."""

    name = "ray"

    def __init__(
        self,
        tag_batch: TagBatch,
        batch_articles: int = 32,
        address: str | None = None,
        actors: int | None = None,
        cpus_per_actor: float = 1,
    ):
        try:
            import ray
            import ray.data
        except ImportError as e:  # pragma: no cover - depends on the optional extra
            raise RuntimeError("--engine ray needs Ray: pip install '.[ray]'") from e
        self._owns_ray = not ray.is_initialized()
        if self._owns_ray:
            ray.init(address=address, log_to_driver=False)
        self.tag_batch = tag_batch
        self.batch_articles = batch_articles
        self.cpus_per_actor = cpus_per_actor
        cluster_cpus = ray.cluster_resources().get("CPU", 1)
        self.actors = actors or max(1, int(cluster_cpus // cpus_per_actor))
        ray.data.DataContext.get_current().enable_progress_bars = False  # the run has its own bar
        logging.getLogger("ray.data").setLevel(logging.WARNING)  # and its own summary

    def _constructor_kwargs(self) -> dict[str, Any]:
        tb = self.tag_batch
        return {
            "models_dir": tb.models_dir,
            "gold_spans": tb.gold_spans,
            "fast": tb.fast,
            "batch_size": tb.batch_size,
            "loader": tb.loader,
        }

    def tag(self, records: Sequence[Record]) -> Iterator[dict[str, np.ndarray]]:
        """Result batches (``TagBatch`` columns) as the actors finish them; the caller orders by ``index``."""
        import ray.data

        if not records:
            return
        items = [{"index": r.index, "article": r.article.model_dump_json(exclude_none=True)} for r in records]
        ds = ray.data.from_items(items, override_num_blocks=max(1, math.ceil(len(items) / self.batch_articles)))
        ds = ds.map_batches(
            TagBatch,
            fn_constructor_kwargs=self._constructor_kwargs(),
            batch_size=self.batch_articles,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=min(self.actors, ds.num_blocks())),
            num_cpus=self.cpus_per_actor,
        )
        yield from ds.iter_batches(batch_size=None, batch_format="numpy")

    def close(self) -> None:
        if self._owns_ray:
            import ray

            ray.shutdown()
