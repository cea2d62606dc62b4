/*
 * fuzz_config.c - libFuzzer harness for mandated.conf's parser.
 *
 * The input is the configuration file: it is written to an anonymous
 * memory file (memfd, no disk) and read by md_config_load through
 * /proc/self/fd.  A loaded configuration is printed back directive by
 * directive, as `mandated -n` does.  A refused one must carry a message.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mandate/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;

static void print_back(const struct md_config *c)
{
	size_t n;
	const struct md_directive *d = md_config_directives(&n);
	char buf[4096];

	for (size_t i = 0; i < n; i++) {
		if (!d[i].name || !d[i].help)
			abort();
		md_config_value(c, i, buf, sizeof(buf));
		if (strlen(buf) >= sizeof(buf))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_config *c = NULL;
	struct md_error err;
	char path[64], dur[64];
	long secs;

	if (memfd < 0 && (memfd = memfd_create("mandated.conf", 0)) < 0)
		abort();
	if (ftruncate(memfd, 0) != 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	md_error_clear(&err);
	if (md_config_load(path, &c, &err) == MD_OK) {
		print_back(c);
		md_config_free(c);
	} else if (err.code == MD_OK || !err.msg[0]) {
		abort();
	}
	/* The duration grammar on its own, on the first line. */
	size_t n = 0;
	while (n < size && n < sizeof(dur) - 1 && data[n] != '\n' && data[n] != '\0')
		n++;
	memcpy(dur, data, n);
	dur[n] = '\0';
	if (md_config_duration(dur, &secs) == 0 && secs < 0)
		abort();
	return 0;
}
