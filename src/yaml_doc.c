/* A YAML document as a tree with line/column marks, for rule files and front
 * matter. libyaml counts from 0; everything here reports 1-based positions. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Limits on what a YAML document may ask of us: nesting (the walkers here
 * recurse) and the size of the tree once aliases are expanded (an "alias
 * bomb" of a few lines stands for billions of nodes). */
#define YAML_MAX_DEPTH 64
#define YAML_MAX_NODES 100000
#define YAML_MAX_ANCHORS 1000

typedef struct anchor_size {
    char *name;
    unsigned long long nodes;
} anchor_size;

static void yaml_limit_error(sc_error *err, const char *file, int line_base, const yaml_event_t *ev,
                             const char *msg)
{
    sc_set_error(err, file, (int)ev->start_mark.line + 1 + line_base, (int)ev->start_mark.column + 1,
                 "YAML: %s", msg);
}

/* One pass over the events, before the document is built: the depth, and
 * the node count with every alias counted as the nodes it stands for. */
static int check_limits(const char *file, int line_base, const char *buf, size_t len, sc_error *err)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        sc_set_error(err, file, 0, 0, "out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    unsigned long long count[YAML_MAX_DEPTH + 2];     /* nodes under each open collection */
    char *anchor_of[YAML_MAX_DEPTH + 2];
    anchor_size anchors[YAML_MAX_ANCHORS];
    size_t n_anchors = 0;
    int depth = 0, rc = 0, done = 0;
    count[0] = 0;
    anchor_of[0] = NULL;
    while (!done && !rc) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev))
            break;              /* the loader reports syntax errors with their place */
        unsigned long long nodes = 0;
        const char *anchor = NULL;
        int closes = 0;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth == YAML_MAX_DEPTH) {
                yaml_limit_error(err, file, line_base, &ev, "nested deeper than 64 levels");
                rc = -1;
                break;
            }
            depth++;
            count[depth] = 1;
            anchor_of[depth] = NULL;
            anchor = ev.type == YAML_SEQUENCE_START_EVENT ? (const char *)ev.data.sequence_start.anchor
                                                          : (const char *)ev.data.mapping_start.anchor;
            if (anchor && !(anchor_of[depth] = strdup(anchor)))
                rc = -1;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            closes = 1;
            nodes = count[depth];
            anchor = anchor_of[depth];
            depth--;
            break;
        case YAML_SCALAR_EVENT:
            nodes = 1;
            anchor = (const char *)ev.data.scalar.anchor;
            break;
        case YAML_ALIAS_EVENT:
            nodes = 1;
            for (size_t i = 0; i < n_anchors; i++)
                if (!strcmp(anchors[i].name, (const char *)ev.data.alias.anchor))
                    nodes = anchors[i].nodes;
            break;
        default:
            break;
        }
        if (!rc && (nodes || closes)) {
            if (anchor) {
                if (n_anchors == YAML_MAX_ANCHORS) {
                    yaml_limit_error(err, file, line_base, &ev, "more than 1000 anchors");
                    rc = -1;
                } else if (!(anchors[n_anchors].name = strdup(anchor))) {
                    rc = -1;
                } else {
                    anchors[n_anchors++].nodes = nodes;
                }
            }
            count[depth] += nodes;
            if (!rc && count[depth] > YAML_MAX_NODES) {
                yaml_limit_error(err, file, line_base, &ev,
                                 "more than 100000 nodes once aliases are expanded (an alias bomb?)");
                rc = -1;
            }
        }
        if (closes)
            free(anchor_of[depth + 1]);
        yaml_event_delete(&ev);
    }
    if (rc && err && !err->message[0])
        sc_set_error(err, file, 0, 0, "out of memory");
    while (depth > 0)
        free(anchor_of[depth--]);
    for (size_t i = 0; i < n_anchors; i++)
        free(anchors[i].name);
    yaml_parser_delete(&parser);
    return rc;
}

