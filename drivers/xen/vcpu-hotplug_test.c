// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "xen_vcpu_hotplug": what vCPU hotplug (vcpu-hotplug.c)
 * accepts from xenstore -- availability values and watch event paths --
 * with malformed, truncated, padded and overflowing input.  Needs no Xen.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "vcpu-hotplug.h"

static void avail_value_test(struct kunit *test)
{
	static const struct {
		const char *val;
		unsigned int len;
		enum xen_vcpu_avail want;
	} cases[] = {
		{ "online", 6, XEN_VCPU_AVAIL_ONLINE },
		{ "offline", 7, XEN_VCPU_AVAIL_OFFLINE },
		/* Exact bytes only: no case folding, padding or prefixes. */
		{ "Online", 6, XEN_VCPU_AVAIL_BAD },
		{ "online\n", 7, XEN_VCPU_AVAIL_BAD },
		{ " online", 7, XEN_VCPU_AVAIL_BAD },
		{ "onlin", 5, XEN_VCPU_AVAIL_BAD },
		{ "offlinex", 8, XEN_VCPU_AVAIL_BAD },
		{ "", 0, XEN_VCPU_AVAIL_BAD },
		{ "1", 1, XEN_VCPU_AVAIL_BAD },
		/* An embedded NUL: the length says 7, the string says 6. */
		{ "online\0", 7, XEN_VCPU_AVAIL_BAD },
		{ "off\0ine", 7, XEN_VCPU_AVAIL_BAD },
		/* A length shorter than the string. */
		{ "offline", 6, XEN_VCPU_AVAIL_BAD },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, xen_vcpu_avail_parse(cases[i].val, cases[i].len),
				    cases[i].want, "case %u", i);
}

static void avail_path_test(struct kunit *test)
{
	static const struct {
		const char *path;
		int rc;
		unsigned int cpu;
	} cases[] = {
		{ "cpu/0/availability", 0, 0 },
		{ "cpu/1/availability", 0, 1 },
		{ "cpu/127/availability", 0, 127 },
		{ "cpu/65535/availability", 0, 65535 },
		{ "cpu/3", 0, 3 },
		{ "cpu/10", 0, 10 },
		/* The watched node itself: "look at all". */
		{ "cpu", -EINVAL },
		{ "cpu/", -EINVAL },
		/* Numbers: no sign, no leading zero, no hex, no overflow. */
		{ "cpu/+1/availability", -EINVAL },
		{ "cpu/-1/availability", -EINVAL },
		{ "cpu/01/availability", -EINVAL },
		{ "cpu/00/availability", -EINVAL },
		{ "cpu/000001/availability", -EINVAL },
		{ "cpu//availability", -EINVAL },
		{ "cpu/ 1/availability", -EINVAL },
		{ "cpu/1 /availability", -EINVAL },
		{ "cpu/100000/availability", -EINVAL },
		{ "cpu/0x1/availability", -EINVAL },
		{ "cpu/65536/availability", -EINVAL },
		{ "cpu/4294967297/availability", -EINVAL },
		{ "cpu/99999999999999999999/availability", -EINVAL },
		{ "cpu/a/availability", -EINVAL },
		/* Other nodes, trailing junk, absolute or foreign paths. */
		{ "cpu/1/availabilityx", -EINVAL },
		{ "cpu/1/", -EINVAL },
		{ "cpu/1/other", -EINVAL },
		{ "cpu/1//availability", -EINVAL },
		{ "cpux/1/availability", -EINVAL },
		{ "/local/domain/1/cpu/1/availability", -EINVAL },
		{ "", -EINVAL },
	};
	unsigned int i, cpu;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		cpu = ~0u;
		KUNIT_EXPECT_EQ_MSG(test, xen_vcpu_avail_path(cases[i].path, &cpu), cases[i].rc,
				    "%s", cases[i].path);
		if (!cases[i].rc)
			KUNIT_EXPECT_EQ_MSG(test, cpu, cases[i].cpu, "%s", cases[i].path);
		else
			KUNIT_EXPECT_EQ_MSG(test, cpu, ~0u, "%s: output written", cases[i].path);
	}
}

static struct kunit_case xen_vcpu_hotplug_cases[] = {
	KUNIT_CASE(avail_value_test),
	KUNIT_CASE(avail_path_test),
	{}
};

static struct kunit_suite xen_vcpu_hotplug_suite = {
	.name = "xen_vcpu_hotplug",
	.test_cases = xen_vcpu_hotplug_cases,
};

kunit_test_suite(xen_vcpu_hotplug_suite);

MODULE_DESCRIPTION("KUnit tests of Xen vCPU hotplug requests");
MODULE_LICENSE("GPL");
