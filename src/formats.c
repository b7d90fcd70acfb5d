/* Bytes -> transcript for speech-to-text output: SRT and WebVTT subtitles and
 * Whisper / WhisperX JSON. Each cue or segment becomes a turn with its start
 * time; evidence lines stay lines of the file as given. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static int has_ext(const char *name, const char *ext)
{
    size_t n = name ? strlen(name) : 0, e = strlen(ext);
    return n > e && !strcasecmp(name + n - e, ext);
}

static const char *skip_space(const char *p, const char *end)
{
    if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    while (p < end && isspace((unsigned char)*p))
        p++;
    return p;
}

/* An SRT file opens with a cue number, then a line with "-->". */
static int looks_srt(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && isdigit((unsigned char)*q))
        q++;
    if (q == p || q >= end || (*q != '\n' && *q != '\r'))
        return 0;
    const char *nl = memchr(q + 1, '\n', (size_t)(end - q - 1));
    size_t n = (size_t)((nl ? nl : end) - q);
    return n > 5 && memmem(q, n, "-->", 3) != NULL;
}

sc_format sc_format_detect(const char *name, const char *text, size_t len)
{
    const char *end = text + len, *p = skip_space(text, end);
    if (has_ext(name, ".srt"))
        return SC_FORMAT_SRT;
    if (has_ext(name, ".vtt"))
        return SC_FORMAT_VTT;
    if ((size_t)(end - p) >= 6 && !memcmp(p, "WEBVTT", 6))
        return SC_FORMAT_VTT;
    if (p < end && *p == '{' && memmem(p, (size_t)(end - p), "\"segments\"", 10))
        return SC_FORMAT_WHISPER_JSON;
    if (looks_srt(p, end))
        return SC_FORMAT_SRT;
    return SC_FORMAT_TEXT;
}

/* "01:02:03,500", "02:03.500" -> seconds; -1 if not a timestamp. */
static double parse_time(const char *p, const char *end)
{
    double parts[3] = {0, 0, 0};
    int n = 0;
    while (p < end && n < 3) {
        if (!isdigit((unsigned char)*p))
            return -1;
        double v = 0;
        while (p < end && isdigit((unsigned char)*p))
            v = v * 10 + (*p++ - '0');
        parts[n++] = v;
        if (p < end && *p == ':') {
            p++;
            continue;
        }
        if (p < end && (*p == ',' || *p == '.')) {
            p++;
            double frac = 0, scale = 0.1;
            while (p < end && isdigit((unsigned char)*p)) {
                frac += (*p++ - '0') * scale;
                scale /= 10;
            }
            parts[n - 1] += frac;
        }
        break;
    }
    if (n == 2)
        return parts[0] * 60 + parts[1];
    if (n == 3)
        return parts[0] * 3600 + parts[1] * 60 + parts[2];
    return -1;
}

typedef struct line_ref {
    const char *p;
    size_t len;
} line_ref;

static size_t split_lines(const char *text, size_t len, sc_vec *out)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        line_ref *l = sc_vec_push(out);
        if (!l)
            return 0;
        l->p = text + i;
        l->len = e - i;
        if (l->len && l->p[l->len - 1] == '\r')
            l->len--;
        i = e + 1;
    }
    return out->len;
}

static int blank(line_ref l)
{
    for (size_t i = 0; i < l.len; i++)
        if (!isspace((unsigned char)l.p[i]))
            return 0;
    return 1;
}

/* Cue text without markup: tags such as <i> and <c.red> (a leading <v Name>
 * is returned as the voice), {\an8}, and the common entities. One output
 * line per input line, so line numbers hold. */
