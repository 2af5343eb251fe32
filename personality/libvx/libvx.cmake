# personality/libvx/libvx.cmake - the guest library for the native API: libvx.a (riscv64),
# built with the cross compiler, and vx_libvx_program() for programs that use it.
#
#   vx_libvx_program(NAME <name> SOURCES <file>... [INITRD <path>] [DEPENDS <file>...])
#     A static riscv64 program linked with crt0 and libvx.a (no libc), as target guest_<name>;
#     INITRD puts it into the boot image at <path>.

set(LIBVX_DIR ${CMAKE_CURRENT_LIST_DIR})
set(LIBVX_A ${CMAKE_BINARY_DIR}/libvx/libvx.a)
set(LIBVX_CFLAGS -march=rv64gc -mabi=lp64d -O2 -ffreestanding -fno-builtin -Wall -Wextra -Wno-unused-parameter
    -Werror -I${LIBVX_DIR}/include -I${CMAKE_SOURCE_DIR}/src/include)
find_program(RV_AR riscv64-linux-gnu-ar REQUIRED)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/libvx)

set(libvx_objs)
# builtins.c: the core's freestanding memcpy & co (bare-metal links use it too).
foreach(src syscalls.S crt0.S src/libvx.c src/spawn.c src/service.c ../../src/lib/builtins.c)
  get_filename_component(base ${src} NAME_WE)
  set(obj ${CMAKE_BINARY_DIR}/libvx/${base}.o)
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${RV_CC} ${LIBVX_CFLAGS} -c -o ${obj} ${LIBVX_DIR}/${src}
    DEPENDS ${LIBVX_DIR}/${src} ${LIBVX_DIR}/include/vx/libvx.h ${LIBVX_DIR}/include/vx/spawn.h
            ${LIBVX_DIR}/include/vx/service.h
            ${CMAKE_SOURCE_DIR}/src/include/vx/syscall.h
    COMMENT "Building libvx ${src} (riscv64)"
    VERBATIM)
  list(APPEND libvx_objs ${obj})
endforeach()
add_custom_command(
  OUTPUT ${LIBVX_A}
  COMMAND ${CMAKE_COMMAND} -E rm -f ${LIBVX_A}
  COMMAND ${RV_AR} rcs ${LIBVX_A} ${libvx_objs}
  DEPENDS ${libvx_objs}
  COMMENT "Archiving libvx.a (riscv64)"
  VERBATIM)
add_custom_target(libvx ALL DEPENDS ${LIBVX_A})

function(vx_libvx_program)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "NAME;INITRD" "SOURCES;DEPENDS")
  set(initrd)
  if(ARG_INITRD)
    set(initrd INITRD ${ARG_INITRD})
  endif()
  # -u _start: crt0 lives in the archive, and nothing else refers to it.
  vx_guest_program(NAME ${ARG_NAME} SOURCES ${ARG_SOURCES} ${LIBVX_A}
                   FLAGS ${LIBVX_CFLAGS} -Wl,-u,_start ${initrd}
                   DEPENDS ${LIBVX_A} ${LIBVX_DIR}/include/vx/libvx.h ${ARG_DEPENDS}
                           ${CMAKE_SOURCE_DIR}/src/include/vx/syscall.h)
  # The file dependency above does not order targets: without this, a parallel build could
  # link the program while the libvx target was still writing libvx.a (seen in a fresh CI
  # build: undefined references to libvx's functions).
  add_dependencies(guest_${ARG_NAME} libvx)
endfunction()
