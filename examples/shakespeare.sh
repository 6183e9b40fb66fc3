#!/usr/bin/env bash
# Tiny Shakespeare, character level (char-rnn's default corpus): a 2 × 256 LSTM on the text read as one stream,
# the first 90% for training and the last 10% for validation (the usual split). The figure to compare with is the
# validation loss in nats per character; nanoGPT's small character Transformer reaches 1.47.
#
# Usage: examples/shakespeare.sh [DATA_DIR] [recur train options…]
#   DATA_DIR  folder with input.txt (default: ../shared/data/tinyshakespeare beside this checkout)
#   options   added to the command line; one named below replaces its value here (e.g. --time-budget 600, --out DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data/tinyshakespeare"
if [[ $# -gt 0 && "$1" != -* ]]; then data="$1"; shift; fi
[[ -f "$data/input.txt" ]] || { echo "shakespeare.sh: $data/input.txt not found (give the data folder as first argument)" >&2; exit 1; }

defaults=(
  --corpus "$data/input.txt" --valid-fraction 0.1
  --level char --mode stream
  --cell lstm --layers 2 --hidden-size 256 --embedding-size 64 --dropout 0.2
  --seq-len 100 --batch-size 32 --optimizer adam --lr 0.002 --lr-decay 0.97 --decay-after 10 --clip-norm 5 --epochs 20
  --seed 1 --out runs/shakespeare
)
# Every default is an option and its value; drop those the caller gives.
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=0
  for a in "$@"; do [[ "$a" == "${defaults[i]}" ]] && given=1; done
  ((given)) || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
exec "$root/recur" train "${args[@]}" "$@"
