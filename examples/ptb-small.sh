#!/usr/bin/env bash
# Penn Treebank word-level LM, the small non-regularised model of Zaremba, Sutskever & Vinyals (2014), Table 1:
# 2 × 200 LSTM, embedding 200, unroll 20, batch 20, SGD, learning rate halved after every epoch from the 5th on,
# 13 epochs, gradient norm clipped, every weight U(−0.1, 0.1), no dropout. Published: valid 120.7, test 114.5.
#
# Usage: examples/ptb-small.sh [DATA_DIR] [recur train options…]
#   DATA_DIR  folder with ptb.{train,valid,test}.txt (default: ../shared/data/ptb beside this checkout)
#   options   added to the command line; one named below replaces its value here (e.g. --time-budget 60, --out DIR)
#
# Learning rate and clipping: Zaremba et al. step on the loss summed over the 20 unrolled steps (averaged over the
# batch) with lr 1 and clip the norm of that gradient at 5. Recur's loss is the mean over all 20 × 20 tokens, a
# gradient 20 times smaller, so the same updates are lr 20 and clip 5 / 20 = 0.25 (as PyTorch's word_language_model).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data/ptb"
if [[ $# -gt 0 && "$1" != -* ]]; then data="$1"; shift; fi
for split in train valid test; do
  [[ -f "$data/ptb.$split.txt" ]] || { echo "ptb-small.sh: $data/ptb.$split.txt not found (give the data folder as first argument)" >&2; exit 1; }
done

defaults=(
  --corpus "$data/ptb.train.txt" --valid "$data/ptb.valid.txt" --test "$data/ptb.test.txt"
  --level whitespace --vocab-size 10000 --mode stream
  --cell lstm --layers 2 --hidden-size 200 --embedding-size 200 --dropout 0 --init-range 0.1
  --seq-len 20 --batch-size 20 --optimizer sgd --lr 20 --clip-norm 0.25 --lr-decay 0.5 --decay-after 4 --epochs 13
  --seed 1 --out runs/ptb-small
)
# Every default is an option and its value; drop those the caller gives.
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=0
  for a in "$@"; do [[ "$a" == "${defaults[i]}" ]] && given=1; done
  ((given)) || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
exec "$root/recur" train "${args[@]}" "$@"
