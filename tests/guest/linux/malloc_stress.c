/* expect-status: 0 */
/*
 * malloc_stress - a fixed pseudo-random sequence of malloc, calloc, realloc and free over 1
 * byte to 300 KiB (both sides of the mmap threshold), with every live block's contents checked
 * before it is freed or resized. Prints a checksum of all data, which depends only on the
 * sequence, never on addresses. Large blocks (always mapped: the threshold is fixed) are
 * resized by hand, as glibc's realloc of a mapped block uses mremap, which the first slice of
 * the personality does not have.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define SLOTS                256
#define OPERATIONS           20000
#define LARGE_EVERY          50 /* one request in LARGE_EVERY is large */
#define SMALL_MAX            2048
#define LARGE_MIN            (128 * 1024)
#define MMAP_THRESHOLD_BYTES (128 * 1024) /* glibc's initial value, kept from moving up */

struct slot {
    unsigned char *data;
    size_t size;
    unsigned char tag;
};

static struct slot slots[SLOTS];
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

/* xorshift64: deterministic and the same everywhere. */
static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t random_size(void)
{
    if (next_random() % LARGE_EVERY == 0) {
        return LARGE_MIN + next_random() % (172 * 1024);
    }
    return 1 + next_random() % SMALL_MAX;
}

static int slot_intact(const struct slot *s, size_t upto)
{
    for (size_t k = 0; k < upto; k++) {
        if (s->data[k] != (unsigned char)(s->tag + k)) {
            return 0;
        }
    }
    return 1;
}

static void slot_fill(struct slot *s, size_t from)
{
    for (size_t k = from; k < s->size; k++) {
        s->data[k] = (unsigned char)(s->tag + k);
    }
}

static uint64_t checksum;

static void slot_release(struct slot *s)
{
    CHECK(slot_intact(s, s->size));
    for (size_t k = 0; k < s->size; k += 61) {
        checksum = checksum * 31 + s->data[k];
    }
    free(s->data);
    s->data = NULL;
}

static void step(int op)
{
    struct slot *s = &slots[next_random() % SLOTS];
    unsigned choice = (unsigned)(next_random() % 4);
    if (s->data != NULL && choice == 0) {
        slot_release(s);
        return;
    }
    if (s->data != NULL) {
        size_t size = random_size();
        CHECK(slot_intact(s, s->size));
        unsigned char *p;
        if (s->size > SMALL_MAX) {
            p = malloc(size);
            CHECK(p != NULL);
            memcpy(p, s->data, size < s->size ? size : s->size);
            free(s->data);
        } else {
            p = realloc(s->data, size);
            CHECK(p != NULL);
        }
        s->data = p;
        size_t kept = size < s->size ? size : s->size;
        CHECK(slot_intact(s, kept));
        s->size = size;
        slot_fill(s, kept);
        return;
    }
    s->size = random_size();
    s->tag = (unsigned char)op;
    if (choice == 1) {
        s->data = calloc(1, s->size);
        CHECK(s->data != NULL && s->data[s->size - 1] == 0 && s->data[0] == 0);
    } else {
        s->data = malloc(s->size);
        CHECK(s->data != NULL);
    }
    slot_fill(s, 0);
}

int main(void)
{
    CHECK(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1);
    for (int op = 0; op < OPERATIONS; op++) {
        step(op);
    }
    int live = 0;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].data != NULL) {
            live++;
            slot_release(&slots[i]);
        }
    }
    printf("%d operations, %d blocks live at the end, checksum %016llx\n", OPERATIONS, live,
           (unsigned long long)checksum);
    return check_finish("malloc_stress", 0);
}