static char *clean_cue(sc_arena *a, const line_ref *lines, size_t n, const char **voice,
                       size_t *voice_len, size_t *out_len)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += lines[i].len + 1;
    char *out = sc_arena_alloc(a, total + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    *voice = NULL;
    *voice_len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = lines[i].p, *end = p + lines[i].len;
        while (p < end) {
            if (*p == '<') {
                const char *close = memchr(p, '>', (size_t)(end - p));
                if (!close)
                    break;
                if (!*voice && p + 1 < close && p[1] == 'v' && (p[2] == ' ' || p[2] == '.')) {
                    const char *name = p + 2;
                    while (name < close && *name != ' ')
                        name++;         /* past classes: <v.loud Name> */
                    while (name < close && *name == ' ')
                        name++;
                    *voice = name;
                    *voice_len = (size_t)(close - name);
                }
                p = close + 1;
            } else if (*p == '{' && p + 1 < end && p[1] == '\\') {
                const char *close = memchr(p, '}', (size_t)(end - p));
                p = close ? close + 1 : end;
            } else if (*p == '&') {
                static const struct {
                    const char *name, *text;
                } ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", " "}, {"&quot;", "\""}};
                size_t k;
                for (k = 0; k < sizeof ents / sizeof *ents; k++) {
                    size_t el = strlen(ents[k].name);
                    if ((size_t)(end - p) >= el && !memcmp(p, ents[k].name, el)) {
                        out[o++] = ents[k].text[0];
                        p += el;
                        break;
                    }
                }
                if (k == sizeof ents / sizeof *ents)
                    out[o++] = *p++;
            } else {
                out[o++] = *p++;
            }
        }
        out[o++] = '\n';
    }
    if (o)
        o--;                    /* no newline after the last line */
    out[o] = 0;
    *out_len = o;
    return out;
}

static int starts_with(line_ref l, const char *word)
{
    size_t n = strlen(word);
    return l.len >= n && !memcmp(l.p, word, n);
}

/* One block of lines L[0, n), the first being line `base` of the input: an
 * SRT or WebVTT cue becomes a turn; WebVTT comments and styling are skipped.
 * Returns 0, or -1 with err at the line that is wrong. */
static int subtitle_block(sc_transcript *t, const char *source, int vtt, const line_ref *L,
                          size_t n, int base, sc_error *err)
{
    size_t timing = 0;
    while (timing < n && !memmem(L[timing].p, L[timing].len, "-->", 3))
        timing++;
    if (timing == n) {
        if (vtt && n && (starts_with(L[0], "NOTE") || starts_with(L[0], "STYLE") ||
                         starts_with(L[0], "REGION")))
            return 0;           /* comments and styling carry no speech */
        sc_set_error(err, source, base, 1, "%s cue without a 'start --> end' line",
                     vtt ? "WebVTT" : "SRT");
        return -1;
    }
    const char *tp = L[timing].p, *tend = L[timing].p + L[timing].len;
    while (tp < tend && isspace((unsigned char)*tp))
        tp++;
    const char *arrow = memmem(tp, (size_t)(tend - tp), "-->", 3);
    const char *ep = arrow + 3;
    while (ep < tend && isspace((unsigned char)*ep))
        ep++;
    double start = parse_time(tp, arrow);
    if (start < 0 || parse_time(ep, tend) < 0) {
        sc_set_error(err, source, base + (int)timing, 1, "not a timestamp: '%.*s'",
                     (int)(L[timing].len > 40 ? 40 : L[timing].len), L[timing].p);
        return -1;
    }
    size_t first = timing + 1;
    if (first >= n)
        return 0;               /* a cue with no text */
    const char *voice;
    size_t voice_len, clen;
    char *cue = clean_cue(t->arena, &L[first], n - first, &voice, &voice_len, &clen);
    if (!cue || sc_transcript_cue(t, cue, clen, base + (int)first, start, voice, voice_len)) {
        sc_set_error(err, source, 0, 0, "out of memory");
        return -1;
    }
    return 0;
}

int sc_formats_cue_block(sc_transcript *t, const char *source, int vtt, const char *block,
                         size_t len, int first_line, sc_error *err)
{
    sc_vec lines;
    sc_vec_init(&lines, sizeof(line_ref));
    if (len && !split_lines(block, len, &lines)) {
        sc_set_error(err, source, 0, 0, "out of memory");
        return -1;
    }
    int rc = subtitle_block(t, source, vtt, lines.items, lines.len, first_line, err);
    if (first_line + (int)lines.len - 1 > t->n_lines)
        t->n_lines = first_line + (int)lines.len - 1;
    sc_vec_free(&lines);
    return rc;
}

/* SRT: blocks of a number, "start --> end", text lines; WebVTT: a header,
 * then cues of an optional id, "start --> end settings", text lines. */
