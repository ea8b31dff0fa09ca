// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the xenbus frontend bus's checks on xenstore input
 * (bus_parse.c): device names, domain ids, state values, the backend's
 * path and the paths the "device" watch reports, each with malformed
 * input.  The number syntax itself is xenstore_parse_u64()'s, tested in
 * xenstore_test.c.  Runs anywhere: no Xen needed.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "bus_internal.h"

static void xenbus_test_names(struct kunit *test)
{
	static const char *const good[] = { "vbd", "vif", "51728", "a", "x_y-z", "ABC9" };
	static const char *const bad[] = {
		"", "a/b", "..", ".", "a.b", "a b", "a\tb", "vbd\n", "a@b", "\xc3\xa9",
		"a\x7f", "-\x01",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		KUNIT_EXPECT_EQ_MSG(test, xenbus_check_name(good[i], XENBUS_TYPE_MAX), 0,
				    "\"%s\"", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, xenbus_check_name(bad[i], XENBUS_TYPE_MAX), -EINVAL,
				    "\"%s\"", bad[i]);
}

static void xenbus_test_name_length(struct kunit *test)
{
	char name[XENBUS_TYPE_MAX + 2];

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	/* size - 1 characters fit; size do not; longer do not either. */
	name[XENBUS_TYPE_MAX - 1] = '\0';
	KUNIT_EXPECT_EQ(test, xenbus_check_name(name, XENBUS_TYPE_MAX), 0);
	name[XENBUS_TYPE_MAX - 1] = 'a';
	name[XENBUS_TYPE_MAX] = '\0';
	KUNIT_EXPECT_EQ(test, xenbus_check_name(name, XENBUS_TYPE_MAX), -EINVAL);
	name[XENBUS_TYPE_MAX] = 'a';
	KUNIT_EXPECT_EQ(test, xenbus_check_name(name, XENBUS_TYPE_MAX), -EINVAL);
}

static void xenbus_test_domid(struct kunit *test)
{
	domid_t d = 99;

	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("0", &d), 0);
	KUNIT_EXPECT_EQ(test, d, 0);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("32751", &d), 0);	/* 0x7fef */
	KUNIT_EXPECT_EQ(test, d, 0x7fef);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("32752", &d), -ERANGE);	/* DOMID_SELF */
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("65535", &d), -ERANGE);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("65536", &d), -ERANGE);	/* would wrap */
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("4294967296", &d), -ERANGE);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("-1", &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("", &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("0 ", &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("00", &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("+1", &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_domid("18446744073709551616", &d), -ERANGE);
	KUNIT_EXPECT_EQ(test, d, 0x7fef);
}

static void xenbus_test_state(struct kunit *test)
{
	enum xenbus_state s = XenbusStateClosing;
	char buf[4];
	unsigned int i;

	for (i = 0; i <= XenbusStateReconfigured; i++) {
		snprintf(buf, sizeof(buf), "%u", i);
		KUNIT_EXPECT_EQ(test, xenbus_parse_state(buf, &s), 0);
		KUNIT_EXPECT_EQ(test, (unsigned int)s, i);
	}
	s = XenbusStateClosing;
	KUNIT_EXPECT_EQ(test, xenbus_parse_state("9", &s), -ERANGE);
	KUNIT_EXPECT_EQ(test, xenbus_parse_state("4294967295", &s), -ERANGE);
	KUNIT_EXPECT_EQ(test, xenbus_parse_state("-1", &s), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_state("", &s), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_state("4\n", &s), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_state("Connected", &s), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbus_parse_state("04", &s), -EINVAL);
	KUNIT_EXPECT_EQ(test, s, XenbusStateClosing);
}

static void xenbus_test_state_name(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, xenbus_state_name(XenbusStateUnknown), "Unknown");
	KUNIT_EXPECT_STREQ(test, xenbus_state_name(XenbusStateConnected), "Connected");
	KUNIT_EXPECT_STREQ(test, xenbus_state_name(XenbusStateReconfigured), "Reconfigured");
	KUNIT_EXPECT_STREQ(test, xenbus_state_name((enum xenbus_state)9), "invalid");
	KUNIT_EXPECT_STREQ(test, xenbus_state_name((enum xenbus_state)-1), "invalid");
}

static void xenbus_test_otherend(struct kunit *test)
{
	static const char *const bad[] = {
		"",
		"/",
		"/local/domain/0",
		"/local/domain/0/",
		"/local/domain/0/backend",
		"/local/domain/0/backend/",			/* nothing after it */
		"/local/domain/0/backend//vbd",			/* empty component */
		"/local/domain/0/backend/vbd/",			/* trailing slash */
		"/local/domain/0/backend/vbd//5",
		"/local/domain/0/backend/../../1/device",	/* climbing out */
		"/local/domain/0/backend/./vbd",
		"/local/domain/0/backend/vbd/5/51728/..",
		"/local/domain/0/backend/vb d/5",
		"/local/domain/0/backend/vbd/5\n",
		"/local/domain/0/backend/vbd/5@",
		"local/domain/0/backend/vbd/5/51728",		/* relative: our own home */
		"backend/vbd/5/51728",
		"/local/domain/00/backend/vbd/5/51728",		/* not how domid 0 is written */
		"/local/domain/1/backend/vbd/5/51728",		/* another domain than backend-id */
		"/local/domain/0/frontend/vbd/5/51728",
		"/local/domain/0/device/vbd/51728",
		"/local/domain/0backend/vbd",
		"/local/domain/0/backendx/vbd",
		"//local/domain/0/backend/vbd",
	};
	char *longpath;
	unsigned int i;
	size_t n;

	KUNIT_EXPECT_EQ(test, xenbus_check_otherend("/local/domain/0/backend/vbd/5/51728", 0), 0);
	KUNIT_EXPECT_EQ(test, xenbus_check_otherend("/local/domain/0/backend/qdisk/5/768", 0), 0);
	KUNIT_EXPECT_EQ(test, xenbus_check_otherend("/local/domain/7/backend/vif/12/0", 7), 0);
	KUNIT_EXPECT_EQ(test, xenbus_check_otherend("/local/domain/32751/backend/x", 32751), 0);
	KUNIT_EXPECT_EQ(test, xenbus_check_otherend("/local/domain/7/backend/vif/12/0", 0),
			-EINVAL);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, xenbus_check_otherend(bad[i], 0), -EINVAL,
				    "\"%s\"", bad[i]);

	/* Length: XENBUS_OTHEREND_MAX - 1 characters pass, one more does not. */
	longpath = kunit_kzalloc(test, XENBUS_OTHEREND_MAX + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, longpath);
	n = strscpy(longpath, "/local/domain/0/backend/", XENBUS_OTHEREND_MAX);
	memset(longpath + n, 'a', XENBUS_OTHEREND_MAX - 1 - n);
	KUNIT_EXPECT_EQ(test, strlen(longpath), (size_t)XENBUS_OTHEREND_MAX - 1);
	KUNIT_EXPECT_EQ(test, xenbus_check_otherend(longpath, 0), 0);
	longpath[XENBUS_OTHEREND_MAX - 1] = 'a';
	KUNIT_EXPECT_EQ(test, xenbus_check_otherend(longpath, 0), -EINVAL);
}

static void xenbus_test_device_path(struct kunit *test)
{
	char type[XENBUS_TYPE_MAX], id[XENBUS_ID_MAX];
	static const char *const bad[] = {
		"", "dev", "devices", "device/", "device//", "device//5", "device/vbd/",
		"device/vbd//", "device/vbd/5/", "device/vbd/5//", "device/v.bd/5",
		"device/vbd/5 6", "device/../vbd", "device/vbd/..", "/device/vbd/5",
		"/local/domain/3/device/vbd/5", "control/shutdown", "device/vbd/5\n",
		"device/vbd/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"device/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/1",
	};
	unsigned int i;

	KUNIT_EXPECT_EQ(test, xenbus_split_device_path("device", type, id), XENBUS_PATH_ROOT);
	KUNIT_EXPECT_EQ(test, xenbus_split_device_path("device/vbd", type, id),
			XENBUS_PATH_TYPE);
	KUNIT_EXPECT_STREQ(test, type, "vbd");
	KUNIT_EXPECT_EQ(test, xenbus_split_device_path("device/vif/0", type, id),
			XENBUS_PATH_DEVICE);
	KUNIT_EXPECT_STREQ(test, type, "vif");
	KUNIT_EXPECT_STREQ(test, id, "0");
	KUNIT_EXPECT_EQ(test, xenbus_split_device_path("device/vbd/51728/state", type, id),
			XENBUS_PATH_INSIDE);
	KUNIT_EXPECT_STREQ(test, type, "vbd");
	KUNIT_EXPECT_STREQ(test, id, "51728");
	KUNIT_EXPECT_EQ(test, xenbus_split_device_path("device/vbd/51728/q/0/ring-ref",
						       type, id), XENBUS_PATH_INSIDE);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, xenbus_split_device_path(bad[i], type, id), -EINVAL,
				    "\"%s\"", bad[i]);
}

static struct kunit_case xenbus_test_cases[] = {
	KUNIT_CASE(xenbus_test_names),
	KUNIT_CASE(xenbus_test_name_length),
	KUNIT_CASE(xenbus_test_domid),
	KUNIT_CASE(xenbus_test_state),
	KUNIT_CASE(xenbus_test_state_name),
	KUNIT_CASE(xenbus_test_otherend),
	KUNIT_CASE(xenbus_test_device_path),
	{}
};

static struct kunit_suite xenbus_test_suite = {
	.name = "xen_xenbus",
	.test_cases = xenbus_test_cases,
};

kunit_test_suite(xenbus_test_suite);

MODULE_DESCRIPTION("KUnit tests for the xenbus frontend bus's input checks");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
