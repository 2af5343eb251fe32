# bench/cpu/cpu.cmake - the CPU benchmark's workload, built twice from bench/cpu/mix.c:
#   bench-cpu/mix.elf   riscv64, static, no libc (start_rv64.c): run by qemu-riscv64 and by
#                       the interpreter through rvh
#   bench_cpu_mix_native the host build (start_host.c): the native baseline
# and the wiring of bench_cpu (created by the benchmark loop in CMakeLists.txt) to both.
# -ffp-contract=off on both sides: a fused multiply-add would change the matmul checksum.
find_program(VX_RISCV64_GCC riscv64-linux-gnu-gcc)
if(NOT VX_RISCV64_GCC)
  message(FATAL_ERROR "bench/cpu needs riscv64-linux-gnu-gcc (scripts/deps.sh installs it)")
endif()

set(VX_MIX_SCALE 8 CACHE STRING "size of the CPU benchmark mix (rounds multiplier)")
set(mix_dir ${CMAKE_SOURCE_DIR}/bench/cpu)
set(mix_elf ${CMAKE_BINARY_DIR}/bench-cpu/mix.elf)
add_custom_command(
  OUTPUT ${mix_elf}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/bench-cpu
  COMMAND ${VX_RISCV64_GCC} -std=c11 -O2 -g -Wall -Wextra -static -nostdlib -ffreestanding
          -ffp-contract=off -march=rv64gc -mabi=lp64d -DMIX_SCALE=${VX_MIX_SCALE}
          -fno-tree-loop-distribute-patterns
          -o ${mix_elf} ${mix_dir}/mix.c ${mix_dir}/start_rv64.c
          ${CMAKE_SOURCE_DIR}/src/lib/builtins.c -lgcc
  DEPENDS ${mix_dir}/mix.c ${mix_dir}/start_rv64.c ${CMAKE_SOURCE_DIR}/src/lib/builtins.c
  COMMENT "Building riscv64 bench-cpu/mix.elf"
  VERBATIM)
add_custom_target(bench_cpu_mix_elf DEPENDS ${mix_elf})

add_executable(bench_cpu_mix_native ${mix_dir}/mix.c ${mix_dir}/start_host.c)
target_compile_options(bench_cpu_mix_native PRIVATE -ffp-contract=off)
target_compile_definitions(bench_cpu_mix_native PRIVATE MIX_SCALE=${VX_MIX_SCALE})

target_compile_definitions(bench_cpu PRIVATE BENCH_CPU_MIX_ELF="${mix_elf}"
                           BENCH_CPU_MIX_NATIVE="$<TARGET_FILE:bench_cpu_mix_native>")
target_link_libraries(bench_cpu PRIVATE rvh)
add_dependencies(bench_cpu bench_cpu_mix_elf bench_cpu_mix_native)

# The native-API benchmark's guest program (bench_ipc), in the boot image at bench/vxbench.
vx_libvx_program(NAME vxbench SOURCES ${CMAKE_SOURCE_DIR}/bench/vx/vxbench.c
                 INITRD bench/vxbench)
