/* expect-status: 0 */
/*
 * sig_alarm_itimer - alarm and setitimer(ITIMER_REAL): a periodic 10 ms timer delivers SIGALRM
 * repeatedly (five are counted, then it is stopped and no more come); getitimer shows the
 * interval as set and a value no larger; alarm returns the seconds left of the previous alarm
 * (rounded, so 9 or 10 of 10) and alarm(0) cancels; an alarm that fires with the default
 * action would kill, so only handled ones are used. Errors: an unknown timer (EINVAL), a bad
 * tv_usec (EINVAL).
 */
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include "../linux/check.h"

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 10000}, {0, 10000}}, cur;
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    CHECK(getitimer(ITIMER_REAL, &cur) == 0);
    printf("getitimer: interval %ld us, value within it: %s\n", (long)cur.it_interval.tv_usec,
           cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 10000 ? "yes" : "no");
    sigset_t none;
    sigemptyset(&none);
    while (alarms < 5) {
        sigsuspend(&none);
    }
    struct itimerval stop = {{0, 0}, {0, 0}};
    CHECK(setitimer(ITIMER_REAL, &stop, &cur) == 0);
    int seen = alarms;
    struct timespec nap = {0, 50 * 1000 * 1000};
    while (nanosleep(&nap, &nap) != 0) {
    }
    printf("periodic timer: %d alarms, then stopped: %s, old interval %ld us\n", seen,
           alarms == seen ? "no more came" : "more came", (long)cur.it_interval.tv_usec);
    CHECK(seen == 5 && alarms == seen);
    CHECK(getitimer(ITIMER_REAL, &cur) == 0);
    CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);

    CHECK(alarm(10) == 0);
    unsigned left = alarm(20);
    printf("alarm(10) then alarm(20) returns 9 or 10: %s\n",
           left == 9 || left == 10 ? "yes" : "no");
    CHECK(left == 9 || left == 10);
    left = alarm(0);
    printf("alarm(0) returns 19 or 20: %s\n", left == 19 || left == 20 ? "yes" : "no");
    CHECK(alarm(0) == 0);

    alarms = 0;
    struct itimerval once = {{0, 0}, {0, 20000}};
    CHECK(setitimer(ITIMER_REAL, &once, NULL) == 0);
    while (alarms == 0) {
        sigsuspend(&none);
    }
    nap.tv_nsec = 40 * 1000 * 1000;
    while (nanosleep(&nap, &nap) != 0) {
    }
    printf("one-shot timer: %d alarm\n", (int)alarms);
    CHECK(alarms == 1);

    CHECK_ERRNO(setitimer(7, &it, NULL), EINVAL);
    CHECK_ERRNO(getitimer(7, &cur), EINVAL);
    struct itimerval bad = {{0, 0}, {0, 1000000}};
    CHECK_ERRNO(setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
    return check_finish("sig_alarm_itimer", 0);
}
