# personality/userland/box/box.cmake - `box`, the multi-call coreutils binary of VaelixOS
# (docs/userland.md): one static riscv64 Linux program, built with ${RV_CC} (found by
# tests/guest/guest.cmake) into ${CMAKE_BINARY_DIR}/userland/box, as target userland_box (ALL),
# and packed into the boot image at /bin/box. Included by the top-level CMakeLists.txt.
#
# VX_BOX_APPLETS is the list of applet names (all but "["). It is read from the APPLET("name", fn) lines of
# box.c, the one place applets are listed, so it cannot drift from the binary; the OS creates
# /bin/<applet> links to /bin/box from it. tests/integration/box_diff.sh checks that
# `box --list` gives the same names.

set(VX_BOX_DIR ${CMAKE_CURRENT_LIST_DIR})
set(VX_BOX ${CMAKE_BINARY_DIR}/userland/box)
set(VX_BOX_FLAGS -static -O2 -Wall -Werror -D_GNU_SOURCE)

file(GLOB VX_BOX_SOURCES CONFIGURE_DEPENDS ${VX_BOX_DIR}/*.c)
file(GLOB VX_BOX_HEADERS CONFIGURE_DEPENDS ${VX_BOX_DIR}/*.h)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/userland)
add_custom_command(
  OUTPUT ${VX_BOX}
  COMMAND ${RV_CC} ${VX_BOX_FLAGS} -o ${VX_BOX} ${VX_BOX_SOURCES} -lm
  DEPENDS ${VX_BOX_SOURCES} ${VX_BOX_HEADERS}
  COMMENT "Building riscv64 multi-call binary box"
  VERBATIM)
add_custom_target(userland_box ALL DEPENDS ${VX_BOX})

# The applet table: reconfigure when box.c changes, so the list follows it.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${VX_BOX_DIR}/box.c)
file(STRINGS ${VX_BOX_DIR}/box.c VX_BOX_TABLE_LINES REGEX "^ *APPLET\\(\"[^\"]+\", [a-z_]+\\)$")
# A "[" in a CMake list keeps the ";" after it from separating elements: spell it out first.
string(REPLACE "[" "LEFT_BRACKET" VX_BOX_TABLE_LINES "${VX_BOX_TABLE_LINES}")
set(VX_BOX_APPLETS)
foreach(line ${VX_BOX_TABLE_LINES})
  string(REGEX REPLACE "^ *APPLET\\(\"([^\"]+)\".*$" "\\1" applet "${line}")
  # "[" stays out of the list (the same applet as "test"; the shell has it built in).
  if(NOT applet STREQUAL "LEFT_BRACKET")
    list(APPEND VX_BOX_APPLETS ${applet})
  endif()
endforeach()
list(LENGTH VX_BOX_APPLETS VX_BOX_APPLET_COUNT)
if(VX_BOX_APPLET_COUNT EQUAL 0)
  message(FATAL_ERROR "box.cmake: no APPLET(\"name\", fn) lines found in ${VX_BOX_DIR}/box.c")
endif()

# The image entry. Registered through the target (vx_initrd_add's TARGET form reads the
# VX_GUEST_ELF property), so the initrd depends on userland_box, not on a second copy of the
# custom command: with the FILE form both targets would carry the rule and a parallel Make
# build could run the compiler twice at once on the same output.
set_target_properties(userland_box PROPERTIES VX_GUEST_ELF ${VX_BOX})
vx_initrd_add(DEST bin/box TARGET userland_box)

# integration.box_diff (tests/integration/box_diff.sh, registered by the top-level loop) runs
# ~85 cases twice, box under qemu-riscv64: about two minutes on a loaded 2-core machine, more
# than the loop's limit for boots allows for comfortably.
set(VX_BOX_DIFF_TIMEOUT_SECONDS 900)
if(TEST integration.box_diff)
  set_tests_properties(integration.box_diff PROPERTIES TIMEOUT ${VX_BOX_DIFF_TIMEOUT_SECONDS})
endif()
