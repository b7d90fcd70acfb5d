# Hostile input and faults: whatever the bytes, the rule file or the output,
# scamcheck ends with a result or an error record, never a crash or a hang.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

# crashed STATUS: a status from a signal (>= 128) that is not one we sent.
not_crashed() { [ "$1" -lt 128 ]; }

# 1. Bytes that are not a transcript.
head -c 100000 /dev/urandom >"$T/random.bin"
run $SC -f json "$T/random.bin"
check "random bytes: an error record, exit 2" sh -c "test $st = 2 && grep -q 'not a transcript' '$T/err'"
check "random bytes: the JSON document is still whole" sh -c "$JQ .version <'$T/out'"
run sh -c "$SC - <'$T/random.bin'"
check "random bytes on stdin: an error record, exit 2" test "$st" = 2
i=0
while [ $i -lt 20 ]; do
    head -c $((i * 997 + 1)) /dev/urandom >"$T/r$i.txt"
    i=$((i + 1))
done
run $SC --input-format text -f jsonl "$T"/r*.txt
check "20 random inputs read as text: no crash" not_crashed "$st"
check "20 random inputs read as text: 20 records" test "$(wc -l <"$T/out")" = 20
for fmt in srt vtt whisper-json jsonl; do
    run $SC --input-format $fmt -f jsonl "$T/r7.txt"
    check "random bytes read as $fmt: a result or an error, no crash" sh -c "not_crashed() { [ \$1 -lt 128 ]; }; not_crashed $st && test -s '$T/out'"
done

printf '\000{"text":"Caller: read me the code now, hurry"}\n{"text":"Caller: a\000bcdefghijklmnopqrstuvwxyz0123456789"}\n' >"$T/nul.jsonl"
run $SC --input-format jsonl -j2 -f jsonl "$T/nul.jsonl"
check "JSONL records holding NUL bytes: a record each, read within bounds" sh -c "test $st -lt 128 && test \$(wc -l <'$T/out') = 2"

# 2. NUL bytes inside text are read as spaces, not as the end.
printf 'Caller: hello\000\000 this is the bank\nCaller: read me the one-time code now, hurry\n' >"$T/nul.txt"
run $SC --fail-on suspicious -f json "$T/nul.txt"
check "NUL bytes do not cut the text short" sh -c "test $st = 1 && test \"\$($JQ '.results[0].lines' <'$T/out')\" = 2 && grep -q 'credential_request' '$T/out'"

# 3. Broken UTF-8 is checked, and shown as U+FFFD.
printf 'Caller: read me the one-time code now \377\376 hurry \300\200 and your PIN \355\240\200\n' >"$T/bad-utf8.txt"
run $SC --fail-on suspicious -f json "$T/bad-utf8.txt"
check "broken UTF-8 is checked without errors" sh -c "test $st = 1 && test ! -s '$T/err'"
check "broken UTF-8 is shown as U+FFFD" grep -q "$(printf '\357\277\275')" "$T/out"

# 4. UTF-16 text (as Windows tools save it) is read.
printf '\377\376C\000a\000l\000l\000e\000r\000:\000 \000r\000e\000a\000d\000 \000m\000e\000 \000t\000h\000e\000 \000c\000o\000d\000e\000 \000n\000o\000w\000\n\000' >"$T/utf16.txt"
run $SC --fail-on suspicious -f json "$T/utf16.txt"
check "UTF-16 text is read" test "$($JQ '.results[0].speakers[0].label' <"$T/out")" = Caller

# 5. A huge line: 64 MB on one line is checked, in bounded memory (no
# timing is asserted: the benchmark measures speed).
# Under valgrind or the sanitizers, 4 MB (make check has run the 64 MB).
size=67108864
[ -n "$SCAMCHECK_WRAP$ASAN_OPTIONS" ] && size=4194304
yes 'lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor' | tr '\n' ' ' |
    head -c $size >"$T/huge.txt"
printf '\nCaller: read me the one-time code now\n' >>"$T/huge.txt"
if [ -n "$ASAN_OPTIONS$SCAMCHECK_WRAP" ]; then   # both reserve address space of their own
    run $SC --fail-on suspicious -f json "$T/huge.txt"
else
    run sh -c "ulimit -v 1200000 2>/dev/null; exec $SC --fail-on suspicious -f json '$T/huge.txt'"
