/* Loading rule files (YAML) into a rule set and compiling their patterns. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* The built-in rule files, generated from the rules folder by the Makefile. */
typedef struct sc_builtin_file {
    const char *name;
    const char *data;
    size_t len;
} sc_builtin_file;
extern const sc_builtin_file sc_builtin_files[];
extern const size_t sc_builtin_count;

/* What a file may contribute. */
enum { LOAD_ALL = 0, LOAD_NO_RULES = 1, LOAD_EXAMPLES = 2 };

sc_rules *sc_rules_new(void)
{
    sc_rules *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    sc_vec_init(&r->rules, sizeof(sc_rule));
    sc_vec_init(&r->signs, sizeof(sc_sign));
    sc_vec_init(&r->other_names, sizeof(char *));
    sc_vec_init(&r->person_names, sizeof(char *));
    sc_vec_init(&r->call_names, sizeof(char *));
    r->threshold[SC_SUSPICIOUS] = 20;
    r->threshold[SC_SCAM] = 50;
    r->use_prefilter = 1;
    r->match_limit = SC_DEFAULT_MATCH_LIMIT;
    sc_vec_init(&r->languages, sizeof(sc_language));
    sc_vec_init(&r->known_numbers, sizeof(char *));
    sc_vec_init(&r->fact_names, sizeof(char *));
    sc_vec_init(&r->unless_lists, sizeof(sc_unless_list));
    pthread_mutex_init(&r->lock, NULL);
    return r;
}

static void free_patterns(sc_pattern *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pcre2_code_free(p[i].code);
        pcre2_code_free(p[i].jit);
    }
}

void sc_rules_free(sc_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
        free_patterns(rule->patterns, rule->n_patterns);
        free_patterns(rule->unless, rule->n_unless);
    }
    sc_vec_free(&r->rules);
    sc_vec_free(&r->signs);
    sc_vec_free(&r->other_names);
    sc_vec_free(&r->person_names);
    sc_vec_free(&r->call_names);
    sc_prefilter_free(r->prefilter);
    free(r->text_patterns);
    for (size_t i = 0; i < r->languages.len; i++)
        sc_vec_free(&SC_VEC_AT(&r->languages, sc_language, i)->words);
    sc_vec_free(&r->languages);
    sc_vec_free(&r->known_numbers);
    sc_vec_free(&r->fact_names);
    sc_vec_free(&r->unless_lists);
    pthread_mutex_destroy(&r->lock);
    sc_arena_free(&r->arena);
    free(r);
}

/* ---- reading nodes -------------------------------------------------------- */

typedef struct loader {
    sc_rules *rules;
    sc_yaml *y;
    sc_error *err;
    char *file;                 /* arena copy of the file name */
    int builtin;                /* checked at build time: compile lazily */
    char *language;             /* the file's `language`, or NULL */
} loader;

static int fail(loader *L, yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(loader *L, yaml_node_t *n, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sc_yaml_error(L->y, n, L->err, "%s", msg);
    return -1;
}

static const char *type_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a scalar";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "empty";
    }
}

static int want_mapping(loader *L, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(L, n, "%s must be a mapping, not %s", what, type_name(n));
    return 0;
}

static int want_sequence(loader *L, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(L, n, "%s must be a list, not %s", what, type_name(n));
    return 0;
}

static int want_string(loader *L, yaml_node_t *n, const char *what, char **out)
{
    const char *s = sc_yaml_scalar(n);
    if (!s)
        return fail(L, n, "%s must be a string, not %s", what, type_name(n));
    if (!*s)
        return fail(L, n, "%s must not be empty", what);
    *out = sc_arena_strdup(&L->rules->arena, s);
    return *out ? 0 : fail(L, n, "out of memory");
}

static int want_int(loader *L, yaml_node_t *n, const char *what, int lo, int hi, int *out)
{
    const char *s = sc_yaml_scalar(n);
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || !sc_yaml_is_plain(n))
        return fail(L, n, "%s must be a whole number", what);
    if (v < lo || v > hi)
        return fail(L, n, "%s must be between %d and %d, not %ld", what, lo, hi, v);
    *out = (int)v;
    return 0;
}

static int valid_id(const char *s, int allow_dash)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || (allow_dash && (c == '-' || c == '.'))))
            return 0;
    }
    return 1;
}

/* Walks a mapping's keys, rejecting keys not in `known`. For each known key
 * the value goes to out[i] (NULL when absent). */
static int read_keys(loader *L, yaml_node_t *map, const char *what,
                     const char *const *known, size_t n_known, yaml_node_t **out)
{
    for (size_t i = 0; i < n_known; i++)
        out[i] = NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = sc_yaml_node(L->y, p->key);
        const char *key = sc_yaml_scalar(k);
        if (!key)
            return fail(L, k, "%s keys must be strings", what);
        size_t i;
        for (i = 0; i < n_known; i++)
            if (!strcmp(key, known[i]))
                break;
        if (i == n_known) {
            char list[256] = "";
            for (size_t j = 0; j < n_known; j++) {
                strncat(list, known[j], sizeof list - strlen(list) - 1);
                if (j + 1 < n_known)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            return fail(L, k, "unknown key '%s' in %s (known: %s)", key, what, list);
        }
        if (out[i])
            return fail(L, k, "duplicate key '%s' in %s", key, what);
        out[i] = sc_yaml_node(L->y, p->value);
    }
    return 0;
}

static int read_string_list(loader *L, yaml_node_t *n, const char *what, char ***out,
                            size_t *count, yaml_node_t ***nodes)
{
    /* A single string is accepted as a list of one. */
    size_t cnt = n->type == YAML_SEQUENCE_NODE
                     ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
                     : 1;
    if (n->type == YAML_MAPPING_NODE)
        return fail(L, n, "%s must be a list of strings, not a mapping", what);
    char **items = sc_arena_alloc(&L->rules->arena, (cnt ? cnt : 1) * sizeof *items);
    yaml_node_t **nn = nodes ? sc_arena_alloc(&L->rules->arena, (cnt ? cnt : 1) * sizeof *nn) : NULL;
    if (!items || (nodes && !nn))
        return fail(L, n, "out of memory");
    for (size_t i = 0; i < cnt; i++) {
        yaml_node_t *item = n->type == YAML_SEQUENCE_NODE
                                ? sc_yaml_node(L->y, n->data.sequence.items.start[i])
                                : n;
        if (want_string(L, item, what, &items[i]))
            return -1;
        if (nn)
            nn[i] = item;
    }
    *out = items;
    *count = cnt;
    if (nodes)
        *nodes = nn;
    return 0;
}

