/* The command line's own modules: options, input, report. The engine knows
 * nothing of these. */
#ifndef SC_CLI_H
#define SC_CLI_H

#include <stdio.h>

#include "scamcheck.h"

/* Exit status: nothing reached --fail-on, something did, an error. */
enum { EXIT_NONE = 0, EXIT_FOUND = 1, EXIT_ERROR = 2 };

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_JSONL, FORMAT_SARIF } output_format;

typedef enum { INPUT_AUTO, INPUT_TEXT, INPUT_SRT, INPUT_VTT, INPUT_WHISPER, INPUT_JSONL } input_format;

/* --fail-on never: verdicts never set the exit status (for stream mappers). */
#define FAIL_NEVER 3

typedef struct options {
    const char **paths;         /* inputs; none means stdin */
    size_t n_paths;
    input_format input;
    int jobs;                   /* worker threads */
    int hidden;                 /* walk hidden files and folders too */
    int follow;                 /* follow symbolic links */
    const char **include, **exclude;    /* globs */
    size_t n_include, n_exclude;
    int files_with_verdict;     /* -l */
    int check_expect;           /* exit 1 when a verdict is not the front matter's `expect` */
    const char *lang;           /* --lang: read every transcript as this language */
    int color;                  /* --color: -1 auto, 0 never, 1 always */
    int live;                   /* --live: events while the call is being transcribed */
    const char *home_country;   /* --home-country */
    const char *known_numbers;  /* --known-numbers FILE */
    int summary;
    const char **rule_paths;    /* --rules, in order */
    size_t n_rule_paths;
    int no_default_rules;
    output_format format;
    int fail_on;                /* a verdict, or FAIL_NEVER */
    int quiet;
    int list_rules;
    int test_rules;
    int show_help;
    int show_version;
    size_t max_size;            /* --max-size: the largest input (file, stdin, record) */
} options;

#define DEFAULT_MAX_SIZE ((size_t)256 << 20)

/* The arguments to parse: the project config's (--config FILE, else
 * .scamcheck.yaml here or in a parent) before the command line's, so the
 * command line wins. Returns 0, or -1 with err at the config's file and line. */
int config_args(int argc, char **argv, int *out_argc, char ***out_argv, sc_error *err);
void config_args_free(int argc, char **argv);

/* Parses argv. Returns 0, or -1 with a message in err. */
int options_parse(options *o, int argc, char **argv, char *err, size_t err_len);
void options_free(options *o);
void options_usage(FILE *out);

/* ---- walk.c --------------------------------------------------------------- */

typedef struct walk_options {
    int hidden, follow;
    const char *const *include;
    const char *const *exclude;
    size_t n_include, n_exclude;
} walk_options;

typedef struct walk_stats {
    size_t hidden, excluded, links, loops, special;
} walk_stats;

typedef struct walk_item {
    char *path;                 /* malloc'd; the caller frees it */
    size_t size;
    int explicit;               /* named on the command line */
    int error;                  /* could not be read: message says why */
    int loop;                   /* a link back into a folder being walked */
    char message[300];
} walk_item;

typedef struct walker walker;
walker *walker_new(const walk_options *o, const char *const *roots, size_t n_roots);
/* The next input: 1 with item filled, 0 at the end. */
int walker_next(walker *w, walk_item *item);
const walk_stats *walker_stats(const walker *w);
void walker_free(walker *w);

/* ---- jobs.c ---------------------------------------------------------------- */

typedef enum { JOB_FILE, JOB_RECORD, JOB_FAILED } job_kind;

/* One input on its way through the pool. */
typedef struct job {
    job_kind kind;
    char *path;                 /* the input file */
    int explicit;
    char *record;               /* JOB_RECORD: one JSONL line */
    size_t record_len;
    int record_line;
    size_t bytes;               /* text checked */
    /* outcome, filled by the work function */
    int done;
    int skipped_binary;
    int failed;
    char *warnings;             /* lines for stderr (warnings of the result), or NULL */
    sc_error err;
    char *source;               /* what the result calls it */
    int verdict;
    int expect;                 /* the front matter's `expect`, or -1 */
    unsigned long long signs;   /* bit i: sign i of the rule set found */
    char *out;                  /* rendered output, malloc'd */
    size_t out_len;
} job;

