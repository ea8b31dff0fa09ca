// SPDX-License-Identifier: GPL-2.0
/*
 * Numbers in xenstore values (Documentation/xen/xenstore.rst, "Numbers").
 *
 * Every number a guest reads from xenstore was written by the toolstack,
 * a backend or the daemon, none of which we trust.  They all write with
 * printf's %u, %d or %llu, so the one form to accept is the canonical
 * decimal one; anything else ("+5", "007", "5\n", " 5", "0x5") means a
 * writer we do not understand, and guessing what it meant is how a value
 * slips past a range check.  One parser for every user, so that a
 * frontend and the bus cannot disagree on what "5" is.  Pure functions:
 * the KUnit suite xen_xenstore runs them on malformed input.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/types.h>
#include <xen/xenstore.h>

static bool xs_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int xenstore_parse_u64(const char *s, u64 max, u64 *out)
{
	const char *p;
	u64 v = 0;
	unsigned int d;

	/*
	 * The form first, the value second: a malformed string is -EINVAL
	 * however large its digits would make it.
	 */
	if (!*s || (s[0] == '0' && s[1]))
		return -EINVAL;
	for (p = s; *p; p++)
		if (!xs_is_digit(*p))
			return -EINVAL;

	for (p = s; *p; p++) {
		d = *p - '0';
		/* v * 10 + d <= max, asked without overflowing a u64. */
		if (d > max || v > (max - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}
EXPORT_SYMBOL_GPL(xenstore_parse_u64);
