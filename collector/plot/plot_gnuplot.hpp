// Running gnuplot (Debian's gnuplot-nox) on a script, through Boost.Process.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace iprobe {

inline constexpr const char* kGnuplotMissing =
    "gnuplot not found: apt-get install gnuplot-nox; plots skipped";

// gnuplot on PATH, or nullopt.
std::optional<std::filesystem::path> find_gnuplot();

// "pngcairo" when this gnuplot has the cairo PNG terminal, else "png".
std::string detect_png_terminal(const std::filesystem::path& gnuplot);

// Runs `gnuplot script` in `work_dir` with stdin from /dev/null and stdout+stderr into `log`.
// Returns "" on success, else a one-line description of the failure.
std::string run_gnuplot(const std::filesystem::path& gnuplot, const std::filesystem::path& script,
                        const std::filesystem::path& work_dir, const std::filesystem::path& log);

}  // namespace iprobe
