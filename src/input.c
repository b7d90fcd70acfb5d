/* Reading a transcript into memory in one go. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int input_read(const char *path, char **buf, size_t *len, sc_error *err)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        snprintf(err->message, sizeof err->message, "cannot read: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        snprintf(err->message, sizeof err->message, "is a folder");
        return -1;
    }
    size_t cap = !is_stdin && fstat(fileno(f), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    char *b = malloc(cap);
    size_t n = 0;
    int bad = !b;
    while (!bad) {
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                bad = 1;
                break;
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            bad = ferror(f);
            break;
        }
    }
    int saved = errno;
    if (!is_stdin)
        fclose(f);
    if (bad) {
        free(b);
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        snprintf(err->message, sizeof err->message, "cannot read: %s",
                 strerror(saved ? saved : ENOMEM));
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}

/* ---- JSON Lines records ------------------------------------------------------ */

int input_parse_record(const char *line, size_t len, record *rec, char *why, size_t why_len)
{
    memset(rec, 0, sizeof *rec);
    cJSON *doc = cJSON_ParseWithLength(line, len);
    if (!doc) {
        const char *at = cJSON_GetErrorPtr();
        snprintf(why, why_len, "not valid JSON (near byte %ld)",
                 at && at >= line && at <= line + len ? (long)(at - line) + 1 : 0L);
        return -1;
    }
    rec->doc = doc;
    if (!cJSON_IsObject(doc)) {
        snprintf(why, why_len, "a record must be a JSON object with \"text\"");
        goto bad;
    }
    cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
    if (cJSON_IsString(id))
        rec->id = strdup(id->valuestring);
    else if (cJSON_IsNumber(id))
        rec->id = cJSON_PrintUnformatted(id);
    else if (id && !cJSON_IsNull(id)) {
        snprintf(why, why_len, "\"id\" must be a string or a number");
        goto bad;
    }
    cJSON *text = cJSON_GetObjectItemCaseSensitive(doc, "text");
    if (!cJSON_IsString(text)) {
        snprintf(why, why_len, text ? "\"text\" must be a string" : "the record has no \"text\"");
        goto bad;
    }
    rec->text = text->valuestring;
    rec->text_len = strlen(text->valuestring);
    cJSON *meta = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
    if (meta && !cJSON_IsNull(meta)) {
        if (!cJSON_IsObject(meta)) {
            snprintf(why, why_len, "\"metadata\" must be an object");
            goto bad;
        }
        int n = cJSON_GetArraySize(meta);
        rec->meta = calloc((size_t)(n ? n : 1), sizeof *rec->meta);
        rec->owned = calloc((size_t)(n ? n : 1), sizeof *rec->owned);
        cJSON *m;
        cJSON_ArrayForEach(m, meta)
        {
            sc_meta *out = &rec->meta[rec->n_meta];
            out->key = m->string;
            if (cJSON_IsString(m)) {
                out->kind = SC_META_STRING;
                out->value = m->valuestring;
            } else if (cJSON_IsBool(m)) {
                out->kind = SC_META_BOOL;
                out->value = cJSON_IsTrue(m) ? "true" : "false";
            } else if (cJSON_IsNull(m)) {
                out->kind = SC_META_NULL;
                out->value = "";
            } else {
                out->kind = cJSON_IsNumber(m) ? SC_META_NUMBER : SC_META_JSON;
                out->value = rec->owned[rec->n_meta] = cJSON_PrintUnformatted(m);
            }
            rec->n_meta++;
        }
    }
    return 0;
bad:
    input_record_free(rec);
    return -1;
}

void input_record_free(record *rec)
{
    for (size_t i = 0; rec->owned && i < rec->n_meta; i++)
        free(rec->owned[i]);
    free(rec->owned);
    free(rec->meta);
    free(rec->id);
    cJSON_Delete(rec->doc);
    memset(rec, 0, sizeof *rec);
}
