/* Runs every tests/fixtures/NAME.txt (or .srt, .vtt, .json) through the built scamcheck binary with
 * --format json and compares the result with NAME.expect (format in
 * tests/README.md). Prints "ok NAME" or "FAIL NAME: why" per fixture.
 * Usage: fixtures SCAMCHECK FIXTURE_DIR */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char *read_all(FILE *f)
{
    size_t cap = 65536, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2)
            b = realloc(b, cap *= 2);
    }
    if (b)
        b[n] = 0;
    return b;
}

static cJSON *find_sign(cJSON *result, const char *id)
{
    cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(result, "signs"))
    {
        cJSON *sid = cJSON_GetObjectItem(s, "id");
        if (cJSON_IsString(sid) && !strcmp(sid->valuestring, id))
            return s;
    }
    return NULL;
}

/* Checks one fixture; returns NULL when it passes, else a reason in buf. */
static const char *check(const char *bin, const char *dir, const char *name, char *why, size_t n)
{
    /* name is the transcript's file name; its expectations drop the extension. */
    char path[1024], expect_path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(expect_path, sizeof expect_path, "%s/%.*s.expect", dir,
             (int)(strrchr(name, '.') - name), name);
    FILE *ef = fopen(expect_path, "r");
    if (!ef) {
        snprintf(why, n, "no %s", expect_path);
        return why;
    }
    char verdict[32] = "", args[512] = "", signs[512] = "";
    int have_signs = 0, exit_want = -1, min_score = -1, max_score = -1;
    struct { char sign[64]; int line; } ev[32];
    struct { int line; char speaker[64]; } sp[32];
    struct { char name[64]; int line; } fa[8];
    int n_ev = 0, n_sp = 0, n_fa = 0;
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, ef)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        line[strcspn(line, "\r\n")] = 0;
        char key[32] = "";
        int off = 0;
        if (sscanf(line, " %31s %n", key, &off) < 1)
            continue;
        char *rest = line + off;
        size_t rl = strlen(rest);
        while (rl && rest[rl - 1] == ' ')
            rest[--rl] = 0;
        if (!strcmp(key, "verdict"))
            snprintf(verdict, sizeof verdict, "%s", rest);
        else if (!strcmp(key, "signs")) {
            have_signs = 1;
            snprintf(signs, sizeof signs, "%s", rest);
        } else if (!strcmp(key, "evidence") && n_ev < 32 &&
                   sscanf(rest, "%63s %d", ev[n_ev].sign, &ev[n_ev].line) == 2)
            n_ev++;
        else if (!strcmp(key, "speaker") && n_sp < 32 &&
                 sscanf(rest, "%d %63[^\n]", &sp[n_sp].line, sp[n_sp].speaker) == 2)
            n_sp++;
        else if (!strcmp(key, "fact") && n_fa < 8 &&
                 sscanf(rest, "%63s %d", fa[n_fa].name, &fa[n_fa].line) == 2)
            n_fa++;
        else if (!strcmp(key, "exit"))
            exit_want = atoi(rest);
        else if (!strcmp(key, "min_score"))
            min_score = atoi(rest);
        else if (!strcmp(key, "max_score"))
            max_score = atoi(rest);
        else if (!strcmp(key, "args"))
            snprintf(args, sizeof args, "%s", rest);
        else {
            fclose(ef);
            snprintf(why, n, "%s:%d: unknown expectation '%s'", expect_path, lineno, key);
            return why;
        }
    }
    fclose(ef);
    if (!verdict[0]) {
        snprintf(why, n, "%s has no verdict line", expect_path);
        return why;
    }
    if (exit_want < 0)
        exit_want = !strcmp(verdict, "scam") ? 1 : 0;

    char cmd[2560];
    snprintf(cmd, sizeof cmd, "'%s' --format json %s '%s'", bin, args, path);
    FILE *p = popen(cmd, "r");
    if (!p) {
        snprintf(why, n, "cannot run %s", cmd);
        return why;
    }
    char *out = read_all(p);
    int status = pclose(p);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    cJSON *doc = out ? cJSON_Parse(out) : NULL;
    free(out);
    cJSON *result = doc ? cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "results"), 0) : NULL;
    const char *bad = NULL;
    if (!result) {
        snprintf(why, n, "no result in the output of %s (exit %d)", cmd, code);
        bad = why;
        goto done;
    }
    const char *got = cJSON_GetStringValue(cJSON_GetObjectItem(result, "verdict"));
    int score = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(result, "score"));
    char got_signs[512] = "";
    cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(result, "signs"))
    {
        strncat(got_signs, " ", sizeof got_signs - strlen(got_signs) - 1);
        strncat(got_signs, cJSON_GetStringValue(cJSON_GetObjectItem(s, "id")),
                sizeof got_signs - strlen(got_signs) - 1);
    }
    if (!got || strcmp(got, verdict)) {
        snprintf(why, n, "verdict %s (score %d, signs:%s), expected %s", got ? got : "?", score,
                 got_signs, verdict);
        bad = why;
        goto done;
    }
    if (have_signs) {
        /* Same set: every expected sign present, and no others. */
        int want_count = 0;
        char copy[512];
        snprintf(copy, sizeof copy, "%s", signs);
        for (char *tok = strtok(copy, " \t"); tok; tok = strtok(NULL, " \t")) {
            want_count++;
            if (!find_sign(result, tok)) {
                snprintf(why, n, "sign %s missing (got:%s)", tok, got_signs);
                bad = why;
                goto done;
            }
        }
        if (cJSON_GetArraySize(cJSON_GetObjectItem(result, "signs")) != want_count) {
            snprintf(why, n, "signs%s, expected only %s", got_signs, signs);
            bad = why;
            goto done;
        }
    }
    for (int i = 0; i < n_ev; i++) {
        cJSON *sign = find_sign(result, ev[i].sign), *e;
        int seen = 0;
        if (sign)
            cJSON_ArrayForEach(e, cJSON_GetObjectItem(sign, "evidence"))
                seen |= (int)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "line")) == ev[i].line;
        if (!seen) {
            snprintf(why, n, "no %s evidence on line %d", ev[i].sign, ev[i].line);
            bad = why;
            goto done;
        }
    }
    for (int i = 0; i < n_sp; i++) {
        int seen = 0;
        cJSON_ArrayForEach(s, cJSON_GetObjectItem(result, "signs"))
        {
            cJSON *e;
            cJSON_ArrayForEach(e, cJSON_GetObjectItem(s, "evidence"))
            {
                const char *who = cJSON_GetStringValue(cJSON_GetObjectItem(e, "speaker"));
                if ((int)cJSON_GetNumberValue(cJSON_GetObjectItem(e, "line")) == sp[i].line && who &&
                    !strcmp(who, sp[i].speaker))
                    seen = 1;
            }
        }
        if (!seen) {
            snprintf(why, n, "no evidence on line %d by speaker %s", sp[i].line, sp[i].speaker);
            bad = why;
            goto done;
        }
    }
    for (int i = 0; i < n_fa; i++) {
        int seen = 0;
        cJSON *f;
        cJSON_ArrayForEach(f, cJSON_GetObjectItem(result, "facts"))
        {
            const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(f, "name"));
            seen |= name && !strcmp(name, fa[i].name) &&
                    (int)cJSON_GetNumberValue(cJSON_GetObjectItem(f, "line")) == fa[i].line;
        }
        if (!seen) {
            snprintf(why, n, "no fact %s found on line %d", fa[i].name, fa[i].line);
            bad = why;
            goto done;
        }
    }
    if ((min_score >= 0 && score < min_score) || (max_score >= 0 && score > max_score)) {
        snprintf(why, n, "score %d outside [%d, %d]", score, min_score, max_score);
        bad = why;
        goto done;
    }
    if (code != exit_want) {
        snprintf(why, n, "exit status %d, expected %d", code, exit_want);
        bad = why;
    }
done:
    cJSON_Delete(doc);
    return bad;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fixtures SCAMCHECK FIXTURE_DIR\n");
        return 2;
    }
    DIR *d = opendir(argv[2]);
    if (!d) {
        printf("FAIL fixtures: cannot open %s\n", argv[2]);
        return 1;
    }
    char *names[4096];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 4096) {
        /* Transcripts in every format scamcheck reads. */
        const char *dot = strrchr(de->d_name, '.');
        if (dot && dot != de->d_name &&
            (!strcmp(dot, ".txt") || !strcmp(dot, ".srt") || !strcmp(dot, ".vtt") || !strcmp(dot, ".json")))
            names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        char why[1024];
        const char *bad = check(argv[1], argv[2], names[i], why, sizeof why);
        if (bad)
            printf("FAIL fixture %s: %s\n", names[i], bad);
        else
            printf("ok fixture %s\n", names[i]);
        failed |= bad != NULL;
        free(names[i]);
    }
    if (n == 0) {
        printf("FAIL fixtures: none found in %s\n", argv[2]);
        return 1;
    }
    return failed;
}
