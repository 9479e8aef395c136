/*
 * Runs a command REPEATS times with its output discarded and prints
 * "<median wall ns> <largest peak resident set in KiB> <exit status of the last run>",
 * the peak taken from wait4's rusage (ru_maxrss), as GNU time reports it.
 * Usage: peak REPEATS COMMAND [ARG...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: peak REPEATS COMMAND [ARG...]\n"); return 2; }
  int reps = atoi(argv[1]);
  long long *ns = calloc(reps, sizeof *ns);
  long maxrss = 0;
  int status = 0;
  for (int i = 0; i < reps; i++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0) {
      int null = open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      execvp(argv[2], argv + 2);
      _exit(127);
    }
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ns[i] = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    if (ru.ru_maxrss > maxrss) maxrss = ru.ru_maxrss;
  }
  qsort(ns, reps, sizeof *ns, cmp);
  printf("%lld %ld %d\n", ns[reps / 2], maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
  return 0;
}
