/* Which language a transcript is in, so that a rule file written for one
 * language only reads transcripts in it. The words that tell languages apart
 * are data (`languages:` in rules/signs.yaml); this is the counting. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Only the start of a transcript is read to tell its language. */
#define DETECT_BYTES 4096

void sc_language_code(const char *name, char *out, size_t n)
{
    size_t k = 0;
    for (; name[k] && k + 1 < n; k++)
        out[k] = (char)tolower((unsigned char)name[k]);
    out[k] = 0;
    /* Bokmål, nynorsk and their names are all Norwegian to the rules. */
    static const char *const norwegian[] = {"nb", "nn", "nob", "nno", "nor", "norsk", "norwegian",
                                            "bokmal", "bokm\xc3\xa5l", "nynorsk"};
    static const char *const english[] = {"eng", "english", "en-us", "en-gb"};
    for (size_t i = 0; i < sizeof norwegian / sizeof *norwegian; i++)
        if (!strcmp(out, norwegian[i]))
            snprintf(out, n, "no");
    for (size_t i = 0; i < sizeof english / sizeof *english; i++)
        if (!strcmp(out, english[i]))
            snprintf(out, n, "en");
}

static uint32_t hash_word(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static sc_word_slot *find_slot(const sc_rules *r, const char *w, size_t len)
{
    size_t mask = r->n_word_slots - 1;
    for (size_t h = hash_word(w, len) & mask;; h = (h + 1) & mask) {
        sc_word_slot *s = &r->words[h];
        if (!s->word || (s->len == len && !memcmp(s->word, w, len)))
            return s;
    }
}

int sc_language_index(sc_rules *r)
{
    size_t total = 0;
    for (size_t i = 0; i < r->languages.len; i++)
        total += SC_VEC_AT(&r->languages, sc_language, i)->words.len;
    if (!total || r->languages.len > 32)
        return 0;
    size_t slots = 64;
    while (slots < total * 4)
        slots *= 2;
    r->words = sc_arena_alloc(&r->arena, slots * sizeof *r->words);
    if (!r->words)
        return -1;
    r->n_word_slots = slots;
    for (size_t i = 0; i < r->languages.len; i++) {
        sc_language *l = SC_VEC_AT(&r->languages, sc_language, i);
        for (size_t k = 0; k < l->words.len; k++) {
            const char *w = *SC_VEC_AT(&l->words, char *, k);
            sc_word_slot *s = find_slot(r, w, strlen(w));
            s->word = w;
            s->len = strlen(w);
            s->langs |= 1u << i;
        }
    }
    return 0;
}

const char *sc_language_of(const sc_rules *r, const sc_transcript *t)
{
    if (r->force_language)
        return r->force_language;
    const sc_meta *m = sc_transcript_meta(t, "language");
    if (m && m->kind == SC_META_STRING && m->value[0]) {
        char code[32];
        sc_language_code(m->value, code, sizeof code);
        for (size_t i = 0; i < r->languages.len; i++)
            if (!strcmp(SC_VEC_AT(&r->languages, sc_language, i)->code, code))
                return SC_VEC_AT(&r->languages, sc_language, i)->code;
        /* A language the rules do not know: only language-free rules apply. */
        return sc_arena_strdup(t->arena, code);
    }
    if (!r->languages.len)
        return NULL;
    const char *first = SC_VEC_AT(&r->languages, sc_language, 0)->code;
    if (!r->n_word_slots || r->languages.len < 2)
        return first;
    /* Count the common words of each language among the first words. */
    unsigned count[32] = {0};
    const char *s = t->body;
    size_t n = t->body_len < DETECT_BYTES ? t->body_len : DETECT_BYTES;
    char word[32];
    for (size_t i = 0; i < n;) {
        while (i < n && !(isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80))
            i++;
        size_t len = 0;
        while (i < n && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 || s[i] == '\'')) {
            if (len < sizeof word)
                word[len] = (char)tolower((unsigned char)s[i]);
            len++;
            i++;
        }
        if (!len || len > sizeof word)
            continue;
        sc_word_slot *slot = find_slot(r, word, len);
        for (size_t l = 0; slot->word && l < r->languages.len; l++)
            count[l] += (slot->langs >> l) & 1;
    }
    size_t best = 0;
    for (size_t l = 1; l < r->languages.len; l++)
        if (count[l] > count[best])
            best = l;
    return SC_VEC_AT(&r->languages, sc_language, best)->code;
}
