/* scamcheck: check a phone-call transcript for the warning signs of a scam.
 *
 * The engine loads a rule set (YAML), checks transcripts given as buffers and
 * hands back a result to read. It never prints and never exits: every failure
 * comes back as an sc_error with a message and a location.
 *
 *   sc_rules *rules = sc_rules_new();
 *   sc_error err;
 *   if (sc_rules_add_builtin(rules, &err) || sc_rules_compile(rules, &err)) ...
 *   sc_result *res;
 *   if (sc_check(rules, "call.txt", text, len, &res, &err) == 0) {
 *       printf("%s %d\n", sc_verdict_name(sc_result_verdict(res)), sc_result_score(res));
 *       sc_result_free(res);
 *   }
 *   sc_rules_free(rules);
 *
 * A compiled sc_rules is read-only: any number of threads may call sc_check
 * with it at once.
 */
#ifndef SCAMCHECK_H
#define SCAMCHECK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCAMCHECK_VERSION "0.1.0"

/* The longest transcript sc_check takes, in bytes (2 GiB - 1). */
#define SC_MAX_TRANSCRIPT 0x7FFFFFFFu

/* Where and why something failed. file is a path (or "-", or the name of a
 * built-in rule file); line and column are 1-based, 0 when unknown. */
typedef struct sc_error {
    char file[512];
    int line;
    int column;
    char message[512];
} sc_error;

typedef enum sc_verdict {
    SC_CLEAN = 0,
    SC_SUSPICIOUS = 1,
    SC_SCAM = 2
} sc_verdict;

/* "clean", "suspicious", "scam". */
const char *sc_verdict_name(sc_verdict v);
/* Parses a verdict name; returns -1 when the name is unknown. */
int sc_verdict_parse(const char *name);

/* ---- rule sets ---------------------------------------------------------- */

typedef struct sc_rules sc_rules;

sc_rules *sc_rules_new(void);
/* Adds the rule set compiled into the library. */
int sc_rules_add_builtin(sc_rules *rules, sc_error *err);
/* Adds only the sign definitions, verdict thresholds and speaker names of the
 * built-in set, not its rules (what --no-default-rules keeps). */
int sc_rules_add_builtin_signs(sc_rules *rules, sc_error *err);
/* Adds one YAML rule file, or every *.yaml / *.yml file in a folder (sorted). */
int sc_rules_add_path(sc_rules *rules, const char *path, sc_error *err);
/* Adds rules from a buffer; name is used in error locations. */
int sc_rules_add_buffer(sc_rules *rules, const char *name, const char *buf,
                        size_t len, sc_error *err);
/* Checks cross-references (signs, duplicate ids) and compiles every pattern.
 * Must succeed before sc_check. Returns 0 on success, -1 with err set. */
int sc_rules_compile(sc_rules *rules, sc_error *err);
void sc_rules_free(sc_rules *rules);
/* Turns the literal prefilter off (1: on, the default). Results are the same
 * either way; off is only slower. For tests and measurements. */
void sc_rules_set_prefilter(sc_rules *rules, int on);
/* Guards against patterns that backtrack without end: each match may take
 * at most this many steps of PCRE2's matcher (its match and depth limits;
 * 0: the default, 10,000,000). A pattern that runs into a limit counts as no
 * match, its rule is not tried again on that transcript, and the result
 * carries a warning naming the rule (sc_result_warning). */
#define SC_DEFAULT_MATCH_LIMIT 10000000ul
void sc_rules_set_match_limit(sc_rules *rules, unsigned long limit);
/* Reads every transcript as being in this language ("en", "no"...), instead
 * of its `language` metadata or what its words suggest. NULL: detect. */
void sc_rules_set_language(sc_rules *rules, const char *language);
/* Call facts. With a home country (ISO code such as "NO"), a caller_number
 * in international form gives the fact caller_abroad (true or false); with
 * known numbers, a listed caller_number gives known_caller: true. Rules test
 * these like front matter. Return -1 for an unknown country or a string that
 * is not a phone number. */
