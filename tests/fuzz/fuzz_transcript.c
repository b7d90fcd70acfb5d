/* libFuzzer entry point for the transcript readers: the first byte picks the
 * format (plain text with front matter, SRT, WebVTT, Whisper JSON, or a guess
 * from the content), the rest is the input. Reading must end in a result or
 * an error with a message; never a crash, a leak or a read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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
    if (size < 1)
        return 0;
    static const sc_format formats[] = {SC_FORMAT_AUTO, SC_FORMAT_TEXT, SC_FORMAT_SRT,
                                        SC_FORMAT_VTT, SC_FORMAT_WHISPER_JSON};
    sc_check_options o = {formats[data[0] % 5], NULL, 0};
    /* Metadata beside the text, as a JSONL record gives it, for the same reads. */
    static const sc_meta given[] = {{"caller_label", "Caller", SC_META_STRING, 0, NULL},
                                    {"direction", "inbound", SC_META_STRING, 0, NULL}};
    if (data[0] & 0x80) {
        o.meta = given;
        o.n_meta = 2;
    }
    sc_result *res;
    sc_error err;
    if (sc_check_ex(rules, "fuzz", (const char *)data + 1, size - 1, &o, &res, &err) == 0) {
        volatile size_t sum = (size_t)sc_result_lines(res) + (size_t)sc_result_turns(res);
        for (size_t i = 0; i < sc_result_speaker_count(res); i++) {
            const char *role;
            sum += sc_result_speaker(res, i, &role)[0] != 0;
        }
        for (size_t i = 0; i < sc_result_sign_count(res); i++) {
            const sc_sign_result *s = sc_result_sign(res, i);
            for (size_t k = 0; k < s->n_evidence; k++)
                sum += (s->evidence[k].text[0] != 0) + (s->evidence[k].match[0] != 0);
        }
        (void)sum;
        sc_result_free(res);
    } else if (!err.message[0]) {
        abort();                /* a failure must say why */
    }
    return 0;
}
