// Test program for tests/rewriter/real_binaries.sh: exercises many system
// calls (files, directories, pipes, fork, threads, signals, time) with
// deterministic output. Built with glibc (static, static-pie) and musl.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;
static void on_signal(int sig) { got_signal = sig; }

static void *thread_main(void *arg) {
  long n = (long)arg, sum = 0;
  for (long i = 0; i <= n; i++) sum += i;
  return (void *)sum;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  char path[4096];
  snprintf(path, sizeof path, "%s/io-test-%d", dir, 1);
  mkdir(path, 0700);
  char file[4200];
  snprintf(file, sizeof file, "%s/data.txt", path);

  FILE *f = fopen(file, "w");
  if (!f) { perror("fopen"); return 2; }
  for (int i = 0; i < 1000; i++) fprintf(f, "line %d %x %.3f\n", i, i * 7, i / 3.0);
  fclose(f);

  struct stat st;
  if (stat(file, &st) != 0) { perror("stat"); return 2; }
  printf("size %lld\n", (long long)st.st_size);

  int fd = open(file, O_RDONLY);
  char buf[256];
  ssize_t n = pread(fd, buf, 20, 100);
  printf("pread %zd '%.*s'\n", n, (int)n, buf);
  off_t end = lseek(fd, 0, SEEK_END);
  printf("lseek %lld\n", (long long)end);
  close(fd);

  for (int i = 0; i < 5; i++) {
    char name[4300];
    snprintf(name, sizeof name, "%s/f%d", path, 4 - i);
    int w = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    dprintf(w, "%d\n", i);
    close(w);
  }
  DIR *d = opendir(path);
  char *names[16];
  int count = 0;
  struct dirent *e;
  while ((e = readdir(d)) && count < 16)
    if (e->d_name[0] != '.') names[count++] = strdup(e->d_name);
  closedir(d);
  qsort(names, count, sizeof names[0], cmp_str);
  for (int i = 0; i < count; i++) printf("entry %s\n", names[i]);

  int p[2];
  if (pipe(p) != 0) { perror("pipe"); return 2; }
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    const char msg[] = "hello from the child";
    write(p[1], msg, sizeof msg - 1);
    _exit(7);
  }
  close(p[1]);
  n = read(p[0], buf, sizeof buf);
  int status = 0;
  waitpid(pid, &status, 0);
  printf("child said '%.*s' and exited %d\n", (int)n, buf, WEXITSTATUS(status));

  pthread_t t[4];
  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, thread_main, (void *)(i * 1000));
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(t[i], &r);
    printf("thread %d sum %ld\n", i, (long)r);
  }

  signal(SIGUSR1, on_signal);
  raise(SIGUSR1);
  printf("signal %d\n", (int)got_signal);

  struct timespec ts = {0, 1000000};
  nanosleep(&ts, NULL);
  time_t zero = 86400 * 365;
  struct tm tm;
  gmtime_r(&zero, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  printf("time %s\n", buf);

  errno = 0;
  if (open("/nonexistent/file", O_RDONLY) < 0) fprintf(stderr, "open failed: %s\n", strerror(errno));

  for (int i = 0; i < 5; i++) {
    char name[4300];
    snprintf(name, sizeof name, "%s/f%d", path, i);
    unlink(name);
  }
  unlink(file);
  rmdir(path);
  printf("done\n");
  return 3;
}
