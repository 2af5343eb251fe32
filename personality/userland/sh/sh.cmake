# personality/userland/sh/sh.cmake - the POSIX shell, /bin/sh of the boot image: an ordinary
# static riscv64 Linux program (glibc), like the Linux test corpus (tests/guest/linux), built
# into ${CMAKE_BINARY_DIR}/userland/sh. Included by the top-level CMakeLists.txt after
# tests/guest/guest.cmake (which finds RV_CC) and hostio/linux/initrd.cmake.
#
# One compiler call over every *.c here. The same sources build natively for development:
#   gcc -O1 -g -Wall -Wextra -D_GNU_SOURCE -fsanitize=address,undefined \
#       personality/userland/sh/*.c -o /tmp/sh-host
# tests/integration/shell_diff.sh runs tests/shell/*.sh under dash and under this program.
# See docs/sh.md.

set(VX_SH_DIR ${CMAKE_CURRENT_LIST_DIR})
set(VX_SH_ELF ${CMAKE_BINARY_DIR}/userland/sh)
set(VX_SH_FLAGS -static -O2 -Wall -Werror -D_GNU_SOURCE)

file(GLOB VX_SH_SOURCES CONFIGURE_DEPENDS ${VX_SH_DIR}/*.c)
file(GLOB VX_SH_HEADERS CONFIGURE_DEPENDS ${VX_SH_DIR}/*.h)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/userland)
add_custom_command(
  OUTPUT ${VX_SH_ELF}
  COMMAND ${RV_CC} ${VX_SH_FLAGS} -o ${VX_SH_ELF} ${VX_SH_SOURCES}
  DEPENDS ${VX_SH_SOURCES} ${VX_SH_HEADERS}
  COMMENT "Building the riscv64 shell (userland/sh)"
  VERBATIM)
add_custom_target(userland_sh ALL DEPENDS ${VX_SH_ELF})
vx_initrd_add(DEST bin/sh FILE ${VX_SH_ELF} DEPENDS userland_sh)
