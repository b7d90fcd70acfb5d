/* Types shared by the engine's modules. Not part of the public API. */
#ifndef SC_INTERNAL_H
#define SC_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include <yaml.h>

#include "scamcheck.h"

/* ---- util.c ------------------------------------------------------------- */

void sc_set_error(sc_error *err, const char *file, int line, int column,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A bump allocator: everything a result owns lives in one arena, freed at once. */
typedef struct sc_arena_block sc_arena_block;
typedef struct sc_arena {
    sc_arena_block *head;
} sc_arena;

void *sc_arena_alloc(sc_arena *a, size_t size);
char *sc_arena_strndup(sc_arena *a, const char *s, size_t n);
char *sc_arena_strdup(sc_arena *a, const char *s);
void sc_arena_free(sc_arena *a);

/* Growable array of fixed-size items. */
typedef struct sc_vec {
    void *items;
    size_t len, cap, size;
} sc_vec;

void sc_vec_init(sc_vec *v, size_t item_size);
void *sc_vec_push(sc_vec *v);            /* zeroed new item, NULL on OOM */
void sc_vec_free(sc_vec *v);
#define SC_VEC_AT(v, type, i) (&((type *)(v)->items)[i])

/* Copies text with invalid UTF-8 replaced by U+FFFD and control characters
 * (other than tab) by spaces, so reports are always valid UTF-8. */
char *sc_arena_clean_utf8(sc_arena *a, const char *s, size_t n);
/* Length of the valid UTF-8 sequence at s (1 for an invalid byte). */
size_t sc_utf8_seq_len(const unsigned char *s, size_t n);
/* What the reader puts in place of a byte that is not UTF-8 (ASCII SUB). */
#define SC_BAD_BYTE 0x1A
void sc_copy_valid_utf8(char *dst, const char *src, size_t n);
int sc_strcaseeq(const char *a, const char *b);

/* ---- yaml_doc.c: a loaded YAML document with marks ----------------------- */

typedef struct sc_yaml {
    yaml_document_t doc;
    int loaded;
    const char *file;
    int line_base;              /* lines to add to libyaml's 0-based marks */
} sc_yaml;

/* Loads the first document of buf. Returns 0, or -1 with err at the problem. */
int sc_yaml_load(sc_yaml *y, const char *file, int line_base, const char *buf,
                 size_t len, sc_error *err);
void sc_yaml_free(sc_yaml *y);
yaml_node_t *sc_yaml_root(sc_yaml *y);
yaml_node_t *sc_yaml_node(sc_yaml *y, int index);
int sc_yaml_line(const sc_yaml *y, const yaml_node_t *n);
int sc_yaml_col(const yaml_node_t *n);
/* Sets err at node n. */
void sc_yaml_error(const sc_yaml *y, const yaml_node_t *n, sc_error *err,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
const char *sc_yaml_scalar(const yaml_node_t *n);  /* NULL unless a scalar */
int sc_yaml_is_plain(const yaml_node_t *n);
/* The kind a plain YAML 1.1 scalar reads as; quoted scalars are strings.
 * For booleans *norm gets "true"/"false". */
sc_meta_kind sc_yaml_scalar_kind(const yaml_node_t *n, const char **norm);
/* JSON text of a list or mapping node (for metadata we keep but do not read). */
char *sc_yaml_to_json(sc_yaml *y, yaml_node_t *n);

/* ---- rules.c ------------------------------------------------------------ */

enum { SC_SCOPE_ANY = 0, SC_SCOPE_OTHER = 1, SC_SCOPE_PERSON = 2 };
enum { SC_UNLESS_SENTENCE = 0, SC_UNLESS_TURN = 1, SC_UNLESS_NEAR = 2 };

typedef struct sc_pattern {
    char *source;
    pcre2_code *code;           /* interpreted; NULL until compiled (see sc_pattern_code) */
    pcre2_code *jit;            /* JIT copy, made once the pattern has scanned enough */
    size_t scanned;             /* bytes matched without JIT so far */
    int line, column;
    int lazy;                   /* compiled on first use: built-in patterns */
    int ucp;                    /* \b, \w and case know every script (non-English files) */
    int ready;                  /* code is final; read with acquire */
    int always;                 /* no atoms: the prefilter cannot rule it out */
    int bound;                  /* a match starts at most this many bytes before
                                 * one of its anchor atoms; -1: no anchors */
    int gated;                  /* anchors count only in turns with a filter atom */
    const struct sc_atoms *known_atoms;   /* worked out at build time (built-in patterns) */
    int index;                  /* among the rule set's text patterns */
    const char *file;           /* where it is written, when not in its rule's file */
} sc_pattern;

/* A named list of `unless` patterns that rules share (`unless_lists:`). */
typedef struct sc_unless_list {
    char *name, *file;
    int line, column;
    int builtin;                /* a later file may redefine it */
    sc_pattern *patterns;
    size_t n;
} sc_unless_list;

/* key: value of the front matter, as in `metadata:` and `cleared_by:`. */
typedef struct sc_meta_cond {
    char *key;
    char *value;                /* normalised: "true"/"false" for booleans */
} sc_meta_cond;

typedef struct sc_cond_set {
    sc_meta_cond *conds;
    size_t n;
} sc_cond_set;

typedef struct sc_rule {
    char *id, *sign, *description, *file;
    int line, column, sign_line, sign_column;
    int weight;
    int scope;
    int unless_scope;
    int unless_window;          /* bytes either side of the match, for SC_UNLESS_NEAR */
    sc_pattern *patterns;
    size_t n_patterns;
    sc_pattern *unless;
    size_t n_unless;
    const char **pattern_sources, **unless_sources;  /* for sc_rule_info */
    sc_cond_set metadata;       /* n == 0: a text rule */
    char **ex_match, **ex_no_match;
    size_t n_ex_match, n_ex_no_match;
    int sign_index;             /* set by sc_rules_compile; -1 for a fact rule */
    char *language;             /* the rule file's `language`; NULL: every language */
    /* A fact rule (`fact: name`, no sign) says something about the call
     * when it matches; a sign rule with `unless_fact` does not count while
     * one of those facts holds. Indexes into sc_rules.fact_names, set by
     * sc_rules_compile. */
    char *fact;
    char **unless_facts;
    size_t n_unless_facts;
    char **unless_lists;        /* names; sc_rules_compile appends their patterns to unless */
    size_t n_unless_lists;
    int fact_index;
    uint32_t unless_mask;
} sc_rule;

typedef struct sc_sign {
    char *id, *name, *advice, *file;
    int line, column;
    int cap;
    int builtin;                /* a later file may redefine it */
    sc_cond_set *cleared_by;
    size_t n_cleared_by;
} sc_sign;

/* A language the rule set knows: its code and the common words that tell
 * it apart (`languages:` in signs.yaml). */
typedef struct sc_language {
    char *code;
    sc_vec words;               /* char * */
} sc_language;

/* Common words of every language, hashed: word -> bit mask of languages. */
typedef struct sc_word_slot {
    const char *word;
    size_t len;
    uint32_t langs;
} sc_word_slot;

struct sc_rules {
    sc_arena arena;             /* every string and array of the rule set */
    sc_vec rules;               /* sc_rule */
    sc_vec signs;               /* sc_sign */
    sc_vec other_names, person_names;   /* char * */
    sc_vec call_names;          /* char *: names that tell who dialled, not who is who */
    int threshold[3];           /* by sc_verdict; [SC_CLEAN] unused */
    int compiled;
    int use_prefilter;
    unsigned long match_limit;  /* PCRE2 match and depth limit for every match */
    sc_pattern **text_patterns; /* every `patterns` entry, by index */
    size_t n_text_patterns;
    struct sc_prefilter *prefilter;
    pthread_mutex_t lock;       /* guards lazy compiling */
    int builtin_examples_pending;   /* built-in rules loaded without examples */
    sc_vec languages;           /* sc_language */
    char *force_language;       /* sc_rules_set_language; NULL: detect */
    int by_language;            /* some rule applies to one language only */
    sc_word_slot *words;        /* hash set of all languages' words */
    size_t n_word_slots;        /* a power of two; 0: none */
    const char *home_iso, *home_code;   /* sc_rules_set_home_country */
    sc_vec known_numbers;       /* char *, normalised */
    sc_vec fact_names;          /* char *: the facts fact rules set (at most SC_MAX_FACTS) */
    sc_vec unless_lists;        /* sc_unless_list */
};

/* Facts are bits of a mask while scoring. */
#define SC_MAX_FACTS 32

/* ---- facts.c ------------------------------------------------------------- */

/* The calling code of a country ("NO" -> "47"), or NULL. */
const char *sc_country_code(const char *iso);
/* A phone number in the form +<country><number>: national numbers get
 * home_code (when known) in place of their trunk 0. -1: not a number. */
int sc_phone_normalise(const char *in, const char *home_code, char *out, size_t n);
/* Works out the facts of the transcript's caller_number into t->facts. */
struct sc_transcript;
int sc_call_facts(const sc_rules *rules, struct sc_transcript *t);

/* ---- language.c ---------------------------------------------------------- */

struct sc_transcript;

/* Writes the normal form of a language name ("NB", "norsk" -> "no"). */
void sc_language_code(const char *name, char *out, size_t n);
/* Builds the word hash of the rule set's languages. */
int sc_language_index(sc_rules *rules);
/* The language of a transcript: forced, else its metadata, else the most
 * common words found, else the first language defined (NULL if none). */
const char *sc_language_of(const sc_rules *rules, const struct sc_transcript *t);

/* The code to match a pattern against len bytes: compiled on first use if
 * lazy, and JIT-compiled once it has scanned enough text to repay the JIT's
 * cost. NULL if it does not compile (never for a rule set that passed
 * --test-rules). */
pcre2_code *sc_pattern_code(const sc_rules *rules, sc_pattern *p, size_t len);
/* Reads the examples of the built-in rules, which checking does not need. */
int sc_rules_load_builtin_examples(sc_rules *rules, sc_error *err);
/* Compiles every lazy pattern now; -1 with err at the first invalid one. */
int sc_rules_compile_lazy(sc_rules *rules, sc_error *err);

/* ---- atoms.c, prefilter.c ------------------------------------------------ */

/* What a pattern needs: sets of lowercase literals, one of which every match
 * contains. anchor: atoms at most `bound` bytes after the match's start;
 * filter: rarer atoms anywhere in the match, to decide which turns to try. */
typedef struct sc_atoms {
    char **filter, **anchor;
    size_t n_filter, n_anchor;
    int bound;                  /* -1 when there is no anchor set */
} sc_atoms;

/* Returns 0 with at least one set, or -1 when the pattern must always run. */
int sc_atoms_extract(const char *pattern, sc_atoms *out);
void sc_atoms_free(sc_atoms *a);

/* ---- the built-in rule set as C data ------------------------------------- */

/* Generated at build time by tools/gen-builtin from the rules folder
 * (build/builtin_table.c), so start-up neither parses YAML nor works out
 * atoms. While the generator itself runs, the table is empty. */
typedef struct sc_table_pattern {
    const char *source;
    int line, column;
    sc_atoms atoms;
} sc_table_pattern;

typedef struct sc_table_rule {
    const char *id, *sign, *description, *file, *language;
    int line, column, sign_line, sign_column;
    int weight, scope, unless_scope, unless_window;
    const sc_table_pattern *patterns, *unless;
    size_t n_patterns, n_unless;
    sc_cond_set metadata;
    const char *fact;
    const char *const *unless_facts;
    size_t n_unless_facts;
} sc_table_rule;

typedef struct sc_table_sign {
    const char *id, *name, *advice, *file;
    int line, column, cap;
    const sc_cond_set *cleared_by;
    size_t n_cleared_by;
} sc_table_sign;

typedef struct sc_table_list {
    const char *name, *file;
    int line, column;
    const sc_table_pattern *patterns;
    size_t n;
} sc_table_list;

typedef struct sc_table {
    const sc_table_list *unless_lists;
    size_t n_unless_lists;
    const sc_table_sign *signs;
    size_t n_signs;             /* 0: no table */
    const sc_table_rule *rules;
    size_t n_rules;
    const char *const *other_names, *const *person_names, *const *call_names;
    size_t n_other, n_person, n_call;
    int suspicious, scam;
    const char *const *language_codes;
    const char *const *const *language_words;   /* NULL-terminated lists */
    size_t n_languages;
} sc_table;

extern const sc_table sc_builtin_table;

typedef struct sc_prefilter sc_prefilter;
/* A pattern worth trying: key = pattern * 2 + 1 for an anchor atom found at
 * pos, pattern * 2 for a turn holding a filter atom. */
typedef struct sc_prefilter_pair {
    int32_t key, turn;
    uint32_t pos;               /* body offset where the atom starts */
} sc_prefilter_pair;

/* Sets each pattern's `always` and builds the automaton over the atoms. */
sc_prefilter *sc_prefilter_build(sc_pattern **patterns, size_t n_patterns);
void sc_prefilter_free(sc_prefilter *pf);

/* Compares a condition value with a front-matter value, both normalised. */
int sc_meta_value_eq(const char *cond, const char *value);

/* ---- transcript.c ------------------------------------------------------- */

/* One line's text as it sits in the transcript body. */
typedef struct sc_segment {
    size_t off, len;            /* in body */
    int line;                   /* line number in the input */
    int column;                 /* byte column where the text starts in that line */
} sc_segment;

typedef struct sc_turn {
    int speaker;                /* index into speakers, -1 when unlabelled */
    double time;                /* start in seconds (subtitles, Whisper), or -1 */
    size_t off, len;            /* in body */
    size_t first_segment, n_segments;
} sc_turn;

typedef struct sc_speaker {
    char *label;
    int role;                   /* SC_SCOPE_OTHER, SC_SCOPE_PERSON, or SC_SCOPE_ANY (unknown) */
} sc_speaker;

typedef struct sc_transcript {
    sc_arena *arena;            /* owner of every string below */
    char *body;                 /* the turns' text, one after the other */
    size_t body_len;
    sc_vec segments;            /* sc_segment */
    sc_vec turns;               /* sc_turn */
    sc_vec speakers;            /* sc_speaker */
    sc_vec meta;                /* sc_meta */
    sc_vec facts;               /* sc_meta worked out by the engine (facts.c) */
    int n_lines;
    int expect;                 /* -1 when absent */
    const char *caller_label;
    const char *language;       /* what the rules read it as (sc_language_of) */
    size_t from_turn;           /* sc_match looks at turns from here on (live sessions) */
    size_t body_cap;            /* > 0: body is malloc'd and grows (live sessions) */
    const struct sc_rules *names;   /* speaker names a label may be (may be NULL) */
} sc_transcript;

/* An empty transcript whose strings go to arena. */
void sc_transcript_init(sc_transcript *t, sc_arena *arena);
/* Splits text into lines, turns and speakers and reads the front matter.
 * names (may be NULL) gives the speaker names of the rule set: a label that
 * is one of them counts in lowercase too ("caller:") and also in the middle
 * of a line, where a whole call written on one line changes speaker.
 * Strings go to arena. Returns 0, or -1 with err (file = source). */
int sc_transcript_parse(sc_transcript *t, sc_arena *arena, const char *source,
                        const char *text, size_t len, const sc_meta *given, size_t n_given,
                        const struct sc_rules *names, sc_error *err);
/* The side a speaker label names by the rule set's speaker names:
 * SC_SCOPE_OTHER, SC_SCOPE_PERSON, or SC_SCOPE_ANY when it names neither. */
int sc_speaker_name_role(const struct sc_rules *rules, const char *label, size_t n);
/* Is label (n bytes) one of names ("Caller 2" is a "caller")? */
int sc_name_listed(const sc_vec *names, const char *label, size_t n);
void sc_transcript_free(sc_transcript *t);
/* Building a transcript from cues (formats.c): start with room for len
 * bytes of text, then add each cue; a cue's text may span lines (first_line
 * is the input line of its first). voice is its speaker (VTT <v>, Whisper
 * "speaker"), or NULL to look for a "Label:" at its start. */
int sc_transcript_start(sc_transcript *t, sc_arena *arena, size_t len, const struct sc_rules *names);
/* Records metadata given beside the text, checked as front matter is. */
int sc_transcript_given_meta(sc_transcript *t, const char *source, const sc_meta *given,
                             size_t n_given, sc_error *err);
int sc_transcript_cue(sc_transcript *t, const char *text, size_t len, int first_line,
                      double time, const char *voice, size_t voice_len);
/* Adds one line as the batch parser would (a label starts a turn, other
 * lines continue it), growing a malloc'd body: for live sessions. */
int sc_transcript_add_line(sc_transcript *t, const char *p, size_t len, int lineno);
/* The segment holding body offset off within turn. */
const sc_segment *sc_transcript_segment_at(const sc_transcript *t,
                                           const sc_turn *turn, size_t off);
const sc_meta *sc_transcript_meta(const sc_transcript *t, const char *key);

/* Where a scan of a transcript's body stands: it goes piece by piece, so
 * that what it finds in a huge transcript need not be held all at once. */
typedef struct sc_prefilter_scan_state {
    size_t pos;                 /* next body offset to read */
    size_t ti;                  /* the turn holding pos */
    int32_t state;              /* the automaton's state */
} sc_prefilter_scan_state;

struct sc_transcript;
void sc_prefilter_scan_start(sc_prefilter_scan_state *sc, const struct sc_transcript *t);
/* Scans on to body offset end, appending a pair for every anchor atom found
 * (an atom is found where it ends), and one for every turn holding a filter
 * atom. last_turn has a slot per pattern, set to -1 by the caller. */
int sc_prefilter_scan(const sc_prefilter *pf, const struct sc_transcript *t,
                      sc_prefilter_scan_state *sc, size_t end, int32_t *last_turn, sc_vec *pairs);
/* The length of the longest atom. */
int sc_prefilter_max_atom(const sc_prefilter *pf);

/* ---- formats.c: subtitles and Whisper JSON -------------------------------- */

/* Guesses the format from the name's extension, then the content. */
sc_format sc_format_detect(const char *name, const char *text, size_t len);
/* Adds one SRT or WebVTT cue block (live sessions), its first line being
 * first_line of the input. */
int sc_formats_cue_block(sc_transcript *t, const char *source, int vtt, const char *block,
                         size_t len, int first_line, sc_error *err);
/* Parses SRT, WebVTT or Whisper JSON into a transcript. */
int sc_formats_parse(sc_transcript *t, sc_arena *arena, const char *source, sc_format format,
                     const char *text, size_t len, const sc_meta *given, size_t n_given,
                     const struct sc_rules *names, sc_error *err);

/* ---- session.c: a call checked line by line -------------------------------- */

struct sc_session {
    const sc_rules *rules;
    sc_arena arena;             /* the transcript's strings */
    sc_transcript t;
    sc_vec hits;                /* sc_hit, turn by turn */
    char *source;
    int lines;
    unsigned char *limited;     /* rules that hit a PCRE2 limit stay off for the call */
};

/* ---- match.c ------------------------------------------------------------ */

typedef struct sc_hit {
    int rule;
    int turn;                   /* -1 for a metadata rule */
    size_t off, len;            /* in body; for metadata: off = meta line */
} sc_hit;

/* Runs the rules over the transcript (only rule `only` when >= 0), settles
 * who is who, and leaves the hits that pass speaker scope and `unless`. */
/* PCRE2 heap limit per match (KiB): bounds the memory one match may take. */
#define SC_HEAP_LIMIT_KIB 65536

/* limited: one flag per rule, set when a pattern of the rule ran into a
 * PCRE2 limit (the rule then counts as not matching). */
int sc_match(const sc_rules *rules, sc_transcript *t, int only, sc_vec *hits,
             unsigned char *limited, sc_error *err);

/* ---- score.c ------------------------------------------------------------ */

int sc_score(const sc_rules *rules, const sc_transcript *t, const sc_vec *hits,
             sc_result *r);

struct sc_result {
    sc_arena arena;
    const char *source;
    int score;
    sc_verdict verdict;
    sc_sign_result *signs;
    size_t n_signs;
    sc_meta *meta;
    size_t n_meta;
    int n_lines, n_turns;
    const char **speaker_labels;
    const char **speaker_roles;
    size_t n_speakers;
    int expect;
    const char *language;
    size_t n_hits;              /* matches that passed scope and `unless` */
    sc_warning *warnings;
    size_t n_warnings;
    sc_fact *facts;             /* what the fact rules found, one per fact */
    size_t n_facts;
};

#endif
