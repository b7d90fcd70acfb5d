/* libFuzzer entry point: any bytes as a transcript (front matter included)
 * against the built-in rules. Must never crash, leak or read out of bounds.
 * Build and run: make fuzz (see the Makefile). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scamcheck.h"

static sc_rules *rules;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules) {
        sc_error err;
        rules = sc_rules_new();
        if (sc_rules_add_builtin(rules, &err) || sc_rules_compile(rules, &err))
            abort();
    }
    sc_result *res;
    sc_error err;
    if (sc_check(rules, "fuzz", (const char *)data, size, &res, &err) == 0) {
        /* Touch everything a report would read. */
        volatile size_t sum = 0;
        for (size_t i = 0; i < sc_result_sign_count(res); i++) {
            const sc_sign_result *s = sc_result_sign(res, i);
            for (size_t k = 0; k < s->n_evidence; k++)
                sum += (size_t)s->evidence[k].line + (s->evidence[k].text[0] != 0) +
                       (s->evidence[k].match[0] != 0);
        }
        for (size_t i = 0; i < sc_result_meta_count(res); i++)
            sum += sc_result_meta(res, i)->value[0] != 0;
        sc_result_free(res);
    }
    /* The same bytes as a live call, a line at a time, then as subtitle cues. */
    sc_session *s = sc_session_new(rules, "live");
    const char *p = (const char *)data, *end = p + size;
    while (s && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (sc_session_feed(s, p, n, &err) == 0 && sc_session_result(s, &res, &err) == 0)
            sc_result_free(res);
        p += n + 1;
    }
    sc_session_free(s);
    s = sc_session_new(rules, "cues");
    if (s && sc_session_feed_cue(s, (const char *)data, size, 1, SC_FORMAT_VTT, &err) == 0 &&
        sc_session_result(s, &res, &err) == 0)
        sc_result_free(res);
    sc_session_free(s);
    return 0;
}
