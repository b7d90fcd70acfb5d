#!/bin/sh
# make bench: throughput against ripgrep, memory against file count, and the
# start-up time of one short transcript. Figures go to stdout; README.md
# records a run. Environment: BENCH_FILES (default 4000), CORPUS (default
# ../shared/corpus; generated text when absent), JOBS (default: cores).
set -e
cd "$(dirname "$0")/.."
SC=build/scamcheck
N=${BENCH_FILES:-4000}
JOBS=${JOBS:-$(getconf _NPROCESSORS_ONLN)}
CORPUS=${CORPUS:-../shared/corpus}
B=build/bench
mkdir -p "$B"

now_ms() { date +%s%N | cut -c1-13; }
# best_ms RUNS CMD...: the fastest of RUNS runs, in milliseconds.
best_ms() {
    best=
    runs=$1
    shift
    for _ in $(seq "$runs"); do
        t0=$(now_ms)
        "$@" >/dev/null 2>&1 || [ $? -le 1 ]
        t=$(($(now_ms) - t0))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$best"
}

# 1. The corpus: N call-length transcripts of about 8 KB, in folders of 500.
if [ ! -f "$B/corpus-$N/.complete" ]; then
    rm -rf "$B/corpus-$N"
    mkdir -p "$B/corpus-$N"
    if [ -f "$CORPUS/labels.tsv" ]; then
        src="from $CORPUS"
        tail -n +2 "$CORPUS/labels.tsv" | cut -f1 | sed "s|^|$CORPUS/|" | xargs cat >"$B/source.txt"
    else
        src="generated"
        awk 'BEGIN {
            srand(42)
            n = split("Caller: Hello, this is the technical department calling about your computer.|Me: Sorry, who is this?|Caller: We have detected a virus, please download AnyDesk so we can fix it.|Caller: I need the code we just sent to your phone, do not hang up.|Barista: What can I get for you today?|Customer: A large latte with oat milk, please.|Friend: Are we still on for dinner on Friday?|Me: Yes, see you at seven.|Caller: Your account will be suspended within 24 hours unless you pay with gift cards.|Receptionist: This is a reminder of your dental appointment on Tuesday at nine.", s, "|")
            for (i = 0; i < 20000; i++) print s[int(rand() * n) + 1]
        }' >"$B/source.txt"
    fi
    awk -v n="$N" -v dir="$B/corpus-$N" '
        { line[NR] = $0 }
        END {
            pos = 1
            for (f = 0; f < n; f++) {
                sub_dir = sprintf("%s/%03d", dir, int(f / 500))
                if (f % 500 == 0) system("mkdir -p " sub_dir)
                name = sprintf("%s/call-%05d.txt", sub_dir, f)
                size = 0
                while (size < 8192) {
                    l = line[pos]; pos = pos % NR + 1
                    print l > name; size += length(l) + 1
                }
                close(name)
            }
        }' "$B/source.txt"
    echo "$src" >"$B/corpus-$N/.complete"
fi
bytes=$(cat "$B"/corpus-"$N"/*/*.txt | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "corpus: $N files, $mb MB ($(cat "$B/corpus-$N/.complete"))"

# 2. Every pattern of the default rule set, as --list-rules exports them.
$SC --list-rules --format json | build/tests/jsonq '.rules[].patterns[]' >"$B/patterns.txt"
echo "patterns: $(wc -l <"$B/patterns.txt") (from $($SC --list-rules | tail -1))"

# ripgrep's PCRE2 takes all patterns as one alternation, which can exceed
# PCRE2's size limit; then it runs once per chunk of patterns, the largest
# chunks that compile, and the times add up.
rg_chunks() {
    size=$(wc -l <"$B/patterns.txt")
    while [ "$size" -ge 1 ]; do
        rm -f "$B"/chunk.*
        split -l "$size" "$B/patterns.txt" "$B/chunk."
        good=1
        for c in "$B"/chunk.*; do
            echo "call" | rg -P -i -c -f "$c" >/dev/null 2>&1 || [ $? = 1 ] || { good=0; break; }
        done
        [ $good = 1 ] && break
        size=$((size / 2))
    done
    echo "$size"
}
rg_all() {
    j=$1
    for c in "$B"/chunk.*; do rg -P -i -c -j"$j" -f "$c" "$B/corpus-$N" || [ $? = 1 ]; done
}

rate() { awk -v b="$bytes" -v n="$N" -v ms="$1" 'BEGIN { printf "%8.1f MB/s %9.0f files/s", b / 1e3 / ms, n * 1000 / ms }'; }
if command -v rg >/dev/null 2>&1; then
    chunk=$(rg_chunks)
    echo "ripgrep: $(rg --version 2>/dev/null | sed -n 1p); -f PATTERNS in $(ls "$B"/chunk.* | wc -l) run(s) of up to $chunk patterns (PCRE2 rejects larger alternations)"
fi
echo
printf '%-34s %8s %28s\n' "run" "ms" "throughput"
for j in 1 "$JOBS"; do
    sc=$(best_ms 3 $SC -j"$j" "$B/corpus-$N")
    printf '%-34s %8d %s\n' "scamcheck -j$j" "$sc" "$(rate "$sc")"
    if command -v rg >/dev/null 2>&1; then
        rg=$(best_ms 1 rg_all "$j")
        printf '%-34s %8d %s\n' "rg -P -i -c -f PATTERNS -j$j" "$rg" "$(rate "$rg")"
        awk -v a="$rg" -v b="$sc" -v j="$j" 'BEGIN { printf "%-34s %8.2fx (target: at least 2x)\n", "scamcheck vs rg at -j" j, a / b }'
    else
        echo "rg (ripgrep) is not installed: run make deps-bench (as root) to compare"
    fi
done

# 3. Memory: peak RSS for N files and ten times as many (hard links).
big="$B/corpus-x10"
if [ ! -f "$big/.complete" ]; then
    rm -rf "$big"
    for k in 0 1 2 3 4 5 6 7 8 9; do
        mkdir -p "$big/$k"
        cp -al "$B/corpus-$N/." "$big/$k/"
    done
    touch "$big/.complete"
fi
echo
for out in text jsonl; do
    small=$(build/tools/maxrss $SC -j"$JOBS" -f "$out" "$B/corpus-$N" 2>&1 >/dev/null | sed -n 's/^maxrss_kib //p')
    large=$(build/tools/maxrss $SC -j"$JOBS" -f "$out" "$big" 2>&1 >/dev/null | sed -n 's/^maxrss_kib //p')
    awk -v s="$small" -v l="$large" -v n="$N" -v o="$out" 'BEGIN {
        printf "peak RSS, %-5s output: %6d KiB for %d files, %6d KiB for %d files (%+.1f%%, target within 10%%)\n",
               o, s, n, l, n * 10, (l - s) * 100 / s }'
done

# 4. One short transcript from stdin, start-up included.
printf 'Caller: Hello, this is Microsoft support, your computer has a virus.\nMe: Oh no.\nCaller: Please install AnyDesk and tell me the code, do not hang up.\n' >"$B/short.txt"
runs=200
t0=$(now_ms)
i=0
while [ $i -lt $runs ]; do $SC <"$B/short.txt" >/dev/null || true; i=$((i + 1)); done
t=$(($(now_ms) - t0))
echo
awk -v t="$t" -v r="$runs" 'BEGIN { printf "one short transcript from stdin: %.2f ms per run (mean of %d, start-up included; target under 5 ms)\n", t / r, r }'