static char *normalise_value(loader *L, yaml_node_t *n)
{
    const char *norm;
    sc_yaml_scalar_kind(n, &norm);
    return sc_arena_strdup(&L->rules->arena, norm ? norm : "");
}

static int read_conds(loader *L, yaml_node_t *n, const char *what, sc_cond_set *out)
{
    if (want_mapping(L, n, what))
        return -1;
    size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (cnt == 0)
        return fail(L, n, "%s must name at least one front-matter key", what);
    out->conds = sc_arena_alloc(&L->rules->arena, cnt * sizeof *out->conds);
    out->n = cnt;
    for (size_t i = 0; i < cnt; i++) {
        yaml_node_pair_t *p = &n->data.mapping.pairs.start[i];
        yaml_node_t *k = sc_yaml_node(L->y, p->key), *v = sc_yaml_node(L->y, p->value);
        if (want_string(L, k, "a front-matter key", &out->conds[i].key))
            return -1;
        if (!sc_yaml_scalar(v))
            return fail(L, v, "the value of '%s' in %s must be a scalar", out->conds[i].key, what);
        out->conds[i].value = normalise_value(L, v);
    }
    return 0;
}

/* ---- sections ---------------------------------------------------------------- */

static int load_signs(loader *L, yaml_node_t *n)
{
    if (want_sequence(L, n, "signs"))
        return -1;
    static const char *const keys[] = {"id", "name", "advice", "cap", "cleared_by"};
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *s = sc_yaml_node(L->y, *it), *v[5];
        if (want_mapping(L, s, "a sign") || read_keys(L, s, "a sign", keys, 5, v))
            return -1;
        for (int i = 0; i < 4; i++)
            if (!v[i])
                return fail(L, s, "a sign needs '%s'", keys[i]);
        sc_sign sign = {0};
        if (want_string(L, v[0], "a sign id", &sign.id) ||
            want_string(L, v[1], "a sign name", &sign.name) ||
            want_string(L, v[2], "a sign's advice", &sign.advice) ||
            want_int(L, v[3], "a sign cap", 1, 100, &sign.cap))
            return -1;
        if (!valid_id(sign.id, 0))
            return fail(L, v[0], "sign id '%s' may only hold letters, digits and '_'", sign.id);
        sc_sign *slot = NULL;
        for (size_t i = 0; i < L->rules->signs.len && !slot; i++) {
            sc_sign *old = SC_VEC_AT(&L->rules->signs, sc_sign, i);
            if (strcmp(old->id, sign.id))
                continue;
            /* A rule file may redefine a built-in sign: its name, advice, cap. */
            if (!old->builtin || L->builtin)
                return fail(L, v[0], "duplicate sign id '%s' (first defined at %s:%d)", sign.id,
                            old->file, old->line);
            slot = old;
        }
        if (v[4]) {
            if (want_sequence(L, v[4], "cleared_by"))
                return -1;
            size_t cnt = (size_t)(v[4]->data.sequence.items.top - v[4]->data.sequence.items.start);
            sign.cleared_by = sc_arena_alloc(&L->rules->arena, (cnt ? cnt : 1) * sizeof(sc_cond_set));
            sign.n_cleared_by = cnt;
            for (size_t i = 0; i < cnt; i++)
                if (read_conds(L, sc_yaml_node(L->y, v[4]->data.sequence.items.start[i]),
                               "cleared_by", &sign.cleared_by[i]))
                    return -1;
        }
        sign.file = L->file;
        sign.line = sc_yaml_line(L->y, s);
        sign.column = sc_yaml_col(s);
        sign.builtin = L->builtin;
        if (!slot && !(slot = sc_vec_push(&L->rules->signs)))
            return fail(L, s, "out of memory");
        *slot = sign;
    }
    return 0;
}

static int load_verdicts(loader *L, yaml_node_t *n)
{
    static const char *const keys[] = {"suspicious", "scam"};
    yaml_node_t *v[2];
    if (want_mapping(L, n, "verdicts") || read_keys(L, n, "verdicts", keys, 2, v))
        return -1;
    int t[2];
    for (int i = 0; i < 2; i++) {
        if (!v[i])
            return fail(L, n, "verdicts needs '%s'", keys[i]);
        if (want_int(L, v[i], keys[i], 1, 100, &t[i]))
            return -1;
    }
    if (t[1] <= t[0])
        return fail(L, v[1], "the scam threshold (%d) must be above the suspicious one (%d)", t[1], t[0]);
    L->rules->threshold[SC_SUSPICIOUS] = t[0];
    L->rules->threshold[SC_SCAM] = t[1];
    return 0;
}

static int load_speakers(loader *L, yaml_node_t *n)
{
    static const char *const keys[] = {"other", "person", "by_call"};
    yaml_node_t *v[3];
    if (want_mapping(L, n, "speakers") || read_keys(L, n, "speakers", keys, 3, v))
        return -1;
    sc_vec *dest[3] = {&L->rules->other_names, &L->rules->person_names, &L->rules->call_names};
    for (int i = 0; i < 3; i++) {
        if (!v[i])
            continue;
        char **names;
        size_t cnt;
        if (read_string_list(L, v[i], keys[i], &names, &cnt, NULL))
            return -1;
        for (size_t j = 0; j < cnt; j++) {
            char **slot = sc_vec_push(dest[i]);
            if (!slot)
                return fail(L, v[i], "out of memory");
            *slot = names[j];
        }
    }
    return 0;
}

static sc_language *language_slot(sc_rules *r, const char *code)
{
    for (size_t i = 0; i < r->languages.len; i++)
        if (!strcmp(SC_VEC_AT(&r->languages, sc_language, i)->code, code))
            return SC_VEC_AT(&r->languages, sc_language, i);
    sc_language *l = sc_vec_push(&r->languages);
    if (l) {
        l->code = sc_arena_strdup(&r->arena, code);
        sc_vec_init(&l->words, sizeof(char *));
    }
    return l;
}

