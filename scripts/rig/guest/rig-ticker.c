/*
 * rig-ticker: a long-running process whose in-memory state can be checked
 * across save/restore.  Every 100 ms it increments a counter held only in
 * its own memory and rewrites FILE with "<counter> <pid> <start-token>".
 * If the guest's memory or scheduling state were lost across restore, the
 * counter would reset, stop advancing, or the pid would change.
 *
 * Usage: rig-ticker FILE TOKEN   (daemonizes itself)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long long count = 0;
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	char line[128];
	pid_t pid;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s FILE TOKEN\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid > 0)
		return 0;
	setsid();
	for (;;) {
		int n = snprintf(line, sizeof(line), "%llu %d %s\n", ++count,
				 (int)getpid(), argv[2]);

		if (ftruncate(fd, 0) || pwrite(fd, line, (size_t)n, 0) != n)
			return 1;
		nanosleep(&tick, NULL);
	}
}
