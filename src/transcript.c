/* Bytes -> transcript: front matter, lines, speaker turns. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

typedef struct line_view {
    const char *p;
    size_t len;                 /* without the newline and a trailing \r */
} line_view;

static int is_fence(line_view l, const char *fence)
{
    size_t n = l.len;
    while (n && (l.p[n - 1] == ' ' || l.p[n - 1] == '\t'))
        n--;
    return n == 3 && !memcmp(l.p, fence, 3);
}

/* ---- speaker labels ----------------------------------------------------- */

/* Skips a leading timestamp such as "[00:01:02]", "(0:42)" or "00:01:02.5",
 * common in speech-to-text output before a speaker label. */
static size_t skip_timestamp(const char *p, size_t n)
{
    size_t i = 0;
    if (i < n && (p[i] == '[' || p[i] == '(')) {
        char close = p[i] == '[' ? ']' : ')';
        size_t j = i + 1;
        if (j >= n || !isdigit((unsigned char)p[j]))
            return 0;
        while (j < n && (isdigit((unsigned char)p[j]) || strchr(":.,-> ", p[j])))
            j++;
        if (j >= n || p[j] != close)
            return 0;
        j++;
        while (j < n && (p[j] == ' ' || p[j] == '\t'))
            j++;
        return j;
    }
    size_t j = 0, colons = 0;
    while (j < n && (isdigit((unsigned char)p[j]) || p[j] == ':' || p[j] == '.')) {
        colons += p[j] == ':';
        j++;
    }
    if (colons == 0 || j == 0 || j >= n || (p[j] != ' ' && p[j] != '\t'))
        return 0;
    while (j < n && (p[j] == ' ' || p[j] == '\t'))
        j++;
    return j;
}

static int label_char(unsigned char c)
{
    return isalnum(c) || c >= 0x80 || c == '_' || c == '.' || c == '\'' || c == '-' ||
           c == '#' || c == '(' || c == ')';
}

/* Is label (n bytes) one of names? Unless whole, a name followed by a
 * number or a name counts too: "Caller 2", "Caller (John)", "caller_1". */
static int listed(const sc_vec *names, const char *label, size_t n, int whole)
{
    for (size_t i = 0; i < names->len; i++) {
        const char *name = *SC_VEC_AT(names, char *, i);
        size_t k = strlen(name);
        if (n >= k && !strncasecmp(label, name, k) &&
            (n == k || (!whole && (label[k] == ' ' || label[k] == '_' || label[k] == '(' ||
                                   isdigit((unsigned char)label[k])))))
            return 1;
    }
    return 0;
}

int sc_name_listed(const sc_vec *names, const char *label, size_t n)
{
    return listed(names, label, n, 0);
}

int sc_speaker_name_role(const sc_rules *rules, const char *label, size_t n)
{
    if (!rules)
        return SC_SCOPE_ANY;
    if (listed(&rules->other_names, label, n, 0))
        return SC_SCOPE_OTHER;
    if (listed(&rules->person_names, label, n, 0))
        return SC_SCOPE_PERSON;
    return SC_SCOPE_ANY;
}

/* The index of the transcript's speaker labelled p (n bytes, any case), or -1. */
static int find_speaker(const sc_transcript *t, const char *p, size_t n)
{
    for (size_t i = 0; i < t->speakers.len; i++) {
        const char *lab = SC_VEC_AT(&t->speakers, sc_speaker, i)->label;
        if (strlen(lab) == n && !strncasecmp(lab, p, n))
            return (int)i;
    }
    return -1;
}

/* A label the transcript already has, or a speaker name of the rule set. */
static int known_label(const sc_transcript *t, const char *p, size_t n)
{
    return find_speaker(t, p, n) >= 0 || sc_speaker_name_role(t->names, p, n) != SC_SCOPE_ANY;
}

/* Inside a line only a whole name counts ("caller", "Caller 2"), never a
 * phrase that starts with one ("support center. caller"). */
static int known_inline_label(const sc_transcript *t, const char *p, size_t n)
{
    if (find_speaker(t, p, n) >= 0)
        return 1;
    size_t k = n;               /* the name without a number after it */
    while (k > 0 && isdigit((unsigned char)p[k - 1]))
        k--;
    if (k < n && k > 0 && (p[k - 1] == ' ' || p[k - 1] == '_'))
        k--;
    return k > 0 && t->names &&
           (listed(&t->names->other_names, p, k, 1) || listed(&t->names->person_names, p, k, 1));
}

