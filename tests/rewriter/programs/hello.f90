! Test program for tests/rewriter/real_binaries.sh (static gfortran).
program hello
  implicit none
  integer :: i, u, total
  open(newunit=u, file='/tmp/fortran-rewriter-test.txt', status='replace')
  do i = 1, 200
    write(u, '(I5, F10.3)') i, i / 7.0
  end do
  close(u)
  total = 0
  open(newunit=u, file='/tmp/fortran-rewriter-test.txt', status='old')
  do i = 1, 200
    read(u, *)
    total = total + i
  end do
  close(u, status='delete')
  print '(A, I8)', 'total', total
end program hello
