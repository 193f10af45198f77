#!/usr/bin/env bash
# HTTP load benchmark: /v1/moderate with a realistic mix of comments against
# the trivial JSON echo route of the same binary (server.bench_echo), in the
# same run, with the same client settings (wrk -t1 -c64). Prints throughput,
# p50/p99 latency and the moderate/echo ratio; then the p99 of /v1/moderate
# at half its saturation throughput (needs `oha` for a fixed request rate:
# `cargo install oha`), server start-to-ready time and resident memory.
#
#   scripts/bench-http.sh            # 10 s per phase
#   scripts/bench-http.sh --smoke    # 1 s per phase, for CI (no timing claims)
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"
duration=10
[ "${1:-}" = "--smoke" ] && duration=1
need_wrk
build_release
port=$(free_port)
start_server "$port"
ready_ms=$READY_MS
trap stop_server EXIT
rss_start=$(rss_kib "$SERVER_PID")
lua=$(mktemp --suffix=.lua)
write_mix_lua "$lua"
echo_lua=$(mktemp --suffix=.lua)
cat > "$echo_lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"content": "Putin needs the shells. Kim needs the cash."}'
LUA
sed -n '/^done = function/,$p' "$lua" >> "$echo_lua"
base="http://127.0.0.1:$port"
# Warm up both routes.
wrk -t1 -c64 -d1s -s "$lua" "$base/v1/moderate" >/dev/null
echo_json=$(wrk -t1 -c64 -d"${duration}s" -s "$echo_lua" "$base/bench/echo" | wrk_json)
moderate_json=$(wrk -t1 -c64 -d"${duration}s" -s "$lua" "$base/v1/moderate" | wrk_json)
rss_after=$(rss_kib "$SERVER_PID")
half=""
if command -v oha >/dev/null; then
  rate=$(python3 -c "import json,sys; print(int(json.loads(sys.argv[1])['rps'] / 2))" "$moderate_json")
  bodies=$(mktemp)
  python3 - "$root" > "$bodies" <<'PY'
import json, sys
for name in ["civil_hard_topics", "comment_spam", "identity_bias"]:
    for line in open(f"{sys.argv[1]}/training/eval/{name}.jsonl", encoding="utf-8"):
        print(json.dumps({"content": json.loads(line)["text"]}))
PY
  half=$(oha --no-tui --output-format json -z "${duration}s" -c 64 -q "$rate" -m POST -H 'content-type: application/json' -Z "$bodies" "$base/v1/moderate" \
    | python3 -c "import json,sys; d=json.load(sys.stdin); p=d['latencyPercentiles']; print(json.dumps({'target_rps': $rate, 'rps': d['summary']['requestsPerSec'], 'p50_ms': p['p50']*1000, 'p99_ms': p['p99']*1000, 'success_rate': d['summary']['successRate']}))")
fi
python3 - "$echo_json" "$moderate_json" "$half" "$ready_ms" "$rss_start" "$rss_after" "$duration" <<'PY'
import json, sys
echo, mod = json.loads(sys.argv[1]), json.loads(sys.argv[2])
half = json.loads(sys.argv[3]) if sys.argv[3] else None
print(f"phase duration: {sys.argv[7]} s per route, wrk -t1 -c64, same server process")
print(f"{'route':<14}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
for name, r in [("/bench/echo", echo), ("/v1/moderate", mod)]:
    errors = r["errors_connect"] + r["errors_read"] + r["errors_write"] + r["errors_timeout"] + r["non_2xx"]
    print(f"{name:<14}{r['rps']:>12.0f}{r['p50_ms']:>9.3f}{r['p99_ms']:>9.3f}{errors:>8}")
print(f"ratio moderate/echo: {mod['rps'] / echo['rps']:.2f}")
if half:
    print(f"/v1/moderate at {half['target_rps']} req/s (half of saturation): p50 {half['p50_ms']:.3f} ms, p99 {half['p99_ms']:.3f} ms, achieved {half['rps']:.0f} req/s, success {half['success_rate']*100:.1f}%")
else:
    print("half-load p99: skipped (install oha for fixed-rate load: cargo install oha)")
print(f"start to ready: {sys.argv[4]} ms; resident memory: {int(sys.argv[5])/1024:.1f} MiB after start, {int(sys.argv[6])/1024:.1f} MiB after load")
PY
