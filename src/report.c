/* Result -> report: text for people, JSON and JSON Lines for programs. */
#include <cjson/cJSON.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct report {
    output_format format;
    int quiet;
    FILE *out, *err;
    int n_results;
    cJSON *errors;              /* the JSON document's errors, written at the end */
};

/* SARIF level of a rule: how sure one match of it is. */
static const char *sarif_level(int weight)
{
    return weight >= 15 ? "error" : weight >= 8 ? "warning" : "note";
}

static void sarif_begin(FILE *out, const sc_rules *rules)
{
    cJSON *driver = cJSON_CreateObject();
    cJSON_AddStringToObject(driver, "name", "scamcheck");
    cJSON_AddStringToObject(driver, "version", SCAMCHECK_VERSION);
    cJSON_AddStringToObject(driver, "informationUri", "https://github.com/scamcheck/scamcheck");
    cJSON *list = cJSON_AddArrayToObject(driver, "rules");
    for (size_t i = 0; i < sc_rules_count(rules); i++) {
        sc_rule_info ri;
        sc_rules_get(rules, i, &ri);
        if (ri.fact)
            continue;           /* a fact rule raises no result of its own */
        const char *advice = "";
        const char *sign_name = ri.sign;
        for (size_t k = 0; k < sc_signs_count(rules); k++) {
            sc_sign_info si;
            sc_signs_get(rules, k, &si);
            if (!strcmp(si.id, ri.sign))
                advice = si.advice, sign_name = si.name;
        }
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "id", ri.id);
        cJSON_AddItemToObject(r, "shortDescription", cJSON_CreateObject());
        cJSON_AddStringToObject(cJSON_GetObjectItem(r, "shortDescription"), "text", ri.description);
        cJSON_AddItemToObject(r, "fullDescription", cJSON_CreateObject());
        cJSON_AddStringToObject(cJSON_GetObjectItem(r, "fullDescription"), "text", sign_name);
        cJSON_AddItemToObject(r, "help", cJSON_CreateObject());
        cJSON_AddStringToObject(cJSON_GetObjectItem(r, "help"), "text", advice);
        cJSON *conf = cJSON_AddObjectToObject(r, "defaultConfiguration");
        cJSON_AddStringToObject(conf, "level", sarif_level(ri.weight));
        cJSON *props = cJSON_AddObjectToObject(r, "properties");
        cJSON_AddStringToObject(props, "sign", ri.sign);
        cJSON_AddNumberToObject(props, "weight", ri.weight);
        cJSON_AddItemToArray(list, r);
    }
    char *d = cJSON_PrintUnformatted(driver);
    fprintf(out, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
                 "\"runs\":[{\"tool\":{\"driver\":%s},\"results\":[", d ? d : "{}");
    free(d);
    cJSON_Delete(driver);
}

/* The SARIF results of one transcript: one per piece of evidence. */
static void sarif_results(FILE *out, const sc_result *r)
{
    int first = 1;
    for (size_t i = 0; i < sc_result_sign_count(r); i++) {
        const sc_sign_result *s = sc_result_sign(r, i);
        for (size_t k = 0; k < s->n_evidence; k++) {
            const sc_evidence *e = &s->evidence[k];
            cJSON *res = cJSON_CreateObject();
            cJSON_AddStringToObject(res, "ruleId", e->rule);
            cJSON_AddStringToObject(res, "level", sarif_level(e->weight));
            char msg[700];
            snprintf(msg, sizeof msg, "%s (%s, %s %d of 100): \"%s\"", s->name, s->id,
                     sc_verdict_name(sc_result_verdict(r)), sc_result_score(r), e->text);
            cJSON_AddItemToObject(res, "message", cJSON_CreateObject());
            cJSON_AddStringToObject(cJSON_GetObjectItem(res, "message"), "text", msg);
            cJSON *loc = cJSON_CreateObject();
            cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
            cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
            cJSON_AddStringToObject(art, "uri", sc_result_source(r));
            if (e->line) {
                cJSON *region = cJSON_AddObjectToObject(phys, "region");
                cJSON_AddNumberToObject(region, "startLine", e->line);
                cJSON_AddNumberToObject(region, "startColumn", e->column);
            }
            cJSON *locs = cJSON_AddArrayToObject(res, "locations");
            cJSON_AddItemToArray(locs, loc);
            cJSON *props = cJSON_AddObjectToObject(res, "properties");
            cJSON_AddStringToObject(props, "sign", s->id);
            if (e->time >= 0)
                cJSON_AddNumberToObject(props, "time", e->time);
            cJSON_AddStringToObject(props, "verdict", sc_verdict_name(sc_result_verdict(r)));
            cJSON_AddNumberToObject(props, "score", sc_result_score(r));
            char *txt = cJSON_PrintUnformatted(res);
            if (txt) {
                fputs(first ? "" : ",\n", out);
                fputs(txt, out);
                first = 0;
                free(txt);
            }
            cJSON_Delete(res);
        }
    }
}

