/* jsonq PATH: reads one JSON document from stdin and prints the value at PATH,
 * like jq -r for simple paths: .key, [N], [] (each element) and `length` at
 * the end (.results[0].signs|length, .rules[].patterns[]). Strings print raw; exit 1 when the input is not
 * JSON or the path is missing. Lets the CLI tests run without jq. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_value(cJSON *v, int length)
{
    if (length)
        printf("%d\n", cJSON_GetArraySize(v));
    else if (cJSON_IsString(v))
        printf("%s\n", v->valuestring);
    else {
        char *s = cJSON_PrintUnformatted(v);
        printf("%s\n", s);
        free(s);
    }
}

/* Follows path from v and prints what it reaches; [] visits every element.
 * Returns how many values were printed. */
static int walk(cJSON *v, const char *p, int length)
{
    while (*p && v) {
        if (*p == '.') {
            p++;
            size_t k = strcspn(p, ".[");
            if (k == 0)
                continue;
            char key[256];
            snprintf(key, sizeof key, "%.*s", (int)k, p);
            v = cJSON_GetObjectItemCaseSensitive(v, key);
            p += k;
        } else if (p[0] == '[' && p[1] == ']') {
            int n = 0;
            cJSON *item;
            cJSON_ArrayForEach(item, v)
                n += walk(item, p + 2, length);
            return n;
        } else if (*p == '[') {
            v = cJSON_GetArrayItem(v, atoi(p + 1));
            p = strchr(p, ']');
            p = p ? p + 1 : "";
        } else {
            return 0;
        }
    }
    if (!v)
        return 0;
    print_value(v, length);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: jsonq PATH < doc.json\n");
        return 2;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, stdin)) > 0)
        if ((n += got) + 1 >= cap)
            buf = realloc(buf, cap *= 2);
    buf[n] = 0;
    cJSON *doc = cJSON_Parse(buf);
    free(buf);
    if (!doc) {
        fprintf(stderr, "jsonq: not JSON\n");
        return 1;
    }
    char *path = argv[1];
    int length = 0;
    char *bar = strstr(path, "|length");
    if (bar) {
        *bar = 0;
        length = 1;
    }
    int found = walk(doc, path, length);
    cJSON_Delete(doc);
    return found ? 0 : 1;
}
