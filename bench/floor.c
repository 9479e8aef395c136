/*
 * The floor of a transition scrape: walks <procfs>/<pid>/task/<tid>/ exactly as the exporter does
 * and only opens and reads each thread's patch_state, as fast as C with plain paths can.
 * Usage: floor PROCFS REPEATS. Prints "<median ns per walk> <files read per walk>".
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int numeric(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

static long walk(const char *procfs, long *blocking) {
  char path[4096], buf[64];
  long files = 0;
  DIR *proc = opendir(procfs);
  if (!proc) { perror(procfs); exit(2); }
  struct dirent *p;
  while ((p = readdir(proc))) {
    if (!numeric(p->d_name)) continue;
    snprintf(path, sizeof path, "%s/%s/task", procfs, p->d_name);
    DIR *task = opendir(path);
    if (!task) continue;
    struct dirent *t;
    while ((t = readdir(task))) {
      if (!numeric(t->d_name)) continue;
      snprintf(path, sizeof path, "%s/%s/task/%s/patch_state", procfs, p->d_name, t->d_name);
      int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      ssize_t n = read(fd, buf, sizeof buf - 1);
      close(fd);
      files++;
      if (n > 0 && buf[0] == '0') (*blocking)++;
    }
    closedir(task);
  }
  closedir(proc);
  return files;
}

static int cmp(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: floor PROCFS REPEATS\n"); return 2; }
  int reps = atoi(argv[2]);
  long long *ns = calloc(reps, sizeof *ns);
  long files = 0, blocking = 0;
  for (int i = 0; i < reps; i++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    files = walk(argv[1], &blocking);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ns[i] = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
  }
  qsort(ns, reps, sizeof *ns, cmp);
  printf("%lld %ld\n", ns[reps / 2], files);
  return 0;
}
