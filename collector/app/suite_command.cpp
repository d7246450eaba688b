#include "app/suite_command.hpp"

#include <unistd.h>

#include <array>
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>

#include "app/cli.hpp"
#include "app/compare_command.hpp"
#include "env/environment.hpp"
#include "scenarios/common/interrupt.hpp"
#include "suite/suite_compare.hpp"
#include "suite/suite_page.hpp"
#include "suite/suite_record.hpp"

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace iprobe {
namespace {

SuiteRequest suite_request(const SuiteOptions& o) {
  SuiteRequest request;
  request.size = o.quick ? SuiteSize::kQuick : SuiteSize::kFull;
  request.left_out = o.skip;
  if (!o.kernel.empty())
    request.scenario_args.push_back({ScenarioId::kLinuxQemu, {"--kernel", o.kernel.string()}});
  if (!o.hermitux_prefix.empty())
    request.scenario_args.push_back(
        {ScenarioId::kHermitux, {"--hermitux-prefix", o.hermitux_prefix.string()}});
  return request;
}

std::string host_name() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "";
  return name.data();
}

// The compare figure and table of each group of runs whose cycles compare; notes for the runs
// compare cannot use. False when a comparison failed.
bool draw_comparisons(const fs::path& dir, SuiteRecord& record, std::ostream& out,
                      std::ostream& err) {
  std::vector<CompareFolder> folders;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < record.steps.size(); ++i) {
    if (record.outcomes[i].status != StepOutcome::Status::kOk) continue;
    try {
      folders.push_back(load_compare_folder(dir / record.steps[i].name));
      names.push_back(record.steps[i].name);
    } catch (const std::exception& e) {
      record.notes.push_back(record.steps[i].name + " is left out of the comparison: " + e.what());
    }
  }
  bool ok = true;
  for (const CompareGroup& group : compare_groups(folders)) {
    ComparisonRecord c{group.folder, group.cycles, {}, 0};
    CompareOptions options{{}, dir / group.folder, false};
    for (const std::size_t i : group.members) {
      c.runs.push_back(names[i]);
      options.folders.push_back(dir / names[i]);
    }
    out << "\n";
    c.exit_status = run_compare_command(options, out, err);
    ok = ok && c.exit_status == 0;
    record.comparisons.push_back(std::move(c));
  }
  return ok;
}

void print_summary(const SuiteRecord& r, const fs::path& dir, std::ostream& out) {
  std::size_t ok = 0;
  for (const StepOutcome& o : r.outcomes) ok += o.status == StepOutcome::Status::kOk ? 1 : 0;
  out << "\nsuite: " << ok << " of " << r.steps.size() << " steps succeeded, " << r.skipped.size()
      << " skipped, " << duration_text(r.wall_seconds) << "\n";
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    const StepOutcome& o = r.outcomes[i];
    out << "  " << status_name(o.status) << "  " << r.steps[i].name << "  "
        << (o.exit_status < 0 ? std::string("-") : duration_text(o.wall_seconds)) << "\n";
  }
  for (const SuiteSkip& s : r.skipped) out << "  skipped  " << s.name << ": " << s.reason << "\n";
  out << "results: " << (dir / "index.html").string() << " (" << kSuiteRecordFile
      << ", a folder per step, logs/)\n";
}

int exit_status_of(const SuiteRecord& r, bool compared) {
  if (interrupted()) return 128 + interrupt_signal();
  for (const StepOutcome& o : r.outcomes)
    if (o.status != StepOutcome::Status::kOk && o.status != StepOutcome::Status::kNotRun) return 1;
  return compared ? 0 : 1;
}

// A new folder, or an empty one: a suite never mixes its runs with earlier ones.
void check_output_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
    throw std::invalid_argument(dir.string() +
                                " exists and is not an empty folder: give a new one with -o");
}

}  // namespace

int run_suite_command(const SuiteOptions& o, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  RunOptions run;
  run.kernel_image = o.kernel;
  run.hermitux_prefix = o.hermitux_prefix;
  const MachineFacts facts = read_machine_facts(run);
  SuiteRecord record;
  const SuitePlan plan = plan_suite(facts, suite_request(o));
  check_output_dir(o.output_dir);
  fs::create_directories(o.output_dir);
  record.command = o.command;
  record.quick = o.quick;
  record.started = utc_now();
  record.host = host_name();
  record.machine = probe_environment();
  record.machine_warnings = environment_warnings(record.machine);
  record.facts = facts_json(facts);
  record.steps = plan.steps;
  record.skipped = plan.skipped;
  err << "suite: " << plan.steps.size() << " steps to run into " << o.output_dir.string() << ", "
      << plan.skipped.size() << " skipped\n";
  for (const SuiteSkip& s : plan.skipped)
    err << "suite: skipped " << s.name << ": " << s.reason << "\n";

  std::vector<std::string> names;
  std::vector<double> estimates;
  for (const SuiteStep& s : plan.steps) {
    names.push_back(s.name);
    estimates.push_back(s.estimate_seconds);
  }
  SuiteProgress progress(names, estimates, o.quiet ? nullptr : &err);
  record.outcomes =
      run_steps(plan.steps, o.output_dir, fs::read_symlink("/proc/self/exe"), progress);
  const bool compared = interrupted() || draw_comparisons(o.output_dir, record, out, err);
  record.finished = utc_now();
  record.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  record.exit_status = exit_status_of(record, compared);
  write_suite_record(o.output_dir / kSuiteRecordFile, record);
  for (const std::string& note : write_suite_page(o.output_dir, record))
    err << "WARNING: " << note << "\n";
  print_summary(record, o.output_dir, out);
  return record.exit_status;
}

int run_suite_main(const std::vector<std::string>& args) {
  SuiteOptions o;
  std::string output;
  po::options_description desc("Options");
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("output-dir,o", po::value(&output), "suite folder (default: results/suite-TIME)")
    ("quick", po::bool_switch(&o.quick), "short runs (CI, fleets)")
    ("quiet,q", po::bool_switch(&o.quiet), "no progress lines")
    ("hermitux-prefix", po::value(&o.hermitux_prefix),
     "HermiTux install prefix (default $HERMITUX_PREFIX; without: HermiTux is skipped)")
    ("kernel", po::value(&o.kernel), "linux-qemu guest kernel (default build/guest/bzImage)")
    ("skip", po::value(&o.skip)->composing(), "leave out a scenario, benchmark or step");
  // clang-format on
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << kSuiteUsage << '\n' << desc;
      return 0;
    }
  } catch (const po::error& e) {
    std::cerr << "collector suite: " << e.what() << " (see collector suite --help)\n";
    return 2;
  }
  o.output_dir = output.empty() ? fs::path(default_output_dir("suite")) : fs::path(output);
  o.command = "collector suite";
  for (const std::string& arg : args) o.command += " " + arg;
  install_interrupt_handlers();
  try {
    return run_suite_command(o, std::cout, std::cerr);
  } catch (const std::invalid_argument& e) {
    std::cerr << "collector suite: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace iprobe