/* Finds "Label: " at the start of a line: one to three words, the first
 * starting with a capital letter (or a non-ASCII letter), or any known
 * speaker name ("caller:"), then a colon and a space or the end of the line.
 * Sets label and where the text starts. */
static int find_label(const sc_transcript *t, line_view l, size_t *lab_off, size_t *lab_len,
                      size_t *text_off)
{
    size_t i = 0;
    while (i < l.len && (l.p[i] == ' ' || l.p[i] == '\t'))
        i++;
    i += skip_timestamp(l.p + i, l.len - i);
    if (i >= l.len)
        return 0;
    unsigned char first = (unsigned char)l.p[i];
    int capital = (first >= 'A' && first <= 'Z') || first >= 0xC0;
    if (!capital && !(first >= 'a' && first <= 'z'))
        return 0;
    size_t start = i, words = 0;
    for (;;) {
        size_t w = i;
        while (i < l.len && label_char((unsigned char)l.p[i]))
            i++;
        if (i == w)
            return 0;
        words++;
        if (i < l.len && l.p[i] == ':')
            break;
        if (words == 3 || i >= l.len || l.p[i] != ' ')
            return 0;
        i++;
    }
    size_t len = i - start;
    if (len > 40)
        return 0;
    size_t after = i + 1;
    if (after < l.len && l.p[after] != ' ' && l.p[after] != '\t')
        return 0;               /* "http://", "10:30" */
    if (!capital && !known_label(t, l.p + start, len))
        return 0;               /* "so the thing is: ..." */
    while (after < l.len && (l.p[after] == ' ' || l.p[after] == '\t'))
        after++;
    *lab_off = start;
    *lab_len = len;
    *text_off = after;
    return 1;
}

/* Finds the next known label inside a line, from byte from on: a whole call
 * written on one line ("caller: Hello ... receiver: Who is this? caller: ...").
 * Only labels the transcript already has or speaker names of the rule set
 * count, so "the reason: ..." never splits a turn. */
static int find_inline_label(const sc_transcript *t, const char *p, size_t from, size_t n,
                             size_t *lab_off, size_t *lab_len, size_t *text_off)
{
    for (size_t c = from; c < n; c++) {
        const char *colon = memchr(p + c, ':', n - c);
        if (!colon)
            return 0;
        c = (size_t)(colon - p);
        if (c + 1 < n && p[c + 1] != ' ' && p[c + 1] != '\t')
            continue;
        /* Up to three words before the colon, the longest known one wins. */
        size_t starts[3], k = 0, end = c;
        while (k < 3) {
            size_t w = end;
            while (w > from && label_char((unsigned char)p[w - 1]))
                w--;
            if (w == end || (w > from && p[w - 1] != ' ' && p[w - 1] != '\t'))
                break;          /* no word, or one glued to what comes before */
            starts[k++] = w;
            if (w <= from + 1 || p[w - 1] != ' ')
                break;
            end = w - 1;        /* words of a label are one space apart */
        }
        while (k-- > 0) {
            size_t s = starts[k], len = c - s;
            if (len <= 40 && s > from && known_inline_label(t, p + s, len)) {
                size_t after = c + 1;
                while (after < n && (p[after] == ' ' || p[after] == '\t'))
                    after++;
                *lab_off = s;
                *lab_len = len;
                *text_off = after;
                return 1;
            }
        }
    }
    return 0;
}

/* ---- front matter ----------------------------------------------------- */

static int is_known_text_key(const char *key)
{
    return !strcmp(key, "caller_number") || !strcmp(key, "caller_name") ||
           !strcmp(key, "caller_label") || !strcmp(key, "language");
}

static int is_known_key(const char *key)
{
    return is_known_text_key(key) || !strcmp(key, "direction") || !strcmp(key, "known_caller") ||
           !strcmp(key, "requested_contact") || !strcmp(key, "expect");
}

/* Checks a known key's value and records it (replacing an earlier value of
 * the key). On a bad value, writes why to why and returns 1; -1 on OOM. */
