// index.html's pieces: summary members as tables (ids, layout, escaping), gnuplot's SVG inlined
// with unique ids, and the page of a results folder holding every summary.json member and
// figure. (tests/integration/html_browser.sh loads real pages in Chromium.)
#include "export/html_page.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "benchmarks/benchmark_table.hpp"
#include "export/exporters.hpp"
#include "export/html_json.hpp"
#include "results/json_file.hpp"
#include "util/file_util.hpp"

namespace iprobe {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlJson, ScalarsShareOneTableEachObjectHasItsOwn) {
  const Json summary = Json::parse(R"({"scenario": "linux", "iterations": 10000,
      "latency_cycles": {"n": 3, "min": 400, "p50": 494.5, "max": 1e3},
      "foreign_runs": [], "note": "<script>x</script>", "gap": null})");
  const std::string html = members_html(
      summary,
      {"scenario", "iterations", "latency_cycles", "foreign_runs", "note", "gap", "absent"},
      "run-x");
  for (const char* id : {"run-x--scenario", "run-x--iterations", "run-x--latency_cycles",
                         "run-x--foreign_runs", "run-x--note", "run-x--gap"})
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  EXPECT_EQ(html.find("run-x--absent"), std::string::npos);
  EXPECT_EQ(count(html, "<table"), 3u);  // scalars, the object, scalars again
  EXPECT_NE(html.find("<th scope=\"col\">p50</th>"), std::string::npos);  // one row of numbers
  EXPECT_NE(html.find(">494.5<"), std::string::npos);  // one decimal from 100 up
  EXPECT_NE(html.find(">1000<"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&ndash;"), std::string::npos);
}

TEST(HtmlJson, AnObjectOfObjectsIsAMatrixTurnedWhenMuchWiderThanLong) {
  const Json anatomy = Json::parse(R"({"anatomy": {"entry": {"min": 1, "p50": 2},
                                                   "exit": {"min": 3, "p50": 4}}})");
  const std::string small = members_html(anatomy, {"anatomy"}, "p");
  EXPECT_NE(small.find("<th scope=\"col\">p50</th>"), std::string::npos);
  EXPECT_NE(small.find("<th scope=\"row\">exit</th>"), std::string::npos);
  Json wide = Json::object();
  for (int i = 0; i < 12; ++i) wide["v"]["field" + std::to_string(i)] = i;
  wide["v"]["binary"] = "/usr/libexec/x/loop-raw";
  const std::string turned = members_html(Json{{"variants", wide}}, {"variants"}, "p");
  EXPECT_NE(turned.find("<th scope=\"col\">v</th>"), std::string::npos);
  EXPECT_NE(turned.find("<th scope=\"row\">field11</th>"), std::string::npos);
  // A path reads as its file name, the whole path on hover.
  EXPECT_NE(turned.find("title=\"/usr/libexec/x/loop-raw\">loop-raw<"), std::string::npos);
}

TEST(HtmlPage, SvgIdsArePrefixedSoFiguresDoNotClash) {
  const fs::path file =
      fs::temp_directory_path() / ("iprobe_svg_" + std::to_string(::getpid()) + ".svg");
  write_text_file(file,
                  "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 10 10\"><defs><path id='gpPt1'/>"
                  "</defs><use xlink:href='#gpPt1'/><g id=\"c\" clip-path=\"url(#c)\"/></svg>\n");
  const std::string svg = inline_svg(file, "f1-");
  fs::remove(file);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("id='f1-gpPt1'"), std::string::npos);
  EXPECT_NE(svg.find("href='#f1-gpPt1'"), std::string::npos);
  EXPECT_NE(svg.find("id=\"f1-c\""), std::string::npos);
  EXPECT_NE(svg.find("url(#f1-c)"), std::string::npos);
  EXPECT_EQ(inline_svg("/nonexistent.svg", "x"), "");
}

// The page of a results folder (fixtures copied, figures not drawn): every member of its
// summary.json and every figure of its kind has its element.
void check_page(const std::string& fixture) {
  const fs::path dir = fs::temp_directory_path() /
                       ("iprobe_html_" + fixture + "_" + std::to_string(::getpid())) / fixture;
  fs::remove_all(dir.parent_path());
  fs::create_directories(dir);
  fs::copy(fs::path(IPROBE_FIXTURE_DIR) / "results" / fixture, dir, fs::copy_options::recursive);
  const Json summary = read_json_file(dir / "summary.json");
  const Results results = read_results(summary, dir, ReadDepth::kWithSamples);
  std::ostringstream console;
  write_outputs(results, ExportTarget{dir, console}, {Output::kHtml});
  const std::string page = read_text_file(dir / "index.html");
  fs::remove_all(dir.parent_path());
  const std::string id = "run-" + fixture;
  for (const auto& [key, value] : summary.items())
    EXPECT_NE(page.find("id=\"" + id + "--" + key + "\""), std::string::npos) << key;
  for (const Figure& f : results.kind->figures(results.header, FigureContext{dir}).figures)
    EXPECT_NE(page.find("id=\"" + id + "--figure-" + f.name + "\""), std::string::npos) << f.name;
  EXPECT_NE(page.find("id=\"" + id + "--table\""), std::string::npos);
  EXPECT_NE(page.find("Content-Security-Policy"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  // Nothing to fetch, no link outside (figures are not drawn here: no SVG namespace URLs).
  EXPECT_EQ(page.find("://"), std::string::npos);
  EXPECT_EQ(page.find(" src="), std::string::npos);
  EXPECT_NE(page.find("href=\"summary.json\""), std::string::npos);
}

TEST(HtmlPage, AnEntryFolderShowsEveryMemberAndFigure) { check_page("entry"); }
TEST(HtmlPage, ARoundTripFolderShowsEveryMemberAndFigure) { check_page("roundtrip"); }

}  // namespace
}  // namespace iprobe
