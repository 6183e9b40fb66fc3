#!/usr/bin/env python3
"""The benchmark workloads W1-W6 of shared/bench/WORKLOADS.md in PyTorch, timed as bench/Recur.Benchmarks times Recur.

Same shapes, optimisers and FLOP counts as the C# workloads (bench/Recur.Benchmarks/Workloads/Networks), the same
warm-up and median-of-samples timing, and the same JSON lines with "system":"pytorch". Weights use PyTorch's default
initialisation; inputs are uniform random token ids from a fixed seed.

Run it with Debian's python3-torch (1.13, with libopenblas0-pthread as the BLAS), forcing OpenBLAS's AVX-512 kernel
and passive OpenMP waiting for this one command:

    OPENBLAS_CORETYPE=SkylakeX OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/pytorch/workloads.py --workload all --threads 2

Debian's OpenBLAS 0.3.21 may not recognise a newer CPU and fall back to a generic kernel several times slower, and
without OMP_WAIT_POLICY=PASSIVE PyTorch's OpenMP threads spin against OpenBLAS's own. The first line on stderr for
each thread count ("# pytorch setup: ...") names torch's version, the BLAS library, the kernel OpenBLAS chose and a
measured 1024^3 sgemm rate, so a slow fallback shows. `dotnet run -c Release --project bench/Recur.Benchmarks --
--workload all --compare` runs this script with those two variables set for the child only.

Exit codes: 0 success, 2 bad arguments, 3 torch cannot be imported.
"""

import argparse
import ctypes
import json
import math
import os
import sys
import time

TORCH_MISSING_EXIT_CODE = 3

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as error:
    print(f"torch cannot be imported by {sys.executable} ({error}); install Debian's python3-torch", file=sys.stderr)
    sys.exit(TORCH_MISSING_EXIT_CODE)

WORKLOADS = ("W1", "W2", "W3", "W4", "W5", "W6")
W6_HIDDEN_SIZES = (128, 256, 512, 1024)
W6_SEQUENCE_LENGTHS = (32, 64, 128, 256)
W6_LENGTH_THRESHOLD = 0.95
W6_WARM_SECONDS = 0.3  # least warm-up of a W6 point, its first step included
W6_MIN_SAMPLE_SECONDS = 0.2  # least duration of one timed sample of a W6 point
W6_SAMPLES = 5  # timed samples per W6 point
TRAINING_FACTOR = 3.0  # training FLOPs / forward FLOPs: forward, gradient w.r.t. inputs, gradient w.r.t. weights
LM_BATCHES = 4  # random batches cycled through, as the C# LanguageModelStep


# FLOP counts, as NetworkFlops.cs: an FMA counts as 2.
def cell_flops(gates, inputs, hidden):
    """Forward FLOPs of one cell step for one token: 2*G*H*(D+H)."""
    return 2.0 * gates * hidden * (inputs + hidden)


def linear_flops(inputs, outputs):
    """Forward FLOPs of a linear layer for one token: 2*I*O."""
    return 2.0 * inputs * outputs


def lstm_lm_flops(vocab, embedding, hidden, layers):
    """Forward FLOPs per token of embedding -> LSTM layers -> linear decoder."""
    return linear_flops(hidden, vocab) + sum(cell_flops(4, embedding if l == 0 else hidden, hidden) for l in range(layers))


# Timing, as NetworkTiming.cs.
def time_calls(step, samples, min_sample_s, warm_calls=3, warm_s=0.5):
    """Median and fastest seconds per call: warm up, then samples each averaging enough calls to last min_sample_s."""
    start = time.perf_counter()
    warm = 0
    while warm < warm_calls or time.perf_counter() - start < warm_s:
        step()
        warm += 1
    per_call = (time.perf_counter() - start) / warm if warm else math.inf  # no warm-up calls: one call per sample
    calls = max(1, math.ceil(min_sample_s / max(per_call, 1e-9)))
    times = []
    for _ in range(samples):
        t = time.perf_counter()
        for _ in range(calls):
            step()
        times.append((time.perf_counter() - t) / calls)
    return median_and_best(times)


