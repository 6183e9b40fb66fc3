#!/usr/bin/env bash
# JSB Chorales, polyphonic music: the Boulanger-Lewandowski et al. (2012) split (229 / 76 / 77 chorales), one frame per
# quarter note, frames as binary vectors over the 88 piano keys (MIDI 21–108), one sigmoid per pitch. The metric is the
# mean negative log-likelihood per predicted frame (frames 2…T of every test sequence, pooled), in nats.
#
# Presets (the first argument; default gru):
#   gru         1 × 46 GRU,   22,904 parameters   Chung et al. 2014, Table 2 (≈20k): test 8.54 (their GRU: reset
#               gate before the recurrent matmul, Recur's gru)
#   lstm        1 × 36 LSTM,  21,400 parameters   Chung et al. 2014, Table 2 (≈20k): test 8.67
#   gru-large   1 × 260 GRU,  295,968 parameters  Bai, Kolter & Koltun 2018 (≈300k): GRU 8.43 (PyTorch's GRU form,
#               reset gate after the recurrent matmul: gru-after; the reset-before form overfits at this size)
#   lstm-large  1 × 225 LSTM, 303,388 parameters  Bai, Kolter & Koltun 2018 (≈300k): LSTM 8.45
# All: Adam, batch 1 (one chorale per step), gradient norm clipped at 5; the large presets use dropout 0.5 before the
# output layer. The test NLL is measured with the checkpoint of the best validation NLL. At the end a 64-frame piece
# is sampled into RUN/sample.mid.
#
# Usage: examples/jsb-chorales.sh [PRESET] [DATA_JSON] [recur music train options…]
#   DATA_JSON  jsb-chorales-quarter.json (default: ../shared/data/jsb_chorales/ beside this checkout)
#   options    added to the command line; one named below replaces its value here (e.g. --epochs 5, --out DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset=gru
if [[ $# -gt 0 && "$1" != -* && ! -f "$1" ]]; then preset="$1"; shift; fi
data="$root/../shared/data/jsb_chorales/jsb-chorales-quarter.json"
if [[ $# -gt 0 && "$1" != -* ]]; then data="$1"; shift; fi
[[ -f "$data" ]] || { echo "jsb-chorales.sh: $data not found (give the JSON file as an argument)" >&2; exit 1; }

case "$preset" in
  gru)        model=(--cell gru --hidden-size 46 --dropout 0 --lr 1e-3 --epochs 60) ;;
  lstm)       model=(--cell lstm --hidden-size 36 --dropout 0 --lr 1e-3 --epochs 100) ;;
  gru-large)  model=(--cell gru-after --hidden-size 260 --dropout 0.5 --lr 1e-3 --epochs 60) ;;
  lstm-large) model=(--cell lstm --hidden-size 225 --dropout 0.5 --lr 1e-3 --epochs 50) ;;
  *) echo "jsb-chorales.sh: unknown preset '$preset' (gru, lstm, gru-large or lstm-large)" >&2; exit 1 ;;
esac
defaults=(
  --data "$data" --pitches piano "${model[@]}"
  --layers 1 --batch-size 1 --optimizer adam --clip-norm 5 --seed 1 --threads 1 --out "runs/jsb-$preset"
)
# Every default is an option and its value; drop those the caller gives.
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=0
  for a in "$@"; do [[ "$a" == "${defaults[i]}" ]] && given=1; done
  ((given)) || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
# The run directory: the caller's --out, else the preset's.
out="runs/jsb-$preset"
for ((i = 1; i <= $#; i++)); do [[ "${!i}" == --out ]] && { j=$((i + 1)); out="${!j}"; }; done
"$root/recur" music train "${args[@]}" "$@"
"$root/recur" music generate --model "$out" --out "$out/sample.mid" --frames 64 --temperature 1 --seed 1
