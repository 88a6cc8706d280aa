#pragma once
// Child processes for multi-process tests: spawned with stdout captured, always reaped, killed
// (whole process group) when the test is done or a deadline passes.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace disco::test {

class Process {
 public:
  // Starts argv[0] (searched on PATH) in its own process group. stdout is piped to us unless
  // `stdout_path` names a file for it; stderr goes to `stderr_path` (inherited when empty).
  explicit Process(const std::vector<std::string>& argv, const std::string& stderr_path = {},
                   const std::string& stdout_path = {});
  ~Process();  // SIGKILLs the group if still running, and reaps
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&&) = delete;
  Process& operator=(Process&&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  void signal(int sig) const;
  // Reads stdout until a full line arrives or the deadline passes (nullopt: timeout or EOF).
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Waits for exit up to `timeout`; returns the exit code (128+signal when killed), nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // All stdout that arrived so far and was not returned by read_line().
  std::string drain();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  std::optional<int> status_;
};

// A port that was free on 127.0.0.1 for both UDP and TCP a moment ago (bind to 0, read, close).
std::uint16_t free_port();

}  // namespace disco::test