def time_each_call(step, count, warm_calls, warm_s=0.5):
    """Median and fastest of count single calls after warm-up, for latency."""
    start = time.perf_counter()
    warm = 0
    while warm < warm_calls or time.perf_counter() - start < warm_s:
        step()
        warm += 1
    times = []
    for _ in range(count):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    return median_and_best(times)


def median_and_best(times):
    times = sorted(times)
    return times[len(times) // 2], times[0]  # the upper median for an even count, as the C# side


def result(name, threads, tokens, flops, seconds, peak, **extras):
    """One JSON result, rounded as the C# reporter rounds."""
    median, best = seconds
    gflops = flops / median / 1e9
    return dict(workload=name, system="pytorch", threads=threads, tokens_per_s=round(tokens / median, 1),
                us_per_token=round(median * 1e6 / tokens, 3), gflops=round(gflops, 2),
                peak_fraction=round(gflops / peak, 4) if peak else None, best_tokens_per_s=round(tokens / best, 1),
                **{k: round(v, 4) for k, v in extras.items()})


# Models.
class LanguageModel(nn.Module):
    """Embedding -> stacked LSTM -> linear, time-major [T, B]."""

    def __init__(self, vocab, embedding, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        self.rnn = nn.LSTM(embedding, hidden, layers)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, x):
        a, _ = self.rnn(self.embedding(x))
        return self.decoder(a)


class Tagger(nn.Module):
    """Embedding -> bidirectional GRU (PyTorch's reset-after form) -> linear on every step."""

    def __init__(self, vocab, embedding, hidden, tags):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        self.rnn = nn.GRU(embedding, hidden, bidirectional=True)
        self.decoder = nn.Linear(2 * hidden, tags)

    def forward(self, x):
        a, _ = self.rnn(self.embedding(x))
        return self.decoder(a)


def lm_training_step(vocab, embedding, hidden, layers, steps, batch, make_optimizer, clip, seed):
    """One training step (forward, BPTT backward, global-norm clip, update) on random ids from a zero state."""
    torch.manual_seed(seed)
    model = LanguageModel(vocab, embedding, hidden, layers)
    optimizer = make_optimizer(model.parameters())
    generator = torch.Generator().manual_seed(seed + 1)
    batches = []
    for _ in range(LM_BATCHES):
        stream = torch.randint(vocab, (steps + 1, batch), generator=generator)
        batches.append((stream[:-1].contiguous(), stream[1:].contiguous()))
    position = [0]

    def step():
        x, y = batches[position[0]]
        position[0] = (position[0] + 1) % LM_BATCHES
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x).view(-1, vocab), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()

    flops = TRAINING_FACTOR * lstm_lm_flops(vocab, embedding, hidden, layers) * steps * batch
    return step, steps * batch, flops


def w1_step(hidden=256, steps=64):
    return lm_training_step(96, 64, hidden, 2, steps, 32, lambda p: torch.optim.Adam(p, lr=2e-3), 5.0, seed=1)


def run_w1(threads, peak, included):
    if not included("W1"):
        return
    step, tokens, flops = w1_step()
    yield result("W1", threads, tokens, flops, time_calls(step, 7, 0.2), peak)


def run_w2(threads, peak, included):
    if not included("W2"):
        return
    step, tokens, flops = lm_training_step(10000, 200, 200, 2, 20, 20, lambda p: torch.optim.SGD(p, lr=1.0), 5.0, seed=2)
    yield result("W2", threads, tokens, flops, time_calls(step, 7, 0.2), peak)


def run_w3(threads, peak, included):
    if not included("W3"):
        return
    vocab, embedding, hidden, tags, steps, batch = 20000, 100, 128, 17, 40, 32
    torch.manual_seed(3)
    model = Tagger(vocab, embedding, hidden, tags)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(4)
    x = torch.randint(vocab, (steps, batch), generator=generator)
    y = torch.randint(tags, (steps, batch), generator=generator)

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x).view(-1, tags), y.view(-1))
        loss.backward()
        optimizer.step()

    tokens = steps * batch
    flops = TRAINING_FACTOR * tokens * (2 * cell_flops(3, embedding, hidden) + linear_flops(2 * hidden, tags))
    yield result("W3", threads, tokens, flops, time_calls(step, 7, 0.2), peak)


