#!/usr/bin/env bash
# The synthetic dates task of `recur translate`: human-written dates in 29 formats and three cases ("3 May 1979",
# "thursday, may 3, 1979", "05/03/79", "3rd of May 1979", "03.05.1979", …) to ISO 8601 ("1979-05-03"), character
# level, 40,000 fresh pairs per epoch. A bidirectional 1 × 128 LSTM encoder, a linear + tanh bridge and a 1 × 128 LSTM
# decoder (no attention), Adam 3e-3 decaying × 0.7 per epoch after the 4th, 8 epochs. Validation and test pairs use
# dates never shown in training (every 16th day); the figure is exact match of greedy decoding, the goal > 99%.
#
# Usage: examples/translate-dates.sh [recur translate train options…]
#   options   added to the command line; one named below replaces its value here (e.g. --epochs 4, --out DIR)
# Then:  ./recur translate evaluate --model runs/dates --task dates
#        ./recur translate predict --model runs/dates --text "the 21st of June, 1969" --text "12/24/07"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

defaults=(
  --task dates --examples 40000 --valid-count 2000
  --cell lstm --layers 1 --hidden-size 128 --embedding-size 32 --bridge linear
  --batch-size 64 --optimizer adam --lr 0.003 --lr-decay 0.7 --decay-after 4 --clip-norm 5 --epochs 8
  --seed 1 --out runs/dates
)
# Every default is an option and its value; drop those the caller gives.
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=0
  for a in "$@"; do [[ "$a" == "${defaults[i]}" ]] && given=1; done
  ((given)) || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
exec "$root/recur" translate train --bidirectional "${args[@]}" "$@"
