/* The public entry points for checking: transcript -> matches -> result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int copy_shape(sc_result *r, const sc_transcript *t)
{
    r->n_lines = t->n_lines;
    r->n_turns = (int)t->turns.len;
    r->expect = t->expect;
    r->n_meta = t->meta.len;
    r->meta = sc_arena_alloc(&r->arena, (r->n_meta ? r->n_meta : 1) * sizeof *r->meta);
    r->n_speakers = t->speakers.len;
    r->speaker_labels = sc_arena_alloc(&r->arena, (r->n_speakers ? r->n_speakers : 1) * sizeof(char *));
    r->speaker_roles = sc_arena_alloc(&r->arena, (r->n_speakers ? r->n_speakers : 1) * sizeof(char *));
    if (!r->meta || !r->speaker_labels || !r->speaker_roles)
        return -1;
    if (r->n_meta)
        memcpy(r->meta, t->meta.items, r->n_meta * sizeof *r->meta);
    static const char *const roles[] = {"unknown", "other", "person"};
    for (size_t i = 0; i < r->n_speakers; i++) {
        const sc_speaker *s = SC_VEC_AT(&t->speakers, sc_speaker, i);
        r->speaker_labels[i] = s->label;
        r->speaker_roles[i] = roles[s->role];
    }
    return 0;
}

/* A warning in the result for each rule that ran into a PCRE2 limit. */
static int limit_warnings(sc_result *r, const sc_rules *rules, const unsigned char *limited)
{
    size_t n = 0;
    for (size_t i = 0; i < rules->rules.len; i++)
        n += limited[i] != 0;
    if (!n)
        return 0;
    r->warnings = sc_arena_alloc(&r->arena, n * sizeof *r->warnings);
    if (!r->warnings)
        return -1;
    for (size_t i = 0; i < rules->rules.len; i++) {
        if (!limited[i])
            continue;
        const sc_rule *rule = SC_VEC_AT(&rules->rules, sc_rule, i);
        sc_warning *w = &r->warnings[r->n_warnings++];
        w->rule = sc_arena_strdup(&r->arena, rule->id);
        w->message = "a pattern ran into the match limit (too much backtracking); "
                     "the rule counted as not matching";
        if (!w->rule)
            return -1;
    }
    return 0;
}

