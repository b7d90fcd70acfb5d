/* A tiny test harness: each CHECK prints "ok NAME" or "FAIL NAME: file:line",
 * and tests/run counts those lines. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed;

#define CHECK(cond, name)                                                        \
    do {                                                                         \
        if (cond) {                                                              \
            printf("ok %s\n", name);                                             \
        } else {                                                                 \
            printf("FAIL %s: %s:%d: %s\n", name, __FILE__, __LINE__, #cond);     \
            unit_failed = 1;                                                     \
        }                                                                        \
    } while (0)

#define UNIT_END() return unit_failed

#endif
