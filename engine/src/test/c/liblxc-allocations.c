/*
 * Counts the heap blocks liblxc allocates and nobody frees, in a process that preloads this library
 * (LD_PRELOAD). A block is counted when a frame of liblxc.so.1 is on the allocating thread's stack, or when libc
 * allocated it for a C function that JNA called directly (liblxc's struct members often tail-call strdup, which
 * leaves no liblxc frame behind; the engine calls nothing else through JNA that allocates). The JVM's own
 * allocations (JIT, GC, other threads, JNA's Memory) never enter the figure: with a fixed workload it is exact.
 *
 *   liblxc_allocations_arm(1)   start recording (the caller's process only; forked children are ignored)
 *   liblxc_allocations_arm(0)   stop recording new blocks; frees still remove recorded ones
 *   liblxc_allocations_outstanding()  recorded blocks not freed since
 *   liblxc_allocations_sites(buf, len) "site count" lines, most frequent first (see liblxc_site)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

#define SLOTS (1u << 20)
#define TOMBSTONE ((void *)1)
#define DEPTH 32

static struct { void *ptr; uintptr_t site; } table[SLOTS];
static atomic_int lock_word;
static atomic_int armed;
static atomic_long outstanding;
static pid_t armed_pid;
struct range { uintptr_t start, end; };
static struct range lxc, libc, jna;
static __thread int in_hook;

static void code_range(struct dl_phdr_info *info, struct range *r) {
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            r->start = info->dlpi_addr + ph->p_vaddr;
            r->end = r->start + ph->p_memsz;
        }
    }
}

/* liblxc, libc, and JNA's native dispatcher (wherever JNA unpacked it: found by one of its symbols). */
static int find_libraries(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size; (void)data;
    const char *name = info->dlpi_name;
    if (!name || !*name)
        return 0;
    if (strstr(name, "/liblxc.so")) {
        code_range(info, &lxc);
    } else if (strstr(name, "/libc.so.6")) {
        code_range(info, &libc);
    } else {
        void *h = dlopen(name, RTLD_NOW | RTLD_NOLOAD);
        if (h) {
            if (dlsym(h, "Java_com_sun_jna_Native_invokePointer"))
                code_range(info, &jna);
            dlclose(h);
        }
    }
    return 0;
}

static int in(struct range r, uintptr_t a) {
    return a >= r.start && a < r.end;
}

/*
 * Where liblxc allocated this block: the first liblxc frame (its offset in liblxc's code), or for libc code that
 * JNA called into, the first libc frame's offset in libc with the top bit set; 0 when liblxc had no part in it.
 */
static uintptr_t liblxc_site(void) {
    void *frames[DEPTH];
    int n = backtrace(frames, DEPTH);
    uintptr_t first_libc = 0;
    int only_libc_above = 1;
    for (int i = 1; i < n; i++) {
        uintptr_t a = (uintptr_t)frames[i];
        if (in(lxc, a))
            return a - lxc.start;
        if (in(libc, a)) {
            if (!first_libc)
                first_libc = a;
        } else if (in(jna, a) && only_libc_above && first_libc) {
            return (first_libc - libc.start) | (uintptr_t)1 << 63;
        } else {
            only_libc_above = 0; /* another library (libcap, ...) or the JVM: keep looking for liblxc below */
        }
    }
    return 0;
}

/* Only the armed process records: a child that liblxc forked or cloned never touches the table or its lock. */
static int recording_here(void) {
    return atomic_load(&armed) && getpid() == armed_pid;
}

static void lock(void) {
    int expected = 0;
    while (!atomic_compare_exchange_weak(&lock_word, &expected, 1)) {
        expected = 0;
        sched_yield();
    }
}

static void unlock(void) {
    atomic_store(&lock_word, 0);
}

static size_t slot_of(void *p) {
    return ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull >> 44 & (SLOTS - 1);
}

static void record(void *p, uintptr_t site) {
    lock();
    for (size_t i = slot_of(p), probes = 0; probes < SLOTS; i = (i + 1) & (SLOTS - 1), probes++) {
        if (table[i].ptr == NULL || table[i].ptr == TOMBSTONE) {
            table[i].ptr = p;
            table[i].site = site;
            atomic_fetch_add(&outstanding, 1);
            break;
        }
    }
    unlock();
}

static void forget(void *p) {
    if (!p || atomic_load(&outstanding) == 0 || getpid() != armed_pid)
        return;
    lock();
    for (size_t i = slot_of(p), probes = 0; table[i].ptr != NULL && probes < SLOTS; i = (i + 1) & (SLOTS - 1), probes++) {
        if (table[i].ptr == p) {
            table[i].ptr = TOMBSTONE;
            atomic_fetch_sub(&outstanding, 1);
            break;
        }
    }
    unlock();
}

static void *noted(void *p) {
    if (p && !in_hook && recording_here()) {
        in_hook = 1;
        uintptr_t site = liblxc_site();
        if (site)
            record(p, site);
        in_hook = 0;
    }
    return p;
}

void *malloc(size_t n) { return noted(__libc_malloc(n)); }
void *calloc(size_t n, size_t m) { return noted(__libc_calloc(n, m)); }
void free(void *p) { forget(p); __libc_free(p); }
void *realloc(void *p, size_t n) {
    forget(p);
    return noted(__libc_realloc(p, n));
}

void liblxc_allocations_arm(int on) {
    if (on) {
        in_hook = 1;
        void *warm[1];
        backtrace(warm, 1); /* loads the unwinder now, not inside a recorded malloc */
        dl_iterate_phdr(find_libraries, NULL);
        in_hook = 0;
        armed_pid = getpid();
    }
    atomic_store(&armed, on && lxc.end != 0 && libc.end != 0);
}

long liblxc_allocations_outstanding(void) {
    return atomic_load(&outstanding);
}

int liblxc_allocations_sites(char *buf, int len) {
    enum { MAX_SITES = 64 };
    uintptr_t sites[MAX_SITES];
    long counts[MAX_SITES];
    int n = 0, used = 0;
    lock();
    for (size_t i = 0; i < SLOTS; i++) {
        if (table[i].ptr == NULL || table[i].ptr == TOMBSTONE)
            continue;
        int k = 0;
        while (k < n && sites[k] != table[i].site)
            k++;
        if (k == n && n < MAX_SITES) {
            sites[n] = table[i].site;
            counts[n++] = 0;
        }
        if (k < n)
            counts[k]++;
    }
    unlock();
    buf[0] = 0;
    for (int done = 0; done < n; done++) {
        int best = 0;
        for (int k = 1; k < n; k++)
            if (counts[k] > counts[best])
                best = k;
        int w = snprintf(buf + used, len - used, "%#lx %ld\n", (unsigned long)sites[best], counts[best]);
        if (w < 0 || w >= len - used)
            break;
        used += w;
        counts[best] = -1;
    }
    return n;
}

/* Which libraries were found when armed: 1 liblxc, 2 libc, 4 JNA's dispatcher. */
int liblxc_allocations_available(void) {
    return (lxc.end != 0) | (libc.end != 0) << 1 | (jna.end != 0) << 2;
}
