/* Walking the inputs: paths as given, folders recursively in sorted order.
 * Only the chain of folders being walked is held in memory, so memory does
 * not grow with the number of files. */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct frame {
    char *path;                 /* the folder, as it will prefix its entries */
    char **names;               /* sorted entries */
    size_t n, next;
    dev_t dev;
    ino_t ino;
} frame;

struct walker {
    const walk_options *o;
    const char *const *roots;
    size_t n_roots, next_root;
    frame *stack;
    size_t depth, cap;
    size_t root_len;            /* length of the current root, for relative globs */
    walk_stats stats;
};

walker *walker_new(const walk_options *o, const char *const *roots, size_t n_roots)
{
    walker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->o = o;
    w->roots = roots;
    w->n_roots = n_roots;
    return w;
}

static void pop(walker *w)
{
    frame *f = &w->stack[--w->depth];
    for (size_t i = f->next; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    free(f->path);
}

void walker_free(walker *w)
{
    if (!w)
        return;
    while (w->depth)
        pop(w);
    free(w->stack);
    free(w);
}

const walk_stats *walker_stats(const walker *w)
{
    return &w->stats;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_error(walk_item *item, const char *path, int code, const char *what)
{
    item->path = strdup(path);
    item->error = 1;
    snprintf(item->message, sizeof item->message, "%s: %s", what, strerror(code));
}

/* Opens a folder and pushes it; on failure fills item with the error. */
static int push(walker *w, const char *path, const struct stat *st, walk_item *item)
{
    DIR *d = opendir(path);
    if (!d) {
        set_error(item, path, errno, "cannot read folder");
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    if (w->depth == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->stack = realloc(w->stack, w->cap * sizeof *w->stack);
    }
    frame *f = &w->stack[w->depth++];
    size_t len = strlen(path);
    /* "dir/" given by the user keeps a single slash in what we print. */
    while (len > 1 && path[len - 1] == '/')
        len--;
    f->path = strndup(path, len);
    f->names = names;
    f->n = n;
    f->next = 0;
    f->dev = st->st_dev;
    f->ino = st->st_ino;
    return 0;
}

static int glob_hit(const char *const *globs, size_t n, const char *name, const char *rel)
{
    for (size_t i = 0; i < n; i++) {
        /* A glob with a slash matches the path below the root, else the name. */
        if (strchr(globs[i], '/') ? fnmatch(globs[i], rel, FNM_PATHNAME) == 0
                                  : fnmatch(globs[i], name, 0) == 0)
            return 1;
    }
    return 0;
}

static int on_stack(const walker *w, const struct stat *st)
{
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino)
            return 1;
    return 0;
}

/* The next entry of the innermost folder: 1 with an item, 0 when a folder
 * was entered or an entry skipped (call again), -1 when the stack is empty. */
static int step(walker *w, walk_item *item)
{
    if (!w->depth)
        return -1;
    frame *f = &w->stack[w->depth - 1];
    if (f->next == f->n) {
        pop(w);
        return 0;
    }
    char *name = f->names[f->next++];
    size_t plen = strlen(f->path) + strlen(name) + 2;
    char *path = malloc(plen);
    snprintf(path, plen, "%s%s%s", f->path, strcmp(f->path, "/") ? "/" : "", name);
    const char *rel = path + (w->root_len < strlen(path) ? w->root_len : 0);
    while (*rel == '/')
        rel++;
    int rc = 0;
    struct stat st;
    if (name[0] == '.' && !w->o->hidden) {
        w->stats.hidden++;
        goto out;
    }
    if (lstat(path, &st)) {
        /* Gone since the folder was listed, too: the listing promised a
         * result for it, so it gets an error record. */
        set_error(item, path, errno, "cannot read");
        rc = 1;
        goto out;
    }
    if (S_ISLNK(st.st_mode)) {
        if (!w->o->follow) {
            w->stats.links++;
            goto out;
        }
        if (stat(path, &st)) {
            set_error(item, path, errno, "broken link");
            rc = 1;
            goto out;
        }
    }
    if (glob_hit(w->o->exclude, w->o->n_exclude, name, rel)) {
        w->stats.excluded++;
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        if (on_stack(w, &st)) {
            /* A link back to a folder we are inside: walking it would never end. */
            w->stats.loops++;
            item->path = path;
            item->loop = 1;
            path = NULL;
            rc = 1;
            goto out;
        }
        if (push(w, path, &st, item))
            rc = 1;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        w->stats.special++;
        goto out;
    }
    if (w->o->n_include && !glob_hit(w->o->include, w->o->n_include, name, rel)) {
        w->stats.excluded++;
        goto out;
    }
    item->path = path;
    item->size = (size_t)st.st_size;
    path = NULL;
    rc = 1;
out:
    free(name);
    free(path);
    return rc;
}

int walker_next(walker *w, walk_item *item)
{
    memset(item, 0, sizeof *item);
    for (;;) {
        int rc = step(w, item);
        if (rc == 1)
            return 1;
        if (rc == 0)
            continue;
        if (w->next_root == w->n_roots)
            return 0;
        /* The next path as given: a file is checked whatever its name. */
        const char *root = w->roots[w->next_root++];
        struct stat st;
        if (!strcmp(root, "-")) {
            item->path = strdup(root);
            item->explicit = 1;
            return 1;
        }
        if (stat(root, &st)) {
            set_error(item, root, errno, "cannot read");
            item->explicit = 1;
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            w->root_len = strlen(root);
            if (push(w, root, &st, item)) {
                item->explicit = 1;
                return 1;
            }
            continue;
        }
        item->path = strdup(root);
        item->explicit = 1;
        item->size = (size_t)st.st_size;
        return 1;
    }
}
