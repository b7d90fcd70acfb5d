/* facts.c and language.c: phone numbers, country codes, language names. */
#include "internal.h"
#include "unit.h"

static const char *norm(const char *in, const char *home)
{
    static char out[64];
    return sc_phone_normalise(in, home, out, sizeof out) ? "ERROR" : out;
}

static const char *lang(const char *in)
{
    static char out[32];
    sc_language_code(in, out, sizeof out);
    return out;
}

int main(void)
{
    CHECK(!strcmp(sc_country_code("NO"), "47") && !strcmp(sc_country_code("gb"), "44"), "country codes");
    CHECK(sc_country_code("XX") == NULL, "unknown country");
    CHECK(!strcmp(norm("+47 22 12 34 56", NULL), "+4722123456"), "international with spaces");
    CHECK(!strcmp(norm("0047-22-12-34-56", NULL), "+4722123456"), "00 prefix");
    CHECK(!strcmp(norm("(020) 7946 0000", "44"), "+442079460000"), "national number with trunk 0 and home code");
    CHECK(!strcmp(norm("22123456", "47"), "+4722123456"), "national number without trunk 0");
    CHECK(!strcmp(norm("22123456", NULL), "22123456"), "national number, no home country");
    CHECK(!strcmp(norm("call me", NULL), "ERROR"), "words are not a number");
    CHECK(!strcmp(norm("12", NULL), "ERROR"), "too short");
    CHECK(!strcmp(lang("NB"), "no") && !strcmp(lang("norsk"), "no") && !strcmp(lang("English"), "en") &&
              !strcmp(lang("sv"), "sv"),
          "language names");
    UNIT_END();
}
