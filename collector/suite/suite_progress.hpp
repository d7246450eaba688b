// Progress of a suite on stderr (silent with --quiet): a line when a step starts ("suite: step
// 3/7 entry-linux-tracepoint: elapsed 1 min 02 s, about 40 s left"), the same every 30 s while
// it runs, and one when it ends. What is left is estimated from each step's prior
// (SuiteStep::estimate_seconds), scaled by how the steps done so far compared with theirs.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace iprobe {

// "45 s", "3 min 05 s", "1 h 02 min".
std::string duration_text(double seconds);

class SuiteProgress {
 public:
  // out: where the lines go, nullptr for none (--quiet).
  SuiteProgress(std::vector<std::string> names, std::vector<double> estimates, std::ostream* out);

  void started(std::size_t step);
  // Called while the step runs (often): prints a line every kInterval.
  void running(std::size_t step);
  void ended(std::size_t step, double seconds, const std::string& how);

  // Seconds left: the rest of the step that runs (it has run step_elapsed) and every later one,
  // each prior scaled by actual / estimated of the steps done (clamped to 0.2 .. 5).
  [[nodiscard]] double seconds_left(std::size_t step, double step_elapsed) const;

  static constexpr std::chrono::seconds kInterval{30};

 private:
  void line(std::size_t step, const std::string& what);
  [[nodiscard]] double elapsed() const;

  std::vector<std::string> names_;
  std::vector<double> estimates_;
  std::vector<double> actual_;  // of the steps done
  std::ostream* out_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point step_start_ = start_;
  std::chrono::steady_clock::time_point last_line_ = start_;
};

}  // namespace iprobe
