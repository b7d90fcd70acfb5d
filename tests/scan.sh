#!/bin/sh
# Scanning at scale: folders, skipping, links and loops, threads and order,
# errors, -l, --summary, JSONL in and out, progress, GNU parallel.
# Prints "ok NAME" or "FAIL NAME: detail" per check.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

# A tree: scams and clean calls in nested folders, plus what the walk skips.
D=$T/calls
mkdir -p "$D/2024/march" "$D/2025" "$D/.cache" "$D/archive"
printf 'Caller: give me your PIN, hurry\n' >"$D/2024/march/a-scam.txt"
printf 'Friend: see you Saturday\n' >"$D/2024/march/b-clean.txt"
printf 'Caller: your PIN please\n' >"$D/2024/c-suspicious.txt"
printf 'Caller: PIN now, hurry up\n' >"$D/2025/d-scam.txt"
printf 'Caller: hurry, PIN\n' >"$D/2025/notes.md"
printf 'Caller: PIN hurry\n' >"$D/.hidden-scam.txt"
printf 'Caller: PIN hurry\n' >"$D/.cache/e-scam.txt"
printf 'Caller: PIN hurry\n' >"$D/archive/f-scam.txt"
printf 'Caller: PIN hurry\0binary' >"$D/2025/g-recording.wav"

# 1. Recursion, sorted order, skipping.
run $SC $R -l --fail-on suspicious "$D"
printf '%s\n' "$D/2024/c-suspicious.txt" "$D/2024/march/a-scam.txt" "$D/2025/d-scam.txt" \
    "$D/2025/notes.md" "$D/archive/f-scam.txt" >"$T/want"
if [ "$st" = 1 ] && same "$T/out" "$T/want"; then ok "folders are walked recursively, sorted, hidden and binary skipped"; else fail "folders are walked recursively" "exit $st: $(cat "$T/out")"; fi
run $SC $R -l --fail-on suspicious "$D/"
check "a trailing slash gives the same paths" test "$(sed 's|//|/|' "$T/out")" = "$(cat "$T/want")"
run $SC $R -f json --summary "$D"
check "summary counts hidden files and folders" test "$($JQ .summary.skipped.hidden <"$T/out")" = 2
check "summary counts binary files" test "$($JQ .summary.skipped.binary <"$T/out")" = 1
check "summary counts checked files" test "$($JQ .summary.files <"$T/out")" = 6
check "summary counts verdicts" test "$($JQ .summary.verdicts.scam <"$T/out")$($JQ .summary.verdicts.suspicious <"$T/out")$($JQ .summary.verdicts.clean <"$T/out")" = 411
check "summary counts files per sign" test "$($JQ .summary.signs.credential_request <"$T/out")$($JQ .summary.signs.urgency <"$T/out")" = 54
check "summary counts errors" test "$($JQ .summary.errors <"$T/out")" = 0
run $SC $R -l --hidden "$D"
check "--hidden checks hidden files and folders" sh -c "grep -q '/.hidden-scam.txt$' '$T/out' && grep -q '/.cache/e-scam.txt$' '$T/out'"
run $SC $R -l "$D/2025/g-recording.wav"
check "a binary file named on the command line is an error" sh -c "test $st = 2 && grep -q 'g-recording.wav: not a transcript: looks like binary data' '$T/err'"
run $SC $R -l --fail-on suspicious --include '*.txt' "$D"
check "--include keeps matching files only" sh -c "! grep -q notes.md '$T/out' && grep -q a-scam.txt '$T/out'"
run $SC $R -l --fail-on suspicious --exclude archive --exclude '*.md' "$D"
check "--exclude skips folders and files" sh -c "! grep -q -e archive -e notes.md '$T/out' && test \$(wc -l <'$T/out') = 3"
run $SC $R -l --include '2024/march/*' "$D"
check "a glob with a slash matches the path below the root" test "$(cat "$T/out")" = "$D/2024/march/a-scam.txt"
run $SC $R --summary --exclude archive "$D"
check "text summary line" grep -q '^5 files checked: 3 scam, 1 suspicious, 1 clean; 0 errors; 4 skipped (hidden 2, binary 1, excluded 1,' "$T/out"

