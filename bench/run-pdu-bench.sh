#!/usr/bin/env bash
# Runs the PDU codec JMH benchmarks and prints the table plus the fullDecode/headerOnlyScan ratio
# for the 30 KB m-send-req. Builds the benchmark jar (and the codec) first.
#
#   bench/run-pdu-bench.sh                 # default run (1 fork, 5x1 s warm-up, 5x1 s measurement)
#   bench/run-pdu-bench.sh -f 1 -wi 5 -i 10 # extra arguments go to JMH as they are
#   bench/run-pdu-bench.sh -p input=sendConf
set -euo pipefail
cd "$(dirname "$0")/.."

jar=bench/target/mms-router-bench.jar
results=bench/target/pdu-bench.txt

echo "Building $jar (and the codec it measures) ..."
mvn -B -q -DskipTests package -pl bench -am

rm -f "$results"
java -jar "$jar" PduCodecBenchmark -rf text -rff "$results" "$@"

if [[ ! -f $results ]]; then
    echo "No text results in $results (were -rf/-rff overridden?)" >&2
    exit 0
fi

echo
echo "== $results =="
cat "$results"
echo

# Score of one benchmark and input from JMH's text table:
#   Benchmark  (input)  Mode  [Cnt]  Score  [± Error]  Units
score() {
    awk -v bench="PduCodecBenchmark.$1" -v input="$2" '
        $1 == bench && $2 == input {
            n = 0
            for (i = 4; i <= NF && $i != "ops/s"; i++) if ($i != "±") v[++n] = $i
            # n == 1: Score; n == 2: Cnt Score; n == 3: Cnt Score Error
            print (n == 1 ? v[1] : v[2]); exit
        }' "$results"
}

scan=$(score headerOnlyScan sendReq30k)
full=$(score fullDecode sendReq30k)
copying=$(score fullDecodeCopyingParts sendReq30k)
if [[ -n $scan && -n $copying ]]; then
    awk -v scan="$scan" -v full="$copying" 'BEGIN {
        printf "headerOnlyScan vs a full decode that copies parts, as general PDU libraries do (sendReq30k): %.1fx faster\n", scan / full
    }'
fi
if [[ -n $scan && -n $full ]]; then
    awk -v scan="$scan" -v full="$full" 'BEGIN {
        printf "ratio fullDecode/headerOnlyScan (sendReq30k, ops/s): %.3f  (a fullDecode costs %.1fx a headerOnlyScan)\n",
            full / scan, scan / full
    }'
else
    echo "ratio fullDecode/headerOnlyScan (sendReq30k): not computed (both benchmarks must run on sendReq30k)"
fi
