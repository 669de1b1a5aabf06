#!/usr/bin/env bash
# Zavičaj's public pages, /healthz and question submission against a Hummingbird hello world
# (scripts/hello: the same framework answering constant bodies), side by side in one run, all
# measured by wrk at 64 connections (submission also at 16). With BEFORE=/path/to/older/zavicaj
# the older build is measured in the same run too, for before/after figures. With
# PG=postgres://user@host:port each server runs on its own fresh PostgreSQL database there
# (bench_now, bench_before; dropped and made again), else on SQLite.
# Needs wrk (apt-get install wrk). Figures depend on the machine: read the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${SECONDS_PER_RUN:-10}"
work="${BENCH_DIR:-.bench/speed}"
rm -rf "$work" && mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

swift build -c release --product zavicaj >/dev/null
swift build -c release --package-path scripts/hello --scratch-path .bench/hello-build >/dev/null
zavicaj="$(swift build -c release --show-bin-path)/zavicaj"
hello="$(swift build -c release --package-path scripts/hello --scratch-path .bench/hello-build --show-bin-path)/hello"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

start() { # name binary port: a server on a fresh database with the demo municipalities
  mkdir -p "$work/$1"
  local url=""
  if [ -n "${PG:-}" ]; then
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS bench_$1" -c "CREATE DATABASE bench_$1" >/dev/null
    url="$PG/bench_$1?tlsmode=disable"
  fi
  (cd "$work/$1" && ZAVICAJ_DATABASE_URL="$url" exec "$2" serve --port "$3" --no-history >"log" 2>&1) &
  pids+=($!)
  for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$3/healthz" && return; sleep 0.2; done
  echo "$1 did not start; see $work/$1/log"; exit 1
}
"$hello" 8090 >"$work/hello.log" 2>&1 &
pids+=($!)
start now "$zavicaj" 8091
[ -n "${BEFORE:-}" ] && start before "$BEFORE" 8092
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:8090/hello && break; sleep 0.2; done

cat >"$work/submit.lua" <<'LUA'
local n = 0
function setup(thread) thread:set("tid", math.random(1, 1000000000)) end
request = function()
  n = n + 1
  local body = string.format([[{"category":"documents","subject":"Izvod %d","body":"Trebam izvod iz matične ]] ..
    [[knjige rođenih za sina.","name":"Bench Asker","email":"asker%d-%d@example.org","language":"de",]] ..
    [["time_zone":"Europe/Berlin"}]], n, tid, n)
  return wrk.format("POST", "/api/v1/jajce/inquiries", {["Content-Type"] = "application/json"}, body)
end
LUA

# The Cookie header of Jajce's officer, signed in through the login form of the server on port $1.
signin() {
  local jar="$work/jar-$1" base="http://127.0.0.1:$1" token
  token=$(curl -s -c "$jar" "$base/account/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 |
    sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "email=officer@jajce.zavicaj.test" \
    --data-urlencode "password=zavicaj-demo-2026" --data-urlencode "_csrf=$token" "$base/account/login"
  awk '$6 == "zv_session" || $6 == "zv_csrf" { printf "%s=%s; ", $6, $7 }' "$jar"
}

# One wrk run: prints "requests/s p50 p99 non-2xx" (latencies in ms).
load() { # url connections [script] [cookie]
  local out
  out=$(wrk -t2 -c"$2" -d"${seconds}s" --latency -H "Accept-Language: bs" -H "User-Agent: bench" \
    ${3:+-s "$3"} ${4:+-H "Cookie: $4"} "$1")
  awk -v out="$out" 'BEGIN {
    n = split(out, lines, "\n"); rps = 0; p50 = ""; p99 = ""; bad = 0
    for (i = 1; i <= n; i++) {
      split(lines[i], f, " ")
      if (lines[i] ~ /Requests\/sec/) rps = f[2]
      if (lines[i] ~ /^ +50%/) p50 = f[2]
      if (lines[i] ~ /^ +99%/) p99 = f[2]
      if (lines[i] ~ /Non-2xx/) bad = f[5]
    }
    printf "%s %s %s %s\n", rps, ms(p50), ms(p99), bad
  }
  function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }'
}

row() { # label hello-rps url conns [script] [staff: signed in as the officer]
  local label=$1 ceiling=$2 url=$3 conns=$4 script=${5:-} staff=${6:-}
  for build in now before; do
    local port=8091 cookie=""; [ $build = before ] && { [ -n "${BEFORE:-}" ] || continue; port=8092; }
    [ -n "$staff" ] && cookie=$(signin $port)
    read -r rps p50 p99 bad < <(load "http://127.0.0.1:$port$url" "$conns" "$script" "$cookie")
    printf "%-34s %-6s %9.0f/s  p50 %7.2f ms  p99 %7.2f ms  non-2xx %s  %5.1f %% of hello world\n" \
      "$label" "$build" "$rps" "$p50" "$p99" "$bad" "$(echo "$rps * 100 / $ceiling" | bc -l)"
  done
}

read -r hello_json _ hello_json_p99 _ < <(load http://127.0.0.1:8090/healthz 64)
read -r hello_text _ hello_text_p99 _ < <(load http://127.0.0.1:8090/hello 64)
echo "machine: $(nproc) cores, $(uname -m); wrk -t2, ${seconds} s per run, wrk on the same cores;" \
  "database: $([ -n "${PG:-}" ] && echo PostgreSQL || echo SQLite)"
printf "%-34s %-6s %9.0f/s  p99 %7.2f ms\n" "hello world JSON (/healthz)" hb "$hello_json" "$hello_json_p99"
printf "%-34s %-6s %9.0f/s  p99 %7.2f ms\n" "hello world text" hb "$hello_text" "$hello_text_p99"
row "/healthz" "$hello_json" /healthz 64
for page in / /jajce/ /jajce/inquiries/new /jajce/news /jajce/events /static/app.css; do
  row "GET $page" "$hello_text" "$page" 64
done
for page in inquiries members events news protocol; do
  row "GET /jajce/staff/$page (officer)" "$hello_text" "/jajce/staff/$page" 64 "" staff
done
row "POST question, 16 conns" "$hello_text" /api/v1/jajce/inquiries 16 "$work/submit.lua"
row "POST question, 64 conns" "$hello_text" /api/v1/jajce/inquiries 64 "$work/submit.lua"