report *report_new(output_format format, int quiet, FILE *out, FILE *err, const sc_rules *rules)
{
    report *rp = calloc(1, sizeof *rp);
    if (!rp)
        return NULL;
    rp->format = format;
    rp->quiet = quiet;
    rp->out = out;
    rp->err = err;
    rp->errors = cJSON_CreateArray();
    if (format == FORMAT_JSON && !quiet)
        fprintf(out, "{\"version\":\"%s\",\"results\":[", SCAMCHECK_VERSION);
    if (format == FORMAT_SARIF && !quiet)
        sarif_begin(out, rules);
    return rp;
}

static cJSON *evidence_json(const sc_evidence *e)
{
    cJSON *je = cJSON_CreateObject();
    cJSON_AddStringToObject(je, "rule", e->rule);
    cJSON_AddNumberToObject(je, "line", e->line);
    cJSON_AddNumberToObject(je, "column", e->column);
    if (e->speaker)
        cJSON_AddStringToObject(je, "speaker", e->speaker);
    else
        cJSON_AddNullToObject(je, "speaker");
    cJSON_AddStringToObject(je, "text", e->text);
    cJSON_AddStringToObject(je, "match", e->match);
    cJSON_AddNumberToObject(je, "weight", e->weight);
    cJSON_AddBoolToObject(je, "fact", e->fact);
    if (e->time >= 0)
        cJSON_AddNumberToObject(je, "time", e->time);
    return je;
}

static cJSON *meta_value(const sc_meta *m)
{
    switch (m->kind) {
    case SC_META_BOOL:
        return cJSON_CreateBool(!strcmp(m->value, "true"));
    case SC_META_NULL:
        return cJSON_CreateNull();
    case SC_META_NUMBER:
        return cJSON_CreateRaw(m->value);
    case SC_META_JSON: {
        cJSON *j = cJSON_Parse(m->value);
        return j ? j : cJSON_CreateString(m->value);
    }
    default:
        return cJSON_CreateString(m->value);
    }
}

