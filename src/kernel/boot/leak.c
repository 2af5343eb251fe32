/*
 * boot/leak.c - counting what the allocators have handed out (see leak.h).
 */
#define VX_SUBSYSTEM "leak"
#include "kernel/boot/leak.h"

#include "kernel/mm/frame.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"

static void drain_here(void *arg)
{
    slab_cpu_drain();
    frame_cpu_drain();
}

static void add_active(struct slab_cache *c, void *arg)
{
    struct slab_stats st;
    slab_cache_get_stats(c, &st);
    *(uint64_t *)arg += st.active;
}

void leak_count(struct leak_counts *out)
{
    struct frame_stats fs;
    sched_on_each_cpu(drain_here, NULL);
    slab_reclaim();
    frame_get_stats(&fs);
    out->free_frames = fs.free_frames;
    out->slab_objects = 0;
    slab_for_each_cache(add_active, &out->slab_objects);
}
