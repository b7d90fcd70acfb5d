/* transcript.c: lines, turns, speakers and front matter. */
#include "internal.h"
#include "unit.h"

static sc_arena arena;

static int parse(sc_transcript *t, const char *text, sc_error *err)
{
    return sc_transcript_parse(t, &arena, "t.txt", text, strlen(text), NULL, 0, err);
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
    sc_arena_free(&arena);
    UNIT_END();
}
