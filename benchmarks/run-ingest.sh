#!/usr/bin/env bash
# Ingest throughput: the raw Kafka producer ceiling, then ingest-service over HTTP per format, in one run.
#   benchmarks/run-ingest.sh [seconds-per-window] [rounds] [formats]  (default 10 s windows, 3 rounds; batches of
#   500 records, 4 clients; all formats, or a comma-separated list such as vigil,aws-cloudtrail)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -B -DskipTests install -pl benchmarks -am
cp="$(./mvnw -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -Xmx3g -Dvigil.infra.dir="$root/infra-dist/target" -Dvigil.it.work.dir="$root/benchmarks/target/work" \
  -cp "benchmarks/target/classes:$cp" io.vigil.benchmarks.IngestBenchmark "$root" "${1:-10}" "${2:-3}" ${3:+"$3"}
