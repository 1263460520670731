// ncursesw for Swift. The wide-character API needs NCURSES_WIDECHAR before the include;
// macros and globals Swift cannot import (or cannot read under strict concurrency) get
// small inline accessors here.
#ifndef PEERROOM_CNCURSES_SHIM_H
#define PEERROOM_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stddef.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncurses.h>

static inline WINDOW *peerroom_stdscr(void) { return stdscr; }

/// Like initscr, but returns NULL for an unknown terminal instead of exiting the process.
static inline SCREEN *peerroom_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline int peerroom_lines(void) { return LINES; }
static inline int peerroom_cols(void) { return COLS; }
static inline int peerroom_colors(void) { return COLORS; }
static inline int peerroom_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t peerroom_a_normal(void) { return A_NORMAL; }
static inline attr_t peerroom_a_bold(void) { return A_BOLD; }
static inline attr_t peerroom_a_reverse(void) { return A_REVERSE; }
static inline attr_t peerroom_a_underline(void) { return A_UNDERLINE; }
static inline attr_t peerroom_a_dim(void) { return A_DIM; }
static inline attr_t peerroom_a_italic(void) { return A_ITALIC; }

/// Puts one cell: `text` is one spacing character plus up to four combining ones,
/// zero-terminated. Returns ERR when ncurses refuses the cell.
static inline int peerroom_put_cell(int y, int x, const wchar_t *text, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, pair, NULL) == ERR) return ERR;
    return mvadd_wch(y, x, &cell);
}

/// Reads one key or character; returns OK, KEY_CODE_YES or ERR (timeout).
static inline int peerroom_get_wch(unsigned int *out) {
    wint_t value = 0;
    int result = get_wch(&value);
    *out = (unsigned int)value;
    return result;
}

/// Turns off XON/XOFF flow control so Ctrl-S and Ctrl-Q reach the program.
static inline void peerroom_disable_flow_control(void) {
    struct termios modes;
    if (tcgetattr(STDIN_FILENO, &modes) == 0) {
        modes.c_iflag &= ~(tcflag_t)IXON;
        tcsetattr(STDIN_FILENO, TCSANOW, &modes);
    }
}

/// Writes raw bytes to the terminal (for private modes ncurses does not know, such as
/// bracketed paste).
static inline void peerroom_write_raw(const char *bytes) {
    size_t length = 0;
    while (bytes[length] != 0) length++;
    ssize_t ignored = write(STDOUT_FILENO, bytes, length);
    (void)ignored;
}

/// Mouse: presses of the first button and the wheel (buttons 4 and 5), reported at once
/// (no click interval, so a click never waits).
static inline void peerroom_enable_mouse(void) {
    mouseinterval(0);
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
}
static inline mmask_t peerroom_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t peerroom_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t peerroom_wheel_down(void) { return BUTTON5_PRESSED; }
static inline int peerroom_key_mouse(void) { return KEY_MOUSE; }

/// The mouse event waiting after KEY_MOUSE: where, and which buttons (ERR if none).
static inline int peerroom_get_mouse(int *x, int *y, mmask_t *buttons) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *x = event.x;
    *y = event.y;
    *buttons = event.bstate;
    return OK;
}

#endif
