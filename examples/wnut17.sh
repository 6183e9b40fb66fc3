#!/usr/bin/env bash
# WNUT-17 emerging and rare entities (Derczynski et al. 2017): a bidirectional LSTM tagger with character features on
# tweets and forum text, IOB2 tags of six types. The figure is conlleval's entity F1 on the test file (exact span and
# type), reported with precision, recall and per-type scores by `recur tag evaluate`.
#
# Usage: examples/wnut17.sh [DATA_DIR] [recur tag train options…]
#   DATA_DIR  folder with wnut17train.conll, emerging.dev.conll, emerging.test.annotated (default: ../shared/data/wnut17)
#   options   added to the command line; one named below replaces its value here (e.g. --epochs 3, --out DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data/wnut17"
if [[ $# -gt 0 && "$1" != -* ]]; then data="$1"; shift; fi
[[ -f "$data/wnut17train.conll" ]] || { echo "wnut17.sh: $data/wnut17train.conll not found (give the data folder as first argument)" >&2; exit 1; }

defaults=(
  --train "$data/wnut17train.conll" --valid "$data/emerging.dev.conll" --test "$data/emerging.test.annotated"
  --format conll --tag-column 2
  --cell lstm --layers 1 --hidden-size 100 --embedding-size 100
  --char-embedding-size 30 --char-hidden-size 50 --max-word-chars 20
  --dropout 0.5 --word-dropout 0.1 --batch-size 16 --optimizer adam --lr 0.002 --clip-norm 5
  --epochs 20 --seed 1 --out runs/wnut17
)
# Every default is an option and its value; drop those the caller gives.
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=0
  for a in "$@"; do [[ "$a" == "${defaults[i]}" ]] && given=1; done
  ((given)) || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
exec "$root/recur" tag train --char-features --lowercase "${args[@]}" "$@"
