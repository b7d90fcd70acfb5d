/* Atoms: literal strings a pattern needs. For each pattern we look for a set
 * of lowercase literals such that every match of the pattern contains at
 * least one of them. A transcript holding none of them cannot match, so the
 * pattern need not run (the idea of YARA's atoms).
 *
 * The reading is conservative: any construct not understood makes the
 * pattern "always run", never a missed match. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_ATOMS 64
#define MAX_ATOM_LEN 32

/* A set of alternatives: a match contains one of them. n == 0 means "none
 * known" (the fragment gives no filter). */
typedef struct atom_set {
    int n;
    int min_len;                /* of the shortest atom, kept up to date */
    char s[MAX_ATOMS][MAX_ATOM_LEN + 1];
} atom_set;

/* Sets are taken and given back in LIFO order as the parse nests, so they
 * come from one pool per pattern instead of an allocation per group. */
#define POOL_DEPTH 48

typedef struct parser {
    const char *p, *end;
    int bad;                    /* met something we cannot reason about */
    atom_set *pool;             /* POOL_DEPTH + 1 sets; the last is scratch */
    int top;
} parser;

static atom_set *set_new(parser *P)
{
    atom_set *a;
    if (P->top < POOL_DEPTH) {
        a = &P->pool[P->top++];
    } else {
        P->bad = 1;             /* nested too deep to bother */
        a = &P->pool[POOL_DEPTH];
    }
    a->n = a->min_len = 0;
    return a;
}

/* Gives back the newest set (a no-op for the scratch set). */
static void set_drop(parser *P, const atom_set *a)
{
    if (a != &P->pool[POOL_DEPTH])
        P->top--;
}

static int set_min_len(const atom_set *a)
{
    return a->n ? a->min_len : 0;
}

static void set_copy(atom_set *to, const atom_set *from)
{
    to->n = from->n;
    to->min_len = from->min_len;
    memcpy(to->s, from->s, (size_t)from->n * sizeof from->s[0]);
}

/* Better filter: longer shortest atom, then fewer atoms. */
static int set_better(const atom_set *a, const atom_set *b)
{
    if (!b->n)
        return a->n > 0;
    if (!a->n)
        return 0;
    int la = set_min_len(a), lb = set_min_len(b);
    if (la != lb)
        return la > lb;
    return a->n < b->n;
}

static void set_add(atom_set *a, const char *s, parser *P)
{
    for (int i = 0; i < a->n; i++)
        if (!strcmp(a->s[i], s))
            return;
    if (a->n == MAX_ATOMS) {
        P->bad = 1;             /* too many alternatives to be a useful filter */
        return;
    }
    size_t len = strlen(s);
    if (len > MAX_ATOM_LEN)
        len = MAX_ATOM_LEN;
    if (!a->n || (int)len < a->min_len)
        a->min_len = (int)len;
    memcpy(a->s[a->n], s, len);
    a->s[a->n++][len] = 0;
}

static atom_set *parse_alt(parser *P);

/* Keeps the current literal run as a candidate and starts a new one. */
static void end_run(char *run, int *rl, atom_set *best, parser *P)
{
    /* A run is a set of one atom: better when longer than the best's
     * shortest atom, or as long but the best has several. */
    if (*rl > 0 && (!best->n || *rl > best->min_len || (*rl == best->min_len && best->n > 1))) {
        run[*rl] = 0;
        best->n = 0;
        set_add(best, run, P);
    }
    *rl = 0;
}

