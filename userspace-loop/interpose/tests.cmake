# interpose-loop tests (included from CMakeLists.txt): every mechanism really
# hooks the loop's call on this kernel, with the expected result; a mechanism
# the kernel refuses is skipped with its reason; no helper process outlives
# the loop, also after SIGINT; the timed loop is roundtrip-loop-raw's byte for byte.
# A mechanism the running kernel refuses makes its test SKIPPED (exit 77).

set(interpose_tests ${CMAKE_CURRENT_SOURCE_DIR}/tests)
add_executable(deny-call tests/deny_call.c)
set_target_properties(deny-call PROPERTIES C_STANDARD 11 C_EXTENSIONS ON
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
add_custom_target(interpose-loop-all ALL
  DEPENDS interpose-loop interpose-loop-rewrite interpose-loop-rewrite-emulate interpose-loop-int3
          deny-call)

set(interpose_passthrough raw rewrite int3 sud seccomp-trap seccomp-notify seccomp-notify-sync
    seccomp-trace ptrace)
foreach(call ioctl nosys)
  foreach(m IN LISTS interpose_passthrough)
    add_test(NAME interpose_${m}_${call}
      COMMAND sh ${interpose_tests}/check_mechanism.sh $<TARGET_FILE:interpose-loop> ${m} ${call})
  endforeach()
  # The emulating mechanisms answer 7, which no kernel would.
  foreach(m rewrite-emulate ptrace-sysemu)
    add_test(NAME interpose_${m}_${call}
      COMMAND sh ${interpose_tests}/check_mechanism.sh $<TARGET_FILE:interpose-loop> ${m} ${call} 7)
  endforeach()
endforeach()

foreach(m seccomp-notify seccomp-trace ptrace ptrace-sysemu)
  add_test(NAME interpose_${m}_sigint
    COMMAND sh ${interpose_tests}/check_sigint.sh $<TARGET_FILE:interpose-loop> ${m})
endforeach()

# The kernel refuses, through a seccomp filter of deny-call, what a kernel
# without the mechanism would: PR_SET_SYSCALL_USER_DISPATCH (prctl 59,
# EINVAL before 5.11), SECCOMP_IOCTL_NOTIF_SET_FLAGS (EINVAL before 6.6),
# seccomp() itself (ENOSYS without CONFIG_SECCOMP_FILTER), ptrace (EPERM).
function(interpose_refused name mech reason)
  add_test(NAME interpose_refused_${name}
    COMMAND sh ${interpose_tests}/check_refused.sh $<TARGET_FILE:deny-call>
            $<TARGET_FILE:interpose-loop> ${mech} ${reason} ${ARGN})
endfunction()
interpose_refused(sud sud "(Linux 5.11+ needed)" 157 22 0 59)
interpose_refused(notify_sync seccomp-notify-sync "(Linux 6.6+ needed)" 16 22 1 0x40082104)
interpose_refused(seccomp_trap seccomp-trap "seccomp(SECCOMP_SET_MODE_FILTER): Function not implemented" 317 38)
interpose_refused(ptrace ptrace "PTRACE_SEIZE: Operation not permitted" 101 1)
interpose_refused(seccomp_trace seccomp-trace "seccomp(SECCOMP_RET_TRACE)" 317 38)

get_property(interpose_all DIRECTORY PROPERTY TESTS)
foreach(t IN LISTS interpose_all)
  if(t MATCHES "^interpose_")
    set_tests_properties(${t} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)
  endif()
endforeach()

add_test(NAME interpose_timed_loop_is_roundtrip_loop_raws
  COMMAND sh ${interpose_tests}/check_same_site.sh ${loop_objdump}
          $<TARGET_FILE:roundtrip-loop-raw> $<TARGET_FILE:interpose-loop>)
add_test(NAME interpose_timed_loop_check_detects_a_change
  COMMAND sh ${interpose_tests}/check_same_site_fails.sh ${loop_objdump}
          $<TARGET_FILE:roundtrip-loop-raw> $<TARGET_FILE:interpose-loop>)

foreach(m seccomp-notify ptrace)
  add_test(NAME interpose_${m}_supervisor_cpu
    COMMAND sh ${interpose_tests}/check_placement.sh $<TARGET_FILE:interpose-loop> ${m})
  set_tests_properties(interpose_${m}_supervisor_cpu PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