int sc_yaml_load(sc_yaml *y, const char *file, int line_base, const char *buf,
                 size_t len, sc_error *err)
{
    memset(y, 0, sizeof *y);
    y->file = file;
    y->line_base = line_base;
    if (err)
        err->message[0] = 0;
    if (check_limits(file, line_base, buf, len, err))
        return -1;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        sc_set_error(err, file, 0, 0, "out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    if (!yaml_parser_load(&parser, &y->doc)) {
        const char *what = parser.problem ? parser.problem : "invalid YAML";
        yaml_mark_t m = parser.problem_mark;
        if (parser.context)
            sc_set_error(err, file, (int)m.line + 1 + line_base, (int)m.column + 1,
                         "YAML: %s %s", parser.context, what);
        else
            sc_set_error(err, file, (int)m.line + 1 + line_base, (int)m.column + 1,
                         "YAML: %s", what);
        yaml_parser_delete(&parser);
        return -1;
    }
    y->loaded = 1;
    yaml_parser_delete(&parser);
    return 0;
}

void sc_yaml_free(sc_yaml *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    y->loaded = 0;
}

yaml_node_t *sc_yaml_root(sc_yaml *y)
{
    return yaml_document_get_root_node(&y->doc);
}

yaml_node_t *sc_yaml_node(sc_yaml *y, int index)
{
    return yaml_document_get_node(&y->doc, index);
}

int sc_yaml_line(const sc_yaml *y, const yaml_node_t *n)
{
    return (int)n->start_mark.line + 1 + y->line_base;
}

int sc_yaml_col(const yaml_node_t *n)
{
    return (int)n->start_mark.column + 1;
}

void sc_yaml_error(const sc_yaml *y, const yaml_node_t *n, sc_error *err,
                   const char *fmt, ...)
{
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sc_set_error(err, y->file, n ? sc_yaml_line(y, n) : 0, n ? sc_yaml_col(n) : 0,
                 "%s", msg);
}

const char *sc_yaml_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

int sc_yaml_is_plain(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static int is_number(const char *s)
{
    char *end;
    if (!*s)
        return 0;
    strtod(s, &end);
    return *end == 0 && !isspace((unsigned char)s[0]);
}

sc_meta_kind sc_yaml_scalar_kind(const yaml_node_t *n, const char **norm)
{
    const char *s = sc_yaml_scalar(n);
    if (norm)
        *norm = s;
    if (!s || !sc_yaml_is_plain(n))
        return SC_META_STRING;
    static const char *const yes[] = {"true", "yes", "on", "y"};
    static const char *const no[] = {"false", "no", "off", "n"};
    for (size_t i = 0; i < 4; i++) {
        if (sc_strcaseeq(s, yes[i])) {
            if (norm)
                *norm = "true";
            return SC_META_BOOL;
        }
        if (sc_strcaseeq(s, no[i])) {
            if (norm)
                *norm = "false";
            return SC_META_BOOL;
        }
    }
    if (!*s || !strcmp(s, "~") || sc_strcaseeq(s, "null"))
        return SC_META_NULL;
    if (is_number(s))
        return SC_META_NUMBER;
    return SC_META_STRING;
}

static cJSON *node_to_json(sc_yaml *y, yaml_node_t *n, int depth)
{
    if (!n || depth > 64)
        return cJSON_CreateNull();
    if (n->type == YAML_SCALAR_NODE) {
        const char *norm;
        switch (sc_yaml_scalar_kind(n, &norm)) {
        case SC_META_BOOL:
            return cJSON_CreateBool(!strcmp(norm, "true"));
        case SC_META_NULL:
            return cJSON_CreateNull();
        case SC_META_NUMBER:
            return cJSON_CreateNumber(strtod(norm, NULL));
        default:
            return cJSON_CreateString(norm);
        }
    }
    if (n->type == YAML_SEQUENCE_NODE) {
        cJSON *arr = cJSON_CreateArray();
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++)
            cJSON_AddItemToArray(arr, node_to_json(y, sc_yaml_node(y, *it), depth + 1));
        return arr;
    }
    cJSON *obj = cJSON_CreateObject();
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = sc_yaml_scalar(sc_yaml_node(y, p->key));
        cJSON_AddItemToObject(obj, k ? k : "?",
                              node_to_json(y, sc_yaml_node(y, p->value), depth + 1));
    }
    return obj;
}

char *sc_yaml_to_json(sc_yaml *y, yaml_node_t *n)
{
    cJSON *j = node_to_json(y, n, 0);
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return s;
}
