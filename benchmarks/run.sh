#!/usr/bin/env bash
# Builds the benchmarks module (and the modules it uses) and runs the whole comparison twice:
#  1. on this shell's java (the project's Java 17), blocking clients called from platform threads,
#     into benchmarks/results/ (or --out DIR);
#  2. on Java 25 ($JAVA25_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64), blocking clients called
#     from virtual threads, into benchmarks/results/jdk25-virtual-threads/ (or DIR/jdk25-virtual-threads).
# Options are passed to both runs, e.g. ./benchmarks/run.sh --rounds 1 --requests 300
# About 21 minutes on 2 cores with the defaults, plus the build.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=benchmarks/results
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[i]}" in
		--out) out="${args[i + 1]}" ;;
		--out=*) out="${args[i]#--out=}" ;;
	esac
done
if [ ! -x "$JAVA25_HOME/bin/java" ]; then
	echo "No Java 25 at $JAVA25_HOME (set JAVA25_HOME): it runs the virtual-thread half of the benchmark" >&2
	exit 1
fi
mvn -B -ntp -q -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar "$@"
# The later --out wins over one in "$@".
"$JAVA25_HOME/bin/java" -jar benchmarks/target/benchmarks.jar "$@" --callers virtual --out "$out/jdk25-virtual-threads"
