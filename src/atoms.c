/* Atoms: literal strings a pattern needs. For each pattern we look for a set
 * of lowercase literals such that every match of the pattern contains at
 * least one of them. A transcript holding none of them cannot match, so the
 * pattern need not run (the idea of YARA's atoms).
 *
 * Better still is a set whose atoms sit a bounded distance B from the start
 * of any match, as in '\b(?:give|tell)\s+me...' (B = 0): then a match can
 * only start within B bytes before an atom, and the pattern is tried there
 * alone instead of across the whole turn.
 *
 * The reading is conservative: any construct not understood makes the
 * pattern "always run", never a missed match. */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_ATOMS 64
#define MAX_ATOM_LEN 24
#define INF (1 << 28)           /* an unbounded length */
#define CHAR_MAX_BYTES 4        /* a UTF-8 character, whatever caseless folding does */

/* A set of alternatives: a match contains one of them. n == 0: none known. */
typedef struct atom_set {
    int n;
    int min_len;                /* of the shortest atom */
    int min_q;                  /* the worst atom's quality (see atom_quality) */
    int bound;                  /* most bytes from a match's start to the atom, or INF */
    char s[MAX_ATOMS][MAX_ATOM_LEN + 1];
    unsigned char q[MAX_ATOMS]; /* each atom's quality, worked out once */
} atom_set;

/* What a fragment of a pattern offers: the most selective set wherever it
 * lies, and the most selective set at a bounded distance from the start. */
typedef struct frag {
    atom_set *best, *anchored;
    int max_len;                /* most bytes the fragment can match, or INF */
} frag;

/* Sets are taken and given back in LIFO order as the parse nests, so they
 * come from one pool per pattern instead of an allocation per group. */
#define POOL_DEPTH 96

typedef struct parser {
    const char *p, *end;
    int bad;                    /* met something we cannot reason about */
    atom_set *pool;             /* POOL_DEPTH + 1 sets; the last is scratch */
    int top;
} parser;

/* Words so frequent in speech that finding one says little: as filters they
 * rate like a single letter, though they still mark where a match starts. */
static const char *const common_words[] = {
    "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
    "but", "by", "call", "can", "could", "did", "do", "does", "don't", "dont", "for", "from",
    "get", "go", "going", "got", "had", "has", "have", "he", "her", "here", "him", "his", "how",
    "i", "if", "in", "is", "it", "it's", "its", "just", "know", "let", "like", "me", "my", "need",
    "no", "not", "now", "of", "off", "ok", "okay", "on", "one", "or", "our", "out", "please",
    "right", "said", "say", "see", "she", "sir", "so", "some", "tell", "than", "thank", "that",
    "the", "their", "them", "then", "there", "they", "this", "to", "uh", "um", "up", "us",
    "very", "want", "was", "way", "we", "well", "what", "when", "where", "which", "who", "why",
    "will", "with", "would", "yeah", "yes", "you", "your",
};

#define COMMON_MAX 7           /* the longest common word */

/* Every substring of a common word, in an open-addressing hash set built
 * once, so rating an atom is one lookup. */
#define COMMON_SLOTS 4096
static struct { const char *s; unsigned char len; } common_set[COMMON_SLOTS];
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static unsigned hash_bytes(const char *s, size_t len)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int common_has(const char *s, size_t len)
{
    for (unsigned h = hash_bytes(s, len) % COMMON_SLOTS;; h = (h + 1) % COMMON_SLOTS) {
        if (!common_set[h].s)
            return 0;
        if (common_set[h].len == len && !memcmp(common_set[h].s, s, len))
            return 1;
    }
}

static void index_common_words(void)
{
    for (size_t i = 0; i < sizeof common_words / sizeof *common_words; i++) {
        const char *w = common_words[i];
        size_t wl = strlen(w);
        for (size_t from = 0; from < wl; from++)
            for (size_t len = 1; from + len <= wl; len++) {
                if (common_has(w + from, len))
                    continue;
                unsigned h = hash_bytes(w + from, len) % COMMON_SLOTS;
                while (common_set[h].s)
                    h = (h + 1) % COMMON_SLOTS;
                common_set[h].s = w + from;
                common_set[h].len = (unsigned char)len;
            }
    }
}