static cJSON *result_json(const sc_result *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "source", sc_result_source(r));
    cJSON_AddNumberToObject(o, "score", sc_result_score(r));
    cJSON_AddStringToObject(o, "verdict", sc_verdict_name(sc_result_verdict(r)));
    cJSON *signs = cJSON_AddArrayToObject(o, "signs");
    for (size_t i = 0; i < sc_result_sign_count(r); i++) {
        const sc_sign_result *s = sc_result_sign(r, i);
        cJSON *js = cJSON_CreateObject();
        cJSON_AddStringToObject(js, "id", s->id);
        cJSON_AddStringToObject(js, "name", s->name);
        cJSON_AddNumberToObject(js, "score", s->score);
        cJSON_AddNumberToObject(js, "cap", s->cap);
        cJSON_AddStringToObject(js, "advice", s->advice);
        cJSON *ev = cJSON_AddArrayToObject(js, "evidence");
        for (size_t k = 0; k < s->n_evidence; k++)
            cJSON_AddItemToArray(ev, evidence_json(&s->evidence[k]));
        cJSON_AddNumberToObject(js, "more_evidence", (double)s->n_more);
        cJSON_AddItemToArray(signs, js);
    }
    cJSON *facts = cJSON_AddArrayToObject(o, "facts");
    for (size_t i = 0; i < sc_result_fact_count(r); i++) {
        const sc_fact *f = sc_result_fact(r, i);
        cJSON *jf = evidence_json(&f->evidence);
        cJSON_DeleteItemFromObject(jf, "weight");
        cJSON_AddStringToObject(jf, "name", f->name);
        cJSON_AddItemToArray(facts, jf);
    }
    cJSON *meta = cJSON_AddObjectToObject(o, "metadata");
    for (size_t i = 0; i < sc_result_meta_count(r); i++) {
        const sc_meta *m = sc_result_meta(r, i);
        cJSON_AddItemToObject(meta, m->key, meta_value(m));
    }
    if (sc_result_language(r))
        cJSON_AddStringToObject(o, "language", sc_result_language(r));
    else
        cJSON_AddNullToObject(o, "language");
    cJSON_AddNumberToObject(o, "lines", sc_result_lines(r));
    cJSON_AddNumberToObject(o, "turns", sc_result_turns(r));
    cJSON *sp = cJSON_AddArrayToObject(o, "speakers");
    for (size_t i = 0; i < sc_result_speaker_count(r); i++) {
        const char *role;
        const char *label = sc_result_speaker(r, i, &role);
        cJSON *js = cJSON_CreateObject();
        cJSON_AddStringToObject(js, "label", label);
        cJSON_AddStringToObject(js, "role", role);
        cJSON_AddItemToArray(sp, js);
    }
    if (sc_result_warning_count(r)) {
        cJSON *jw = cJSON_AddArrayToObject(o, "warnings");
        for (size_t i = 0; i < sc_result_warning_count(r); i++) {
            const sc_warning *w = sc_result_warning(r, i);
            cJSON *x = cJSON_CreateObject();
            if (w->rule)
                cJSON_AddStringToObject(x, "rule", w->rule);
            cJSON_AddStringToObject(x, "message", w->message);
            cJSON_AddItemToArray(jw, x);
        }
    }
    int expect = sc_result_expected(r);
    if (expect >= 0) {
        cJSON *je = cJSON_AddObjectToObject(o, "expect");
        cJSON_AddStringToObject(je, "verdict", sc_verdict_name((sc_verdict)expect));
        cJSON_AddBoolToObject(je, "met", expect == (int)sc_result_verdict(r));
    }
    return o;
}

static void print_json_line(FILE *out, cJSON *j)
{
    char *s = cJSON_PrintUnformatted(j);
    if (s) {
        fputs(s, out);
        free(s);
    }
}

text_style report_terminal_style(int color)
{
    /* Colour and wrapping are for people at a terminal, never for pipes. */
    text_style st = {0, 0};
    int tty = isatty(STDOUT_FILENO);
    const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");
    st.color = color == 1 || (color < 0 && tty && !(no_color && *no_color) &&
                              !(term && !strcmp(term, "dumb")));
    struct winsize ws;
    if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        st.width = ws.ws_col;
    return st;
}

/* ANSI styles, or nothing when colour is off. */
#define STYLE(st, code) ((st)->color ? (code) : "")
#define RESET "\033[0m"

static size_t visible_len(const char *s, size_t n)
{
    size_t v = 0;
    for (size_t i = 0; i < n; i++)
        v += ((unsigned char)s[i] & 0xC0) != 0x80;   /* count UTF-8 characters */
    return v;
}

/* Writes text[from, to), turning the highlight of [hs, he) on and off. */
static void put_range(FILE *out, const text_style *st, const char *text, size_t from, size_t to,
                      size_t hs, size_t he, int *lit)
{
    for (size_t k = from; k < to; k++) {
        if (st->color && k == hs && k < he) {
            fputs("\033[1;4m", out);
            *lit = 1;
        }
        if (st->color && k == he && *lit) {
            fputs(RESET, out);
            *lit = 0;
        }
        fputc(text[k], out);
    }
}

