// libedit (Debian's libedit-dev): line editing and history for the plain room on a terminal.
// Its readline.h needs FILE from stdio.h first.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

// Globals are set here, where Swift's strict concurrency does not see them: the name lets a
// person's ~/.editrc hold bindings for peerroom alone.
static inline void peerroom_line_editing_start(void) {
    rl_readline_name = "peerroom";
    using_history();
}