static int add_meta(sc_transcript *t, const char *key, const char *value, sc_meta_kind kind,
                    int line, char *why, size_t why_len)
{
    if (kind == SC_META_JSON && is_known_key(key)) {
        snprintf(why, why_len, "'%s' takes a single value", key);
        return 1;
    }
    int bool_key = !strcmp(key, "known_caller") || !strcmp(key, "requested_contact");
    if (bool_key && kind == SC_META_STRING) {
        /* JSON metadata may spell a boolean as a string. */
        if (sc_strcaseeq(value, "true") || sc_strcaseeq(value, "yes"))
            value = "true", kind = SC_META_BOOL;
        else if (sc_strcaseeq(value, "false") || sc_strcaseeq(value, "no"))
            value = "false", kind = SC_META_BOOL;
    }
    if (bool_key && kind != SC_META_BOOL) {
        snprintf(why, why_len, "'%s' must be true or false", key);
        return 1;
    }
    if (!strcmp(key, "direction") && !sc_strcaseeq(value, "inbound") && !sc_strcaseeq(value, "outbound")) {
        snprintf(why, why_len, "direction must be inbound or outbound, not '%s'", value);
        return 1;
    }
    if (!strcmp(key, "expect")) {
        int v = sc_verdict_parse(value);
        if (v < 0) {
            snprintf(why, why_len, "expect must be clean, suspicious or scam, not '%s'", value);
            return 1;
        }
        t->expect = v;
    }
    /* Phone numbers and labels stay text even when they look like numbers. */
    if (is_known_text_key(key) && kind != SC_META_NULL)
        kind = SC_META_STRING;
    sc_meta *m = NULL;
    for (size_t i = 0; i < t->meta.len && !m; i++)
        if (!strcmp(SC_VEC_AT(&t->meta, sc_meta, i)->key, key))
            m = SC_VEC_AT(&t->meta, sc_meta, i);
    if (!m && !(m = sc_vec_push(&t->meta)))
        return -1;
    m->key = sc_arena_strdup(t->arena, key);
    m->value = sc_arena_clean_utf8(t->arena, value, strlen(value));
    m->kind = kind;
    m->line = line;
    if (!m->key || !m->value)
        return -1;
    if (!strcmp(key, "caller_label"))
        t->caller_label = m->value;
    return 0;
}

static int read_front_matter(sc_transcript *t, const char *source, const char *buf, size_t len,
                             int first_line, sc_error *err)
{
    sc_yaml y;
    if (sc_yaml_load(&y, source, first_line - 1, buf, len, err))
        return -1;
    int rc = 0;
    yaml_node_t *root = sc_yaml_root(&y);
    if (!root || (root->type == YAML_SCALAR_NODE && !*sc_yaml_scalar(root)))
        goto done;              /* empty front matter */
    if (root->type != YAML_MAPPING_NODE) {
        sc_yaml_error(&y, root, err, "front matter must be a mapping of keys to values");
        rc = -1;
        goto done;
    }
    size_t before = t->meta.len;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = sc_yaml_node(&y, p->key), *v = sc_yaml_node(&y, p->value);
        const char *key = sc_yaml_scalar(k);
        if (!key) {
            sc_yaml_error(&y, k, err, "front matter keys must be strings");
            rc = -1;
            goto done;
        }
        for (size_t i = before; i < t->meta.len; i++)
            if (!strcmp(SC_VEC_AT(&t->meta, sc_meta, i)->key, key)) {
                sc_yaml_error(&y, k, err, "duplicate front matter key '%s'", key);
                rc = -1;
                goto done;
            }
        char why[256];
        char *json = NULL;
        const char *value;
        sc_meta_kind kind;
        if (v->type == YAML_SCALAR_NODE) {
            kind = sc_yaml_scalar_kind(v, &value);
            if (is_known_text_key(key))
                value = sc_yaml_scalar(v);
        } else {
            json = sc_yaml_to_json(&y, v);
            value = json ? json : "null";
            kind = SC_META_JSON;
        }
        int bad = add_meta(t, key, value, kind, sc_yaml_line(&y, k), why, sizeof why);
        free(json);
        if (bad) {
            if (bad > 0)
                sc_yaml_error(&y, v, err, "front matter: %s", why);
            else
                sc_set_error(err, source, 0, 0, "out of memory");
            rc = -1;
            goto done;
        }
    }
