/* score.c: weights, caps, distinct rules, thresholds, cleared_by, front-matter rules, facts. */
#include "internal.h"
#include "unit.h"

static const char *RULES =
    "signs:\n"
    "  - {id: a, name: A, advice: x, cap: 30}\n"
    "  - {id: b, name: B, advice: x, cap: 40, cleared_by: [{known_caller: true}]}\n"
    "  - {id: c, name: C, advice: x, cap: 50}\n"
    "verdicts: {suspicious: 25, scam: 60}\n"
    "rules:\n"
    "  - {id: a1, sign: a, description: d, weight: 20, patterns: ['\\balpha\\b']}\n"
    "  - {id: a2, sign: a, description: d, weight: 20, patterns: ['\\baleph\\b']}\n"
    "  - {id: b1, sign: b, description: d, weight: 35, patterns: ['\\bbeta\\b']}\n"
    "  - {id: c1, sign: c, description: d, weight: 50, patterns: ['\\bgamma\\b']}\n"
    "  - {id: b2, sign: b, description: d, weight: 1, patterns: ['\\bdelta\\b', '\\bdel']}\n"
    "  - {id: bm, sign: b, description: d, weight: 5, metadata: {requested_contact: false}}\n";

static sc_rules *rules;

static sc_result *check(const char *text)
{
    sc_result *r = NULL;
    sc_error err;
    if (sc_check(rules, "t", text, strlen(text), &r, &err))
        printf("# %s:%d: %s\n", err.file, err.line, err.message);
    return r;
}

