/* The prefilter: one Aho-Corasick pass over a transcript finds every atom
 * (see atoms.c) of every pattern, so that only patterns whose atoms occur
 * run, and only on the turns where they occur. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct sc_prefilter {
    int n_classes;
    uint8_t byte_class[256];    /* lowercased byte -> column of delta */
    /* n_states * n_classes: the full automaton, in 16-bit states when they
     * fit (half the memory to fill at start), else 32-bit. */
    uint16_t *delta16;
    int32_t *delta32;
    int32_t *out_start;         /* n_states + 1: atoms ending in each state */
    int32_t *out_atoms;
    int32_t *atom_len;
    int32_t *pat_start;         /* n_atoms + 1: patterns needing each atom */
    int32_t *pat_list;          /* keys: pattern * 2 + role */
    int n_states, n_atoms;
    int max_atom_len;
};

typedef struct atom_use {
    int atom;                   /* index into the atoms */
    int key;                    /* pattern * 2 + 1 as an anchor, pattern * 2 as a filter */
} atom_use;

typedef struct atom_entry {
    const char *text;           /* borrowed from the patterns' atom lists */
    size_t first, n;            /* its keys: pat_list[first .. first + n) */
} atom_entry;

/* Distinct atoms by text, hashed: index into atoms, or -1 for a free slot. */
typedef struct atom_index {
    int *slot;
    size_t mask;
} atom_index;

static int intern_atom(atom_index *ix, sc_vec *atoms, const char *text)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        h = (h ^ *c) * 16777619u;
    for (size_t i = h & ix->mask;; i = (i + 1) & ix->mask) {
        if (ix->slot[i] < 0) {
            atom_entry *e = sc_vec_push(atoms);
            if (!e)
                return -1;
            e->text = text;
            return ix->slot[i] = (int)atoms->len - 1;
        }
        if (!strcmp(SC_VEC_AT(atoms, atom_entry, ix->slot[i])->text, text))
            return ix->slot[i];
    }
}

static int add_uses(sc_vec *uses, atom_index *ix, sc_vec *atoms, char **list, size_t n, int key)
{
    for (size_t k = 0; k < n; k++) {
        atom_use *u = sc_vec_push(uses);
        if (!u || (u->atom = intern_atom(ix, atoms, list[k])) < 0)
            return -1;
        u->key = key;
        SC_VEC_AT(atoms, atom_entry, u->atom)->n++;
    }
    return 0;
}

/* Out of memory while building: frees what there is. */
static sc_prefilter *give_up(sc_prefilter *pf, sc_atoms *mine, size_t n_patterns, sc_vec *uses,
                             sc_vec *atoms)
{
    for (size_t i = 0; mine && i < n_patterns; i++)
        sc_atoms_free(&mine[i]);
    free(mine);
    sc_vec_free(uses);
    sc_vec_free(atoms);
    sc_prefilter_free(pf);
    return NULL;
}

static inline void set_cell(sc_prefilter *pf, size_t i, int32_t v)
{
    if (pf->delta16)
        pf->delta16[i] = (uint16_t)v;
    else
        pf->delta32[i] = v;
}

static inline int32_t get_cell(const sc_prefilter *pf, size_t i)
{
    return pf->delta16 ? pf->delta16[i] : pf->delta32[i];
}

