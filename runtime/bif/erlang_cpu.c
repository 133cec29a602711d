/*
 * erlang_cpu.c - system_info's CPU items: cpu_topology (detected as erts
 * does on Linux, from /sys/devices/system/{node,cpu}), and the scheduler
 * binding items (laser never binds schedulers: unbound).
 *
 * erts builds a flat list of {cpu, Node, Processor, ProcessorNode, Core,
 * Thread, Logical} and traps to erlang:format_cpu_topology/1 (preloaded
 * Erlang) for the nested form; laser does the same, so the nesting rules
 * are erlang.erl's own.
 */
#include "bif.h"
#include "posix.h"
#include "erlang_vm.h"
#include "scheduler.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
    int node, processor, processor_node, core, thread, logical;
} cpu_t;

static int read_int(const char *path, int *v)
{
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    int ok = fscanf(f, "%d", v) == 1;
    fclose(f);
    return ok;
}

/* The logical CPUs under dir (cpuN entries with a topology), appended to
 * cpus[*n..cap) with node `node`. False if there are more than cap. */
static bool read_cpus(const char *dir, int node, cpu_t *cpus, size_t *n, size_t cap)
{
    DIR *d = posix_opendir(dir);
    if (!d) return true;
    struct dirent *de;
    bool ok = true;
    char path[512];
    while ((de = readdir(d))) {
        int id, pkg, core;
        char tail;
        if (sscanf(de->d_name, "cpu%d%c", &id, &tail) != 1) continue;
        snprintf(path, sizeof path, "%s/%s/topology/physical_package_id", dir, de->d_name);
        if (!read_int(path, &pkg)) continue;
        snprintf(path, sizeof path, "%s/%s/topology/core_id", dir, de->d_name);
        if (!read_int(path, &core)) continue;
        if (*n >= cap) { /* more than sysconf configured (docker): erts gives none */
            ok = false;
            break;
        }
        cpus[(*n)++] = (cpu_t){node, pkg, -1, core, 0, id};
    }
    closedir(d);
    return ok;
}

static int cmp_int(int a, int b) { return (a > b) - (a < b); }

/* erts' cpu_cmp (node, processor, processor node, core, thread,
 * logical) or, processor first, its pn_cmp */
static int cmp_cpus(const cpu_t *a, const cpu_t *b, bool processor_first)
{
    int k[2][6] = {{a->node, a->processor, a->processor_node, a->core, a->thread, a->logical},
                   {b->node, b->processor, b->processor_node, b->core, b->thread, b->logical}};
    if (processor_first)
        for (int i = 0; i < 2; i++) {
            int t = k[i][0];
            k[i][0] = k[i][1], k[i][1] = t;
        }
    for (int j = 0; j < 6; j++)
        if (k[0][j] != k[1][j]) return cmp_int(k[0][j], k[1][j]);
    return 0;
}

static int cpu_cmp(const void *a, const void *b) { return cmp_cpus(a, b, false); }
static int pn_cmp(const void *a, const void *b) { return cmp_cpus(a, b, true); }

/* With several NUMA nodes, a processor spread over more than one keeps
 * them as processor nodes under no node (erts' adjust_processor_nodes). */
static void adjust_processor_nodes(cpu_t *c, size_t n)
{
    qsort(c, n, sizeof *c, pn_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        bool spread = false;
        while (j < n && c[j].processor == c[i].processor) spread |= c[j++].node != c[i].node;
        for (size_t k = i; spread && k < j; k++) c[k].processor_node = c[k].node, c[k].node = -1;
        i = j;
    }
}

/* The detected topology as erts' internal list, or undefined. */
static term detected(heap_t *h)
{
    long conf = sysconf(_SC_NPROCESSORS_CONF), online = sysconf(_SC_NPROCESSORS_ONLN);
    if (conf < 1) return ATOM(undefined);
    cpu_t *c = malloc((size_t)conf * sizeof *c);
    if (!c) laser_oom("cpu topology", (size_t)conf * sizeof *c);
    size_t n = 0, nodes = 0;
    bool ok = true;
    DIR *nd = posix_opendir("/sys/devices/system/node");
    if (nd) {
        struct dirent *de;
        char path[300];
        while (ok && (de = readdir(nd))) {
            int node;
            char tail;
            if (sscanf(de->d_name, "node%d%c", &node, &tail) != 1) continue;
            nodes++;
            snprintf(path, sizeof path, "/sys/devices/system/node/%s", de->d_name);
            ok = read_cpus(path, node, c, &n, (size_t)conf);
        }
        closedir(nd);
    } else {
        ok = read_cpus("/sys/devices/system/cpu", -1, c, &n, (size_t)conf);
    }
    term r = ATOM(undefined);
    if (ok && n && (long)n >= online) {
        if (nodes > 1) adjust_processor_nodes(c, n);
        qsort(c, n, sizeof *c, cpu_cmp);
        /* threads numbered within each core */
        for (size_t i = 1; i < n; i++)
            c[i].thread = c[i].node == c[i - 1].node && c[i].processor == c[i - 1].processor &&
                                  c[i].processor_node == c[i - 1].processor_node && c[i].core == c[i - 1].core
                              ? c[i - 1].thread + 1
                              : 0;
        r = NIL;
        for (size_t i = n; i-- > 0;) {
            term el[7] = {atom_from_cstr("cpu"),         term_from_small(c[i].node), term_from_small(c[i].processor),
                          term_from_small(c[i].processor_node), term_from_small(c[i].core),
                          term_from_small(c[i].thread),  term_from_small(c[i].logical)};
            r = heap_make_cons(h, heap_make_tuple(h, 7, el), r);
        }
    }
    free(c);
    return r;
}

term cpu_system_info(proc_t *p, term it, bool *handled)
{
    heap_t *h = proc_heap(p);
    *handled = true;
    if (it == atom_from_cstr("scheduler_bind_type")) return atom_from_cstr("unbound");
    if (it == atom_from_cstr("scheduler_bindings")) {
        unsigned n = sched_nthreads ? sched_nthreads : 1;
        term *el = malloc(n * sizeof *el);
        if (!el) laser_oom("scheduler bindings", n * sizeof *el);
        for (unsigned i = 0; i < n; i++) el[i] = atom_from_cstr("unbound");
        term t = heap_make_tuple(h, n, el);
        free(el);
        return t;
    }
    bool tagged = term_is_tuple(it) && term_tuple_arity(it) == 2 && term_tuple_elems(it)[0] == atom_from_cstr("cpu_topology");
    if (it == atom_from_cstr("cpu_topology") ||
        (tagged && (term_tuple_elems(it)[1] == atom_from_cstr("detected") || term_tuple_elems(it)[1] == atom_from_cstr("used")))) {
        term t = detected(h);
        if (t == ATOM(undefined)) return t;
        return bif_trap(p, ATOM(erlang), atom_from_cstr("format_cpu_topology"), 1, &t);
    }
    if (tagged && term_tuple_elems(it)[1] == atom_from_cstr("defined")) return ATOM(undefined); /* no +sct */
    *handled = false;
    return THE_NON_VALUE;
}
