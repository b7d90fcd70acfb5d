/* Command-line options. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

void options_usage(FILE *out)
{
    fputs("Usage: scamcheck [OPTIONS] [FILE...]\n"
          "Check call transcripts for the warning signs of a scam call.\n"
          "With no FILE, or when FILE is -, read standard input.\n"
          "\n"
          "Inputs:\n"
          "  A FILE that is a folder is walked recursively, in sorted order.\n"
          "      --hidden             also check hidden files and folders (names starting with .)\n"
          "      --include GLOB       only check files whose name (or path, if GLOB has a /)\n"
          "                           matches GLOB (repeatable)\n"
          "      --exclude GLOB       skip files and folders matching GLOB (repeatable)\n"
          "  -L, --follow             follow symbolic links (link loops are detected)\n"
          "      --input-format FMT   text, srt, vtt, whisper-json (a file is a transcript; by\n"
          "                           default guessed from its extension and content) or\n"
          "                           jsonl (each line is {\"id\", \"text\", \"metadata\"})\n"
          "  -j, --jobs N             check N files at once (default: the number of cores)\n"
          "      --max-size SIZE      refuse inputs larger than SIZE (bytes, or with K, M, G;\n"
          "                           default 256M): an error for that input, the rest go on\n"
          "  Binary files (images, audio, archives, mostly control bytes) are skipped in\n"
          "  folders and an error when named. UTF-16 text (with a byte order mark) is read.\n"
          "\n"
          "Rules:\n"
          "      --rules PATH         add a rule file, or every *.yaml in a folder (repeatable)\n"
          "      --no-default-rules   drop the built-in rules (their sign definitions stay)\n"
          "      --list-rules         list the loaded rules and exit (text, or --format json)\n"
          "      --test-rules [PATH...]  check the examples of every rule (the built-in set, or\n"
          "                           the rule files or folders given) and exit\n"
          "      --home-country CC    the person's country (ISO code, e.g. NO): a caller_number\n"
          "                           from elsewhere is a call fact (caller_abroad)\n"
          "      --known-numbers FILE numbers the person knows, one a line: a caller_number\n"
          "                           among them makes the caller known (known_caller)\n"
          "      --lang CODE          read every transcript as this language (en, no...) instead\n"
          "                           of its front matter's `language` or what its words suggest\n"
          "\n"
          "Output:\n"
          "  -f, --format FORMAT      text (default), json (one document), jsonl (a result a\n"
          "                           line) or sarif (SARIF 2.1.0, a result per evidence)\n"
          "      --fail-on VERDICT    exit 1 when a transcript is at least VERDICT:\n"
          "                           suspicious or scam (default scam); never: only errors\n"
          "                           set the exit status (for Hadoop, Spark and other mappers)\n"
          "  -q, --quiet              print nothing; the exit status tells\n"
          "      --color WHEN         colour the text output: auto (on a terminal, unless\n"
          "                           NO_COLOR is set; the default), always or never\n"
          "  -l, --files-with-verdict print only the names of inputs at or above the --fail-on\n"
          "                           verdict, one a line\n"
          "      --summary            add totals: verdicts, files per sign, skipped, errors\n"
          "      --live               read one call (FILE or stdin) a line at a time as it is\n"
          "                           transcribed; tell each warning sign and each rise of the\n"
          "                           verdict at once, then the final verdict (jsonl: events)\n"
          "      --expectations       check each transcript's verdict against the `expect` of its\n"
          "                           front matter instead of --fail-on: print each mismatch and\n"
          "                           the counts met, mismatched and unchecked; exit 1 on any\n"
          "                           mismatch (--check-expect is the same)\n"
          "\n"
          "      --config FILE        default options from FILE (else .scamcheck.yaml in this\n"
          "                           folder or a parent); the command line wins\n"
          "  -h, --help               show this help\n"
          "  -V, --version            show the version\n"
          "\n"
          "Exit status: 0 when no transcript reached the --fail-on verdict, 1 when one did,\n"
          "2 on any error (bad usage, unreadable input, invalid rules), even if others were checked.\n",
          out);
}

static int push(const char ***list, size_t *n, const char *item)
{
    const char **l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l)
        return -1;
    l[(*n)++] = item;
    *list = l;
    return 0;
}

int options_parse(options *o, int argc, char **argv, char *err, size_t err_len)
{
    enum { OPT_RULES = 256, OPT_NO_DEFAULT, OPT_LIST, OPT_TEST, OPT_FAIL_ON, OPT_HIDDEN,
           OPT_INCLUDE, OPT_EXCLUDE, OPT_SUMMARY, OPT_INPUT_FORMAT, OPT_CHECK_EXPECT, OPT_LANG,
           OPT_HOME, OPT_KNOWN, OPT_COLOR, OPT_CONFIG, OPT_LIVE, OPT_MAX_SIZE };
    static const struct option longs[] = {
        {"rules", required_argument, 0, OPT_RULES},
        {"no-default-rules", no_argument, 0, OPT_NO_DEFAULT},
        {"list-rules", no_argument, 0, OPT_LIST},
        {"test-rules", no_argument, 0, OPT_TEST},
        {"format", required_argument, 0, 'f'},
        {"fail-on", required_argument, 0, OPT_FAIL_ON},
        {"quiet", no_argument, 0, 'q'},
        {"jobs", required_argument, 0, 'j'},
        {"hidden", no_argument, 0, OPT_HIDDEN},
        {"include", required_argument, 0, OPT_INCLUDE},
        {"exclude", required_argument, 0, OPT_EXCLUDE},
        {"follow", no_argument, 0, 'L'},
        {"files-with-verdict", no_argument, 0, 'l'},
        {"summary", no_argument, 0, OPT_SUMMARY},
        {"check-expect", no_argument, 0, OPT_CHECK_EXPECT},
        {"expectations", no_argument, 0, OPT_CHECK_EXPECT},
        {"lang", required_argument, 0, OPT_LANG},
        {"color", required_argument, 0, OPT_COLOR},
        {"colour", required_argument, 0, OPT_COLOR},
        {"config", required_argument, 0, OPT_CONFIG},
        {"live", no_argument, 0, OPT_LIVE},
        {"home-country", required_argument, 0, OPT_HOME},
        {"known-numbers", required_argument, 0, OPT_KNOWN},
        {"input-format", required_argument, 0, OPT_INPUT_FORMAT},
        {"max-size", required_argument, 0, OPT_MAX_SIZE},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0},
    };
    memset(o, 0, sizeof *o);
    o->fail_on = SC_SCAM;
    o->max_size = DEFAULT_MAX_SIZE;
    o->color = -1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores > 0 ? (int)cores : 1;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":f:qhVj:Ll", longs, NULL)) != -1) {
        switch (c) {
        case OPT_RULES:
            if (push(&o->rule_paths, &o->n_rule_paths, optarg))
                goto oom;
            break;
        case OPT_NO_DEFAULT:
            o->no_default_rules = 1;
            break;
        case OPT_LIST:
            o->list_rules = 1;
            break;
        case OPT_TEST:
            o->test_rules = 1;
            break;
        case 'f':
            if (!strcmp(optarg, "text"))
                o->format = FORMAT_TEXT;
            else if (!strcmp(optarg, "json"))
                o->format = FORMAT_JSON;
            else if (!strcmp(optarg, "jsonl"))
                o->format = FORMAT_JSONL;
            else if (!strcmp(optarg, "sarif"))
                o->format = FORMAT_SARIF;
            else {
                snprintf(err, err_len, "unknown format '%s' (text, json, jsonl or sarif)", optarg);
                return -1;
            }
            break;
        case OPT_FAIL_ON: {
            int v = !strcmp(optarg, "never") ? FAIL_NEVER : sc_verdict_parse(optarg);
            if (v != SC_SUSPICIOUS && v != SC_SCAM && v != FAIL_NEVER) {
                snprintf(err, err_len, "--fail-on takes suspicious, scam or never, not '%s'", optarg);
                return -1;
            }
            o->fail_on = v;
            break;
        }
        case 'q':
            o->quiet = 1;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 1024) {
                snprintf(err, err_len, "--jobs takes a number from 1 to 1024, not '%s'", optarg);
                return -1;
            }
            o->jobs = (int)n;
            break;
        }
        case OPT_MAX_SIZE: {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(optarg, &end, 10);
            int shift = !strcmp(end, "") ? 0 : !strcasecmp(end, "K") ? 10 : !strcasecmp(end, "M") ? 20
                        : !strcasecmp(end, "G") ? 30 : -1;
            if (optarg[0] == '-' || end == optarg || shift < 0 || errno || n == 0 ||
                n > (SC_MAX_TRANSCRIPT >> shift)) {
                snprintf(err, err_len, "--max-size takes a size such as 500K, 64M or 1G (at most 2G), not '%s'",
                         optarg);
                return -1;
            }
            o->max_size = (size_t)(n << shift);
            break;
        }
        case OPT_HIDDEN:
            o->hidden = 1;
            break;
        case OPT_INCLUDE:
            if (push(&o->include, &o->n_include, optarg))
                goto oom;
            break;
        case OPT_EXCLUDE:
            if (push(&o->exclude, &o->n_exclude, optarg))
                goto oom;
            break;
        case 'L':
            o->follow = 1;
            break;
        case 'l':
            o->files_with_verdict = 1;
            break;
        case OPT_SUMMARY:
            o->summary = 1;
            break;
        case OPT_CHECK_EXPECT:
            o->check_expect = 1;
            break;
        case OPT_LANG:
            o->lang = optarg;
            break;
        case OPT_CONFIG:
            break;              /* read before parsing: see config.c */
        case OPT_LIVE:
            o->live = 1;
            break;
        case OPT_COLOR:
            if (!strcmp(optarg, "auto"))
                o->color = -1;
            else if (!strcmp(optarg, "always"))
                o->color = 1;
            else if (!strcmp(optarg, "never"))
                o->color = 0;
            else {
                snprintf(err, err_len, "--color takes auto, always or never, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_HOME:
            o->home_country = optarg;
            break;
        case OPT_KNOWN:
            o->known_numbers = optarg;
            break;
        case OPT_INPUT_FORMAT:
            if (!strcmp(optarg, "text"))
                o->input = INPUT_TEXT;
            else if (!strcmp(optarg, "srt"))
                o->input = INPUT_SRT;
            else if (!strcmp(optarg, "vtt"))
                o->input = INPUT_VTT;
            else if (!strcmp(optarg, "whisper-json"))
                o->input = INPUT_WHISPER;
            else if (!strcmp(optarg, "jsonl"))
                o->input = INPUT_JSONL;
            else {
                snprintf(err, err_len,
                         "unknown input format '%s' (text, srt, vtt, whisper-json or jsonl)", optarg);
                return -1;
            }
            break;
        case 'h':
            o->show_help = 1;
            break;
        case 'V':
            o->show_version = 1;
            break;
        case ':':
            snprintf(err, err_len, "option '%s' needs a value", argv[optind - 1]);
            return -1;
        default:
            snprintf(err, err_len, "unknown option '%s'", argv[optind - 1]);
            return -1;
        }
    }
    for (int i = optind; i < argc; i++)
        if (push(&o->paths, &o->n_paths, argv[i]))
            goto oom;
    return 0;
oom:
    snprintf(err, err_len, "out of memory");
    return -1;
}

void options_free(options *o)
{
    free(o->include);
    free(o->exclude);
    free(o->paths);
    free(o->rule_paths);
}
