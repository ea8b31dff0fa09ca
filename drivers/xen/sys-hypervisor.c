// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/hypervisor on Xen: what the hypervisor reports about itself through
 * HYPERVISOR_xen_version, for tools that want to know that they run on
 * Xen, which version, and in which domain.  Documentation/xen/sysfs.rst
 * lists the files and their formats.
 *
 * One table describes every file: its directory, its name and which
 * answer of Xen it shows; one show function serves them all, and the
 * sysfs groups are built from the table at boot.
 *
 * Every read asks Xen again: after a migration the answers are another
 * host's.  Xen writes fixed-size string buffers; nothing says it ends
 * them with a NUL, so each buffer is cut at its last byte before use.
 */
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <xen/interface/features.h>
#include <xen/interface/version.h>
#include <xen/interface/xen.h>
#include <xen/xen.h>
#include <asm/xen/hypercall.h>

/* The longest build ID we show: two hex digits a byte, in one page. */
#define XEN_BUILD_ID_MAX	((PAGE_SIZE - 1) / 2)

/* What a file shows. */
enum xen_hyp_what {
	XEN_HYP_TYPE,		/* "xen" */
	XEN_HYP_UUID,		/* XENVER_guest_handle as a UUID */
	XEN_HYP_MAJOR,		/* XENVER_version, high half */
	XEN_HYP_MINOR,		/* XENVER_version, low half */
	XEN_HYP_STRING,		/* a string sub-operation: cmd, len */
	XEN_HYP_COMPILER,	/* XENVER_compile_info fields */
	XEN_HYP_COMPILED_BY,
	XEN_HYP_COMPILE_DATE,
	XEN_HYP_VIRT_START,	/* XENVER_platform_parameters */
	XEN_HYP_PAGESIZE,	/* XENVER_pagesize */
	XEN_HYP_FEATURES,	/* XENVER_get_features, every submap */
	XEN_HYP_BUILDID,	/* XENVER_build_id */
};

struct xen_hyp_file {
	const char *dir;	/* subdirectory, or NULL for the top */
	enum xen_hyp_what what;
	int cmd;		/* XEN_HYP_STRING: the XENVER_* sub-operation */
	size_t len;		/* XEN_HYP_STRING: the size of its buffer */
	struct kobj_attribute kattr;
};

static ssize_t xen_hyp_show(struct kobject *kobj, struct kobj_attribute *kattr, char *page);

#define XEN_HYP_FILE(_dir, _name, _what, _cmd, _len) {			\
	.dir = _dir, .what = _what, .cmd = _cmd, .len = _len,		\
	.kattr = __ATTR(_name, 0444, xen_hyp_show, NULL),		\
}

static struct xen_hyp_file xen_hyp_files[] = {
	XEN_HYP_FILE(NULL, type, XEN_HYP_TYPE, 0, 0),
	XEN_HYP_FILE(NULL, uuid, XEN_HYP_UUID, 0, 0),
	XEN_HYP_FILE("version", major, XEN_HYP_MAJOR, 0, 0),
	XEN_HYP_FILE("version", minor, XEN_HYP_MINOR, 0, 0),
	XEN_HYP_FILE("version", extra, XEN_HYP_STRING,
		     XENVER_extraversion, XEN_EXTRAVERSION_LEN),
	XEN_HYP_FILE("compilation", compiler, XEN_HYP_COMPILER, 0, 0),
	XEN_HYP_FILE("compilation", compiled_by, XEN_HYP_COMPILED_BY, 0, 0),
	XEN_HYP_FILE("compilation", compile_date, XEN_HYP_COMPILE_DATE, 0, 0),
	XEN_HYP_FILE("properties", capabilities, XEN_HYP_STRING,
		     XENVER_capabilities, XEN_CAPABILITIES_INFO_LEN),
	XEN_HYP_FILE("properties", changeset, XEN_HYP_STRING,
		     XENVER_changeset, XEN_CHANGESET_INFO_LEN),
	XEN_HYP_FILE("properties", virtual_start, XEN_HYP_VIRT_START, 0, 0),
	XEN_HYP_FILE("properties", pagesize, XEN_HYP_PAGESIZE, 0, 0),
	XEN_HYP_FILE("properties", features, XEN_HYP_FEATURES, 0, 0),
	XEN_HYP_FILE("properties", buildid, XEN_HYP_BUILDID, 0, 0),
};

