/* jsonq PATH: reads one JSON document from stdin and prints the value at PATH,
 * like jq -r for simple paths: .key, [N], and `length` at the end
 * (.results[0].signs|length). Strings print raw; exit 1 when the input is not
 * JSON or the path is missing. Lets the CLI tests run without jq. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    cJSON *v = doc;
    char *path = argv[1];
    int length = 0;
    char *bar = strstr(path, "|length");
    if (bar) {
        *bar = 0;
        length = 1;
    }
    for (char *p = path; *p && v;) {
        if (*p == '.') {
            p++;
            size_t k = strcspn(p, ".[");
            if (k == 0)
                continue;
            char key[256];
            snprintf(key, sizeof key, "%.*s", (int)k, p);
            v = cJSON_GetObjectItemCaseSensitive(v, key);
            p += k;
        } else if (*p == '[') {
            v = cJSON_GetArrayItem(v, atoi(p + 1));
            p = strchr(p, ']');
            p = p ? p + 1 : "";
        } else {
            v = NULL;
        }
    }
    if (!v) {
        cJSON_Delete(doc);
        return 1;
    }
    if (length)
        printf("%d\n", cJSON_GetArraySize(v));
    else if (cJSON_IsString(v))
        printf("%s\n", v->valuestring);
    else {
        char *s = cJSON_PrintUnformatted(v);
        printf("%s\n", s);
        free(s);
    }
    cJSON_Delete(doc);
    return 0;
}
