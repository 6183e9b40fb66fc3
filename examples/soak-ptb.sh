#!/usr/bin/env bash
# Soak run: trains Zaremba et al.'s small PTB model (examples/ptb-small.sh) for a given time with a checkpoint every
# minute, and every minute samples the process's resident memory (VmRSS in /proc/PID/status) and its training
# throughput (from the "recur: saved" line each checkpoint writes: tokens and training seconds so far) into a CSV.
# At the end it prints the working set at the start and the end and the throughput of the first and last minutes.
#
# Usage: examples/soak-ptb.sh [SECONDS] [OUT]
#   SECONDS  how long to train (default 1800, the 30-minute soak)
#   OUT      run directory (default runs/soak-ptb; replaced); it receives soak.csv and train.log as well
# Environment: PTB=folder of ptb.{train,valid}.txt (default ../shared/data/ptb), SOAK_INTERVAL=seconds between
# samples and checkpoints (default 60), THREADS=kernel threads (default: all cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-1800}"
out="${2:-runs/soak-ptb}"
data="${PTB:-$root/../shared/data/ptb}"
interval="${SOAK_INTERVAL:-60}"
threads="${THREADS:-$(nproc)}"
[[ -f "$data/ptb.train.txt" && -f "$data/ptb.valid.txt" ]] || { echo "soak-ptb.sh: no ptb.train.txt and ptb.valid.txt in $data (set PTB)" >&2; exit 1; }

dotnet build "$root/src/Recur.Cli" -c Release -v quiet -nologo >/dev/null
rm -rf "$out"
mkdir -p "$out"
log="$out/train.log"
csv="$out/soak.csv"
dotnet "$root/src/Recur.Cli/bin/Release/net10.0/Recur.Cli.dll" train \
  --corpus "$data/ptb.train.txt" --valid "$data/ptb.valid.txt" --level whitespace --vocab-size 10000 --mode stream \
  --cell lstm --layers 2 --hidden-size 200 --embedding-size 200 --init-range 0.1 --seq-len 20 --batch-size 20 \
  --optimizer sgd --lr 20 --clip-norm 0.25 --lr-decay 0.5 --decay-after 4 --epochs 1000 --seed 1 --threads "$threads" \
  --time-budget "$duration" --checkpoint-every "${interval}s" --out "$out" 2>"$log" >"$out/summary.txt" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' INT TERM

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0; }
# Tokens and training seconds of the last checkpoint line: "recur: saved …: epoch E batch B, step S, T tokens in X s".
progress() { grep '^recur: saved ' "$log" | tail -1 | sed -E 's/.* ([0-9]+) tokens in ([0-9.]+) s$/\1 \2/' || true; }

echo "minute,wall_seconds,rss_mib,tokens,train_seconds,tokens_per_second" >"$csv"
start=$(date +%s)
sleep 5 # the corpus is read and the model built: the working set of training, not of start-up
first_rss=$(rss)
echo "0,$(( $(date +%s) - start )),$(( first_rss / 1024 )),0,0," >>"$csv"
minute=0 last_tokens=0 last_seconds=0
while kill -0 "$pid" 2>/dev/null; do
  sleep "$interval" & wait $!
  kill -0 "$pid" 2>/dev/null || break
  minute=$((minute + 1))
  now_rss=$(rss)
  read -r tokens seconds <<<"$(progress)" || true
  tokens=${tokens:-0} seconds=${seconds:-0}
  rate=$(awk -v t="$tokens" -v lt="$last_tokens" -v s="$seconds" -v ls="$last_seconds" 'BEGIN { if (s > ls) printf "%.0f", (t - lt) / (s - ls) }')
  echo "$minute,$(( $(date +%s) - start )),$(( now_rss / 1024 )),$tokens,$seconds,$rate" >>"$csv"
  last_tokens=$tokens last_seconds=$seconds
  last_rss=$now_rss
done
wait "$pid" || { echo "soak-ptb.sh: training failed; see $log" >&2; exit 1; }

cat "$csv"
awk -F, -v first="$first_rss" -v last="${last_rss:-0}" '
  NR > 2 && $6 != "" { rates[++n] = $6 }
  END {
    printf "working set: %.0f MiB at the start, %.0f MiB at the end (%+.1f%%)\n", first / 1024, last / 1024, first ? 100 * (last - first) / first : 0
    if (n >= 2) printf "throughput: %d tokens/s in the first minute, %d in the last (%+.1f%%); %d minutes sampled\n", rates[1], rates[n], 100 * (rates[n] - rates[1]) / rates[1], n
  }' "$csv"
tail -1 "$out/summary.txt"
