#!/usr/bin/python3
"""Safetensors fixtures for Recur's weight import and export.

Run with /usr/bin/python3 (needs torch and numpy):

    /usr/bin/python3 tests/Recur.Tests/tools/make_safetensors_fixtures.py

Writes to tests/Recur.Tests/Fixtures/safetensors/.  Output is deterministic
(fixed seeds, one torch thread).

The safetensors package
-----------------------
Debian bookworm has no python3-safetensors package (apt-cache policy
python3-safetensors finds none), so this script writes and reads the format
by hand with the rules of the reference implementation: an 8-byte
little-endian header length N, N bytes of compact JSON (tensor name ->
{"dtype", "shape", "data_offsets": [begin, end]}, an optional "__metadata__"
map of strings) padded with spaces to a multiple of 8, then the raw
little-endian data, tensors ordered by element size (largest first), then
name, with no gaps.  When the safetensors package is importable, every file
written here is also read back with safetensors.torch.load_file and compared.

1. PyTorch models -> torch_<case>.safetensors + torch_<case>.json
------------------------------------------------------------------
Small modules built from torch.nn with PyTorch's default initialisation,
saved by state_dict() under the names Recur uses:

  lm          embedding (nn.Embedding) -> rnn -> decoder (nn.Linear), logits
              of every step                              [T, B, V]
  tagger      embedding [+ char_embedding, char_rnn: a one-layer
              bidirectional network over each word's characters whose final
              states (forward, reverse) are appended to the word embedding]
              -> rnn -> output (nn.Linear) per step       [T, B, K]
  classifier  embedding -> rnn -> pooling over the valid steps (last: the
              final states h_n of the last layer, forward then reverse; mean;
              max) -> output (nn.Linear)                  [B, K]

rnn is nn.RNN (tanh, relu), nn.GRU or nn.LSTM, 1 or 2 layers, one direction
or bidirectional (a language model is always one direction).  Inputs are
time-major token ids [T, B] with mixed lengths, run through
pack_padded_sequence(enforce_sorted=False) / pad_packed_sequence.  Most files
have no __metadata__ (as safetensors.torch.save_file writes by default), a few
have {"format": "pt"}; two store the weights as F16 and BF16, and their
expected outputs come from the weights rounded to that type.

JSON: { "script", "torch_version", "seed", "kind", "cell", "num_layers",
"bidirectional", "dtype", "metadata", "pooling" (classifier), "char_features"
(tagger), "steps", "batch", "lengths", "tensors": {"tokens" [T, B],
"lengths" [B], "logits", and for character features "chars" [N, Cmax] (the
N = sum(lengths) words in time-major order, padded with -1) and
"char_lengths" [N]} }.  The architecture (sizes) is deliberately not in the
JSON: the tests read it from the tensor names and shapes.

2. Recur exports -> recur_<case>.safetensors + recur_<case>.json (checked)
--------------------------------------------------------------------------
Files written by Recur's exporter (tests/Recur.Tests/tools/make_recur_exports.cs,
run first with `dotnet run`) with Recur's own logits on fixed inputs.  This
script builds the PyTorch module that the file's recur.kind and recur.options
metadata describe, loads the file with load_state_dict(strict=True), runs the
same inputs and requires the logits to agree within 1e-5 (relative norm).  It
then records "torch_check" in the JSON: torch version, the file's SHA-256 and
the relative and largest absolute difference.  The tests check that hash, so
the committed file is the one PyTorch loaded.
"""

import hashlib
import json
import math
import os
import struct
import sys
import zlib

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

SCRIPT = "tests/Recur.Tests/tools/make_safetensors_fixtures.py"
OUT_DIR = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "safetensors"))

V, E, H, T, B = 20, 6, 5, 6, 3
LENGTHS = [4, 6, 1]
TAGS, CLASSES = 4, 3
CHARS, CHAR_EMB, CHAR_HIDDEN = 12, 3, 4
TOL = 1e-5

CELLS = ["rnn-tanh", "rnn-relu", "gru-after", "lstm"]

DTYPES = {torch.float32: ("F32", 4), torch.float16: ("F16", 2), torch.bfloat16: ("BF16", 2),
          torch.float64: ("F64", 8), torch.int64: ("I64", 8)}
BY_NAME = {v[0]: k for k, v in DTYPES.items()}

try:
    import safetensors.torch as reference
except ImportError:
    reference = None


def seed_for(name):
    return zlib.crc32(name.encode("ascii")) & 0x7FFFFFFF


# ------------------------------------------------------------ safetensors

def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    arr = t.numpy()
    return arr.astype(arr.dtype.newbyteorder("<")).tobytes()


