#!/bin/sh
# Command-line behaviour: options, exit status, errors, stdin, output formats.
# Prints "ok NAME" or "FAIL NAME: detail" per check.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

printf 'Caller: give me your PIN now, hurry\n' >"$T/scam.txt"
printf 'Caller: give me your PIN\n' >"$T/sus.txt"
printf 'Friend: see you on Saturday for the barbecue\n' >"$T/clean.txt"

expect_status "--version exits 0" 0 $SC --version
check "--version prints the version" grep -q '^scamcheck [0-9]' "$T/out"
expect_status "--help exits 0" 0 $SC --help
for opt in --rules --no-default-rules --list-rules --test-rules --format --fail-on --quiet --help --version \
    --jobs --hidden --include --exclude --follow --files-with-verdict --summary --input-format --expectations \
    --lang --home-country --known-numbers --color --config --live; do
    check "--help lists $opt" grep -q -- "$opt" "$T/out"
done
expect_status "unknown option exits 2" 2 $SC --no-such-option
check "unknown option is named" grep -q -- "--no-such-option" "$T/err"
expect_status "bad --format exits 2" 2 $SC --format xml "$T/clean.txt"
expect_status "bad --fail-on exits 2" 2 $SC --fail-on clean "$T/clean.txt"

# Exit status by verdict.
expect_status "scam exits 1" 1 $SC $R "$T/scam.txt"
check "text output starts with the verdict and score" grep -q "^$T/scam.txt: SCAM (score 50 of 100)" "$T/out"
check "text output shows evidence line and speaker" grep -q 'line 1, Caller: "give me your PIN now, hurry"' "$T/out"
check "text output shows advice" grep -q 'advice: ' "$T/out"
expect_status "clean exits 0" 0 $SC $R "$T/clean.txt"
expect_status "suspicious exits 0 by default" 0 $SC $R "$T/sus.txt"
expect_status "--fail-on suspicious: suspicious exits 1" 1 $SC $R --fail-on suspicious "$T/sus.txt"
expect_status "--fail-on never: a scam exits 0" 0 $SC $R --fail-on never "$T/scam.txt"
expect_status "--fail-on never: errors still exit 2" 2 $SC $R --fail-on never "$T/scam.txt" "$T/none.txt"
expect_status "several files: one scam exits 1" 1 $SC $R "$T/clean.txt" "$T/scam.txt"
expect_status "-q exits by verdict" 1 $SC $R -q "$T/scam.txt"
check "-q prints nothing" test ! -s "$T/out"

# --check-expect: training material says what it should give.
printf -- '---\nexpect: scam\n---\nCaller: give me your PIN now, hurry\n' >"$T/expect-met.txt"
printf -- '---\nexpect: scam\n---\nFriend: see you Saturday\n' >"$T/expect-missed.txt"
expect_status "--check-expect: met expectations exit 0" 0 $SC $R --check-expect "$T/expect-met.txt" "$T/clean.txt"
expect_status "--check-expect: a missed expectation exits 1" 1 $SC $R --check-expect "$T/expect-met.txt" "$T/expect-missed.txt"
check "--check-expect: the text output says what was expected" grep -q "expect-missed.txt: expected scam, got clean (signs: none)" "$T/out"
printf 'Friend: see you Saturday\n' >"$T/no-expect.txt"
run $SC $R --expectations "$T/expect-met.txt" "$T/expect-missed.txt" "$T/no-expect.txt"
check "--expectations counts met, mismatched and unchecked" grep -q "^expectations: 1 met, 1 mismatched, 1 unchecked" "$T/out"
check "--expectations prints only the mismatch" test "$(grep -c ': expected ' "$T/out")" = 1
run $SC $R --check-expect -l "$T/expect-met.txt" "$T/expect-missed.txt"
check "--check-expect -l lists the transcripts that missed" test "$(cat "$T/out")" = "$T/expect-missed.txt"
run $SC $R -f json "$T/expect-missed.txt"
check "json: expect and whether it was met" test "$($JQ '.results[0].expect.verdict' <"$T/out")$($JQ '.results[0].expect.met' <"$T/out")" = scamfalse

