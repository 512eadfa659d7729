/*
 * lxc-groovy-attach: attaches commands to containers for the lxc-groovy engine, so the JVM never forks.
 *
 * liblxc's attach forks its caller. A JVM is a large, many-threaded caller: the fork copies its page tables under
 * its mmap lock (every JVM thread that faults meanwhile waits), and liblxc's C code in the child can deadlock on
 * a lock another JVM thread held at the fork. This small single-threaded process is started by the engine and
 * forks instead (as Incus' forkexec and Erlang's erl_child_setup do).
 *
 * Protocol, over the SOCK_SEQPACKET socket on fd 3, one message each way per event; every field is a
 * NUL-terminated string:
 *   engine -> helper  "ATTACH" id name lxcpath shell flags namespaces personality uid gid cwd clearenv lsmlabel
 *                     ngroups group... nenv env... nkeep keep... nargv argv...   + SCM_RIGHTS stdin, stdout, stderr
 *                     (uid, gid: -1 for liblxc's default; lsmlabel: "" for none; shell: 1 runs the user's shell)
 *   helper -> engine  "STARTED" id pid   + SCM_RIGHTS the process' pidfd
 *                     "EXITED" id status (as waitpid gives it)
 *                     "FAILED" id errno reason
 * The helper reaps every process it attached and reports its status. It exits when the engine closes the socket
 * (the JVM ended, or was killed), leaving the processes it attached to their init.
 *
 * Usage: lxc-groovy-attach LOGFILE    (liblxc's ERROR lines are appended there, where the engine reads reasons)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <lxc/attach_options.h>
#include <lxc/lxccontainer.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SOCKET_FD 3
#define MAX_MESSAGE (256 * 1024)
#define MAX_CHILDREN 1024

struct child {
	char id[32];
	pid_t pid;
	int pidfd;
};

static struct child children[MAX_CHILDREN];
static int nchildren;

/* A request's fields, read one after another; a field missing from the message is an empty string. */
struct fields {
	char *next;
	char *end;
};

static const char *field(struct fields *f)
{
	if (f->next >= f->end)
		return "";
	char *s = f->next;
	f->next += strnlen(s, (size_t)(f->end - s)) + 1;
	return s;
}

static long number(struct fields *f)
{
	return strtol(field(f), NULL, 10);
}

/* count, then that many fields, as a NULL-terminated array (NULL for none); freed by the caller. */
static char **list(struct fields *f)
{
	long n = number(f);
	if (n <= 0 || n > 65536)
		return NULL;
	char **out = calloc((size_t)n + 1, sizeof(char *));
	if (!out)
		return NULL;
	for (long i = 0; i < n; i++)
		out[i] = (char *)field(f);
	return out;
}

