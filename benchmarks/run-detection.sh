#!/usr/bin/env bash
# Detection throughput: N pre-produced access events consumed by one detection-service instance on a real broker,
# then the state it keeps (local RocksDB dir, changelog topics) per 1,000 principals.
#   benchmarks/run-detection.sh [events] [vaults] [principals] [days] [key=value ...] [-- key=value ...]
#   (default 1000000 200 5000 28); "--" separates variants run one after the other over the same backlog
# key=value arguments override the service's configuration, e.g. kafka-streams.max.task.idle.ms=-1
# SERVICE_JVM adds flags to the service's JVM (a profiler, a flight recording).
# Extra Maven flags (e.g. -o -Dmaven.repo.local=...) can be passed in MVN_FLAGS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -B ${MVN_FLAGS:-} -DskipTests install -pl benchmarks -am
cp="$(./mvnw -q -B ${MVN_FLAGS:-} -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -Xmx1g -Dvigil.bench.service-jvm="${SERVICE_JVM:-}" -Dvigil.infra.dir="$root/infra-dist/target" -Dvigil.it.work.dir="$root/benchmarks/target/work" \
  -cp "benchmarks/target/classes:$cp" io.vigil.benchmarks.DetectionBenchmark "$root" \
  "${1:-1000000}" "${2:-200}" "${3:-5000}" "${4:-28}" "${@:5}"
