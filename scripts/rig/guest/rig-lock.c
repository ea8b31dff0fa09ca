// SPDX-License-Identifier: GPL-2.0
/*
 * rig-lock: hammer one kernel spinlock from every CPU at once, with a
 * long critical section, for the lock benchmark (bench/lock).
 *
 * The main thread opens a file and takes HELD read locks on it, one byte
 * each with a byte between them (so they stay separate), as open file
 * description (OFD) locks.  Then THREADS threads, thread i pinned to CPU
 * i % CPUS and with an open file description of its own on the same
 * file, each take and drop a read lock on a byte of their own in a tight
 * loop for SECS seconds (fcntl(F_OFD_SETLK)).  Every such call walks the
 * file's list of POSIX locks (the HELD ones and the threads') under the
 * file's lock context spinlock (file_lock_context.flc_lock, in
 * posix_lock_inode()): looking for a conflict, then for the caller's own
 * locks.  Read locks never conflict, so nothing sleeps; with HELD in the
 * hundreds most of each call is spent holding that one spinlock, so it
 * is contended from every vCPU all the time, and a vCPU that Xen
 * preempts while holding it, or while next in line for it, stalls the
 * others: the case PV spinlocks are for.
 *
 * Usage: rig-lock THREADS SECS HELD
 * Output, one line:
 *   threads=N cpus=N held=N secs=F ops=N opsps=F min=N max=N
 * ops is one lock plus one unlock, summed over the threads; opsps is
 * ops per second; min and max are the ops of the slowest and the fastest
 * thread (an unfair lock shows as a wide spread).  Exit status 1 if a
 * system call fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64
#define LOCK_FILE "/tmp/rig-lock.file"

struct worker {
	pthread_t thread;
	int cpu;		/* CPU to pin to, or -1 for none */
	int fd;			/* its own open file description */
	off_t byte;		/* the byte it locks and unlocks */
	unsigned long long ops;	/* written by the worker once it stopped */
	int err;		/* errno of a failed call, 0 if none */
};

/* Set by the main thread: 1 = go, 2 = stop.  Workers only read it. */
static int phase;
/* Workers ready to go; the main thread waits for all of them. */
static int ready;

/* One byte at @start, read-locked (F_RDLCK) or unlocked (F_UNLCK). */
static int ofd_lock(int fd, short type, off_t start)
{
	struct flock fl = {
		.l_type = type,
		.l_whence = SEEK_SET,
		.l_start = start,
		.l_len = 1,
		.l_pid = 0,	/* must be 0 for OFD locks */
	};

	return fcntl(fd, F_OFD_SETLK, &fl);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long number(const char *what, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "rig-lock: bad %s: %s (%ld..%ld)\n", what, s, lo, hi);
		exit(2);
	}
	return v;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned long long ops = 0;
	cpu_set_t set;

	if (w->cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		/* pid 0: this thread only.  Unpinned is still a valid run. */
		if (sched_setaffinity(0, sizeof(set), &set))
			fprintf(stderr, "rig-lock: cannot pin to CPU %d: %s\n", w->cpu,
				strerror(errno));
	}
	__atomic_add_fetch(&ready, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) == 0)
		sched_yield();
	while (__atomic_load_n(&phase, __ATOMIC_RELAXED) == 1) {
		if (ofd_lock(w->fd, F_RDLCK, w->byte) ||
		    ofd_lock(w->fd, F_UNLCK, w->byte)) {
			w->err = errno;
			break;
		}
		ops++;
	}
	w->ops = ops;
	return NULL;
}

int main(int argc, char **argv)
{
	static struct worker w[MAX_THREADS];
	unsigned long long ops = 0, min = ~0ULL, max = 0;
	struct timespec run;
	double t0, secs;
	long threads, cpus, held, i;
	int fd, rc = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: %s THREADS SECS HELD\n", argv[0]);
		return 2;
	}
	threads = number("thread count", argv[1], 1, MAX_THREADS);
	run.tv_sec = number("duration", argv[2], 1, 3600);
	run.tv_nsec = 0;
	held = number("held lock count", argv[3], 0, 100000);
	cpus = sysconf(_SC_NPROCESSORS_ONLN);

	fd = open(LOCK_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		fprintf(stderr, "rig-lock: %s: %s\n", LOCK_FILE, strerror(errno));
		return 1;
	}
	for (i = 0; i < held; i++) {
		if (ofd_lock(fd, F_RDLCK, 2 * i)) {
			fprintf(stderr, "rig-lock: lock %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < threads; i++) {
		w[i].cpu = cpus > 0 ? (int)(i % cpus) : -1;
		w[i].byte = 2 * (held + i);
		w[i].fd = open(LOCK_FILE, O_RDWR);
		if (w[i].fd < 0) {
			fprintf(stderr, "rig-lock: %s: %s\n", LOCK_FILE, strerror(errno));
			return 1;
		}
		errno = pthread_create(&w[i].thread, NULL, work, &w[i]);
		if (errno) {
			fprintf(stderr, "rig-lock: thread %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < threads)
		sched_yield();

	t0 = now();
	__atomic_store_n(&phase, 1, __ATOMIC_RELEASE);
	while (nanosleep(&run, &run) && errno == EINTR)
		;
	__atomic_store_n(&phase, 2, __ATOMIC_RELEASE);
	secs = now() - t0;
	for (i = 0; i < threads; i++) {
		pthread_join(w[i].thread, NULL);
		if (w[i].err) {
			fprintf(stderr, "rig-lock: thread %ld: F_OFD_SETLK: %s\n", i,
				strerror(w[i].err));
			rc = 1;
		}
		close(w[i].fd);
		ops += w[i].ops;
		if (w[i].ops < min)
			min = w[i].ops;
		if (w[i].ops > max)
			max = w[i].ops;
	}
	/* At least the one second slept: never 0. */
	if (secs < 0.001)
		secs = 0.001;
	printf("threads=%ld cpus=%ld held=%ld secs=%.3f ops=%llu opsps=%.1f min=%llu max=%llu\n",
	       threads, cpus, held, secs, ops, (double)ops / secs, min, max);
	close(fd);
	unlink(LOCK_FILE);
	return rc;
}