# Colour and wrapping: for a terminal, never for a pipe.
ESC=$(printf '\033')
run $SC $R --color always "$T/scam.txt"
check "--color always colours the verdict" grep -q "${ESC}\[1;31mSCAM" "$T/out"
check "--color always picks out the matched words" grep -q "${ESC}\[1;4mPIN" "$T/out"
run $SC $R --color never "$T/scam.txt"
check "--color never: no escape codes" sh -c "! grep -q '$ESC' '$T/out'"
run $SC $R "$T/scam.txt"
check "a pipe gets no colour by default" sh -c "! grep -q '$ESC' '$T/out'"
expect_status "a bad --color is a usage error" 2 $SC --color sometimes "$T/scam.txt"
if command -v script >/dev/null 2>&1; then
    awk 'BEGIN { printf "Caller: "; for (i = 0; i < 40; i++) printf "word%d ", i; print "give me your PIN, hurry" }' >"$T/long-line.txt"
    script -qec "stty cols 60; $SC $R $T/long-line.txt" /dev/null >"$T/tty" 2>&1
    check "on a terminal: colour by default" grep -q "$ESC" "$T/tty"
    check "on a terminal: evidence wrapped to the width" sh -c "sed 's/$ESC\[[0-9;]*m//g; s/\r//' '$T/tty' | awk '/^    / && length > 60 { bad = 1 } END { exit bad }'"
    NO_COLOR=1 script -qec "$SC $R $T/scam.txt" /dev/null >"$T/tty" 2>&1
    check "NO_COLOR turns colour off on a terminal" sh -c "! grep -q '$ESC' '$T/tty'"
fi

# stdin.
$SC $R --format json <"$T/scam.txt" >"$T/out"; st=$?
if [ "$st" = 1 ] && [ "$($JQ '.results[0].source' <"$T/out")" = "-" ]; then ok "stdin with no path"; else fail "stdin with no path" "exit $st"; fi
$SC $R --format json - <"$T/scam.txt" >"$T/out"; st=$?
if [ "$st" = 1 ] && [ "$($JQ '.results[0].verdict' <"$T/out")" = "scam" ]; then ok "stdin as -"; else fail "stdin as -" "exit $st"; fi

# JSON shape.
$SC $R --format json "$T/scam.txt" >"$T/out"
check "json: version" $JQ .version <"$T/out"
check "json: results[0].score is 50" test "$($JQ '.results[0].score' <"$T/out")" = 50
check "json: sign id" test "$($JQ '.results[0].signs[0].id' <"$T/out")" = credential_request
check "json: sign name" $JQ '.results[0].signs[0].name' <"$T/out"
check "json: evidence rule" test "$($JQ '.results[0].signs[0].evidence[0].rule' <"$T/out")" = test-pin
check "json: evidence line" test "$($JQ '.results[0].signs[0].evidence[0].line' <"$T/out")" = 1
check "json: evidence speaker" test "$($JQ '.results[0].signs[0].evidence[0].speaker' <"$T/out")" = Caller
check "json: evidence text" test "$($JQ '.results[0].signs[0].evidence[0].text' <"$T/out")" = "give me your PIN now, hurry"
check "json: metadata object" test "$($JQ '.results[0].metadata' <"$T/out")" = "{}"
check "json: empty errors" test "$($JQ '.errors|length' <"$T/out")" = 0

printf -- '---\ncaller_number: "+4799999999"\nknown_caller: false\nteam: sales\n---\nCaller: your PIN\n' >"$T/fm.txt"
$SC $R --format json "$T/fm.txt" >"$T/out"
check "front matter kept: caller_number" test "$($JQ '.results[0].metadata.caller_number' <"$T/out")" = "+4799999999"
check "front matter kept: bool" test "$($JQ '.results[0].metadata.known_caller' <"$T/out")" = false
check "front matter kept: unknown key" test "$($JQ '.results[0].metadata.team' <"$T/out")" = sales
check "evidence lines count the front matter" test "$($JQ '.results[0].signs[0].evidence[0].line' <"$T/out")" = 6

