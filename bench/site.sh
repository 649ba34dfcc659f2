#!/usr/bin/env bash
# Load-test the reader site with wrk and compare it, in the same run, with nginx serving the same pages saved as static
# files (the baseline script /work/shared/bench/nginx_static.sh).
#
# Usage: bench/site.sh [SECONDS] [CONNECTIONS]      defaults: 5 seconds, 64 connections, 2 wrk threads
#
# It builds ./cmd/alphadesk, runs `alphadesk demo` on a free loopback port with a fresh temporary database, saves an
# article page (/news/SLUG, the newest published story) and the stock page /stocks/AAPL with curl, then for each page
# runs wrk against alphadesk and nginx_static.sh on the saved copy, and prints requests/s and p99 latency for both and
# the ratio. Loopback only; every load lasts SECONDS. Needs go, curl, wrk, nginx and python3 (Debian: wrk nginx-light).
# Set ALPHADESK_BIN to benchmark an already built binary instead of building one.
# Set NGINX_STATIC to the baseline script if it is not at ../shared/bench/ beside the repository or /work/shared/bench/.
# Targets (issue 8, 2-core machine): >= 5000 req/s, p99 <= 20 ms, >= 0.5 of nginx's static throughput. The script
# prints whether each is met; with BENCH_STRICT=1 it exits 1 when one is missed.
set -euo pipefail
secs=${1:-5}
conns=${2:-64}
case $secs$conns in *[!0-9]*) echo "usage: bench/site.sh [SECONDS] [CONNECTIONS] (whole numbers)" >&2; exit 2 ;; esac
if [ "$secs" -lt 1 ] || [ "$secs" -gt 60 ]; then echo "bench/site.sh: SECONDS must be 1..60, got $secs" >&2; exit 2; fi

root=$(cd "$(dirname "$0")/.." && pwd)
for tool in go curl wrk nginx python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench/site.sh: $tool not found (apt-get install -y wrk nginx-light curl python3)" >&2; exit 1; }
done
baseline=${NGINX_STATIC:-}
if [ -z "$baseline" ]; then
	for c in "$root/../shared/bench/nginx_static.sh" /work/shared/bench/nginx_static.sh; do
		if [ -f "$c" ]; then baseline=$c; break; fi
	done
fi
[ -n "$baseline" ] && [ -f "$baseline" ] || { echo "bench/site.sh: nginx_static.sh not found; set NGINX_STATIC" >&2; exit 1; }

work=$(mktemp -d)
server=""
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

bin=${ALPHADESK_BIN:-}
if [ -z "$bin" ]; then
	echo "building alphadesk..." >&2
	(cd "$root" && go build -o "$work/alphadesk" ./cmd/alphadesk)
	bin=$work/alphadesk
fi
"$bin" demo --db "$work/site.db" --addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
base=""
for _ in $(seq 1 600); do
	base=$(sed -n 's/.*serving \(http:\/\/127\.0\.0\.1:[0-9]*\)\/.*/\1/p' "$work/serve.out" | head -n1)
	[ -n "$base" ] && break
	kill -0 "$server" 2>/dev/null || { echo "bench/site.sh: alphadesk demo exited:" >&2; cat "$work/serve.err" >&2; exit 1; }
	sleep 0.1
done
[ -n "$base" ] || { echo "bench/site.sh: alphadesk demo printed no address within 60s" >&2; exit 1; }

slug=$(curl -fsS "$base/api/v1/stories?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["slug"])')
mkdir -p "$work/pages/news" "$work/pages/stocks"
curl -fsS -o "$work/pages/news/$slug.html" "$base/news/$slug"
curl -fsS -o "$work/pages/stocks/AAPL.html" "$base/stocks/AAPL"

# summary FILE: "REQS_PER_SEC P99_MS" from wrk --latency output.
summary() {
	python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s*([\d.]+)", text)
p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
errs = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", text)
if not rps or not p99:
    sys.exit("cannot read wrk output:\n" + text)
scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
print(f"{float(rps.group(1)):.0f} {float(p99.group(1)) * scale:.2f} {errs.group(1) if errs else 0}")
PY
}

missed=0
printf '\n%-22s %12s %10s %12s %10s %8s  %s\n' page "alphadesk r/s" "p99 ms" "nginx r/s" "p99 ms" ratio targets
for page in "/news/$slug" /stocks/AAPL; do
	wrk -t2 -c"$conns" -d"${secs}s" --latency "$base$page" >"$work/app.txt"
	"$baseline" "$work/pages" "$page.html" "$secs" "$conns" >"$work/nginx.txt"
	read -r app_rps app_p99 app_errs < <(summary "$work/app.txt")
	read -r ngx_rps ngx_p99 _ < <(summary "$work/nginx.txt")
	ratio=$(python3 -c "print(f'{$app_rps / $ngx_rps:.2f}')")
	verdict=$(python3 -c "
ok = [$app_rps >= 5000, $app_p99 <= 20, $app_rps >= 0.5 * $ngx_rps, $app_errs == 0]
names = ['>=5000 r/s', 'p99<=20ms', '>=half nginx', 'no errors']
print(' '.join(('ok ' if o else 'MISSED ') + n for o, n in zip(ok, names)))")
	case $verdict in *MISSED*) missed=1 ;; esac
	label=$page
	[ "${#label}" -gt 22 ] && label="${label:0:19}..."
	printf '%-22s %12s %10s %12s %10s %8s  %s\n' "$label" "$app_rps" "$app_p99" "$ngx_rps" "$ngx_p99" "$ratio" "$verdict"
done
echo "(wrk -t2 -c$conns -d${secs}s --latency; article $base/news/$slug; $(nproc) cores)"
if [ "${BENCH_STRICT:-}" = 1 ] && [ "$missed" = 1 ]; then exit 1; fi
