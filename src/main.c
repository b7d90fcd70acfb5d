/* scamcheck: the command line. Owns argv, stdout, stderr and the exit status;
 * everything else is the engine behind include/scamcheck.h. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { EXIT_NONE = 0, EXIT_FOUND = 1, EXIT_ERROR = 2 };

static void print_error(const sc_error *e)
{
    if (e->line)
        fprintf(stderr, "%s:%d:%d: %s\n", e->file, e->line, e->column, e->message);
    else
        fprintf(stderr, "%s: %s\n", e->file[0] ? e->file : "scamcheck", e->message);
}

static sc_rules *load_rules(const options *o)
{
    sc_error e = {0};
    sc_rules *rules = sc_rules_new();
    if (!rules) {
        fprintf(stderr, "scamcheck: out of memory\n");
        return NULL;
    }
    int rc = o->no_default_rules ? sc_rules_add_builtin_signs(rules, &e)
                                 : sc_rules_add_builtin(rules, &e);
    for (size_t i = 0; rc == 0 && i < o->n_rule_paths; i++)
        rc = sc_rules_add_path(rules, o->rule_paths[i], &e);
    if (rc == 0)
        rc = sc_rules_compile(rules, &e);
    if (rc) {
        print_error(&e);
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
        print_error(&e);
        return EXIT_ERROR;
    }
    if (!quiet)
        printf("%zu rule examples checked, %d failed\n", checked, failed);
    return failed ? EXIT_FOUND : EXIT_NONE;
}

int main(int argc, char **argv)
{
    options o;
    char msg[512];
    if (options_parse(&o, argc, argv, msg, sizeof msg)) {
        fprintf(stderr, "scamcheck: %s\nTry 'scamcheck --help' for more information.\n", msg);
        options_free(&o);
        return EXIT_ERROR;
    }
    if (o.show_help || o.show_version) {
        if (o.show_help)
            options_usage(stdout);
        else
            printf("scamcheck %s\n", SCAMCHECK_VERSION);
        options_free(&o);
        return EXIT_NONE;
    }
    sc_rules *rules = load_rules(&o);
    if (!rules) {
        options_free(&o);
        return EXIT_ERROR;
    }
    int status = EXIT_NONE;
    if (o.list_rules) {
        report_rules(rules, o.format, stdout);
    } else if (o.test_rules) {
        status = test_rules(rules, o.quiet);
    } else {
        static const char *const stdin_only[] = {"-"};
        const char *const *paths = o.n_paths ? o.paths : stdin_only;
        size_t n_paths = o.n_paths ? o.n_paths : 1;
        int found = 0, failed = 0;
        report *rp = report_new(o.format, o.quiet, stdout, stderr);
        for (size_t i = 0; i < n_paths; i++) {
            sc_error e = {0};
            char *buf;
            size_t len;
            sc_result *res;
            if (input_read(paths[i], &buf, &len, &e)) {
                report_error(rp, paths[i], &e);
                failed = 1;
                continue;
            }
            int rc = sc_check(rules, paths[i], buf, len, &res, &e);
            free(buf);
            if (rc) {
                report_error(rp, paths[i], &e);
                failed = 1;
                continue;
            }
            report_result(rp, res);
            found |= sc_result_verdict(res) >= o.fail_on;
            sc_result_free(res);
        }
        report_end(rp);
        report_free(rp);
        status = failed ? EXIT_ERROR : found ? EXIT_FOUND : EXIT_NONE;
    }
    sc_rules_free(rules);
    options_free(&o);
    return status;
}