# 2. Symbolic links: not followed unless -L; loops detected.
L=$T/links
mkdir -p "$L/sub"
printf 'Caller: PIN hurry\n' >"$T/outside.txt"
ln -s "$T/outside.txt" "$L/link.txt"
ln -s "$L" "$L/sub/loop"
printf 'Friend: hello\n' >"$L/sub/plain.txt"
run $SC $R -l "$L"
check "links are not followed by default" test ! -s "$T/out"
run $SC $R -f json --summary "$L"
check "skipped links are counted" test "$($JQ .summary.skipped.links <"$T/out")" = 2
run timeout 20 $SC $R -L -l "$L"
if [ "$st" = 1 ] && [ "$(cat "$T/out")" = "$L/link.txt" ]; then ok "-L follows links"; else fail "-L follows links" "exit $st: $(cat "$T/out")"; fi
check "-L names the loop on stderr" grep -q "$L/sub/loop: link loop" "$T/err"
run timeout 20 $SC $R -L -f json --summary "$L"
check "-L counts the loop and ends" test "$st:$($JQ .summary.skipped.loops <"$T/out")" = 1:1

# 3. Threads: the same output in the same order at every -j.
M=$T/many
mkdir -p "$M"
i=0
while [ $i -lt 300 ]; do
    d=$M/$((i % 7))
    mkdir -p "$d"
    case $((i % 3)) in
    0) printf 'Caller: give me your PIN %d, hurry\n' $i >"$d/call-$i.txt" ;;
    1) printf 'Caller: your PIN %d\nMe: no\n' $i >"$d/call-$i.txt" ;;
    2) printf 'Friend: lunch at %d?\n' $i >"$d/call-$i.txt" ;;
    esac
    i=$((i + 1))
done
for fmt in text json jsonl; do
    $SC $R -j1 -f $fmt --summary "$M" >"$T/j1" 2>&1
    $SC $R -j4 -f $fmt --summary "$M" >"$T/j4" 2>&1
    $SC $R -j16 -f $fmt --summary "$M" >"$T/j16" 2>&1
    if same "$T/j1" "$T/j4" && same "$T/j1" "$T/j16"; then ok "-j1, -j4, -j16 give the same $fmt output"; else fail "-j1, -j4, -j16 give the same $fmt output" "$(diff "$T/j1" "$T/j4" | head -3)"; fi
done
check "every file has one result" test "$($SC $R -j4 -f jsonl "$M" | wc -l)" = 300
$SC $R -j1 -l "$M" | sort -c 2>/dev/null && ok "results come sorted by path" || fail "results come sorted by path" ""
run $SC $R -j0 "$M"
check "-j0 is a usage error" test "$st" = 2

# 4. Nothing lost: an unreadable file is named, recorded, and the rest go on.
U=$T/unreadable
mkdir -p "$U"
printf 'Caller: PIN hurry\n' >"$U/a.txt"
printf 'Friend: hi\n' >"$U/c.txt"
ln -s "$U/gone.txt" "$U/b-broken.txt"   # followed with -L, it cannot be read
if [ "$(id -u)" != 0 ]; then printf 'x\n' >"$U/d-locked.txt" && chmod 000 "$U/d-locked.txt"; fi
run $SC $R -L -f json "$U"
check "an unreadable file makes the exit status 2" test "$st" = 2
check "it is named on stderr" grep -q "b-broken.txt" "$T/err"
check "it is in the JSON errors" test "$($JQ '.errors[0].source' <"$T/out")" = "$U/b-broken.txt"
check "the other files still have results" test "$($JQ '.results|length' <"$T/out")" = 2
check "their verdicts are unaffected" test "$($JQ '.results[0].verdict' <"$T/out")$($JQ '.results[1].verdict' <"$T/out")" = scamclean
run $SC $R -L -f jsonl "$U"
check "jsonl: the error record sits in input order" test "$(sed -n 2p "$T/out" | $JQ .source)" = "$U/b-broken.txt"
if [ "$(id -u)" != 0 ]; then
    run $SC $R "$U/d-locked.txt" "$U/a.txt"
    check "a file without read permission is an error" sh -c "test $st = 2 && grep -q 'd-locked.txt: cannot read' '$T/err'"
fi
mkdir -p "$T/closed/inner" && printf 'x\n' >"$T/closed/inner/x.txt"
if [ "$(id -u)" != 0 ]; then
    chmod 000 "$T/closed/inner"
    run $SC $R "$T/closed"
    check "an unreadable folder is an error" sh -c "test $st = 2 && grep -q 'inner: cannot read folder' '$T/err'"
fi

# 5. -l for xargs.
run $SC $R -l "$D"
check "-l prints only paths at --fail-on" test "$(cat "$T/out")" = "$(printf '%s\n' "$D/2024/march/a-scam.txt" "$D/2025/d-scam.txt" "$D/2025/notes.md" "$D/archive/f-scam.txt")"
check "-l output feeds xargs" sh -c "$SC $R -l '$D' | xargs grep -l PIN | wc -l | grep -qx 4"

# 6. JSONL in, JSONL out.
cat >"$T/in.jsonl" <<'EOF'
{"id": "call-1", "text": "Caller: give me your PIN, hurry", "metadata": {"agent": "kim"}}
{"id": "call-2", "text": "Friend: see you Saturday"}
this is not json
{"id": 3, "text": "Caller: PIN\nMe: no\nCaller: hurry"}

