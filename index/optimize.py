"""Build the vector index (HNSW, and int8 scalar quantization if asked) of an embedded shard in a process
of its own: Qdrant Edge's optimize() holds the Python GIL for minutes, so it must never run in the serving
process. `EdgeStore.rebuild_elsewhere` copies the shard, runs this module on the copy, and swaps it in.

    python -m index.optimize FOLDER [--quantize]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from .store import DENSE, SPARSE


def build(folder: Path, quantize: bool) -> float:
    """Optimize the shard in `folder` (a copy nobody else has open); returns the seconds it took."""
    import qdrant_edge as q

    started = time.perf_counter()
    config = None
    if quantize:
        model = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        config = q.EdgeConfig(
            vectors={DENSE: q.EdgeVectorParams(size=int(model["dimension"]), distance=q.Distance.Cosine)},
            sparse_vectors={SPARSE: q.EdgeSparseVectorParams(modifier=q.Modifier.Idf)},
            quantization_config=q.ScalarQuantizationConfig(q.ScalarType.Int8, quantile=0.99, always_ram=True),
        )
    shard = q.EdgeShard.load(str(folder / "shard"), config)
    shard.optimize()
    shard.flush()
    shard.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--quantize", action="store_true", help="also int8 scalar quantization of the dense vectors"
    )
    args = parser.parse_args()
    print(f"built in {build(args.folder, args.quantize):.1f} s")


if __name__ == "__main__":
    main()
