/* atoms.c and prefilter.c: the literals each pattern needs, and that the
 * prefilter never changes a result. */
#include <dirent.h>
#include <stdlib.h>

#include "internal.h"
#include "unit.h"

/* The atoms of pattern, sorted and joined by spaces; "ALWAYS" when none. */
static int last_bound;

static void sort_join(char **list, size_t n, char *buf)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(list[j], list[i]) < 0) {
                char *t = list[i];
                list[i] = list[j];
                list[j] = t;
            }
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, list[i]);
    }
}

/* "anchors | filters" of pattern, each sorted; "ALWAYS" when none. The
 * anchors' bound goes to last_bound. */
static const char *atoms(const char *pattern)
{
    static char buf[2048];
    char a[1024], f[1024];
    sc_atoms at;
    if (sc_atoms_extract(pattern, &at))
        return "ALWAYS";
    sort_join(at.anchor, at.n_anchor, a);
    sort_join(at.filter, at.n_filter, f);
    last_bound = at.bound;
    snprintf(buf, sizeof buf, "%s|%s", a, f);
    sc_atoms_free(&at);
    return buf;
}

#define ATOMS(pattern, want) CHECK(!strcmp(atoms(pattern), want), "atoms of " pattern)
#define ATOMS_AT(pattern, want, bound)                                                    \
    CHECK(!strcmp(atoms(pattern), want) && last_bound == (bound), "atoms and bound of " pattern)

/* Appends a string to a vector of chars; 0 when out of memory. */
static int append(sc_vec *v, const char *text)
{
    for (; *text; text++) {
        char *c = sc_vec_push(v);
        if (!c)
            return 0;
        *c = *text;
    }
    return 1;
}

