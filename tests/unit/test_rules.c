/* rules.c: loading, validation with locations, compiling, the built-in set. */
#include <dirent.h>
#include <stdlib.h>

#include "internal.h"
#include "unit.h"

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *SIGNS =
    "signs:\n"
    "  - {id: urgency, name: Hurry, advice: Slow down, cap: 20}\n"
    "  - {id: pitch, name: Sells, advice: Do not buy, cap: 25}\n";

/* Loads SIGNS plus text; returns 0 or -1 with err. */
static int load(const char *text, sc_error *err)
{
    sc_rules *r = sc_rules_new();
    int rc = sc_rules_add_buffer(r, "signs.yaml", SIGNS, strlen(SIGNS), err);
    if (!rc)
        rc = sc_rules_add_buffer(r, "x.yaml", text, strlen(text), err);
    if (!rc)
        rc = sc_rules_compile(r, err);
    sc_rules_free(r);
    return rc;
}

static int fails_at(const char *text, int line, int column, const char *words)
{
    sc_error err = {0};
    int rc = load(text, &err);
    if (rc == 0 || err.line != line || err.column != column || !strstr(err.message, words) ||
        strcmp(err.file, "x.yaml")) {
        printf("# got rc=%d %s:%d:%d: %s\n", rc, err.file, err.line, err.column, err.message);
        return 0;
    }
    return 1;
}

#define RULE(extra)                                                                     \
    "rules:\n  - id: r1\n    sign: urgency\n    description: d\n    weight: 5\n" extra

