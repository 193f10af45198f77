#!/usr/bin/env bash
# Holds the server at saturation (wrk -t1 -c128) for 60 s with a mix of valid
# comments and invalid requests (malformed JSON, missing content, wrong content
# type), then reports errors (anything but the expected 200, 400, 415, 422),
# latency percentiles, and resident memory before and after.
#
#   scripts/load-test.sh             # 60 s
#   scripts/load-test.sh --smoke     # 3 s, for CI
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"
duration=60; [ "${1:-}" = "--smoke" ] && duration=3
need_wrk
build_release
port=$(free_port)
start_server "$port"
trap stop_server EXIT
lua=$(mktemp --suffix=.lua)
write_mix_lua "$lua" 1
# Count responses by status on the server side (Prometheus), before and after.
metrics() { curl -fs "http://127.0.0.1:$port/metrics"; }
wrk -t1 -c64 -d1s -s "$lua" "http://127.0.0.1:$port/v1/moderate" >/dev/null   # warm-up
rss_before=$(rss_kib "$SERVER_PID")
before=$(metrics)
result=$(wrk -t1 -c128 -d"${duration}s" --timeout 5s -s "$lua" "http://127.0.0.1:$port/v1/moderate" | wrk_json)
after=$(metrics)
rss_after=$(rss_kib "$SERVER_PID")
python3 - "$result" "$before" "$after" "$rss_before" "$rss_after" "$duration" <<'PY'
import json, re, sys
r = json.loads(sys.argv[1])
def statuses(text):
    out = {}
    for m in re.finditer(r'http_requests_total\{method="POST",route="/v1/moderate",status="(\d+)"\} (\d+)', text):
        out[m.group(1)] = int(m.group(2))
    return out
b, a = statuses(sys.argv[2]), statuses(sys.argv[3])
delta = {s: a.get(s, 0) - b.get(s, 0) for s in sorted(set(a) | set(b))}
expected = {"200", "400", "415", "422"}
unexpected = {s: n for s, n in delta.items() if s not in expected and n}
transport = r["errors_connect"] + r["errors_read"] + r["errors_write"] + r["errors_timeout"]
rss_b, rss_a = int(sys.argv[4]), int(sys.argv[5])
growth = (rss_a - rss_b) / rss_b * 100
print(f"{sys.argv[6]} s at saturation (wrk -t1 -c128): {r['requests']} requests, {r['rps']:.0f} req/s")
print(f"responses by status: {delta}")
print(f"unexpected statuses: {unexpected or 'none'}; transport errors: {transport}")
print(f"latency p50 {r['p50_ms']:.3f} ms, p90 {r['p90_ms']:.3f} ms, p99 {r['p99_ms']:.3f} ms, max {r['max_ms']:.3f} ms")
print(f"resident memory: {rss_b/1024:.1f} MiB before, {rss_a/1024:.1f} MiB after ({growth:+.1f}%)")
ok = not unexpected and transport == 0 and growth <= 10
print("RESULT:", "OK" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
