/* transcript.c: lines, turns, speakers and front matter. */
#include "internal.h"
#include "unit.h"

static sc_arena arena;

static const sc_rules *names;     /* speaker names, for parse_named */

static int parse(sc_transcript *t, const char *text, sc_error *err)
{
    return sc_transcript_parse(t, &arena, "t.txt", text, strlen(text), NULL, 0, NULL, err);
}

static int parse_named(sc_transcript *t, const char *text, sc_error *err)
{
    return sc_transcript_parse(t, &arena, "t.txt", text, strlen(text), NULL, 0, names, err);
}

static const char *speaker_label(sc_transcript *t, size_t turn)
{
    int sp = SC_VEC_AT(&t->turns, sc_turn, turn)->speaker;
    return sp < 0 ? "-" : SC_VEC_AT(&t->speakers, sc_speaker, sp)->label;
}

static const char *turn_text(sc_transcript *t, size_t i, char *buf, size_t n)
{
    sc_turn *turn = SC_VEC_AT(&t->turns, sc_turn, i);
    snprintf(buf, n, "%.*s", (int)turn->len, t->body + turn->off);
    return buf;
}

static int speaker_of(sc_transcript *t, size_t turn)
{
    return SC_VEC_AT(&t->turns, sc_turn, turn)->speaker;
}

