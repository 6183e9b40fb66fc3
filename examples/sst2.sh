#!/usr/bin/env bash
# SST-2 (GLUE): binary sentiment of movie-review sentences with a bidirectional LSTM over word embeddings learnt from
# scratch (no pretrained vectors), max pooling over the outputs. Trained on the 67,349 phrases and sentences of
# train.tsv; the figure is the accuracy on the 872 dev sentences (the published BiLSTM figures, 85.9 GLUE and 87.5
# Tai et al., use 300-d GloVe input).
#
# Usage: examples/sst2.sh [DATA_DIR] [recur classify train options…]
#   DATA_DIR  folder with train.tsv and dev.tsv (default: ../shared/data/sst2 beside this checkout)
#   options   added to the command line; one named below replaces its value here (e.g. --epochs 2, --out DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data/sst2"
if [[ $# -gt 0 && "$1" != -* ]]; then data="$1"; shift; fi
[[ -f "$data/train.tsv" ]] || { echo "sst2.sh: $data/train.tsv not found (give the data folder as first argument)" >&2; exit 1; }

defaults=(
  --train "$data/train.tsv" --valid "$data/dev.tsv"
  --level word --min-count 1
  --cell lstm --layers 1 --hidden-size 128 --embedding-size 100 --pooling max --bidirectional true
  --dropout 0.5 --batch-size 64 --optimizer adam --lr 0.002 --clip-norm 5
  --epochs 4 --seed 1 --out runs/sst2
)
# Every default is an option and its value; drop those the caller gives.
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=0
  for a in "$@"; do [[ "$a" == "${defaults[i]}" ]] && given=1; done
  ((given)) || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
exec "$root/recur" classify train --lowercase "${args[@]}" "$@"