/* languages: {en: [the, and, ...], no: [ikke, og, ...]}: words that tell
 * the languages apart. Lists of the same language from several files merge. */
static int load_languages(loader *L, yaml_node_t *n)
{
    if (want_mapping(L, n, "languages"))
        return -1;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = sc_yaml_node(L->y, p->key), *v = sc_yaml_node(L->y, p->value);
        const char *name = sc_yaml_scalar(k);
        if (!name || !*name)
            return fail(L, k, "a language must be named by a code such as en or no");
        char code[32];
        sc_language_code(name, code, sizeof code);
        char **words;
        size_t cnt;
        if (read_string_list(L, v, "a language's words", &words, &cnt, NULL))
            return -1;
        sc_language *lang = language_slot(L->rules, code);
        for (size_t i = 0; lang && i < cnt; i++) {
            char **slot = sc_vec_push(&lang->words);
            if (!slot)
                return fail(L, v, "out of memory");
            for (char *c = words[i]; *c; c++)
                *c = (char)tolower((unsigned char)*c);
            *slot = words[i];
        }
        if (!lang)
            return fail(L, k, "out of memory");
    }
    return 0;
}

static int load_patterns(loader *L, yaml_node_t *n, const char *what, sc_pattern **out,
                         size_t *count, const char ***sources)
{
    char **srcs;
    yaml_node_t **nodes;
    if (read_string_list(L, n, what, &srcs, count, &nodes))
        return -1;
    if (*count == 0)
        return fail(L, n, "%s must hold at least one pattern", what);
    *out = sc_arena_alloc(&L->rules->arena, *count * sizeof **out);
    *sources = (const char **)srcs;
    for (size_t i = 0; i < *count; i++) {
        (*out)[i].source = srcs[i];
        (*out)[i].line = sc_yaml_line(L->y, nodes[i]);
        (*out)[i].column = sc_yaml_col(nodes[i]);
        (*out)[i].lazy = L->builtin;
        (*out)[i].ucp = L->language && strcmp(L->language, "en");
        (*out)[i].bound = -1;      /* set by the prefilter for `patterns` */
    }
    return 0;
}

static int read_examples(loader *L, yaml_node_t *n, sc_rule *rule)
{
    static const char *const ekeys[] = {"match", "no_match"};
    yaml_node_t *e[2];
    if (want_mapping(L, n, "examples") || read_keys(L, n, "examples", ekeys, 2, e))
        return -1;
    if (e[0] && read_string_list(L, e[0], "examples.match", &rule->ex_match, &rule->n_ex_match, NULL))
        return -1;
    if (e[1] && read_string_list(L, e[1], "examples.no_match", &rule->ex_no_match,
                                 &rule->n_ex_no_match, NULL))
        return -1;
    return 0;
}

/* Gives an already loaded rule the examples of the same rule in the whole
 * built-in file (the C table the rule came from has none). */
static int attach_examples(loader *L, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return 0;
    const char *id = NULL;
    yaml_node_t *examples = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *key = sc_yaml_scalar(sc_yaml_node(L->y, p->key));
        yaml_node_t *v = sc_yaml_node(L->y, p->value);
        if (key && !strcmp(key, "id"))
            id = sc_yaml_scalar(v);
        else if (key && !strcmp(key, "examples"))
            examples = v;
    }
    for (size_t i = 0; id && examples && i < L->rules->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&L->rules->rules, sc_rule, i);
        if (!strcmp(rule->id, id) && rule->file == L->file)
            return read_examples(L, examples, rule);
    }
    return 0;
}

static int compile_pattern(sc_pattern *p, const char *file, sc_error *err);

/* `unless_lists:` a mapping from a name to the `unless` patterns that rules
 * naming it in their own `unless_lists` share. */
static int load_unless_lists(loader *L, yaml_node_t *n)
{
    if (want_mapping(L, n, "unless_lists"))
        return -1;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = sc_yaml_node(L->y, p->key), *v = sc_yaml_node(L->y, p->value);
        sc_unless_list list = {0};
        if (want_string(L, k, "an unless list's name", &list.name))
            return -1;
        if (!valid_id(list.name, 1))
            return fail(L, k, "unless list name '%s' may only hold letters, digits, '_', '-' and '.'",
                        list.name);
        const char **sources;
        if (load_patterns(L, v, "an unless list", &list.patterns, &list.n, &sources))
            return -1;
        /* Checked here, so that a bad pattern is reported where it is written. */
        for (size_t i = 0; i < list.n; i++) {
            list.patterns[i].file = L->file;
            if (compile_pattern(&list.patterns[i], L->file, L->err))
                return -1;
            pcre2_code_free(list.patterns[i].code);
            list.patterns[i].code = NULL;
        }
        list.file = L->file;
        list.line = sc_yaml_line(L->y, k);
        list.column = sc_yaml_col(k);
        list.builtin = L->builtin;
        sc_unless_list *slot = NULL;
        for (size_t i = 0; i < L->rules->unless_lists.len && !slot; i++) {
            sc_unless_list *old = SC_VEC_AT(&L->rules->unless_lists, sc_unless_list, i);
            if (strcmp(old->name, list.name))
                continue;
            if (!old->builtin || L->builtin)   /* a rule file may redefine a built-in list */
                return fail(L, k, "duplicate unless list '%s' (first defined at %s:%d)", list.name,
                            old->file, old->line);
            slot = old;
        }
        if (!slot && !(slot = sc_vec_push(&L->rules->unless_lists)))
            return fail(L, k, "out of memory");
        *slot = list;
    }
    return 0;
}

