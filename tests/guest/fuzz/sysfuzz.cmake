# tests/guest/fuzz/sysfuzz.cmake - sysfuzz, the Linux syscall fuzzer: a static riscv64 glibc
# program (built like tests/guest/linux/*.c, see linux.cmake) into
# ${CMAKE_BINARY_DIR}/guest/fuzz/sysfuzz. Included by the top-level CMakeLists.txt after
# linux.cmake (which needs RV_CC from guest.cmake). The runner is
# tests/integration/sysfuzz.sh (integration.sysfuzz); `make fuzz-sys` runs it longer.
# (tests/guest/fuzz/fuzz.cmake is rvfuzz, the interpreter's fuzzer, a host program.)

set(VX_SYSFUZZ_OUT ${CMAKE_BINARY_DIR}/guest/fuzz)
# 1,000,000 calls under `vaelix exec`; measured well under this in the ASan build (see
# docs/testing.md), but TSan and Valgrind-free plain builds run it too.
set(VX_SYSFUZZ_TIMEOUT_SECONDS 900)

file(MAKE_DIRECTORY ${VX_SYSFUZZ_OUT})
add_custom_command(
  OUTPUT ${VX_SYSFUZZ_OUT}/sysfuzz
  COMMAND ${RV_CC} -static -O2 -Wall -Werror -D_GNU_SOURCE -pthread
          -o ${VX_SYSFUZZ_OUT}/sysfuzz ${CMAKE_CURRENT_LIST_DIR}/sysfuzz.c
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/sysfuzz.c
  COMMENT "Building riscv64 Linux syscall fuzzer sysfuzz"
  VERBATIM)
add_custom_target(guest_sysfuzz ALL DEPENDS ${VX_SYSFUZZ_OUT}/sysfuzz)

if(TEST integration.sysfuzz)
  set_tests_properties(integration.sysfuzz PROPERTIES TIMEOUT ${VX_SYSFUZZ_TIMEOUT_SECONDS})
endif()
