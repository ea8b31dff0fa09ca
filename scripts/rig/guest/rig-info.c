/*
 * rig-info: print what the guest kernel says about itself as key=value
 * lines, so dom0 can compare them with what it configured:
 *   hv_type          /sys/hypervisor/type
 *   hv_version       /sys/hypervisor/version/{major,minor,extra}
 *   nproc            online CPUs as seen by sysconf()
 *   cpus_online      /sys/devices/system/cpu/online
 *   cpus_present     /sys/devices/system/cpu/present
 *   memtotal_kb      MemTotal from /proc/meminfo
 *   balloon_target_kb  Xen balloon driver target (if present)
 *   blockdevs        xvd* block devices
 *   netdevs          network interfaces other than lo
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

static void print_file(const char *key, const char *path)
{
	char buf[256];

	read_line(path, buf, sizeof(buf));
	printf("%s=%s\n", key, buf[0] ? buf : "-");
}

static void print_dir(const char *key, const char *dir, const char *prefix)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int first = 1;

	printf("%s=", key);
	if (d) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.' || !strcmp(de->d_name, "lo"))
				continue;
			if (prefix && strncmp(de->d_name, prefix, strlen(prefix)))
				continue;
			printf("%s%s", first ? "" : ",", de->d_name);
			first = 0;
		}
		closedir(d);
	}
	printf("%s\n", first ? "-" : "");
}

static long meminfo_kb(const char *field)
{
	char line[256];
	size_t n = strlen(field);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

int main(void)
{
	char maj[32], min[32], extra[64];

	print_file("hv_type", "/sys/hypervisor/type");
	read_line("/sys/hypervisor/version/major", maj, sizeof(maj));
	read_line("/sys/hypervisor/version/minor", min, sizeof(min));
	read_line("/sys/hypervisor/version/extra", extra, sizeof(extra));
	printf("hv_version=%s\n", maj[0] ? maj : "-");
	if (maj[0])
		printf("hv_version_full=%s.%s%s\n", maj, min, extra);
	printf("nproc=%ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	print_file("cpus_online", "/sys/devices/system/cpu/online");
	print_file("cpus_present", "/sys/devices/system/cpu/present");
	printf("memtotal_kb=%ld\n", meminfo_kb("MemTotal"));
	print_file("balloon_target_kb",
		   "/sys/devices/system/xen_memory/xen_memory0/target_kb");
	print_dir("blockdevs", "/sys/block", "xvd");
	print_dir("netdevs", "/sys/class/net", NULL);
	return 0;
}