# SARIF 2.1.0: a result per piece of evidence, errors as notifications.
run $SC $R -f sarif "$T/scam.txt" "$T/clean.txt" "$T/none.txt"
check "sarif: exit 2 with an unreadable file" test "$st" = 2
check "sarif: version 2.1.0" test "$($JQ .version <"$T/out")" = 2.1.0
check "sarif: the driver lists the rules" test "$($JQ '.runs[0].tool.driver.rules|length' <"$T/out")" = 2
check "sarif: rule help is the sign's advice" sh -c "$JQ '.runs[0].tool.driver.rules[0].help.text' <'$T/out' | grep -q ."
check "sarif: a result per evidence" test "$($JQ '.runs[0].results|length' <"$T/out")" = 2
check "sarif: ruleId, level, message" test "$($JQ '.runs[0].results[0].ruleId' <"$T/out")$($JQ '.runs[0].results[0].level' <"$T/out")" = test-pinerror
check "sarif: the location is the file and line" test "$($JQ '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri' <"$T/out")$($JQ '.runs[0].results[0].locations[0].physicalLocation.region.startLine' <"$T/out")" = "$T/scam.txt1"
check "sarif: the message names the sign" sh -c "$JQ '.runs[0].results[0].message.text' <'$T/out' | grep -q credential_request"
check "sarif: errors are notifications" test "$($JQ '.runs[0].invocations[0].executionSuccessful' <"$T/out")$($JQ '.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri' <"$T/out")" = "false$T/none.txt"

# Speech-to-text formats: guessed, or forced with --input-format.
printf '1\n00:00:02,000 --> 00:00:04,000\nCaller: give me your PIN, hurry\n' >"$T/cues.txt"
run $SC $R -f json "$T/cues.txt"
check "SRT content in a .txt file is recognised" test "$($JQ '.results[0].signs[0].evidence[0].time' <"$T/out")" = 2
run $SC $R -f json --input-format text "$T/cues.txt"
check "--input-format text reads it as plain text" sh -c "! $JQ '.results[0].signs[0].evidence[0].time' <'$T/out'"
printf 'WEBVTT\n\n00:00:01.000 --> bad\nhello\n' >"$T/bad.vtt"
expect_status "a malformed WebVTT file exits 2" 2 $SC $R "$T/bad.vtt"
check "the bad cue is named with its line" grep -q "bad.vtt:3:1: not a timestamp" "$T/err"
expect_status "--input-format whisper-json on text is an error" 2 $SC $R --input-format whisper-json "$T/scam.txt"

# JSON Lines.
$SC $R --format jsonl "$T/scam.txt" "$T/clean.txt" >"$T/out"
check "jsonl: one line per input" test "$(wc -l <"$T/out")" = 2
check "jsonl: each line is a result" sh -c "head -1 '$T/out' | $JQ .verdict | grep -qx scam && tail -1 '$T/out' | $JQ .verdict | grep -qx clean"

# Errors: named, recorded, and never lose the other results.
expect_status "missing file exits 2" 2 $SC $R "$T/scam.txt" "$T/nope.txt" "$T/clean.txt"
check "missing file named on stderr" grep -q "$T/nope.txt: cannot read" "$T/err"
check "other files still reported" grep -q "$T/clean.txt: clean" "$T/out"
$SC $R --format json "$T/nope.txt" "$T/scam.txt" >"$T/out" 2>/dev/null
check "json: error record names the file" test "$($JQ '.errors[0].source' <"$T/out")" = "$T/nope.txt"
check "json: the other result is there" test "$($JQ '.results[0].verdict' <"$T/out")" = scam
$SC $R --format jsonl "$T/nope.txt" "$T/scam.txt" >"$T/out" 2>/dev/null
check "jsonl: an error record line" sh -c "head -1 '$T/out' | $JQ .error"
printf -- '---\nknown_caller: perhaps\n---\nhello\n' >"$T/badfm.txt"
expect_status "bad front matter exits 2" 2 $SC $R "$T/badfm.txt" "$T/clean.txt"
check "bad front matter names file:line:column" grep -q "^$T/badfm.txt:2:15: " "$T/err"
printf -- '---\ncaller_name: x\n' >"$T/open.txt"
expect_status "unclosed front matter exits 2" 2 $SC $R "$T/open.txt"
check "unclosed front matter names line 1" grep -q "^$T/open.txt:1:1: " "$T/err"

