#!/bin/sh
# Detection quality on a labelled corpus (default ../shared/corpus): runs
# scamcheck over every file in labels.tsv and prints a confusion table,
# precision and recall per source. A verdict of suspicious or scam counts as
# flagged. Usage: tools/eval.sh [CORPUS_DIR]
corpus=${1:-../shared/corpus}
if [ ! -f "$corpus/labels.tsv" ]; then
    echo "eval: no $corpus/labels.tsv; pass CORPUS=/path/to/corpus" >&2
    exit 2
fi
tail -n +2 "$corpus/labels.tsv" | while IFS="$(printf '\t')" read -r path label source; do
    verdict=$(build/scamcheck -f jsonl "$corpus/$path" | sed -n 's/.*"verdict":"\([a-z]*\)".*/\1/p')
    printf '%s\t%s\t%s\t%s\n' "$source" "$label" "${verdict:-error}" "$path"
done | awk -F '\t' '
{
    n[$1]++; t[$1 FS $2 FS $3]++; all[$2 FS $3]++
    flagged = ($3 == "scam" || $3 == "suspicious")
    if ($2 == "scam" && flagged) tp++
    if ($2 == "scam" && !flagged) fn++
    if ($2 == "legit" && flagged) { fp++; fps = fps "\n  false positive: " $4 " (" $3 ")" }
    if ($2 == "legit" && !flagged) tn++
}
END {
    printf "%-22s %-6s %6s %11s %6s\n", "source", "label", "clean", "suspicious", "scam"
    for (k in t) { split(k, p, FS); rows[p[1] FS p[2]] = 1 }
    for (r in rows) {
        split(r, p, FS)
        printf "%-22s %-6s %6d %11d %6d\n", p[1], p[2], t[r FS "clean"], t[r FS "suspicious"], t[r FS "scam"]
    }
    prec = tp + fp ? tp / (tp + fp) : 0
    rec = tp + fn ? tp / (tp + fn) : 0
    printf "\nflagged (suspicious or scam): precision %.3f, recall %.3f (tp %d, fp %d, fn %d, tn %d)\n", prec, rec, tp, fp, fn, tn
    printf "scam verdict on scam files: %d of %d; on legit files: %d of %d\n", all["scam" FS "scam"], tp + fn, all["legit" FS "scam"], fp + tn
    if (fps != "") print fps
}'
