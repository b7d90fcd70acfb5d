/* scamcheck: the command line. Owns argv, stdout, stderr and the exit status;
 * everything else is the engine behind include/scamcheck.h. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"


/* What a run shares between the walk, the workers and the output. */
typedef struct app {
    const options *o;
    text_style style;
    const sc_rules *rules;
    report *rp;
    pipeline *pool;
    summary sum;
    int found;                  /* an input reached --fail-on */
    int failed;                 /* an input could not be checked */
    int progress;               /* stderr is a terminal: show progress */
    double started, last_progress;
    size_t done;
    size_t met, mismatched, unchecked;   /* --expectations */
    int stop;                   /* output failed: walk no further */
} app;

/* The first error writing to stdout (disk full, a closed pipe), or 0. */
static int stdout_errno;

static void note_stdout_error(void)
{
    if (ferror(stdout) && !stdout_errno)
        stdout_errno = errno ? errno : EIO;
}

/* As close_stdout in coreutils: results that never reached their file are
 * an error (exit 2), said once; a reader that went away (EPIPE) is not worth
 * a message. */
static int flush_stdout(void)
{
    if (fflush(stdout) != 0 && !stdout_errno)
        stdout_errno = errno ? errno : EIO;
    note_stdout_error();
    if (!stdout_errno)
        return 0;
    if (stdout_errno != EPIPE)
        fprintf(stderr, "scamcheck: write error: %s\n", strerror(stdout_errno));
    return -1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --known-numbers FILE: a number a line; blank lines and # comments skipped. */
static int read_known_numbers(sc_rules *rules, const char *path, sc_error *e)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(e->file, sizeof e->file, "%s", path);
        snprintf(e->message, sizeof e->message, "cannot read: %s", strerror(errno));
        return -1;
    }
    char line[256];
    int n = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        n++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[strspn(line, " \t")])
            continue;
        if (sc_rules_add_known_number(rules, line)) {
            snprintf(e->file, sizeof e->file, "%s", path);
            e->line = n;
            e->column = 1;
            snprintf(e->message, sizeof e->message, "not a phone number: '%s'", line);
            rc = -1;
        }
    }
    fclose(f);
    return rc;
}

static sc_rules *load_rules(const options *o)
{
    sc_error e = {0};
    sc_rules *rules = sc_rules_new();
    if (!rules) {
        fprintf(stderr, "scamcheck: out of memory\n");
        return NULL;
    }
    /* --test-rules PATH... tests those files alone, on the built-in signs. */
    int only_paths = o->test_rules && o->n_paths;
    int rc = o->no_default_rules || only_paths ? sc_rules_add_builtin_signs(rules, &e)
                                               : sc_rules_add_builtin(rules, &e);
    for (size_t i = 0; rc == 0 && i < o->n_rule_paths; i++)
        rc = sc_rules_add_path(rules, o->rule_paths[i], &e);
    for (size_t i = 0; rc == 0 && only_paths && i < o->n_paths; i++)
        rc = sc_rules_add_path(rules, o->paths[i], &e);
    if (rc == 0)
        rc = sc_rules_compile(rules, &e);
    sc_rules_set_language(rules, o->lang);
    if (rc == 0 && o->home_country && sc_rules_set_home_country(rules, o->home_country)) {
        snprintf(e.file, sizeof e.file, "--home-country");
        snprintf(e.message, sizeof e.message, "unknown country code '%s' (use ISO codes: NO, SE, GB...)",
                 o->home_country);
        rc = -1;
    }
    if (rc == 0 && o->known_numbers)
        rc = read_known_numbers(rules, o->known_numbers, &e);
    if (rc) {
        report_print_error(stderr, NULL, &e);
        sc_rules_free(rules);
        return NULL;
    }
    return rules;
}

static void example_failed(void *ctx, const sc_rule_info *rule, int should_match, const char *ex)
{
    (void)ctx;
    fprintf(stderr, "%s:%d: rule '%s' %s: \"%s\"\n", rule->file, rule->line, rule->id,
            should_match ? "does not match its example" : "matches its no_match example", ex);
}

static int test_rules(const sc_rules *rules, int quiet)
{
    size_t checked = 0;
    sc_error e = {0};
    int failed = sc_rules_test_examples(rules, quiet ? NULL : example_failed, NULL, &checked, &e);
    if (failed < 0) {
        report_print_error(stderr, NULL, &e);
        return EXIT_ERROR;
    }
    if (!quiet)
        printf("%zu rule examples checked, %d failed\n", checked, failed);
    return failed ? EXIT_FOUND : EXIT_NONE;
}