static int atom_quality(const char *s, size_t len)
{
    /* An atom inside a common word ("you", "yo", "ou") rates 1. */
    if (len > COMMON_MAX)
        return (int)len;
    pthread_once(&common_once, index_common_words);
    return common_has(s, len) ? 1 : (int)len;
}

static int add_len(int a, int b)
{
    return a >= INF || b >= INF || a + b >= INF ? INF : a + b;
}

static int mul_len(int a, int n)
{
    if (a == 0 || n == 0)
        return 0;
    if (a >= INF || n >= INF || (long)a * n >= INF)
        return INF;
    return a * n;
}

static atom_set *set_new(parser *P)
{
    atom_set *a;
    if (P->top < POOL_DEPTH) {
        a = &P->pool[P->top++];
    } else {
        P->bad = 1;             /* nested too deep to bother */
        a = &P->pool[POOL_DEPTH];
    }
    a->n = a->min_len = a->min_q = 0;
    a->bound = INF;
    return a;
}

/* Gives back the newest set (a no-op for the scratch set). */
static void set_drop(parser *P, const atom_set *a)
{
    if (a != &P->pool[POOL_DEPTH])
        P->top--;
}

static void frag_drop(parser *P, frag *f)
{
    set_drop(P, f->anchored);
    set_drop(P, f->best);
}

static void set_copy(atom_set *to, const atom_set *from)
{
    to->n = from->n;
    to->min_len = from->min_len;
    to->min_q = from->min_q;
    to->bound = from->bound;
    memcpy(to->s, from->s, (size_t)from->n * sizeof from->s[0]);
    memcpy(to->q, from->q, (size_t)from->n);
}

/* A better filter: a rarer worst atom, then fewer atoms, then nearer the
 * start. */
static int set_better(const atom_set *a, const atom_set *b)
{
    if (!a->n)
        return 0;
    if (!b->n)
        return 1;
    if (a->min_q != b->min_q)
        return a->min_q > b->min_q;
    if (a->n != b->n)
        return a->n < b->n;
    return a->bound < b->bound;
}

/* Adds an atom whose quality q is known. */
static void set_add(atom_set *a, const char *s, size_t len, int q, parser *P)
{
    if (a->n == MAX_ATOMS) {
        P->bad = 1;             /* too many alternatives to be a useful filter */
        return;
    }
    if (len > MAX_ATOM_LEN)
        len = MAX_ATOM_LEN;
    a->q[a->n] = (unsigned char)q;
    if (!a->n || (int)len < a->min_len)
        a->min_len = (int)len;
    if (!a->n || q < a->min_q)
        a->min_q = q;
    memcpy(a->s[a->n], s, len);
    a->s[a->n++][len] = 0;
}

/* Offers a candidate set to the fragment's best and anchored sets. */
static void consider(frag *f, const atom_set *c)
{
    if (set_better(c, f->best))
        set_copy(f->best, c);
    if (c->bound < INF && set_better(c, f->anchored))
        set_copy(f->anchored, c);
}

static frag parse_alt(parser *P);

/* A literal run in progress inside a sequence. */
typedef struct run {
    char text[MAX_ATOM_LEN + 1];
    int len;
    int bound;                  /* prefix length where the run starts */
} run;

static void end_run(parser *P, frag *f, run *r)
{
    if (r->len > 0) {
        atom_set *one = set_new(P);
        set_add(one, r->text, (size_t)r->len, atom_quality(r->text, (size_t)r->len), P);
        one->bound = r->bound;
        consider(f, one);
        set_drop(P, one);
    }
    r->len = 0;
}