int sc_rules_set_home_country(sc_rules *rules, const char *iso);
int sc_rules_add_known_number(sc_rules *rules, const char *number);

/* Read-only views of a loaded rule set. */
typedef struct sc_rule_info {
    const char *id;
    const char *sign;
    const char *description;
    int weight;
    const char *speaker;        /* "other", "person" or "any" */
    const char *file;           /* where it was defined */
    int line;
    size_t n_patterns;
    const char *const *patterns;
    size_t n_unless;
    const char *const *unless;
    /* A fact rule sets this fact (sign is NULL and weight 0); a sign rule
     * does not count while one of its unless_facts holds. */
    const char *fact;
    size_t n_unless_facts;
    const char *const *unless_facts;
} sc_rule_info;

typedef struct sc_sign_info {
    const char *id;
    const char *name;
    const char *advice;
    int cap;
} sc_sign_info;

size_t sc_rules_count(const sc_rules *rules);
int sc_rules_get(const sc_rules *rules, size_t i, sc_rule_info *out);
size_t sc_signs_count(const sc_rules *rules);
int sc_signs_get(const sc_rules *rules, size_t i, sc_sign_info *out);
/* Verdict thresholds: the lowest score giving SC_SUSPICIOUS / SC_SCAM. */
int sc_rules_threshold(const sc_rules *rules, sc_verdict v);

/* Checks every rule's examples. For each failing example, calls report (when
 * not NULL) with the rule id, whether the example should have matched, and its
 * text. Returns the number of failures, or -1 with err set. *n_checked gets
 * the number of examples checked. */
typedef void (*sc_example_report)(void *ctx, const sc_rule_info *rule,
                                  int should_match, const char *example);
int sc_rules_test_examples(const sc_rules *rules, sc_example_report report,
                           void *ctx, size_t *n_checked, sc_error *err);

/* ---- checking ----------------------------------------------------------- */

typedef struct sc_result sc_result;

/* Checks one transcript. source names it in the result (a path, "-", an id).
 * Returns 0 and sets *out, or -1 with err set (for example, malformed front
 * matter, with its line). */
int sc_check(const sc_rules *rules, const char *source, const char *text,
             size_t len, sc_result **out, sc_error *err);
void sc_result_free(sc_result *result);

/* ---- reading a result ----------------------------------------------------- */

typedef struct sc_evidence {
    const char *rule;           /* rule id */
    int line;                   /* line of the input, front matter included */
    int column;                 /* 1-based byte column of the match in that line */
    const char *speaker;        /* the turn's label, or NULL */
    const char *text;           /* the line (shortened around the match when long) */
    const char *match;          /* the text the pattern matched */
    int weight;                 /* the rule's weight; negative weighs against the sign */
    int fact;                   /* 1: from call facts (front matter, metadata, the number) */
    double time;                /* start of the cue or segment in seconds, or -1 */
} sc_evidence;

typedef struct sc_sign_result {
    const char *id;
    const char *name;
    const char *advice;
    int score;                  /* 0..cap */
    int cap;
    size_t n_evidence;
    const sc_evidence *evidence;
    /* Matches found beyond the evidence kept: at most SC_EVIDENCE_PER_RULE
     * per rule and SC_EVIDENCE_PER_SIGN per sign are listed. */
    size_t n_more;
} sc_sign_result;

#define SC_EVIDENCE_PER_RULE 10
#define SC_EVIDENCE_PER_SIGN 50

typedef enum sc_meta_kind {
    SC_META_STRING,
    SC_META_BOOL,
    SC_META_NUMBER,
    SC_META_NULL,
    SC_META_JSON                /* a list or mapping, given as JSON text */
} sc_meta_kind;

typedef struct sc_meta {
    const char *key;
    const char *value;          /* scalar text; "true"/"false" for booleans */
    sc_meta_kind kind;
    int line;
    const char *note;           /* for a call fact worked out by the engine: why */
} sc_meta;

/* Transcript formats. SC_FORMAT_AUTO guesses from the name's extension (.srt,
 * .vtt, .json) and then the content. In subtitles and Whisper JSON each cue
 * or segment is a turn, and evidence carries its start time. */