/* The directories, in the order their groups are created. */
static const char *const xen_hyp_dirs[] = { NULL, "version", "compilation", "properties" };

/*
 * A failed call's result as an errno for userspace.  Xen's error numbers
 * match Linux's; anything else (a positive result where 0 was due, or a
 * value no errno has) becomes -EIO.
 */
static int xen_errno(int rc)
{
	return rc < 0 && rc >= -MAX_ERRNO ? rc : -EIO;
}

/* A string sub-operation with a @len-byte buffer, NUL-terminated by us. */
static ssize_t xen_hyp_string(int cmd, size_t len, char *page)
{
	char *buf = kzalloc(len, GFP_KERNEL);
	ssize_t ret;
	int rc;

	if (!buf)
		return -ENOMEM;
	rc = HYPERVISOR_xen_version(cmd, buf);
	if (rc) {
		ret = xen_errno(rc);
	} else {
		buf[len - 1] = '\0';
		ret = sysfs_emit(page, "%s\n", buf);
	}
	kfree(buf);
	return ret;
}

/* One field (or two, for compiled_by) of XENVER_compile_info. */
static ssize_t xen_hyp_compile_info(enum xen_hyp_what what, char *page)
{
	struct xen_compile_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
	ssize_t ret;
	int rc;

	if (!info)
		return -ENOMEM;
	rc = HYPERVISOR_xen_version(XENVER_compile_info, info);
	if (rc) {
		ret = xen_errno(rc);
		goto out;
	}
	info->compiler[sizeof(info->compiler) - 1] = '\0';
	info->compile_by[sizeof(info->compile_by) - 1] = '\0';
	info->compile_domain[sizeof(info->compile_domain) - 1] = '\0';
	info->compile_date[sizeof(info->compile_date) - 1] = '\0';
	if (what == XEN_HYP_COMPILER)
		ret = sysfs_emit(page, "%s\n", info->compiler);
	else if (what == XEN_HYP_COMPILED_BY)
		ret = sysfs_emit(page, "%s@%s\n", info->compile_by, info->compile_domain);
	else
		ret = sysfs_emit(page, "%s\n", info->compile_date);
out:
	kfree(info);
	return ret;
}

/* The XENFEAT_* bitmap: 32-bit submaps in hex, the highest first. */
static ssize_t xen_hyp_features(char *page)
{
	struct xen_feature_info info;
	ssize_t len = 0;
	int idx, rc;

	for (idx = XENFEAT_NR_SUBMAPS - 1; idx >= 0; idx--) {
		info.submap_idx = idx;
		rc = HYPERVISOR_xen_version(XENVER_get_features, &info);
		if (rc)
			return xen_errno(rc);
		len += sysfs_emit_at(page, len, "%08x", info.submap);
	}
	return len + sysfs_emit_at(page, len, "\n");
}

/* The length of Xen's build ID, or a negative errno if it shows none. */
static int xen_build_id_len(void)
{
	int rc = HYPERVISOR_xen_version(XENVER_build_id, NULL);

	if (rc <= 0)
		return rc ? xen_errno(rc) : -ENODATA;
	return min_t(int, rc, XEN_BUILD_ID_MAX);
}