int main(void)
{
    sc_error err;
    rules = sc_rules_new();
    if (sc_rules_add_buffer(rules, "s.yaml", RULES, strlen(RULES), &err) || sc_rules_compile(rules, &err)) {
        printf("FAIL setup: %s:%d: %s\n", err.file, err.line, err.message);
        return 1;
    }
    sc_result *r = check("nothing here");
    CHECK(r && sc_result_score(r) == 0 && sc_result_verdict(r) == SC_CLEAN && sc_result_sign_count(r) == 0,
          "no match: clean, score 0");
    sc_result_free(r);

    r = check("alpha\nalpha alpha\nalpha");
    CHECK(sc_result_score(r) == 20 && sc_result_sign(r, 0)->n_evidence == 3,
          "one rule repeated counts once; evidence per line");
    CHECK(sc_result_verdict(r) == SC_CLEAN, "below the suspicious threshold");
    sc_result_free(r);

    r = check("alpha aleph");
    CHECK(sc_result_score(r) == 30 && sc_result_sign(r, 0)->score == 30, "a sign is capped");
    CHECK(sc_result_verdict(r) == SC_SUSPICIOUS, "suspicious at its threshold");
    sc_result_free(r);

    r = check("alpha\nbeta");
    CHECK(sc_result_score(r) == 55 && sc_result_sign_count(r) == 2, "different signs add up");
    sc_result_free(r);
    r = check("alpha\naleph\nalpha\naleph");
    CHECK(sc_result_score(r) == 30, "one sign repeated weighs less than two signs");
    sc_result_free(r);

    r = check("alpha beta gamma");
    CHECK(sc_result_score(r) == 100 && sc_result_verdict(r) == SC_SCAM, "the total is capped at 100");
    CHECK(!strcmp(sc_result_sign(r, 0)->id, "a") && !strcmp(sc_result_sign(r, 2)->id, "c"),
          "signs in rule-set order");
    sc_result_free(r);

    r = check("---\nknown_caller: true\n---\nbeta gamma");
    CHECK(sc_result_sign_count(r) == 1 && sc_result_score(r) == 50, "cleared_by rules a sign out");
    sc_result_free(r);

    r = check("---\ndirection: inbound\nrequested_contact: false\n---\nhello");
    CHECK(sc_result_sign_count(r) == 1 && sc_result_sign(r, 0)->evidence[0].line == 3 &&
              !strcmp(sc_result_sign(r, 0)->evidence[0].rule, "bm"),
          "a front-matter rule's evidence is the key's line");
    sc_result_free(r);

    /* Two patterns of b2 hit line 4: one is a duplicate, dropped; the
     * front-matter hit that follows must not inherit its speaker. */
    r = check("---\nrequested_contact: false\n---\nCaller: delta\nCaller: beta\nCaller: beta");
    CHECK(sc_result_sign_count(r) == 1 && sc_result_sign(r, 0)->n_evidence == 4 &&
              sc_result_sign(r, 0)->evidence[0].line == 2 && sc_result_sign(r, 0)->evidence[0].speaker == NULL,
          "front-matter evidence has no speaker, even after text evidence");
    sc_result_free(r);

    r = check("---\nrequested_contact: true\n---\nhello");
    CHECK(sc_result_sign_count(r) == 0, "a front-matter rule needs its value");
    sc_result_free(r);

    /* Facts: rules that wait on one do not count while it holds. */
    static const char *FACTS =
        "signs:\n"
        "  - {id: a, name: A, advice: x, cap: 30}\n"
        "verdicts: {suspicious: 15, scam: 40}\n"
        "speakers: {other: [agent], person: [me]}\n"
        "rules:\n"
        "  - {id: check-id, sign: a, description: d, weight: 20, unless_fact: rang_them,\n"
        "     patterns: ['\\bdate of birth\\b']}\n"
        "  - {id: code, sign: a, description: d, weight: 10, patterns: ['\\bcode\\b']}\n"
        "  - {id: said, fact: rang_them, description: d, speaker: person,\n"
        "     patterns: ['\\bcalling about my\\b']}\n"
        "  - {id: front, fact: rang_them, description: d, metadata: {direction: outbound}}\n";
    sc_rules *plain = rules;
    rules = sc_rules_new();
    CHECK(sc_rules_add_buffer(rules, "f.yaml", FACTS, strlen(FACTS), &err) == 0 &&
              sc_rules_compile(rules, &err) == 0,
          "fact rules load");
    r = check("Agent: can you confirm your date of birth\nMe: it is the code");
    CHECK(sc_result_score(r) == 30 && sc_result_fact_count(r) == 0, "no fact: the identity check counts");
    sc_result_free(r);
    r = check("Me: I'm calling about my pension\nAgent: can you confirm your date of birth\nMe: the code");
    CHECK(sc_result_score(r) == 10 && sc_result_fact_count(r) == 1 &&
              !strcmp(sc_result_fact(r, 0)->name, "rang_them") &&
              !strcmp(sc_result_fact(r, 0)->evidence.rule, "said") &&
              sc_result_fact(r, 0)->evidence.line == 1 &&
              !strcmp(sc_result_fact(r, 0)->evidence.speaker, "Me"),
          "a fact from the conversation drops the rule that waits on it, and says where it was found");
    CHECK(sc_result_fact(r, 1) == NULL, "no second fact");
    sc_result_free(r);
    r = check("Agent: I'm calling about my pension, your date of birth?");
    CHECK(sc_result_score(r) == 20 && sc_result_fact_count(r) == 0, "a fact rule keeps to its speaker");
    sc_result_free(r);
    r = check("---\ndirection: outbound\n---\nAgent: your date of birth please");
    CHECK(sc_result_score(r) == 0 && sc_result_fact_count(r) == 1 &&
              sc_result_fact(r, 0)->evidence.line == 2 && sc_result_fact(r, 0)->evidence.fact,
          "a fact from the front matter");
    sc_result_free(r);
    r = check("Me: I'm calling about my pension");
    CHECK(sc_result_score(r) == 0 && sc_result_sign_count(r) == 0 && sc_result_fact_count(r) == 1,
          "a fact alone weighs nothing");
    sc_result_free(r);
    sc_rules_free(rules);
    rules = plain;

    sc_result *r1 = check("gamma alpha\nbeta"), *r2 = check("gamma alpha\nbeta");
    CHECK(sc_result_score(r1) == sc_result_score(r2) && sc_result_verdict(r1) == sc_result_verdict(r2),
          "deterministic");
    sc_result_free(r1);
    sc_result_free(r2);
    sc_rules_free(rules);
    UNIT_END();
}
