// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the cpuid features hidden from a PV guest (pv-cpuid.c).
 *
 * The table in pv-cpuid.c writes leaves and bit numbers by hand; here the
 * kernel's own X86_FEATURE_* definitions say which leaf, register and bit
 * each feature is, so a wrong bit or a missing or extra one fails.  Pure:
 * no cpuid instruction, no hypercall, so it runs natively and under Xen.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <asm/cpufeature.h>
#include <asm/cpufeatures.h>

#include "pv-cpuid.h"

#define ANY	~0u

enum reg { EAX, EBX, ECX, EDX };

/* Where the kernel's feature words come from (enum cpuid_leafs). */
static const struct {
	unsigned int word, leaf, subleaf;
	enum reg reg;
} words[] = {
	{ CPUID_1_EDX, 1, ANY, EDX },
	{ CPUID_8000_0001_EDX, 0x80000001, ANY, EDX },
	{ CPUID_1_ECX, 1, ANY, ECX },
	{ CPUID_8000_0001_ECX, 0x80000001, ANY, ECX },
	{ CPUID_7_0_EBX, 7, 0, EBX },
	{ CPUID_D_1_EAX, 0xd, 1, EAX },
	{ CPUID_7_ECX, 7, 0, ECX },
};

/* What a PV guest must not see (Documentation/xen/pv-cpu.rst). */
static const unsigned int hidden[] = {
	X86_FEATURE_MWAIT, X86_FEATURE_DSCPL, X86_FEATURE_VMX, X86_FEATURE_SMX,
	X86_FEATURE_EST, X86_FEATURE_TM2, X86_FEATURE_PDCM, X86_FEATURE_PCID,
	X86_FEATURE_X2APIC, X86_FEATURE_TSC_DEADLINE_TIMER,
	X86_FEATURE_PSE, X86_FEATURE_MCE, X86_FEATURE_APIC, X86_FEATURE_MTRR,
	X86_FEATURE_PGE, X86_FEATURE_MCA, X86_FEATURE_PSE36, X86_FEATURE_DS,
	X86_FEATURE_ACPI, X86_FEATURE_ACC, X86_FEATURE_PBE,
	X86_FEATURE_FSGSBASE, X86_FEATURE_SMEP, X86_FEATURE_INVPCID, X86_FEATURE_SMAP,
	X86_FEATURE_UMIP, X86_FEATURE_PKU, X86_FEATURE_OSPKE, X86_FEATURE_WAITPKG,
	X86_FEATURE_LA57,
	X86_FEATURE_XSAVES,
	X86_FEATURE_SVM, X86_FEATURE_MWAITX, X86_FEATURE_GBPAGES,
};

/* What a PV guest needs or may use: must come through untouched. */
static const unsigned int kept[] = {
	X86_FEATURE_FPU, X86_FEATURE_TSC, X86_FEATURE_CX8, X86_FEATURE_CMOV,
	X86_FEATURE_FXSR, X86_FEATURE_XMM, X86_FEATURE_XMM2,
	X86_FEATURE_SYSCALL, X86_FEATURE_NX, X86_FEATURE_LM,
	X86_FEATURE_CX16, X86_FEATURE_XSAVE, X86_FEATURE_HYPERVISOR,
	X86_FEATURE_LAHF_LM, X86_FEATURE_AVX2, X86_FEATURE_ERMS,
	X86_FEATURE_XSAVEOPT, X86_FEATURE_XSAVEC, X86_FEATURE_RDPID,
};

/* The register that holds @feature after masking an all-ones result. */
static unsigned int masked_word(struct kunit *test, unsigned int feature, unsigned int subleaf)
{
	unsigned int r[4] = { ~0u, ~0u, ~0u, ~0u };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(words); i++) {
		if (words[i].word != feature / 32)
			continue;
		xen_cpuid_mask(words[i].leaf, words[i].subleaf == ANY ? subleaf : words[i].subleaf,
			       &r[EAX], &r[EBX], &r[ECX], &r[EDX]);
		return r[words[i].reg];
	}
	KUNIT_FAIL(test, "feature word %u has no leaf in this test", feature / 32);
	return 0;
}

static void hides_pv_unusable_features(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hidden); i++)
		KUNIT_EXPECT_FALSE_MSG(test, masked_word(test, hidden[i], 0) & BIT(hidden[i] % 32),
				       "feature %u*32+%u is not hidden",
				       hidden[i] / 32, hidden[i] % 32);
}

static void keeps_needed_features(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kept); i++)
		KUNIT_EXPECT_TRUE_MSG(test, masked_word(test, kept[i], 0) & BIT(kept[i] % 32),
				      "feature %u*32+%u is hidden", kept[i] / 32, kept[i] % 32);
}

/* Exactly the listed bits go: nothing more in any masked register. */
static void hides_nothing_else(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(words); i++) {
		unsigned int want = ~0u;

		for (j = 0; j < ARRAY_SIZE(hidden); j++)
			if (hidden[j] / 32 == words[i].word)
				want &= ~BIT(hidden[j] % 32);
		KUNIT_EXPECT_EQ_MSG(test, masked_word(test, words[i].word * 32, 0), want,
				    "leaf %#x register %d", words[i].leaf, words[i].reg);
	}
}