def save_safetensors(path, tensors, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-DTYPES[kv[1].dtype][1], kv[0]))
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, t in items:
        data = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype][0], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    loaded, meta = load_safetensors(path)
    assert meta == (metadata or {})
    for name, t in tensors.items():
        assert torch.equal(loaded[name], t.detach().cpu()), name
    if reference is not None:
        for name, t in reference.load_file(path).items():
            assert torch.equal(t, tensors[name].detach().cpu()), name


def load_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", {})
    tensors, end = {}, 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        begin, stop = info["data_offsets"]
        assert begin == end, f"{path}: gap or overlap before {name}"
        end = stop
        dtype = BY_NAME[info["dtype"]]
        raw = data[begin:stop]
        if dtype == torch.bfloat16:
            t = torch.from_numpy(np.frombuffer(raw, dtype="<i2").copy()).view(torch.bfloat16)
        else:
            np_type = {torch.float32: "<f4", torch.float16: "<f2", torch.float64: "<f8", torch.int64: "<i8"}[dtype]
            t = torch.from_numpy(np.frombuffer(raw, dtype=np_type).astype(np_type[1:]))
        tensors[name] = t.reshape(info["shape"])
    assert end == len(data), f"{path}: data section not covered"
    return tensors, metadata


# ------------------------------------------------------------------ JSON

def encode(t):
    t = t.detach().cpu()
    if t.dtype in (torch.int64, torch.int32):
        data = [int(v) for v in t.reshape(-1).tolist()]
    else:
        data = [float(v) for v in t.double().reshape(-1).tolist()]
        for v in data:
            if not math.isfinite(v):
                raise ValueError("non-finite value in fixture")
    shape = list(t.shape) if t.dim() > 0 else [1]
    return {"shape": shape, "data": data}


def write_json(path, obj):
    text = json.dumps(obj, separators=(",", ":"), allow_nan=False)
    with open(path, "w", encoding="ascii") as f:
        f.write(text)
        f.write("\n")
    return len(text) + 1


# ---------------------------------------------------------------- models

def make_rnn(cell, input_size, hidden, layers, bidirectional):
    if cell in ("rnn-tanh", "rnn-relu"):
        return nn.RNN(input_size, hidden, layers, nonlinearity=cell[4:], bidirectional=bidirectional)
    if cell == "gru-after":
        return nn.GRU(input_size, hidden, layers, bidirectional=bidirectional)
    if cell == "lstm":
        return nn.LSTM(input_size, hidden, layers, bidirectional=bidirectional)
    raise ValueError(f"{cell} has no torch.nn module")


def run_rnn(rnn, x, lengths):
    """x [T, B, D] time-major; returns outputs [T, B, dirs*H] (zero past each length) and h_n."""
    packed = pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False)
    out, state = rnn(packed)
    y, _ = pad_packed_sequence(out, total_length=x.shape[0])
    return y, (state[0] if isinstance(state, tuple) else state)


class LanguageModel(nn.Module):
    def __init__(self, cell, vocab, emb, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = make_rnn(cell, emb, hidden, layers, False)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, tokens, lengths):
        y, _ = run_rnn(self.rnn, self.embedding(tokens), lengths)
        return self.decoder(y)


class Tagger(nn.Module):
    def __init__(self, cell, vocab, emb, hidden, layers, bidirectional, tags, chars=None):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        width = emb
        if chars is not None:
            count, char_emb, char_hidden = chars
            self.char_embedding = nn.Embedding(count, char_emb)
            self.char_rnn = make_rnn(cell, char_emb, char_hidden, 1, True)
            width += 2 * char_hidden
        self.rnn = make_rnn(cell, width, hidden, layers, bidirectional)
        self.output = nn.Linear(hidden * (2 if bidirectional else 1), tags)

    def forward(self, tokens, lengths, chars=None, char_lengths=None):
        x = self.embedding(tokens)
        if chars is not None:
            # chars [N, Cmax] (-1 = padding) for the words in time-major order over the valid positions.
            ids = chars.clamp(min=0).t().contiguous()
            _, hn = run_rnn(self.char_rnn, self.char_embedding(ids), char_lengths)
            words = torch.cat([hn[0], hn[1]], dim=1)
            feats = torch.zeros(x.shape[0], x.shape[1], words.shape[1])
            n = 0
            for t in range(x.shape[0]):
                for b in range(x.shape[1]):
                    if t < lengths[b]:
                        feats[t, b] = words[n]
                        n += 1
            x = torch.cat([x, feats], dim=2)
        y, _ = run_rnn(self.rnn, x, lengths)
        return self.output(y)


