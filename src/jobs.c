/* A small pool of worker threads fed in order, whose results come out in the
 * order they went in. A window bounds how far work may run ahead of output,
 * so memory stays flat however many inputs there are. */
#include <pthread.h>
#include <stdlib.h>

#include "cli.h"

struct pipeline {
    int n_threads;
    size_t window;
    job **slots;                /* window slots, by seq % window */
    size_t next_seq;            /* next job submitted */
    size_t next_take;           /* next job a worker picks up */
    size_t next_emit;           /* next job to come out */
    int closing;
    pthread_mutex_t lock;
    pthread_cond_t work_ready, space_free;
    pthread_t *threads;
    job_fn work, emit;
    void *ctx;
};

/* Emits every finished job at the head of the window. Called with the lock. */
static void drain(pipeline *p)
{
    while (p->next_emit < p->next_seq) {
        job *j = p->slots[p->next_emit % p->window];
        if (!j || !j->done)
            break;
        p->slots[p->next_emit % p->window] = NULL;
        p->next_emit++;
        p->emit(p->ctx, j);
        pthread_cond_broadcast(&p->space_free);
    }
}

static void *worker(void *arg)
{
    pipeline *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->next_take == p->next_seq && !p->closing)
            pthread_cond_wait(&p->work_ready, &p->lock);
        if (p->next_take == p->next_seq)
            break;
        job *j = p->slots[p->next_take++ % p->window];
        pthread_mutex_unlock(&p->lock);
        p->work(p->ctx, j);
        pthread_mutex_lock(&p->lock);
        j->done = 1;
        drain(p);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

pipeline *pipeline_new(int n_threads, job_fn work, job_fn emit, void *ctx)
{
    pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n_threads = n_threads < 1 ? 1 : n_threads;
    p->window = 32 * (size_t)p->n_threads;
    p->work = work;
    p->emit = emit;
    p->ctx = ctx;
    if (p->n_threads == 1)
        return p;               /* one job at a time on the caller's thread */
    p->slots = calloc(p->window, sizeof *p->slots);
    p->threads = calloc((size_t)p->n_threads, sizeof *p->threads);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work_ready, NULL);
    pthread_cond_init(&p->space_free, NULL);
    for (int i = 0; i < p->n_threads; i++)
        if (pthread_create(&p->threads[i], NULL, worker, p)) {
            /* Fewer threads than asked still do all the work. */
            p->n_threads = i;
            break;
        }
    if (p->n_threads == 0) {
        p->n_threads = 1;
        p->slots = NULL;
    }
    return p;
}

void pipeline_submit(pipeline *p, job *j)
{
    if (!p->threads || !p->slots) {
        p->next_seq++;
        p->work(p->ctx, j);
        j->done = 1;
        p->emit(p->ctx, j);
        return;
    }
    pthread_mutex_lock(&p->lock);
    while (p->next_seq - p->next_emit >= p->window)
        pthread_cond_wait(&p->space_free, &p->lock);
    j->done = 0;
    p->slots[p->next_seq++ % p->window] = j;
    pthread_cond_signal(&p->work_ready);
    pthread_mutex_unlock(&p->lock);
}

void pipeline_finish(pipeline *p)
{
    if (p->threads && p->slots) {
        pthread_mutex_lock(&p->lock);
        p->closing = 1;
        pthread_cond_broadcast(&p->work_ready);
        pthread_mutex_unlock(&p->lock);
        for (int i = 0; i < p->n_threads; i++)
            pthread_join(p->threads[i], NULL);
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->work_ready);
        pthread_cond_destroy(&p->space_free);
    }
    free(p->threads);
    free(p->slots);
    free(p);
}

size_t pipeline_submitted(const pipeline *p)
{
    return p->next_seq;
}
