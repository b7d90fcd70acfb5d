/* Reading a transcript into memory in one go. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

const char *input_binary_kind(const char *buf, size_t len)
{
    static const struct {
        const char *magic;
        size_t n;
        const char *kind;
    } magics[] = {
        {"\x7f" "ELF", 4, "a program (ELF)"},   {"\x89PNG", 4, "a PNG image"},
        {"\xff\xd8\xff", 3, "a JPEG image"},   {"GIF8", 4, "a GIF image"},
        {"%PDF", 4, "a PDF document"},         {"PK\x03\x04", 4, "a zip archive (or .docx)"},
        {"\x1f\x8b", 2, "gzip data"},          {"RIFF", 4, "a RIFF file (WAV audio?)"},
        {"ID3", 3, "MP3 audio"},               {"OggS", 4, "Ogg audio"},
        {"fLaC", 4, "FLAC audio"},             {"\xd0\xcf\x11\xe0", 4, "an old Office document"},
    };
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (len >= magics[i].n && !memcmp(buf, magics[i].magic, magics[i].n))
            return magics[i].kind;
    /* Control bytes other than layout (tab, newlines, form feed, escape)
     * are rare in text: more than 1 in 32 of the first 8 KiB means binary. */
    size_t n = len < 8192 ? len : 8192, odd = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        odd += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
                c != 0x1b) || c == 0x7f;
    }
    return odd * 32 > n ? "binary data" : NULL;
}

int input_from_utf16(const char *buf, size_t len, char **out, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)buf;
    if (len < 2 || !((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return 0;
    int le = p[0] == 0xFF;
    char *o = malloc(len / 2 * 3 + 4);   /* a UTF-16 unit gives at most 3 bytes of UTF-8 */
    if (!o)
        return -1;
    size_t k = 0;
    for (size_t i = 2; i + 1 < len; i += 2) {
        unsigned cp = le ? p[i] | p[i + 1] << 8 : p[i] << 8 | p[i + 1];
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < len) {
            unsigned lo = le ? p[i + 2] | p[i + 3] << 8 : p[i + 2] << 8 | p[i + 3];
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = 0xFFFD;        /* a lone surrogate */
        if (cp < 0x80) {
            o[k++] = (char)cp;
        } else if (cp < 0x800) {
            o[k++] = (char)(0xC0 | cp >> 6);
            o[k++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            o[k++] = (char)(0xE0 | cp >> 12);
            o[k++] = (char)(0x80 | (cp >> 6 & 0x3F));
            o[k++] = (char)(0x80 | (cp & 0x3F));
        } else {
            o[k++] = (char)(0xF0 | cp >> 18);
            o[k++] = (char)(0x80 | (cp >> 12 & 0x3F));
            o[k++] = (char)(0x80 | (cp >> 6 & 0x3F));
            o[k++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    *out = o;
    *out_len = k;
    return 1;
}

int input_read(const char *path, size_t max, char **buf, size_t *len, sc_error *err)
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
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > max) {
        fclose(f);
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        snprintf(err->message, sizeof err->message,
                 "too large: %lld bytes, more than --max-size (%zu bytes)", (long long)st.st_size, max);
        return -1;
    }
    size_t cap = !is_stdin && fstat(fileno(f), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    char *b = malloc(cap);
    size_t n = 0;
    int bad = !b, big = 0;
    while (!bad) {
        if (n > max) {          /* a pipe or a file that grew: stop reading */
            big = 1;
            break;
        }
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
    if (big) {
        free(b);
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        snprintf(err->message, sizeof err->message, "too large: more than --max-size (%zu bytes)", max);
        return -1;
    }
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