/* Sends the given strings as one message, with fd attached when it is not -1. Exits when the engine is gone. */
static void reply(int fd, int nfields, const char **values)
{
	char buf[4096];
	size_t len = 0;
	for (int i = 0; i < nfields; i++) {
		size_t n = strlen(values[i]) + 1;
		if (len + n > sizeof(buf))
			n = sizeof(buf) - len; /* a reason that long is cut: the message still parses */
		memcpy(buf + len, values[i], n);
		len += n;
	}
	struct iovec iov = {.iov_base = buf, .iov_len = len};
	union {
		char bytes[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	if (fd >= 0) {
		msg.msg_control = control.bytes;
		msg.msg_controllen = sizeof(control.bytes);
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	while (sendmsg(SOCKET_FD, &msg, MSG_NOSIGNAL) < 0) {
		if (errno != EINTR)
			exit(0);
	}
}

static void failed(const char *id, int err, const char *reason)
{
	char e[16];
	snprintf(e, sizeof(e), "%d", err);
	reply(-1, 4, (const char *[]){"FAILED", id, e, reason});
}

static void attach(struct fields *f, int stdio[3])
{
	const char *id = field(f);
	const char *name = field(f);
	const char *lxcpath = field(f);
	int shell = (int)number(f);
	lxc_attach_options_t options = LXC_ATTACH_OPTIONS_DEFAULT;
	options.attach_flags = (int)number(f);
	options.namespaces = (int)number(f);
	options.personality = number(f);
	options.uid = (uid_t)number(f);
	options.gid = (gid_t)number(f);
	options.initial_cwd = (char *)field(f);
	options.env_policy = number(f) ? LXC_ATTACH_CLEAR_ENV : LXC_ATTACH_KEEP_ENV;
	const char *label = field(f);
	options.lsm_label = *label ? (char *)label : NULL;
	long ngroups = number(f);
	gid_t groups[ngroups > 0 && ngroups <= 65536 ? ngroups : 1];
	for (long i = 0; i < ngroups && i < 65536; i++)
		groups[i] = (gid_t)number(f);
	if (ngroups > 0) {
		options.groups.size = (size_t)ngroups;
		options.groups.list = groups;
	}
	char **env = list(f);
	char **keep = list(f);
	char **argv = list(f);
	options.extra_env_vars = env;
	options.extra_keep_env = keep;
	options.stdin_fd = stdio[0];
	options.stdout_fd = stdio[1];
	options.stderr_fd = stdio[2];

	if (nchildren == MAX_CHILDREN) {
		failed(id, EAGAIN, "too many attached processes at once");
	} else if (!shell && !argv) {
		failed(id, EINVAL, "no command given");
	} else {
		struct lxc_container *c = lxc_container_new(name, *lxcpath ? lxcpath : NULL);
		if (!c) {
			failed(id, errno, "liblxc could not open the container");
		} else {
			lxc_attach_command_t command = {.program = argv ? argv[0] : NULL, .argv = argv};
			pid_t pid = -1;
			int ret = c->attach(c, shell ? lxc_attach_run_shell : lxc_attach_run_command, &command, &options, &pid);
			int err = errno;
			if (ret < 0 || pid <= 0) {
				failed(id, err, c->is_running(c) ? "liblxc could not attach" : "container is not running");
			} else {
				int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
				if (pidfd < 0) {
					/* without a pidfd neither side can watch it: it must not run unwatched */
					err = errno;
					kill(pid, SIGKILL);
					waitpid(pid, NULL, 0);
					failed(id, err, "pidfd_open of the attached process failed");
					lxc_container_put(c);
					goto out;
				}
				struct child *ch = &children[nchildren++];
				snprintf(ch->id, sizeof(ch->id), "%s", id);
				ch->pid = pid;
				ch->pidfd = pidfd;
				char p[16];
				snprintf(p, sizeof(p), "%d", pid);
				reply(pidfd, 3, (const char *[]){"STARTED", id, p});
			}
			lxc_container_put(c);
		}
	}
out:
	free(env);
	free(keep);
	free(argv);
}

/* Reads one request and serves it; false when the engine has closed its end. */
static int serve(char *buf)
{
	struct iovec iov = {.iov_base = buf, .iov_len = MAX_MESSAGE - 1};
	union {
		char bytes[CMSG_SPACE(3 * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes,
			     .msg_controllen = sizeof(control.bytes)};
	ssize_t n = recvmsg(SOCKET_FD, &msg, MSG_CMSG_CLOEXEC);
	if (n < 0)
		return errno == EINTR;
	if (n == 0)
		return 0;
	buf[n] = '\0';
	int stdio[3] = {-1, -1, -1};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(3 * sizeof(int)))
		memcpy(stdio, CMSG_DATA(c), sizeof(stdio));
	struct fields f = {.next = buf, .end = buf + n};
	const char *type = field(&f);
	if (strcmp(type, "ATTACH") == 0 && stdio[2] >= 0 && !(msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
		attach(&f, stdio);
	else
		failed(field(&f), EPROTO, "malformed request");
	for (int i = 0; i < 3; i++)
		if (stdio[i] >= 0)
			close(stdio[i]);
	return 1;
}

/* The child at index i has exited: reap it, report its status, forget it. */
static void reap(int i)
{
	int status = 0;
	while (waitpid(children[i].pid, &status, 0) < 0 && errno == EINTR)
		;
	char s[16];
	snprintf(s, sizeof(s), "%d", status);
	reply(-1, 3, (const char *[]){"EXITED", children[i].id, s});
	if (children[i].pidfd >= 0)
		close(children[i].pidfd);
	children[i] = children[--nchildren];
}

int main(int argc, char **argv)
{
	if (argc != 2 || fcntl(SOCKET_FD, F_GETFD) < 0) {
		fprintf(stderr, "usage: lxc-groovy-attach LOGFILE (started by the lxc-groovy engine, its socket on fd 3)\n");
		return 64;
	}
	/* Nothing of the JVM but the socket reaches the helper, and the socket reaches no attached process. */
	syscall(SYS_close_range, SOCKET_FD + 1, ~0U, 0);
	fcntl(SOCKET_FD, F_SETFD, FD_CLOEXEC);
	/* liblxc's reasons go where the engine reads them, not to a terminal */
	struct lxc_log log = {.name = "lxc-groovy-attach", .file = argv[1], .level = "ERROR", .quiet = true};
	lxc_log_init(&log);
	signal(SIGPIPE, SIG_IGN);
	char *buf = malloc(MAX_MESSAGE);
	if (!buf)
		return 70;
	struct pollfd fds[MAX_CHILDREN + 1];
	for (;;) {
		fds[0] = (struct pollfd){.fd = SOCKET_FD, .events = POLLIN};
		for (int i = 0; i < nchildren; i++)
			fds[i + 1] = (struct pollfd){.fd = children[i].pidfd, .events = POLLIN};
		if (poll(fds, (nfds_t)nchildren + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 71;
		}
		/* exits first, newest to oldest: reap() moves the last child into the freed slot */
		for (int i = nchildren - 1; i >= 0; i--)
			if (fds[i + 1].revents)
				reap(i);
		if (fds[0].revents & POLLIN) {
			if (!serve(buf))
				return 0;
		} else if (fds[0].revents & (POLLHUP | POLLERR)) {
			return 0;
		}
	}
}
