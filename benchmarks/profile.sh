#!/usr/bin/env bash
# Regenerates the committed flame graphs in benchmarks/results/profiles/: CPU and allocation
# profiles (async-profiler) of the starter through RestClient, the starter's pool through Jetty's
# API, raw async Jetty and Apache HttpClient 5 async, at 0 ms delay, on Java 17 with platform-thread
# callers and on Java 25 with virtual-thread callers. Each profile covers one extra phase after a
# measured one, so the measured figures are never taken under the profiler. About 5 minutes.
# Options are passed to both runs, e.g. ./benchmarks/profile.sh --delays 5
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
clients=starter-h2c,starter-pool-h2c,jetty-h2c-async,apache-h2c
work=$(mktemp -d)
mvn -B -ntp -q -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar --rounds 1 --delays 0 --clients "$clients" --profile "$clients" \
	--out "$work/java17" "$@"
"$JAVA25_HOME/bin/java" -jar benchmarks/target/benchmarks.jar --rounds 1 --delays 0 --clients "$clients" \
	--profile "$clients" --callers virtual --out "$work/java25" "$@"
mkdir -p benchmarks/results/profiles
cp "$work"/java17/profiles/*.html "$work"/java17/profiles/*.txt "$work"/java25/profiles/*.html \
	"$work"/java25/profiles/*.txt benchmarks/results/profiles/
cp "$work/java17/results.md" benchmarks/results/profiles/runs-java17.md
cp "$work/java25/results.md" benchmarks/results/profiles/runs-java25-virtual.md
echo "Profiles in benchmarks/results/profiles/ (raw stacks, *.collapsed, left in $work)"