{"id": "call-4"}
{"id": "call-5", "text": "---\ncaller_name: x\n---\nCaller: hurry", "metadata": {"known_caller": true}}
EOF
run $SC $R --input-format jsonl -f jsonl "$T/in.jsonl"
check "jsonl in: exit 2 when a line is malformed" test "$st" = 2
check "jsonl in: one output line per record" test "$(wc -l <"$T/out")" = 6
check "jsonl in: source is the id" test "$(sed -n 1p "$T/out" | $JQ .source)" = call-1
check "jsonl in: numeric ids" test "$(sed -n 4p "$T/out" | $JQ .source)" = 3
check "jsonl in: metadata is kept" test "$(sed -n 1p "$T/out" | $JQ .metadata.agent)" = kim
check "jsonl in: malformed line gives an error record" test "$(sed -n 3p "$T/out" | $JQ .line)" = 3
check "jsonl in: a record without text is an error" sh -c "sed -n 5p '$T/out' | $JQ .error | grep -q text"
check "jsonl in: the stream goes on after errors" test "$(sed -n 6p "$T/out" | $JQ .source)" = call-5
check "jsonl in: metadata and front matter merge" test "$(sed -n 6p "$T/out" | $JQ .metadata.caller_name)$(sed -n 6p "$T/out" | $JQ .metadata.known_caller)" = xtrue
check "jsonl in: evidence lines are lines of the text" test "$(sed -n 4p "$T/out" | $JQ '.signs[1].evidence[0].line')" = 3
check "jsonl in: errors named on stderr with the line" grep -q "in.jsonl:3: not valid JSON" "$T/err"
$SC $R --input-format jsonl -f jsonl - <"$T/in.jsonl" >"$T/out" 2>/dev/null
check "jsonl in from stdin" test "$(sed -n 1p "$T/out" | $JQ .source)" = call-1
printf '{"id":"m","text":"hello","metadata":{"requested_contact":"maybe"}}\n' >"$T/badmeta.jsonl"
run $SC $R --input-format jsonl "$T/badmeta.jsonl"
check "jsonl in: bad metadata is an error for that record" sh -c "test $st = 2 && grep -q requested_contact '$T/err'"

# 7. GNU parallel --pipe -j4 gives what one process gives.
if command -v parallel >/dev/null 2>&1; then
    awk 'BEGIN { for (i = 0; i < 400; i++) {
        if (i % 3 == 0) t = "Caller: give me your PIN " i ", hurry"
        else if (i % 3 == 1) t = "Caller: PIN " i "\\nMe: no"
        else t = "Friend: lunch " i "?"
        printf "{\"id\": \"rec-%04d\", \"text\": \"%s\"}\n", i, t } }' >"$T/big.jsonl"
    $SC $R --input-format jsonl -f jsonl -j1 <"$T/big.jsonl" >"$T/single"
    parallel --will-cite --pipe -k -j4 --block 2k $SC $R --input-format jsonl -f jsonl -j1 <"$T/big.jsonl" >"$T/parallel" 2>"$T/perr"
    if same "$T/single" "$T/parallel" && [ "$(wc -l <"$T/single")" = 400 ]; then ok "GNU parallel --pipe -j4 equals one process"; else fail "GNU parallel --pipe -j4 equals one process" "$(diff "$T/single" "$T/parallel" | head -3) $(head -2 "$T/perr")"; fi
    parallel --will-cite --pipe -j4 --block 2k $SC $R --input-format jsonl -f jsonl <"$T/big.jsonl" | sort >"$T/unordered"
    sort "$T/single" >"$T/single.sorted"
    check "GNU parallel without -k: the same set of results" same "$T/single.sorted" "$T/unordered"
else
    fail "GNU parallel --pipe -j4 equals one process" "GNU parallel is not installed (apt-get install parallel)"
fi

# 8. Progress: only on a terminal, only for runs over a second.
run sh -c "(sleep 1.5; cat '$T/in.jsonl') | $SC $R --input-format jsonl -f jsonl"
check "no progress line when stderr is not a terminal" sh -c "! grep -q 'inputs' '$T/err'"
if command -v script >/dev/null 2>&1; then
    script -qec "sh -c \"(sleep 1.5; cat '$T/big.jsonl'; sleep 0.3; cat '$T/big.jsonl') | $SC $R --input-format jsonl -f jsonl -j1 >/dev/null\"" /dev/null >"$T/tty" 2>&1
    check "a progress line on a terminal for a long run" grep -q 'inputs, .* MB/s' "$T/tty"
fi