/* ---- work: on the worker threads ------------------------------------------- */

static void set_job_error(job *j, const char *file, int line, const char *msg)
{
    j->failed = 1;
    snprintf(j->err.file, sizeof j->err.file, "%s", file);
    j->err.line = line;
    j->err.column = 0;
    size_t n = strnlen(msg, sizeof j->err.message - 1);   /* long messages are cut */
    memcpy(j->err.message, msg, n);
    j->err.message[n] = 0;
}

static void finish_result(app *a, job *j, sc_result *res)
{
    j->verdict = sc_result_verdict(res);
    j->expect = sc_result_expected(res);
    const sc_rules *rules = a->rules;
    for (size_t i = 0; i < sc_result_sign_count(res); i++) {
        const char *id = sc_result_sign(res, i)->id;
        for (size_t s = 0; s < sc_signs_count(rules) && s < 64; s++) {
            sc_sign_info si;
            sc_signs_get(rules, s, &si);
            if (!strcmp(si.id, id))
                j->signs |= 1ULL << s;
        }
    }
    if (!a->o->quiet && !a->o->files_with_verdict)
        j->out = report_render(a->o->format, &a->style, res, &j->out_len);
    j->warnings = report_warnings(res);
    sc_result_free(res);
}

static void check_file(app *a, job *j)
{
    char *buf;
    size_t len;
    j->source = strdup(j->path);
    if (input_read(j->path, a->o->max_size, &buf, &len, &j->err)) {
        j->failed = 1;
        return;
    }
    char *wide;                 /* Windows tools save text as UTF-16 */
    size_t wide_len;
    int utf16 = input_from_utf16(buf, len, &wide, &wide_len);
    if (utf16) {
        free(buf);
        if (utf16 < 0) {
            set_job_error(j, j->path, 0, "out of memory");
            return;
        }
        buf = wide;
        len = wide_len;
    }
    /* Binary files are skipped in folders, and an error when named. */
    const char *kind = input_binary_kind(buf, len);
    if (kind) {
        free(buf);
        if (!j->explicit) {
            j->skipped_binary = 1;
            return;
        }
        char msg[200];
        snprintf(msg, sizeof msg, "not a transcript: looks like %s; not checked", kind);
        set_job_error(j, j->path, 0, msg);
        return;
    }
    j->bytes = len;
    static const sc_format formats[] = {[INPUT_AUTO] = SC_FORMAT_AUTO, [INPUT_TEXT] = SC_FORMAT_TEXT,
                                        [INPUT_SRT] = SC_FORMAT_SRT, [INPUT_VTT] = SC_FORMAT_VTT,
                                        [INPUT_WHISPER] = SC_FORMAT_WHISPER_JSON,
                                        [INPUT_JSONL] = SC_FORMAT_AUTO};
    sc_check_options opt = {formats[a->o->input], NULL, 0};
    sc_result *res;
    int rc = sc_check_ex(a->rules, j->path, buf, len, &opt, &res, &j->err);
    free(buf);
    if (rc) {
        j->failed = 1;
        return;
    }
    finish_result(a, j, res);
}

static void check_record(app *a, job *j)
{
    record rec;
    char why[256];
    char where[600];
    snprintf(where, sizeof where, "%s:%d", j->path, j->record_line);
    if (!j->record) {
        set_job_error(j, j->path, j->record_line, "out of memory");
        return;
    }
    if (input_parse_record(j->record, j->record_len, &rec, why, sizeof why)) {
        j->source = strdup(where);
        set_job_error(j, j->path, j->record_line, why);
        return;
    }
    j->source = strdup(rec.id ? rec.id : where);
    j->bytes = rec.text_len;
    sc_result *res;
    if (sc_check_with_meta(a->rules, j->source, rec.text, rec.text_len, rec.meta, rec.n_meta, &res,
                           &j->err)) {
        /* Say which input line the record was, whatever the error's own line. */
        char msg[sizeof j->err.message + 32];
        if (j->err.line)
            snprintf(msg, sizeof msg, "text line %d: %s", j->err.line, j->err.message);
        else
            snprintf(msg, sizeof msg, "%s", j->err.message);
        set_job_error(j, j->path, j->record_line, msg);
        input_record_free(&rec);
        return;
    }
    input_record_free(&rec);
    finish_result(a, j, res);
}

static void work(void *ctx, job *j)
{
    app *a = ctx;
    if (j->kind == JOB_FILE)
        check_file(a, j);
    else if (j->kind == JOB_RECORD)
        check_record(a, j);
}

