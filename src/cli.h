/* The command line's own modules: options, input, report. The engine knows
 * nothing of these. */
#ifndef SC_CLI_H
#define SC_CLI_H

#include <stdio.h>

#include "scamcheck.h"

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_JSONL } output_format;

typedef struct options {
    const char **paths;         /* inputs; none means stdin */
    size_t n_paths;
    const char **rule_paths;    /* --rules, in order */
    size_t n_rule_paths;
    int no_default_rules;
    output_format format;
    sc_verdict fail_on;
    int quiet;
    int list_rules;
    int test_rules;
    int show_help;
    int show_version;
} options;

/* Parses argv. Returns 0, or -1 with a message in err. */
int options_parse(options *o, int argc, char **argv, char *err, size_t err_len);
void options_free(options *o);
void options_usage(FILE *out);

/* Reads a whole file ("-" is stdin). Returns 0, or -1 with err set. */
int input_read(const char *path, char **buf, size_t *len, sc_error *err);

/* Output of results and errors, in the chosen format. */
typedef struct report report;
report *report_new(output_format format, int quiet, FILE *out, FILE *err);
void report_result(report *rp, const sc_result *r);
void report_error(report *rp, const char *source, const sc_error *e);
/* Finishes the output (closes the JSON document). */
void report_end(report *rp);
void report_free(report *rp);

void report_rules(const sc_rules *rules, output_format format, FILE *out);

#endif
