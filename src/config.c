/* Project config: .scamcheck.yaml in the current folder or a parent, or
 * --config FILE, sets default options. Its keys become command-line
 * arguments placed before the user's, so one parser checks both and the
 * command line wins. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "cli.h"

/* Config key -> option; paths are read from the config file's folder. */
static const struct {
    const char *key, *option;
    enum { VALUE, LIST, FLAG, PATH, PATHS } kind;
} keys[] = {
    {"rules", "--rules", PATHS},          {"no-default-rules", "--no-default-rules", FLAG},
    {"fail-on", "--fail-on", VALUE},      {"format", "--format", VALUE},
    {"input-format", "--input-format", VALUE}, {"lang", "--lang", VALUE},
    {"home-country", "--home-country", VALUE}, {"known-numbers", "--known-numbers", PATH},
    {"include", "--include", LIST},       {"exclude", "--exclude", LIST},
    {"jobs", "--jobs", VALUE},            {"color", "--color", VALUE},
    {"hidden", "--hidden", FLAG},         {"follow", "--follow", FLAG},
    {"summary", "--summary", FLAG},       {"max-size", "--max-size", VALUE},
};

typedef struct args {
    char **v;
    int n, cap;
} args;

static int push(args *a, const char *s)
{
    if (a->n + 1 >= a->cap) {
        int cap = a->cap ? a->cap * 2 : 16;
        char **v = realloc(a->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n] = strdup(s);
    a->v[++a->n] = NULL;
    return a->v[a->n - 1] ? 0 : -1;
}

static void at(sc_error *err, const char *file, const yaml_node_t *n, const char *fmt, const char *arg)
{
    snprintf(err->file, sizeof err->file, "%.*s", (int)sizeof err->file - 1, file);
    err->line = n ? (int)n->start_mark.line + 1 : 0;
    err->column = n ? (int)n->start_mark.column + 1 : 0;
    snprintf(err->message, sizeof err->message, fmt, arg);
}

/* A path from the config, made relative to the config file's folder. */
static void resolve(const char *dir, const char *value, char *out, size_t n)
{
    int half = (int)n / 2 - 1;  /* paths this long are not real ones anyway */
    if (value[0] == '/' || !dir[0])
        snprintf(out, n, "%.*s", half, value);
    else
        snprintf(out, n, "%.*s/%.*s", half, dir, half, value);
}

/* Checks one option and its value alone, so a bad value names its line. */
static int check_value(const char *option, const char *value, char *why, size_t n)
{
    char *argv[] = {"scamcheck", (char *)option, (char *)value, NULL};
    options o;
    int rc = options_parse(&o, value ? 3 : 2, argv, why, n);
    options_free(&o);
    return rc;
}

static int read_config(const char *file, args *out, sc_error *err)
{
    FILE *f = fopen(file, "rb");
    if (!f) {
        snprintf(err->file, sizeof err->file, "%.*s", (int)sizeof err->file - 1, file);
        snprintf(err->message, sizeof err->message, "cannot read config: %s", strerror(errno));
        return -1;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", (int)sizeof dir - 1, file);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        dir[0] = 0;
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err->file, sizeof err->file, "%.*s", (int)sizeof err->file - 1, file);
        err->line = (int)parser.problem_mark.line + 1;
        err->column = (int)parser.problem_mark.column + 1;
        snprintf(err->message, sizeof err->message, "YAML: %s", parser.problem ? parser.problem : "invalid");
        yaml_parser_delete(&parser);
        fclose(f);
        return -1;
    }
    yaml_parser_delete(&parser);
    fclose(f);
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type != YAML_MAPPING_NODE) {
        at(err, file, root, "%s", "the config must be a mapping of options to values");
        rc = -1;
    }
    for (yaml_node_pair_t *p = root && !rc ? root->data.mapping.pairs.start : NULL;
         p && p < root->data.mapping.pairs.top && !rc; p++) {
        yaml_node_t *k = yaml_document_get_node(&doc, p->key), *v = yaml_document_get_node(&doc, p->value);
        const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
        size_t i;
        for (i = 0; i < sizeof keys / sizeof *keys; i++)
            if (!strcmp(keys[i].key, key))
                break;
        if (i == sizeof keys / sizeof *keys) {
            at(err, file, k, "unknown key '%s' (known: rules, no-default-rules, fail-on, format, "
                             "input-format, lang, home-country, known-numbers, include, exclude, "
                             "jobs, color, hidden, follow, summary, max-size)", key);
            rc = -1;
            break;
        }
        /* A list, or one value as a list of one. */
        yaml_node_item_t one = p->value;
        yaml_node_item_t *items = v->type == YAML_SEQUENCE_NODE ? v->data.sequence.items.start : &one;
        yaml_node_item_t *end = v->type == YAML_SEQUENCE_NODE ? v->data.sequence.items.top : &one + 1;
        if (v->type == YAML_SEQUENCE_NODE && keys[i].kind != LIST && keys[i].kind != PATHS) {
            at(err, file, v, "'%s' takes a single value", key);
            rc = -1;
            break;
        }
        for (yaml_node_item_t *it = items; it < end && !rc; it++) {
            yaml_node_t *item = yaml_document_get_node(&doc, *it);
            if (item->type != YAML_SCALAR_NODE) {
                at(err, file, item, "the value of '%s' must be a string", key);
                rc = -1;
                break;
            }
            const char *value = (const char *)item->data.scalar.value;
            char buf[PATH_MAX + 16], why[300];
            if (keys[i].kind == FLAG) {
                if (!strcmp(value, "false") || !strcmp(value, "no"))
                    continue;
                if (strcmp(value, "true") && strcmp(value, "yes")) {
                    at(err, file, item, "'%s' must be true or false", key);
                    rc = -1;
                    break;
                }
                rc = push(out, keys[i].option);
                continue;
            }
            if (keys[i].kind == PATH || keys[i].kind == PATHS) {
                resolve(dir, value, buf, sizeof buf);
                value = buf;
            }
            if (keys[i].kind == VALUE && check_value(keys[i].option, value, why, sizeof why)) {
                at(err, file, item, "%s", why);
                rc = -1;
                break;
            }
            rc = push(out, keys[i].option) || push(out, value);
        }
    }
    yaml_document_delete(&doc);
    return rc;
}