static int load_rule(loader *L, yaml_node_t *n)
{
    enum { ID, SIGN, DESC, WEIGHT, SPEAKER, PATTERNS, UNLESS, UNLESS_SCOPE, UNLESS_WINDOW, METADATA,
           EXAMPLES, FACT, UNLESS_FACT, UNLESS_LISTS, NKEYS };
    static const char *const keys[NKEYS] = {"id", "sign", "description", "weight", "speaker",
                                            "patterns", "unless", "unless_scope", "unless_window",
                                            "metadata", "examples", "fact", "unless_fact",
                                            "unless_lists"};
    yaml_node_t *v[NKEYS];
    if (want_mapping(L, n, "a rule") || read_keys(L, n, "a rule", keys, NKEYS, v))
        return -1;
    /* A sign rule weighs for or against a sign; a fact rule only finds a
     * fact about the call (who placed it) that sign rules may depend on. */
    if (v[FACT]) {
        if (v[SIGN] || v[WEIGHT])
            return fail(L, v[SIGN] ? v[SIGN] : v[WEIGHT],
                        "a fact rule has no sign or weight (it sets a fact; sign rules weigh)");
        if (v[UNLESS_FACT])
            return fail(L, v[UNLESS_FACT], "a fact rule cannot have 'unless_fact'");
    }
    for (int i = ID; i <= WEIGHT; i++)
        if (!v[i] && !(v[FACT] && (i == SIGN || i == WEIGHT)))
            return fail(L, n, "a rule needs '%s'%s", keys[i],
                        i == SIGN && !v[WEIGHT] ? " (or 'fact')" : "");
    sc_rule rule = {0};
    if (want_string(L, v[ID], "a rule id", &rule.id) ||
        want_string(L, v[DESC], "a rule's description", &rule.description))
        return -1;
    if (v[FACT]) {
        if (want_string(L, v[FACT], "a rule's fact", &rule.fact))
            return -1;
        if (!valid_id(rule.fact, 0))
            return fail(L, v[FACT], "fact '%s' may only hold letters, digits and '_'", rule.fact);
    } else {
        if (want_string(L, v[SIGN], "a rule's sign", &rule.sign) ||
            want_int(L, v[WEIGHT], "weight", -100, 100, &rule.weight))
            return -1;
        if (rule.weight == 0)
            return fail(L, v[WEIGHT], "weight must not be 0 (negative weighs against the sign)");
    }
    if (v[UNLESS_FACT]) {
        if (read_string_list(L, v[UNLESS_FACT], "unless_fact", &rule.unless_facts,
                             &rule.n_unless_facts, NULL))
            return -1;
        for (size_t i = 0; i < rule.n_unless_facts; i++)
            if (!valid_id(rule.unless_facts[i], 0))
                return fail(L, v[UNLESS_FACT], "fact '%s' may only hold letters, digits and '_'",
                            rule.unless_facts[i]);
    }
    if (!valid_id(rule.id, 1))
        return fail(L, v[ID], "rule id '%s' may only hold letters, digits, '_', '-' and '.'", rule.id);
    for (size_t i = 0; i < L->rules->rules.len; i++) {
        sc_rule *old = SC_VEC_AT(&L->rules->rules, sc_rule, i);
        if (!strcmp(old->id, rule.id))
            return fail(L, v[ID], "duplicate rule id '%s' (first defined at %s:%d)", rule.id,
                        old->file, old->line);
    }
    yaml_node_t *what = v[FACT] ? v[FACT] : v[SIGN];
    rule.sign_line = sc_yaml_line(L->y, what);
    rule.sign_column = sc_yaml_col(what);
    if (v[SPEAKER]) {
        const char *s = sc_yaml_scalar(v[SPEAKER]);
        if (s && !strcmp(s, "other"))
            rule.scope = SC_SCOPE_OTHER;
        else if (s && !strcmp(s, "person"))
            rule.scope = SC_SCOPE_PERSON;
        else if (s && !strcmp(s, "any"))
            rule.scope = SC_SCOPE_ANY;
        else
            return fail(L, v[SPEAKER], "speaker must be other, person or any");
    }
    if (v[PATTERNS] && v[METADATA])
        return fail(L, v[METADATA], "a rule has either 'patterns' or 'metadata', not both");
    if (!v[PATTERNS] && !v[METADATA])
        return fail(L, n, "a rule needs 'patterns' (or 'metadata')");
    if (v[PATTERNS] && load_patterns(L, v[PATTERNS], "patterns", &rule.patterns,
                                     &rule.n_patterns, &rule.pattern_sources))
        return -1;
    if (v[UNLESS] && load_patterns(L, v[UNLESS], "unless", &rule.unless, &rule.n_unless,
                                   &rule.unless_sources))
        return -1;
    if (v[UNLESS_LISTS] && read_string_list(L, v[UNLESS_LISTS], "unless_lists", &rule.unless_lists,
                                            &rule.n_unless_lists, NULL))
        return -1;
    if (v[UNLESS_SCOPE]) {
        const char *s = sc_yaml_scalar(v[UNLESS_SCOPE]);
        if (s && !strcmp(s, "sentence"))
            rule.unless_scope = SC_UNLESS_SENTENCE;
        else if (s && !strcmp(s, "turn"))
            rule.unless_scope = SC_UNLESS_TURN;
        else if (s && !strcmp(s, "near"))
            rule.unless_scope = SC_UNLESS_NEAR;
        else
            return fail(L, v[UNLESS_SCOPE], "unless_scope must be sentence, turn or near");
    }
    rule.unless_window = 60;
    if (v[UNLESS_WINDOW]) {
        if (rule.unless_scope != SC_UNLESS_NEAR)
            return fail(L, v[UNLESS_WINDOW], "unless_window goes with unless_scope: near");
        if (want_int(L, v[UNLESS_WINDOW], "unless_window", 1, 1000, &rule.unless_window))
            return -1;
    }
    if (v[METADATA] && read_conds(L, v[METADATA], "metadata", &rule.metadata))
        return -1;
    if (v[EXAMPLES]) {
        if (read_examples(L, v[EXAMPLES], &rule))
            return -1;
        if (v[METADATA] && (rule.n_ex_match || rule.n_ex_no_match))
            return fail(L, v[EXAMPLES], "a metadata rule has no text examples");
    }
    rule.file = L->file;
    rule.language = L->language;
    rule.line = sc_yaml_line(L->y, n);
    rule.column = sc_yaml_col(n);
    rule.sign_index = -1;
    sc_rule *slot = sc_vec_push(&L->rules->rules);
    if (!slot)
        return fail(L, n, "out of memory");
    *slot = rule;
    return 0;
}

