// Test program for tests/rewriter/real_binaries.sh (static libstdc++): iostreams,
// file streams, threads and exceptions thrown across frames (unwinding).
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

static int depth(int n) {
  if (n == 0) throw std::runtime_error("bottom reached");
  return depth(n - 1) + 1;
}

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "/tmp";
  std::string path = dir + "/cpp-test.txt";
  {
    std::ofstream out(path);
    if (!out) {
      std::cerr << "cannot create " << path << "\n";
      return 2;
    }
    for (int i = 0; i < 300; ++i) out << "item " << i % 7 << "\n";
  }
  std::map<std::string, int> counts;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) ++counts[line];
  for (const auto& [k, v] : counts) std::cout << k << ": " << v << "\n";
  std::vector<std::thread> threads;
  std::vector<long> sums(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &sums] {
      for (long i = 0; i <= t * 1000; ++i) sums[t] += i;
    });
  for (auto& t : threads) t.join();
  for (long s : sums) std::cout << s << " ";
  std::cout << "\n";
  try {
    depth(20);
  } catch (const std::exception& e) {
    std::cerr << "caught: " << e.what() << "\n";
  }
  std::remove(path.c_str());
  return 6;
}