/* Reads a quantifier after an item; returns its minimum count (1 if none). */
static int quantifier(parser *P)
{
    int min = 1;
    if (P->p >= P->end)
        return 1;
    char c = *P->p;
    if (c == '*' || c == '?') {
        min = 0;
        P->p++;
    } else if (c == '+') {
        P->p++;
    } else if (c == '{') {
        const char *q = P->p + 1;
        if (q < P->end && isdigit((unsigned char)*q)) {
            min = (int)strtol(q, (char **)&q, 10);
            while (q < P->end && (isdigit((unsigned char)*q) || *q == ','))
                q++;
            if (q < P->end && *q == '}')
                P->p = q + 1;
            else
                min = 1;        /* a literal brace, not a quantifier */
        } else if (q < P->end && *q == ',') {
            min = 0;
            while (q < P->end && *q != '}')
                q++;
            P->p = q < P->end ? q + 1 : q;
        }
    } else {
        return 1;
    }
    if (P->p < P->end && (*P->p == '?' || *P->p == '+'))
        P->p++;                 /* lazy or possessive */
    return min;
}

static int has_quantifier(const parser *P)
{
    return P->p < P->end && (*P->p == '*' || *P->p == '?' || *P->p == '+' ||
                             (*P->p == '{' && P->p + 1 < P->end &&
                              (isdigit((unsigned char)P->p[1]) || P->p[1] == ',')));
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

/* A sequence up to | or ) : the best candidate among its literal runs and groups. */
static atom_set *parse_seq(parser *P)
{
    atom_set *best = set_new(P);
    char run[MAX_ATOM_LEN + 1];
    int rl = 0;
    while (P->p < P->end && *P->p != '|' && *P->p != ')' && !P->bad) {
        unsigned char c = (unsigned char)*P->p;
        int lit = -1;           /* a literal byte, or -1 */
        atom_set *group = NULL;
        if (c == '(') {
            P->p++;
            int look = 0;
            if (P->p < P->end && *P->p == '?') {
                const char *q = P->p + 1;
                if (q < P->end && (*q == ':' || *q == '>' || *q == '|')) {
                    P->p = q + 1;
                } else if (q < P->end && (*q == '=' || *q == '!')) {
                    P->p = q + 1;
                    look = 1;
                } else if (q + 1 < P->end && *q == '<' && (q[1] == '=' || q[1] == '!')) {
                    P->p = q + 2;
                    look = 1;
                } else if (q < P->end && (*q == '<' || *q == '\'' || *q == 'P')) {
                    /* A named group: (?<name>...), (?'name'...), (?P<name>...). */
                    char close_ch = *q == '\'' ? '\'' : '>';
                    const char *close = memchr(q + 1, close_ch, (size_t)(P->end - q - 1));
                    if (!close || (*q == 'P' && (q + 1 >= P->end || q[1] != '<'))) {
                        P->bad = 1;
                        break;
                    }
                    P->p = close + 1;
                } else {
                    /* Flags such as (?i) or (?i:...); (?x) changes what spaces mean. */
                    while (q < P->end && (isalpha((unsigned char)*q) || *q == '-' || *q == '^')) {
                        if (*q == 'x')
                            P->bad = 1;
                        q++;
                    }
                    if (q < P->end && *q == ')') {
                        P->p = q + 1;
                        continue;       /* a flag setting, no text */
                    }
                    if (q < P->end && *q == ':') {
                        P->p = q + 1;
                    } else {
                        P->bad = 1;     /* conditionals, recursion, callouts */
                        break;
                    }
                }
            }
            group = parse_alt(P);
            if (P->p >= P->end || *P->p != ')')
                P->bad = 1;
            else
                P->p++;
            if (look) {         /* lookaround: zero-width, no text of its own */
                set_drop(P, group);
                group = NULL;
            }
        } else if (c == '[') {
            skip_class(P);
        } else if (c == '.') {
            P->p++;
        } else if (c == '^' || c == '$') {
            P->p++;
        } else if (c == '\\') {
            if (P->p + 1 >= P->end) {
                P->bad = 1;
                break;
            }
            unsigned char e = (unsigned char)P->p[1];
            P->p += 2;
            if (strchr("bBAzZGK", e)) {
                /* an anchor: matches no text */
            } else if (e == 'Q') {
                /* \Q...\E: all literal. */
                const char *stop = P->p;
                while (stop + 1 < P->end && !(stop[0] == '\\' && stop[1] == 'E'))
                    stop++;
                if (stop + 1 >= P->end)
                    stop = P->end;
                for (; P->p < stop; P->p++) {
                    unsigned char q = (unsigned char)*P->p;
                    if (q >= 0x80 || q < 0x20 || rl == MAX_ATOM_LEN)
                        end_run(run, &rl, best, P);
                    if (q < 0x80 && q >= 0x20)
                        run[rl++] = (char)tolower(q);
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
                    int k = 0;
                    while (k < 2 && P->p < P->end && isxdigit((unsigned char)*P->p)) {
                        v = v * 16 + (unsigned)(isdigit((unsigned char)*P->p) ? *P->p - '0'
                                                                               : tolower(*P->p) - 'a' + 10);
                        P->p++;
                        k++;
                    }
                }
                if (v > 0 && v < 0x80)
                    lit = (int)v;
            } else if (e == 'p' || e == 'P') {
                if (P->p < P->end && *P->p == '{') {
                    const char *close = memchr(P->p, '}', (size_t)(P->end - P->p));
                    P->p = close ? close + 1 : P->end;
                } else if (P->p < P->end) {
                    P->p++;
                }
            } else if (isalnum(e)) {
                /* \s \w \d \n \t \1 ... : a class or something we do not read. */
                if (isdigit(e) || e == 'g' || e == 'k')
                    P->bad = e == 'g' || e == 'k';
            } else {
                lit = e;        /* an escaped punctuation character */
            }
        } else {
            P->p++;
            if (c < 0x80 && c >= 0x20)
                lit = c;        /* non-ASCII may fold to other bytes caselessly */
        }

        int repeated = has_quantifier(P);
        int min = repeated ? quantifier(P) : 1;
        if (lit >= 0 && min >= 1) {
            if (rl == MAX_ATOM_LEN)
                end_run(run, &rl, best, P);
            run[rl++] = (char)tolower(lit);
            if (repeated)
                end_run(run, &rl, best, P);  /* "ab+c": a run cannot go past a repeat */
        } else {
            end_run(run, &rl, best, P);
        }
        if (group) {
            if (min >= 1 && set_better(group, best))
                set_copy(best, group);
            set_drop(P, group);
        }
    }
    end_run(run, &rl, best, P);
    return best;
}

static atom_set *parse_alt(parser *P)
{
    atom_set *all = parse_seq(P);
    while (!P->bad && P->p < P->end && *P->p == '|') {
        P->p++;
        atom_set *branch = parse_seq(P);
        if (!all->n || !branch->n) {
            all->n = 0;
            set_drop(P, branch);
            /* One branch without atoms: the alternation gives no filter. Keep
             * parsing to find the closing parenthesis. */
            while (!P->bad && P->p < P->end && *P->p == '|') {
                P->p++;
                set_drop(P, parse_seq(P));
            }
            return all;
        }
        for (int i = 0; i < branch->n; i++)
            set_add(all, branch->s[i], P);
        set_drop(P, branch);
    }
    return all;
}

int sc_atoms_extract(const char *pattern, char ***out, size_t *n_out)
{
    parser P = {pattern, pattern + strlen(pattern), 0, NULL, 0};
    *out = NULL;
    *n_out = 0;
    P.pool = malloc((POOL_DEPTH + 1) * sizeof *P.pool);
    if (!P.pool)
        return -1;
    atom_set *set = parse_alt(&P);
    int ok = !P.bad && P.p == P.end && set->n > 0 && set_min_len(set) >= 2;
    if (ok) {
        *out = calloc((size_t)set->n, sizeof(char *));
        for (int i = 0; *out && i < set->n; i++)
            (*out)[i] = strdup(set->s[i]);
        *n_out = *out ? (size_t)set->n : 0;
    }
    free(P.pool);
    return ok && *out ? 0 : -1;
}