/* Writes text from column col, wrapping before width (0: never) with later
 * lines indented; bytes [hs, he) are highlighted when colour is on. */
static void put_wrapped(FILE *out, const text_style *st, const char *text, size_t hs, size_t he,
                        size_t col, size_t indent)
{
    size_t n = strlen(text);
    int lit = 0;
    for (size_t i = 0; i < n;) {
        size_t sp = i;
        while (sp < n && text[sp] == ' ')
            sp++;
        size_t w = sp;
        while (w < n && text[w] != ' ')
            w++;
        size_t wl = visible_len(text + sp, w - sp);
        if (st->width && col > indent && col + (sp - i) + wl > st->width) {
            if (lit)
                fputs(RESET, out);
            fprintf(out, "\n%*s", (int)indent, "");
            col = indent;
            if (lit)
                fputs("\033[1;4m", out);
        } else {
            put_range(out, st, text, i, sp, hs, he, &lit);
            col += sp - i;
        }
        put_range(out, st, text, sp, w, hs, he, &lit);
        col += wl;
        i = w;
    }
    if (lit)
        fputs(RESET, out);
}

/* One piece of evidence: where it is, the quote with the match picked out,
 * and the rule. `lead` starts the line ("    " or a label). */
static void text_evidence(FILE *out, const text_style *st, const sc_evidence *e, const char *lead)
{
    char where[160];
    int wl;
    if (e->fact && e->line)
        wl = snprintf(where, sizeof where, "%sline %d, call fact: ", lead, e->line);
    else if (e->fact)   /* metadata given beside the text has no line */
        wl = snprintf(where, sizeof where, "%scall fact: ", lead);
    else if (e->time >= 0)  /* subtitles: where in the recording, too */
        wl = snprintf(where, sizeof where, "%sline %d at %d:%02d%s%s: ", lead, e->line,
                      (int)e->time / 60, (int)e->time % 60, e->speaker ? ", " : "",
                      e->speaker ? e->speaker : "");
    else
        wl = snprintf(where, sizeof where, "%sline %d%s%s: ", lead, e->line, e->speaker ? ", " : "",
                      e->speaker ? e->speaker : "");
    fputs(where, out);
    /* The quote, with what the rule matched picked out. */
    const char *hit = e->fact ? NULL : strstr(e->text, e->match);
    size_t hs = hit ? (size_t)(hit - e->text) : 0, he = hit ? hs + strlen(e->match) : 0;
    size_t col = visible_len(where, wl > 0 ? (size_t)wl : 0);
    if (!e->fact) {
        fputc('"', out);
        col++;
    }
    put_wrapped(out, st, e->text, hs, he, col, 8);
    fprintf(out, "%s  %s(%s%s)%s\n", e->fact ? "" : "\"", STYLE(st, "\033[2m"), e->rule,
            e->weight < 0 ? ", against" : "", STYLE(st, RESET));
}