static int parse_subtitles(sc_transcript *t, const char *source, int vtt, const char *text,
                           size_t len, sc_error *err)
{
    sc_vec lines;
    sc_vec_init(&lines, sizeof(line_ref));
    if (len && !split_lines(text, len, &lines)) {
        sc_set_error(err, source, 0, 0, "out of memory");
        return -1;
    }
    line_ref *L = lines.items;
    size_t n = lines.len, i = 0;
    t->n_lines = (int)n;
    if (vtt) {
        /* The header block: WEBVTT and anything up to the first blank line. */
        while (i < n && !blank(L[i]))
            i++;
    }
    int rc = 0;
    while (i < n && rc == 0) {
        while (i < n && blank(L[i]))
            i++;
        if (i >= n)
            break;
        size_t block = i;
        while (i < n && !blank(L[i]))
            i++;
        rc = subtitle_block(t, source, vtt, &L[block], i - block, (int)block + 1, err);
    }
    sc_vec_free(&lines);
    return rc;
}

/* The line of each segment's "text" key, in order, after the "segments" key:
 * cJSON keeps no positions, so the raw bytes are searched. */
static int next_text_line(const char *text, size_t len, size_t *pos, int *line)
{
    while (*pos + 6 < len) {
        const char *hit = memmem(text + *pos, len - *pos, "\"text\"", 6);
        if (!hit)
            return 0;
        for (const char *c = text + *pos; c < hit; c++)
            *line += *c == '\n';
        *pos = (size_t)(hit - text) + 6;
        const char *q = hit + 6;
        while (q < text + len && isspace((unsigned char)*q))
            q++;
        if (q < text + len && *q == ':')
            return *line;
    }
    return 0;
}

static int parse_whisper(sc_transcript *t, const char *source, const char *text, size_t len,
                         sc_error *err)
{
    cJSON *doc = cJSON_ParseWithLength(text, len);
    if (!doc) {
        const char *at = cJSON_GetErrorPtr();
        int line = 1;
        for (const char *c = text; at && c < at && c < text + len; c++)
            line += *c == '\n';
        sc_set_error(err, source, line, 0, "not valid Whisper JSON");
        return -1;
    }
    cJSON *segments = cJSON_GetObjectItemCaseSensitive(doc, "segments");
    if (!cJSON_IsArray(segments)) {
        cJSON_Delete(doc);
        sc_set_error(err, source, 1, 1, "Whisper JSON needs a \"segments\" list");
        return -1;
    }
    const char *seg_key = memmem(text, len, "\"segments\"", 10);
    size_t pos = seg_key ? (size_t)(seg_key - text) : 0;
    int line = 1;
    for (const char *c = text; c < text + pos; c++)
        line += *c == '\n';
    int rc = 0, index = 0;
    cJSON *seg;
    cJSON_ArrayForEach(seg, segments)
    {
        index++;
        cJSON *st = cJSON_GetObjectItemCaseSensitive(seg, "start");
        cJSON *tx = cJSON_GetObjectItemCaseSensitive(seg, "text");
        cJSON *sp = cJSON_GetObjectItemCaseSensitive(seg, "speaker");
        if (!cJSON_IsString(tx)) {
            sc_set_error(err, source, 0, 0, "Whisper JSON: segment %d has no \"text\"", index);
            rc = -1;
            break;
        }
        int at = next_text_line(text, len, &pos, &line);
        const char *voice = cJSON_IsString(sp) ? sp->valuestring : NULL;
        if (sc_transcript_cue(t, tx->valuestring, strlen(tx->valuestring), at ? at : index,
                              cJSON_IsNumber(st) ? st->valuedouble : -1, voice,
                              voice ? strlen(voice) : 0)) {
            sc_set_error(err, source, 0, 0, "out of memory");
            rc = -1;
            break;
        }
    }
    int lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    t->n_lines = lines;
    cJSON_Delete(doc);
    return rc;
}

int sc_formats_parse(sc_transcript *t, sc_arena *arena, const char *source, sc_format format,
                     const char *text, size_t len, const sc_meta *given, size_t n_given,
                     const sc_rules *names, sc_error *err)
{
    if (sc_transcript_start(t, arena, len, names) ||
        sc_transcript_given_meta(t, source, given, n_given, err)) {
        if (!err->message[0])
            sc_set_error(err, source, 0, 0, "out of memory");
        sc_transcript_free(t);
        return -1;
    }
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    int rc = format == SC_FORMAT_WHISPER_JSON ? parse_whisper(t, source, text, len, err)
                                              : parse_subtitles(t, source, format == SC_FORMAT_VTT,
                                                                text, len, err);
    if (rc)
        sc_transcript_free(t);
    return rc;
}