static void add_to_run(parser *P, frag *f, run *r, char c, int prefix)
{
    if (r->len == MAX_ATOM_LEN)
        end_run(P, f, r);
    if (r->len == 0)
        r->bound = prefix;
    r->text[r->len++] = (char)tolower((unsigned char)c);
}

static int has_quantifier(const parser *P)
{
    return P->p < P->end && (*P->p == '*' || *P->p == '?' || *P->p == '+' ||
                             (*P->p == '{' && P->p + 1 < P->end &&
                              (isdigit((unsigned char)P->p[1]) || P->p[1] == ',')));
}

/* Reads a quantifier after an item into its least and most counts. */
static void quantifier(parser *P, int *min, int *max)
{
    *min = *max = 1;
    char c = *P->p;
    if (c == '*' || c == '?' || c == '+') {
        *min = c == '+';
        *max = c == '?' ? 1 : INF;
        P->p++;
    } else {                    /* {m}, {m,}, {m,n}, {,n} */
        const char *q = P->p + 1;
        char *after;
        long lo = isdigit((unsigned char)*q) ? strtol(q, &after, 10) : 0;
        if (isdigit((unsigned char)*q))
            q = after;
        long hi = lo;
        if (q < P->end && *q == ',') {
            q++;
            hi = isdigit((unsigned char)*q) ? strtol(q, &after, 10) : INF;
            if (isdigit((unsigned char)*q))
                q = after;
        }
        if (q >= P->end || *q != '}')
            return;             /* a literal brace after all */
        P->p = q + 1;
        *min = lo > INF ? INF : (int)lo;
        *max = hi > INF ? INF : (int)hi;
    }
    if (P->p < P->end && (*P->p == '?' || *P->p == '+'))
        P->p++;                 /* lazy or possessive */
}

static void skip_class(parser *P)
{
    P->p++;                     /* [ */
    if (P->p < P->end && *P->p == '^')
        P->p++;
    if (P->p < P->end && *P->p == ']')
        P->p++;
    while (P->p < P->end && *P->p != ']') {
        if (*P->p == '\\' && P->p + 1 < P->end)
            P->p += 2;
        else if (*P->p == '[' && P->p + 1 < P->end && P->p[1] == ':') {
            const char *close = strstr(P->p + 2, ":]");
            P->p = close && close < P->end ? close + 2 : P->p + 1;
        } else
            P->p++;
    }
    if (P->p < P->end)
        P->p++;
    else
        P->bad = 1;
}

/* Reads what follows "(": the group's kind. Returns 1 for a lookaround, 0
 * for a group that matches text, -1 for a flag setting such as (?i) that has
 * no body; sets bad for constructs we do not read. */
static int group_kind(parser *P)
{
    if (P->p >= P->end || *P->p != '?')
        return 0;               /* a capturing group */
    const char *q = P->p + 1;
    if (q < P->end && (*q == ':' || *q == '>' || *q == '|')) {
        P->p = q + 1;
        return 0;
    }
    if (q < P->end && (*q == '=' || *q == '!')) {
        P->p = q + 1;
        return 1;
    }
    if (q + 1 < P->end && *q == '<' && (q[1] == '=' || q[1] == '!')) {
        P->p = q + 2;
        return 1;
    }
    if (q < P->end && (*q == '<' || *q == '\'' || *q == 'P')) {
        /* A named group: (?<name>...), (?'name'...), (?P<name>...). */
        char close_ch = *q == '\'' ? '\'' : '>';
        const char *close = memchr(q + 1, close_ch, (size_t)(P->end - q - 1));
        if (!close || (*q == 'P' && (q + 1 >= P->end || q[1] != '<'))) {
            P->bad = 1;
            return 0;
        }
        P->p = close + 1;
        return 0;
    }
    /* Flags such as (?i) or (?i:...); (?x) changes what spaces mean. */
    while (q < P->end && (isalpha((unsigned char)*q) || *q == '-' || *q == '^')) {
        if (*q == 'x')
            P->bad = 1;
        q++;
    }
    if (q < P->end && *q == ')') {
        P->p = q + 1;
        return -1;
    }
    if (q < P->end && *q == ':') {
        P->p = q + 1;
        return 0;
    }
    P->bad = 1;                 /* conditionals, recursion, callouts */
    return 0;
}