class Classifier(nn.Module):
    def __init__(self, cell, vocab, emb, hidden, layers, bidirectional, classes, pooling):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = make_rnn(cell, emb, hidden, layers, bidirectional)
        self.output = nn.Linear(hidden * (2 if bidirectional else 1), classes)
        self.pooling = pooling
        self.bidirectional = bidirectional

    def forward(self, tokens, lengths):
        y, hn = run_rnn(self.rnn, self.embedding(tokens), lengths)
        if self.pooling == "last":
            pooled = torch.cat([hn[-2], hn[-1]], dim=1) if self.bidirectional else hn[-1]
        elif self.pooling == "mean":
            pooled = torch.stack([y[:n, b].mean(dim=0) for b, n in enumerate(lengths)])
        else:
            pooled = torch.stack([y[:n, b].max(dim=0).values for b, n in enumerate(lengths)])
        return self.output(pooled)


class Music(nn.Module):
    def __init__(self, cell, pitches, hidden, layers):
        super().__init__()
        self.rnn = make_rnn(cell, pitches, hidden, layers, False)
        self.decoder = nn.Linear(hidden, pitches)

    def forward(self, frames, lengths):
        y, _ = run_rnn(self.rnn, frames, lengths)
        return self.decoder(y)


# ------------------------------------------------------- 1. torch fixtures

def tokens_for(vocab, lengths):
    """[T, B] ids in 2..vocab-1, padded with 1 (<eos>, Recur's padding id) past each length."""
    ids = torch.randint(2, vocab, (T, len(lengths)))
    for b, n in enumerate(lengths):
        ids[n:, b] = 1
    return ids


def chars_for(lengths):
    words = sum(lengths)
    counts = torch.randint(1, 6, (words,))
    chars = torch.full((words, int(counts.max())), -1, dtype=torch.int64)
    for w in range(words):
        chars[w, :counts[w]] = torch.randint(2, CHARS, (int(counts[w]),))
    return chars, counts


def rounded(module, dtype):
    """The module's weights as stored in dtype, and a float32 copy of the module with exactly those values."""
    state = {k: v.detach().to(dtype) for k, v in module.state_dict().items()}
    module.load_state_dict({k: v.float() for k, v in state.items()})
    return state


def torch_case(kind, cell, layers, bidirectional, log, pooling=None, char_features=False, dtype=torch.float32,
               metadata=None):
    name = f"torch_{kind}_{cell}_{'bi' if bidirectional else 'uni'}_l{layers}"
    if char_features:
        name += "_chars"
    if dtype != torch.float32:
        name += "_" + DTYPES[dtype][0].lower()
    seed = seed_for(name)
    torch.manual_seed(seed)
    tensors = {}
    if kind == "lm":
        module = LanguageModel(cell, V, E, H, layers)
    elif kind == "tagger":
        module = Tagger(cell, V, E, H, layers, bidirectional, TAGS, (CHARS, CHAR_EMB, CHAR_HIDDEN) if char_features else None)
    else:
        module = Classifier(cell, V, E, H, layers, bidirectional, CLASSES, pooling)
    module.eval()
    state = rounded(module, dtype) if dtype != torch.float32 else {k: v.detach() for k, v in module.state_dict().items()}
    tokens = tokens_for(V, LENGTHS)
    tensors["tokens"] = encode(tokens)
    tensors["lengths"] = encode(torch.tensor(LENGTHS))
    with torch.no_grad():
        if char_features:
            chars, counts = chars_for(LENGTHS)
            logits = module(tokens, LENGTHS, chars, counts.tolist())
            tensors["chars"] = encode(chars)
            tensors["char_lengths"] = encode(counts)
        else:
            logits = module(tokens, LENGTHS)
    tensors["logits"] = encode(logits)
    save_safetensors(os.path.join(OUT_DIR, name + ".safetensors"), state, metadata)
    obj = {"script": SCRIPT, "torch_version": torch.__version__, "seed": seed, "kind": kind, "cell": cell,
           "num_layers": layers, "bidirectional": bidirectional, "dtype": DTYPES[dtype][0],
           "metadata": metadata is not None, "steps": T, "batch": B, "lengths": LENGTHS}
    if kind == "classifier":
        obj["pooling"] = pooling
    if kind == "tagger":
        obj["char_features"] = char_features
    obj["tensors"] = tensors
    size = write_json(os.path.join(OUT_DIR, name + ".json"), obj)
    size += os.path.getsize(os.path.join(OUT_DIR, name + ".safetensors"))
    log(f"{name:44s} {size:7d} B")
    return size


POOLINGS = {(False, 1): "last", (False, 2): "mean", (True, 1): "max", (True, 2): "last"}