static int load_doc(loader *L, int what)
{
    yaml_node_t *root = sc_yaml_root(L->y);
    if (!root)
        return 0;               /* an empty file adds nothing */
    if (root->type != YAML_MAPPING_NODE)
        return fail(L, root, "a rule file must be a mapping with keys signs, verdicts, speakers, rules");
    static const char *const keys[] = {"signs", "verdicts", "speakers", "rules", "language",
                                       "languages", "unless_lists"};
    yaml_node_t *v[7];
    if (read_keys(L, root, "a rule file", keys, 7, v))
        return -1;
    if (v[4]) {
        /* The file's rules read only transcripts in this language. */
        const char *name = sc_yaml_scalar(v[4]);
        if (!name || !*name)
            return fail(L, v[4], "language must be a code such as en or no");
        char code[32];
        sc_language_code(name, code, sizeof code);
        L->language = sc_arena_strdup(&L->rules->arena, code);
        if (what != LOAD_EXAMPLES && !language_slot(L->rules, code))
            return fail(L, v[4], "out of memory");
    }
    if (v[5] && what != LOAD_EXAMPLES && load_languages(L, v[5]))
        return -1;
    if (what == LOAD_EXAMPLES) {
        for (yaml_node_item_t *it = v[3] && v[3]->type == YAML_SEQUENCE_NODE
                                        ? v[3]->data.sequence.items.start : NULL;
             it && it < v[3]->data.sequence.items.top; it++)
            if (attach_examples(L, sc_yaml_node(L->y, *it)))
                return -1;
        return 0;
    }
    if (v[0] && load_signs(L, v[0]))
        return -1;
    if (v[6] && load_unless_lists(L, v[6]))
        return -1;
    if (v[1] && load_verdicts(L, v[1]))
        return -1;
    if (v[2] && load_speakers(L, v[2]))
        return -1;
    if (v[3] && what == LOAD_ALL) {
        if (want_sequence(L, v[3], "rules"))
            return -1;
        for (yaml_node_item_t *it = v[3]->data.sequence.items.start; it < v[3]->data.sequence.items.top; it++)
            if (load_rule(L, sc_yaml_node(L->y, *it)))
                return -1;
    }
    return 0;
}

static int add_buffer(sc_rules *rules, const char *name, const char *buf, size_t len,
                      int what, int builtin, sc_error *err)
{
    if (rules->compiled && what != LOAD_EXAMPLES) {
        sc_set_error(err, name, 0, 0, "rules cannot be added after sc_rules_compile");
        return -1;
    }
    sc_yaml y;
    /* Rules keep the file name; examples find their rules by it. */
    char *file = NULL;
    for (size_t i = 0; i < rules->rules.len && !file; i++)
        if (!strcmp(SC_VEC_AT(&rules->rules, sc_rule, i)->file, name))
            file = SC_VEC_AT(&rules->rules, sc_rule, i)->file;
    if (!file)
        file = sc_arena_strdup(&rules->arena, name);
    if (sc_yaml_load(&y, file, 0, buf, len, err))
        return -1;
    loader L = {rules, &y, err, file, builtin, NULL};
    int rc = load_doc(&L, what);
    sc_yaml_free(&y);
    return rc;
}

int sc_rules_add_buffer(sc_rules *rules, const char *name, const char *buf, size_t len,
                        sc_error *err)
{
    return add_buffer(rules, name, buf, len, LOAD_ALL, 0, err);
}

/* Copies a table's patterns into the rule set's own (they carry state). */
static sc_pattern *table_patterns(sc_rules *r, const sc_table_pattern *tp, size_t n,
                                  const char ***sources)
{
    sc_pattern *p = sc_arena_alloc(&r->arena, (n ? n : 1) * sizeof *p);
    *sources = sc_arena_alloc(&r->arena, (n ? n : 1) * sizeof **sources);
    if (!p || !*sources)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        p[i].source = (char *)tp[i].source;
        p[i].line = tp[i].line;
        p[i].column = tp[i].column;
        p[i].lazy = 1;
        p[i].bound = -1;
        p[i].known_atoms = &tp[i].atoms;
        (*sources)[i] = tp[i].source;
    }
    return p;
}

/* The built-in set from the C table: no YAML to parse, no atoms to find. */
static int add_table(sc_rules *r, int what, sc_error *err)
{
    const sc_table *t = &sc_builtin_table;
    for (size_t i = 0; i < t->n_unless_lists; i++) {
        const sc_table_list *tl = &t->unless_lists[i];
        sc_unless_list *l = sc_vec_push(&r->unless_lists);
        const char **sources;
        if (!l)
            goto oom;
        l->name = (char *)tl->name;
        l->file = (char *)tl->file;
        l->line = tl->line;
        l->column = tl->column;
        l->builtin = 1;
        l->n = tl->n;
        l->patterns = table_patterns(r, tl->patterns, tl->n, &sources);
        if (!l->patterns)
            goto oom;
        for (size_t k = 0; k < l->n; k++)
            l->patterns[k].file = tl->file;
    }
    for (size_t i = 0; i < t->n_signs; i++) {
        const sc_table_sign *ts = &t->signs[i];
        sc_sign *s = sc_vec_push(&r->signs);
        if (!s)
            goto oom;
        s->id = (char *)ts->id;
        s->name = (char *)ts->name;
        s->advice = (char *)ts->advice;
        s->file = (char *)ts->file;
        s->line = ts->line;
        s->column = ts->column;
        s->cap = ts->cap;
        s->cleared_by = (sc_cond_set *)ts->cleared_by;
        s->n_cleared_by = ts->n_cleared_by;
        s->builtin = 1;
    }
    r->threshold[SC_SUSPICIOUS] = t->suspicious;
    r->threshold[SC_SCAM] = t->scam;
    for (size_t i = 0; i < t->n_languages; i++) {
        sc_language *lang = language_slot(r, t->language_codes[i]);
        if (!lang)
            goto oom;
        for (const char *const *w = t->language_words[i]; *w; w++) {
            char **slot = sc_vec_push(&lang->words);
            if (!slot)
                goto oom;
            *slot = (char *)*w;
        }
    }
    for (size_t i = 0; i < t->n_other + t->n_person; i++) {
        int other = i < t->n_other;
        char **slot = sc_vec_push(other ? &r->other_names : &r->person_names);
        if (!slot)
            goto oom;
        *slot = (char *)(other ? t->other_names[i] : t->person_names[i - t->n_other]);
    }
    for (size_t i = 0; i < t->n_call; i++) {
        char **slot = sc_vec_push(&r->call_names);
        if (!slot)
            goto oom;
        *slot = (char *)t->call_names[i];
    }
    for (size_t i = 0; what == LOAD_ALL && i < t->n_rules; i++) {
        const sc_table_rule *tr = &t->rules[i];
        sc_rule *rule = sc_vec_push(&r->rules);
        if (!rule)
            goto oom;
        rule->id = (char *)tr->id;
        rule->language = (char *)tr->language;
        rule->sign = (char *)tr->sign;
        rule->description = (char *)tr->description;
        rule->file = (char *)tr->file;
        rule->line = tr->line;
        rule->column = tr->column;
        rule->sign_line = tr->sign_line;
        rule->sign_column = tr->sign_column;
        rule->weight = tr->weight;
        rule->scope = tr->scope;
        rule->unless_scope = tr->unless_scope;
        rule->unless_window = tr->unless_window;
        rule->metadata = tr->metadata;
        rule->fact = (char *)tr->fact;
        rule->unless_facts = (char **)tr->unless_facts;
        rule->n_unless_facts = tr->n_unless_facts;
        rule->sign_index = -1;
        rule->n_patterns = tr->n_patterns;
        rule->n_unless = tr->n_unless;
        rule->patterns = table_patterns(r, tr->patterns, tr->n_patterns, &rule->pattern_sources);
        rule->unless = table_patterns(r, tr->unless, tr->n_unless, &rule->unless_sources);
        if (!rule->patterns || !rule->unless)
            goto oom;
        int ucp = tr->language && strcmp(tr->language, "en");
        for (size_t k = 0; k < rule->n_patterns; k++)
            rule->patterns[k].ucp = ucp;
        for (size_t k = 0; k < rule->n_unless; k++)
            rule->unless[k].ucp = ucp;
        for (size_t k = 0; k < rule->n_unless; k++)
            rule->unless[k].known_atoms = NULL;  /* `unless` is never prefiltered */
    }
    return 0;
oom:
    sc_set_error(err, NULL, 0, 0, "out of memory");
    return -1;
}

