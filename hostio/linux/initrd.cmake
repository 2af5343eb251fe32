# hostio/linux/initrd.cmake - the boot image (initrd): its packer, and how files get into it.
# Included by the top-level CMakeLists.txt before anything registers files.
#
#   vx_initrd_add(DEST <path> FILE <file>)
#     Put <file> (in the source tree or the build) at <path> in the image, e.g.
#     vx_initrd_add(DEST data/services/logd.svc FILE ${CMAKE_SOURCE_DIR}/data/services/logd.svc).
#   vx_initrd_add(DEST <path> FILE <file> DEPENDS <target>...)
#     The same for a file that a custom command makes: naming the custom target that builds it
#     makes `initrd` wait for that target, so the two never run the command at once (with the
#     Makefile generator both targets would otherwise carry its rule).
#   vx_initrd_add(DEST <path> TARGET <target>)
#     Put what <target> builds at <path>: a guest program from vx_guest_program (its
#     VX_GUEST_ELF property; vx_guest_program's INITRD option calls this) or an executable.
#   vx_initrd_add(DEST <path> SYMLINK <target>)
#     Put a symlink at <path> whose target is the text <target> (relative targets are resolved
#     from the link's directory), e.g. vx_initrd_add(DEST bin/ls SYMLINK box). The vfs server
#     copies it into "/" as a symlink (docs/vfs.md).
#   vx_initrd_generate()
#     Called once, at the end of the top-level CMakeLists.txt: creates the target `initrd`
#     (part of ALL), which packs every registered file into ${CMAKE_BINARY_DIR}/initrd.cpio and
#     is redone when any of them changes. `vaelix run` loads that file by default (it sits
#     beside the vaelix executable).
#
# Paths are relative to the image's root (docs/boot.md lists what goes where). The packer,
# vx-mkinitrd (mkinitrd.c), writes a deterministic archive: the same files give the same bytes.

add_executable(vx-mkinitrd ${CMAKE_CURRENT_LIST_DIR}/mkinitrd.c)
target_compile_definitions(vx-mkinitrd PRIVATE _GNU_SOURCE)
target_link_libraries(vx-mkinitrd PRIVATE vxcore)

set(VX_INITRD ${CMAKE_BINARY_DIR}/initrd.cpio)
set_property(GLOBAL PROPERTY VX_INITRD_PAIRS "")
set_property(GLOBAL PROPERTY VX_INITRD_DEPENDS "")
set_property(GLOBAL PROPERTY VX_INITRD_GENERATED FALSE)

function(vx_initrd_add)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "DEST;FILE;TARGET;SYMLINK" "DEPENDS")
  get_property(generated GLOBAL PROPERTY VX_INITRD_GENERATED)
  if(generated)
    message(FATAL_ERROR "vx_initrd_add(${ARG_DEST}) after vx_initrd_generate(): too late")
  endif()
  if(ARG_SYMLINK)
    if(NOT ARG_DEST OR ARG_FILE OR ARG_TARGET)
      message(FATAL_ERROR "vx_initrd_add(... SYMLINK) needs DEST and nothing else")
    endif()
    set_property(GLOBAL APPEND PROPERTY VX_INITRD_PAIRS -s "${ARG_DEST}=${ARG_SYMLINK}")
    return()
  endif()
  if(NOT ARG_DEST OR (NOT ARG_FILE AND NOT ARG_TARGET) OR (ARG_FILE AND ARG_TARGET))
    message(FATAL_ERROR "vx_initrd_add needs DEST and one of FILE or TARGET")
  endif()
  if(ARG_FILE)
    set(src ${ARG_FILE})
    set(deps ${ARG_FILE} ${ARG_DEPENDS})
  else()
    if(NOT TARGET ${ARG_TARGET})
      message(FATAL_ERROR "vx_initrd_add(${ARG_DEST}): no target ${ARG_TARGET}")
    endif()
    get_target_property(elf ${ARG_TARGET} VX_GUEST_ELF)
    if(elf)
      set(src ${elf})
      set(deps ${ARG_TARGET} ${elf})
    else()
      set(src $<TARGET_FILE:${ARG_TARGET}>)
      set(deps ${ARG_TARGET})
    endif()
  endif()
  set_property(GLOBAL APPEND PROPERTY VX_INITRD_PAIRS "${ARG_DEST}=${src}")
  set_property(GLOBAL APPEND PROPERTY VX_INITRD_DEPENDS ${deps})
endfunction()

function(vx_initrd_generate)
  get_property(pairs GLOBAL PROPERTY VX_INITRD_PAIRS)
  get_property(deps GLOBAL PROPERTY VX_INITRD_DEPENDS)
  add_custom_command(
    OUTPUT ${VX_INITRD}
    COMMAND vx-mkinitrd ${VX_INITRD} ${pairs}
    DEPENDS vx-mkinitrd ${deps}
    COMMENT "Packing the initrd (${VX_INITRD})"
    VERBATIM)
  add_custom_target(initrd ALL DEPENDS ${VX_INITRD})
  set_property(GLOBAL PROPERTY VX_INITRD_GENERATED TRUE)
endfunction()
