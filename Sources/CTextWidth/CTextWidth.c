#define _XOPEN_SOURCE 700
#include "CTextWidth.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>

int peerroom_scalar_width(uint32_t scalar) {
    return wcwidth((wchar_t)scalar);
}

static int codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

int peerroom_ensure_utf8_ctype(void) {
    if (codeset_is_utf8()) return 1;
    if (setlocale(LC_CTYPE, "") != NULL && codeset_is_utf8()) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") != NULL && codeset_is_utf8()) return 1;
    if (setlocale(LC_CTYPE, "C.utf8") != NULL && codeset_is_utf8()) return 1;
    return 0;
}