int main(void)
{
    ATOMS("\\bPassword\\b", "password|");
    ATOMS("any ?desk", "desk|");
    ATOMS("team\\s*viewer", "team|viewer");
    ATOMS("(?:gift|itunes|steam)\\s+cards?", "gift itunes steam|");
    ATOMS("colou?r", "colo|");
    ATOMS("ab+c", "ab|");
    ATOMS("abc(?:def)*gh", "abc|");
    ATOMS("x{2}yz", "yz|");
    ATOMS("(?i)hello", "hello|");
    ATOMS("(?:a|b)c", "ALWAYS");
    ATOMS("(?:password|\\w+)", "ALWAYS");
    ATOMS("\\Qa.b\\E\\s+c", "a.b|");
    ATOMS("call\\.me", "call.me|");
    ATOMS("\\x41bc", "abc|");
    ATOMS("(?=.*secret)code", "code|");
    ATOMS("(?<name>bitcoin|btc)\\s+atm", "bitcoin btc|");
    ATOMS("(?x) a b c", "ALWAYS");
    ATOMS("(?(1)a|b)", "ALWAYS");
    ATOMS("pa[sz]{2}word", "word|");
    ATOMS("caf\xc3\xa9 au lait", " au lait|");
    ATOMS("[abc]+", "ALWAYS");
    ATOMS("", "ALWAYS");
    ATOMS("(unclosed", "ALWAYS");

    /* Anchors and how far before them a match can start; filters where the
     * anchors are common words. */
    ATOMS_AT("\\bgive\\s+me", "give|", 0);
    ATOMS_AT("xy\\s+password", "xy|password", 0);
    ATOMS_AT("\\w+\\s+password", "|password", -1);
    ATOMS_AT("..pass", "pass|", 8);
    ATOMS_AT("any ?desk", "desk|", 16);
    ATOMS_AT("(?:hi\\s)?hello", "hello|", 12);
    ATOMS_AT("(?:a|bb)\\s+word", "|word", -1);
    ATOMS_AT("(?:we|our\\s+team)\\s+(?:found|saw)", "our we|found saw", 0);
    ATOMS_AT("(?:[\\w']+\\s+){0,2}(?:virus|malware)", "|malware virus", -1);
    ATOMS_AT("(?:[a-z]\\s){0,2}(?:virus|malware)", "malware virus|", 16);
    ATOMS_AT("\\b(?:you|your)\\s+(?:\\w+\\s+){0,3}tax\\s+fraud", "you your|fraud", 0);

    /* The prefilter on and off give the same results on varied text. */
    static const char *rules_text =
        "rules:\n"
        "  - {id: r1, sign: credential_request, description: d, weight: 10, patterns: ['\\bany\\s?desk\\b', 'team\\s*viewer']}\n"
        "  - {id: r2, sign: urgency, description: d, weight: 10, patterns: ['(?:right|straight)\\s+(?:now|away)']}\n"
        "  - {id: r3, sign: pitch, description: d, weight: 10, patterns: ['gift\\s+cards?', '\\b\\d{3,}\\s+dollars']}\n"
        "  - {id: r4, sign: unknown_caller, description: d, weight: 10, speaker: other, patterns: ['calling\\s+from\\s+(?:the\\s+)?\\w+']}\n";
    static const char *texts[] = {
        "Caller: hi I am calling from Microsoft\nMe: ok\nCaller: download AnyDesk right\nnow please",
        "ANYDESK anydesk any desk TeamViewer team   viewer",
        "buy gift cards for 500 dollars straight away",
        "nothing to see here",
        "Caller: gift\nMe: cards",
        "calling from the bank about 1000 dollars\nright now",
    };
    sc_error err;
    sc_rules *on = sc_rules_new(), *off = sc_rules_new();
    int loaded = !sc_rules_add_builtin(on, &err) && !sc_rules_add_buffer(on, "p.yaml", rules_text, strlen(rules_text), &err) &&
                 !sc_rules_compile(on, &err) && !sc_rules_add_builtin(off, &err) &&
                 !sc_rules_add_buffer(off, "p.yaml", rules_text, strlen(rules_text), &err) && !sc_rules_compile(off, &err);
    CHECK(loaded, "rule sets load");
    sc_rules_set_prefilter(off, 0);
    for (size_t i = 0; loaded && i < sizeof texts / sizeof *texts; i++) {
        sc_result *a, *b;
        sc_check(on, "t", texts[i], strlen(texts[i]), &a, &err);
        sc_check(off, "t", texts[i], strlen(texts[i]), &b, &err);
        int same = sc_result_score(a) == sc_result_score(b) && sc_result_sign_count(a) == sc_result_sign_count(b);
        for (size_t s = 0; same && s < sc_result_sign_count(a); s++) {
            const sc_sign_result *x = sc_result_sign(a, s), *y = sc_result_sign(b, s);
            same = x->n_evidence == y->n_evidence;
            for (size_t k = 0; same && k < x->n_evidence; k++)
                same = x->evidence[k].line == y->evidence[k].line && !strcmp(x->evidence[k].rule, y->evidence[k].rule);
        }
        char name[64];
        snprintf(name, sizeof name, "prefilter on and off agree on text %zu", i);
        CHECK(same, name);
        sc_result_free(a);
        sc_result_free(b);
    }
    sc_rules_free(on);
    sc_rules_free(off);

    /* A rule set whose automaton needs more than 65,536 states (so 32-bit
     * states, not 16-bit) still finds what it should. Words are made from a
     * counter, so they share few prefixes. */
    {
        sc_vec yaml;
        sc_vec_init(&yaml, 1);
        const char *head = "signs:\n  - {id: pitch, name: P, advice: a, cap: 25}\nrules:\n";
        int ok = append(&yaml, head);
        char word[40], line[512];
        for (int r = 0; r < 500 && ok; r++) {
            int n = snprintf(line, sizeof line, "  - {id: big%d, sign: pitch, description: d, weight: 10, patterns: [", r);
            for (int k = 0; k < 8; k++) {
                unsigned v = (unsigned)(r * 8 + k) * 2654435761u;
                for (int j = 0; j < 24; j++, v = v * 1103515245u + 12345u)
                    word[j] = (char)('a' + (v >> 16) % 26);
                word[24] = 0;
                n += snprintf(line + n, sizeof line - (size_t)n, "%s'%s'", k ? ", " : "", word);
            }
            snprintf(line + n, sizeof line - (size_t)n, "]}\n");
            ok = append(&yaml, line);
        }
        /* The last word made above, in a sentence: rule big499 must fire. */
        char text[128];
        snprintf(text, sizeof text, "Caller: please say %s now", word);
        sc_rules *wide = sc_rules_new(), *plain = sc_rules_new();
        int built = ok && !sc_rules_add_buffer(wide, "big.yaml", yaml.items, yaml.len, &err) &&
                    !sc_rules_compile(wide, &err) &&
                    !sc_rules_add_buffer(plain, "big.yaml", yaml.items, yaml.len, &err) &&
                    !sc_rules_compile(plain, &err);
        if (!built)
            printf("# %s\n", err.message);
        CHECK(built, "a rule set of 4,000 distinct words loads");
        sc_rules_set_prefilter(plain, 0);
        sc_result *a = NULL, *b = NULL;
        if (built && !sc_check(wide, "t", text, strlen(text), &a, &err) &&
            !sc_check(plain, "t", text, strlen(text), &b, &err)) {
            CHECK(sc_result_score(a) == 10 && sc_result_score(b) == 10,
                  "a 32-bit automaton finds the last word of 4,000");
        } else {
            CHECK(0, "a 32-bit automaton finds the last word of 4,000");
        }
        sc_result_free(a);
        sc_result_free(b);
        sc_rules_free(wide);
        sc_rules_free(plain);
        sc_vec_free(&yaml);
    }

    /* And with the built-in rules on every fixture and example. */
    on = sc_rules_new();
    off = sc_rules_new();
    sc_rules_add_builtin(on, &err);
    sc_rules_compile(on, &err);
    sc_rules_add_builtin(off, &err);
    sc_rules_compile(off, &err);
    sc_rules_set_prefilter(off, 0);
    static const char *const dirs[] = {"tests/fixtures", "examples"};
    int files = 0, differ = 0;
    for (size_t d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        struct dirent *de;
        while (dir && (de = readdir(dir))) {
            size_t l = strlen(de->d_name);
            if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dirs[d], de->d_name);
            FILE *f = fopen(path, "rb");
            static char buf[1 << 20];
            size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
            if (f)
                fclose(f);
            sc_result *a, *b;
            if (sc_check(on, path, buf, n, &a, &err) || sc_check(off, path, buf, n, &b, &err))
                continue;
            files++;
            int same = sc_result_score(a) == sc_result_score(b) &&
                       sc_result_sign_count(a) == sc_result_sign_count(b);
            for (size_t i = 0; same && i < sc_result_sign_count(a); i++) {
                const sc_sign_result *x = sc_result_sign(a, i), *y = sc_result_sign(b, i);
                same = x->n_evidence == y->n_evidence;
                for (size_t k = 0; same && k < x->n_evidence; k++)
                    same = x->evidence[k].line == y->evidence[k].line &&
                           x->evidence[k].column == y->evidence[k].column &&
                           !strcmp(x->evidence[k].rule, y->evidence[k].rule);
            }
            if (!same) {
                printf("# prefilter changes the result of %s\n", path);
                differ++;
            }
            sc_result_free(a);
            sc_result_free(b);
        }
        if (dir)
            closedir(dir);
    }
    CHECK(files >= 20 && differ == 0, "prefilter on and off agree on every fixture and example");
    sc_rules_free(on);
    sc_rules_free(off);
    UNIT_END();
}
