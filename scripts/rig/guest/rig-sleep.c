/*
 * rig-sleep: sleep with nanosleep() and say how long that took by the
 * guest's own clocks, for dom0 to judge the guest's timer and clocksource:
 *
 *   rig-sleep SECONDS    prints mono_ms=<CLOCK_MONOTONIC elapsed>
 *                               real_ms=<CLOCK_REALTIME elapsed>
 *
 * A signal does not cut the sleep short: it goes on for what is left.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long ms_between(const struct timespec *a, const struct timespec *b)
{
	return (long long)(b->tv_sec - a->tv_sec) * 1000 +
	       (b->tv_nsec - a->tv_nsec) / 1000000;
}

int main(int argc, char **argv)
{
	struct timespec m0, m1, r0, r1, req;
	char *end;
	long secs;

	if (argc != 2) {
		fprintf(stderr, "usage: rig-sleep SECONDS\n");
		return 2;
	}
	secs = strtol(argv[1], &end, 10);
	if (*end || secs < 0 || secs > 3600) {
		fprintf(stderr, "rig-sleep: bad SECONDS '%s'\n", argv[1]);
		return 2;
	}
	req.tv_sec = secs;
	req.tv_nsec = 0;
	if (clock_gettime(CLOCK_MONOTONIC, &m0) || clock_gettime(CLOCK_REALTIME, &r0)) {
		perror("rig-sleep: clock_gettime");
		return 1;
	}
	while (nanosleep(&req, &req)) {
		if (errno != EINTR) {
			perror("rig-sleep: nanosleep");
			return 1;
		}
	}
	if (clock_gettime(CLOCK_MONOTONIC, &m1) || clock_gettime(CLOCK_REALTIME, &r1)) {
		perror("rig-sleep: clock_gettime");
		return 1;
	}
	printf("mono_ms=%lld\nreal_ms=%lld\n", ms_between(&m0, &m1), ms_between(&r0, &r1));
	return 0;
}