static void text_result(FILE *out, const text_style *st, const sc_result *r)
{
    sc_verdict v = sc_result_verdict(r);
    size_t n = sc_result_sign_count(r);
    const char *vstyle = v == SC_SCAM ? "\033[1;31m" : v == SC_SUSPICIOUS ? "\033[1;33m" : "\033[32m";
    fprintf(out, "%s: %s%s%s (score %d of 100)", sc_result_source(r), STYLE(st, vstyle),
            v == SC_SCAM ? "SCAM" : v == SC_SUSPICIOUS ? "SUSPICIOUS" : "clean", STYLE(st, RESET),
            sc_result_score(r));
    if (n)
        fprintf(out, ", %zu warning sign%s\n", n, n == 1 ? "" : "s");
    else
        fputs(", no warning signs\n", out);
    int expect = sc_result_expected(r);
    if (expect >= 0 && expect != (int)v)
        fprintf(out, "  expected %s, got %s\n", sc_verdict_name((sc_verdict)expect),
                sc_verdict_name(v));
    for (size_t i = 0; i < sc_result_meta_count(r); i++) {
        const sc_meta *m = sc_result_meta(r, i);
        fprintf(out, "%s%s: %s%s", i ? ", " : "  front matter: ", m->key, m->value,
                i + 1 == sc_result_meta_count(r) ? "\n" : "");
    }
    /* Facts the rules found (who placed the call): some rules wait on them. */
    for (size_t i = 0; i < sc_result_fact_count(r); i++) {
        const sc_fact *f = sc_result_fact(r, i);
        char lead[96];
        snprintf(lead, sizeof lead, "  fact %s: ", f->name);
        text_evidence(out, st, &f->evidence, lead);
    }
    for (size_t i = 0; i < n; i++) {
        const sc_sign_result *s = sc_result_sign(r, i);
        fprintf(out, "\n  %s[%s]%s %s (+%d)\n", STYLE(st, "\033[1m"), s->id, STYLE(st, RESET), s->name,
                s->score);
        for (size_t k = 0; k < s->n_evidence; k++)
            text_evidence(out, st, &s->evidence[k], "    ");
        if (s->n_more)
            fprintf(out, "    ... and %zu more match%s not listed\n", s->n_more, s->n_more == 1 ? "" : "es");
        fputs("    advice: ", out);
        put_wrapped(out, st, s->advice, 0, 0, 12, 12);
        fputc('\n', out);
    }
}

char *report_render(output_format format, const text_style *style, const sc_result *r, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    if (format == FORMAT_TEXT) {
        static const text_style plain = {0, 0};
        text_result(f, style ? style : &plain, r);
    } else if (format == FORMAT_SARIF) {
        sarif_results(f, r);
    } else {
        cJSON *j = result_json(r);
        print_json_line(f, j);
        cJSON_Delete(j);
    }
    if (fclose(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

char *report_warnings(const sc_result *r)
{
    size_t n = sc_result_warning_count(r);
    if (!n)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const sc_warning *w = sc_result_warning(r, i);
        if (w->rule)
            fprintf(f, "%s: warning: rule '%s': %s\n", sc_result_source(r), w->rule, w->message);
        else
            fprintf(f, "%s: warning: %s\n", sc_result_source(r), w->message);
    }
    if (fclose(f)) {
        free(buf);
        return NULL;
    }
    return buf;
}

void report_result(report *rp, const char *rendered, size_t len)
{
    if (rp->quiet || !rendered)
        return;
    if (rp->format == FORMAT_SARIF && !len)
        return;                 /* a transcript without evidence has no SARIF result */
    if (rp->format == FORMAT_TEXT && rp->n_results)
        fputc('\n', rp->out);
    if (rp->format == FORMAT_JSON || rp->format == FORMAT_SARIF)
        fputs(rp->n_results ? ",\n" : "\n", rp->out);
    fwrite(rendered, 1, len, rp->out);
    if (rp->format == FORMAT_JSONL)
        fputc('\n', rp->out);
    rp->n_results++;
}

static cJSON *error_json(const char *source, const sc_error *e)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "source", source);
    if (e->file[0] && strcmp(e->file, source))
        cJSON_AddStringToObject(j, "file", e->file);
    if (e->line)
        cJSON_AddNumberToObject(j, "line", e->line);
    if (e->column)
        cJSON_AddNumberToObject(j, "column", e->column);
    cJSON_AddStringToObject(j, "error", e->message);
    return j;
}

void report_print_error(FILE *out, const char *source, const sc_error *e)
{
    /* The file:line:column form editors and compilers use. */
    const char *file = e->file[0] ? e->file : source ? source : "scamcheck";
    if (e->line && e->column)
        fprintf(out, "%s:%d:%d: %s\n", file, e->line, e->column, e->message);
    else if (e->line)
        fprintf(out, "%s:%d: %s\n", file, e->line, e->message);
    else
        fprintf(out, "%s: %s\n", file, e->message);
}

