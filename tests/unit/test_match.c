/* match.c: unless (negation), speaker scope, who is who, turn bounds. */
#include "internal.h"
#include "unit.h"

static sc_rules *rules;

static const char *RULES =
    "rules:\n"
    "  - id: ask-pin\n    sign: credential_request\n    description: d\n    weight: 20\n"
    "    speaker: other\n    patterns: ['\\byour\\s+pin\\b']\n    unless: ['\\bnever\\b']\n"
    "  - id: ask-code-turn\n    sign: credential_request\n    description: d\n    weight: 5\n"
    "    speaker: other\n    patterns: ['\\bthe\\s+code\\b']\n    unless: ['\\bnever\\b']\n    unless_scope: turn\n"
    "  - id: who-is-this\n    sign: unknown_caller\n    description: d\n    weight: 5\n"
    "    speaker: person\n    patterns: ['who\\s+is\\s+this']\n"
    "  - id: hurry\n    sign: urgency\n    description: d\n    weight: 10\n    patterns: ['right\\s+now']\n"
    "  - id: near\n    sign: pitch\n    description: d\n    weight: 10\n    patterns: ['\\bpay\\b']\n"
    "    unless: ['\\bnever\\b']\n    unless_scope: near\n    unless_window: 20\n";

/* Score of one sign in text (0 when absent); first evidence line in *line. */
static int sign_score(const char *text, const char *sign, int *line)
{
    sc_result *res;
    sc_error err;
    if (sc_check(rules, "t", text, strlen(text), &res, &err))
        return -1;
    int score = 0;
    for (size_t i = 0; i < sc_result_sign_count(res); i++) {
        const sc_sign_result *s = sc_result_sign(res, i);
        if (!strcmp(s->id, sign)) {
            score = s->score;
            if (line)
                *line = s->evidence[0].line;
        }
    }
    sc_result_free(res);
    return score;
}

int main(void)
{
    sc_error err;
    rules = sc_rules_new();
    if (sc_rules_add_builtin_signs(rules, &err) ||
        sc_rules_add_buffer(rules, "m.yaml", RULES, strlen(RULES), &err) ||
        sc_rules_compile(rules, &err)) {
        printf("FAIL setup: %s:%d: %s\n", err.file, err.line, err.message);
        return 1;
    }
    int line = 0;
    CHECK(sign_score("please read me your pin", "credential_request", &line) == 20 && line == 1,
          "a pattern matches");
    CHECK(sign_score("PLEASE READ ME YOUR PIN", "credential_request", NULL) == 20, "caseless");
    CHECK(sign_score("we will never ask for your pin", "credential_request", NULL) == 0,
          "unless in the same sentence cancels");
    CHECK(sign_score("we never call at night. now tell me your pin", "credential_request", NULL) == 20,
          "unless in another sentence does not cancel");
    CHECK(sign_score("Caller: we never lose data. read me the code", "credential_request", NULL) == 0,
          "unless_scope turn looks at the whole turn");
    CHECK(sign_score("Caller: we never lose data.\nMe: ok\nCaller: read me the code", "credential_request", NULL) == 5,
          "unless_scope turn stops at the turn");

    CHECK(sign_score("we never ask you to pay", "pitch", NULL) == 0, "unless near: close by cancels");
    CHECK(sign_score("we never said so in all these years, now pay", "pitch", NULL) == 10,
          "unless near: further than the window does not cancel");

    /* Speaker scope. */
    CHECK(sign_score("Caller: hello\nMe: what is your pin policy", "credential_request", NULL) == 0,
          "other-scoped rule ignores the person's turns");
    CHECK(sign_score("Caller: what is your pin\nMe: no", "credential_request", &line) == 20 && line == 1,
          "other-scoped rule reads the caller's turns");
    CHECK(sign_score("Caller: who is this\nMe: who is this", "unknown_caller", &line) == 5 && line == 2,
          "person-scoped rule reads only the person");
    CHECK(sign_score("---\ncaller_label: Bob\n---\nAlice: tell me your pin\nBob: hello", "credential_request", NULL) == 0,
          "caller_label says who called");
    CHECK(sign_score("---\ncaller_label: Bob\n---\nAlice: hi\nBob: tell me your pin", "credential_request", &line) == 20 && line == 5,
          "caller_label: the caller's turn counts");
    CHECK(sign_score("Alice: hello who is this\nBob: tell me your pin right now", "unknown_caller", &line) == 5 && line == 1,
          "without names, whoever says what callers say is the caller");
    CHECK(sign_score("Me: hello\nJohn: give me your pin", "credential_request", NULL) == 20,
          "a known person label makes the other speaker the caller");
    CHECK(sign_score("tell me your pin\nwho is this", "unknown_caller", NULL) == 5 &&
              sign_score("tell me your pin\nwho is this", "credential_request", NULL) == 20,
          "without speakers every rule looks at every line");

    /* Turn bounds. */
    CHECK(sign_score("Caller: do it right\nnow please", "urgency", &line) == 10 && line == 1,
          "a match may cross a line break inside a turn");
    CHECK(sign_score("Caller: do it right\nMe: now?", "urgency", NULL) == 0, "no match spans two turns");
    CHECK(sign_score("do it right\nnow", "urgency", NULL) == 0, "unlabelled lines are separate turns");

    sc_result *res;
    const char *bad = "Caller: tell me your pin \xff\xfe right now";
    CHECK(sc_check(rules, "t", bad, strlen(bad), &res, &err) == 0 && sc_result_sign_count(res) == 2 &&
              strstr(sc_result_sign(res, 0)->evidence[0].text, "\xEF\xBF\xBD"),
          "invalid UTF-8 is matched around and cleaned in evidence");
    sc_result_free(res);
    /* A NUL inside the text is read as a space, not as the end of the text. */
    static const char nul[] = "Caller: hello\0 there\nCaller: tell me your pin right now";
    CHECK(sc_check(rules, "t", nul, sizeof nul - 1, &res, &err) == 0 && sc_result_sign_count(res) == 2 &&
              sc_result_sign(res, 0)->evidence[0].line == 2,
          "a NUL byte does not cut the transcript short");
    sc_result_free(res);
    /* A bad byte right before a multi-byte character and a match window
     * starting inside one must not upset the matcher. */
    const char *mixed = "Caller: \xe2\x82 \xc3\xa9\xc3\xa9 tell me your pin \xf0\x9f\x98\x80 right now \xff";
    CHECK(sc_check(rules, "t", mixed, strlen(mixed), &res, &err) == 0 && sc_result_sign_count(res) == 2,
          "mixed valid and invalid UTF-8 is matched");
    sc_result_free(res);
    sc_rules_free(rules);
    UNIT_END();
}
