#pragma once
// A small blocking client of the control socket for tools: POSIX sockets and poll(), no Asio, one
// request at a time. Every failure is a ControlError, so a tool maps it to its exit code with
// exit_code_for().

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "libcommon/base/result.hpp"
#include "libcommon/control/error.hpp"
#include "libcommon/control/protocol.hpp"

namespace disco::control {

// $XDG_RUNTIME_DIR/disco/reload-node.sock when XDG_RUNTIME_DIR is set to an absolute path, else
// /tmp/disco-$UID/reload-node.sock (DESIGN.md "Tools", --control).
std::string default_control_path();

class ControlClient {
 public:
  using Timeout = std::chrono::milliseconds;

  // No socket at `path`, or nothing listening: `unreachable`, naming the path and `reload-node run`.
  // Permission denied: `forbidden`. No connection within `timeout`: `timeout`.
  static base::result<ControlClient, ControlError> connect(const std::string& path, Timeout timeout);

  ControlClient(ControlClient&& other) noexcept;
  ControlClient& operator=(ControlClient&& other) noexcept;
  ControlClient(const ControlClient&) = delete;
  ControlClient& operator=(const ControlClient&) = delete;
  ~ControlClient();

  // Sends one request (ids count up from 1) and waits for its answer: the "ok" object, or the node's
  // error with the node's code and message. Answers to earlier requests that timed out are skipped.
  base::result<nlohmann::json, ControlError> call(Op op, const nlohmann::json& args, Timeout timeout);

  // The two halves of call(), for tests and for tools that pipeline: raw bytes out, one answer in.
  base::result<std::monostate, ControlError> send_raw(std::string_view bytes, Timeout timeout);
  base::result<Answer, ControlError> read_answer(Timeout timeout);

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  ControlClient(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  base::result<std::monostate, ControlError> send_all(std::string_view bytes, Deadline deadline);
  base::result<std::string, ControlError> read_line(Deadline deadline);
  [[nodiscard]] ControlError closed_error() const;
  void close();

  int fd_ = -1;
  std::string path_;
  std::string input_;  // bytes received after the last complete line
  std::uint64_t next_id_ = 1;
};

}  // namespace disco::control