static int add_builtin(sc_rules *rules, int what, sc_error *err)
{
    if (sc_builtin_table.n_signs)
        return add_table(rules, what, err);
    /* No table: tools/gen-builtin is making it, from the YAML. */
    for (size_t i = 0; i < sc_builtin_count; i++)
        if (add_buffer(rules, sc_builtin_files[i].name, sc_builtin_files[i].data,
                       sc_builtin_files[i].len, what, 1, err))
            return -1;
    return 0;
}

int sc_rules_add_builtin(sc_rules *rules, sc_error *err)
{
    if (rules->compiled) {
        sc_set_error(err, NULL, 0, 0, "rules cannot be added after sc_rules_compile");
        return -1;
    }
    if (add_builtin(rules, LOAD_ALL, err))
        return -1;
    /* The table holds no examples: --test-rules reads them from the YAML. */
    rules->builtin_examples_pending = sc_builtin_table.n_signs != 0;
    return 0;
}

int sc_rules_add_builtin_signs(sc_rules *rules, sc_error *err)
{
    if (rules->compiled) {
        sc_set_error(err, NULL, 0, 0, "rules cannot be added after sc_rules_compile");
        return -1;
    }
    return add_builtin(rules, LOAD_NO_RULES, err);
}

int sc_rules_load_builtin_examples(sc_rules *rules, sc_error *err)
{
    if (!rules->builtin_examples_pending)
        return 0;
    for (size_t i = 0; i < sc_builtin_count; i++)
        if (add_buffer(rules, sc_builtin_files[i].name, sc_builtin_files[i].data,
                       sc_builtin_files[i].len, LOAD_EXAMPLES, 1, err))
            return -1;
    rules->builtin_examples_pending = 0;
    return 0;
}

