/* Matches -> sign scores -> verdict: fills an sc_result from the hits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Longest quote of a line shown as evidence; a longer line (a whole
 * speech-to-text call on one line) is cut to a window around the match. */
#define QUOTE_MAX 200
#define QUOTE_BEFORE 60
#define MATCH_MAX 120

static size_t back_to_char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static const char *quote(sc_arena *a, const char *line, size_t len, size_t at)
{
    if (len <= QUOTE_MAX)
        return sc_arena_clean_utf8(a, line, len);
    size_t from = at > QUOTE_BEFORE ? at - QUOTE_BEFORE : 0;
    if (from + QUOTE_MAX > len)
        from = len - QUOTE_MAX;
    from = back_to_char_start(line, from);
    size_t to = from + QUOTE_MAX < len ? back_to_char_start(line, from + QUOTE_MAX) : len;
    /* Start and end on word boundaries when one is near. */
    for (size_t k = 0; k < 15 && from > 0 && from < at && line[from - 1] != ' '; k++)
        from++;
    for (size_t k = 0; k < 15 && to < len && to > from && line[to] != ' '; k++)
        to--;
    to = back_to_char_start(line, to);
    from = back_to_char_start(line, from);
    const char *body = sc_arena_clean_utf8(a, line + from, to - from);
    if (!body)
        return NULL;
    size_t n = strlen(body);
    char *out = sc_arena_alloc(a, n + 8);
    if (!out)
        return NULL;
    strcpy(out, from > 0 ? "\xE2\x80\xA6" : "");   /* … */
    strcat(out, body);
    if (to < len)
        strcat(out, "\xE2\x80\xA6");
    return out;
}

static int cond_set_holds(const sc_cond_set *set, const sc_transcript *t)
{
    for (size_t c = 0; c < set->n; c++) {
        const sc_meta *m = sc_transcript_meta(t, set->conds[c].key);
        if (!m || !sc_meta_value_eq(set->conds[c].value, m->value))
            return 0;
    }
    return 1;
}

static int sign_cleared(const sc_sign *sign, const sc_transcript *t)
{
    for (size_t i = 0; i < sign->n_cleared_by; i++)
        if (cond_set_holds(&sign->cleared_by[i], t))
            return 1;
    return 0;
}

static int evidence_cmp(const void *pa, const void *pb)
{
    const sc_evidence *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return strcmp(a->rule, b->rule);
}

static int fill_evidence(sc_result *r, const sc_rules *rules, const sc_transcript *t,
                         const sc_hit *hit, sc_evidence *ev)
{
    const sc_rule *rule = SC_VEC_AT(&rules->rules, sc_rule, hit->rule);
    memset(ev, 0, sizeof *ev);  /* the slot may hold a dropped duplicate */
    ev->rule = rule->id;
    ev->weight = rule->weight;
    ev->time = -1;
    if (hit->turn < 0) {
        /* A front-matter rule: the evidence is the key's line. */
        const sc_meta *m = sc_transcript_meta(t, rule->metadata.conds[0].key);
        ev->line = m->line;
        ev->column = 1;
        ev->fact = 1;
        size_t n = strlen(m->key) + strlen(m->value) + 3;
        char *txt = sc_arena_alloc(&r->arena, n);
        if (!txt)
            return -1;
        snprintf(txt, n, "%s: %s", m->key, m->value);
        ev->match = txt;
        ev->text = m->note ? m->note : txt;   /* a worked-out fact says why */
        return 0;
    }
    const sc_turn *turn = SC_VEC_AT(&t->turns, sc_turn, hit->turn);
    const sc_segment *seg = sc_transcript_segment_at(t, turn, hit->off);
    ev->line = seg->line;
    ev->column = seg->column + (int)(hit->off - seg->off);
    ev->time = turn->time;
    ev->speaker = turn->speaker >= 0 ? SC_VEC_AT(&t->speakers, sc_speaker, turn->speaker)->label : NULL;
    ev->text = quote(&r->arena, t->body + seg->off, seg->len, hit->off - seg->off);
    size_t mlen = hit->len > MATCH_MAX ? back_to_char_start(t->body + hit->off, MATCH_MAX) : hit->len;
    ev->match = sc_arena_clean_utf8(&r->arena, t->body + hit->off, mlen);
    return ev->text && ev->match ? 0 : -1;
}

/* Hits in transcript order (call facts first), so that the evidence kept
 * under the caps is the first found in the call, however the matcher went. */
static int hit_order(const void *pa, const void *pb)
{
    const sc_hit *a = *(const sc_hit *const *)pa, *b = *(const sc_hit *const *)pb;
    if ((a->turn < 0) != (b->turn < 0))
        return a->turn < 0 ? -1 : 1;
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    return a->len > b->len ? -1 : a->len < b->len;
}

