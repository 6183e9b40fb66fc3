#!/usr/bin/env bash
# Regenerates the figures of the README's "Seeing inside" section into docs/diagnostics/ (about 9 minutes on 2 cores):
#   1. three character-level language models (rnn-tanh, gru, lstm; 1 × 192) trained on Tiny Shakespeare for 120 s each,
#      then the gradient of the last step's loss back in time on held-out text (the last 100,000 characters);
#   2. the agreement task at gaps 5–80 for the same three cells (accuracy against the gap, and the gradient flow of the
#      models trained at gap 80);
#   3. the gradient norm of every step of a ReLU RNN trained with plain SGD (lr 0.5, clip norm 1) for 30 s;
#   4. the HTML report of the LSTM on 700 held-out characters, and its screenshot (tools/render-report.sh, chromium).
# Usage: tools/diagnostics-figures.sh [DATA_DIR [WORK_DIR]]   (defaults ../shared/data and runs/diagnostics)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/../shared/data}"
work="${2:-$root/runs/diagnostics}"
docs="$root/docs/diagnostics"
recur() { nice "$root/recur" "$@"; }
mkdir -p "$work" "$docs"
corpus="$data/tinyshakespeare/input.txt"
tail -c 100000 "$corpus" | tail -n +2 > "$work/heldout.txt"

for cell in rnn-tanh gru lstm; do
  recur train --corpus "$corpus" --level char --mode stream --cell "$cell" --hidden-size 192 --embedding-size 48 \
    --seq-len 64 --batch-size 32 --epochs 20 --time-budget 120 --threads 2 --log-grad-norm --out "$work/shk-$cell"
done
recur diagnose gradients --model "$work/shk-rnn-tanh" --model "$work/shk-gru" --model "$work/shk-lstm" \
  --text "$work/heldout.txt" --steps 100 --sequences 128 --threads 2 --out "$work/flow-shakespeare"
cp "$work/flow-shakespeare/gradient-flow.svg" "$docs/gradient-flow-shakespeare.svg"
cp "$work/flow-shakespeare/gradient-flow.csv" "$docs/gradient-flow-shakespeare.csv"

recur diagnose task --task agreement --gaps 5,10,20,40,80 --cells rnn-tanh,gru,lstm --out "$work/task-agreement"
cp "$work/task-agreement/task-accuracy.svg" "$docs/task-accuracy.svg"
cp "$work/task-agreement/task-accuracy.csv" "$docs/task-accuracy.csv"
cp "$work/task-agreement/gradient-flow.svg" "$docs/gradient-flow-task.svg"

recur train --corpus "$corpus" --level char --mode stream --cell rnn-relu --hidden-size 192 --embedding-size 48 \
  --seq-len 100 --epochs 20 --time-budget 30 --optimizer sgd --lr 0.5 --clip-norm 1 --threads 2 --log-grad-norm \
  --out "$work/shk-relu-sgd"
cp "$work/shk-relu-sgd/grad-norm.svg" "$docs/grad-norm-rnn-relu.svg"

recur report --model "$work/shk-lstm" --text "$work/heldout.txt" --max-tokens 700 --units 4 --out "$work/report.html"
"$root/tools/render-report.sh" "$work/report.html" "$docs/report.png" 1000 1900