/* Parses and matches text against one rule (only >= 0) or all of them. */
static int run(const sc_rules *rules, const char *source, const char *text, size_t len,
               const sc_meta *meta, size_t n_meta, sc_format format, int only, sc_result **out,
               sc_error *err)
{
    if (!rules->compiled) {
        sc_set_error(err, source, 0, 0, "the rule set is not compiled (call sc_rules_compile)");
        return -1;
    }
    if (len > SC_MAX_TRANSCRIPT) {
        /* Offsets inside a transcript are 32-bit; no call is this long. */
        sc_set_error(err, source, 0, 0, "transcript too large (%zu bytes; the limit is %u)", len,
                     (unsigned)SC_MAX_TRANSCRIPT);
        return -1;
    }
    sc_result *r = calloc(1, sizeof *r);
    if (!r) {
        sc_set_error(err, source, 0, 0, "out of memory");
        return -1;
    }
    r->source = sc_arena_strdup(&r->arena, source ? source : "-");
    sc_transcript t;
    if (format == SC_FORMAT_AUTO)
        format = sc_format_detect(source, text, len);
    int bad = format == SC_FORMAT_TEXT
                  ? sc_transcript_parse(&t, &r->arena, source, text, len, meta, n_meta, rules, err)
                  : sc_formats_parse(&t, &r->arena, source, format, text, len, meta, n_meta, rules,
                                     err);
    if (bad) {
        sc_result_free(r);
        return -1;
    }
    if (sc_call_facts(rules, &t)) {
        sc_transcript_free(&t);
        sc_result_free(r);
        sc_set_error(err, source, 0, 0, "out of memory");
        return -1;
    }
    /* A rule's examples are in its file's language, whatever their words. */
    const sc_rule *tested = only >= 0 ? SC_VEC_AT(&rules->rules, sc_rule, only) : NULL;
    t.language = tested && tested->language ? tested->language : sc_language_of(rules, &t);
    r->language = t.language ? sc_arena_strdup(&r->arena, t.language) : NULL;
    sc_vec hits;
    sc_vec_init(&hits, sizeof(sc_hit));
    unsigned char *limited = calloc(rules->rules.len + 1, 1);
    int rc = limited ? sc_match(rules, &t, only, &hits, limited, err) : -1;
    r->n_hits = hits.len;
    if (rc == 0 && (sc_score(rules, &t, &hits, r) || copy_shape(r, &t) ||
                    limit_warnings(r, rules, limited))) {
        sc_set_error(err, source, 0, 0, "out of memory");
        rc = -1;
    }
    if (!limited)
        sc_set_error(err, source, 0, 0, "out of memory");
    if (rc && err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", source ? source : "-");
    free(limited);
    sc_vec_free(&hits);
    sc_transcript_free(&t);
    if (rc) {
        sc_result_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

int sc_check(const sc_rules *rules, const char *source, const char *text, size_t len,
             sc_result **out, sc_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    return run(rules, source, text, len, NULL, 0, SC_FORMAT_AUTO, -1, out, err);
}

int sc_check_ex(const sc_rules *rules, const char *source, const char *text, size_t len,
                const sc_check_options *o, sc_result **out, sc_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    return run(rules, source, text, len, o ? o->meta : NULL, o ? o->n_meta : 0,
               o ? o->format : SC_FORMAT_AUTO, -1, out, err);
}

int sc_check_with_meta(const sc_rules *rules, const char *source, const char *text, size_t len,
                       const sc_meta *meta, size_t n_meta, sc_result **out, sc_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    return run(rules, source, text, len, meta, n_meta, SC_FORMAT_AUTO, -1, out, err);
}

int sc_rules_test_examples(const sc_rules *rules, sc_example_report report, void *ctx,
                           size_t *n_checked, sc_error *err)
{
    int failures = 0;
    size_t checked = 0;
    /* Examples are for rule authors: every pattern must compile, used or not. */
    if (sc_rules_compile_lazy((sc_rules *)rules, err) ||
        sc_rules_load_builtin_examples((sc_rules *)rules, err))
        return -1;
    for (size_t i = 0; i < rules->rules.len; i++) {
        const sc_rule *rule = SC_VEC_AT(&rules->rules, sc_rule, i);
        for (int want = 1; want >= 0; want--) {
            char **ex = want ? rule->ex_match : rule->ex_no_match;
            size_t n = want ? rule->n_ex_match : rule->n_ex_no_match;
            for (size_t k = 0; k < n; k++) {
                sc_result *r;
                if (run(rules, rule->file, ex[k], strlen(ex[k]), NULL, 0, SC_FORMAT_TEXT, (int)i, &r, err))
                    return -1;
                /* Whether the rule matched, whatever the sign's score (a
                 * negative weight alone leaves no sign). */
                int fired = r->n_hits > 0;
                sc_result_free(r);
                checked++;
                if (fired != want) {
                    failures++;
                    if (report) {
                        sc_rule_info info;
                        sc_rules_get(rules, i, &info);
                        report(ctx, &info, want, ex[k]);
                    }
                }
            }
        }
    }
    if (n_checked)
        *n_checked = checked;
    return failures;
}

/* ---- live sessions ---------------------------------------------------------- */

sc_session *sc_session_new(const sc_rules *rules, const char *source)
{
    if (!rules->compiled)
        return NULL;
    sc_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->rules = rules;
    sc_transcript_init(&s->t, &s->arena);
    s->t.names = s->rules;
    sc_vec_init(&s->hits, sizeof(sc_hit));
    s->source = strdup(source ? source : "-");
    s->limited = calloc(rules->rules.len + 1, 1);
    if (!s->source || !s->limited) {
        free(s->source);
        free(s->limited);
        free(s);
        return NULL;
    }
    return s;
}

/* Matches the turns from `from` on and keeps their hits. */
static int session_match(sc_session *s, size_t from, sc_error *err)
{
    s->t.from_turn = from;
    s->t.language = sc_language_of(s->rules, &s->t);
    sc_vec fresh;
    sc_vec_init(&fresh, sizeof(sc_hit));
    int rc = sc_match(s->rules, &s->t, -1, &fresh, s->limited, err);
    for (size_t i = 0; rc == 0 && i < fresh.len; i++) {
        sc_hit *h = sc_vec_push(&s->hits);
        if (!h) {
            sc_set_error(err, s->source, s->lines, 0, "out of memory");
            rc = -1;
        } else {
            *h = *SC_VEC_AT(&fresh, sc_hit, i);
        }
    }
    sc_vec_free(&fresh);
    if (rc && err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", s->source);
    return rc;
}

int sc_session_feed_cue(sc_session *s, const char *block, size_t len, int first_line,
                        sc_format format, sc_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (!s->t.body_cap) {
        /* The body grows with the cues; start it here. */
        if (!(s->t.body = malloc(256))) {
            sc_set_error(err, s->source, first_line, 0, "out of memory");
            return -1;
        }
        s->t.body_cap = 256;
        s->t.body[0] = 0;
    }
    size_t before = s->t.turns.len;
    if (sc_formats_cue_block(&s->t, s->source, format == SC_FORMAT_VTT, block, len, first_line, err))
        return -1;
    s->lines = s->t.n_lines;
    return s->t.turns.len > before ? session_match(s, before, err) : 0;
}

int sc_session_feed(sc_session *s, const char *line, size_t len, sc_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    size_t before = s->t.turns.len;
    size_t last_len = before ? SC_VEC_AT(&s->t.turns, sc_turn, before - 1)->len : 0;
    if (sc_transcript_add_line(&s->t, line, len, ++s->lines)) {
        sc_set_error(err, s->source, s->lines, 0, "out of memory");
        return -1;
    }
    /* The line may have grown the last turn and started new ones (a label
     * inside the line starts a turn): those can match anew. Drop what the
     * grown turn matched before and match it again, now longer. */
    size_t first = before;
    if (before && SC_VEC_AT(&s->t.turns, sc_turn, before - 1)->len != last_len)
        first = before - 1;
    if (first >= s->t.turns.len)
        return 0;               /* a blank line */
    if (first < before) {
        while (s->hits.len && (SC_VEC_AT(&s->hits, sc_hit, s->hits.len - 1)->turn >= (int)first ||
                               SC_VEC_AT(&s->hits, sc_hit, s->hits.len - 1)->turn < 0))
            s->hits.len--;
    }
    return session_match(s, first, err);
}

int sc_session_result(const sc_session *s, sc_result **out, sc_error *err)
{
    sc_result *r = calloc(1, sizeof *r);
    if (!r) {
        sc_set_error(err, s->source, 0, 0, "out of memory");
        return -1;
    }
    r->source = sc_arena_strdup(&r->arena, s->source);
    r->language = s->t.language ? sc_arena_strdup(&r->arena, s->t.language) : NULL;
    r->n_hits = s->hits.len;
    /* Evidence quotes point into the result's own arena, so the session may
     * go on growing. */
    if (sc_score(s->rules, &s->t, &s->hits, r) || copy_shape(r, &s->t) ||
        limit_warnings(r, s->rules, s->limited)) {
        sc_result_free(r);
        sc_set_error(err, s->source, 0, 0, "out of memory");
        return -1;
    }
    /* Labels and metadata live in the session; the result must not depend on it. */
    for (size_t i = 0; i < r->n_speakers; i++)
        r->speaker_labels[i] = sc_arena_strdup(&r->arena, r->speaker_labels[i]);
    for (size_t i = 0; i < r->n_signs; i++)
        for (size_t k = 0; k < r->signs[i].n_evidence; k++) {
            sc_evidence *e = (sc_evidence *)&r->signs[i].evidence[k];
            e->speaker = sc_arena_strdup(&r->arena, e->speaker);
        }
    for (size_t i = 0; i < r->n_facts; i++)
        r->facts[i].evidence.speaker = sc_arena_strdup(&r->arena, r->facts[i].evidence.speaker);
    *out = r;
    return 0;
}

void sc_session_free(sc_session *s)
{
    if (!s)
        return;
    sc_transcript_free(&s->t);
    sc_vec_free(&s->hits);
    sc_arena_free(&s->arena);
    free(s->source);
    free(s->limited);
    free(s);
}

void sc_result_free(sc_result *r)
{
    if (!r)
        return;
    sc_arena_free(&r->arena);
    free(r);
}

const char *sc_result_source(const sc_result *r) { return r->source; }
int sc_result_score(const sc_result *r) { return r->score; }
sc_verdict sc_result_verdict(const sc_result *r) { return r->verdict; }
size_t sc_result_sign_count(const sc_result *r) { return r->n_signs; }
size_t sc_result_meta_count(const sc_result *r) { return r->n_meta; }
int sc_result_lines(const sc_result *r) { return r->n_lines; }
int sc_result_turns(const sc_result *r) { return r->n_turns; }
size_t sc_result_speaker_count(const sc_result *r) { return r->n_speakers; }
int sc_result_expected(const sc_result *r) { return r->expect; }
const char *sc_result_language(const sc_result *r) { return r->language; }
size_t sc_result_fact_count(const sc_result *r) { return r->n_facts; }

const sc_fact *sc_result_fact(const sc_result *r, size_t i)
{
    return i < r->n_facts ? &r->facts[i] : NULL;
}

size_t sc_result_warning_count(const sc_result *r) { return r->n_warnings; }

const sc_warning *sc_result_warning(const sc_result *r, size_t i)
{
    return i < r->n_warnings ? &r->warnings[i] : NULL;
}

const sc_sign_result *sc_result_sign(const sc_result *r, size_t i)
{
    return i < r->n_signs ? &r->signs[i] : NULL;
}

const sc_meta *sc_result_meta(const sc_result *r, size_t i)
{
    return i < r->n_meta ? &r->meta[i] : NULL;
}

const char *sc_result_speaker(const sc_result *r, size_t i, const char **role)
{
    if (i >= r->n_speakers)
        return NULL;
    if (role)
        *role = r->speaker_roles[i];
    return r->speaker_labels[i];
}
