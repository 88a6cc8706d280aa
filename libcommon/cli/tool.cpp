#include "libcommon/cli/tool.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>
#include <string_view>

#include "libcommon/cli/completions.hpp"

namespace disco::cli {

bool CommonOptions::json() const {
  switch (format) {
    case OutputFormat::json: return true;
    case OutputFormat::text: return false;
    case OutputFormat::automatic: return ::isatty(STDOUT_FILENO) == 0;
  }
  return true;
}

void add_common_options(CLI::App& app, CommonOptions& options, const std::string& version) {
  app.set_version_flag("--version", version);
  auto* json = app.add_flag_callback(
      "--json", [&options] { options.format = OutputFormat::json; },
      "Print JSON Lines (one object per line); the default when stdout is not a terminal");
  auto* text = app.add_flag_callback(
      "--text", [&options] { options.format = OutputFormat::text; },
      "Print aligned text; the default when stdout is a terminal");
  json->excludes(text);
  app.add_flag("-v,--verbose", options.verbose, "More log output on stderr (repeatable)");
  app.add_flag("-q,--quiet", options.quiet, "Less log output on stderr (repeatable)");
  app.add_option("--generate", options.generate, "Print shell completions or the option list")
      ->check(CLI::IsMember({"bash", "zsh", "fish", "options"}))
      ->group("");  // hidden: used to build completions/ and by the docs drift test
}

int run(CLI::App& app, CommonOptions& options, int argc, const char* const* argv, const std::function<int()>& body) {
  // --generate describes the tool; it must work without the arguments a real run requires.
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]).rfind("--generate", 0) == 0) {
      for (auto* o : app.get_options()) o->required(false);
      app.require_subcommand(0, app.get_require_subcommand_max());  // a tool with subcommands needs none here
      break;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_success : exit_usage;
  }
  if (!options.generate.empty()) {
    if (options.generate == "bash") std::cout << bash_completion(app);
    if (options.generate == "zsh") std::cout << zsh_completion(app);
    if (options.generate == "fish") std::cout << fish_completion(app);
    if (options.generate == "options") std::cout << option_list(app);
    return exit_success;
  }
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << app.get_name() << ": internal error: " << e.what() << '\n';
    return exit_internal;
  }
}

void init_logging(const std::string& tool, const CommonOptions& options) {
  auto logger = spdlog::stderr_color_mt(tool);
  const int level = static_cast<int>(spdlog::level::warn) - options.verbose + options.quiet;
  logger->set_level(static_cast<spdlog::level::level_enum>(
      std::clamp(level, static_cast<int>(spdlog::level::trace), static_cast<int>(spdlog::level::off))));
  logger->set_pattern("%n: %^%l%$: %v");
  spdlog::set_default_logger(logger);
}

}  // namespace disco::cli
