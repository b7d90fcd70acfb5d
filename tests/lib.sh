# Shared by the shell test suites: sourced after `cd` to the project root.
# Each check prints "ok NAME" or "FAIL NAME: detail"; tests/run counts them.
B=${SCAMCHECK_BUILD:-build}
SC=${SCAMCHECK_BIN:-$PWD/$B/scamcheck}
JQ=$PWD/$B/tests/jsonq
R="--no-default-rules --rules tests/cli/rules.yaml"   # a small rule set of our own
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }
# check NAME CMD...: passes when the command succeeds.
check() {
    name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else fail "$name" "$*"; fi
}
# run CMD...: output in $T/out and $T/err, exit status in $st.
run() {
    "$@" >"$T/out" 2>"$T/err" </dev/null
    st=$?
}
# expect_status NAME WANT CMD...: run, then check the exit status.
expect_status() {
    name=$1 want=$2
    shift 2
    run "$@"
    if [ "$st" = "$want" ]; then ok "$name"; else fail "$name" "exit $st, expected $want; stderr: $(head -c 300 "$T/err")"; fi
}
same() { cmp -s "$1" "$2"; }
