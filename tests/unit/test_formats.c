/* formats.c: detecting and reading SRT, WebVTT and Whisper JSON. */
#include "internal.h"
#include "unit.h"

static sc_arena arena;

static int parse(sc_transcript *t, sc_format f, const char *text, sc_error *err)
{
    return sc_formats_parse(t, &arena, "t", f, text, strlen(text), NULL, 0, NULL, err);
}

static const char *turn_text(sc_transcript *t, size_t i)
{
    static char buf[256];
    sc_turn *turn = SC_VEC_AT(&t->turns, sc_turn, i);
    snprintf(buf, sizeof buf, "%.*s", (int)turn->len, t->body + turn->off);
    return buf;
}

int main(void)
{
    sc_error err = {0};
    sc_transcript t;
    CHECK(sc_format_detect("call.srt", "", 0) == SC_FORMAT_SRT, "detect .srt");
    CHECK(sc_format_detect("call.VTT", "", 0) == SC_FORMAT_VTT, "detect .vtt, any case");
    CHECK(sc_format_detect("x", "WEBVTT\n\n", 8) == SC_FORMAT_VTT, "detect WEBVTT header");
    CHECK(sc_format_detect("x", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", 33) == SC_FORMAT_SRT, "detect SRT content");
    CHECK(sc_format_detect("x", "{\"segments\": []}", 16) == SC_FORMAT_WHISPER_JSON, "detect Whisper JSON");
    CHECK(sc_format_detect("notes.txt", "Caller: 1 --> 2\n", 16) == SC_FORMAT_TEXT, "text stays text");

    const char *srt = "1\n00:00:01,500 --> 00:00:03,000\n<i>Hello</i> there\nsecond line\n\n"
                      "2\n01:02:03,250 --> 01:02:05,000\nAgent: read me the code\n";
    CHECK(parse(&t, SC_FORMAT_SRT, srt, &err) == 0, "SRT parses");
    CHECK(t.turns.len == 2 && !strcmp(turn_text(&t, 0), "Hello there\nsecond line"), "SRT: a cue is a turn, tags gone");
    CHECK(SC_VEC_AT(&t.turns, sc_turn, 0)->time == 1.5, "SRT: start time");
    CHECK(SC_VEC_AT(&t.turns, sc_turn, 1)->time == 3723.25, "SRT: hours");
    CHECK(SC_VEC_AT(&t.segments, sc_segment, 1)->line == 4, "SRT: lines of the file");
    CHECK(t.speakers.len == 1 && !strcmp(turn_text(&t, 1), "read me the code"), "SRT: a Label: in a cue is its speaker");
    sc_transcript_free(&t);

    const char *vtt = "WEBVTT - a call\n\nNOTE this is\na comment\n\nSTYLE\n::cue { color: red }\n\n"
                      "id-1\n00:01.000 --> 00:02.000 align:start\n<v.loud Mary Smith>Hi &amp; welcome</v>\n\n"
                      "00:03.000 --> 00:04.000\nplain cue\n";
    CHECK(parse(&t, SC_FORMAT_VTT, vtt, &err) == 0, "WebVTT parses");
    CHECK(t.turns.len == 2, "WebVTT: NOTE and STYLE blocks skipped");
    CHECK(t.speakers.len == 1 && !strcmp(SC_VEC_AT(&t.speakers, sc_speaker, 0)->label, "Mary Smith"),
          "WebVTT: <v> names the speaker, classes skipped");
    CHECK(!strcmp(turn_text(&t, 0), "Hi & welcome") && SC_VEC_AT(&t.turns, sc_turn, 0)->time == 1.0,
          "WebVTT: entities decoded, minutes:seconds times");
    CHECK(SC_VEC_AT(&t.turns, sc_turn, 1)->speaker == -1, "WebVTT: a cue without a voice has no speaker");
    sc_transcript_free(&t);

    /* Short blocks: a bare NOTE is skipped, four bytes are not read as STYLE
     * (fuzzing found the overread: tests/fuzz/regressions/vtt-short-note-block). */
    CHECK(parse(&t, SC_FORMAT_VTT, "WEBVTT\n\nNOTE\n\n00:01.000 --> 00:02.000\nhi\n", &err) == 0 && t.turns.len == 1,
          "WebVTT: a bare NOTE block");
    sc_transcript_free(&t);
    CHECK(parse(&t, SC_FORMAT_VTT, "WEBVTT\n\nC_-e\n", &err) == -1 && err.line == 3, "WebVTT: a short block that is no cue");
    CHECK(parse(&t, SC_FORMAT_SRT, "1\n00:00:01,000 -> 00:00:02,000\nhi\n", &err) == -1 && err.line == 1,
          "SRT: a cue without --> names its line");
    CHECK(parse(&t, SC_FORMAT_SRT, "1\nsoon --> later\nhi\n", &err) == -1 && err.line == 2,
          "SRT: a bad timestamp names its line");

    const char *json = "{\"text\": \"all of it\",\n \"segments\": [\n"
                       "  {\"start\": 0.5, \"text\": \" first\", \"speaker\": \"SPEAKER_00\"},\n"
                       "  {\"start\": 2.0, \"text\": \" second\"}\n]}";
    CHECK(parse(&t, SC_FORMAT_WHISPER_JSON, json, &err) == 0, "Whisper JSON parses");
    CHECK(t.turns.len == 2 && !strcmp(turn_text(&t, 0), "first") && SC_VEC_AT(&t.turns, sc_turn, 1)->time == 2.0,
          "Whisper: segments are turns with times");
    CHECK(SC_VEC_AT(&t.segments, sc_segment, 0)->line == 3 && SC_VEC_AT(&t.segments, sc_segment, 1)->line == 4,
          "Whisper: each segment's line in the file");
    CHECK(t.speakers.len == 1 && SC_VEC_AT(&t.turns, sc_turn, 1)->speaker == -1, "Whisper: speaker when given");
    sc_transcript_free(&t);
    CHECK(parse(&t, SC_FORMAT_WHISPER_JSON, "{\"segments\": [\n{\"start\": 1,}\n]}", &err) == -1 && err.line >= 2,
          "Whisper: invalid JSON names a line");
    CHECK(parse(&t, SC_FORMAT_WHISPER_JSON, "{\"text\": \"x\"}", &err) == -1 && strstr(err.message, "segments"),
          "Whisper: no segments is an error");
    sc_arena_free(&arena);
    UNIT_END();
}
