#!/usr/bin/env bash
# Tatoeba English → French (manythings.org's fra.txt, 142,787 pairs), word level, lower-cased, pairs of at most 10
# tokens per side (116,024 pairs): 5% held out for validation and 5% for test (written to the run as valid.tsv and
# test.tsv). A bidirectional 1 × 256 LSTM encoder, linear + tanh bridge, 1 × 256 LSTM decoder, no attention;
# 6,000-token vocabularies per side; Adam 2e-3, batch 48, stopped after 13 minutes of training. The figure is corpus
# BLEU on the test split as sacreBLEU computes it by default (13a, exp smoothing; lower-cased here since the model is),
# greedy and with a beam of 5.
#
# Usage: examples/translate-tatoeba.sh [DATA_DIR] [recur translate train options…]
#   DATA_DIR  folder with fra.txt (default: ../shared/data/tatoeba_fra_eng beside this checkout)
#   options   added to the command line; one named below replaces its value here (e.g. --time-budget 60, --out DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data/tatoeba_fra_eng"
if [[ $# -gt 0 && "$1" != -* ]]; then data="$1"; shift; fi
[[ -f "$data/fra.txt" ]] || { echo "translate-tatoeba.sh: $data/fra.txt not found (give the data folder as first argument)" >&2; exit 1; }

defaults=(
  --data "$data/fra.txt" --level word --max-length 10 --vocab-size 6000 --valid-fraction 0.05 --test-fraction 0.05
  --cell lstm --layers 1 --hidden-size 256 --embedding-size 128 --bridge linear
  --batch-size 48 --optimizer adam --lr 0.002 --clip-norm 5 --epochs 10 --time-budget 780 --eval-count 300
  --seed 1 --out runs/tatoeba-en-fr
)
# Every default is an option and its value; drop those the caller gives.
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=0
  for a in "$@"; do [[ "$a" == "${defaults[i]}" ]] && given=1; done
  ((given)) || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
# The run directory, for the evaluation of its test split.
out=runs/tatoeba-en-fr
for ((k = 1; k < $#; k++)); do [[ "${!k}" == --out ]] && { n=$((k + 1)); out="${!n}"; }; done
"$root/recur" translate train --lowercase --bidirectional "${args[@]}" "$@"
# The model as it stands at the end of the budget (latest.ckpt; best.ckpt is the best at an epoch's end).
for beam in 1 5; do "$root/recur" translate evaluate --model "$out/latest.ckpt" --data "$out/test.tsv" --beam "$beam"; done
