/* Call facts: what the caller's number says, given the person's home country
 * and the numbers they know. The results are facts the rules can test like
 * front matter (`caller_abroad`, `known_caller`); which facts count as which
 * sign is knowledge, in the rule files. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Country calling codes by ISO 3166 code: the common ones. */
static const struct {
    const char *iso, *code;
} countries[] = {
    {"AE", "971"}, {"AR", "54"},  {"AT", "43"},  {"AU", "61"},  {"BD", "880"}, {"BE", "32"},
    {"BG", "359"}, {"BR", "55"},  {"CA", "1"},   {"CH", "41"},  {"CL", "56"},  {"CN", "86"},
    {"CO", "57"},  {"CY", "357"}, {"CZ", "420"}, {"DE", "49"},  {"DK", "45"},  {"DZ", "213"},
    {"EE", "372"}, {"EG", "20"},  {"ES", "34"},  {"FI", "358"}, {"FR", "33"},  {"GB", "44"},
    {"GH", "233"}, {"GR", "30"},  {"HK", "852"}, {"HR", "385"}, {"HU", "36"},  {"ID", "62"},
    {"IE", "353"}, {"IL", "972"}, {"IN", "91"},  {"IS", "354"}, {"IT", "39"},  {"JM", "1"},
    {"JP", "81"},  {"KE", "254"}, {"KR", "82"},  {"LK", "94"},  {"LT", "370"}, {"LU", "352"},
    {"LV", "371"}, {"MA", "212"}, {"MX", "52"},  {"MY", "60"},  {"NG", "234"}, {"NL", "31"},
    {"NO", "47"},  {"NP", "977"}, {"NZ", "64"},  {"PE", "51"},  {"PH", "63"},  {"PK", "92"},
    {"PL", "48"},  {"PT", "351"}, {"RO", "40"},  {"RS", "381"}, {"RU", "7"},   {"SA", "966"},
    {"SE", "46"},  {"SG", "65"},  {"SI", "386"}, {"SK", "421"}, {"TH", "66"},  {"TN", "216"},
    {"TR", "90"},  {"TW", "886"}, {"UA", "380"}, {"UK", "44"},  {"US", "1"},   {"VN", "84"},
    {"ZA", "27"},
};

const char *sc_country_code(const char *iso)
{
    for (size_t i = 0; i < sizeof countries / sizeof *countries; i++)
        if (sc_strcaseeq(iso, countries[i].iso))
            return countries[i].code;
    return NULL;
}

int sc_phone_normalise(const char *in, const char *home_code, char *out, size_t n)
{
    size_t k = 0;
    const char *p = in;
    while (isspace((unsigned char)*p))
        p++;
    int international = 0;
    if (*p == '+') {
        international = 1;
        p++;
    } else if (p[0] == '0' && p[1] == '0') {
        international = 1;      /* 00 is the international prefix in most countries */
        p += 2;
    }
    char digits[64];
    size_t d = 0;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (d + 1 < sizeof digits)
                digits[d++] = *p;
        } else if (!strchr(" -.()/", *p)) {
            return -1;          /* letters or symbols: not a phone number */
        }
    }
    digits[d] = 0;
    if (d < 3)
        return -1;
    const char *rest = digits;
    if (!international) {
        if (!home_code)
            return snprintf(out, n, "%s", digits) >= (int)n ? -1 : 0;
        if (*rest == '0')
            rest++;             /* the national trunk prefix */
        k = (size_t)snprintf(out, n, "+%s%s", home_code, rest);
    } else {
        k = (size_t)snprintf(out, n, "+%s", digits);
    }
    return k >= n ? -1 : 0;
}

static int add_fact(sc_transcript *t, const char *key, const char *value, int line,
                    const char *why)
{
    sc_meta *m = sc_vec_push(&t->facts);
    if (!m)
        return -1;
    m->key = key;
    m->value = value;
    m->kind = SC_META_BOOL;
    m->line = line;
    m->note = sc_arena_strdup(t->arena, why);
    return m->note ? 0 : -1;
}

int sc_call_facts(const sc_rules *r, sc_transcript *t)
{
    const sc_meta *number = sc_transcript_meta(t, "caller_number");
    if (!number || number->kind != SC_META_STRING)
        return 0;
    char norm[64], why[300];
    if (sc_phone_normalise(number->value, r->home_code, norm, sizeof norm))
        return 0;
    if (r->home_code && norm[0] == '+' && !sc_transcript_meta(t, "caller_abroad")) {
        size_t cl = strlen(r->home_code);
        int home = !strncmp(norm + 1, r->home_code, cl);
        snprintf(why, sizeof why, "caller_number %s is %s%s (+%s)", number->value,
                 home ? "a number from " : "not a number from ", r->home_iso, r->home_code);
        if (add_fact(t, "caller_abroad", home ? "false" : "true", number->line, why))
            return -1;
    }
    if (!sc_transcript_meta(t, "known_caller")) {
        for (size_t i = 0; i < r->known_numbers.len; i++)
            if (!strcmp(*SC_VEC_AT(&r->known_numbers, char *, i), norm)) {
                snprintf(why, sizeof why, "caller_number %s is one of the known numbers",
                         number->value);
                return add_fact(t, "known_caller", "true", number->line, why);
            }
    }
    return 0;
}