/* Xen's build ID (a hash of its binary), in hex. */
static ssize_t xen_hyp_buildid(char *page)
{
	struct xen_build_id *id;
	ssize_t ret = 0;
	int len, rc, i;

	len = xen_build_id_len();
	if (len < 0)
		return len;
	id = kzalloc(struct_size(id, buf, len), GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	id->len = len;
	rc = HYPERVISOR_xen_version(XENVER_build_id, id);
	/* Xen returns the bytes it wrote, which cannot exceed what we offered. */
	if (rc <= 0 || rc > len) {
		ret = xen_errno(rc);
		goto out;
	}
	for (i = 0; i < rc; i++)
		ret += sysfs_emit_at(page, ret, "%02x", id->buf[i]);
	ret += sysfs_emit_at(page, ret, "\n");
out:
	kfree(id);
	return ret;
}

static ssize_t xen_hyp_show(struct kobject *kobj, struct kobj_attribute *kattr, char *page)
{
	const struct xen_hyp_file *f = container_of(kattr, struct xen_hyp_file, kattr);
	struct xen_platform_parameters params;
	xen_domain_handle_t handle;
	u32 version;
	int rc;

	switch (f->what) {
	case XEN_HYP_TYPE:
		return sysfs_emit(page, "xen\n");
	case XEN_HYP_UUID:
		/* The handle the toolstack gave this domain: its UUID, as xl shows it. */
		rc = HYPERVISOR_xen_version(XENVER_guest_handle, handle);
		return rc ? xen_errno(rc) : sysfs_emit(page, "%pUb\n", handle);
	case XEN_HYP_MAJOR:
	case XEN_HYP_MINOR:
		/* Never fails: (major << 16) | minor. */
		version = (u32)HYPERVISOR_xen_version(XENVER_version, NULL);
		return sysfs_emit(page, "%u\n",
				  f->what == XEN_HYP_MAJOR ? version >> 16 : version & 0xffff);
	case XEN_HYP_STRING:
		return xen_hyp_string(f->cmd, f->len, page);
	case XEN_HYP_COMPILER:
	case XEN_HYP_COMPILED_BY:
	case XEN_HYP_COMPILE_DATE:
		return xen_hyp_compile_info(f->what, page);
	case XEN_HYP_VIRT_START:
		/* Where Xen's own part of every guest address space begins. */
		rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &params);
		return rc ? xen_errno(rc) : sysfs_emit(page, "0x%016lx\n", params.virt_start);
	case XEN_HYP_PAGESIZE:
		rc = HYPERVISOR_xen_version(XENVER_pagesize, NULL);
		return rc > 0 ? sysfs_emit(page, "%d\n", rc) : xen_errno(rc);
	case XEN_HYP_FEATURES:
		return xen_hyp_features(page);
	case XEN_HYP_BUILDID:
		return xen_hyp_buildid(page);
	}
	return -EIO;
}

/*
 * The groups handed to sysfs, one per directory, with their attribute
 * lists; built once at boot from xen_hyp_files.  buildid is left out
 * when Xen shows no build ID then.
 */
static struct attribute_group xen_hyp_groups[ARRAY_SIZE(xen_hyp_dirs)];
static const struct attribute_group *xen_hyp_group_list[ARRAY_SIZE(xen_hyp_dirs) + 1];
static struct attribute *xen_hyp_attrs[ARRAY_SIZE(xen_hyp_files) + ARRAY_SIZE(xen_hyp_dirs)];

static bool __init xen_hyp_same_dir(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void __init xen_hyp_build_groups(void)
{
	bool have_buildid = xen_build_id_len() >= 0;
	struct attribute **next = xen_hyp_attrs;
	unsigned int d, i;

	for (d = 0; d < ARRAY_SIZE(xen_hyp_dirs); d++) {
		xen_hyp_groups[d].name = xen_hyp_dirs[d];
		xen_hyp_groups[d].attrs = next;
		for (i = 0; i < ARRAY_SIZE(xen_hyp_files); i++) {
			struct xen_hyp_file *f = &xen_hyp_files[i];

			if (!xen_hyp_same_dir(f->dir, xen_hyp_dirs[d]))
				continue;
			if (f->what == XEN_HYP_BUILDID && !have_buildid)
				continue;
			*next++ = &f->kattr.attr;
		}
		*next++ = NULL;		/* ends this group's list */
		xen_hyp_group_list[d] = &xen_hyp_groups[d];
	}
}

static int __init xen_sys_hypervisor_init(void)
{
	int rc;

	if (!xen_domain())
		return 0;
	if (!hypervisor_kobj) {
		pr_err("xen: no /sys/hypervisor to add to\n");
		return -ENODEV;
	}
	xen_hyp_build_groups();
	/* All groups or none: sysfs_create_groups() removes what it made. */
	rc = sysfs_create_groups(hypervisor_kobj, xen_hyp_group_list);
	if (rc)
		pr_err("xen: cannot create the /sys/hypervisor files: %d\n", rc);
	return rc;
}
device_initcall(xen_sys_hypervisor_init);
