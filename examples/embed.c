/* A program of your own that embeds the scamcheck engine. Build it against
 * an installed scamcheck with:
 *   cc embed.c $(pkg-config --cflags --libs scamcheck) -o embed
 * Usage: embed FILE  (prints the verdict, the score and the signs) */
#include <scamcheck.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: embed FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);

    sc_error err;
    sc_rules *rules = sc_rules_new();
    if (sc_rules_add_builtin(rules, &err) || sc_rules_compile(rules, &err)) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        return 2;
    }
    sc_result *res;
    if (sc_check(rules, argv[1], text, len, &res, &err)) {
        fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.message);
        sc_rules_free(rules);
        return 2;
    }
    printf("%s %d", sc_verdict_name(sc_result_verdict(res)), sc_result_score(res));
    for (size_t i = 0; i < sc_result_sign_count(res); i++) {
        const sc_sign_result *s = sc_result_sign(res, i);
        printf(" %s(line %d)", s->id, s->evidence[0].line);
    }
    printf("\n");
    int scam = sc_result_verdict(res) == SC_SCAM;
    sc_result_free(res);
    sc_rules_free(rules);
    return scam;
}
