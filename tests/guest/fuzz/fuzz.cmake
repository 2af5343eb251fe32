# tests/guest/fuzz/fuzz.cmake - rvfuzz, the differential fuzzer of the rv64 interpreter
# against qemu-riscv64 (scripts/deps.sh installs qemu-user). Included from the top-level
# CMakeLists.txt after the rvh library.
add_executable(rvfuzz tests/guest/fuzz/rvfuzz.c tests/guest/fuzz/gen.c tests/guest/fuzz/gen_int.c
               tests/guest/fuzz/gen_fp.c tests/guest/fuzz/gen_trap.c tests/guest/fuzz/image.c)
target_compile_definitions(rvfuzz PRIVATE _GNU_SOURCE)
target_link_libraries(rvfuzz PRIVATE rvh)

# A fixed seed, so that a failure repeats; reproducers land in the build tree.
add_test(NAME rv.fuzz_vs_qemu
         COMMAND rvfuzz --seed 1 --instructions 200000
                 --save-dir ${CMAKE_BINARY_DIR}/fuzz-failures)
set_tests_properties(rv.fuzz_vs_qemu PROPERTIES LABELS integration TIMEOUT 600
                     ENVIRONMENT "${VX_TEST_ENV}")
