/* --live: one call checked while it is being transcribed, a line (or a
 * subtitle cue) at a time, telling each new warning sign and each rise of the
 * verdict at once. The engine side is sc_session (check.c). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* What --live has told so far, and the telling of what is new. */
typedef struct live {
    const options *o;
    const sc_rules *rules;
    text_style st;
    unsigned long long seen;    /* signs told, by index */
    int verdict;
} live;

static int tell_changes(live *lv, sc_session *s, int line, const char *path)
{
    sc_result *r;
    sc_error e;
    if (sc_session_result(s, &r, &e)) {
        report_print_error(stderr, path, &e);
        return -1;
    }
    for (size_t i = 0; i < sc_result_sign_count(r); i++) {
        const sc_sign_result *sign = sc_result_sign(r, i);
        for (size_t k = 0; k < sc_signs_count(lv->rules) && k < 64; k++) {
            sc_sign_info si;
            sc_signs_get(lv->rules, k, &si);
            if (strcmp(si.id, sign->id) || (lv->seen & (1ULL << k)))
                continue;
            lv->seen |= 1ULL << k;
            if (!lv->o->quiet)
                report_live_sign(stdout, lv->o->format, &lv->st, line, sign);
        }
    }
    if ((int)sc_result_verdict(r) > lv->verdict) {
        lv->verdict = sc_result_verdict(r);
        if (!lv->o->quiet)
            report_live_verdict(stdout, lv->o->format, &lv->st, line, r);
    }
    sc_result_free(r);
    return 0;
}

static int blank_line(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)p[i]))
            return 0;
    return 1;
}

/* --live: one call, a line (or a subtitle cue) at a time, telling what
 * changes as it happens. */
int live_check(const options *o, const sc_rules *rules)
{
    if (o->n_paths > 1) {
        fprintf(stderr, "scamcheck: --live reads one call (a file, or stdin)\n");
        return EXIT_ERROR;
    }
    const char *path = o->n_paths ? o->paths[0] : "-";
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
        return EXIT_ERROR;
    }
    live lv = {o, rules, report_terminal_style(o->color), 0, SC_CLEAN};
    /* Lines, or cues when the stream is subtitles (said, or seen at its start). */
    sc_format mode = o->input == INPUT_SRT ? SC_FORMAT_SRT : o->input == INPUT_VTT ? SC_FORMAT_VTT
                   : o->input == INPUT_TEXT ? SC_FORMAT_TEXT : SC_FORMAT_AUTO;
    sc_session *s = sc_session_new(rules, path);
    char *line = NULL, *block = NULL;
    size_t cap = 0, block_len = 0, block_cap = 0;
    ssize_t n;
    int status = s ? EXIT_NONE : EXIT_ERROR, lineno = 0, block_first = 0, header = 0;
    sc_error e;
    for (;;) {
        n = status == 0 ? getline(&line, &cap, f) : -1;
        size_t len = n > 0 ? (size_t)n : 0;
        if (len && line[len - 1] == '\n')
            len--;
        if (n >= 0)
            lineno++;
        if (n >= 0 && mode == SC_FORMAT_AUTO && !blank_line(line, len)) {
            size_t d = 0;
            while (d < len && isdigit((unsigned char)line[d]))
                d++;
            mode = len >= 6 && !memcmp(line, "WEBVTT", 6) ? SC_FORMAT_VTT
                   : d && d == len                         ? SC_FORMAT_SRT
                                                           : SC_FORMAT_TEXT;
            header = mode == SC_FORMAT_VTT;
        }
        if (mode == SC_FORMAT_TEXT || mode == SC_FORMAT_AUTO) {
            if (n < 0)
                break;
            if (sc_session_feed(s, line, len, &e)) {
                report_print_error(stderr, path, &e);
                status = EXIT_ERROR;
            } else if (tell_changes(&lv, s, lineno, path)) {
                status = EXIT_ERROR;
            }
            continue;
        }
        /* Cues: a block ends at a blank line or at the end of the input. */
        if (n >= 0 && !blank_line(line, len)) {
            if (header)
                continue;       /* the WEBVTT header block */
            if (block_len + len + 2 > block_cap) {
                block_cap = (block_cap + len + 2) * 2;
                char *nb = realloc(block, block_cap);
                if (!nb) {
                    status = EXIT_ERROR;
                    continue;
                }
                block = nb;
            }
            if (!block_len)
                block_first = lineno;
            memcpy(block + block_len, line, len);
            block_len += len;
            block[block_len++] = '\n';
            continue;
        }
        header = 0;
        if (block_len) {
            if (sc_session_feed_cue(s, block, block_len - 1, block_first, mode, &e)) {
                report_print_error(stderr, path, &e);
                status = EXIT_ERROR;
            } else if (tell_changes(&lv, s, lineno - (n >= 0), path)) {
                status = EXIT_ERROR;
            }
            block_len = 0;
        }
        if (n < 0)
            break;
    }
    sc_result *r;
    if (status == 0 && sc_session_result(s, &r, &e) == 0) {
        if (!o->quiet)
            report_live_final(stdout, o->format, &lv.st, r);
        status = (int)sc_result_verdict(r) >= o->fail_on ? EXIT_FOUND : EXIT_NONE;
        sc_result_free(r);
    } else if (status == 0) {
        fprintf(stderr, "scamcheck: out of memory\n");
        status = EXIT_ERROR;
    }
    free(line);
    free(block);
    sc_session_free(s);
    if (f != stdin)
        fclose(f);
    return status;
}