sc_prefilter *sc_prefilter_build(sc_pattern **patterns, size_t n_patterns)
{
    sc_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    /* Every (atom, pattern) use, with equal atoms grouped through a hash;
     * atoms worked out here stay alive until the automaton is built. */
    sc_vec uses, atoms;
    sc_vec_init(&uses, sizeof(atom_use));
    sc_vec_init(&atoms, sizeof(atom_entry));
    sc_atoms *mine = calloc(n_patterns ? n_patterns : 1, sizeof *mine);
    if (!mine)
        return give_up(pf, mine, n_patterns, &uses, &atoms);
    /* Built-in patterns come with their atoms worked out at build time;
     * the rest are worked out here, and the count sizes the hash. */
    size_t n_uses = 0;
    for (size_t i = 0; i < n_patterns; i++) {
        sc_pattern *p = patterns[i];
        const sc_atoms *a = p->known_atoms;
        if (!a) {
            sc_atoms_extract(p->source, &mine[i]);
            a = &mine[i];
        }
        n_uses += a->n_anchor + a->n_filter;
    }
    atom_index ix = {NULL, 0};
    size_t slots = 64;
    while (slots < 2 * n_uses)
        slots *= 2;
    ix.slot = malloc(slots * sizeof *ix.slot);
    ix.mask = slots - 1;
    int failed = !ix.slot;
    for (size_t i = 0; ix.slot && i < slots; i++)
        ix.slot[i] = -1;
    for (size_t i = 0; !failed && i < n_patterns; i++) {
        sc_pattern *p = patterns[i];
        const sc_atoms *a = p->known_atoms ? p->known_atoms : &mine[i];
        p->always = !a->n_anchor && !a->n_filter;
        p->bound = a->bound;
        p->gated = a->n_anchor && a->n_filter;
        failed = add_uses(&uses, &ix, &atoms, a->anchor, a->n_anchor, (int)i * 2 + 1) ||
                 add_uses(&uses, &ix, &atoms, a->filter, a->n_filter, (int)i * 2);
    }
    free(ix.slot);
    if (failed)
        return give_up(pf, mine, n_patterns, &uses, &atoms);
    pf->n_atoms = (int)atoms.len;

    /* Byte classes: each byte used by an atom gets a column, upper case
     * sharing its lower case column; everything else is column 0. */
    int n_classes = 1;
    for (size_t i = 0; i < atoms.len; i++)
        for (const unsigned char *c = (const unsigned char *)SC_VEC_AT(&atoms, atom_entry, i)->text; *c; c++)
            if (!pf->byte_class[*c])
                pf->byte_class[*c] = (uint8_t)n_classes++;
    for (int c = 'A'; c <= 'Z'; c++)
        pf->byte_class[c] = pf->byte_class[tolower(c)];
    pf->n_classes = n_classes;

    /* The trie, as lists of children: the full table is built once the
     * number of states, and so the width of a state, is known. */
    size_t total = 1;
    for (size_t i = 0; i < atoms.len; i++)
        total += strlen(SC_VEC_AT(&atoms, atom_entry, i)->text);
    int32_t *first = malloc(total * sizeof *first);   /* first child, or -1 */
    int32_t *next = malloc(total * sizeof *next);     /* next sibling, or -1 */
    uint8_t *edge = malloc(total);                     /* class of the edge into a state */
    int32_t *fail = calloc(total, sizeof *fail);
    int32_t *own = malloc(total * sizeof *own);  /* atom ending exactly here, or -1 */
    int32_t *queue = malloc(total * sizeof *queue);
    pf->atom_len = malloc((atoms.len ? atoms.len : 1) * sizeof *pf->atom_len);
    pf->out_start = calloc(total + 1, sizeof *pf->out_start);
    pf->pat_start = calloc(atoms.len + 1, sizeof *pf->pat_start);
    pf->pat_list = malloc((uses.len ? uses.len : 1) * sizeof *pf->pat_list);
    int failed_alloc = !first || !next || !edge || !fail || !own || !queue || !pf->atom_len ||
                       !pf->out_start || !pf->pat_start || !pf->pat_list;
    int n_states = 1;
    if (!failed_alloc) {
        first[0] = -1;
        for (size_t i = 0; i < atoms.len; i++) {
            const char *t = SC_VEC_AT(&atoms, atom_entry, i)->text;
            int32_t st = 0;
            for (const unsigned char *c = (const unsigned char *)t; *c; c++) {
                uint8_t cl = pf->byte_class[*c];
                int32_t ch = first[st];
                while (ch >= 0 && edge[ch] != cl)
                    ch = next[ch];
                if (ch < 0) {
                    ch = n_states++;
                    first[ch] = -1;
                    own[ch] = -1;
                    edge[ch] = cl;
                    next[ch] = first[st];
                    first[st] = ch;
                }
                st = ch;
            }
            own[st] = (int32_t)i;
            pf->atom_len[i] = (int32_t)strlen(t);
            if (pf->atom_len[i] > pf->max_atom_len)
                pf->max_atom_len = pf->atom_len[i];
        }
        own[0] = -1;
        size_t cells = (size_t)n_states * n_classes;
        if (n_states <= 65536)
            failed_alloc = !(pf->delta16 = malloc(cells * sizeof *pf->delta16));
        else
            failed_alloc = !(pf->delta32 = malloc(cells * sizeof *pf->delta32));
    }
    if (failed_alloc) {
        free(first);
        free(next);
        free(edge);
        free(fail);
        free(own);
        free(queue);
        return give_up(pf, mine, n_patterns, &uses, &atoms);
    }

    /* Breadth first: failure links and the full transition table. A row
     * starts as a copy of its failure state's row (complete, as that state
     * is shallower) and then takes the state's own children. */
    size_t w = pf->delta16 ? sizeof *pf->delta16 : sizeof *pf->delta32;
    unsigned char *table = pf->delta16 ? (unsigned char *)pf->delta16 : (unsigned char *)pf->delta32;
    memset(table, 0, (size_t)n_classes * w);
    int head = 0, tail = 0;
    for (int32_t ch = first[0]; ch >= 0; ch = next[ch]) {
        fail[ch] = 0;
        queue[tail++] = ch;
    }
    for (int i = 0; i < tail; i++)
        set_cell(pf, edge[queue[i]], queue[i]);
    while (head < tail) {
        int32_t st = queue[head++];
        memcpy(table + (size_t)st * n_classes * w, table + (size_t)fail[st] * n_classes * w,
               (size_t)n_classes * w);
        for (int32_t ch = first[st]; ch >= 0; ch = next[ch]) {
            fail[ch] = get_cell(pf, (size_t)fail[st] * n_classes + edge[ch]);
            set_cell(pf, (size_t)st * n_classes + edge[ch], ch);
            queue[tail++] = ch;
        }
    }
    /* Outputs: a state reports its own atom and those of its failure chain. */
    sc_vec outs;
    sc_vec_init(&outs, sizeof(int32_t));
    for (int st = 0; st < n_states; st++) {
        pf->out_start[st] = (int32_t)outs.len;
        for (int k = st; k > 0; k = fail[k])
            if (own[k] >= 0) {
                int32_t *slot = sc_vec_push(&outs);
                if (slot)
                    *slot = own[k];
            }
    }
    pf->out_start[n_states] = (int32_t)outs.len;
    pf->out_atoms = outs.items;
    pf->n_states = n_states;
    free(first);
    free(next);
    free(edge);
    free(fail);
    free(own);
    free(queue);

    /* Each atom's keys, in pattern order (counting sort by atom). */
    size_t at = 0;
    for (size_t i = 0; i < atoms.len; i++) {
        atom_entry *e = SC_VEC_AT(&atoms, atom_entry, i);
        pf->pat_start[i] = (int32_t)at;
        e->first = at;
        at += e->n;
    }
    pf->pat_start[atoms.len] = (int32_t)uses.len;
    for (size_t i = 0; i < uses.len; i++) {
        atom_use *u = SC_VEC_AT(&uses, atom_use, i);
        pf->pat_list[SC_VEC_AT(&atoms, atom_entry, u->atom)->first++] = u->key;
    }
    for (size_t i = 0; i < n_patterns; i++)
        sc_atoms_free(&mine[i]);
    free(mine);
    sc_vec_free(&uses);
    sc_vec_free(&atoms);
    return pf;
}