done:
    sc_yaml_free(&y);
    return rc;
}

/* ---- the transcript ---------------------------------------------------- */

/* Adds a line's text to a turn (after a newline when the turn has text);
 * the body has room for it. */
static int append_segment(sc_transcript *t, sc_turn *turn, const char *text, size_t len, int line,
                          int column)
{
    if (turn->n_segments)
        t->body[t->body_len++] = '\n';
    sc_segment *s = sc_vec_push(&t->segments);
    if (!s)
        return -1;
    s->off = t->body_len;
    s->len = len;
    s->line = line;
    s->column = column;
    sc_copy_valid_utf8(t->body + t->body_len, text, len);
    t->body_len += len;
    turn->n_segments++;
    turn->len = t->body_len - turn->off;
    return 0;
}

static int speaker_index(sc_transcript *t, const char *p, size_t n)
{
    int found = find_speaker(t, p, n);
    if (found >= 0)
        return found;
    sc_speaker *s = sc_vec_push(&t->speakers);
    if (!s)
        return -1;
    s->label = sc_arena_clean_utf8(t->arena, p, n);
    s->role = SC_SCOPE_ANY;
    return (int)t->speakers.len - 1;
}

/* Starts a turn of speaker (-1: unlabelled) after a newline, so that no
 * atom the prefilter looks for spans two turns. */
static sc_turn *new_turn(sc_transcript *t, int speaker)
{
    if (t->body_len)
        t->body[t->body_len++] = '\n';
    sc_turn *turn = sc_vec_push(&t->turns);
    if (!turn)
        return NULL;
    turn->speaker = speaker;
    turn->time = -1;
    turn->off = t->body_len;
    turn->first_segment = t->segments.len;
    return turn;
}

/* Adds p[start, end) of a line to the current turn; with split, a known
 * label inside the line starts a new turn there. Each new turn costs one
 * newline but drops a label and its colon, so the body never outgrows the
 * input. */
static int add_text(sc_transcript *t, sc_turn **cur, const char *p, size_t start, size_t end,
                    int lineno, int split)
{
    size_t lo, ll, to;
    while (split && find_inline_label(t, p, start, end, &lo, &ll, &to)) {
        size_t e = lo;
        while (e > start && (p[e - 1] == ' ' || p[e - 1] == '\t'))
            e--;
        if (e > start && *cur && append_segment(t, *cur, p + start, e - start, lineno, (int)start + 1))
            return -1;
        int speaker = speaker_index(t, p + lo, ll);
        if (speaker < 0 || !(*cur = new_turn(t, speaker)))
            return -1;
        start = to;
    }
    if (end > start && *cur)
        return append_segment(t, *cur, p + start, end - start, lineno, (int)start + 1);
    return 0;
}

void sc_transcript_init(sc_transcript *t, sc_arena *arena)
{
    memset(t, 0, sizeof *t);
    t->arena = arena;
    t->expect = -1;
    sc_vec_init(&t->segments, sizeof(sc_segment));
    sc_vec_init(&t->turns, sizeof(sc_turn));
    sc_vec_init(&t->speakers, sizeof(sc_speaker));
    sc_vec_init(&t->meta, sizeof(sc_meta));
    sc_vec_init(&t->facts, sizeof(sc_meta));
}

/* Makes room for more bytes in a body that grows (live sessions). */
static int grow_body(sc_transcript *t, size_t more)
{
    if (!t->body_cap || t->body_len + more <= t->body_cap)
        return 0;
    size_t cap = (t->body_cap + more) * 2;
    char *b = realloc(t->body, cap);
    if (!b)
        return -1;
    /* Zeroed, so that nothing ever reads bytes never written (PCRE2's
     * JIT may look a little past the end of a subject). */
    memset(b + t->body_cap, 0, cap - t->body_cap);
    t->body = b;
    t->body_cap = cap;
    return 0;
}

