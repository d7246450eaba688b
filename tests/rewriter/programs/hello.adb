--  Test program for tests/rewriter/real_binaries.sh (static GNAT).
with Ada.Text_IO; use Ada.Text_IO;
procedure Hello is
   F : File_Type;
   Line : String (1 .. 100);
   Last : Natural;
   Count : Natural := 0;
begin
   Create (F, Out_File, "/tmp/ada-rewriter-test.txt");
   for I in 1 .. 100 loop
      Put_Line (F, "line" & Integer'Image (I));
   end loop;
   Close (F);
   Open (F, In_File, "/tmp/ada-rewriter-test.txt");
   while not End_Of_File (F) loop
      Get_Line (F, Line, Last);
      Count := Count + 1;
   end loop;
   Delete (F);
   Put_Line ("lines" & Natural'Image (Count));
end Hello;
