/* libFuzzer entry point: any bytes as a rule file, then a fixed transcript
 * checked against it. Loading must fail with a message or succeed; never crash. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scamcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char call[] = "Caller: this is Microsoft, read me the code now\nMe: no\n";
    sc_error err;
    sc_rules *rules = sc_rules_new();
    if (sc_rules_add_builtin_signs(rules, &err) == 0 &&
        sc_rules_add_buffer(rules, "fuzz.yaml", (const char *)data, size, &err) == 0 &&
        sc_rules_compile(rules, &err) == 0) {
        sc_result *res;
        if (sc_check(rules, "call", call, strlen(call), &res, &err) == 0)
            sc_result_free(res);
        size_t checked;
        sc_rules_test_examples(rules, NULL, NULL, &checked, &err);
    }
    sc_rules_free(rules);
    return 0;
}
