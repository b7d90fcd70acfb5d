/* Transcript -> matches: runs the rules over each turn, applies `unless`,
 * settles which speaker is the caller, and applies speaker scope. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* How far a sentence reaches either side of a match when no punctuation ends it. */
#define SENTENCE_REACH 120
/* How far `unless_scope: turn` reaches: a whole call on one line is one turn,
 * and scanning all of it for every cancelled match would be quadratic. */
#define TURN_REACH 2000

/* Subjects are valid UTF-8 and matched without PCRE2's check, so every
 * offset handed to PCRE2 must fall on the start of a character. */
static size_t char_back(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static size_t char_fwd(const char *s, size_t len, size_t i)
{
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

static int ends_sentence(const char *s, size_t len, size_t i)
{
    /* s[i] is . ! or ? followed by space or the end: "3.5" and "e.g." mid-word do not count. */
    return (s[i] == '.' || s[i] == '!' || s[i] == '?') &&
           (i + 1 >= len || isspace((unsigned char)s[i + 1]));
}

static void sentence_bounds(const char *s, size_t len, size_t mstart, size_t mend,
                            size_t *bs, size_t *be)
{
    size_t b = mstart, lo = mstart > SENTENCE_REACH ? mstart - SENTENCE_REACH : 0;
    while (b > lo && !ends_sentence(s, len, b - 1))
        b--;
    size_t e = mend, hi = mend + SENTENCE_REACH < len ? mend + SENTENCE_REACH : len;
    while (e < hi && !ends_sentence(s, len, e))
        e++;
    if (e < len)
        e++;                    /* keep the full stop */
    *bs = b;
    *be = e;
}

/* What one sc_match call works with. */
typedef struct matcher {
    const sc_rules *rules;
    const sc_transcript *t;
    pcre2_match_data *md;
    pcre2_match_context *mctx;  /* PCRE2's match, depth and heap limits */
    sc_vec *hits;
    unsigned char *limited;     /* per rule: a pattern hit a limit, so the rule is done */
    int32_t *at_turn;           /* per pattern tried at its atoms: the turn it is in, */
    size_t *at_start;           /* and where its next match may start (across pieces) */
} matcher;

/* One PCRE2 match. A pattern that runs into a limit (catastrophic
 * backtracking in a user's rule) counts as no match, and its rule is not
 * tried again on this transcript: one bad pattern must not hang a run. */
static int try_match(matcher *m, int rule, pcre2_code *code, const char *s, size_t len,
                     size_t start, size_t offset_limit)
{
    pcre2_set_offset_limit(m->mctx, offset_limit);
    int rc = pcre2_match(code, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
    if (rc >= 0)
        return 1;
    if (rc != PCRE2_ERROR_NOMATCH)
        m->limited[rule] = 1;
    return 0;
}

static int cancelled(matcher *m, int index, const sc_rule *rule, const char *turn, size_t len,
                     size_t ms, size_t me)
{
    if (!rule->n_unless)
        return 0;
    size_t bs = 0, be = len, w = (size_t)rule->unless_window;
    if (rule->unless_scope == SC_UNLESS_SENTENCE) {
        sentence_bounds(turn, len, ms, me, &bs, &be);
    } else if (rule->unless_scope == SC_UNLESS_TURN) {
        bs = ms > TURN_REACH ? ms - TURN_REACH : 0;
        be = me + TURN_REACH < len ? me + TURN_REACH : len;
    } else if (rule->unless_scope == SC_UNLESS_NEAR) {
        bs = ms > w ? ms - w : 0;          /* a window of bytes either side */
        be = me + w < len ? me + w : len;
    }
    bs = char_back(turn, bs);
    be = char_fwd(turn, len, be);
    for (size_t i = 0; i < rule->n_unless; i++) {
        pcre2_code *code = sc_pattern_code(m->rules, &rule->unless[i], be - bs);
        if (code && try_match(m, index, code, turn + bs, be - bs, 0, PCRE2_UNSET))
            return 1;
    }
    return 0;
}

static int push_hit(sc_vec *hits, int rule, int turn, size_t off, size_t len)
{
    sc_hit *h = sc_vec_push(hits);
    if (!h)
        return -1;
    h->rule = rule;
    h->turn = turn;
    h->off = off;
    h->len = len;
    return 0;
}

static int match_metadata(const sc_rule *rule, int index, const sc_transcript *t, sc_vec *hits)
{
    const sc_meta *first = NULL;
    for (size_t c = 0; c < rule->metadata.n; c++) {
        const sc_meta *m = sc_transcript_meta(t, rule->metadata.conds[c].key);
        if (!m || !sc_meta_value_eq(rule->metadata.conds[c].value, m->value))
            return 0;
        if (!first)
            first = m;
    }
    return push_hit(hits, index, -1, (size_t)first->line, 0);
}

/* Records a match at [ms, me) of the turn unless `unless` cancels it, and
 * sets *next to where the next match may start: the next line after a hit
 * (one piece of evidence per line is all a report needs, and it bounds the
 * work on repetitive text), just past a cancelled match. */
static int take_match(matcher *m, const sc_rule *rule, int index, int turn_index, size_t ms,
                      size_t me, size_t *next)
{
    const sc_transcript *t = m->t;
    const sc_turn *turn = SC_VEC_AT(&t->turns, sc_turn, turn_index);
    const char *s = t->body + turn->off;
    if (cancelled(m, index, rule, s, turn->len, ms, me)) {
        *next = me > ms ? me : char_fwd(s, turn->len, ms + 1);
        return 0;
    }
    if (push_hit(m->hits, index, turn_index, turn->off + ms, me - ms))
        return -1;
    const sc_segment *seg = sc_transcript_segment_at(t, turn, turn->off + ms);
    *next = seg->off + seg->len - turn->off;
    if (*next <= ms)
        *next = char_fwd(s, turn->len, ms + 1);
    return 0;
}

/* One pattern over a whole turn. */
static int match_turn(matcher *m, const sc_rule *rule, int index, pcre2_code *code, int turn_index)
{
    const sc_turn *turn = SC_VEC_AT(&m->t->turns, sc_turn, turn_index);
    const char *s = m->t->body + turn->off;
    size_t len = turn->len, start = 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    while (start <= len && !m->limited[index]) {
        if (!try_match(m, index, code, s, len, start, PCRE2_UNSET))
            break;
        if (take_match(m, rule, index, turn_index, ov[0], ov[1], &start))
            return -1;
    }
    return 0;
}

static int pair_pos_cmp(const void *a, const void *b)
{
    const sc_prefilter_pair *x = a, *y = b;
    if (x->turn != y->turn)
        return x->turn < y->turn ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* A bounded pattern tried only where it can start: within `bound` bytes
 * before one of its atoms (the offset limit stops PCRE2 at the atom). Taken
 * in order, this finds the same matches as a scan of the whole turn. */
static int match_at_atoms(matcher *m, const sc_rule *rule, int index, const sc_pattern *pat,
                          pcre2_code *code, sc_prefilter_pair *pairs, size_t n)
{
    const sc_transcript *t = m->t;
    for (size_t k = 1; k < n; k++)
        if (pair_pos_cmp(&pairs[k - 1], &pairs[k]) > 0) {
            /* Atoms of different lengths can end out of start order. */
            qsort(pairs, n, sizeof *pairs, pair_pos_cmp);
            break;
        }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    int turn_index = m->at_turn[pat->index];
    const sc_turn *turn = turn_index >= 0 ? SC_VEC_AT(&t->turns, sc_turn, turn_index) : NULL;
    size_t start = m->at_start[pat->index], bound = (size_t)pat->bound;
    for (size_t k = 0; k < n && !m->limited[index]; k++) {
        if (pairs[k].turn != turn_index) {
            turn_index = pairs[k].turn;
            turn = SC_VEC_AT(&t->turns, sc_turn, turn_index);
            start = 0;
        }
        size_t q = pairs[k].pos - turn->off;
        if (q < start)
            continue;           /* inside a match already taken */
        size_t from = q > bound ? q - bound : 0;
        if (from < start)
            from = start;
        from = char_back(t->body + turn->off, from);
        if (!try_match(m, index, code, t->body + turn->off, turn->len, from, q))
            continue;
        if (take_match(m, rule, index, turn_index, ov[0], ov[1], &start))
            return -1;
    }
    m->at_turn[pat->index] = turn_index;   /* the next piece goes on from here */
    m->at_start[pat->index] = start;
    return 0;
}

/* The weight of the rules of one side (SC_SCOPE_OTHER or SC_SCOPE_PERSON)
 * that matched each speaker's turns, whoever the labels say said it: what
 * callers say, or what the person says ("I'm calling about my order").
 * rules_seen[i] counts the different rules behind w[i]. */
static void side_weight(const sc_rules *rules, const sc_transcript *t, const sc_vec *hits,
                        int side, long *w, long *rules_seen)
{
    for (size_t i = 0; i < t->speakers.len; i++)
        w[i] = rules_seen[i] = 0;
    for (size_t h = 0; h < hits->len; h++) {
        const sc_hit *hit = SC_VEC_AT(hits, sc_hit, h);
        const sc_rule *r = SC_VEC_AT(&rules->rules, sc_rule, hit->rule);
        if (hit->turn < 0 || r->scope != side || r->fact)
            continue;           /* facts say nothing about who is who */
        int sp = SC_VEC_AT(&t->turns, sc_turn, hit->turn)->speaker;
        if (sp < 0)
            continue;
        w[sp] += r->weight < 0 ? -r->weight : r->weight;
        int again = 0;          /* a rule's hits come together (within a piece) */
        for (size_t k = h; k-- > 0 && !again;) {
            const sc_hit *o = SC_VEC_AT(hits, sc_hit, k);
            if (o->rule != hit->rule)
                break;
            again = o->turn >= 0 && SC_VEC_AT(&t->turns, sc_turn, o->turn)->speaker == sp;
        }
        rules_seen[sp] += !again;
    }
}

/* How much, and how many different rules, of what the other side says the
 * labels' sides must say before labels that only tell who dialled swap: one
 * stray match (advice that quotes a scammer) is not enough. */
#define SWAP_MIN_WEIGHT 15
#define SWAP_MIN_RULES 2

static void settle_roles(const sc_rules *rules, sc_transcript *t, const sc_vec *hits)
{
    size_t n = t->speakers.len;
    if (!n)
        return;
    sc_speaker *sp = t->speakers.items;
    int have_other = 0, have_person = 0, unresolved = 0, by_call = 1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(sp[i].label);
        if (t->caller_label)
            sp[i].role = sc_strcaseeq(sp[i].label, t->caller_label) ? SC_SCOPE_OTHER : SC_SCOPE_PERSON;
        else
            sp[i].role = sc_speaker_name_role(rules, sp[i].label, len);
        if (sp[i].role != SC_SCOPE_ANY && !sc_name_listed(&rules->call_names, sp[i].label, len))
            by_call = 0;
        have_other |= sp[i].role == SC_SCOPE_OTHER;
        have_person |= sp[i].role == SC_SCOPE_PERSON;
        unresolved |= sp[i].role == SC_SCOPE_ANY;
    }
    if (t->caller_label)
        return;
    long *w = malloc(2 * n * sizeof *w);
    if (!w)
        return;                 /* out of memory: the sides stay as the labels say */
    long *seen = w + n;
    if (!have_other && !have_person) {
        /* Nothing names the parties: the caller is whoever says what callers
         * say; with no clue at all every rule looks at everyone. */
        side_weight(rules, t, hits, SC_SCOPE_OTHER, w, seen);
        long best = 0;
        int caller = -1;
        for (size_t i = 0; i < n; i++)
            if (w[i] > best) {
                best = w[i];
                caller = (int)i;
            }
        for (size_t i = 0; caller >= 0 && i < n; i++)
            sp[i].role = (int)i == caller ? SC_SCOPE_OTHER : SC_SCOPE_PERSON;
        free(w);
        return;
    }
    if (unresolved && !(have_other && have_person)) {
        int rest = have_other ? SC_SCOPE_PERSON : SC_SCOPE_OTHER;
        for (size_t i = 0; i < n; i++)
            if (sp[i].role == SC_SCOPE_ANY)
                sp[i].role = rest;
    }
    if (by_call) {
        /* "caller" and "receiver" say who dialled. A call the person placed
         * (front matter, or the receiver saying what callers say, clearly
         * more than the caller does) has the other party answering. */
        const sc_meta *dir = sc_transcript_meta(t, "direction");
        int swap = dir && sc_strcaseeq(dir->value, "outbound");
        if (!swap) {
            /* keep: the labels' sides say what their side says; cross: the
             * other way round. */
            long keep = 0, cross = 0, cross_rules = 0;
            for (int side = SC_SCOPE_OTHER; side <= SC_SCOPE_PERSON; side++) {
                side_weight(rules, t, hits, side, w, seen);
                for (size_t i = 0; i < n; i++) {
                    if (sp[i].role == side)
                        keep += w[i];
                    else if (sp[i].role != SC_SCOPE_ANY) {
                        cross += w[i];
                        cross_rules += seen[i];
                    }
                }
            }
            swap = cross >= SWAP_MIN_WEIGHT && cross_rules >= SWAP_MIN_RULES && cross > 2 * keep;
        }
        for (size_t i = 0; swap && i < n; i++)
            sp[i].role = sp[i].role == SC_SCOPE_OTHER ? SC_SCOPE_PERSON : SC_SCOPE_OTHER;
    }
    free(w);
}

/* What the prefilter found in one piece of the body, sorted by key
 * (pattern * 2 + role): the range start[key] .. start[key + 1] of pairs. */
typedef struct candidates {
    sc_vec pairs;               /* sc_prefilter_pair */
    size_t *start;
    size_t *fill;
    sc_vec found, carry;        /* this piece's scan; anchors left for the next piece */
    int32_t *last;              /* per pattern: the last turn a filter atom was seen in */
    sc_prefilter_scan_state scan;
    size_t lo, hi;              /* the piece: anchors starting in [lo, hi) */
    size_t scanned_from;        /* and the bytes scanned for it: [scanned_from, scan.pos) */
} candidates;

/* Transcripts are scanned in pieces of this many bytes, so that the memory
 * the candidates take stays bounded however long the transcript (a whole
 * call on one 64 MB line); a usual call is one piece. */
#ifndef SCAN_PIECE
#define SCAN_PIECE ((size_t)1 << 20)  /* tests build with a tiny piece to check the seams */
#endif

static int candidates_init(const sc_rules *rules, const sc_transcript *t, candidates *c)
{
    size_t n = rules->n_text_patterns, n_keys = 2 * n;
    memset(c, 0, sizeof *c);
    sc_vec_init(&c->pairs, sizeof(sc_prefilter_pair));
    sc_vec_init(&c->found, sizeof(sc_prefilter_pair));
    sc_vec_init(&c->carry, sizeof(sc_prefilter_pair));
    c->last = malloc((n ? n : 1) * sizeof *c->last);
    c->start = calloc(n_keys + 1, sizeof *c->start);
    c->fill = malloc((n_keys ? n_keys : 1) * sizeof *c->fill);
    if (!c->last || !c->start || !c->fill)
        return -1;
    for (size_t i = 0; i < n; i++)
        c->last[i] = -1;
    sc_prefilter_scan_start(&c->scan, t);
    c->hi = c->scan.pos;
    return 0;
}

static void candidates_free(candidates *c)
{
    sc_vec_free(&c->pairs);
    sc_vec_free(&c->found);
    sc_vec_free(&c->carry);
    free(c->last);
    free(c->start);
    free(c->fill);
}

/* Scans the next piece. Anchors are handed out by where they start: one
 * that starts within the longest atom of the piece's end might still have
 * company ending in the next piece, so it waits for that piece (a pattern's
 * anchors must be tried in order). Returns 1 when there was a piece, 0 at
 * the end, -1 when out of memory. */
static int next_piece(const sc_rules *rules, const sc_transcript *t, candidates *c)
{
    if (c->scan.pos >= t->body_len && !c->carry.len)
        return 0;
    size_t n_keys = 2 * rules->n_text_patterns;
    size_t end = t->body_len - c->scan.pos > SCAN_PIECE ? c->scan.pos + SCAN_PIECE : t->body_len;
    c->found.len = 0;
    for (size_t i = 0; i < c->carry.len; i++) {
        sc_prefilter_pair *p = sc_vec_push(&c->found);
        if (!p)
            return -1;
        *p = *SC_VEC_AT(&c->carry, sc_prefilter_pair, i);
    }
    c->carry.len = 0;
    c->scanned_from = c->scan.pos;
    if (sc_prefilter_scan(rules->prefilter, t, &c->scan, end, c->last, &c->found))
        return -1;
    size_t safe = (size_t)sc_prefilter_max_atom(rules->prefilter);
    c->lo = c->hi;
    c->hi = c->scan.pos >= t->body_len ? (size_t)-1 : c->scan.pos > safe ? c->scan.pos - safe : 0;
    /* Counting sort by key; the scan gives each key's pairs in order. */
    memset(c->start, 0, (n_keys + 1) * sizeof *c->start);
    size_t kept = 0;
    for (size_t i = 0; i < c->found.len; i++) {
        sc_prefilter_pair *pr = SC_VEC_AT(&c->found, sc_prefilter_pair, i);
        if ((pr->key & 1) && pr->pos >= c->hi) {
            sc_prefilter_pair *later = sc_vec_push(&c->carry);
            if (!later)
                return -1;
            *later = *pr;
            continue;
        }
        *SC_VEC_AT(&c->found, sc_prefilter_pair, kept++) = *pr;
        c->start[pr->key + 1]++;
    }
    c->found.len = kept;
    for (size_t k = 0; k < n_keys; k++)
        c->start[k + 1] += c->start[k];
    c->pairs.len = 0;
    for (size_t i = 0; i < c->found.len; i++)
        if (!sc_vec_push(&c->pairs))
            return -1;
    memcpy(c->fill, c->start, n_keys * sizeof *c->fill);
    for (size_t i = 0; i < c->found.len; i++) {
        sc_prefilter_pair *pr = SC_VEC_AT(&c->found, sc_prefilter_pair, i);
        *SC_VEC_AT(&c->pairs, sc_prefilter_pair, c->fill[pr->key]++) = *pr;
    }
    return 1;
}

/* Keeps the anchors that lie in a turn the filter found (both sorted by
 * turn). A turn reaching outside the bytes scanned for this piece may have
 * its filter atom in another piece: its anchors are all kept (the gate only
 * saves work). */
static size_t keep_gated(const sc_transcript *t, const candidates *c, sc_prefilter_pair *anchors,
                         size_t n, const sc_prefilter_pair *turns, size_t n_turns)
{
    size_t keep = 0, j = 0;
    for (size_t k = 0; k < n; k++) {
        while (j < n_turns && turns[j].turn < anchors[k].turn)
            j++;
        const sc_turn *turn = SC_VEC_AT(&t->turns, sc_turn, anchors[k].turn);
        int whole = turn->off >= c->scanned_from && turn->off + turn->len <= c->scan.pos;
        if (!whole || (j < n_turns && turns[j].turn == anchors[k].turn))
            anchors[keep++] = anchors[k];
    }
    return keep;
}

/* The rules with patterns the prefilter decides about, over one piece. */
static int match_piece(matcher *m, candidates *c, size_t from, size_t to)
{
    const sc_rules *rules = m->rules;
    const sc_transcript *t = m->t;
    int rc = 0;
    for (size_t r = from; r < to && !rc; r++) {
        const sc_rule *rule = SC_VEC_AT(&rules->rules, sc_rule, r);
        if (rule->metadata.n || (rule->language && (!t->language || strcmp(rule->language, t->language))))
            continue;
        for (size_t p = 0; p < rule->n_patterns && !rc && !m->limited[r]; p++) {
            sc_pattern *pat = &rule->patterns[p];
            if (pat->always)
                continue;
            size_t key = (size_t)pat->index * 2;
            sc_prefilter_pair *found = c->pairs.items;   /* NULL when nothing was found */
            sc_prefilter_pair *turns = found ? found + c->start[key] : NULL;
            size_t n_turns = c->start[key + 1] - c->start[key];
            if (pat->bound < 0) {
                /* No anchors: the whole of each turn a filter atom is in
                 * (each turn once, in the piece where the atom first is). */
                pcre2_code *code = n_turns ? sc_pattern_code(rules, pat, t->body_len) : NULL;
                for (size_t k = 0; k < n_turns && code && !rc; k++)
                    rc = match_turn(m, rule, (int)r, code, turns[k].turn);
                continue;
            }
            sc_prefilter_pair *anchors = found ? found + c->start[key + 1] : NULL;
            size_t n_anchors = c->start[key + 2] - c->start[key + 1];
            if (pat->gated)
                n_anchors = keep_gated(t, c, anchors, n_anchors, turns, n_turns);
            pcre2_code *code = n_anchors ? sc_pattern_code(rules, pat, t->body_len) : NULL;
            if (code)
                rc = match_at_atoms(m, rule, (int)r, pat, code, anchors, n_anchors);
        }
    }
    return rc;
}

int sc_match(const sc_rules *rules, sc_transcript *t, int only, sc_vec *hits,
             unsigned char *limited, sc_error *err)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    size_t n_pat = rules->n_text_patterns;
    int32_t *at_turn = malloc((n_pat ? n_pat : 1) * sizeof *at_turn);
    size_t *at_start = malloc((n_pat ? n_pat : 1) * sizeof *at_start);
    candidates cand;
    int filtered = rules->use_prefilter;
    int rc = !md || !mctx || !at_turn || !at_start || candidates_init(rules, t, &cand) ? -1 : 0;
    if (!rc) {
        pcre2_set_match_limit(mctx, rules->match_limit);
        pcre2_set_depth_limit(mctx, rules->match_limit);
        pcre2_set_heap_limit(mctx, SC_HEAP_LIMIT_KIB);
        for (size_t i = 0; i < n_pat; i++)
            at_turn[i] = -1;
    }
    matcher m = {rules, t, md, mctx, hits, limited, at_turn, at_start};
    size_t from = only >= 0 ? (size_t)only : 0;
    size_t to = only >= 0 ? (size_t)only + 1 : rules->rules.len;
    /* Call facts, and the patterns the prefilter cannot decide about, once. */
    for (size_t r = from; r < to && !rc; r++) {
        const sc_rule *rule = SC_VEC_AT(&rules->rules, sc_rule, r);
        if (rule->language && (!t->language || strcmp(rule->language, t->language)))
            continue;           /* written for another language */
        if (rule->metadata.n) {
            if (t->from_turn == 0)     /* a live session matches call facts once */
                rc = match_metadata(rule, (int)r, t, hits);
            continue;
        }
        for (size_t p = 0; p < rule->n_patterns && !rc && !limited[r]; p++) {
            sc_pattern *pat = &rule->patterns[p];
            if (filtered && !pat->always)
                continue;
            pcre2_code *code = sc_pattern_code(rules, pat, t->body_len);
            for (size_t ti = t->from_turn; ti < t->turns.len && code && !rc; ti++)
                if (SC_VEC_AT(&t->turns, sc_turn, ti)->len)
                    rc = match_turn(&m, rule, (int)r, code, (int)ti);
        }
    }
    /* The rest, piece by piece. */
    while (filtered && !rc) {
        int more = next_piece(rules, t, &cand);
        if (more <= 0) {
            rc = more;
            break;
        }
        rc = match_piece(&m, &cand, from, to);
    }
    pcre2_match_data_free(md);
    pcre2_match_context_free(mctx);
    free(at_turn);
    free(at_start);
    candidates_free(&cand);
    if (rc) {
        sc_set_error(err, NULL, 0, 0, "out of memory");
        return -1;
    }
    settle_roles(rules, t, hits);
    /* Drop hits outside their rule's speaker scope. */
    size_t keep = 0;
    for (size_t h = 0; h < hits->len; h++) {
        sc_hit *hit = SC_VEC_AT(hits, sc_hit, h);
        const sc_rule *r = SC_VEC_AT(&rules->rules, sc_rule, hit->rule);
        int ok = 1;
        if (hit->turn >= 0 && r->scope != SC_SCOPE_ANY) {
            int sp = SC_VEC_AT(&t->turns, sc_turn, hit->turn)->speaker;
            int role = sp >= 0 ? SC_VEC_AT(&t->speakers, sc_speaker, sp)->role : SC_SCOPE_ANY;
            ok = role == SC_SCOPE_ANY || role == r->scope;
        }
        if (ok)
            *SC_VEC_AT(hits, sc_hit, keep++) = *hit;
    }
    hits->len = keep;
    return 0;
}
