/* expect-status: 0 */
/*
 * proc_fork_cow - after fork, parent and child each see their own copy of private memory
 * (a global, the stack, the heap, a private anonymous mapping): both write the same buffers
 * and each reads back only its own writes. A MAP_SHARED anonymous mapping is the exception:
 * the child's writes show in the parent.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "../linux/check.h"

#define SIZE (64 * 1024)

static unsigned char global_buf[SIZE];

static pid_t fork_flushed(void)
{
    fflush(stdout);
    fflush(stderr);
    return fork();
}

/* 0 if every byte of the four private buffers is `v`. */
static size_t wrong_bytes(unsigned char *a, unsigned char *b, unsigned char *c, unsigned char *d,
                          unsigned char v)
{
    return bytes_not(a, SIZE, v) + bytes_not(b, 4096, v) + bytes_not(c, SIZE, v) +
           bytes_not(d, SIZE, v);
}

int main(void)
{
    unsigned char stack_buf[4096];
    unsigned char *heap = malloc(SIZE);
    unsigned char *anon =
        mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *shared =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(heap != NULL && anon != MAP_FAILED && shared != MAP_FAILED);
    memset(global_buf, 'P', SIZE);
    memset(stack_buf, 'P', sizeof(stack_buf));
    memset(heap, 'P', SIZE);
    memset(anon, 'P', SIZE);
    memset(shared, 0, 4096);

    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        close(pipefd[1]);
        /* The child sees the parent's bytes, writes its own, waits until the parent has
         * written too, then checks that it still sees its own. */
        int bad = wrong_bytes(global_buf, stack_buf, heap, anon, 'P') != 0;
        memset(global_buf, 'C', SIZE);
        memset(stack_buf, 'C', sizeof(stack_buf));
        memset(heap, 'C', SIZE);
        memset(anon, 'C', SIZE);
        memset(shared, 'S', 4096);
        char c;
        bad |= read(pipefd[0], &c, 1) != 1;
        bad |= wrong_bytes(global_buf, stack_buf, heap, anon, 'C') != 0;
        check_touch(stack_buf);
        _exit(bad ? 1 : 0);
    }
    close(pipefd[0]);
    memset(global_buf, 'Q', SIZE);
    memset(stack_buf, 'Q', sizeof(stack_buf));
    memset(heap, 'Q', SIZE);
    memset(anon, 'Q', SIZE);
    CHECK(write(pipefd[1], "g", 1) == 1);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("child saw the parent's bytes, then only its own: %s\n",
           WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    size_t wrong = wrong_bytes(global_buf, stack_buf, heap, anon, 'Q');
    printf("parent sees only its own writes: %zu wrong bytes\n", wrong);
    CHECK(wrong == 0);
    size_t shared_wrong = bytes_not(shared, 4096, 'S');
    printf("MAP_SHARED page written by the child: %zu bytes differ from 'S'\n", shared_wrong);
    CHECK(shared_wrong == 0);
    check_touch(stack_buf);
    return check_finish("proc_fork_cow", 0);
}
