"""Sentence vectors, so that utterance grouping can tell that two renderings mean the same
("we will not allow" / "we shall never permit", "settled through dialogue" / "resolved by
negotiations") when they share few words.

The vectors are WordLlama's static token embeddings (256 dimensions, its "l2_supercat"
model), averaged over a text's tokens: no neural network runs, a vector costs some tens of
microseconds and the model is the 16 MB of weights and the tokenizer that the `wordllama`
wheel from PyPI carries. They are read straight from the installed package's files, with
the `tokenizers` and `safetensors` readers: nothing is ever downloaded (WordLlama's own
loader would look for a `tokenizer/` folder the wheel does not have and then go to the
Hugging Face hub), and importing the `wordllama` package itself is avoided (it configures
the root logger and pulls in the training code). Loaded once, on first use.

Similar vectors are evidence, not proof: "prices will rise" and "prices will fall" come out
close (0.77). utterances.py uses them only beside its lexical, polarity and name guards.
"""
from __future__ import annotations

import threading
from importlib.util import find_spec
from pathlib import Path

MODEL_PACKAGE = "wordllama"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"


class MeaningUnavailable(RuntimeError):
    """The sentence vectors cannot be loaded (package missing or its files broken)."""


_lock = threading.Lock()
_model = None


def model_files() -> tuple:
    """(tokenizer path, weights path) inside the installed wordllama package."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MeaningUnavailable(f"the {MODEL_PACKAGE} package is not installed (run make install):"
                                 " utterance grouping needs its word vectors")
    root = Path(list(spec.submodule_search_locations)[0])
    files = (root / TOKENIZER_FILE, root / WEIGHTS_FILE)
    for path in files:
        if not path.is_file():
            raise MeaningUnavailable(f"{path}: missing from the installed {MODEL_PACKAGE} package"
                                     " (reinstall it with make install)")
    return files


def _load() -> tuple:
    """(tokenizer, embedding matrix as float32)."""
    import numpy as np
    from safetensors import safe_open
    from tokenizers import Tokenizer

    tokenizer_path, weights_path = model_files()
    try:
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        with safe_open(str(weights_path), framework="np", device="cpu") as f:
            matrix = f.get_tensor("embedding.weight").astype(np.float32)
    except Exception as e:  # a truncated or foreign file: say which, do not limp on
        raise MeaningUnavailable(f"{MODEL_PACKAGE} model files unreadable ({e.__class__.__name__}:"
                                 f" {e}): {tokenizer_path.parent.parent}") from e
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer, matrix


def _loaded() -> tuple:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _load()
    return _model


REMEMBERED = 4096  # vectors kept for texts asked again (each regrouping reads its neighbours'
_remembered: dict = {}  # text -> vector, oldest first; bounded, so memory stays flat


def vectors(texts: list):
    """One unit-length vector per text (numpy array, len(texts) x 256): the mean of its
    tokens' embeddings. An empty text gets the zero vector (similar to nothing)."""
    import numpy as np

    tokenizer, matrix = _loaded()
    out = np.zeros((len(texts), matrix.shape[1]), dtype=np.float32)
    if not texts:
        return out
    with _lock:
        known = {text: _remembered[text] for text in texts if text in _remembered}
    new = list(dict.fromkeys(t for t in texts if t not in known))
    if new:
        for text, encoding in zip(new, tokenizer.encode_batch(new, add_special_tokens=False)):
            ids = [t for t in encoding.ids if 0 <= t < matrix.shape[0]]
            v = np.zeros(matrix.shape[1], dtype=np.float32)
            if ids:
                mean = matrix[ids].mean(axis=0)
                norm = float(np.linalg.norm(mean))
                if norm > 0:
                    v = mean / norm
            known[text] = v  # read from here: the bounded store may drop it within this call
            with _lock:
                _remembered[text] = v
                while len(_remembered) > REMEMBERED:
                    del _remembered[next(iter(_remembered))]
    for i, text in enumerate(texts):
        out[i] = known[text]
    return out


def similarity(a: str, b: str) -> float:
    """Cosine of the two texts' vectors, in [-1, 1]."""
    va, vb = vectors([a, b])
    return float(va @ vb)
