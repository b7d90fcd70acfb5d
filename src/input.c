/* Reading a transcript into memory in one go. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int input_read(const char *path, char **buf, size_t *len, sc_error *err)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        snprintf(err->message, sizeof err->message, "cannot read: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        snprintf(err->message, sizeof err->message, "is a folder");
        return -1;
    }
    size_t cap = !is_stdin && fstat(fileno(f), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    char *b = malloc(cap);
    size_t n = 0;
    int bad = !b;
    while (!bad) {
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                bad = 1;
                break;
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            bad = ferror(f);
            break;
        }
    }
    int saved = errno;
    if (!is_stdin)
        fclose(f);
    if (bad) {
        free(b);
        snprintf(err->file, sizeof err->file, "%s", path);
        err->line = err->column = 0;
        snprintf(err->message, sizeof err->message, "cannot read: %s",
                 strerror(saved ? saved : ENOMEM));
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}