int main(void)
{
    sc_transcript t;
    sc_error err = {0};
    char buf[256];

    CHECK(parse(&t, "Caller: Hello, this is Microsoft.\nMe: Who?\nCaller: Your computer\nhas a virus.\n", &err) == 0,
          "labelled transcript parses");
    CHECK(t.turns.len == 3, "three turns");
    CHECK(t.speakers.len == 2, "two speakers");
    CHECK(!strcmp(SC_VEC_AT(&t.speakers, sc_speaker, 0)->label, "Caller"), "first speaker is Caller");
    CHECK(!strcmp(turn_text(&t, 2, buf, sizeof buf), "Your computer\nhas a virus."),
          "an unlabelled line continues the turn");
    CHECK(t.n_lines == 4, "line count");
    const sc_turn *last = SC_VEC_AT(&t.turns, sc_turn, 2);
    CHECK(sc_transcript_segment_at(&t, last, last->off + 15)->line == 4, "offset maps to its line");
    sc_transcript_free(&t);

    CHECK(parse(&t, "hi yeah i got an email\nabout a laptop i didnt order\n\ncan you help\n", &err) == 0,
          "speech-to-text parses");
    CHECK(t.turns.len == 3 && t.speakers.len == 0, "each unlabelled line stands alone");
    CHECK(speaker_of(&t, 0) == -1, "no speaker");
    CHECK(SC_VEC_AT(&t.segments, sc_segment, 2)->line == 4, "blank lines keep line numbers");
    sc_transcript_free(&t);

    CHECK(parse(&t, "[00:01:02] Speaker 1: hello\n00:01:05 Speaker 2: hi there\nSee http://example.com now\nAt 10:30 we met\n", &err) == 0,
          "timestamps parse");
    CHECK(t.speakers.len == 2, "labels after timestamps");
    CHECK(!strcmp(SC_VEC_AT(&t.speakers, sc_speaker, 1)->label, "Speaker 2"), "two-word label");
    CHECK(t.turns.len == 2, "URLs and times are not labels");
    sc_transcript_free(&t);

    CHECK(parse(&t, "The problem with your very old computer: it is slow\n", &err) == 0 && t.speakers.len == 0,
          "more than three words before a colon is not a label");
    sc_transcript_free(&t);
    CHECK(parse(&t, "so the thing is: you owe money\n", &err) == 0 && t.speakers.len == 0,
          "a lowercase phrase before a colon is not a label");
    sc_transcript_free(&t);

    CHECK(parse(&t, "---\ncaller_number: +4721000000\nknown_caller: no\nrequested_contact: false\ndirection: inbound\nticket: 42\ntags: [a, b]\nexpect: scam\n---\nCaller: hello\n", &err) == 0,
          "front matter parses");
    const sc_meta *m = sc_transcript_meta(&t, "caller_number");
    CHECK(m && m->kind == SC_META_STRING && !strcmp(m->value, "+4721000000") && m->line == 2,
          "caller_number stays text, with its line");
    m = sc_transcript_meta(&t, "known_caller");
    CHECK(m && m->kind == SC_META_BOOL && !strcmp(m->value, "false"), "yes/no are booleans");
    m = sc_transcript_meta(&t, "ticket");
    CHECK(m && m->kind == SC_META_NUMBER, "other keys are kept: number");
    m = sc_transcript_meta(&t, "tags");
    CHECK(m && m->kind == SC_META_JSON && !strcmp(m->value, "[\"a\",\"b\"]"), "other keys are kept: list");
    CHECK(t.expect == SC_SCAM, "expect is read");
    CHECK(SC_VEC_AT(&t.segments, sc_segment, 0)->line == 10, "lines count the front matter");
    sc_transcript_free(&t);

    CHECK(parse(&t, "---\nfoo: 1\nCaller: hi\n", &err) == -1 && err.line == 1, "unclosed front matter");
    CHECK(parse(&t, "---\nknown_caller: maybe\n---\nhi\n", &err) == -1 && err.line == 2 && err.column == 15,
          "a non-boolean known_caller names line and column");
    CHECK(parse(&t, "---\ndirection: sideways\n---\n", &err) == -1 && err.line == 2, "bad direction");
    CHECK(parse(&t, "---\n- a\n- b\n---\n", &err) == -1 && strstr(err.message, "mapping"), "front matter must be a mapping");
    CHECK(parse(&t, "---\nfoo: [1\n---\n", &err) == -1 && err.line >= 2 && !strcmp(err.file, "t.txt"),
          "YAML syntax error names the file and line");
    CHECK(parse(&t, "---\nexpect: maybe\n---\n", &err) == -1, "bad expect");

    CHECK(parse(&t, "\xEF\xBB\xBF" "Caller: hi\r\nMe: bye\r\n", &err) == 0 && t.speakers.len == 2 &&
              !strcmp(turn_text(&t, 0, buf, sizeof buf), "hi"),
          "BOM and CRLF are handled");
    sc_transcript_free(&t);
    CHECK(parse(&t, "", &err) == 0 && t.turns.len == 0 && t.n_lines == 0, "empty input");
    sc_transcript_free(&t);
    CHECK(parse(&t, "Caller:\nhello there\n", &err) == 0 && t.turns.len == 1 && speaker_of(&t, 0) == 0,
          "a label alone on its line starts the turn");
    sc_transcript_free(&t);

    /* Speaker names of the rule set: lowercase labels and a whole call on one line. */
    sc_rules *rules = sc_rules_new();
    CHECK(rules && !sc_rules_add_builtin(rules, &err) && !sc_rules_compile(rules, &err), "built-in rules load");
    names = rules;
    CHECK(parse(&t, "caller: hello\nreceiver: who is this\n", &err) == 0 && t.speakers.len == 0,
          "without names a lowercase label is text");
    sc_transcript_free(&t);
    CHECK(parse_named(&t, "caller: hello\nreceiver: who is this\n", &err) == 0 && t.speakers.len == 2 &&
              t.turns.len == 2 && !strcmp(turn_text(&t, 1, buf, sizeof buf), "who is this"),
          "a known name is a label in lowercase");
    sc_transcript_free(&t);
    CHECK(parse_named(&t, "so the thing is: you owe money\nnote: call back\n", &err) == 0 && t.speakers.len == 0,
          "an unknown lowercase word before a colon is still text");
    sc_transcript_free(&t);
    const char *one_line = "caller: Hello, this is Amazon. receiver: Who? I never ordered. "
                           "caller: The reason: a refund. unknown caller: hi user: bye\n";
    CHECK(parse_named(&t, one_line, &err) == 0 && t.turns.len == 5, "known labels inside a line start turns");
    CHECK(!strcmp(turn_text(&t, 0, buf, sizeof buf), "Hello, this is Amazon.") &&
              !strcmp(speaker_label(&t, 1), "receiver") &&
              !strcmp(turn_text(&t, 1, buf, sizeof buf), "Who? I never ordered.") &&
              !strcmp(turn_text(&t, 2, buf, sizeof buf), "The reason: a refund.") &&
              !strcmp(speaker_label(&t, 3), "unknown caller") && !strcmp(speaker_label(&t, 4), "user"),
          "each turn gets its own text and speaker; an unknown word before a colon does not split");
    const sc_segment *seg = SC_VEC_AT(&t.segments, sc_segment, 1);
    CHECK(seg->line == 1 && seg->column == (int)(strstr(one_line, "Who?") - one_line) + 1,
          "a turn inside a line keeps its column");
    sc_transcript_free(&t);
    CHECK(parse_named(&t, "Suspect: Hi. Innocent: Hello. Suspect: Your SSN is suspended.\n", &err) == 0 &&
              t.turns.len == 3 && t.speakers.len == 2 && !strcmp(speaker_label(&t, 2), "Suspect"),
          "capitalised names split too");
    sc_transcript_free(&t);
    CHECK(parse_named(&t, "Ann: We met at ten. Bob: fine\nBob: so Ann: yes\n", &err) == 0 && t.turns.len == 3 &&
              !strcmp(turn_text(&t, 0, buf, sizeof buf), "We met at ten. Bob: fine") &&
              !strcmp(turn_text(&t, 1, buf, sizeof buf), "so"),
          "inside a line, only labels seen at a line start or speaker names split");
    sc_transcript_free(&t);
    CHECK(parse_named(&t, "hi there caller: hello\n", &err) == 0 && t.speakers.len == 0,
          "unlabelled text is never split");
    sc_transcript_free(&t);
    sc_rules_free(rules);
    sc_arena_free(&arena);
    UNIT_END();
}
