#!/usr/bin/env bash
# The measurements of many nodes over one database: the verification cache next to the in-memory path, an uncached
# verification with 10^3 and 10^6 rows in the table, pruning 10^5 expired rows, database reads per verification, and
# the HTTP check with and without the cache. Every part runs in ROUNDS alternating rounds, so that a busy spell of a
# shared machine does not land on one side only; the load is logged before each part.
# Usage (from the repository root, after `mvn -B -q -DskipTests -pl benchmarks -am package`):
#   KLINK_BENCH_POSTGRES=jdbc:postgresql://... KLINK_BENCH_MARIADB=jdbc:mariadb://... \
#     benchmarks/run-scaling-benchmarks.sh [results directory, default benchmarks/results/scaling]
# BASELINE_JAR=<benchmarks.jar of an earlier commit> adds that build's in-memory benchmarks to each round.
# HTTP_ONLY=1 runs the HTTP part alone; HTTP_SERVER_OPTS adds JVM options to its server, e.g.
# -Dklink.bench.jetty.headerCache=case-sensitive (Jetty's per-connection header cache on, matching case; it is off by
# default, as README advises).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-benchmarks/target/benchmarks.jar}
OUT=${1:-benchmarks/results/scaling}
ROUNDS=${ROUNDS:-3}
PG=${KLINK_BENCH_POSTGRES:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
MARIADB=${KLINK_BENCH_MARIADB:-jdbc:mariadb://127.0.0.1:3306/test?user=root&password=}
PORT=${HTTP_PORT:-8089}
# one fork, 5 x 1 s warm-up, 5 x 1 s measured; other JMH runs on the machine do not stop these (ignoreLock)
JMH=${JMH:-"-f 1 -wi 5 -w 1s -i 5 -r 1s"}
PRUNE=${PRUNE-postgres,mariadb}  # the databases of the prune runs; empty skips them
WRK_SECONDS=${WRK_SECONDS:-15}
READS_SECONDS=${READS_SECONDS:-20}
IN_MEMORY='VerifyBenchmark\.(cryptoFloor|klinkInMemory|klinkInMemoryRequest)$'
mkdir -p "$OUT"
load() { echo "$(date -u +%FT%TZ) $1 |$(uptime)" | tee -a "$OUT/load.txt"; }

for ROUND in $(seq "$([ -n "${HTTP_ONLY:-}" ] && echo 0 || echo "$ROUNDS")"); do
  load "jmh round $ROUND"
  java -Djmh.ignoreLock=true -jar "$JAR" "$IN_MEMORY|DbVerifyBenchmark\.klinkJdbiCached\$" $JMH -prof gc \
    -jvmArgsAppend "-Dklink.bench.postgres=$PG" -rf json -rff "$OUT/jmh-$ROUND.json" > "$OUT/jmh-$ROUND.txt"
  if [ -n "${BASELINE_JAR:-}" ]; then
    load "baseline round $ROUND"
    java -Djmh.ignoreLock=true -jar "$BASELINE_JAR" "$IN_MEMORY" $JMH -prof gc -rf json -rff "$OUT/baseline-$ROUND.json" \
      > "$OUT/baseline-$ROUND.txt"
  fi
  load "growth round $ROUND"
  java -Djmh.ignoreLock=true -jar "$JAR" 'DbGrowthBenchmark\.klinkJdbi$' $JMH -jvmArgsAppend "-Dklink.bench.postgres=$PG" \
    -rf json -rff "$OUT/growth-$ROUND.json" > "$OUT/growth-$ROUND.txt"
  [ -z "$PRUNE" ] && continue
  load "prune round $ROUND"
  java -Dklink.bench.postgres="$PG" -Dklink.bench.mariadb="$MARIADB" -cp "$JAR" \
    dev.klink.tokens.benchmarks.PruneBench "$PRUNE" 1 "$([ "$ROUND" = 1 ] && echo batched,single || echo batched)" \
    | sed "s/round=1/round=$ROUND/" | tee -a "$OUT/prune.txt"
done

if [ -z "${HTTP_ONLY:-}" ]; then
  load "store reads"
  java -Dklink.bench.postgres="$PG" -cp "$JAR" dev.klink.tokens.benchmarks.CacheReadsBench "$READS_SECONDS" 1000 2 \
    | tee "$OUT/reads.txt"
fi

# HTTP: one server (a fixed heap touched at start, as the JMH forks have); /public/hello unprotected, /api/hello
# with an in-memory store, /cached/hello with PostgreSQL behind the cache. The tokens land in files (mode 600), never
# on the console.
TOKEN_FILE=benchmarks/target/http-bench-token
java -Xms1g -Xmx1g -XX:+AlwaysPreTouch ${HTTP_SERVER_OPTS:-} -Dklink.bench.postgres="$PG" -cp "$JAR" dev.klink.tokens.benchmarks.HttpBenchServer "$PORT" "$TOKEN_FILE" \
  > benchmarks/target/http-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q listening benchmarks/target/http-server.log && break; sleep 1; done
AUTH="Authorization: Bearer $(cat "$TOKEN_FILE")"
AUTH_CACHED="Authorization: Bearer $(cat "$TOKEN_FILE-cached")"
WRK="wrk -t 1 -c 32"
$WRK -d 10s "http://127.0.0.1:$PORT/public/hello" > /dev/null
$WRK -d 10s -H "$AUTH" "http://127.0.0.1:$PORT/api/hello" > /dev/null
$WRK -d 10s -H "$AUTH_CACHED" "http://127.0.0.1:$PORT/cached/hello" > /dev/null
unprotected() { $WRK -d "${WRK_SECONDS}s" "http://127.0.0.1:$PORT/public/hello" > "$OUT/wrk-unprotected-$ROUND.txt"; }
protected() { $WRK -d "${WRK_SECONDS}s" -H "$AUTH" "http://127.0.0.1:$PORT/api/hello" > "$OUT/wrk-protected-$ROUND.txt"; }
cached() { $WRK -d "${WRK_SECONDS}s" -H "$AUTH_CACHED" "http://127.0.0.1:$PORT/cached/hello" > "$OUT/wrk-cached-$ROUND.txt"; }
for ROUND in $(seq "$ROUNDS"); do
  load "http round $ROUND"
  # odd rounds unprotected first, even rounds last: a machine slowing down or speeding up over a round then
  # favours each side as often
  if [ $((ROUND % 2)) = 1 ]; then unprotected; protected; cached; else cached; protected; unprotected; fi
  grep -H "Requests/sec\|Non-2xx" "$OUT"/wrk-*-"$ROUND".txt
done
kill $SERVER
load "done"