int sc_transcript_parse(sc_transcript *t, sc_arena *arena, const char *source,
                        const char *text, size_t len, const sc_meta *given, size_t n_given,
                        const sc_rules *names, sc_error *err)
{
    sc_transcript_init(t, arena);
    t->names = names;
    sc_vec lines;
    sc_vec_init(&lines, sizeof(line_view));

    /* Metadata given beside the text (a JSONL record) comes first; the
     * text's own front matter may override it. */
    if (sc_transcript_given_meta(t, source, given, n_given, err))
        goto fail;

    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;              /* a BOM is not part of the first line */
        len -= 3;
    }
    /* Split into lines once; the body can never be longer than the input. */
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        line_view *l = sc_vec_push(&lines);
        if (!l)
            goto oom;
        l->p = text + i;
        l->len = end - i;
        if (l->len && l->p[l->len - 1] == '\r')
            l->len--;
        i = end + 1;
    }
    t->n_lines = (int)lines.len;
    line_view *L = lines.items;

    size_t first = 0;
    if (lines.len && is_fence(L[0], "---")) {
        size_t close = 0;
        for (size_t i = 1; i < lines.len; i++)
            if (is_fence(L[i], "---") || is_fence(L[i], "...")) {
                close = i;
                break;
            }
        if (!close) {
            sc_set_error(err, source, 1, 1, "front matter opened on line 1 is never closed with '---'");
            goto fail;
        }
        const char *fm = close > 1 ? L[1].p : L[close].p;
        size_t fm_len = (size_t)(L[close].p - fm);
        if (read_front_matter(t, source, fm, fm_len, 2, err))
            goto fail;
        first = close + 1;
    }

    t->body = sc_arena_alloc(arena, len + 2);
    if (!t->body)
        goto oom;

    /* First pass: are there any labels at all? */
    int labelled = 0;
    size_t lo, ll, to;
    for (size_t i = first; i < lines.len && !labelled; i++)
        labelled = find_label(t, L[i], &lo, &ll, &to);

    sc_turn *cur = NULL;
    for (size_t i = first; i < lines.len; i++) {
        line_view l = L[i];
        size_t start = 0;
        int speaker = -1, starts_turn = 0;
        if (labelled && find_label(t, l, &lo, &ll, &to)) {
            speaker = speaker_index(t, l.p + lo, ll);
            if (speaker < 0)
                goto oom;
            start = to;
            starts_turn = 1;
        } else {
            while (start < l.len && (l.p[start] == ' ' || l.p[start] == '\t'))
                start++;
            /* Unlabelled text stands alone, unless it continues a speaker's turn. */
            if (!cur || cur->speaker < 0)
                starts_turn = start < l.len;
        }
        size_t end = l.len;
        while (end > start && (l.p[end - 1] == ' ' || l.p[end - 1] == '\t'))
            end--;
        if (starts_turn && !(cur = new_turn(t, speaker)))
            goto oom;
        if (add_text(t, &cur, l.p, start, end, (int)i + 1, labelled))
            goto oom;
    }
    t->body[t->body_len] = 0;
    sc_vec_free(&lines);
    return 0;
oom:
    sc_set_error(err, source, 0, 0, "out of memory");
fail:
    sc_vec_free(&lines);
    sc_transcript_free(t);
    return -1;
}

void sc_transcript_free(sc_transcript *t)
{
    if (t->body_cap)
        free(t->body);
    sc_vec_free(&t->segments);
    sc_vec_free(&t->turns);
    sc_vec_free(&t->speakers);
    sc_vec_free(&t->meta);
    sc_vec_free(&t->facts);
}

int sc_transcript_given_meta(sc_transcript *t, const char *source, const sc_meta *given,
                             size_t n_given, sc_error *err)
{
    for (size_t i = 0; i < n_given; i++) {
        char why[256];
        int bad = add_meta(t, given[i].key, given[i].value ? given[i].value : "", given[i].kind, 0,
                           why, sizeof why);
        if (bad > 0)
            sc_set_error(err, source, 0, 0, "metadata: %s", why);
        else if (bad < 0)
            sc_set_error(err, source, 0, 0, "out of memory");
        if (bad)
            return -1;
    }
    return 0;
}

int sc_transcript_start(sc_transcript *t, sc_arena *arena, size_t len, const sc_rules *names)
{
    sc_transcript_init(t, arena);
    t->names = names;
    /* A cue's text is never longer than the input, plus a separator each. */
    t->body = sc_arena_alloc(arena, 2 * len + 2);
    return t->body ? 0 : -1;
}