fi
check "a 64 MB single line is checked within 1.2 GB of address space" sh -c "test $st = 1 && test \"\$($JQ '.results[0].lines' <'$T/out')\" = 2"
rm -f "$T/huge.txt"
run $SC --max-size 10 "$T/nul.txt"
check "--max-size: a larger file is an error that names it" sh -c "test $st = 2 && grep -q 'nul.txt: too large' '$T/err'"
run sh -c "cat '$T/nul.txt' | $SC --fail-on suspicious --max-size 1K - '$T/bad-utf8.txt'"
check "--max-size: files within it are checked" test "$st" = 1
run sh -c "head -c 5000 /dev/zero | tr '\\0' a | $SC --max-size 4K"
check "--max-size: stdin beyond it is an error" sh -c "test $st = 2 && grep -q 'too large' '$T/err'"
check "--max-size rejects nonsense" sh -c "$SC --max-size 12Q '$T/nul.txt'; test \$? = 2"

# 6. Empty input is clean.
run sh -c "$SC </dev/null"
check "empty stdin is clean, exit 0" sh -c "test $st = 0 && grep -q 'clean' '$T/out'"
: >"$T/empty.srt"
expect_status "an empty subtitle file is clean" 0 $SC "$T/empty.srt"

# 7. A catastrophic pattern: a warning names the rule, results still come.
cat >"$T/catastrophic.yaml" <<'EOF'
rules:
  - id: backtracks-forever
    sign: urgency
    weight: 10
    description: nested quantifiers that backtrack exponentially
    patterns: ['(x+x+)+y']
EOF
awk 'BEGIN { s = ""; for (i = 0; i < 5000; i++) s = s "x"; print "Caller: read me the one-time code now " s " y"; print s "z"; print s "z" }' >"$T/xs.txt"
run $SC --rules "$T/catastrophic.yaml" -f json "$T/xs.txt" "$T/nul.txt"
check "catastrophic pattern: a warning names the rule" grep -q "xs.txt: warning: rule 'backtracks-forever'" "$T/err"
check "catastrophic pattern: warned once per transcript" test "$(grep -c 'backtracks-forever' "$T/err")" = 1
check "catastrophic pattern: the other rules still count" test "$($JQ '.results[0].verdict' <"$T/out")" = suspicious
check "catastrophic pattern: the JSON result carries the warning" test "$($JQ '.results[0].warnings[0].rule' <"$T/out")" = backtracks-forever
check "catastrophic pattern: the next transcript is checked too" test "$($JQ '.results|length' <"$T/out")" = 2

# 8. Evidence is capped, and the rest counted.
awk 'BEGIN { for (i = 0; i < 5000; i++) print "Caller: read me the one-time code now" }' >"$T/repeat.txt"
run $SC -f json "$T/repeat.txt"
check "evidence per rule is capped at 10" test "$($JQ '.results[0].signs[0].evidence|length' <"$T/out")" -le 10
check "the matches beyond the cap are counted" test "$($JQ '.results[0].signs[0].more_evidence' <"$T/out")" -ge 4990
run $SC "$T/repeat.txt"
check "text output says how many more" grep -q 'more matches not listed' "$T/out"

# 9. Rule files that attack the loader.
awk 'BEGIN { s = "rules: "; for (i = 0; i < 20000; i++) s = s "["; for (i = 0; i < 20000; i++) s = s "]"; print s }' >"$T/deep.yaml"
run $SC --rules "$T/deep.yaml" "$T/nul.txt"
check "20,000-deep nesting is rejected with exit 2" sh -c "test $st = 2 && grep -q 'deep.yaml:1:[0-9]*: YAML: nested deeper than 64 levels' '$T/err'"
{
    echo 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'
    i=1
    while [ $i -lt 10 ]; do
        p=$((i - 1))
        echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
        i=$((i + 1))
    done
} >"$T/bomb-body.yaml"
{ echo 'rules:'; echo '  - id: bomb'; echo '    sign: urgency'; echo '    weight: 1'; echo '    description: x'; echo "    patterns: [a]"; echo '    examples:'; sed 's/^/      /' "$T/bomb-body.yaml"; } >"$T/bomb.yaml"
run $SC --rules "$T/bomb.yaml" "$T/nul.txt"
check "a YAML alias bomb in a rule file is rejected with exit 2" sh -c "test $st = 2 && grep -q 'bomb.yaml:[0-9]*:[0-9]*: YAML: more than 100000 nodes' '$T/err'"
{ echo '---'; cat "$T/bomb-body.yaml"; echo '---'; echo 'Caller: read me the code'; } >"$T/bomb-fm.txt"
run $SC -f json "$T/bomb-fm.txt" "$T/nul.txt"
check "an alias bomb in front matter is an error record for that file" sh -c "test $st = 2 && grep -q 'bomb-fm.txt:[0-9]*:[0-9]*: YAML: more than 100000 nodes' '$T/err' && test \"\$($JQ '.results|length' <'$T/out')\" = 1"

