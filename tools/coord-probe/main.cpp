// coord-probe: measure RTTs through the local RELOAD peer and compute a network coordinate
// (man/coord-probe.1). The work is in libcommon/cli/coord_probe.cpp.
#include <iostream>

#include "libcommon/cli/coord_probe.hpp"
#include "libcommon/cli/tool.hpp"

namespace {

using namespace disco;

int coord_probe(int argc, char** argv) {
  CLI::App app{"Measure RTTs with RELOAD Ping through the local node and compute a network coordinate", "coord-probe"};
  cli::CommonOptions common;
  cli::add_common_options(app, common, "coord-probe " DISCO_VERSION);
  cli::coord_probe::Options options;
  cli::coord_probe::add_options(app, options);
  return cli::run(app, common, argc, argv, [&]() -> int {
    cli::init_logging("coord-probe", common);
    return cli::coord_probe::run(options, common.json());
  });
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return coord_probe(argc, argv);
  } catch (const std::exception& e) {  // building the option table, before cli::run can catch
    std::cerr << "coord-probe: internal error: " << e.what() << '\n';
    return disco::cli::exit_internal;
  }
}
