#!/bin/sh
# Times `rendezvous check --threads 2` against `--threads 1` on the largest
# rows of docs/checker.md's table, whole processes taken in turn, and prints
# the median wall and CPU times of each and the ratio of the medians.
#
#   bench/threads.sh [RUNS] [MAX_STATES]      (defaults: 3 runs, 3000000)
#
# Needs GNU time (/usr/bin/time). Run it on a quiet machine: a second
# thread helps only where a core is idle. docs/benchmarks.md records what
# it printed.
set -eu
runs=${1:-3}
max_states=${2:-3000000}
cargo build --release -q -p rendezvous-cli
binary=target/release/rendezvous
times=$(mktemp)
trap 'rm -f "$times"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-28s %12s %12s %8s %12s %12s\n' row "wall 1 (s)" "wall 2 (s)" ratio "cpu 1 (s)" "cpu 2 (s)"
for row in "wedged-worker 2 tokio" "two-requesters 2 fixed" "busy-workers 3 tokio"; do
    set -- $row
    : > "$times"
    run=0
    while [ "$run" -lt "$runs" ]; do
        for threads in 2 1; do
            # A check that finds a property broken exits 1: not a failure here.
            /usr/bin/time -f "$threads %e %U %S" -a -o "$times" \
                "$binary" check --scenario "$1" --workers "$2" --variant "$3" \
                --max-states "$max_states" --threads "$threads" > /dev/null || true
        done
        run=$((run + 1))
    done
    wall1=$(awk '$1 == 1 { print $2 }' "$times" | median)
    wall2=$(awk '$1 == 2 { print $2 }' "$times" | median)
    cpu1=$(awk '$1 == 1 { print $3 + $4 }' "$times" | median)
    cpu2=$(awk '$1 == 2 { print $3 + $4 }' "$times" | median)
    ratio=$(awk -v a="$wall1" -v b="$wall2" 'BEGIN { printf "%.2fx", a / b }')
    printf '%-28s %12s %12s %8s %12s %12s\n' "$1 w$2 $3" "$wall1" "$wall2" "$ratio" "$cpu1" "$cpu2"
done
