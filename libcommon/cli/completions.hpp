#pragma once
// Shell completions and the option list generated from a tool's CLI11 definition, so that
// completions/ and man/ cannot drift from the code (a test regenerates and compares them).

#include <CLI/CLI.hpp>
#include <string>

namespace disco::cli {

std::string bash_completion(const CLI::App& app);
std::string zsh_completion(const CLI::App& app);
std::string fish_completion(const CLI::App& app);
// One line per visible option and subcommand ("--expires", "-v", "subcommand store"); the man page
// drift test checks that each appears in man/<tool>.1.
std::string option_list(const CLI::App& app);

}  // namespace disco::cli