# 10. Links and files that go away.
mkdir -p "$T/loop/sub"
printf 'Caller: read me the code now\n' >"$T/loop/sub/call.txt"
ln -s .. "$T/loop/sub/up"
run $SC -L -f json "$T/loop"
check "a symlink loop ends, with the real file checked once" sh -c "test \"\$($JQ '.results|length' <'$T/out')\" = 1 && grep -q 'link loop' '$T/err'"
mkdir -p "$T/vanish"
printf 'Caller: read me the code now, hurry\n' >"$T/vanish/b.txt"
printf 'Caller: read me the code now, hurry\n' >"$T/vanish/c.txt"
if mkfifo "$T/gate1" "$T/gate2" 2>/dev/null; then
    # Two fifos hold both workers while the folder is listed and its files
    # queued; c.txt is then removed before a worker can read it.
    $SC -j2 -f jsonl --fail-on never "$T/gate1" "$T/gate2" "$T/vanish" >"$T/out" 2>"$T/err" &
    pid=$!
    sleep 1
    rm -f "$T/vanish/c.txt"
    printf 'Friend: hi\n' >"$T/gate1"
    printf 'Friend: hi\n' >"$T/gate2"
    wait $pid
    st=$?
    check "a file gone during the walk is an error record, exit 2" sh -c "test $st = 2 && grep -q 'c.txt: cannot read: No such file' '$T/err'"
    check "the others still have results" test "$(grep -c '"verdict"' "$T/out")" = 3
    check "the error record sits in input order" sh -c "sed -n 4p '$T/out' | grep -q '\"error\"'"
fi

# 11. Output faults.
mkdir -p "$T/many"
i=0
while [ $i -lt 400 ]; do
    printf 'Caller: read me the code now, hurry\n' >"$T/many/f$i.txt"
    i=$((i + 1))
done
if [ -w /dev/full ]; then
    run sh -c "$SC '$T/many' >/dev/full"
    check "disk full: exit 2 and one message" sh -c "test $st = 2 && grep -q 'write error: No space left on device' '$T/err' && test \$(wc -l <'$T/err') = 1"
fi
run sh -c "$SC '$T/many' | head -n 1"
check "a reader that goes away: quiet" sh -c "test ! -s '$T/err' && test \$(wc -l <'$T/out') = 1"
run sh -c "trap '' PIPE; $SC '$T/many' | head -n 1"
check "a reader that goes away with SIGPIPE ignored: still quiet" test ! -s "$T/err"

# 12. SIGINT stops a run that would never end on its own (an endless JSONL
# stream). perl resets SIGINT, which a shell's background job ignores.
if command -v perl >/dev/null 2>&1; then
    yes '{"id":"x","text":"Caller: read me the code now"}' |
        perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' $SC --input-format jsonl -q >/dev/null 2>"$T/err" &
    pid=$!
    sleep 1
    kill -INT $pid 2>/dev/null
    n=0
    while kill -0 $pid 2>/dev/null && [ $n -lt 100 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    if kill -0 $pid 2>/dev/null; then
        kill -9 $pid 2>/dev/null
        fail "SIGINT stops the run" "still running 10 s after SIGINT"
    else
        ok "SIGINT stops the run"
    fi
    wait $pid 2>/dev/null
fi

# 13. Every fuzz regression input still gives a result or an error.
for f in tests/fuzz/regressions/*; do
    [ -f "$f" ] || continue
    for fmt in text srt vtt whisper-json; do
        run $SC --input-format $fmt -f json "$f"
        check "fuzz regression $(basename "$f") as $fmt" sh -c "test $st -lt 128 && $JQ .version <'$T/out' >/dev/null"
    done
done
