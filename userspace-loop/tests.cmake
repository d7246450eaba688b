# MB1 loop variants: included from userspace-loop/CMakeLists.txt.
# Each variant on /dev/null with the default command (-ENOTTY, no root):
# exactly one run, one floor and one total line, nothing else, no errors.

set(mb1_hex8 "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]")
set(mb1_variants libc-glibc raw fncall-same fncall-lib fncall-bound freestanding)
if(MUSL_GCC)
  list(APPEND mb1_variants libc-musl)
else()
  # Not built without musl-gcc: the tests still exist, and say they were skipped.
  foreach(name loop_libc-musl_runs loop_libc-musl_bad_args ioctl-loop-musl_without_module
               ioctl-loop-musl_without_hermitux_probe)
    add_test(NAME ${name} COMMAND sh -c "echo 'SKIPPED: musl-gcc not found (Debian: musl-tools)'; exit 77")
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77)
  endforeach()
endif()

foreach(v IN LISTS mb1_variants)
  if(v STREQUAL "libc-musl")
    set(bin ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/loop-libc-musl)
  else()
    set(bin $<TARGET_FILE:loop-${v}>)
  endif()
  # The exit status is printed after the output and matched too: a PASS_REGULAR_EXPRESSION
  # alone would pass a loop that prints the right lines and then fails.
  add_test(NAME loop_${v}_runs
    COMMAND sh -c "\"$0\" --iterations 1000; echo \"exit=$?\"" ${bin})
  set_tests_properties(loop_${v}_runs PROPERTIES PASS_REGULAR_EXPRESSION
    "^ioprobe run ${mb1_hex8} iterations=1000 warmup=1000 cpu=[0-9]+ variant=${v} cmd=0xb850 format=2\nioprobe floor min=[0-9]+ p50=[0-9]+ samples=100000\nioprobe total ${mb1_hex8} calls=1000 cycles=[1-9][0-9]* cpu_start=[0-9]+ cpu_end=[0-9]+ migrations=[01] errors=0\nexit=0\n$")
  add_test(NAME loop_${v}_bad_args
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_bad_args.sh ${bin})
endforeach()

if(CMAKE_OBJDUMP)
  set(mb1_objdump ${CMAKE_OBJDUMP})
else()
  find_program(mb1_objdump objdump)
endif()
foreach(fs_loop loop-freestanding loop-fncall-bound)
  add_test(NAME ${fs_loop}_no_vector_insns
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_no_vector.sh ${mb1_objdump}
            $<TARGET_FILE:${fs_loop}>)
endforeach()
# The check must be able to fail: glibc's static code uses SSE (exit 1, not 2).
add_test(NAME loop_no_vector_check_detects_sse
  COMMAND sh -c "sh \"$0\" \"$1\" \"$2\" >/dev/null 2>&1; test $? -eq 1"
          ${CMAKE_CURRENT_SOURCE_DIR}/check_no_vector.sh ${mb1_objdump}
          $<TARGET_FILE:loop-libc-glibc>)

# loop-entry-freestanding (MB2 for the HermiTux probe): no vector code, the
# same argument checks, and on Linux, which does not know IOPROBE_HX_*, it
# must stop before measuring and say that the probe is missing.
add_test(NAME loop_entry_freestanding_no_vector_insns
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_no_vector.sh ${mb1_objdump}
          $<TARGET_FILE:loop-entry-freestanding>)
add_test(NAME loop_entry_freestanding_bad_args
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_bad_args.sh
          $<TARGET_FILE:loop-entry-freestanding>)
add_test(NAME loop_entry_freestanding_without_probe
  COMMAND sh -c "out=$(\"$0\" --iterations 10 2>&1 >/dev/null); rc=$?; echo \"$out\"; test $rc -eq 1 && echo \"$out\" | grep -q 'HermiTux ioctl probe does not answer'"
          $<TARGET_FILE:loop-entry-freestanding>)

# The freestanding loops' printf subset and fast stamp writer, against glibc's printf.
add_executable(check_fs_output check_fs_output.c fs_output.c)
target_link_libraries(check_fs_output PRIVATE ioctl_probe_abi)
target_compile_options(check_fs_output PRIVATE -O2 -Wall -Wextra)
set_target_properties(check_fs_output PROPERTIES C_STANDARD 11 C_EXTENSIONS ON
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
add_test(NAME fs_output_matches_printf COMMAND check_fs_output)

# ioctl-loop and its musl twin (MB2): without a probe they stop before measuring and say
# what is missing (module: no device; hermitux: Linux does not answer IOPROBE_HX_*).
function(mb2_loop_without_probe_tests name bin)
  add_test(NAME ${name}_without_module
    COMMAND sh -c "out=$(\"$0\" --iterations 10 --device /nonexistent 2>&1 >/dev/null); rc=$?; echo \"$out\"; test $rc -eq 1 && echo \"$out\" | grep -q 'cannot open /nonexistent'"
            ${bin})
  add_test(NAME ${name}_without_hermitux_probe
    COMMAND sh -c "out=$(\"$0\" --iterations 10 --probe hermitux 2>&1 >/dev/null); rc=$?; echo \"$out\"; test $rc -eq 1 && echo \"$out\" | grep -q 'hermitux probe does not answer'"
            ${bin})
endfunction()
mb2_loop_without_probe_tests(ioctl-loop $<TARGET_FILE:ioctl-loop>)
if(MUSL_GCC)
  mb2_loop_without_probe_tests(ioctl-loop-musl ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/ioctl-loop-musl)
endif()