/* --config FILE or --config=FILE on the command line, or NULL. */
static const char *given_config(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            return argv[i + 1];
        if (!strncmp(argv[i], "--config=", 9))
            return argv[i] + 9;
    }
    return NULL;
}

/* .scamcheck.yaml here or in the nearest parent folder that has one. */
static int find_config(char *out, size_t n)
{
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof dir))
        return 0;
    for (;;) {
        snprintf(out, n, "%s/.scamcheck.yaml", strcmp(dir, "/") ? dir : "");
        if (access(out, F_OK) == 0)
            return 1;
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            if (!strcmp(dir, "/"))
                return 0;
            strcpy(dir, "/");
            continue;
        }
        *slash = 0;
    }
}

int config_args(int argc, char **argv, int *out_argc, char ***out_argv, sc_error *err)
{
    args a = {0};
    char found[PATH_MAX + 32];
    const char *file = given_config(argc, argv);
    int rc = push(&a, argv[0]);
    if (!file && find_config(found, sizeof found))
        file = found;
    if (rc == 0 && file)
        rc = read_config(file, &a, err);
    for (int i = 1; rc == 0 && i < argc; i++)
        rc = push(&a, argv[i]);
    if (rc) {
        for (int i = 0; i < a.n; i++)
            free(a.v[i]);
        free(a.v);
        if (!err->message[0])
            snprintf(err->message, sizeof err->message, "out of memory");
        return -1;
    }
    *out_argc = a.n;
    *out_argv = a.v;
    return 0;
}

void config_args_free(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}
