#!/usr/bin/env bash
# Alert API latency with a million alerts in PostgreSQL, and detection consumption before/after batching, in one run.
#   benchmarks/run-alerts.sh [alerts] [rounds] [before-backlog] [after-backlog] [clients]
#   (default 1000000 600 20000 100000 1)
# Extra Maven flags (e.g. -o -Dmaven.repo.local=...) can be passed in MVN_FLAGS; SERVICE_JVM adds JVM flags to the
# alert-service processes, e.g. SERVICE_JVM="-XX:StartFlightRecording=filename=/tmp/alert.jfr,dumponexit=true", and
# SERVICE_CONFIG overrides their configuration, e.g. SERVICE_CONFIG="vigil.alert.detections.concurrency=4".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -B ${MVN_FLAGS:-} -DskipTests install -pl benchmarks -am
cp="$(./mvnw -q -B ${MVN_FLAGS:-} -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -Xmx1g -Dvigil.infra.dir="$root/infra-dist/target" -Dvigil.it.work.dir="$root/benchmarks/target/work" \
  -cp "benchmarks/target/classes:$cp" io.vigil.benchmarks.AlertBenchmark "$root" \
  "${1:-1000000}" "${2:-600}" "${3:-20000}" "${4:-100000}" "${5:-1}"
