/*
 * rig-blkio: time direct (O_DIRECT) block I/O on a device, for the block
 * benchmark (bench/blk).  One request in flight at a time (queue depth
 * 1), so the figure is the round trip through the frontend, the backend
 * and back; writes end with fdatasync(), which is part of the time.
 *
 * Usage: rig-blkio MODE DEVICE BS AMOUNT [SPAN]
 *   seqwrite, seqread    AMOUNT bytes from offset 0 in BS-byte requests
 *   randwrite, randread  BS-byte requests at random BS-aligned offsets
 *                        below SPAN bytes (default: the device size) for
 *                        AMOUNT seconds
 * Output, one line:
 *   mode=M bs=N ops=N bytes=N secs=F mbps=F iops=F
 * (mbps in 10^6 bytes per second.)  Exit status 1 on an I/O error, with
 * the offset in the message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* splitmix64, as in rig-pattern: fills buffers and picks offsets. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long long number(const char *what, const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "rig-blkio: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

/* One full request at @off; short transfers are errors with O_DIRECT. */
static int io(int fd, int wr, void *buf, size_t bs, unsigned long long off)
{
	ssize_t n;

	do {
		n = wr ? pwrite(fd, buf, bs, (off_t)off) : pread(fd, buf, bs, (off_t)off);
	} while (n < 0 && errno == EINTR);
	if (n == (ssize_t)bs)
		return 0;
	if (n < 0)
		fprintf(stderr, "rig-blkio: %s at %llu: %s\n", wr ? "write" : "read",
			off, strerror(errno));
	else
		fprintf(stderr, "rig-blkio: short %s at %llu: %zd of %zu bytes\n",
			wr ? "write" : "read", off, n, bs);
	return -1;
}

int main(int argc, char **argv)
{
	unsigned long long amount, span = 0, size, ops = 0, off;
	uint64_t rng = 0x5eed;
	int fd, wr, seq;
	double t0, t1, secs;
	const char *mode;
	size_t bs, i;
	void *buf;
	off_t end;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: %s seqwrite|seqread|randwrite|randread DEVICE BS AMOUNT [SPAN]\n",
			argv[0]);
		return 2;
	}
	mode = argv[1];
	if (!strcmp(mode, "seqwrite") || !strcmp(mode, "seqread")) {
		seq = 1;
	} else if (!strcmp(mode, "randwrite") || !strcmp(mode, "randread")) {
		seq = 0;
	} else {
		fprintf(stderr, "rig-blkio: unknown mode %s\n", mode);
		return 2;
	}
	wr = strstr(mode, "write") != NULL;
	bs = (size_t)number("block size", argv[3]);
	amount = number("amount", argv[4]);
	if (argc == 6)
		span = number("span", argv[5]);
	if (bs < 512 || bs > (64u << 20) || bs % 512) {
		fprintf(stderr, "rig-blkio: block size must be a multiple of 512 up to 64 MiB\n");
		return 2;
	}

	fd = open(argv[2], (wr ? O_WRONLY : O_RDONLY) | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "rig-blkio: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	end = lseek(fd, 0, SEEK_END);
	if (end <= 0) {
		fprintf(stderr, "rig-blkio: %s: cannot tell its size\n", argv[2]);
		return 1;
	}
	size = (unsigned long long)end;
	if (!span || span > size)
		span = size;
	if ((seq && amount > size) || span < bs) {
		fprintf(stderr, "rig-blkio: %s holds only %llu bytes\n", argv[2], size);
		return 2;
	}

	/* O_DIRECT wants an aligned buffer; page alignment suits any disk. */
	if (posix_memalign(&buf, 4096, bs)) {
		fprintf(stderr, "rig-blkio: out of memory\n");
		return 1;
	}
	for (i = 0; i + 8 <= bs; i += 8) {
		uint64_t v = next(&rng);

		memcpy((char *)buf + i, &v, 8);
	}

	t0 = now();
	if (seq) {
		for (off = 0; off + bs <= amount; off += bs, ops++)
			if (io(fd, wr, buf, bs, off))
				return 1;
	} else {
		unsigned long long slots = span / bs;
		double stop = t0 + (double)amount;

		do {
			off = next(&rng) % slots * bs;
			if (io(fd, wr, buf, bs, off))
				return 1;
			ops++;
		} while (now() < stop);
	}
	if (wr && fdatasync(fd)) {
		fprintf(stderr, "rig-blkio: fdatasync: %s\n", strerror(errno));
		return 1;
	}
	t1 = now();
	secs = t1 - t0;
	if (secs <= 0)
		secs = 1e-9;
	printf("mode=%s bs=%zu ops=%llu bytes=%llu secs=%.3f mbps=%.2f iops=%.1f\n",
	       mode, bs, ops, ops * bs, secs, (double)(ops * bs) / secs / 1e6,
	       (double)ops / secs);
	close(fd);
	free(buf);
	return 0;
}
