#pragma once
// Runs a shell command for tests that drive real peers (tshark, sipp), capturing stdout.

#include <string>

namespace disco::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
};

// Runs `sh -c command` and returns its exit code and stdout; stderr passes through to the test log.
CommandResult run_command(const std::string& command);
// True when `program` is on PATH.
bool have_program(const std::string& program);

}  // namespace disco::test
