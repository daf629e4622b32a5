// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ClickyInfo(STYLE ...)
 * =s information
 * stores information for the Clicky GUI
 * =d
 * Click's drivers ignore this element, and so does kclick: it has no
 * ports and its arguments (style sheets for Click's Clicky GUI, which
 * reads them from the configuration text) are not checked.  It is
 * accepted so that configurations written with Clicky run unchanged.
 * =e
 *   ClickyInfo(STYLE #c { decorations: activity });
 * =a AlignmentInfo, ScheduleInfo
 */
#include <kclick/element.h>

static int clickyinfo_configure(struct kc_elem *e, struct kc_args *args)
{
	return 0;
}

const struct kc_class kc_clickyinfo_class = {
	.name = "ClickyInfo",
	.ports = "0/0",
	.processing = "a/a",
	.configure = clickyinfo_configure,
};
