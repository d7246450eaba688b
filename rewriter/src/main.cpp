// syscall-rewriter: see rewriter/include/rewriter/cli.hpp and doc/syscall-rewriter.md.
#include <string>
#include <vector>

#include "rewriter/cli.hpp"

int main(int argc, char** argv) {
  return sysrw::run_cli(std::vector<std::string>(argv + 1, argv + argc));
}