# Invalid rules stop the run before anything is checked.
expect_status "invalid regex exits 2" 2 $SC --rules tests/cli/bad-regex.yaml "$T/scam.txt"
check "invalid regex: file:line:column" grep -q '^tests/cli/bad-regex.yaml:6:16: invalid pattern' "$T/err"
check "invalid rules: nothing checked" test ! -s "$T/out"
expect_status "unknown sign exits 2" 2 $SC --rules tests/cli/bad-sign.yaml "$T/scam.txt"
check "unknown sign: file:line:column" grep -q '^tests/cli/bad-sign.yaml:3:11: .*no_such_sign' "$T/err"
expect_status "missing rule file exits 2" 2 $SC --rules "$T/none.yaml" "$T/scam.txt"

# Rule sets.
expect_status "--no-default-rules alone finds nothing" 0 $SC --no-default-rules examples/article-call.txt
check "--no-default-rules: clean" grep -q ': clean' "$T/out"
mkdir "$T/rules" && cp tests/cli/rules.yaml "$T/rules/a.yaml" && echo 'not: rules' >"$T/rules/notes.txt"
expect_status "--rules takes a folder" 1 $SC --no-default-rules --rules "$T/rules" "$T/scam.txt"
expect_status "--rules adds to the default set" 0 $SC --rules tests/cli/rules.yaml --list-rules
check "--list-rules lists added and default rules" sh -c "grep -q '^test-pin ' '$T/out' && test \$(wc -l <'$T/out') -gt 10"
$SC $R --list-rules --format json >"$T/out"
check "--list-rules json: rules" test "$($JQ '.rules|length' <"$T/out")" = 2
check "--list-rules json: patterns" test "$($JQ '.rules[0].patterns[0]' <"$T/out")" = '\bpin\b'
check "--list-rules json: sign and weight" test "$($JQ '.rules[1].sign' <"$T/out")$($JQ '.rules[1].weight' <"$T/out")" = urgency20

# --test-rules PATH: a rule pack's own examples.
printf 'rules:\n  - id: t-ok\n    sign: urgency\n    description: d\n    weight: 5\n    patterns: [hurry]\n    examples: {match: [please hurry], no_match: [take your time]}\n' >"$T/good.yaml"
printf 'rules:\n  - id: t-bad\n    sign: urgency\n    description: d\n    weight: 5\n    patterns: [hurry]\n    examples: {match: [be quick], no_match: [no hurry]}\n' >"$T/bad.yaml"
expect_status "--test-rules FILE: passing examples exit 0" 0 $SC --test-rules "$T/good.yaml"
check "--test-rules FILE counts that file's examples" grep -q '^2 rule examples checked, 0 failed' "$T/out"
expect_status "--test-rules FILE: failing examples exit 1" 1 $SC --test-rules "$T/bad.yaml"
check "--test-rules names the rule and the example" sh -c "grep -q \"rule 't-bad' does not match its example: \\\"be quick\\\"\" '$T/err' && grep -q \"t-bad' matches its no_match example: \\\"no hurry\\\"\" '$T/err'"
expect_status "--test-rules on the rules folder (signs.yaml redefines the built-in signs)" 0 $SC --test-rules rules
expect_status "a user file redefining a sign twice is an error" 2 $SC --rules rules/signs.yaml --rules rules/signs.yaml --list-rules
check "the second definition is named" grep -q "rules/signs.yaml:[0-9]*:[0-9]*: duplicate sign id" "$T/err"