/* ---- emit: in input order, one at a time ------------------------------------ */

static void show_progress(app *a, int final)
{
    double t = now();
    if (!a->progress)
        return;
    if (final) {
        if (a->last_progress > 0)
            fputs("\r\033[K", stderr);
        return;
    }
    if (t - a->started < 1.0 || t - a->last_progress < 0.1)
        return;
    a->last_progress = t;
    fprintf(stderr, "\r\033[Kscamcheck: %zu/%zu inputs, %.1f MB/s", a->done,
            pipeline_submitted(a->pool), (double)a->sum.bytes / 1e6 / (t - a->started));
}

static void count_expectation(app *a, const job *j, int mismatch)
{
    if (j->expect < 0)
        a->unchecked++;
    else if (mismatch)
        a->mismatched++;
    else
        a->met++;
}

/* --expectations in text: one line per transcript that does not teach what
 * it claims. */
static void print_mismatch(const app *a, const job *j)
{
    printf("%s: expected %s, got %s (signs:", j->source, sc_verdict_name((sc_verdict)j->expect),
           sc_verdict_name((sc_verdict)j->verdict));
    int any = 0;
    for (size_t s = 0; s < sc_signs_count(a->rules) && s < 64; s++)
        if (j->signs & (1ULL << s)) {
            sc_sign_info si;
            sc_signs_get(a->rules, s, &si);
            printf(" %s", si.id);
            any = 1;
        }
    printf("%s)\n", any ? "" : " none");
}

static void emit(void *ctx, job *j)
{
    app *a = ctx;
    if (j->failed) {
        report_error(a->rp, j->source ? j->source : j->path, &j->err);
        a->sum.errors++;
        a->failed = 1;
    } else if (j->skipped_binary) {
        a->sum.binary++;
    } else if (j->kind != JOB_FAILED) {
        a->sum.files++;
        a->sum.verdicts[j->verdict]++;
        a->sum.bytes += j->bytes;
        for (size_t s = 0; s < 64; s++)
            if (j->signs & (1ULL << s))
                a->sum.sign_files[s]++;
        /* What counts against the run: a verdict at --fail-on, or with
         * --check-expect a verdict that is not the one the transcript expects. */
        int hit = a->o->check_expect ? j->expect >= 0 && j->expect != j->verdict
                                     : j->verdict >= a->o->fail_on;
        a->found |= hit;
        if (a->o->check_expect)
            count_expectation(a, j, hit);
        if (a->o->files_with_verdict) {
            if (hit && !a->o->quiet)
                printf("%s\n", j->source);
        } else if (a->o->check_expect && a->o->format == FORMAT_TEXT) {
            if (hit && !a->o->quiet)
                print_mismatch(a, j);
        } else {
            report_result(a->rp, j->out, j->out_len);
        }
    }
    if (j->warnings)
        fputs(j->warnings, stderr);     /* in input order, with the result */
    note_stdout_error();
    if (stdout_errno)
        a->stop = 1;
    a->done++;
    show_progress(a, 0);
    free(j->warnings);
    free(j->out);
    free(j->source);
    free(j->record);
    free(j->path);
    free(j);
}

/* ---- the walk: on the main thread --------------------------------------------- */

static job *new_job(job_kind kind, char *path, int explicit)
{
    job *j = calloc(1, sizeof *j);
    if (!j) {
        fprintf(stderr, "scamcheck: out of memory\n");
        exit(EXIT_ERROR);
    }
    j->kind = kind;
    j->path = path;
    j->explicit = explicit;
    return j;
}

/* Every line of a JSONL input becomes a job of its own. */
static void submit_records(app *a, char *path)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        job *j = new_job(JOB_FAILED, path, 1);
        char why[300];
        snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
        set_job_error(j, path, 0, why);
        pipeline_submit(a->pool, j);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    while (!a->stop && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue;           /* blank lines are not records */
        if (len > a->o->max_size) {
            job *big = new_job(JOB_FAILED, strdup(path), 1);
            char why[160];
            snprintf(why, sizeof why, "record too large: %zu bytes, more than --max-size (%zu bytes)",
                     len, a->o->max_size);
            set_job_error(big, path, lineno, why);
            pipeline_submit(a->pool, big);
            continue;
        }
        job *j = new_job(JOB_RECORD, strdup(path), 1);
        j->record = malloc(len + 1);   /* not strndup: a NUL inside must not shorten it */
        if (j->record) {
            memcpy(j->record, line, len);
            j->record[len] = 0;
        }
        j->record_len = len;
        j->record_line = lineno;
        pipeline_submit(a->pool, j);
    }
    free(line);
    if (!is_stdin)
        fclose(f);
    free(path);
}

