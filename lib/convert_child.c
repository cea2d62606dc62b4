/*
 * convert_child.c - running an outside converter (pdftotext) so that no
 * document can hurt the process that asked for it.
 *
 * The child gets: an empty environment (no proxy variables, no locale, no
 * HOME; the converters we run open no network connection, and with no
 * environment nothing can point them at one), its input on standard input
 * from an unlinked temporary file, RLIMIT_CPU (then SIGXCPU/SIGKILL),
 * RLIMIT_AS (a runaway allocation fails), RLIMIT_FSIZE 0 (it may write
 * pipes, never files), RLIMIT_CORE 0, every other descriptor closed, the
 * default SIGPIPE action and no blocked signal (whatever the daemon set).  The
 * parent reads its standard output and error through pipes with poll(),
 * kills it and anything it started (SIGKILL to its own process group) when
 * it passes the wall-clock limit or writes more than the output cap, and
 * always reaps it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "convert_int.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void limit(int what, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = {soft, hard};

	setrlimit(what, &rl);
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child_exec(const char *const argv[], const struct md_convert_limits *lim, int in,
                       int out, int errfd)
{
	static char *const envp[] = {NULL};
	long maxfd = sysconf(_SC_OPEN_MAX);
	char *const *av;
	sigset_t none;

	memcpy(&av, &argv, sizeof(av)); /* execve's prototype predates const */

	setpgid(0, 0); /* a group of its own, killed whole at a limit */
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(126);
	for (long fd = 3; fd < (maxfd > 0 && maxfd < 65536 ? maxfd : 65536); fd++)
		close((int)fd);
	limit(RLIMIT_CPU, lim->cpu_s, lim->cpu_s + 1);
	limit(RLIMIT_AS, lim->mem_bytes, lim->mem_bytes);
	limit(RLIMIT_FSIZE, 0, 0);
	limit(RLIMIT_CORE, 0, 0);
	signal(SIGPIPE, SIG_DFL); /* the daemon ignores it */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL); /* and blocks the signals it reads */
	execve(argv[0], av, envp);
	_exit(127);
}

static int input_file(const char *in, size_t len)
{
	FILE *f = tmpfile();
	int fd;

	if (!f)
		return -1;
	if (fwrite(in, 1, len, f) != len || fflush(f) != 0) {
		fclose(f);
		return -1;
	}
	fd = dup(fileno(f));
	fclose(f);
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct sink {
	struct strbuf out;
	char err[256];
	size_t err_len;
};

/* Reads what is ready on fds; false once both are at end of file. */
static bool drain(struct pollfd *p, struct sink *s, struct child_result *res)
{
	char chunk[16384];

	for (int k = 0; k < 2; k++) {
		ssize_t n;

		if (p[k].fd < 0 || !(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(p[k].fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			close(p[k].fd);
			p[k].fd = -1;
		} else if (k == 0) {
			strbuf_put(&s->out, chunk, (size_t)n);
			res->flooded = s->out.over;
		} else {
			size_t room = sizeof(s->err) - 1 - s->err_len;

			memcpy(s->err + s->err_len, chunk, (size_t)n < room ? (size_t)n : room);
			s->err_len += (size_t)n < room ? (size_t)n : room;
		}
	}
	return p[0].fd >= 0 || p[1].fd >= 0;
}

static void watch(pid_t pid, int outfd, int errfd, long long deadline, struct sink *s,
                  struct child_result *res)
{
	struct pollfd p[2] = {{.fd = outfd, .events = POLLIN}, {.fd = errfd, .events = POLLIN}};

	for (;;) {
		long long left = deadline - now_ms();
		int rc;

		if (left <= 0 || res->flooded || s->out.failed) {
			res->timed_out = left <= 0 && !res->flooded;
			kill(-pid, SIGKILL); /* its process group: what it started too */
			break;
		}
		rc = poll(p, 2, left > 0 ? (int)(left < 1000 ? left : 1000) : 0);
		if (rc < 0 && errno != EINTR)
			break;
		if (rc > 0 && !drain(p, s, res))
			break;
	}
	for (int k = 0; k < 2; k++)
		if (p[k].fd >= 0)
			close(p[k].fd);
}

/* Waits for the child, which may have closed its output and still run. */
static void reap(pid_t pid, long long deadline, struct child_result *res)
{
	struct timespec tick = {0, 5 * 1000 * 1000};
	int st;
	pid_t got;

	while ((got = waitpid(pid, &st, WNOHANG)) == 0 && now_ms() < deadline)
		nanosleep(&tick, NULL);
	if (got == 0) {
		res->timed_out = true;
		kill(-pid, SIGKILL);
	}
	while (got <= 0 && (got = waitpid(pid, &st, 0)) < 0)
		if (errno != EINTR)
			return;
	if (WIFEXITED(st)) {
		res->exit_code = WEXITSTATUS(st);
	} else if (WIFSIGNALED(st)) {
		res->exit_code = -1;
		res->signal = WTERMSIG(st);
	}
}

enum md_err child_run(const char *name, const char *const argv[],
                      const struct md_convert_limits *lim, const char *in, size_t in_len,
                      char **out, size_t *out_len, struct child_result *res, struct md_error *err)
{
	struct sink s = {.out = {.max = lim->out_bytes}};
	int infd = input_file(in, in_len), po[2] = {-1, -1}, pe[2] = {-1, -1};
	pid_t pid = -1;
	long long deadline;

	memset(res, 0, sizeof(*res));
	if (infd >= 0 && pipe(po) == 0 && pipe(pe) == 0)
		pid = fork();
	if (pid == 0)
		child_exec(argv, lim, infd, po[1], pe[1]);
	if (pid > 0)
		setpgid(pid, pid); /* as the child does: whichever runs first */
	if (infd >= 0)
		close(infd);
	if (po[1] >= 0)
		close(po[1]);
	if (pe[1] >= 0)
		close(pe[1]);
	if (pid < 0) {
		int e = errno;

		if (po[0] >= 0)
			close(po[0]);
		if (pe[0] >= 0)
			close(pe[0]);
		return md_error_set(err, MD_EIO, "%s: cannot start %s: %s", name, argv[0],
		                    strerror(e));
	}
	deadline = now_ms() + lim->timeout_ms;
	watch(pid, po[0], pe[0], deadline, &s, res);
	reap(pid, deadline, res);
	s.err[s.err_len] = '\0';
	s.err[strcspn(s.err, "\n")] = '\0';
	snprintf(res->errtext, sizeof(res->errtext), "%s", s.err);
	if (s.out.failed) {
		free(s.out.s);
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
	}
	*out = s.out.s ? s.out.s : strdup("");
	*out_len = s.out.len;
	if (!*out)
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
	return MD_OK;
}