# Language: rule files for one language read only transcripts in it.
printf 'language: no\nrules:\n  - id: t-no\n    sign: urgency\n    description: d\n    weight: 20\n    patterns: [haster]\n' >"$T/no.yaml"
printf 'Caller: dette haster, jeg trenger koden din med en gang\n' >"$T/no.txt"
printf 'Caller: the word haster is not English, hurry\n' >"$T/en.txt"
run $SC --no-default-rules --rules "$T/no.yaml" -f json "$T/no.txt"
check "Norwegian is detected from the words" test "$($JQ '.results[0].language' <"$T/out")$($JQ '.results[0].score' <"$T/out")" = no20
run $SC --no-default-rules --rules "$T/no.yaml" -f json "$T/en.txt"
check "a Norwegian rule does not read English" test "$($JQ '.results[0].language' <"$T/out")$($JQ '.results[0].score' <"$T/out")" = en0
run $SC --no-default-rules --rules "$T/no.yaml" --lang nb -f json "$T/en.txt"
check "--lang nb forces Norwegian" test "$($JQ '.results[0].language' <"$T/out")$($JQ '.results[0].score' <"$T/out")" = no20
printf -- '---\nlanguage: norsk\n---\nCaller: the word haster\n' >"$T/fm-no.txt"
run $SC --no-default-rules --rules "$T/no.yaml" -f json "$T/fm-no.txt"
check "front matter language wins over the words" test "$($JQ '.results[0].language' <"$T/out")" = no

# A rule file of one's own can use the built-in shared unless lists.
printf "rules:\n  - {id: my-now, sign: urgency, description: d, weight: 20, patterns: ['\\\\bnow\\\\b'], unless_lists: [about-scams]}\n" >"$T/mylist.yaml"
printf 'apparently they say you must pay now\n' >"$T/retold.txt"
printf 'you must pay now\n' >"$T/plainnow.txt"
run $SC --no-default-rules --rules "$T/mylist.yaml" -f json "$T/plainnow.txt" "$T/retold.txt"
check "a user rule with a built-in unless list fires on its own words" test "$($JQ '.results[0].score' <"$T/out")" = 20
check "and the list drops a retelling" test "$($JQ '.results[1].score' <"$T/out")" = 0
printf "rules:\n  - {id: my-now, sign: urgency, description: d, weight: 20, patterns: [now], unless_lists: [nosuch]}\n" >"$T/badlist.yaml"
expect_status "an unknown unless list stops the run" 2 $SC --rules "$T/badlist.yaml" "$T/plainnow.txt"
check "and names the rule file" grep -q "badlist.yaml:2:5: rule 'my-now': no unless list named 'nosuch'" "$T/err"

