# bench/linux/linux.cmake - the Linux personality's benchmarks (bench/bench_linux.c): one
# workload, bench/linux/lbench.c, built twice:
#   bench-linux/lbench        static riscv64 glibc, run by `vaelix exec` (as tests/guest/linux
#                             builds its programs, with ${RV_CC})
#   bench_lbench_native       the host build: the baseline runs the same code
# and bench_lbench_true, a static host `true` for the spawn baseline. Included by the top-level
# CMakeLists.txt after the benchmark loop (which creates bench_linux) and tests/guest/guest.cmake.
set(lbench_dir ${CMAKE_SOURCE_DIR}/bench/linux)
set(lbench_elf ${CMAKE_BINARY_DIR}/bench-linux/lbench)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/bench-linux)
add_custom_command(
  OUTPUT ${lbench_elf}
  COMMAND ${RV_CC} -static -O2 -g -Wall -Werror -D_GNU_SOURCE -o ${lbench_elf} ${lbench_dir}/lbench.c
  DEPENDS ${lbench_dir}/lbench.c
  COMMENT "Building riscv64 bench-linux/lbench"
  VERBATIM)
add_custom_target(bench_lbench_elf ALL DEPENDS ${lbench_elf})

add_executable(bench_lbench_native ${lbench_dir}/lbench.c)
target_compile_definitions(bench_lbench_native PRIVATE _GNU_SOURCE)
# A static host `true`, built by the host compiler directly: the build's sanitizer flags would
# forbid -static (and a baseline should not carry them anyway).
set(lbench_true ${CMAKE_BINARY_DIR}/bench-linux/true)
add_custom_command(
  OUTPUT ${lbench_true}
  COMMAND ${CMAKE_C_COMPILER} -static -O2 -o ${lbench_true} ${lbench_dir}/true.c
  DEPENDS ${lbench_dir}/true.c
  COMMENT "Building the static host true for the spawn baseline"
  VERBATIM)
add_custom_target(bench_lbench_true ALL DEPENDS ${lbench_true})

target_compile_definitions(bench_linux PRIVATE BENCH_LINUX_GUEST="${lbench_elf}"
                           BENCH_LINUX_NATIVE="$<TARGET_FILE:bench_lbench_native>"
                           BENCH_LINUX_TRUE="${lbench_true}")
add_dependencies(bench_linux bench_lbench_elf bench_lbench_native bench_lbench_true vaelix)