static int check_inputs(const options *o, const sc_rules *rules)
{
    static const char *const stdin_only[] = {"-"};
    app a = {0};
    a.o = o;
    a.rules = rules;
    a.rp = report_new(o->files_with_verdict ? FORMAT_TEXT : o->format,
                      o->quiet || o->files_with_verdict, stdout, stderr, rules);
    /* One transcript (stdin, or a file) has nothing to share out: no threads. */
    int jobs = o->jobs;
    struct stat st;
    if (o->input != INPUT_JSONL &&
        (o->n_paths == 0 || (o->n_paths == 1 && (!strcmp(o->paths[0], "-") ||
                                                 (stat(o->paths[0], &st) == 0 && !S_ISDIR(st.st_mode))))))
        jobs = 1;
    a.pool = pipeline_new(jobs, work, emit, &a);
    a.progress = !o->quiet && isatty(STDERR_FILENO);
    a.style = report_terminal_style(o->color);
    a.started = now();
    walk_options wo = {o->hidden, o->follow, o->include, o->exclude, o->n_include, o->n_exclude};
    walker *w = walker_new(&wo, o->n_paths ? (const char *const *)o->paths : stdin_only,
                           o->n_paths ? o->n_paths : 1);
    if (!a.rp || !a.pool || !w) {
        fprintf(stderr, "scamcheck: out of memory\n");
        return EXIT_ERROR;
    }
    walk_item item;
    while (!a.stop && walker_next(w, &item)) {
        if (item.loop) {
            fprintf(stderr, "%s: link loop, not followed\n", item.path);
            free(item.path);
            continue;
        }
        if (item.error) {
            job *j = new_job(JOB_FAILED, item.path, item.explicit);
            j->failed = 1;
            snprintf(j->err.file, sizeof j->err.file, "%s", item.path);
            snprintf(j->err.message, sizeof j->err.message, "%s", item.message);
            pipeline_submit(a.pool, j);
        } else if (o->input == INPUT_JSONL) {
            submit_records(&a, item.path);
        } else {
            pipeline_submit(a.pool, new_job(JOB_FILE, item.path, item.explicit));
        }
    }
    pipeline_finish(a.pool);
    show_progress(&a, 1);
    a.sum.walk = *walker_stats(w);
    walker_free(w);
    report_end(a.rp, o->summary ? &a.sum : NULL, rules);
    if (o->check_expect && !o->quiet)
        fprintf(o->format == FORMAT_TEXT && !o->files_with_verdict ? stdout : stderr,
                "expectations: %zu met, %zu mismatched, %zu unchecked\n", a.met, a.mismatched,
                a.unchecked);
    report_free(a.rp);
    return a.failed ? EXIT_ERROR : a.found ? EXIT_FOUND : EXIT_NONE;
}

int main(int argc, char **argv)
{
    options o;
    char msg[512];
    sc_error cfg_err = {0};
    int ac;
    char **av;
    if (config_args(argc, argv, &ac, &av, &cfg_err)) {
        report_print_error(stderr, NULL, &cfg_err);
        return EXIT_ERROR;
    }
    if (options_parse(&o, ac, av, msg, sizeof msg)) {
        fprintf(stderr, "scamcheck: %s\nTry 'scamcheck --help' for more information.\n", msg);
        options_free(&o);
        config_args_free(ac, av);
        return EXIT_ERROR;
    }
    if (o.show_help || o.show_version) {
        if (o.show_help)
            options_usage(stdout);
        else
            printf("scamcheck %s\n", SCAMCHECK_VERSION);
        options_free(&o);
        config_args_free(ac, av);
        return EXIT_NONE;
    }
    sc_rules *rules = load_rules(&o);
    if (!rules) {
        options_free(&o);
        config_args_free(ac, av);
        return EXIT_ERROR;
    }
    int status;
    if (o.list_rules) {
        report_rules(rules, o.format, stdout);
        status = EXIT_NONE;
    } else if (o.test_rules) {
        status = test_rules(rules, o.quiet);
    } else if (o.live) {
        status = live_check(&o, rules);
    } else {
        status = check_inputs(&o, rules);
    }
    if (flush_stdout())
        status = EXIT_ERROR;
    sc_rules_free(rules);
    options_free(&o);
    config_args_free(ac, av);
    return status;
}
