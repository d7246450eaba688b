// Small file helpers with error messages that name the file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace iprobe {

void write_text_file(const std::filesystem::path& path, std::string_view text);
// Opens PATH for writing, lets `write` fill it, checks the stream: throws std::runtime_error
// "cannot write WHAT 'PATH'" / "error writing WHAT 'PATH'".
void write_output_file(const std::filesystem::path& path, const char* what,
                       const std::function<void(std::ostream&)>& write);
// Reads at most `limit` bytes (0 = no limit).
std::string read_text_file(const std::filesystem::path& path, size_t limit = 0);
// Copies by read/write, so files that report no size (procfs, devices) copy fully.
// Returns false, with `to` holding what was copied so far, when `stop()` (if set) turns true.
bool copy_stream_file(const std::filesystem::path& from, const std::filesystem::path& to,
                      const std::function<bool()>& stop = {});
// Empties (or creates) `path` and returns it as a string, for Boost.Process redirections:
// `bp::std_out > path` opens without O_TRUNC, so a longer earlier file would keep its tail,
// and an earlier run's stamps would follow this run's in the log.
std::string fresh_output_file(const std::filesystem::path& path);
// The folder of the collector's helper programs that holds `name`: the collector's own
// (build/bin/), else the installed package's libexec folder found from the collector's
// prefix; the collector's own when neither has it.
std::filesystem::path find_program_dir(const std::string& name);
// `explicit_path` when given, else `name` from find_program_dir(); throws when missing.
std::filesystem::path find_sibling_program(const std::string& name,
                                           const std::filesystem::path& explicit_path);

}  // namespace iprobe
