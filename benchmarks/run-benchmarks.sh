#!/usr/bin/env bash
# Runs every benchmark and the HTTP check, writing the JMH JSON, the wrk output and summary.md into one directory.
# Usage (from the repository root, after `mvn -B -q -DskipTests -pl benchmarks -am package`):
#   benchmarks/run-benchmarks.sh [results directory, default benchmarks/results]
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=benchmarks/target/benchmarks.jar
OUT=${1:-benchmarks/results}
# one fork, 3 x 2 s warm-up, 5 x 2 s measured, allocation per operation recorded
JMH="-f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc"
PORT=${HTTP_PORT:-8089}
mkdir -p "$OUT"

if [ -z "${SKIP_JMH:-}" ]; then  # SKIP_JMH=1 runs the HTTP check only
  java -jar "$JAR" '\.VerifyBenchmark\.' -t 1 $JMH -rf json -rff "$OUT/verify-t1.json" | tee "$OUT/verify-t1.txt"
  java -jar "$JAR" '\.VerifyBenchmark\.' -t 2 $JMH -rf json -rff "$OUT/verify-t2.json" | tee "$OUT/verify-t2.txt"
  java -jar "$JAR" '\.DbVerifyBenchmark\.' $JMH -rf json -rff "$OUT/db-verify.json" | tee "$OUT/db-verify.txt"
  java -jar "$JAR" '\.IssueBenchmark\.' $JMH -rf json -rff "$OUT/issue.json" | tee "$OUT/issue.txt"
fi

# HTTP: one server, the unprotected and the protected endpoint one after the other, 20 s each after a warm-up
TOKEN_FILE=benchmarks/target/http-bench-token
java -cp "$JAR" dev.klink.tokens.benchmarks.HttpBenchServer "$PORT" "$TOKEN_FILE" > benchmarks/target/http-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q listening benchmarks/target/http-server.log && break; sleep 1; done
AUTH="Authorization: Bearer $(cat "$TOKEN_FILE")"
WRK="wrk -t 1 -c 32"
$WRK -d 10s "http://127.0.0.1:$PORT/public/hello" > /dev/null
$WRK -d 10s -H "$AUTH" "http://127.0.0.1:$PORT/api/hello" > /dev/null
# three alternating rounds, so that a slow spell of this shared machine does not land on one side only
for ROUND in 1 2 3; do
  $WRK -d 20s "http://127.0.0.1:$PORT/public/hello" | tee "$OUT/wrk-unprotected-$ROUND.txt"
  $WRK -d 20s -H "$AUTH" "http://127.0.0.1:$PORT/api/hello" | tee "$OUT/wrk-protected-$ROUND.txt"
done
kill $SERVER

java -cp "$JAR" dev.klink.tokens.benchmarks.ResultsTable "$OUT" | tee "$OUT/summary.md"
