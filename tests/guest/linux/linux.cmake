# tests/guest/linux/linux.cmake - the Linux differential test corpus: ordinary C programs
# built against Debian's riscv64 glibc, static, into ${CMAKE_BINARY_DIR}/guest/linux/<name>.
# Included by the top-level CMakeLists.txt after tests/guest/guest.cmake (which finds RV_CC).
#
# Every tests/guest/linux/*.c is one program (one compiler call, one source file; check.h and
# tmpdir.h, the scratch directory of the file programs, are the only shared headers). Unlike vx_guest_program these are normal Linux programs: glibc's
# crt and libc, `-static` (the personality has no dynamic loader). _GNU_SOURCE because the
# programs use glibc's GNU declarations (gettid, prlimit, strerrorname_np); -lm for float_math.
#
# The runner is tests/integration/linux_diff.sh, registered with the other integration
# scripts as integration.linux_diff; it runs each program under qemu-riscv64 and under
# `vaelix exec` and compares them. See docs/testing.md.

set(VX_LINUX_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
set(VX_LINUX_TEST_OUT ${CMAKE_BINARY_DIR}/guest/linux)
set(VX_LINUX_TEST_FLAGS -static -O2 -Wall -Werror -D_GNU_SOURCE)
# The whole corpus under `vaelix exec` in the slowest (TSan) build: ~35 programs, each allowed
# 60 s by the runner, though they take a second or two each under qemu.
set(VX_LINUX_DIFF_TIMEOUT_SECONDS 1800)

file(GLOB VX_LINUX_TEST_SOURCES CONFIGURE_DEPENDS ${VX_LINUX_TEST_DIR}/*.c)
file(MAKE_DIRECTORY ${VX_LINUX_TEST_OUT})
set(VX_LINUX_TEST_ELFS)
foreach(src ${VX_LINUX_TEST_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  set(elf ${VX_LINUX_TEST_OUT}/${name})
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${RV_CC} ${VX_LINUX_TEST_FLAGS} -o ${elf} ${src} -lm
    DEPENDS ${src} ${VX_LINUX_TEST_DIR}/check.h ${VX_LINUX_TEST_DIR}/tmpdir.h
    COMMENT "Building riscv64 Linux test program ${name}"
    VERBATIM)
  list(APPEND VX_LINUX_TEST_ELFS ${elf})
endforeach()
add_custom_target(guest_linux_tests ALL DEPENDS ${VX_LINUX_TEST_ELFS})

# integration.linux_diff is registered by the top-level loop over tests/integration/*.sh with a
# limit meant for boots; the corpus needs more.
if(TEST integration.linux_diff)
  set_tests_properties(integration.linux_diff PROPERTIES TIMEOUT ${VX_LINUX_DIFF_TIMEOUT_SECONDS})
  # Under TSan the programs whose personality paths run on several threads at once (threads,
  # futexes, processes, pipes, signals); the ASan and plain builds run the whole corpus. This
  # keeps make test within its time budget.
  if(VX_SANITIZE STREQUAL "thread")
    set_property(TEST integration.linux_diff APPEND PROPERTY ENVIRONMENT
                 "LINUX_DIFF_ONLY=thread_*,futex_*,proc_*,pipe_*,sig_*,file_shared_offset_fork")
  endif()
endif()
