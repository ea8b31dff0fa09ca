/*
 * rig-memmap: set the memory map a PV domain will read at boot
 * (XENMEM_memory_map), from dom0, before the domain first runs:
 *
 *   rig-memmap DOMID START END TYPE [START END TYPE]...
 *
 * START and END are byte addresses (decimal or 0x hex), END exclusive,
 * TYPE the e820 type (1 RAM, 2 reserved).  The domain should be paused
 * (xl create -p).  This is XENMEM_set_memory_map, the call libxl makes for
 * e820_host=1; the rig's host map has no hole below 3 GiB, so e820_host
 * cannot put a hole inside a small guest's populated pages.
 * Built with the guest helpers, used in dom0 (memory-holes scenario).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
/* Guest handles as the tools see them (.p), as in libxenctrl. */
#define __XEN_TOOLS__ 1
#include <xen/xen.h>
#include <xen/memory.h>
#include <xen/sys/privcmd.h>

#define MAX_ENTRIES 32

/* Xen's e820 entry: packed, 20 bytes. */
struct entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

static int number(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end;
}

int main(int argc, char **argv)
{
	static struct entry map[MAX_ENTRIES] __attribute__((aligned(4096)));
	static struct xen_foreign_memory_map fmap __attribute__((aligned(64)));
	privcmd_hypercall_t call = { 0 };
	unsigned long long domid, start, end, type;
	int i, n = 0, fd, rc;

	if (argc < 5 || (argc - 2) % 3 || (argc - 2) / 3 > MAX_ENTRIES || number(argv[1], &domid)) {
		fprintf(stderr, "usage: rig-memmap DOMID START END TYPE [START END TYPE]...\n");
		return 2;
	}
	for (i = 2; i < argc; i += 3, n++) {
		if (number(argv[i], &start) || number(argv[i + 1], &end) ||
		    number(argv[i + 2], &type) || end <= start || type > UINT32_MAX) {
			fprintf(stderr, "rig-memmap: bad entry '%s %s %s'\n",
				argv[i], argv[i + 1], argv[i + 2]);
			return 2;
		}
		map[n].addr = start;
		map[n].size = end - start;
		map[n].type = (uint32_t)type;
	}
	fmap.domid = (domid_t)domid;
	fmap.map.nr_entries = (unsigned int)n;
	set_xen_guest_handle(fmap.map.buffer, map);
	/* Xen reads both through this process's page tables: keep them in. */
	if (mlock(map, sizeof(map)) || mlock(&fmap, sizeof(fmap))) {
		perror("rig-memmap: mlock");
		return 1;
	}
	fd = open("/dev/xen/privcmd", O_RDWR);
	if (fd < 0) {
		perror("rig-memmap: /dev/xen/privcmd");
		return 1;
	}
	call.op = __HYPERVISOR_memory_op;
	call.arg[0] = XENMEM_set_memory_map;
	call.arg[1] = (uint64_t)(uintptr_t)&fmap;
	rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	if (rc) {
		fprintf(stderr, "rig-memmap: XENMEM_set_memory_map for domain %llu: %s\n",
			domid, strerror(errno));
		return 1;
	}
	close(fd);
	printf("memory map of domain %llu: %d entries\n", domid, n);
	return 0;
}
