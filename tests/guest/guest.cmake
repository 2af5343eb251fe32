# tests/guest/guest.cmake - riscv64 guest programs, built with the Debian cross toolchain, and
# the tests that run them. Included by the top-level CMakeLists.txt.
#
#   vx_guest_program(NAME <name> SOURCES <file>... [FLAGS <flag>...] [DEPENDS <file>...]
#                    [OUTPUT_DIR <dir>] [INITRD <path>])
#     Builds the static riscv64 ELF <OUTPUT_DIR>/<name> (default ${CMAKE_BINARY_DIR}/guest)
#     from the sources in one compiler call, as target guest_<name>, part of ALL. The ELF's
#     path is the target property VX_GUEST_ELF. FLAGS are appended to the base flags below
#     (add -O2, -I..., -ffreestanding, linker options as needed); DEPENDS lists headers and
#     other files the build must be redone for. The program gets no libc and no crt: it
#     defines _start itself. INITRD puts the program into the boot image at <path>
#     (vx_initrd_add, hostio/linux/initrd.cmake).
#
# ISA tests (tests/guest/isa/*.S, see its README.md): each is registered as isa.qemu.<name>
# under qemu-riscv64, the oracle that shows the test program itself is right, and, when the
# interpreter's runner target rvrun exists at this point, as isa.<name> under rvrun. Each is also
# packed into the initrd as /test/isa/<name>.

find_program(RV_CC riscv64-linux-gnu-gcc)
if(NOT RV_CC)
  message(FATAL_ERROR "riscv64-linux-gnu-gcc not found: run scripts/deps.sh")
endif()
find_program(QEMU_RISCV64 qemu-riscv64)
if(NOT QEMU_RISCV64)
  message(FATAL_ERROR "qemu-riscv64 not found: run scripts/deps.sh")
endif()

# What the runner loads: a static, non-PIE RV64GC ELF (fixed addresses, no dynamic loader)
# using the hard-float ABI, with no libc or start files, and no .note.gnu.build-id (its
# content changes with the toolchain and it is one more segment to map).
set(VX_GUEST_BASE_FLAGS
    -march=rv64gc -mabi=lp64d -static -no-pie -nostdlib -nostartfiles -Wl,--build-id=none)

function(vx_guest_program)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "NAME;OUTPUT_DIR;INITRD" "SOURCES;FLAGS;DEPENDS")
  if(NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "vx_guest_program needs NAME and SOURCES")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_BINARY_DIR}/guest)
  endif()
  file(MAKE_DIRECTORY ${ARG_OUTPUT_DIR})
  set(elf ${ARG_OUTPUT_DIR}/${ARG_NAME})
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${RV_CC} ${VX_GUEST_BASE_FLAGS} ${ARG_FLAGS} -o ${elf} ${ARG_SOURCES}
    DEPENDS ${ARG_SOURCES} ${ARG_DEPENDS}
    COMMENT "Building riscv64 guest program ${ARG_NAME}"
    VERBATIM)
  add_custom_target(guest_${ARG_NAME} ALL DEPENDS ${elf})
  set_target_properties(guest_${ARG_NAME} PROPERTIES VX_GUEST_ELF ${elf})
  if(ARG_INITRD)
    vx_initrd_add(DEST ${ARG_INITRD} TARGET guest_${ARG_NAME})
  endif()
endfunction()

# ---- ISA tests -----------------------------------------------------------------------------
set(ISA_DIR ${CMAKE_CURRENT_LIST_DIR}/isa)
set(ISA_RUNTIME ${ISA_DIR}/rt.S)
set(ISA_INCLUDE ${ISA_DIR}/isa.h)
# --no-relax keeps every instruction as written (no call -> jal, no gp-relative rewrites), so
# what the interpreter runs is what the .S says. zifencei.S needs an RWX segment for its
# rewritable code, which ld would otherwise warn about.
set(ISA_FLAGS -I${ISA_DIR} -Wa,--fatal-warnings -Wl,--no-relax -Wl,--no-warn-rwx-segments)
# ISA programs finish in well under a second under qemu; the limit only catches a hang.
set(ISA_TEST_TIMEOUT_SECONDS 120)
# harness_selftest.S fails one check on purpose: it proves a wrong value is reported and
# turns the exit status to 1, and is checked for exactly that output.
set(ISA_SELFTEST harness_selftest)
set(ISA_SELFTEST_EXPECTED
    "FAIL harness_selftest.S:deliberately_wrong: got 0x0000000000000002 expected 0x0000000000000003
isa harness_selftest: 2 checks, 1 failed")
# sh script: $0 = runner, $1 = ELF, $2 = expected output. Written without semicolons, which
# CMake would take as list separators.
set(ISA_SELFTEST_SCRIPT [=[
out=$("$0" "$1")
status=$?
if [ "$status" -eq 1 ] && [ "$out" = "$2" ]
then
    exit 0
fi
echo "expected exit status 1 and the output in guest.cmake, got exit status $status and:"
echo "$out"
exit 1
]=])

file(GLOB ISA_SOURCES CONFIGURE_DEPENDS ${ISA_DIR}/*.S)
list(REMOVE_ITEM ISA_SOURCES ${ISA_RUNTIME})
foreach(src ${ISA_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  vx_guest_program(NAME ${name} SOURCES ${src} ${ISA_RUNTIME} FLAGS ${ISA_FLAGS}
                   DEPENDS ${ISA_INCLUDE} OUTPUT_DIR ${CMAKE_BINARY_DIR}/guest/isa
                   INITRD test/isa/${name})
  set(elf ${CMAKE_BINARY_DIR}/guest/isa/${name})

  set(runners qemu)
  if(TARGET rvrun)
    list(APPEND runners rvrun)
  endif()
  foreach(runner ${runners})
    if(runner STREQUAL "qemu")
      set(test isa.qemu.${name})
      set(run ${QEMU_RISCV64})
      set(label integration)
    else()
      set(test isa.${name})
      set(run $<TARGET_FILE:rvrun>)
      set(label unit)
    endif()
    if(name STREQUAL ISA_SELFTEST)
      add_test(NAME ${test} COMMAND sh -c ${ISA_SELFTEST_SCRIPT} ${run} ${elf}
                                    ${ISA_SELFTEST_EXPECTED})
    else()
      add_test(NAME ${test} COMMAND ${run} ${elf})
    endif()
    set_tests_properties(${test} PROPERTIES LABELS ${label} TIMEOUT ${ISA_TEST_TIMEOUT_SECONDS})
  endforeach()
endforeach()