void sc_prefilter_free(sc_prefilter *pf)
{
    if (!pf)
        return;
    free(pf->delta16);
    free(pf->delta32);
    free(pf->out_start);
    free(pf->out_atoms);
    free(pf->atom_len);
    free(pf->pat_start);
    free(pf->pat_list);
    free(pf);
}

int sc_prefilter_max_atom(const sc_prefilter *pf)
{
    return pf->max_atom_len;
}

void sc_prefilter_scan_start(sc_prefilter_scan_state *sc, const sc_transcript *t)
{
    sc->ti = t->from_turn;
    sc->pos = sc->ti < t->turns.len ? SC_VEC_AT(&t->turns, sc_turn, sc->ti)->off : t->body_len;
    sc->state = 0;
}

/* One piece of the scan, for either width of state. The automaton's state
 * carries over from the last piece: an atom may begin in one piece and end
 * in the next. */
#define SCAN_PIECE(DELTA)                                                                   \
    for (; i < end; i++) {                                                                  \
        state = (DELTA)[(size_t)state * n_classes + cls[s[i]]];                             \
        int32_t o = pf->out_start[state], oe = pf->out_start[state + 1];                    \
        if (o != oe && report(pf, turns, n_turns, &ti, i, o, oe, last_turn, pairs))         \
            return -1;                                                                      \
    }

/* The atoms ending at position i: each pattern that needs them gets a pair.
 * Atoms hold no newline, and turns are separated by one, so the atom lies
 * in the turn holding position i. */
static int report(const sc_prefilter *pf, const sc_turn *turns, size_t n_turns, size_t *tip,
                  size_t i, int32_t o, int32_t oe, int32_t *last_turn, sc_vec *pairs)
{
    size_t ti = *tip;
    while (ti + 1 < n_turns && turns[ti + 1].off <= i)
        ti++;
    *tip = ti;
    for (; o < oe; o++) {
        int32_t a = pf->out_atoms[o];
        for (int32_t k = pf->pat_start[a]; k < pf->pat_start[a + 1]; k++) {
            int32_t key = pf->pat_list[k];
            /* Anchors count at every place; filters once a turn. */
            if (!(key & 1)) {
                if (last_turn[key >> 1] == (int32_t)ti)
                    continue;
                last_turn[key >> 1] = (int32_t)ti;
            }
            sc_prefilter_pair *pair = sc_vec_push(pairs);
            if (!pair)
                return -1;
            pair->key = key;
            pair->turn = (int32_t)ti;
            pair->pos = (uint32_t)(i + 1 - (size_t)pf->atom_len[a]);
        }
    }
    return 0;
}

int sc_prefilter_scan(const sc_prefilter *pf, const sc_transcript *t, sc_prefilter_scan_state *sc,
                      size_t end, int32_t *last_turn, sc_vec *pairs)
{
    const sc_turn *turns = t->turns.items;
    size_t n_turns = t->turns.len, ti = sc->ti;
    if (ti >= n_turns || end > t->body_len)
        end = t->body_len;
    const unsigned char *s = (const unsigned char *)t->body;
    const uint8_t *cls = pf->byte_class;
    size_t n_classes = (size_t)pf->n_classes;
    int32_t state = sc->state;
    size_t i = sc->pos;
    if (pf->delta16)
        SCAN_PIECE(pf->delta16)
    else
        SCAN_PIECE(pf->delta32)
    sc->pos = i;
    sc->state = state;
    sc->ti = ti;
    return 0;
}