/* A sequence up to | or ) : its candidates are its literal runs and groups. */
static frag parse_seq(parser *P)
{
    frag f = {set_new(P), set_new(P), 0};
    run r = {{0}, 0, 0};
    int prefix = 0;             /* most bytes matched before the current item */
    while (P->p < P->end && *P->p != '|' && *P->p != ')' && !P->bad) {
        unsigned char c = (unsigned char)*P->p;
        int lit = -1;           /* a literal byte, or -1 */
        int item_len = CHAR_MAX_BYTES;
        frag group = {NULL, NULL, 0};
        if (c == '(') {
            P->p++;
            int kind = group_kind(P);
            if (kind < 0)
                continue;
            if (P->bad)
                break;
            group = parse_alt(P);
            if (P->p >= P->end || *P->p != ')')
                P->bad = 1;
            else
                P->p++;
            item_len = group.max_len;
            if (kind == 1) {    /* lookaround: zero-width, no text of its own */
                frag_drop(P, &group);
                group.best = NULL;
                item_len = 0;
            }
        } else if (c == '[') {
            skip_class(P);
        } else if (c == '.') {
            P->p++;
        } else if (c == '^' || c == '$') {
            P->p++;
            item_len = 0;
        } else if (c == '\\') {
            if (P->p + 1 >= P->end) {
                P->bad = 1;
                break;
            }
            unsigned char e = (unsigned char)P->p[1];
            P->p += 2;
            if (strchr("bBAzZGK", e)) {
                item_len = 0;   /* an anchor: matches no text */
            } else if (e == 'Q') {
                /* \Q...\E: all literal. */
                const char *stop = P->p;
                while (stop + 1 < P->end && !(stop[0] == '\\' && stop[1] == 'E'))
                    stop++;
                if (stop + 1 >= P->end)
                    stop = P->end;
                for (; P->p < stop; P->p++) {
                    unsigned char q = (unsigned char)*P->p;
                    if (q >= 0x80 || q < 0x20)
                        end_run(P, &f, &r);
                    else
                        add_to_run(P, &f, &r, (char)q, prefix);
                    prefix = add_len(prefix, CHAR_MAX_BYTES);
                }
                if (P->p < P->end)
                    P->p += 2;
                continue;
            } else if (e == 'x') {
                unsigned v = 0;
                if (P->p < P->end && *P->p == '{') {
                    const char *close = memchr(P->p, '}', (size_t)(P->end - P->p));
                    v = close ? (unsigned)strtoul(P->p + 1, NULL, 16) : 0x100;
                    P->p = close ? close + 1 : P->end;
                } else {
                    for (int k = 0; k < 2 && P->p < P->end && isxdigit((unsigned char)*P->p); k++) {
                        v = v * 16 + (unsigned)(isdigit((unsigned char)*P->p) ? *P->p - '0'
                                                                               : tolower(*P->p) - 'a' + 10);
                        P->p++;
                    }
                }
                if (v >= 0x20 && v < 0x80)
                    lit = (int)v;
            } else if (e == 'p' || e == 'P') {
                if (P->p < P->end && *P->p == '{') {
                    const char *close = memchr(P->p, '}', (size_t)(P->end - P->p));
                    P->p = close ? close + 1 : P->end;
                } else if (P->p < P->end) {
                    P->p++;
                }
            } else if (isalnum(e)) {
                /* \s \w \d \n \t ...: a class. Back references and \g, \k we
                 * do not follow. */
                if (isdigit(e) || e == 'g' || e == 'k' || e == 'X' || e == 'R')
                    P->bad = 1;
            } else {
                lit = e;        /* an escaped punctuation character */
            }
        } else {
            P->p++;
            if (c >= 0x20 && c < 0x80)
                lit = c;        /* non-ASCII may fold to other bytes caselessly */
        }

        int min = 1, max = 1, repeated = has_quantifier(P);
        if (repeated)
            quantifier(P, &min, &max);
        if (lit >= 0 && min >= 1) {
            add_to_run(P, &f, &r, (char)lit, prefix);
            if (repeated)
                end_run(P, &f, &r);  /* "ab+c": a run cannot go past a repeat */
        } else if (item_len > 0 || group.best) {
            end_run(P, &f, &r);      /* zero-width anchors keep "\bword" whole */
        }
        if (group.best) {
            if (min >= 1) {
                group.best->bound = add_len(prefix, group.best->bound);
                group.anchored->bound = add_len(prefix, group.anchored->bound);
                consider(&f, group.best);
                consider(&f, group.anchored);
            }
            frag_drop(P, &group);
        }
        prefix = add_len(prefix, mul_len(item_len, max));
    }
    end_run(P, &f, &r);
    f.max_len = prefix;
    return f;
}

