/* Small helpers the engine modules share: errors, an arena, arrays, UTF-8. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void sc_set_error(sc_error *err, const char *file, int line, int column,
                  const char *fmt, ...)
{
    if (!err)
        return;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

struct sc_arena_block {
    sc_arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

#define SC_ARENA_BLOCK 16384

void *sc_arena_alloc(sc_arena *a, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    sc_arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > SC_ARENA_BLOCK ? size : SC_ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *sc_arena_strndup(sc_arena *a, const char *s, size_t n)
{
    char *p = sc_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

char *sc_arena_strdup(sc_arena *a, const char *s)
{
    return s ? sc_arena_strndup(a, s, strlen(s)) : NULL;
}

void sc_arena_free(sc_arena *a)
{
    sc_arena_block *b = a->head;
    while (b) {
        sc_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

void sc_vec_init(sc_vec *v, size_t item_size)
{
    v->items = NULL;
    v->len = v->cap = 0;
    v->size = item_size;
}

void *sc_vec_push(sc_vec *v)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void *items = realloc(v->items, cap * v->size);
        if (!items)
            return NULL;
        v->items = items;
        v->cap = cap;
    }
    void *p = (char *)v->items + v->len++ * v->size;
    memset(p, 0, v->size);
    return p;
}

void sc_vec_free(sc_vec *v)
{
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}

size_t sc_utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    unsigned cp = c & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

/* Copies n bytes, each byte of an invalid UTF-8 sequence replaced by SUB
 * (0x1A, shown as U+FFFD in evidence) and each NUL by a space: one byte for one, so offsets and columns still point
 * into the input, and the copy is valid UTF-8 that PCRE2 can match without
 * checking it again on every call (a check that made long lines quadratic). */
void sc_copy_valid_utf8(char *dst, const char *src, size_t n)
{
    const unsigned char *p = (const unsigned char *)src;
    for (size_t i = 0; i < n;) {
        size_t k = sc_utf8_seq_len(p + i, n - i);
        if (k == 0) {
            dst[i++] = SC_BAD_BYTE;
        } else if (k == 1) {
            dst[i] = p[i] ? (char)p[i] : ' ';
            i++;
        } else {
            memcpy(dst + i, p + i, k);
            i += k;
        }
    }
}

char *sc_arena_clean_utf8(sc_arena *a, const char *s, size_t n)
{
    /* Worst case every byte becomes the 3-byte U+FFFD. */
    char *out = sc_arena_alloc(a, n * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = sc_utf8_seq_len(p + i, n - i);
        if (k == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else if (k == 1 && p[i] == SC_BAD_BYTE) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);      /* a byte the reader replaced */
            o += 3;
            i++;
        } else if (k == 1) {
            unsigned char c = p[i++];
            out[o++] = (c < 0x20 && c != '\t') || c == 0x7F ? ' ' : (char)c;
        } else {
            memcpy(out + o, p + i, k);
            o += k;
            i += k;
        }
    }
    out[o] = 0;
    return out;
}

int sc_strcaseeq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

const char *sc_verdict_name(sc_verdict v)
{
    switch (v) {
    case SC_CLEAN:
        return "clean";
    case SC_SUSPICIOUS:
        return "suspicious";
    case SC_SCAM:
        return "scam";
    }
    return "unknown";
}

int sc_verdict_parse(const char *name)
{
    for (int v = SC_CLEAN; v <= SC_SCAM; v++)
        if (name && sc_strcaseeq(name, sc_verdict_name((sc_verdict)v)))
            return v;
    return -1;
}
