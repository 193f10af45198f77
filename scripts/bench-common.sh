# Shared by the benchmark and load scripts: build, start and stop the release
# server, and prepare request bodies. Source it; do not run it.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/target/release/moderator"

build_release() {
  (cd "$root" && cargo build --release --quiet --bin moderator)
}

# Makes sure a load tool exists: wrk (Debian's package) is installed if
# missing and we are root.
need_wrk() {
  if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
      echo "wrk is needed (apt-get install wrk)" >&2
      exit 1
    fi
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server PORT [extra env...]: starts the release server; sets SERVER_PID
# and READY_MS (milliseconds from exec to a 200 on /readyz).
start_server() {
  local port=$1; shift
  data_dir=$(mktemp -d)
  local t0 t1
  t0=$(date +%s%N)
  env MODERATOR_ADDR="127.0.0.1:$port" MODERATOR_DATA_DIR="$data_dir" MODERATOR_LOGGING__LEVEL=warn \
      MODERATOR_RATE_LIMIT__ENABLED=false MODERATOR_SERVER__BENCH_ECHO=true MODERATOR_API_KEYS=bench-key-000001 "$@" \
      "$bin" serve >/dev/null 2>&1 &
  SERVER_PID=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server died" >&2; exit 1; }
    sleep 0.002
  done
  t1=$(date +%s%N)
  READY_MS=$(( (t1 - t0) / 1000000 ))
}

stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$data_dir"
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# Writes a wrk Lua script that cycles through realistic comments (the
# hand-written evaluation sets: civil, spam, toxic) as JSON bodies.
write_mix_lua() {
  local out=$1 invalid=${2:-0}
  python3 - "$root" "$out" "$invalid" <<'PY'
import json, sys, random
root, out, invalid = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(1)
bodies = []
for name in ["civil_hard_topics", "comment_spam", "identity_bias"]:
    for line in open(f"{root}/training/eval/{name}.jsonl", encoding="utf-8"):
        d = json.loads(line)
        body = {"content": d["text"], "author": {"name": d.get("author_name") or "Reader", "email": "reader@example.com"}}
        if d.get("author_url"):
            body["author"]["url"] = d["author_url"]
        bodies.append(json.dumps(body))
random.shuffle(bodies)
if invalid:
    # Mixed in: malformed JSON (400), missing content (422), wrong type (415).
    bad = ['{"content": "trunc', '{"author": {"name": "x"}}', '{"content": 12}']
    bodies = [b for pair in zip(bodies, bad * (len(bodies) // 3 + 1)) for b in pair]
def lua(s):
    return "[==[" + s + "]==]"
with open(out, "w", encoding="utf-8") as f:
    f.write("local bodies = {\n" + ",\n".join(lua(b) for b in bodies) + "\n}\n")
    f.write("local i = 0\n")
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    if invalid:
        f.write('local types = {"application/json", "application/json", "text/plain"}\n')
        f.write("request = function()\n  i = i + 1\n  local h = {}\n  h[\"Content-Type\"] = types[(i % 3) + 1]\n  return wrk.format(nil, nil, h, bodies[(i % #bodies) + 1])\nend\n")
    else:
        f.write("request = function()\n  i = i + 1\n  return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1])\nend\n")
    f.write('''done = function(summary, latency, requests)
  local codes = 0
  io.write(string.format("JSON {\\"requests\\": %d, \\"seconds\\": %.3f, \\"rps\\": %.1f, \\"p50_ms\\": %.3f, \\"p90_ms\\": %.3f, \\"p99_ms\\": %.3f, \\"max_ms\\": %.3f, \\"errors_connect\\": %d, \\"errors_read\\": %d, \\"errors_write\\": %d, \\"errors_timeout\\": %d, \\"non_2xx\\": %d}\\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
''')
PY
}

# The JSON summary line of a wrk run (see the done() above).
wrk_json() { grep '^JSON ' | sed 's/^JSON //'; }