typedef void (*job_fn)(void *ctx, job *j);
typedef struct pipeline pipeline;
/* work runs on the workers; emit runs once per job, in submission order, one
 * at a time. With one thread both run on the caller's thread. */
pipeline *pipeline_new(int n_threads, job_fn work, job_fn emit, void *ctx);
void pipeline_submit(pipeline *p, job *j);
void pipeline_finish(pipeline *p);
size_t pipeline_submitted(const pipeline *p);

/* Reads a whole file ("-" is stdin). Returns 0, or -1 with err set. */
/* Reads a whole file ("-": stdin) of at most max bytes. */
int input_read(const char *path, size_t max, char **buf, size_t *len, sc_error *err);
/* NULL when buf looks like text; else what it looks like ("a PNG image",
 * "binary data"). A few NUL bytes in text do not make it binary. */
const char *input_binary_kind(const char *buf, size_t len);
/* A UTF-16 text (with its byte order mark) as UTF-8, in a new buffer; 0 when
 * buf is not UTF-16, -1 when out of memory. */
int input_from_utf16(const char *buf, size_t len, char **out, size_t *out_len);

/* One JSONL record: {"id": ..., "text": ..., "metadata": {...}}. */
typedef struct record {
    char *id;                   /* NULL when the record has none */
    const char *text;
    size_t text_len;
    sc_meta *meta;
    size_t n_meta;
    char **owned;               /* values printed from JSON */
    struct cJSON *doc;
} record;

/* Parses a line. Returns 0, or -1 with why set. */
int input_parse_record(const char *line, size_t len, record *rec, char *why, size_t why_len);
void input_record_free(record *rec);

/* Totals for --summary. */
typedef struct summary {
    size_t files, verdicts[3], errors, binary, bytes;
    size_t sign_files[64];      /* files showing sign i of the rule set */
    walk_stats walk;
} summary;

/* How text output looks: colour, and the width to wrap at (0: never). */
typedef struct text_style {
    int color;
    size_t width;
} text_style;

/* The style for stdout: --color (-1 auto, 0 never, 1 always), NO_COLOR,
 * TERM=dumb, and the terminal's width when it is one. */
text_style report_terminal_style(int color);

/* A result as text or one line of JSON (no newline), malloc'd; safe to call
 * from any thread. */
char *report_render(output_format format, const text_style *style, const sc_result *r, size_t *len);
/* Lines for stderr with the warnings of a result ("SOURCE: warning: ..."), or NULL. */
char *report_warnings(const sc_result *r);

/* Output of results and errors, in the chosen format, in order. */
typedef struct report report;
report *report_new(output_format format, int quiet, FILE *out, FILE *err, const sc_rules *rules);
void report_result(report *rp, const char *rendered, size_t len);
void report_error(report *rp, const char *source, const sc_error *e);
/* Prints an error as file:line:column: message (source when it names no file). */
void report_print_error(FILE *out, const char *source, const sc_error *e);
/* Finishes the output: closes the JSON document, adds the summary if any. */
void report_end(report *rp, const summary *sm, const sc_rules *rules);
void report_free(report *rp);

void report_rules(const sc_rules *rules, output_format format, FILE *out);

/* --live (live.c): one call from FILE or stdin; returns the exit status. */
int live_check(const options *o, const sc_rules *rules);

/* --live: a sign appeared, the verdict rose, the call ended. Flushed at once. */
void report_live_sign(FILE *out, output_format f, const text_style *st, int line,
                      const sc_sign_result *sign);
void report_live_verdict(FILE *out, output_format f, const text_style *st, int line,
                         const sc_result *r);
void report_live_final(FILE *out, output_format f, const text_style *st, const sc_result *r);

#endif