typedef enum sc_format {
    SC_FORMAT_AUTO = 0,
    SC_FORMAT_TEXT,
    SC_FORMAT_SRT,
    SC_FORMAT_VTT,
    SC_FORMAT_WHISPER_JSON
} sc_format;

typedef struct sc_check_options {
    sc_format format;
    const struct sc_meta *meta; /* metadata beside the text, as in sc_check_with_meta */
    size_t n_meta;
} sc_check_options;

/* sc_check with options (NULL: as sc_check). */
int sc_check_ex(const sc_rules *rules, const char *source, const char *text, size_t len,
                const sc_check_options *options, sc_result **out, sc_error *err);

/* As sc_check, with metadata given beside the text (as in a JSONL record):
 * known keys are checked as in front matter, whose keys override these. The
 * line of each given entry is ignored. */
int sc_check_with_meta(const sc_rules *rules, const char *source, const char *text, size_t len,
                       const sc_meta *meta, size_t n_meta, sc_result **out, sc_error *err);

const char *sc_result_source(const sc_result *r);
int sc_result_score(const sc_result *r);
sc_verdict sc_result_verdict(const sc_result *r);
/* Signs found (score > 0), in the order the rule set defines them. */
size_t sc_result_sign_count(const sc_result *r);
const sc_sign_result *sc_result_sign(const sc_result *r, size_t i);
/* Front-matter entries in file order. */
size_t sc_result_meta_count(const sc_result *r);
const sc_meta *sc_result_meta(const sc_result *r, size_t i);
/* Shape of the transcript. */
int sc_result_lines(const sc_result *r);
int sc_result_turns(const sc_result *r);
size_t sc_result_speaker_count(const sc_result *r);
/* role is "other", "person" or "unknown". */
const char *sc_result_speaker(const sc_result *r, size_t i, const char **role);
/* The front matter's `expect` verdict, or -1 when it has none. */
int sc_result_expected(const sc_result *r);
/* The language the rules read the transcript as, or NULL when the rule set
 * names no languages. */
const char *sc_result_language(const sc_result *r);
/* Problems that did not stop the check, such as a rule whose pattern ran
 * into a match limit (that rule counted as not matching). */
typedef struct sc_warning {
    const char *rule;           /* the rule concerned, or NULL */
    const char *message;
} sc_warning;
size_t sc_result_warning_count(const sc_result *r);
const sc_warning *sc_result_warning(const sc_result *r, size_t i);

/* Facts about the call that fact rules (`fact:` in the rule set) found,
 * such as person_called, in the order the rule set names them. Sign rules
 * with `unless_fact` did not count while one held. */
typedef struct sc_fact {
    const char *name;
    sc_evidence evidence;       /* the first place it was found */
} sc_fact;
size_t sc_result_fact_count(const sc_result *r);
const sc_fact *sc_result_fact(const sc_result *r, size_t i);

/* ---- live: a call checked while it is being transcribed -------------------- */

/* A session takes a call a line at a time; each new line is matched within
 * its turn only, so feeding stays cheap however long the call gets. The
 * result so far can be read after any line. Plain-text lines only (no front
 * matter). */
typedef struct sc_session sc_session;

sc_session *sc_session_new(const sc_rules *rules, const char *source);
/* One line, without its newline. Returns 0, or -1 with err set. */
int sc_session_feed(sc_session *s, const char *line, size_t len, sc_error *err);
/* One SRT or WebVTT cue block (its number or id, the timing line and the
 * text lines, without the blank line after), whose first line is first_line
 * of the input; format is SC_FORMAT_SRT or SC_FORMAT_VTT. A cue is a turn. */
int sc_session_feed_cue(sc_session *s, const char *block, size_t len, int first_line,
                        sc_format format, sc_error *err);
/* The verdict so far; free it with sc_result_free. */
int sc_session_result(const sc_session *s, sc_result **out, sc_error *err);
void sc_session_free(sc_session *s);

#ifdef __cplusplus
}
#endif

#endif
