#include "tests/support/run_command.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace disco::test {

CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool have_program(const std::string& program) {
  return run_command("command -v '" + program + "' >/dev/null 2>&1").exit_code == 0;
}

}  // namespace disco::test