/* Leaf 1 and 0x80000001 have no subleaves: ecx on input is noise. */
static void ignores_subleaf_of_plain_leaves(struct kunit *test)
{
	static const unsigned int noise[] = { 1, 7, 0xdeadbeef, ~0u };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(noise); i++) {
		KUNIT_EXPECT_EQ(test, masked_word(test, X86_FEATURE_PSE, noise[i]),
				masked_word(test, X86_FEATURE_PSE, 0));
		KUNIT_EXPECT_EQ(test, masked_word(test, X86_FEATURE_MWAIT, noise[i]),
				masked_word(test, X86_FEATURE_MWAIT, 0));
		KUNIT_EXPECT_EQ(test, masked_word(test, X86_FEATURE_GBPAGES, noise[i]),
				masked_word(test, X86_FEATURE_GBPAGES, 0));
		KUNIT_EXPECT_EQ(test, masked_word(test, X86_FEATURE_SVM, noise[i]),
				masked_word(test, X86_FEATURE_SVM, 0));
	}
}

/* Leaf and subleaf pairs that must pass through untouched. */
struct xen_cpuid_case {
	unsigned int leaf, subleaf;
};

static const struct xen_cpuid_case untouched[] = {
	{ 0, 0 }, { 2, 0 }, { 4, 0 }, { 6, 0 }, { 0xb, 0 }, { 0xd, 0 }, { 0xd, 2 },
	{ 7, 1 }, { 7, 2 }, { 7, ~0u }, { 0xd, ~0u },
	/* Xen's own leaves, and neighbours or aliases of the masked ones */
	{ 0x40000000, 0 }, { 0x40000001, 0 }, { 0x40000004, 0 },
	{ 0x80000000, 0 }, { 0x80000008, 0 }, { 0x80000002, 1 },
	{ 0x10000001, 0 }, { 0x00010001, 0 }, { 0x8000001, 0 },
	{ 0xffffffff, 0 }, { 0xffffffff, ~0u },
};

static void xen_cpuid_case_desc(const struct xen_cpuid_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "leaf-%#x.%#x", c->leaf, c->subleaf);
}

KUNIT_ARRAY_PARAM(xen_cpuid_untouched, untouched, xen_cpuid_case_desc);

static void leaves_other_leaves_alone(struct kunit *test)
{
	const struct xen_cpuid_case *c = test->param_value;
	unsigned int a = ~0u, b = ~0u, cx = ~0u, d = ~0u;

	xen_cpuid_mask(c->leaf, c->subleaf, &a, &b, &cx, &d);
	KUNIT_EXPECT_EQ(test, a, ~0u);
	KUNIT_EXPECT_EQ(test, b, ~0u);
	KUNIT_EXPECT_EQ(test, cx, ~0u);
	KUNIT_EXPECT_EQ(test, d, ~0u);
}

/* Masking only clears, leaves 0 alone, and a second pass changes nothing. */
static void only_clears_and_is_idempotent(struct kunit *test)
{
	static const unsigned int leaves[][2] = {
		{ 1, 0 }, { 7, 0 }, { 0xd, 1 }, { 0x80000001, 0 }, { 5, 0 },
	};
	u32 x = 0x9e3779b9;	/* xorshift32 state: a fixed spread of values */
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(leaves); i++) {
		for (k = 0; k < 64; k++) {
			unsigned int in[4], r[4], again[4], j;

			for (j = 0; j < 4; j++) {
				x ^= x << 13;
				x ^= x >> 17;
				x ^= x << 5;
				in[j] = k ? x : 0;
				r[j] = in[j];
			}
			xen_cpuid_mask(leaves[i][0], leaves[i][1], &r[EAX], &r[EBX],
				       &r[ECX], &r[EDX]);
			memcpy(again, r, sizeof(r));
			xen_cpuid_mask(leaves[i][0], leaves[i][1], &again[EAX], &again[EBX],
				       &again[ECX], &again[EDX]);
			for (j = 0; j < 4; j++) {
				KUNIT_EXPECT_EQ(test, r[j] & ~in[j], 0u);
				KUNIT_EXPECT_EQ(test, again[j], r[j]);
			}
		}
	}
}

/* Leaf 1's eax (signature) and ebx (APIC id, CLFLUSH size) are not masked. */
static void keeps_leaf1_identity(struct kunit *test)
{
	unsigned int a = 0x000806ec, b = 0x03100800, c = 0, d = 0;

	xen_cpuid_mask(1, 0, &a, &b, &c, &d);
	KUNIT_EXPECT_EQ(test, a, 0x000806ecu);
	KUNIT_EXPECT_EQ(test, b, 0x03100800u);
}

static struct kunit_case xen_cpuid_cases[] = {
	KUNIT_CASE(hides_pv_unusable_features),
	KUNIT_CASE(keeps_needed_features),
	KUNIT_CASE(hides_nothing_else),
	KUNIT_CASE(ignores_subleaf_of_plain_leaves),
	KUNIT_CASE_PARAM(leaves_other_leaves_alone, xen_cpuid_untouched_gen_params),
	KUNIT_CASE(only_clears_and_is_idempotent),
	KUNIT_CASE(keeps_leaf1_identity),
	{}
};

static struct kunit_suite xen_cpuid_suite = {
	.name = "xen_pv_cpuid",
	.test_cases = xen_cpuid_cases,
};

kunit_test_suite(xen_cpuid_suite);

MODULE_LICENSE("GPL");