def torch_fixtures(log):
    total = 0
    for cell in CELLS:
        for layers in (1, 2):
            total += torch_case("lm", cell, layers, False, log, metadata={"format": "pt"} if layers == 2 else None)
            for bi in (False, True):
                total += torch_case("tagger", cell, layers, bi, log)
                total += torch_case("classifier", cell, layers, bi, log, pooling=POOLINGS[(bi, layers)])
    total += torch_case("tagger", "lstm", 1, True, log, char_features=True)
    total += torch_case("tagger", "gru-after", 2, True, log, char_features=True, metadata={"format": "pt"})
    total += torch_case("lm", "lstm", 2, False, log, dtype=torch.float16)
    total += torch_case("classifier", "gru-after", 1, True, log, pooling="last", dtype=torch.bfloat16)
    return total


# ------------------------------------------------- 2. Recur export check

# recur.options spells enums as kebab-case member names; the command-line cell names differ only here.
OPTION_CELLS = {"gru-reset-after": "gru-after"}


def module_for(kind, o):
    o = dict(o, Cell=OPTION_CELLS.get(o["Cell"], o["Cell"]))
    if kind == "lm":
        return LanguageModel(o["Cell"], o["VocabularySize"], o["EmbeddingSize"], o["HiddenSize"], o["NumLayers"])
    if kind == "tagger":
        chars = (o["CharCount"], o["CharEmbeddingSize"], o["CharHiddenSize"]) if o["CharCount"] > 0 else None
        return Tagger(o["Cell"], o["WordCount"], o["WordEmbeddingSize"], o["HiddenSize"], o["NumLayers"], o["Bidirectional"],
                      o["TagCount"], chars)
    if kind == "classifier":
        return Classifier(o["Cell"], o["VocabularySize"], o["EmbeddingSize"], o["HiddenSize"], o["NumLayers"],
                          o["Bidirectional"], o["ClassCount"], o["Pooling"])
    if kind == "music":
        return Music(o["Cell"], o["PitchCount"], o["HiddenSize"], o["NumLayers"])
    raise ValueError(kind)


def check_recur_export(base, log):
    st_path, json_path = os.path.join(OUT_DIR, base + ".safetensors"), os.path.join(OUT_DIR, base + ".json")
    with open(json_path, encoding="utf-8") as f:
        obj = json.load(f)
    tensors, metadata = load_safetensors(st_path)
    kind, options = metadata["recur.kind"], json.loads(metadata["recur.options"])
    module = module_for(kind, options)
    module.load_state_dict(tensors, strict=True)
    module.eval()
    t = obj["tensors"]

    def get(name, dtype):
        return torch.tensor(t[name]["data"], dtype=dtype).reshape(t[name]["shape"])

    lengths = get("lengths", torch.int64).tolist()
    with torch.no_grad():
        if kind == "music":
            logits = module(get("frames", torch.float32), lengths)
        elif kind == "tagger" and "chars" in t:
            logits = module(get("tokens", torch.int64), lengths, get("chars", torch.int64), get("char_lengths", torch.int64).tolist())
        else:
            logits = module(get("tokens", torch.int64), lengths)
    expected = get("logits", torch.float64)
    got = logits.double().reshape(expected.shape)
    rel = ((got - expected).norm() / expected.norm()).item()
    worst = (got - expected).abs().max().item()
    if not rel <= TOL:
        raise AssertionError(f"{base}: PyTorch's logits differ from Recur's by {rel:.3e} (relative norm), max |diff| {worst:.3e}")
    with open(st_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    obj["torch_check"] = {"script": SCRIPT, "torch_version": torch.__version__, "load_state_dict": "strict",
                          "sha256": digest, "relative_error": rel, "max_abs_diff": worst}
    write_json(json_path, obj)
    log(f"{base:44s} load_state_dict(strict=True) ok; logits relative error {rel:.2e}, max |diff| {worst:.2e}")


def recur_exports(log):
    bases = sorted(f[:-len(".safetensors")] for f in os.listdir(OUT_DIR)
                   if f.startswith("recur_") and f.endswith(".safetensors"))
    if not bases:
        log("no recur_*.safetensors: run `dotnet run tests/Recur.Tests/tools/make_recur_exports.cs` first to check Recur's exports")
    for base in bases:
        check_recur_export(base, log)
    return len(bases)


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    os.makedirs(OUT_DIR, exist_ok=True)
    log = print
    if reference is None:
        log("safetensors is not importable: files are written and read by this script's own code")
    only_check = "--check-recur-exports" in sys.argv[1:]
    if not only_check:
        total = torch_fixtures(log)
        print(f"torch fixtures: {total} bytes in {OUT_DIR}")
        if total > 2 * 1024 * 1024:
            raise SystemExit("fixtures exceed 2 MB")
    checked = recur_exports(log)
    print(f"checked {checked} Recur export(s) in PyTorch")


if __name__ == "__main__":
    main()
