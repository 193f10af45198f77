#!/usr/bin/env bash
# Training time of `moderator train` on the shipped data against the
# scikit-learn peer (CountVectorizer + MultinomialNB, both heads, same training
# rows), in the same run, best of 3 each; then model load time and the
# server's start-to-ready time and resident memory.
#
#   scripts/bench-training.sh             # needs the peers' Python environment
#   scripts/bench-training.sh --smoke     # one repetition, no peer, for CI
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"
smoke=0; [ "${1:-}" = "--smoke" ] && smoke=1
reps=3; [ $smoke = 1 ] && reps=1
build_release
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
best=""
for i in $(seq $reps); do
  t0=$(date +%s%N)
  "$bin" train --out "$tmp/m.model" --card "$tmp/card.md" >/dev/null 2>&1
  t=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
done
echo "moderator train (load + featurize + fit + calibrate + evaluate, both heads): best of $reps: $best ms"
cmp -s "$tmp/m.model" "$root/models/moderator.model" && echo "  (byte-identical to the shipped model)"
if [ $smoke = 0 ]; then
  venv="$root/training/peers/.venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q -r "$root/training/peers/requirements.txt"
  fi
  "$bin" eval --export-splits "$tmp/splits" >/dev/null 2>&1
  "$venv/bin/python" "$root/training/peers/peers.py" --splits "$tmp/splits" --peer sklearn-nb --fit-repeats 3 > "$tmp/peers.log" 2>&1
  python3 - "$tmp/splits/timings.json" "$best" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
fit = t["sklearn_fit_seconds"]
total = fit["spam"] + fit["abuse"]
ours = int(sys.argv[2]) / 1000
print(f"scikit-learn CountVectorizer + MultinomialNB (vectorize + fit on the random split's training rows): spam {fit['spam']:.2f} s + abuse {fit['abuse']:.2f} s = {total:.2f} s (best of 3 each)")
print(f"ratio moderator / scikit-learn: {ours / total:.2f} (moderator also reads the files, calibrates and evaluates)")
PY
fi
t0=$(date +%s%N)
"$bin" check --model "$root/models/moderator.model" "warm-up" >/dev/null
echo "moderator check (process start, model load and validation, one decision): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
port=$(free_port)
start_server "$port"
echo "server start to ready: $READY_MS ms; resident memory after start: $(( $(rss_kib "$SERVER_PID") / 1024 )) MiB"
stop_server