def run_w4(threads, peak, included):
    if not included("W4"):
        return
    vocab, embedding, hidden = 96, 64, 512
    torch.manual_seed(4)
    embed = nn.Embedding(vocab, embedding)
    cell1 = nn.LSTMCell(embedding, hidden)
    cell2 = nn.LSTMCell(hidden, hidden)
    decoder = nn.Linear(hidden, vocab)
    generator = torch.Generator().manual_seed(5)
    zeros = torch.zeros(1, hidden)
    state = [torch.zeros(1, dtype=torch.long), zeros, zeros, zeros, zeros]

    def step():
        token, h1, c1, h2, c2 = state
        h1, c1 = cell1(embed(token), (h1, c1))
        h2, c2 = cell2(h1, (h2, c2))
        p = torch.softmax(decoder(h2), dim=-1)
        state[:] = [torch.multinomial(p, 1, generator=generator).view(1), h1, c1, h2, c2]

    with torch.no_grad():
        seconds = time_each_call(step, 2000, warm_calls=200)
    # Every recurrent and decoder weight and one embedding row, in float32.
    weights = sum(p.numel() for m in (cell1, cell2, decoder) for p in m.parameters()) + embedding
    weight_bytes = 4.0 * weights
    yield result("W4", threads, 1, lstm_lm_flops(vocab, embedding, hidden, 2), seconds, peak,
                 weight_bytes_per_token=weight_bytes, bandwidth_gb_per_s=weight_bytes / seconds[0] / 1e9)


def run_w5(threads, peak, included):
    if not included("W5"):
        return
    inputs, hidden, steps, batch = 512, 512, 256, 32
    torch.manual_seed(5)
    lstm = nn.LSTM(inputs, hidden)
    x = torch.rand(steps, batch, inputs, generator=torch.Generator().manual_seed(6)) * 2 - 1
    with torch.no_grad():
        seconds = time_calls(lambda: lstm(x), 5, 0.2)
    tokens = steps * batch
    yield result("W5", threads, tokens, tokens * cell_flops(4, inputs, hidden), seconds, peak)


def run_w6(threads, peak, included):
    for hidden in W6_HIDDEN_SIZES:
        for steps in W6_SEQUENCE_LENGTHS:
            name = f"W6-h{hidden}-s{steps}"
            if not included(name):
                continue
            step, tokens, flops = w1_step(hidden, steps)
            # The first step is the C# side's workspace measurement; then as many as fill W6_WARM_SECONDS.
            start = time.perf_counter()
            step()
            first = time.perf_counter() - start
            seconds = time_calls(step, W6_SAMPLES, W6_MIN_SAMPLE_SECONDS, warm_calls=0, warm_s=W6_WARM_SECONDS - first)
            yield result(name, threads, tokens, flops, seconds, peak, hidden=hidden, seq=steps)


RUNNERS = dict(W1=run_w1, W2=run_w2, W3=run_w3, W4=run_w4, W5=run_w5, W6=run_w6)


def length_checks(points):
    """(hidden, ratio of the fastest samples, ratio of the medians) of tokens/s at seq 256 over seq 32 for every hidden
    size with both points. The check passes on the fastest samples, as the C# side: interference only adds time."""
    by_name = {p["workload"]: p for p in points}
    for hidden in W6_HIDDEN_SIZES:
        short = by_name.get(f"W6-h{hidden}-s{W6_SEQUENCE_LENGTHS[0]}")
        long = by_name.get(f"W6-h{hidden}-s{W6_SEQUENCE_LENGTHS[-1]}")
        if short and long:
            yield (hidden, long["best_tokens_per_s"] / short["best_tokens_per_s"],
                   long["tokens_per_s"] / short["tokens_per_s"])


# The BLAS library that torch loaded.
def loaded_libraries(fragment):
    with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
        return sorted({line.split()[-1] for line in maps if fragment in line and "/" in line})