int sc_transcript_cue(sc_transcript *t, const char *text, size_t len, int first_line, double time,
                      const char *voice, size_t voice_len)
{
    if (grow_body(t, 2 * len + 3))
        return -1;
    int speaker = -1;
    size_t start = 0;
    line_view first = {text, len};
    const char *nl = memchr(text, '\n', len);
    if (nl)
        first.len = (size_t)(nl - text);
    size_t lo, ll, to;
    if (voice && voice_len) {
        if ((speaker = speaker_index(t, voice, voice_len)) < 0)
            return -1;
    } else if (find_label(t, first, &lo, &ll, &to)) {
        if ((speaker = speaker_index(t, text + lo, ll)) < 0)
            return -1;
        start = to;
    }
    if (t->body_len)
        t->body[t->body_len++] = '\n';
    sc_turn *turn = sc_vec_push(&t->turns);
    if (!turn)
        return -1;
    turn->speaker = speaker;
    turn->time = time;
    turn->off = t->body_len;
    turn->first_segment = t->segments.len;
    int line = first_line;
    for (size_t i = start; i <= len; line++) {
        const char *end = memchr(text + i, '\n', len - i);
        size_t e = end ? (size_t)(end - text) : len, b = i;
        while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r'))
            b++;
        size_t stop = e;
        while (stop > b && (text[stop - 1] == ' ' || text[stop - 1] == '\t' || text[stop - 1] == '\r'))
            stop--;
        if (stop > b) {
            if (append_segment(t, turn, text + b, stop - b, line, 1))
                return -1;
        }
        i = e + 1;
    }
    t->body[t->body_len] = 0;
    if (line - 1 > t->n_lines)
        t->n_lines = line - 1;
    return 0;
}

int sc_transcript_add_line(sc_transcript *t, const char *p, size_t len, int lineno)
{
    if (len && p[len - 1] == '\r')
        len--;
    /* Room for the line and two separators. */
    if (!t->body_cap) {
        if (!(t->body = malloc(256)))
            return -1;
        t->body_cap = 256;
    }
    if (grow_body(t, len + 3))
        return -1;
    line_view l = {p, len};
    size_t start = 0, lo, ll, to;
    int speaker = -1, starts_turn = 0;
    sc_turn *cur = t->turns.len ? SC_VEC_AT(&t->turns, sc_turn, t->turns.len - 1) : NULL;
    int labelled = find_label(t, l, &lo, &ll, &to);
    if (labelled) {
        if ((speaker = speaker_index(t, p + lo, ll)) < 0)
            return -1;
        start = to;
        starts_turn = 1;
    } else {
        while (start < len && (p[start] == ' ' || p[start] == '\t'))
            start++;
        if (!cur || cur->speaker < 0)
            starts_turn = start < len;
    }
    size_t end = len;
    while (end > start && (p[end - 1] == ' ' || p[end - 1] == '\t'))
        end--;
    if (lineno > t->n_lines)
        t->n_lines = lineno;
    if (starts_turn && !(cur = new_turn(t, speaker)))
        return -1;
    /* Mid-line labels split a turn once the session has labels at all. */
    if (add_text(t, &cur, p, start, end, lineno, labelled || t->speakers.len > 0))
        return -1;
    t->body[t->body_len] = 0;
    return 0;
}

const sc_segment *sc_transcript_segment_at(const sc_transcript *t, const sc_turn *turn,
                                           size_t off)
{
    const sc_segment *seg = SC_VEC_AT(&t->segments, sc_segment, turn->first_segment);
    size_t lo = 0, hi = turn->n_segments;
    /* Last segment starting at or before off. */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (seg[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return &seg[lo];
}

const sc_meta *sc_transcript_meta(const sc_transcript *t, const char *key)
{
    /* What the transcript says first, then the facts worked out from it. */
    const sc_vec *lists[2] = {&t->meta, &t->facts};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->len; i++) {
            const sc_meta *m = SC_VEC_AT(lists[l], sc_meta, i);
            if (!strcmp(m->key, key))
                return m;
        }
    return NULL;
}
