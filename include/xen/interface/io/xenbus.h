/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: the states a split driver's frontend and backend
 * publish in their xenstore "state" nodes.  Each end writes only its
 * own node and watches the other's; a connection is up when both read
 * XenbusStateConnected.  Values follow Xen's public io/xenbus.h
 * (Xen 4.17); tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_IO_XENBUS_H
#define _XEN_INTERFACE_IO_XENBUS_H

enum xenbus_state {
	XenbusStateUnknown	= 0,	/* no state node yet */
	XenbusStateInitialising	= 1,
	XenbusStateInitWait	= 2,	/* backend: details published, waiting */
	XenbusStateInitialised	= 3,	/* frontend: rings and channels ready */
	XenbusStateConnected	= 4,
	XenbusStateClosing	= 5,	/* asked to go away */
	XenbusStateClosed	= 6,
	XenbusStateReconfiguring = 7,	/* a backend changing its devices */
	XenbusStateReconfigured	= 8,
};

#endif /* _XEN_INTERFACE_IO_XENBUS_H */
