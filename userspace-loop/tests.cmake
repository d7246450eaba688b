# Tests of the round-trip and entry-latency loops: included from userspace-loop/CMakeLists.txt.
# Round-trip variants:
# Each variant on /dev/null with the default command (-ENOTTY, no root):
# exactly one run, one floor and one total line, nothing else, no errors.

set(hex8 "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]")
set(roundtrip_variants libc-glibc raw fncall-same fncall-lib fncall-bound freestanding)
if(MUSL_GCC)
  list(APPEND roundtrip_variants libc-musl)
endif()

foreach(v IN LISTS roundtrip_variants)
  if(v STREQUAL "libc-musl")
    set(bin ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/roundtrip-loop-libc-musl)
  else()
    set(bin $<TARGET_FILE:roundtrip-loop-${v}>)
  endif()
  add_test(NAME roundtrip_loop_${v}_runs COMMAND ${bin} --iterations 1000)
  set_tests_properties(roundtrip_loop_${v}_runs PROPERTIES PASS_REGULAR_EXPRESSION
    "^ioprobe run ${hex8} iterations=1000 warmup=1000 cpu=[0-9]+ variant=${v} cmd=0xb850 format=2\nioprobe floor min=[0-9]+ p50=[0-9]+ samples=100000\nioprobe total ${hex8} calls=1000 cycles=[1-9][0-9]* cpu_start=[0-9]+ cpu_end=[0-9]+ migrations=[01] errors=0\n$")
  add_test(NAME roundtrip_loop_${v}_bad_args
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_bad_args.sh ${bin})
endforeach()

if(CMAKE_OBJDUMP)
  set(loop_objdump ${CMAKE_OBJDUMP})
else()
  find_program(loop_objdump objdump)
endif()
foreach(v freestanding fncall-bound)
  add_test(NAME roundtrip_loop_${v}_no_vector_insns
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_no_vector.sh ${loop_objdump}
            $<TARGET_FILE:roundtrip-loop-${v}>)
endforeach()
# The check must be able to fail: glibc's static code uses SSE (exit 1, not 2).
add_test(NAME loop_no_vector_check_detects_sse
  COMMAND sh -c "sh \"$0\" \"$1\" \"$2\" >/dev/null 2>&1; test $? -eq 1"
          ${CMAKE_CURRENT_SOURCE_DIR}/check_no_vector.sh ${loop_objdump}
          $<TARGET_FILE:roundtrip-loop-libc-glibc>)

# entry-loop-freestanding (entry latency for the HermiTux probe): no vector code, the
# same argument checks, and on Linux, which does not know IOPROBE_HX_*, it
# must stop before measuring and say that the probe is missing.
add_test(NAME entry_loop_freestanding_no_vector_insns
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_no_vector.sh ${loop_objdump}
          $<TARGET_FILE:entry-loop-freestanding>)
add_test(NAME entry_loop_freestanding_bad_args
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_bad_args.sh
          $<TARGET_FILE:entry-loop-freestanding>)
add_test(NAME entry_loop_freestanding_without_probe
  COMMAND sh -c "out=$(\"$0\" --iterations 10 2>&1 >/dev/null); rc=$?; echo \"$out\"; test $rc -eq 1 && echo \"$out\" | grep -q 'HermiTux ioctl probe does not answer'"
          $<TARGET_FILE:entry-loop-freestanding>)

# The freestanding loops' printf subset and fast stamp writer, against glibc's printf.
add_executable(check_freestanding_output check_freestanding_output.c freestanding_output.c)
target_link_libraries(check_freestanding_output PRIVATE ioctl_probe_abi)
target_compile_options(check_freestanding_output PRIVATE -O2 -Wall -Wextra)
set_target_properties(check_freestanding_output PROPERTIES C_STANDARD 11 C_EXTENSIONS ON
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
add_test(NAME freestanding_output_matches_printf COMMAND check_freestanding_output)

# entry-loop and its musl twin: without a probe they stop before measuring and say
# what is missing (module: no device; hermitux: Linux does not answer IOPROBE_HX_*).
function(entry_loop_without_probe_tests name bin)
  add_test(NAME ${name}_without_module
    COMMAND sh -c "out=$(\"$0\" --iterations 10 --device /nonexistent 2>&1 >/dev/null); rc=$?; echo \"$out\"; test $rc -eq 1 && echo \"$out\" | grep -q 'cannot open /nonexistent'"
            ${bin})
  add_test(NAME ${name}_without_hermitux_probe
    COMMAND sh -c "out=$(\"$0\" --iterations 10 --probe hermitux 2>&1 >/dev/null); rc=$?; echo \"$out\"; test $rc -eq 1 && echo \"$out\" | grep -q 'hermitux probe does not answer'"
            ${bin})
endfunction()
entry_loop_without_probe_tests(entry-loop $<TARGET_FILE:entry-loop>)
if(MUSL_GCC)
  entry_loop_without_probe_tests(entry-loop-musl ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/entry-loop-musl)
endif()

# Loops that die by a signal half way (loop_test_die.h), for the collector's tests of a run
# whose loop was killed: the entry loop and the raw round-trip variant, built from the same
# sources with LOOP_TEST_DIE, under their usual names in their own folder (--loop,
# --variant-dir; tests/integration/CMakeLists.txt names the folder too). Only the tests use them.
set(DYING_LOOP_DIR ${CMAKE_BINARY_DIR}/tests/dying-loops)
add_executable(entry-loop-dies entry_loop.c)
target_compile_definitions(entry-loop-dies PRIVATE LOOP_TEST_DIE)
add_executable(roundtrip-loop-raw-dies roundtrip_loop.c)
target_compile_definitions(roundtrip-loop-raw-dies PRIVATE LOOP_TEST_DIE ROUNDTRIP_CALL_RAW)
foreach(target entry-loop-dies roundtrip-loop-raw-dies)
  string(REPLACE "-dies" "" program ${target})
  target_link_libraries(${target} PRIVATE ioctl_probe_abi)
  target_compile_options(${target} PRIVATE -O0 -Wall -Wextra)
  target_link_options(${target} PRIVATE -static)
  set_target_properties(${target} PROPERTIES C_STANDARD 11 C_EXTENSIONS ON
    OUTPUT_NAME ${program} RUNTIME_OUTPUT_DIRECTORY ${DYING_LOOP_DIR})
endforeach()
