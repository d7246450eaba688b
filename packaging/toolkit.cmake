# The toolkit as a Debian package (CPack DEB): `cmake --build BUILD --target package`
# writes build/packages/syscall-rewriting-bench_VERSION_amd64.deb.
#
#   /usr/bin/collector, /usr/bin/syscall-rewriter
#   /usr/share/man/man1/collector.1.gz, syscall-rewriter.1.gz   from their --help (help2man)
#   /usr/libexec/syscall-rewriting-bench/   the measurement loops, found by the collector
#                                           from its own prefix (IPROBE_LOOP_DIR_FROM_BIN)
#   /usr/share/doc/syscall-rewriting-bench/ README, doc/, copyright, changelog
#
# Runtime dependencies come from dpkg-shlibdeps, so `apt install ./FILE.deb` pulls exactly
# the libraries the binaries link.
include(GNUInstallDirs)

set(IPROBE_PACKAGE syscall-rewriting-bench)
set(IPROBE_VERSION 0.1.0)
set(IPROBE_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/${IPROBE_PACKAGE})

file(RELATIVE_PATH IPROBE_LOOP_DIR_FROM_BIN /${CMAKE_INSTALL_BINDIR} /${IPROBE_LOOP_DIR})
target_compile_definitions(collector_core
  PRIVATE IPROBE_LOOP_DIR_FROM_BIN="${IPROBE_LOOP_DIR_FROM_BIN}")

install(TARGETS collector syscall-rewriter RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(IPROBE_LOOPS entry-loop entry-loop-freestanding
    roundtrip-loop-libc-glibc roundtrip-loop-raw roundtrip-loop-fncall-same
    roundtrip-loop-fncall-lib roundtrip-loop-freestanding roundtrip-loop-fncall-bound
    interpose-loop)
install(TARGETS ${IPROBE_LOOPS} RUNTIME DESTINATION ${IPROBE_LOOP_DIR})
# interpose-loop's copies rewritten by syscall-rewriter (userspace-loop/interpose/): custom
# outputs, installed as built (stripping could drop what the rewriter added outside sections).
foreach(mechanism rewrite rewrite-emulate int3)
  install(PROGRAMS ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/interpose-loop-${mechanism}
          DESTINATION ${IPROBE_LOOP_DIR})
endforeach()
if(MUSL_GCC)
  # Built by musl-gcc outside CMake's targets, so CPACK_STRIP_FILES does not reach them:
  # stripped copies are installed instead.
  foreach(name roundtrip-loop-libc-musl entry-loop-musl)
    set(stripped ${CMAKE_BINARY_DIR}/packaging/stripped/${name})
    add_custom_command(OUTPUT ${stripped}
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/packaging/stripped
                       COMMAND ${CMAKE_STRIP} -o ${stripped} ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/${name}
                       DEPENDS ${name} VERBATIM)
    add_custom_target(${name}-stripped ALL DEPENDS ${stripped})
    install(PROGRAMS ${stripped} DESTINATION ${IPROBE_LOOP_DIR})
  endforeach()
endif()

install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/packaging/toolkit/copyright
        DESTINATION ${IPROBE_DOC_DIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/doc/ DESTINATION ${IPROBE_DOC_DIR}/doc)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/toolkit/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME ${IPROBE_PACKAGE})

# Manual pages, written by help2man from each program's --help at build time, so they say
# what the installed program says. Without help2man the build goes on, but installing (and so
# packaging) stops with one line rather than ship a package without them.
find_program(HELP2MAN help2man)
set(IPROBE_MAN_DIR ${CMAKE_BINARY_DIR}/packaging/man)
set(IPROBE_MAN_NAME_collector
    "measure an ioctl system call's cost and kernel entry latency in TSC cycles")
set(IPROBE_MAN_NAME_syscall-rewriter
    "rewrite the syscall instructions of a static x86-64 ELF program into trampoline jumps")
if(HELP2MAN)
  foreach(program collector syscall-rewriter)
    set(page ${IPROBE_MAN_DIR}/${program}.1)
    add_custom_command(OUTPUT ${page}.gz
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${IPROBE_MAN_DIR}
                       COMMAND ${HELP2MAN} --no-info --version-string=${IPROBE_VERSION}
                               --name=${IPROBE_MAN_NAME_${program}} --output=${page}
                               $<TARGET_FILE:${program}>
                       COMMAND gzip -9nf ${page}
                       DEPENDS ${program} VERBATIM)
    add_custom_target(${program}-manpage ALL DEPENDS ${page}.gz)
    install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endforeach()
else()
  message(STATUS "help2man not found: no manual pages, and install/packaging will stop")
  install(CODE "message(FATAL_ERROR \"the manual pages need help2man: apt-get install help2man\")")
endif()

# A native package's changelog.gz, compressed reproducibly (gzip -n).
set(IPROBE_CHANGELOG ${CMAKE_BINARY_DIR}/packaging/changelog)
configure_file(${CMAKE_SOURCE_DIR}/packaging/toolkit/changelog ${IPROBE_CHANGELOG} @ONLY
               NEWLINE_STYLE UNIX)
add_custom_command(OUTPUT ${IPROBE_CHANGELOG}.gz
                   COMMAND gzip -9nkf ${IPROBE_CHANGELOG}
                   DEPENDS ${IPROBE_CHANGELOG} VERBATIM)
add_custom_target(toolkit-changelog ALL DEPENDS ${IPROBE_CHANGELOG}.gz)
install(FILES ${IPROBE_CHANGELOG}.gz DESTINATION ${IPROBE_DOC_DIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${IPROBE_PACKAGE})
set(CPACK_PACKAGE_VERSION ${IPROBE_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/cpack)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_SOURCE_DIR}/build/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CONTACT "syscall-rewriting-bench maintainers <maintainers@users.noreply.r-seed-e790dca2.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ioctl system call cost and kernel entry latency benchmarks")
set(CPACK_PACKAGE_DESCRIPTION
    "The collector measures, in TSC cycles, the round trip of an ioctl system
call and how long it takes to enter the kernel, with the ioctl-probe
module (package ioctl-probe-dkms) or a patched kernel. syscall-rewriter
rewrites the syscall instructions of static x86-64 programs.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ioctl-probe-dkms")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qemu-system-x86, gnuplot-nox")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