/* Alternatives: a match contains an atom of whichever branch matched, so the
 * sets are unions, valid only if every branch has one. */
static frag parse_alt(parser *P)
{
    frag all = parse_seq(P);
    while (!P->bad && P->p < P->end && *P->p == '|') {
        P->p++;
        frag branch = parse_seq(P);
        if (branch.max_len > all.max_len)
            all.max_len = branch.max_len;
        atom_set *mine[2] = {all.best, all.anchored}, *theirs[2] = {branch.best, branch.anchored};
        for (int k = 0; k < 2; k++) {
            if (!mine[k]->n || !theirs[k]->n) {
                mine[k]->n = 0;         /* and later branches cannot revive it */
                continue;
            }
            for (int i = 0; i < theirs[k]->n; i++)
                set_add(mine[k], theirs[k]->s[i], strlen(theirs[k]->s[i]), theirs[k]->q[i], P);
            if (theirs[k]->bound > mine[k]->bound)
                mine[k]->bound = theirs[k]->bound;
        }
        frag_drop(P, &branch);
    }
    return all;
}

static char **copy_set(const atom_set *set, size_t *n)
{
    char **list = calloc((size_t)set->n, sizeof(char *));
    for (int i = 0; list && i < set->n; i++)
        list[i] = strdup(set->s[i]);
    *n = list ? (size_t)set->n : 0;
    return list;
}

int sc_atoms_extract(const char *pattern, sc_atoms *out)
{
    parser P = {pattern, pattern + strlen(pattern), 0, NULL, 0};
    memset(out, 0, sizeof *out);
    out->bound = -1;
    P.pool = malloc((POOL_DEPTH + 1) * sizeof *P.pool);
    if (!P.pool)
        return -1;
    frag f = parse_alt(&P);
    if (!P.bad && P.p == P.end) {
        /* Trying a pattern at its anchors beats scanning whole turns, even
         * anchors as common as "you"; a rarer filter, when there is one,
         * decides which turns are worth it. */
        int anchored = f.anchored->n && f.anchored->min_len >= 2;
        int filter = f.best->n && f.best->min_q >= 2 &&
                     (!anchored || f.best->min_q > f.anchored->min_q);
        if (anchored) {
            out->anchor = copy_set(f.anchored, &out->n_anchor);
            out->bound = f.anchored->bound;
        }
        if (filter)
            out->filter = copy_set(f.best, &out->n_filter);
    }
    free(P.pool);
    return out->n_anchor || out->n_filter ? 0 : -1;
}

void sc_atoms_free(sc_atoms *a)
{
    for (size_t i = 0; i < a->n_filter; i++)
        free(a->filter[i]);
    for (size_t i = 0; i < a->n_anchor; i++)
        free(a->anchor[i]);
    free(a->filter);
    free(a->anchor);
    memset(a, 0, sizeof *a);
}