void report_error(report *rp, const char *source, const sc_error *e)
{
    report_print_error(rp->err, source, e);   /* errors always reach stderr */
    if (rp->format == FORMAT_JSON || rp->format == FORMAT_SARIF) {
        cJSON_AddItemToArray(rp->errors, error_json(source, e));
    } else if (rp->format == FORMAT_JSONL && !rp->quiet) {
        cJSON *j = error_json(source, e);
        print_json_line(rp->out, j);
        fputc('\n', rp->out);
        cJSON_Delete(j);
    }
}

static cJSON *summary_json(const summary *sm, const sc_rules *rules)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "files", (double)sm->files);
    cJSON *v = cJSON_AddObjectToObject(o, "verdicts");
    for (int i = SC_CLEAN; i <= SC_SCAM; i++)
        cJSON_AddNumberToObject(v, sc_verdict_name((sc_verdict)i), (double)sm->verdicts[i]);
    cJSON *signs = cJSON_AddObjectToObject(o, "signs");
    for (size_t i = 0; i < sc_signs_count(rules) && i < 64; i++) {
        sc_sign_info si;
        sc_signs_get(rules, i, &si);
        cJSON_AddNumberToObject(signs, si.id, (double)sm->sign_files[i]);
    }
    cJSON *sk = cJSON_AddObjectToObject(o, "skipped");
    cJSON_AddNumberToObject(sk, "hidden", (double)sm->walk.hidden);
    cJSON_AddNumberToObject(sk, "binary", (double)sm->binary);
    cJSON_AddNumberToObject(sk, "excluded", (double)sm->walk.excluded);
    cJSON_AddNumberToObject(sk, "links", (double)sm->walk.links);
    cJSON_AddNumberToObject(sk, "loops", (double)sm->walk.loops);
    cJSON_AddNumberToObject(sk, "other", (double)sm->walk.special);
    cJSON_AddNumberToObject(o, "errors", (double)sm->errors);
    cJSON_AddNumberToObject(o, "bytes", (double)sm->bytes);
    return o;
}

static void text_summary(FILE *out, const summary *sm, const sc_rules *rules)
{
    size_t skipped = sm->walk.hidden + sm->binary + sm->walk.excluded + sm->walk.links +
                     sm->walk.loops + sm->walk.special;
    fprintf(out, "%s%zu file%s checked: %zu scam, %zu suspicious, %zu clean; %zu error%s; %zu skipped",
            sm->files || sm->errors ? "\n" : "", sm->files, sm->files == 1 ? "" : "s",
            sm->verdicts[SC_SCAM], sm->verdicts[SC_SUSPICIOUS], sm->verdicts[SC_CLEAN],
            sm->errors, sm->errors == 1 ? "" : "s", skipped);
    if (skipped)
        fprintf(out, " (hidden %zu, binary %zu, excluded %zu, links %zu, loops %zu, other %zu)",
                sm->walk.hidden, sm->binary, sm->walk.excluded, sm->walk.links, sm->walk.loops,
                sm->walk.special);
    fputc('\n', out);
    for (size_t i = 0; i < sc_signs_count(rules) && i < 64; i++) {
        sc_sign_info si;
        sc_signs_get(rules, i, &si);
        fprintf(out, "  %-20s %zu file%s\n", si.id, sm->sign_files[i], sm->sign_files[i] == 1 ? "" : "s");
    }
}

/* Errors go to the run's invocation, as notifications naming the file. */
static void sarif_end(report *rp)
{
    cJSON *inv = cJSON_CreateObject();
    cJSON_AddBoolToObject(inv, "executionSuccessful", cJSON_GetArraySize(rp->errors) == 0);
    cJSON *notes = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
    cJSON *e;
    cJSON_ArrayForEach(e, rp->errors)
    {
        cJSON *n = cJSON_CreateObject();
        cJSON_AddStringToObject(n, "level", "error");
        cJSON_AddItemToObject(n, "message", cJSON_CreateObject());
        cJSON_AddStringToObject(cJSON_GetObjectItem(n, "message"), "text",
                                cJSON_GetStringValue(cJSON_GetObjectItem(e, "error")));
        cJSON *loc = cJSON_CreateObject();
        cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
        cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
        cJSON *file = cJSON_GetObjectItem(e, "file");
        cJSON_AddStringToObject(art, "uri", cJSON_GetStringValue(file ? file : cJSON_GetObjectItem(e, "source")));
        cJSON *line = cJSON_GetObjectItem(e, "line");
        if (line)
            cJSON_AddNumberToObject(cJSON_AddObjectToObject(phys, "region"), "startLine", line->valuedouble);
        cJSON *locs = cJSON_AddArrayToObject(n, "locations");
        cJSON_AddItemToArray(locs, loc);
        cJSON_AddItemToArray(notes, n);
    }
    fputs("\n],\"invocations\":[", rp->out);
    print_json_line(rp->out, inv);
    fputs("]}]}\n", rp->out);
    cJSON_Delete(inv);
}