def openblas():
    """The loaded OpenBLAS as a ctypes library, or None."""
    for path in loaded_libraries("openblas"):
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_corename.restype = ctypes.c_char_p
            library.openblas_get_config.restype = ctypes.c_char_p
            return library
        except (OSError, AttributeError):
            continue
    return None


def sgemm_gflops(n=1024):
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2):
        a @ b
    best = math.inf
    for _ in range(5):
        t = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t)
    return 2.0 * n ** 3 / best / 1e9


def set_threads(threads):
    """Sets torch's and OpenBLAS's thread counts and returns a one-line description of the set-up."""
    torch.set_num_threads(threads)
    library = openblas()
    if library is not None:
        # torch.set_num_threads does not reach a pthread OpenBLAS, whose GEMMs would otherwise use every core.
        library.openblas_set_num_threads(threads)
        config = library.openblas_get_config().decode()
        blas = (f"{config.split(' ')[0]} {config.split(' ')[1]} kernel {library.openblas_get_corename().decode()} "
                f"({library.openblas_get_num_threads()} threads)")
    else:
        paths = loaded_libraries("blas")
        blas = f"NOT OpenBLAS ({', '.join(paths) or 'no BLAS loaded'}): expect far slower figures; install libopenblas0-pthread"
    environment = ", ".join(f"{k}={os.environ.get(k, 'unset')}" for k in ("OPENBLAS_CORETYPE", "OMP_WAIT_POLICY"))
    return (f"torch {torch.__version__}, {blas}, {environment}, torch threads {torch.get_num_threads()}, "
            f"sgemm 1024^3 {sgemm_gflops():.1f} GFLOP/s")


def parse_peaks(text, threads):
    """'204.1' (every thread count) or '1:204.1,2:404.2' -> {threads: GFLOP/s}."""
    if not text:
        return {}
    if ":" not in text:
        return {t: float(text) for t in threads}
    return {int(k): float(v) for k, v in (item.split(":") for item in text.split(","))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", default="all", help="all, or a comma-separated list of W1..W6")
    parser.add_argument("--threads", default=None, help="comma-separated thread counts (default: 1, then every core)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")
    parser.add_argument("--filter", default="", help="run only results whose name contains this text")
    parser.add_argument("--peak-gflops", default="", help="FMA peak for peak_fraction: N, or THREADS:N,...")
    args = parser.parse_args()

    names = WORKLOADS if args.workload == "all" else tuple(args.workload.split(","))
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload {', '.join(unknown)}")
    cores = os.cpu_count() or 1
    threads_list = [int(t) for t in args.threads.split(",")] if args.threads else ([1, cores] if cores > 1 else [1])
    if any(t < 1 for t in threads_list):
        parser.error("--threads needs positive integers")
    peaks = parse_peaks(args.peak_gflops, threads_list)

    def included(name):
        return args.filter in name

    header_written = False
    for threads in threads_list:
        print(f"# pytorch setup: {set_threads(threads)}", file=sys.stderr, flush=True)
        points = []
        for name in names:
            for r in RUNNERS[name](threads, peaks.get(threads), included):
                points.append(r)
                if args.json:
                    print(json.dumps(r, separators=(",", ":")), flush=True)
                    continue
                if not header_written:
                    print(f"{'workload':<14} {'system':<8} {'threads':>7} {'tokens/s':>11} {'µs/token':>10} {'GFLOP/s':>8}")
                    header_written = True
                print(f"{r['workload']:<14} {'pytorch':<8} {threads:>7} {r['tokens_per_s']:>11,.0f} "
                      f"{r['us_per_token']:>10.2f} {r['gflops']:>8.1f}", flush=True)
        for hidden, ratio, median_ratio in length_checks(points):
            passed = ratio >= W6_LENGTH_THRESHOLD
            if args.json:
                print(json.dumps(dict(workload="W6-check", system="pytorch", threads=threads, hidden=hidden,
                                      ratio_seq256_seq32=ratio, ratio_medians=median_ratio, **{"pass": passed}),
                                 separators=(",", ":")), flush=True)
            else:
                print(f"W6 check (pytorch, {threads} threads): h{hidden} seq256/seq32 {ratio:.3f} "
                      f"(medians {median_ratio:.3f}) {'pass' if passed else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
