#!/usr/bin/env bash
# UD English EWT, universal part-of-speech tags (UPOS): a bidirectional LSTM tagger over word embeddings joined by the
# final states of a character BiLSTM, as Plank, Søgaard & Goldberg 2016 (94.43 on UD 1.3 English without pretrained
# embeddings; EWT v2.16 differs, so a ballpark). The figure is the token accuracy on the test file (gold tokenisation,
# multiword ranges and empty nodes skipped).
#
# Usage: examples/ud-ewt-upos.sh [DATA_DIR] [recur tag train options…]
#   DATA_DIR  folder with en_ewt-ud-{train,dev,test}.conllu (default: ../shared/data/ud_english_ewt beside this checkout)
#   options   added to the command line; one named below replaces its value here (e.g. --epochs 3, --out DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data/ud_english_ewt"
if [[ $# -gt 0 && "$1" != -* ]]; then data="$1"; shift; fi
[[ -f "$data/en_ewt-ud-train.conllu" ]] || { echo "ud-ewt-upos.sh: $data/en_ewt-ud-train.conllu not found (give the data folder as first argument)" >&2; exit 1; }

defaults=(
  --train "$data/en_ewt-ud-train.conllu" --valid "$data/en_ewt-ud-dev.conllu" --test "$data/en_ewt-ud-test.conllu"
  --cell lstm --layers 1 --hidden-size 100 --embedding-size 100
  --char-embedding-size 30 --char-hidden-size 50 --max-word-chars 20
  --dropout 0.25 --word-dropout 0.05 --batch-size 32 --optimizer adam --lr 0.002 --lr-decay 0.8 --decay-after 4 --clip-norm 5
  --epochs 12 --seed 1 --out runs/ud-ewt-upos
)
# Every default is an option and its value; drop those the caller gives.
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=0
  for a in "$@"; do [[ "$a" == "${defaults[i]}" ]] && given=1; done
  ((given)) || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
exec "$root/recur" tag train --upos --char-features "${args[@]}" "$@"