static int add_file(sc_rules *rules, const char *path, sc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sc_set_error(err, path, 0, 0, "cannot read rule file: %s", strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            char *nb = realloc(buf, cap = cap * 2 + 65536);
            if (!nb) {
                free(buf);
                fclose(f);
                sc_set_error(err, path, 0, 0, "out of memory");
                return -1;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        sc_set_error(err, path, 0, 0, "cannot read rule file: %s", strerror(errno));
        return -1;
    }
    int rc = sc_rules_add_buffer(rules, path, buf, len, err);
    free(buf);
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_yaml_ext(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

int sc_rules_add_path(sc_rules *rules, const char *path, sc_error *err)
{
    struct stat st;
    if (stat(path, &st)) {
        sc_set_error(err, path, 0, 0, "cannot read rules: %s", strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return add_file(rules, path, err);
    DIR *d = opendir(path);
    if (!d) {
        sc_set_error(err, path, 0, 0, "cannot read rule folder: %s", strerror(errno));
        return -1;
    }
    sc_vec names;
    sc_vec_init(&names, sizeof(char *));
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || !has_yaml_ext(de->d_name))
            continue;
        char **slot = sc_vec_push(&names);
        if (slot)
            *slot = strdup(de->d_name);
    }
    closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof(char *), name_cmp);
    int rc = 0;
    for (size_t i = 0; i < names.len; i++) {
        char *name = *SC_VEC_AT(&names, char *, i);
        if (rc == 0) {
            size_t n = strlen(path) + strlen(name) + 2;
            char *full = malloc(n);
            snprintf(full, n, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", name);
            rc = add_file(rules, full, err);
            free(full);
        }
        free(name);
    }
    sc_vec_free(&names);
    return rc;
}

/* ---- compiling -------------------------------------------------------------- */

static int compile_pattern(sc_pattern *p, const char *file, sc_error *err)
{
    int code;
    PCRE2_SIZE off;
    /* A pattern tried only at its atoms starts within a few bytes; PCRE2's
     * start-up searches (for a first or a required character) would look
     * far past that on every try. */
    uint32_t at_atoms = !p->always && p->bound >= 0 ? PCRE2_NO_START_OPTIMIZE : 0;
    p->code = pcre2_compile((PCRE2_SPTR)p->source, PCRE2_ZERO_TERMINATED,
                            PCRE2_CASELESS | PCRE2_UTF |
                                PCRE2_USE_OFFSET_LIMIT | at_atoms | (p->ucp ? PCRE2_UCP : 0),
                            &code, &off,
                            NULL);
    if (!p->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        sc_set_error(err, p->file ? p->file : file, p->line, p->column,
                     "invalid pattern: %s at offset %zu of '%s'",
                     (char *)msg, (size_t)off, p->source);
        return -1;
    }
    return 0;
}

/* Bytes a pattern scans before it is JIT-compiled: JIT-compiling costs about
 * as much as interpreting this much text, so a short transcript never pays
 * for it and a long run gets JIT speed after the first files. */
#ifndef JIT_AFTER_BYTES
#define JIT_AFTER_BYTES 32768
#endif

/* Built-in patterns compile on first use: start-up then costs only the few
 * patterns a short transcript needs (most never pass the prefilter). */
pcre2_code *sc_pattern_code(const sc_rules *rules, sc_pattern *p, size_t len)
{
    pcre2_code *jit = __atomic_load_n(&p->jit, __ATOMIC_ACQUIRE);
    if (jit)
        return jit;
    pthread_mutex_t *lock = (pthread_mutex_t *)&rules->lock;
    if (!__atomic_load_n(&p->ready, __ATOMIC_ACQUIRE)) {
        pthread_mutex_lock(lock);
        if (!p->ready) {
            sc_error ignored;
            compile_pattern(p, NULL, &ignored);
            __atomic_store_n(&p->ready, 1, __ATOMIC_RELEASE);
        }
        pthread_mutex_unlock(lock);
    }
    if (p->code && __atomic_add_fetch(&p->scanned, len, __ATOMIC_RELAXED) > JIT_AFTER_BYTES) {
        /* The JIT works on a copy, so threads matching the interpreted code
         * meanwhile are never disturbed. */
        pthread_mutex_lock(lock);
        if (!p->jit) {
            pcre2_code *copy = pcre2_code_copy(p->code);
            if (copy && pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) == 0)
                __atomic_store_n(&p->jit, copy, __ATOMIC_RELEASE);
            else if (copy)
                pcre2_code_free(copy), p->scanned = 0;  /* no JIT here: try again later */
        }
        pthread_mutex_unlock(lock);
    }
    return p->code;
}

static int each_pattern(sc_rules *r, int (*fn)(sc_rules *, sc_rule *, sc_pattern *, sc_error *),
                        sc_error *err)
{
    for (size_t i = 0; i < r->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
        for (size_t p = 0; p < rule->n_patterns; p++)
            if (fn(r, rule, &rule->patterns[p], err))
                return -1;
        for (size_t p = 0; p < rule->n_unless; p++)
            if (fn(r, rule, &rule->unless[p], err))
                return -1;
    }
    return 0;
}

static int compile_eager(sc_rules *r, sc_rule *rule, sc_pattern *p, sc_error *err)
{
    (void)r;
    if (p->lazy || p->ready)
        return 0;
    if (compile_pattern(p, rule->file, err))
        return -1;
    p->ready = 1;
    return 0;
}

static int compile_now(sc_rules *r, sc_rule *rule, sc_pattern *p, sc_error *err)
{
    if (!p->ready || !p->code) {
        pthread_mutex_lock(&r->lock);
        if (p->code) {
            pcre2_code_free(p->code);
            p->code = NULL;
        }
        int rc = compile_pattern(p, rule->file, err);
        __atomic_store_n(&p->ready, 1, __ATOMIC_RELEASE);
        pthread_mutex_unlock(&r->lock);
        return rc;
    }
    return 0;
}

/* Appends the patterns of the lists each rule names to its own `unless`
 * (each rule keeps its own compiled copy, as if it had written them). */
static int resolve_unless_lists(sc_rules *r, sc_error *err)
{
    for (size_t i = 0; i < r->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
        if (!rule->n_unless_lists)
            continue;
        size_t total = rule->n_unless;
        const sc_unless_list **lists = sc_arena_alloc(&r->arena, rule->n_unless_lists * sizeof *lists);
        if (!lists)
            goto oom;
        for (size_t k = 0; k < rule->n_unless_lists; k++) {
            lists[k] = NULL;
            for (size_t l = 0; l < r->unless_lists.len && !lists[k]; l++) {
                const sc_unless_list *list = SC_VEC_AT(&r->unless_lists, sc_unless_list, l);
                if (!strcmp(list->name, rule->unless_lists[k]))
                    lists[k] = list;
            }
            if (!lists[k]) {
                sc_set_error(err, rule->file, rule->line, rule->column,
                             "rule '%s': no unless list named '%s'", rule->id, rule->unless_lists[k]);
                return -1;
            }
            total += lists[k]->n;
        }
        sc_pattern *all = sc_arena_alloc(&r->arena, total * sizeof *all);
        const char **sources = sc_arena_alloc(&r->arena, total * sizeof *sources);
        if (!all || !sources)
            goto oom;
        size_t n = 0;
        for (size_t k = 0; k < rule->n_unless; k++, n++) {
            all[n] = rule->unless[k];
            sources[n] = rule->unless_sources[k];
        }
        for (size_t k = 0; k < rule->n_unless_lists; k++)
            for (size_t p = 0; p < lists[k]->n; p++, n++) {
                all[n] = lists[k]->patterns[p];
                all[n].known_atoms = NULL;
                all[n].ucp = rule->language && strcmp(rule->language, "en");
                sources[n] = all[n].source;
            }
        rule->unless = all;
        rule->unless_sources = sources;
        rule->n_unless = total;
        rule->n_unless_lists = 0;   /* done: compiling twice must not add them again */
    }
    return 0;
oom:
    sc_set_error(err, NULL, 0, 0, "out of memory");
    return -1;
}

static int fact_index(const sc_rules *r, const char *name)
{
    for (size_t f = 0; f < r->fact_names.len; f++)
        if (!strcmp(*SC_VEC_AT(&r->fact_names, char *, f), name))
            return (int)f;
    return -1;
}

/* Numbers the facts the fact rules set, and turns each sign rule's
 * `unless_fact` names into a mask of them. */
static int resolve_facts(sc_rules *r, sc_error *err)
{
    r->fact_names.len = 0;
    for (size_t i = 0; i < r->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
        rule->fact_index = -1;
        if (!rule->fact)
            continue;
        rule->fact_index = fact_index(r, rule->fact);
        if (rule->fact_index >= 0)
            continue;
        if (r->fact_names.len == SC_MAX_FACTS) {
            sc_set_error(err, rule->file, rule->sign_line, rule->sign_column,
                         "rule '%s': a rule set may name at most %d facts", rule->id, SC_MAX_FACTS);
            return -1;
        }
        char **slot = sc_vec_push(&r->fact_names);
        if (!slot) {
            sc_set_error(err, NULL, 0, 0, "out of memory");
            return -1;
        }
        *slot = rule->fact;
        rule->fact_index = (int)r->fact_names.len - 1;
    }
    for (size_t i = 0; i < r->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
        rule->unless_mask = 0;
        for (size_t k = 0; k < rule->n_unless_facts; k++) {
            int f = fact_index(r, rule->unless_facts[k]);
            if (f < 0) {
                sc_set_error(err, rule->file, rule->line, rule->column,
                             "rule '%s': unless_fact '%s' is set by no fact rule", rule->id,
                             rule->unless_facts[k]);
                return -1;
            }
            rule->unless_mask |= (uint32_t)1 << f;
        }
    }
    return 0;
}

int sc_rules_compile_lazy(sc_rules *r, sc_error *err)
{
    return each_pattern(r, compile_now, err);
}

int sc_rules_compile(sc_rules *r, sc_error *err)
{
    if (r->compiled)
        return 0;
    size_t n_text = 0;
    if (resolve_facts(r, err) || resolve_unless_lists(r, err))
        return -1;
    for (size_t i = 0; i < r->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
        rule->sign_index = -1;
        for (size_t s = 0; rule->sign && s < r->signs.len; s++)
            if (!strcmp(SC_VEC_AT(&r->signs, sc_sign, s)->id, rule->sign))
                rule->sign_index = (int)s;
        if (rule->sign_index < 0 && !rule->fact) {
            sc_set_error(err, rule->file, rule->sign_line, rule->sign_column,
                         "rule '%s' names unknown sign '%s'", rule->id, rule->sign);
            return -1;
        }
        n_text += rule->n_patterns;
    }
    r->text_patterns = malloc((n_text ? n_text : 1) * sizeof *r->text_patterns);
    if (!r->text_patterns) {
        sc_set_error(err, NULL, 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < r->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
        for (size_t p = 0; p < rule->n_patterns; p++) {
            rule->patterns[p].index = (int)r->n_text_patterns;
            r->text_patterns[r->n_text_patterns++] = &rule->patterns[p];
        }
    }
    /* The prefilter first: how a pattern is tried decides how it compiles. */
    r->prefilter = sc_prefilter_build(r->text_patterns, r->n_text_patterns);
    if (!r->prefilter) {
        sc_set_error(err, NULL, 0, 0, "out of memory");
        return -1;
    }
    if (each_pattern(r, compile_eager, err))
        return -1;
    for (size_t i = 0; i < r->rules.len; i++)
        r->by_language |= SC_VEC_AT(&r->rules, sc_rule, i)->language != NULL;
    if (sc_language_index(r)) {
        sc_set_error(err, NULL, 0, 0, "out of memory");
        return -1;
    }
    r->compiled = 1;
    return 0;
}

void sc_rules_set_prefilter(sc_rules *r, int on)
{
    r->use_prefilter = on;
}

void sc_rules_set_match_limit(sc_rules *rules, unsigned long limit)
{
    rules->match_limit = limit ? limit : SC_DEFAULT_MATCH_LIMIT;
}

int sc_rules_set_home_country(sc_rules *r, const char *iso)
{
    const char *code = iso ? sc_country_code(iso) : NULL;
    if (!code)
        return -1;
    r->home_iso = sc_arena_strdup(&r->arena, iso);
    for (char *c = (char *)r->home_iso; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    r->home_code = code;
    return 0;                   /* (set it before adding known numbers) */
}

int sc_rules_add_known_number(sc_rules *r, const char *number)
{
    char norm[64];
    if (sc_phone_normalise(number, r->home_code, norm, sizeof norm))
        return -1;
    char **slot = sc_vec_push(&r->known_numbers);
    if (!slot || !(*slot = sc_arena_strdup(&r->arena, norm)))
        return -1;
    return 0;
}

void sc_rules_set_language(sc_rules *r, const char *name)
{
    if (!name || !*name) {
        r->force_language = NULL;
        return;
    }
    char code[32];
    sc_language_code(name, code, sizeof code);
    r->force_language = sc_arena_strdup(&r->arena, code);
}

/* ---- reading -------------------------------------------------------------- */

size_t sc_rules_count(const sc_rules *r)
{
    return r->rules.len;
}

int sc_rules_get(const sc_rules *r, size_t i, sc_rule_info *out)
{
    if (i >= r->rules.len)
        return -1;
    const sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
    static const char *const scopes[] = {"any", "other", "person"};
    out->id = rule->id;
    out->sign = rule->sign;
    out->description = rule->description;
    out->weight = rule->weight;
    out->speaker = scopes[rule->scope];
    out->file = rule->file;
    out->line = rule->line;
    out->n_patterns = rule->n_patterns;
    out->patterns = rule->pattern_sources;
    out->n_unless = rule->n_unless;
    out->unless = rule->unless_sources;
    out->fact = rule->fact;
    out->n_unless_facts = rule->n_unless_facts;
    out->unless_facts = (const char *const *)rule->unless_facts;
    return 0;
}

size_t sc_signs_count(const sc_rules *r)
{
    return r->signs.len;
}

int sc_signs_get(const sc_rules *r, size_t i, sc_sign_info *out)
{
    if (i >= r->signs.len)
        return -1;
    const sc_sign *s = SC_VEC_AT(&r->signs, sc_sign, i);
    out->id = s->id;
    out->name = s->name;
    out->advice = s->advice;
    out->cap = s->cap;
    return 0;
}

int sc_rules_threshold(const sc_rules *r, sc_verdict v)
{
    return v == SC_CLEAN ? 0 : r->threshold[v];
}

int sc_meta_value_eq(const char *cond, const char *value)
{
    return cond && value && sc_strcaseeq(cond, value);
}