# Call facts: the caller's number against the home country and known numbers.
printf -- '---\ncaller_number: "+44 20 7946 0000"\n---\nCaller: hello\n' >"$T/uk.txt"
printf -- '---\ncaller_number: "+47 22 12 34 56"\n---\nCaller: hello\n' >"$T/home.txt"
printf 'language: en\nrules:\n  - {id: t-stranger, sign: unknown_caller, description: d, weight: 10, patterns: [hello]}\n  - {id: t-abroad, sign: unknown_caller, description: d, weight: 5, metadata: {caller_abroad: true}}\n' >"$T/facts.yaml"
F="--no-default-rules --rules $T/facts.yaml"
run $SC $F --home-country NO -f json "$T/uk.txt"
check "--home-country: a foreign number is a call fact" test "$($JQ '.results[0].signs[0].score' <"$T/out")" = 15
check "call-fact evidence says so" test "$($JQ '.results[0].signs[0].evidence[0].fact' <"$T/out")$($JQ '.results[0].signs[0].evidence[0].line' <"$T/out")" = true2
check "call-fact evidence names the number and country" sh -c "$JQ '.results[0].signs[0].evidence[0].text' <'$T/out' | grep -q 'not a number from NO (+47)'"
run $SC $F --home-country NO -f json "$T/home.txt"
check "--home-country: a home number is no such fact" test "$($JQ '.results[0].signs[0].score' <"$T/out")" = 10
run $SC $F -f json "$T/uk.txt"
check "without --home-country there is no such fact" test "$($JQ '.results[0].signs[0].score' <"$T/out")" = 10
printf '# my contacts\n22 12 34 56\n\n+1 555 0100\n' >"$T/known.txt"
run $SC --home-country NO --known-numbers "$T/known.txt" -f json "$T/home.txt"
check "--known-numbers: a listed caller is known" test "$($JQ '.results[0].signs|length' <"$T/out")" = 0
printf 'Caller: this is Microsoft technical support calling about your computer\n' >>"$T/home.txt"
run $SC -f json "$T/home.txt"
check "an unlisted caller from a tech brand is not known" sh -c "$JQ '.results[0].signs[].id' <'$T/out' | grep -q unknown_caller"
run $SC --home-country NO --known-numbers "$T/known.txt" -f json "$T/home.txt"
check "a known number clears unknown_caller" sh -c "! $JQ '.results[0].signs[].id' <'$T/out' | grep -q unknown_caller"
expect_status "an unknown --home-country is a usage error" 2 $SC --home-country XX "$T/home.txt"
printf '22 12 34 56\ncall me maybe\n' >"$T/badknown.txt"
expect_status "a bad line in --known-numbers exits 2" 2 $SC --known-numbers "$T/badknown.txt" "$T/home.txt"
check "the bad line is named with its line number" grep -q "badknown.txt:2:1: not a phone number" "$T/err"

# Evidence against a sign: the person placed the call.
printf 'Me: Hi, I am calling about my order from last week.\nAgent: Our server detected a virus on your computer.\n' >"$T/placed.txt"
run $SC -f json "$T/placed.txt"
check "a call the person placed is not unsolicited" sh -c "! $JQ '.results[0].signs[].id' <'$T/out' | grep -q unsolicited"

# Default rule set on the bundled example: the article's call.
expect_status "bundled example is a scam" 1 $SC examples/article-call.txt
$SC --format json examples/article-call.txt >"$T/out"
check "bundled example shows all five signs" test "$($JQ '.results[0].signs|length' <"$T/out")" = 5

# Odd input never crashes.
printf '' >"$T/empty.txt"
expect_status "empty file is clean" 0 $SC "$T/empty.txt"
head -c 20000 /dev/urandom >"$T/noise.bin" 2>/dev/null || printf '\377\376\0\001' >"$T/noise.bin"
$SC --format json "$T/noise.bin" >"$T/out" 2>"$T/err"; st=$?
if [ "$st" = 2 ] && $JQ .version <"$T/out" >/dev/null && [ "$($JQ '.errors[0].error' <"$T/out")" = "not a transcript: looks like binary data; not checked" ]; then ok "binary input is an error record in valid JSON"; else fail "binary input is an error record in valid JSON" "exit $st $(head -c 200 "$T/out")"; fi
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "Caller: please give me your PIN right now, hurry %d\n", i }' >"$T/long.txt"
expect_status "a long transcript works" 1 $SC $R "$T/long.txt"

