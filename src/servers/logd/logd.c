/*
 * servers/logd/logd.c - the log service (see logd.h): the serve loop with a handler that
 * prints. Control characters in a line are shown as '?', so a client cannot send escape
 * sequences to the console; a trailing newline is dropped. Public API only.
 */
#include "servers/logd/logd.h"

#include "lib/fmt.h"
#include "servers/serve/serve.h"

#define LOGD_LINE_MAX 512u /* bytes of a line printed; the rest is cut */

static void print_line(vx_handle_t conn, const char *client, const void *bytes, uint32_t n,
                       void *ctx)
{
    char line[LOGD_LINE_MAX + VX_SVC_NAME_MAX + 8];
    const char *b = bytes;
    while (n && (b[n - 1] == '\n' || b[n - 1] == '\r'))
        n--;
    int at = vx_snprintf(line, sizeof line, "[%s] ", client);
    if (at < 0)
        return;
    for (uint32_t i = 0; i < n && i < LOGD_LINE_MAX; i++)
        line[at++] = b[i] >= ' ' && b[i] <= '~' ? b[i] : '?';
    vx_debug_write(line, (size_t)at);
}

int logd_main(void *arg)
{
    const struct vx_startup *s = arg;
    vx_debug_write("ready", 5);
    return serve_loop(s->bootstrap, print_line, NULL);
}
