#ifndef PEERROOM_CTEXTWIDTH_H
#define PEERROOM_CTEXTWIDTH_H

#include <stdint.h>

/// Columns the C library (and so ncurses) gives one Unicode scalar: -1 for a
/// non-printable one, 0 for combining marks, 2 for wide ones.
int peerroom_scalar_width(uint32_t scalar);

/// Makes LC_CTYPE a UTF-8 locale when it is not one already (LANG=C over SSH),
/// so that widths are known for every scalar. Returns 1 when the locale is UTF-8 afterwards.
int peerroom_ensure_utf8_ctype(void);

#endif