# Project config: .scamcheck.yaml here or in a parent; the command line wins.
P=$T/project
mkdir -p "$P/calls/2026"
cp tests/cli/rules.yaml "$P/my-rules.yaml"
printf 'format: jsonl\nfail-on: suspicious\nno-default-rules: true\nrules: [my-rules.yaml]\n' >"$P/.scamcheck.yaml"
printf 'Caller: your PIN please\n' >"$P/calls/2026/c.txt"
(cd "$P/calls/2026" && $SC c.txt >"$T/out" 2>"$T/err"; echo $? >"$T/st")
check "the config in a parent folder is found" test "$($JQ .verdict <"$T/out")" = suspicious
check "config: fail-on applies" test "$(cat "$T/st")" = 1
check "config: rules are read from the config's folder" test "$($JQ '.signs[0].evidence[0].rule' <"$T/out")" = test-pin
(cd "$P/calls/2026" && $SC -f text --fail-on scam c.txt >"$T/out" 2>&1; echo $? >"$T/st")
check "the command line wins over the config" sh -c "grep -q '^c.txt: SUSPICIOUS' '$T/out' && test \$(cat '$T/st') = 0"
printf 'format: jsonl\nlanguage: en\n' >"$T/bad-config.yaml"
expect_status "an unknown config key exits 2" 2 $SC --config "$T/bad-config.yaml" "$T/scam.txt"
check "the unknown key is named with file, line and column" grep -q "bad-config.yaml:2:1: unknown key 'language'" "$T/err"
printf 'fail-on: sometimes\n' >"$T/bad-value.yaml"
expect_status "a bad config value exits 2" 2 $SC --config "$T/bad-value.yaml" "$T/scam.txt"
check "the bad value is named with its line" grep -q "bad-value.yaml:1:10: --fail-on takes" "$T/err"
expect_status "--config names a missing file" 2 $SC --config "$T/nowhere.yaml" "$T/scam.txt"

# --live: events while the call is still coming in.
mkfifo "$T/fifo"
$SC $R --live -f jsonl <"$T/fifo" >"$T/live.out" 2>&1 &
pid=$!
exec 3>"$T/fifo"
echo "Caller: please tell me your PIN" >&3
i=0
while [ $i -lt 50 ] && ! grep -q '"event":"sign"' "$T/live.out"; do sleep 0.1; i=$((i + 1)); done
if grep -q '"event":"sign"' "$T/live.out"; then ok "--live: a sign is told before the call ends"; else fail "--live: a sign is told before the call ends" "no event within 5 s"; fi
echo "Caller: hurry" >&3
exec 3>&-
wait $pid
st=$?
check "--live: the exit status follows the final verdict" test "$st" = 1
sed -n 1p "$T/live.out" | $JQ .event >"$T/e1"; sed -n 2p "$T/live.out" | $JQ .event >"$T/e2"
sed -n 3p "$T/live.out" | $JQ .event >"$T/e3"; sed -n 4p "$T/live.out" | $JQ .event >"$T/e4"
check "--live: events in order: sign, verdict, sign, verdict, final" test "$(cat "$T/e1" "$T/e2" "$T/e3" "$T/e4" | tr '\n' ' ')$(sed -n 5p "$T/live.out" | $JQ .event)" = "sign verdict sign verdict final"
check "--live: a sign event names its line" test "$(sed -n 3p "$T/live.out" | $JQ .line)$(sed -n 3p "$T/live.out" | $JQ .sign)" = 2urgency
printf 'Caller: give me your PIN\nCaller: hurry\n' | $SC $R --live >"$T/out"
check "--live text: the alert and the final verdict" sh -c "grep -q '^line 1: warning sign \[credential_request\]' '$T/out' && grep -q '^final: -: SCAM' '$T/out'"
differ=0
for f in tests/fixtures/*.txt; do
    head -1 "$f" | grep -q '^---' && continue
    a=$($SC -f jsonl "$f" | $JQ .score)
    b=$($SC --live -f jsonl "$f" | tail -1 | $JQ .result.score)
    [ "$a" = "$b" ] || { differ=1; echo "# live and batch differ on $f: $b, $a"; }
done
check "--live ends where a whole-file check does, on every plain fixture" test "$differ" = 0
for f in tests/fixtures/*.srt tests/fixtures/*.vtt; do
    a=$($SC -f jsonl "$f" | $JQ .score)
    b=$($SC --live -f jsonl "$f" | tail -1 | $JQ .result.score)
    check "--live takes $(basename "$f") a cue at a time, ending where a whole-file check does" test "$a" = "$b"
done
$SC --live -f jsonl tests/fixtures/subtitles-tech-support.srt | grep '"credential_request"' | head -1 >"$T/out"
check "--live cues: an event names the line of the file where its cue ended" test "$($JQ .line <"$T/out")" = 13
