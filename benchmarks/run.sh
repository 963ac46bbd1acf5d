#!/usr/bin/env bash
# Builds the benchmarks module (and the modules it uses) and runs the whole comparison.
# Options are passed to the driver, e.g. ./benchmarks/run.sh --rounds 1 --requests 300
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl benchmarks -am package -DskipTests
exec java -jar benchmarks/target/benchmarks.jar "$@"