void report_end(report *rp, const summary *sm, const sc_rules *rules)
{
    if (rp->format == FORMAT_SARIF && !rp->quiet) {
        sarif_end(rp);
        fflush(rp->out);
        return;
    }
    if (rp->format == FORMAT_JSON && !rp->quiet) {
        fputs("\n],\"errors\":", rp->out);
        print_json_line(rp->out, rp->errors);
        if (sm) {
            fputs(",\"summary\":", rp->out);
            cJSON *j = summary_json(sm, rules);
            print_json_line(rp->out, j);
            cJSON_Delete(j);
        }
        fputs("}\n", rp->out);
    } else if (sm && !rp->quiet) {
        if (rp->format == FORMAT_JSONL) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddItemToObject(j, "summary", summary_json(sm, rules));
            print_json_line(rp->out, j);
            fputc('\n', rp->out);
            cJSON_Delete(j);
        } else {
            text_summary(rp->out, sm, rules);
        }
    }
    fflush(rp->out);
}

void report_free(report *rp)
{
    if (!rp)
        return;
    cJSON_Delete(rp->errors);
    free(rp);
}

/* ---- --live events ------------------------------------------------------------ */

void report_live_sign(FILE *out, output_format f, const text_style *st, int line,
                      const sc_sign_result *s)
{
    /* The evidence that made the sign appear: the latest, on this line. */
    const sc_evidence *e = s->n_evidence ? &s->evidence[s->n_evidence - 1] : NULL;
    for (size_t k = 0; k < s->n_evidence; k++)
        if (s->evidence[k].line == line)
            e = &s->evidence[k];
    if (f == FORMAT_JSONL || f == FORMAT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "event", "sign");
        cJSON_AddNumberToObject(j, "line", line);
        cJSON_AddStringToObject(j, "sign", s->id);
        cJSON_AddStringToObject(j, "name", s->name);
        cJSON_AddNumberToObject(j, "score", s->score);
        cJSON_AddStringToObject(j, "advice", s->advice);
        if (e) {
            cJSON_AddStringToObject(j, "rule", e->rule);
            cJSON_AddStringToObject(j, "text", e->text);
            if (e->speaker)
                cJSON_AddStringToObject(j, "speaker", e->speaker);
        }
        print_json_line(out, j);
        fputc('\n', out);
        cJSON_Delete(j);
    } else {
        fprintf(out, "%sline %d:%s warning sign %s[%s]%s %s", STYLE(st, "\033[2m"), line, STYLE(st, RESET),
                STYLE(st, "\033[1m"), s->id, STYLE(st, RESET), s->name);
        if (e)
            fprintf(out, ": %s%s\"%s\"", e->speaker ? e->speaker : "", e->speaker ? " " : "", e->text);
        fputc('\n', out);
    }
    fflush(out);
}

