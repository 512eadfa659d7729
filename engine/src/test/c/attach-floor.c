/*
 * The floor of an attach, for AttachLatencyBench: a tiny C loop over liblxc's c->attach of `true` and waitpid,
 * with liblxc's default options (environment cleared, output to /dev/null), in a process as small as a process gets.
 * Prints "median p99" in milliseconds.
 * Usage: attach-floor NAME WARMUP ROUNDS
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <lxc/attach_options.h>
#include <lxc/lxccontainer.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int attach_true(struct lxc_container *c, int devnull)
{
	char *argv[] = {"true", NULL};
	lxc_attach_command_t command = {.program = "true", .argv = argv};
	lxc_attach_options_t options = LXC_ATTACH_OPTIONS_DEFAULT;
	options.env_policy = LXC_ATTACH_CLEAR_ENV;
	options.stdin_fd = devnull;
	options.stdout_fd = devnull;
	options.stderr_fd = devnull;
	pid_t pid;
	if (c->attach(c, lxc_attach_run_command, &command, &options, &pid) < 0)
		return -1;
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: attach-floor NAME WARMUP ROUNDS\n");
		return 64;
	}
	int warmup = atoi(argv[2]), rounds = atoi(argv[3]);
	struct lxc_container *c = lxc_container_new(argv[1], NULL);
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (!c || devnull < 0 || rounds <= 0)
		return 1;
	double *ms = calloc((size_t)rounds, sizeof(double));
	for (int i = 0; i < warmup; i++)
		if (attach_true(c, devnull) < 0)
			return 2;
	for (int i = 0; i < rounds; i++) {
		double t0 = now_ms();
		if (attach_true(c, devnull) < 0)
			return 2;
		ms[i] = now_ms() - t0;
	}
	qsort(ms, (size_t)rounds, sizeof(double), compare);
	printf("%.3f %.3f\n", ms[rounds / 2], ms[(rounds * 99) / 100]);
	lxc_container_put(c);
	return 0;
}
