/*
 * rig-pattern: write SIZE bytes of a deterministic pseudo-random stream
 * derived from SEED to stdout.  The same binary runs in the guest (to fill
 * a disk or a file) and in dom0 (to compute the expected checksum), so
 * both sides agree on the data without shipping it around.
 *
 * Usage: rig-pattern SEED SIZE
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* splitmix64: tiny, well distributed, and no zero-seed pitfall. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int write_all(const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char buf[65536];
	unsigned long long size, done = 0;
	uint64_t state;
	char *end;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SEED SIZE\n", argv[0]);
		return 2;
	}
	state = strtoull(argv[1], &end, 0);
	if (*end) {
		fprintf(stderr, "bad seed: %s\n", argv[1]);
		return 2;
	}
	size = strtoull(argv[2], &end, 0);
	if (*end) {
		fprintf(stderr, "bad size: %s\n", argv[2]);
		return 2;
	}
	while (done < size) {
		size_t chunk = sizeof(buf), i;

		if (size - done < chunk)
			chunk = (size_t)(size - done);
		for (i = 0; i < chunk; i += 8) {
			uint64_t v = next(&state);
			size_t k = chunk - i < 8 ? chunk - i : 8;

			memcpy(buf + i, &v, k);
		}
		if (write_all(buf, chunk)) {
			perror("write");
			return 1;
		}
		done += chunk;
	}
	return 0;
}