void report_live_verdict(FILE *out, output_format f, const text_style *st, int line,
                         const sc_result *r)
{
    sc_verdict v = sc_result_verdict(r);
    if (f == FORMAT_JSONL || f == FORMAT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "event", "verdict");
        cJSON_AddNumberToObject(j, "line", line);
        cJSON_AddStringToObject(j, "verdict", sc_verdict_name(v));
        cJSON_AddNumberToObject(j, "score", sc_result_score(r));
        print_json_line(out, j);
        fputc('\n', out);
        cJSON_Delete(j);
    } else {
        fprintf(out, "%sline %d:%s verdict now %s%s%s (score %d of 100)\n", STYLE(st, "\033[2m"), line,
                STYLE(st, RESET), STYLE(st, v == SC_SCAM ? "\033[1;31m" : "\033[1;33m"),
                v == SC_SCAM ? "SCAM" : "SUSPICIOUS", STYLE(st, RESET), sc_result_score(r));
    }
    fflush(out);
}

void report_live_final(FILE *out, output_format f, const text_style *st, const sc_result *r)
{
    if (f == FORMAT_JSONL || f == FORMAT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "event", "final");
        cJSON_AddItemToObject(j, "result", result_json(r));
        print_json_line(out, j);
        fputc('\n', out);
        cJSON_Delete(j);
    } else {
        fputs("\nfinal: ", out);
        text_result(out, st, r);
    }
    fflush(out);
}

/* ---- --list-rules ------------------------------------------------------------ */

static cJSON *string_array(const char *const *items, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(items[i]));
    return a;
}

void report_rules(const sc_rules *rules, output_format format, FILE *out)
{
    size_t n = sc_rules_count(rules);
    if (format == FORMAT_TEXT) {
        for (size_t i = 0; i < n; i++) {
            sc_rule_info ri;
            sc_rules_get(rules, i, &ri);
            char what[80];
            snprintf(what, sizeof what, "fact:%s", ri.fact ? ri.fact : "");
            fprintf(out, "%-40s %-18s %3d  %s\n", ri.id, ri.fact ? what : ri.sign, ri.weight,
                    ri.description);
        }
        fprintf(out, "%zu rules\n", n);
        return;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(doc, "rules");
    for (size_t i = 0; i < n; i++) {
        sc_rule_info ri;
        sc_rules_get(rules, i, &ri);
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "id", ri.id);
        if (ri.fact) {
            cJSON_AddNullToObject(j, "sign");
            cJSON_AddStringToObject(j, "fact", ri.fact);
        } else {
            cJSON_AddStringToObject(j, "sign", ri.sign);
        }
        cJSON_AddNumberToObject(j, "weight", ri.weight);
        if (ri.n_unless_facts)
            cJSON_AddItemToObject(j, "unless_fact", string_array(ri.unless_facts, ri.n_unless_facts));
        cJSON_AddStringToObject(j, "description", ri.description);
        cJSON_AddStringToObject(j, "speaker", ri.speaker);
        cJSON_AddItemToObject(j, "patterns", string_array(ri.patterns, ri.n_patterns));
        cJSON_AddItemToObject(j, "unless", string_array(ri.unless, ri.n_unless));
        cJSON_AddStringToObject(j, "file", ri.file);
        cJSON_AddNumberToObject(j, "line", ri.line);
        cJSON_AddItemToArray(arr, j);
    }
    cJSON *signs = cJSON_AddArrayToObject(doc, "signs");
    for (size_t i = 0; i < sc_signs_count(rules); i++) {
        sc_sign_info si;
        sc_signs_get(rules, i, &si);
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "id", si.id);
        cJSON_AddStringToObject(j, "name", si.name);
        cJSON_AddStringToObject(j, "advice", si.advice);
        cJSON_AddNumberToObject(j, "cap", si.cap);
        cJSON_AddItemToArray(signs, j);
    }
    cJSON *v = cJSON_AddObjectToObject(doc, "verdicts");
    cJSON_AddNumberToObject(v, "suspicious", sc_rules_threshold(rules, SC_SUSPICIOUS));
    cJSON_AddNumberToObject(v, "scam", sc_rules_threshold(rules, SC_SCAM));
    if (format == FORMAT_JSONL) {
        print_json_line(out, doc);
        fputc('\n', out);
    } else {
        char *s = cJSON_Print(doc);
        if (s) {
            fputs(s, out);
            fputc('\n', out);
            free(s);
        }
    }
    cJSON_Delete(doc);
}