int main(void)
{
    sc_error err = {0};
    CHECK(load(RULE("    patterns: ['\\bnow\\b']\n"), &err) == 0, "a valid rule loads");
    CHECK(load("", &err) == 0, "an empty file adds nothing");
    CHECK(fails_at(RULE("    patterns: [a]\n    colour: red\n"), 7, 5, "unknown key 'colour'"),
          "unknown key: line and column");
    CHECK(fails_at("rules:\n  - id: r1\n    sign: urgency\n    weight: 5\n    patterns: [a]\n", 2, 5,
                   "needs 'description'"),
          "missing key");
    CHECK(fails_at("rules:\n  - id: r1\n    sign: nosuch\n    description: d\n    weight: 5\n    patterns: [a]\n",
                   3, 11, "unknown sign 'nosuch'"),
          "unknown sign");
    CHECK(fails_at(RULE("    patterns: [a]\n") "  - id: r1\n    sign: pitch\n    description: d\n    weight: 5\n    patterns: [b]\n",
                   7, 9, "duplicate rule id 'r1'"),
          "duplicate id");
    CHECK(fails_at(RULE("    patterns: ['(open']\n"), 6, 16, "invalid pattern"), "invalid regex");
    CHECK(fails_at(RULE("    patterns: [a]\n    speaker: boss\n"), 7, 14, "speaker must be"), "bad speaker");
    CHECK(fails_at("rules:\n  - id: r1\n    sign: urgency\n    description: d\n    weight: lots\n    patterns: [a]\n",
                   5, 13, "whole number"),
          "weight must be a number");
    CHECK(fails_at(RULE(""), 2, 5, "needs 'patterns'"), "a rule needs patterns");
    CHECK(fails_at(RULE("    patterns: [a]\n    metadata: {known_caller: false}\n"), 7, 15, "not both"),
          "patterns and metadata exclude each other");
    CHECK(fails_at("rules:\n  - id: r1\n   sign: [\n", 3, 4, "YAML"), "YAML syntax error");
    /* Named unless lists: defined once, appended to the rules that name them. */
    {
        static const char *LISTS =
            "unless_lists:\n  told: ['\\bhe said\\b', '\\bapparently\\b']\n"
            "rules:\n  - id: r1\n    sign: urgency\n    description: d\n    weight: 20\n"
            "    patterns: ['\\bnow\\b']\n    unless: ['\\bno rush\\b']\n    unless_lists: [told]\n";
        sc_rules *lr = sc_rules_new();
        sc_result *res = NULL, *res2 = NULL;
        int ok = !sc_rules_add_buffer(lr, "signs.yaml", SIGNS, strlen(SIGNS), &err) &&
                 !sc_rules_add_buffer(lr, "x.yaml", LISTS, strlen(LISTS), &err) && !sc_rules_compile(lr, &err) &&
                 !sc_check(lr, "a", "pay now", 7, &res, &err) &&
                 !sc_check(lr, "b", "he said pay now", 15, &res2, &err);
        sc_rule_info ri;
        CHECK(ok && sc_result_score(res) == 20 && sc_result_score(res2) == 0,
              "a rule's unless list drops a match like its own unless");
        CHECK(ok && sc_rules_get(lr, 0, &ri) == 0 && ri.n_unless == 3 && !strcmp(ri.unless[2], "\\bapparently\\b"),
              "the list's patterns follow the rule's own unless");
        sc_result_free(res);
        sc_result_free(res2);
        sc_rules_free(lr);
    }
    CHECK(fails_at(RULE("    patterns: [a]\n    unless_lists: [nosuch]\n"), 2, 5, "no unless list named 'nosuch'"),
          "an unknown unless list");
    CHECK(fails_at("unless_lists:\n  a: [x]\n  a: [y]\n", 3, 3, "duplicate unless list 'a'"),
          "an unless list is defined once");
    CHECK(fails_at("unless_lists:\n  a: ['ok', '(open']\n", 2, 13, "invalid pattern"),
          "a bad pattern in a list is reported where it is written");
#define FACT(extra) "rules:\n  - id: f1\n    fact: rang_them\n    description: d\n" extra
    CHECK(load(FACT("    patterns: [a]\n") "  - id: r2\n    sign: pitch\n    description: d\n"
               "    weight: 5\n    unless_fact: [rang_them]\n    patterns: [b]\n", &err) == 0,
          "a fact rule and a rule that waits on its fact load");
    CHECK(fails_at(FACT("    weight: 5\n    patterns: [a]\n"), 5, 13, "no sign or weight"),
          "a fact rule has no weight");
    CHECK(fails_at(FACT("    unless_fact: x\n    patterns: [a]\n"), 5, 18, "cannot have 'unless_fact'"),
          "a fact rule does not wait on facts");
    CHECK(fails_at("rules:\n  - id: f1\n    fact: rang them\n    description: d\n    patterns: [a]\n", 3, 11,
                   "may only hold"),
          "a fact name is a plain word");
    CHECK(fails_at(RULE("    unless_fact: nobody_sets_this\n    patterns: [a]\n"), 2, 5,
                   "unless_fact 'nobody_sets_this' is set by no fact rule"),
          "unless_fact must name a fact some rule sets");
    CHECK(fails_at("rules:\n  - id: r1\n    description: d\n    patterns: [a]\n", 2, 5, "needs 'sign' (or 'fact')"),
          "a rule needs a sign or a fact");
    CHECK(fails_at("verdicts: {suspicious: 60, scam: 40}\n", 1, 34, "must be above"), "thresholds in order");
    CHECK(fails_at("rules: {a: 1}\n", 1, 8, "must be a list"), "rules must be a list");
    CHECK(fails_at("signs:\n  - {id: urgency, name: n, advice: a, cap: 5}\n", 2, 10, "duplicate sign id"),
          "duplicate sign");
    CHECK(fails_at("- just\n- a list\n", 1, 1, "must be a mapping"), "a rule file is a mapping");

    /* The built-in set: five signs, rules for each, all compile. */
    sc_rules *r = sc_rules_new();
    CHECK(sc_rules_add_builtin(r, &err) == 0 && sc_rules_compile(r, &err) == 0, "built-in rules load");
    CHECK(sc_signs_count(r) == 5, "five built-in signs");
    static const char *const ids[] = {"unsolicited", "unknown_caller", "credential_request", "pitch", "urgency"};
    for (size_t s = 0; s < 5; s++) {
        int rules_for_sign = 0;
        for (size_t i = 0; i < sc_rules_count(r); i++) {
            sc_rule_info ri;
            sc_rules_get(r, i, &ri);
            rules_for_sign += ri.sign && !strcmp(ri.sign, ids[s]);
        }
        char name[96];
        snprintf(name, sizeof name, "built-in rules cover %s", ids[s]);
        CHECK(rules_for_sign >= 3, name);
    }
    CHECK(sc_rules_threshold(r, SC_SCAM) > sc_rules_threshold(r, SC_SUSPICIOUS), "thresholds ordered");
    size_t checked = 0;
    CHECK(sc_rules_test_examples(r, NULL, NULL, &checked, &err) == 0, "built-in examples all pass");
    int every_rule_has_examples = 1;
    for (size_t i = 0; i < r->rules.len; i++) {
        sc_rule *rule = SC_VEC_AT(&r->rules, sc_rule, i);
        if (!rule->metadata.n && (rule->n_ex_match < 1 || rule->n_ex_no_match < 1)) {
            printf("# rule %s lacks match or no_match examples\n", rule->id);
            every_rule_has_examples = 0;
        }
    }
    CHECK(every_rule_has_examples, "every built-in text rule has match and no_match examples");
    CHECK(checked >= 2 * sc_rules_count(r), "built-in examples are loaded for --test-rules");
    sc_rules_free(r);

    /* The C table compiled into the library says what the YAML files say. */
    sc_rules *table = sc_rules_new(), *yaml = sc_rules_new();
    /* The order the Makefile embeds them in: signs.yaml, then by name. */
    char *files[64];
    size_t n_files = 0;
    DIR *dir = opendir("rules");
    struct dirent *de;
    while (dir && (de = readdir(dir)) && n_files < 64) {
        size_t l = strlen(de->d_name);
        if (l > 5 && !strcmp(de->d_name + l - 5, ".yaml") && strcmp(de->d_name, "signs.yaml"))
            files[n_files++] = strdup(de->d_name);
    }
    if (dir)
        closedir(dir);
    qsort(files, n_files, sizeof *files, name_cmp);
    int loaded = !sc_rules_add_builtin(table, &err) && !sc_rules_compile(table, &err) &&
                 !sc_rules_add_path(yaml, "rules/signs.yaml", &err);
    for (size_t i = 0; i < n_files; i++) {
        char path[300];
        snprintf(path, sizeof path, "rules/%s", files[i]);
        loaded = loaded && !sc_rules_add_path(yaml, path, &err);
        free(files[i]);
    }
    loaded = loaded && !sc_rules_compile(yaml, &err);
    CHECK(loaded, "the rules folder loads from disk");
    int same = loaded && table->rules.len == yaml->rules.len && table->signs.len == yaml->signs.len &&
               table->threshold[SC_SCAM] == yaml->threshold[SC_SCAM] &&
               table->threshold[SC_SUSPICIOUS] == yaml->threshold[SC_SUSPICIOUS] &&
               table->other_names.len == yaml->other_names.len &&
               table->person_names.len == yaml->person_names.len &&
               table->languages.len == yaml->languages.len;
    for (size_t i = 0; same && i < table->signs.len; i++) {
        sc_sign *a = SC_VEC_AT(&table->signs, sc_sign, i), *b = SC_VEC_AT(&yaml->signs, sc_sign, i);
        same = !strcmp(a->id, b->id) && !strcmp(a->name, b->name) && !strcmp(a->advice, b->advice) &&
               a->cap == b->cap && a->n_cleared_by == b->n_cleared_by && a->line == b->line;
    }
    for (size_t i = 0; same && i < table->rules.len; i++) {
        sc_rule *a = SC_VEC_AT(&table->rules, sc_rule, i), *b = SC_VEC_AT(&yaml->rules, sc_rule, i);
        same = !strcmp(a->id, b->id) && !a->sign == !b->sign && (!a->sign || !strcmp(a->sign, b->sign)) &&
               !a->fact == !b->fact && (!a->fact || !strcmp(a->fact, b->fact)) &&
               a->unless_mask == b->unless_mask && !strcmp(a->file, b->file) &&
               !strcmp(a->description, b->description) && a->weight == b->weight &&
               a->scope == b->scope && a->unless_scope == b->unless_scope && a->line == b->line &&
               a->n_patterns == b->n_patterns && a->n_unless == b->n_unless &&
               a->metadata.n == b->metadata.n &&
               !a->language == !b->language && (!a->language || !strcmp(a->language, b->language));
        for (size_t k = 0; same && k < a->n_patterns; k++)
            same = !strcmp(a->patterns[k].source, b->patterns[k].source) &&
                   a->patterns[k].line == b->patterns[k].line &&
                   a->patterns[k].always == b->patterns[k].always &&
                   a->patterns[k].bound == b->patterns[k].bound &&
                   a->patterns[k].gated == b->patterns[k].gated;
        for (size_t k = 0; same && k < a->n_unless; k++)
            same = !strcmp(a->unless[k].source, b->unless[k].source);
        if (!same)
            printf("# rule %zu (%s) differs\n", i, a->id);
    }
    CHECK(same, "the built-in table equals the rules folder");
    sc_rules_free(table);
    sc_rules_free(yaml);

    r = sc_rules_new();
    CHECK(sc_rules_add_builtin_signs(r, &err) == 0 && sc_rules_compile(r, &err) == 0 &&
              sc_rules_count(r) == 0 && sc_signs_count(r) == 5,
          "--no-default-rules keeps the signs, drops the rules");
    sc_rules_free(r);

    r = sc_rules_new();
    CHECK(sc_rules_add_path(r, "/nonexistent/rules.yaml", &err) == -1 &&
              !strcmp(err.file, "/nonexistent/rules.yaml"),
          "a missing rule file is an error naming it");
    sc_rules_free(r);

    /* YAML that would cost far more than its size. */
    char deep[4200] = "rules: ";
    for (int i = 0; i < 2000; i++)
        strcat(deep, "[");
    for (int i = 0; i < 2000; i++)
        strcat(deep, "]");
    CHECK(fails_at(deep, 1, 71, "nested deeper than 64 levels"), "deep nesting is refused where it passes 64");
    char bomb[2000] = "x0: &a0 [a, a, a, a, a, a, a, a, a, a]\n";
    for (int i = 1; i < 7; i++)
        snprintf(bomb + strlen(bomb), sizeof bomb - strlen(bomb),
                 "x%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i,
                 i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    CHECK(fails_at(bomb, 5, 55, "more than 100000 nodes once aliases are expanded"),
          "an alias bomb is refused at the alias that passes the limit");
    CHECK(fails_at("a: &x [1, 2]\nb: *x\nrules: []\n", 1, 1, "unknown key 'a'"),
          "a few aliases are fine (the file fails later, for its keys)");

    /* A pattern that backtracks without end counts as no match, with a warning. */
    static const char *cat = "rules:\n"
                             "  - id: slow\n    sign: urgency\n    weight: 5\n    description: d\n"
                             "    patterns: ['(x+x+)+y']\n"
                             "  - id: hurry\n    sign: urgency\n    weight: 7\n    description: d\n"
                             "    patterns: ['hurry']\n";
    r = sc_rules_new();
    sc_rules_set_match_limit(r, 100000);
    CHECK(sc_rules_add_buffer(r, "signs.yaml", SIGNS, strlen(SIGNS), &err) == 0 &&
              sc_rules_add_buffer(r, "x.yaml", cat, strlen(cat), &err) == 0 && sc_rules_compile(r, &err) == 0,
          "a catastrophic pattern compiles");
    char subject[300];
    memset(subject, 'x', 200);
    strcpy(subject + 200, " hurry z");
    sc_result *res = NULL;
    CHECK(sc_check(r, "t", subject, strlen(subject), &res, &err) == 0 && sc_result_warning_count(res) == 1 &&
              !strcmp(sc_result_warning(res, 0)->rule, "slow") && sc_result_sign_count(res) == 1 &&
              sc_result_sign(res, 0)->score == 7,
          "a pattern over the match limit counts as none, warns, and the others still count");
    sc_result_free(res);

    /* Evidence is capped; the rest is counted. */
    char many[4000] = "";
    for (int i = 0; i < 30; i++)
        strcat(many, "hurry\n");
    CHECK(sc_check(r, "t", many, strlen(many), &res, &err) == 0 && sc_result_sign_count(res) == 1 &&
              sc_result_sign(res, 0)->n_evidence == SC_EVIDENCE_PER_RULE &&
              sc_result_sign(res, 0)->n_more == 30 - SC_EVIDENCE_PER_RULE &&
              sc_result_sign(res, 0)->evidence[0].line == 1,
          "evidence per rule is capped, the first lines kept, the rest counted");
    sc_result_free(res);
    sc_rules_free(r);
    UNIT_END();
}