int sc_score(const sc_rules *rules, const sc_transcript *t, const sc_vec *hits, sc_result *r)
{
    size_t n_signs = rules->signs.len, n_rules = rules->rules.len;
    r->signs = sc_arena_alloc(&r->arena, (n_signs ? n_signs : 1) * sizeof *r->signs);
    /* Which rules fired, so each counts its weight once however often it matched. */
    char *fired = calloc(n_rules ? n_rules : 1, 1);
    /* Evidence kept per rule: a long call full of matches gives a bounded report. */
    unsigned *kept = calloc(n_rules ? n_rules : 1, sizeof *kept);
    size_t room = n_signs * SC_EVIDENCE_PER_SIGN < hits->len ? n_signs * SC_EVIDENCE_PER_SIGN : hits->len;
    sc_evidence *ev = sc_arena_alloc(&r->arena, (room ? room : 1) * sizeof *ev);
    const sc_hit **order = malloc((hits->len ? hits->len : 1) * sizeof *order);
    if (!r->signs || !fired || !kept || !ev || !order) {
        free(fired);
        free(kept);
        free(order);
        return -1;
    }
    for (size_t h = 0; h < hits->len; h++)
        order[h] = SC_VEC_AT(hits, sc_hit, h);
    qsort(order, hits->len, sizeof *order, hit_order);
    /* Facts first: a sign rule with `unless_fact` does not count while one
     * holds. Each fact's evidence is its first hit in transcript order. */
    uint32_t facts = 0;
    const sc_hit *first[SC_MAX_FACTS];
    for (size_t h = 0; h < hits->len; h++) {
        int f = SC_VEC_AT(&rules->rules, sc_rule, order[h]->rule)->fact_index;
        if (f >= 0 && !(facts & (uint32_t)1 << f)) {
            facts |= (uint32_t)1 << f;
            first[f] = order[h];
        }
    }
    size_t n_facts = rules->fact_names.len;
    r->facts = n_facts ? sc_arena_alloc(&r->arena, n_facts * sizeof *r->facts) : NULL;
    int failed = n_facts && !r->facts;
    for (size_t f = 0; f < n_facts && !failed; f++) {
        if (!(facts & (uint32_t)1 << f))
            continue;
        sc_fact *fact = &r->facts[r->n_facts++];
        fact->name = *SC_VEC_AT(&rules->fact_names, char *, f);
        failed = fill_evidence(r, rules, t, first[f], &fact->evidence) != 0;
    }
    if (failed) {
        free(fired);
        free(kept);
        free(order);
        return -1;
    }
    int total = 0;
    for (size_t s = 0; s < n_signs; s++) {
        const sc_sign *sign = SC_VEC_AT(&rules->signs, sc_sign, s);
        if (sign_cleared(sign, t))
            continue;
        int points = 0, against = 0;
        size_t n_ev = 0, n_more = 0;
        for (size_t h = 0; h < hits->len; h++) {
            const sc_hit *hit = order[h];
            const sc_rule *rule = SC_VEC_AT(&rules->rules, sc_rule, hit->rule);
            if (rule->sign_index != (int)s || (rule->unless_mask & facts))
                continue;
            if (!fired[hit->rule]) {
                fired[hit->rule] = 1;
                if (rule->weight > 0)
                    points += rule->weight;
                else
                    against -= rule->weight;
            }
            if (kept[hit->rule] >= SC_EVIDENCE_PER_RULE || n_ev >= SC_EVIDENCE_PER_SIGN) {
                n_more++;
                continue;
            }
            if (fill_evidence(r, rules, t, hit, &ev[n_ev])) {
                free(fired);
                free(kept);
                free(order);
                return -1;
            }
            /* One piece of evidence per rule and line: its first (then
             * longest) match there, whatever order the patterns were tried in. */
            int dup = 0;
            for (size_t k = 0; k < n_ev && !dup; k++) {
                dup = ev[k].line == ev[n_ev].line && !strcmp(ev[k].rule, ev[n_ev].rule);
                if (dup && (ev[n_ev].column < ev[k].column ||
                            (ev[n_ev].column == ev[k].column && strlen(ev[n_ev].match) > strlen(ev[k].match))))
                    ev[k] = ev[n_ev];
            }
            if (!dup) {
                n_ev++;
                kept[hit->rule]++;
            }
        }
        /* Evidence against a sign (negative weights) comes off the capped
         * score: it can weaken or cancel the sign, never turn it negative. */
        int score = (points < sign->cap ? points : sign->cap) - against;
        if (score <= 0)
            continue;
        qsort(ev, n_ev, sizeof *ev, evidence_cmp);
        sc_sign_result *out = &r->signs[r->n_signs++];
        out->id = sign->id;
        out->name = sign->name;
        out->advice = sign->advice;
        out->cap = sign->cap;
        out->score = score;
        out->n_evidence = n_ev;
        out->evidence = ev;
        out->n_more = n_more;
        ev += n_ev;
        total += out->score;
    }
    free(fired);
    free(kept);
    free(order);
    r->score = total > 100 ? 100 : total;
    r->verdict = r->score >= rules->threshold[SC_SCAM]         ? SC_SCAM
                 : r->score >= rules->threshold[SC_SUSPICIOUS] ? SC_SUSPICIOUS
                                                               : SC_CLEAN;
    return 0;
}
