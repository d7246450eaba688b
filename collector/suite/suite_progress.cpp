#include "suite/suite_progress.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace iprobe {
namespace {

std::string two_digits(long value) { return (value < 10 ? "0" : "") + std::to_string(value); }

}  // namespace

std::string duration_text(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min " + two_digits(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + two_digits(s % 3600 / 60) + " min";
}

SuiteProgress::SuiteProgress(std::vector<std::string> names, std::vector<double> estimates,
                             std::ostream* out)
    : names_(std::move(names)), estimates_(std::move(estimates)), out_(out) {}

double SuiteProgress::seconds_left(std::size_t step, double step_elapsed) const {
  const std::size_t done = std::min(actual_.size(), estimates_.size());
  const double estimated_done = std::accumulate(estimates_.begin(), estimates_.begin() + done, 0.0);
  const double actual_done = std::accumulate(actual_.begin(), actual_.begin() + done, 0.0);
  const double scale =
      estimated_done > 0 ? std::clamp(actual_done / estimated_done, 0.2, 5.0) : 1.0;
  if (step >= estimates_.size()) return 0;
  double left = std::max(0.0, estimates_[step] * scale - step_elapsed);
  for (std::size_t i = step + 1; i < estimates_.size(); ++i) left += estimates_[i] * scale;
  return left;
}

double SuiteProgress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void SuiteProgress::line(std::size_t step, const std::string& what) {
  last_line_ = std::chrono::steady_clock::now();
  if (out_ == nullptr) return;
  *out_ << "suite: step " << step + 1 << "/" << names_.size() << " " << names_[step] << ": " << what
        << std::endl;
}

void SuiteProgress::started(std::size_t step) {
  step_start_ = std::chrono::steady_clock::now();
  line(step, "starts; elapsed " + duration_text(elapsed()) + ", about " +
                 duration_text(seconds_left(step, 0)) + " left");
}

void SuiteProgress::running(std::size_t step) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_line_ < kInterval) return;
  const double in_step = std::chrono::duration<double>(now - step_start_).count();
  line(step, "running for " + duration_text(in_step) + "; elapsed " + duration_text(elapsed()) +
                 ", about " + duration_text(seconds_left(step, in_step)) + " left");
}

void SuiteProgress::ended(std::size_t step, double seconds, const std::string& how) {
  if (actual_.size() <= step) actual_.resize(step + 1, 0);
  actual_[step] = seconds;
  line(step, how + " in " + duration_text(seconds));
}

}  // namespace iprobe
