#pragma once
// The shared CLI11 base every tool stands on: common flags, output format, logging, and one way
// of turning exceptions and parse errors into the documented exit codes.

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "libcommon/cli/exit_code.hpp"

namespace disco::cli {

enum class OutputFormat { automatic, json, text };

struct CommonOptions {
  OutputFormat format = OutputFormat::automatic;
  int verbose = 0;       // -v count
  int quiet = 0;         // -q count
  std::string generate;  // hidden: "bash", "zsh", "fish" completions, or "options" for the man-page drift test

  // JSON when stdout is not a terminal, text when it is (iproute2's habit), unless forced.
  [[nodiscard]] bool json() const;
};

// Adds --json/--text, -v/-q, --version and the hidden --generate to `app`.
void add_common_options(CLI::App& app, CommonOptions& options, const std::string& version);

// Parses argv and runs `body`. CLI11 errors give exit_usage (help and version give 0), an uncaught
// exception gives exit_internal with its message on stderr. Handles --generate before `body`.
int run(CLI::App& app, CommonOptions& options, int argc, const char* const* argv, const std::function<int()>& body);

// Sets up spdlog on stderr: warnings by default, -v info, -vv debug, -q errors only, -qq off.
void init_logging(const std::string& tool, const CommonOptions& options);

}  // namespace disco::cli
