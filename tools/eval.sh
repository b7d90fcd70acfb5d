#!/bin/sh
# make eval: detection quality on a labelled corpus (default ../shared/corpus,
# or CORPUS=dir). For each source: the share of scam transcripts flagged
# (suspicious or scam) and the share of ordinary ones flagged, then every
# missed scam and every false alarm with the signs that fired.
# Without the corpus it says so and exits 0. EVAL_FLAGS adds options to the
# scamcheck run, e.g. EVAL_FLAGS="--no-default-rules --rules rules" to measure
# the rule files as they are without rebuilding; SCAMCHECK picks another binary.
corpus=${1:-../shared/corpus}
cd "$(dirname "$0")/.." || exit 2
if [ ! -f "$corpus/labels.tsv" ]; then
    echo "eval: no labelled corpus at $corpus (labels.tsv); nothing to measure"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# One scamcheck run over every listed file, in labels.tsv order.
tail -n +2 "$corpus/labels.tsv" | cut -f1 | sed "s|^|$corpus/|" >"$T/files"
tr '\n' '\0' <"$T/files" | xargs -0 ${SCAMCHECK:-build/scamcheck} $EVAL_FLAGS -j1 -f jsonl --fail-on never >"$T/results" 2>"$T/errors"
# jsonl lines come in input order: pair each with its label row (path,
# label, source; any further columns are ignored).
sed -n 's/^{"source":"\([^"]*\)","score":\([0-9]*\),"verdict":"\([a-z]*\)".*/\1\t\2\t\3/p' "$T/results" >"$T/verdicts"
# The sign ids of each result, comma-separated.
awk '{ s = ""
       n = split($0, parts, /\{"id":"/)
       for (i = 2; i <= n; i++) { id = parts[i]; sub(/".*/, "", id); s = s (s ? "," : "") id }
       print s }' "$T/results" >"$T/signs"
tail -n +2 "$corpus/labels.tsv" | cut -f1-3 | paste - "$T/verdicts" "$T/signs" | awk -F '\t' -v corpus="$corpus/" '
{
    path = $1; label = $2; src = $3; score = $5; verdict = $6; signs = $7
    flagged = (verdict == "scam" || verdict == "suspicious")
    if (verdict == "") { errors++; next }
    n[src FS label]++; f[src FS label] += flagged
    N[label]++; F[label] += flagged
    if (!(src in seen)) { seen[src] = 1; order[++k] = src }
    if (label == "scam" && !flagged) missed = missed sprintf("  missed      %-40s %-10s %3d  %s\n", path, verdict, score, signs)
    if (label == "legit" && flagged) alarms = alarms sprintf("  false alarm %-40s %-10s %3d  %s\n", path, verdict, score, signs)
}
END {
    printf "%-22s %18s %22s\n", "source", "scam flagged", "ordinary flagged"
    for (i = 1; i <= k; i++) {
        s = order[i]
        a = n[s FS "scam"] ? sprintf("%d/%d %5.1f%%", f[s FS "scam"], n[s FS "scam"], 100 * f[s FS "scam"] / n[s FS "scam"]) : "-"
        b = n[s FS "legit"] ? sprintf("%d/%d %5.1f%%", f[s FS "legit"], n[s FS "legit"], 100 * f[s FS "legit"] / n[s FS "legit"]) : "-"
        printf "%-22s %18s %22s\n", s, a, b
    }
    printf "%-22s %18s %22s\n", "all", sprintf("%d/%d %5.1f%%", F["scam"], N["scam"], N["scam"] ? 100 * F["scam"] / N["scam"] : 0),
           sprintf("%d/%d %5.1f%%", F["legit"], N["legit"], N["legit"] ? 100 * F["legit"] / N["legit"] : 0)
    printf "targets: at least 90%% of scams flagged, at most 2%% of ordinary calls flagged\n"
    if (errors) printf "%d files gave an error (see above)\n", errors
    if (missed != "" || alarms != "") printf "\n%s%s", alarms, missed
}'
cat "$T/errors" >&2
exit 0
