#include "libcommon/control/client.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace disco::control {

namespace {

using Clock = std::chrono::steady_clock;

std::string errno_text(int err) {
  return std::strerror(err);
}  // NOLINT(concurrency-mt-unsafe): tools are single-threaded

// Milliseconds left until `deadline`, rounded up, for poll().
int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  constexpr decltype(left) one_day_ms = 24LL * 3600 * 1000;  // poll() takes an int
  return static_cast<int>(std::clamp<decltype(left)>(left, 0, one_day_ms));
}

ControlError unreachable(const std::string& path, const std::string& why) {
  return {ErrorCode::unreachable,
          "no reload-node is listening on " + path + " (" + why + "); start one with `reload-node run`"};
}

}  // namespace

std::string default_control_path() {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");  // NOLINT(concurrency-mt-unsafe)
  if (runtime != nullptr && runtime[0] == '/') return std::string(runtime) + "/disco/reload-node.sock";
  return "/tmp/disco-" + std::to_string(::getuid()) + "/reload-node.sock";
}

base::result<ControlClient, ControlError> ControlClient::connect(const std::string& path, Timeout timeout) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr.sun_path) || path.find('\0') != std::string::npos) {
    return base::failure{ControlError{
        ErrorCode::bad_request,
        "control socket path must be 1.." + std::to_string(sizeof(addr.sun_path) - 1) + " bytes without NUL: " + path}};
  }
  std::copy(path.begin(), path.end(), addr.sun_path);

  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return base::failure{ControlError{ErrorCode::internal, "socket(): " + errno_text(errno)}};
  ControlClient client(fd, path);
  // A Unix-domain connect() blocks only while the listener's backlog is full; SO_SNDTIMEO bounds that
  // wait (Linux unix_stream_connect honours it), after which the socket is switched to non-blocking.
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::max(timeout, Timeout(1))).count();
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(us / 1000000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>(us % 1000000);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int rc = 0;
  do {
    rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int err = errno;
    switch (err) {
      case ENOENT: return base::failure{unreachable(path, "no such socket")};
      case ECONNREFUSED: return base::failure{unreachable(path, "connection refused")};
      case ENOTDIR: return base::failure{unreachable(path, "a parent is not a directory")};
      case EACCES:
      case EPERM: return base::failure{ControlError{ErrorCode::forbidden, "permission denied on " + path}};
      case EAGAIN:
      case EINPROGRESS:
      case ETIMEDOUT:
        return base::failure{ControlError{ErrorCode::timeout, "the node at " + path + " did not accept within " +
                                                                  std::to_string(timeout.count()) + " ms"}};
      default: return base::failure{unreachable(path, errno_text(err))};
    }
  }
  const int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    return base::failure{ControlError{ErrorCode::internal, "fcntl(O_NONBLOCK): " + errno_text(errno)}};
  }
  return client;
}

ControlClient::ControlClient(ControlClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      input_(std::move(other.input_)),
      next_id_(other.next_id_) {}

ControlClient& ControlClient::operator=(ControlClient&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    input_ = std::move(other.input_);
    next_id_ = other.next_id_;
  }
  return *this;
}

ControlClient::~ControlClient() { close(); }

void ControlClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

ControlError ControlClient::closed_error() const {
  return {ErrorCode::unreachable, "the node at " + path_ + " closed the control connection"};
}

base::result<nlohmann::json, ControlError> ControlClient::call(Op op, const nlohmann::json& args, Timeout timeout) {
  const auto deadline = Clock::now() + timeout;
  const std::uint64_t id = next_id_++;
  if (auto sent = send_all(encode_request(id, op, args), deadline); !sent) {
    // A node that turns the connection away writes why before closing; that beats "closed".
    if (auto line = read_line(Clock::now()); line) {
      if (auto answer = parse_answer(*line); answer && !answer->outcome) return base::failure{answer->outcome.error()};
    }
    return base::failure{sent.error()};
  }
  for (;;) {
    auto line = read_line(deadline);
    if (!line) {
      if (line.error().code == ErrorCode::timeout) {
        return base::failure{ControlError{ErrorCode::timeout, "no answer to '" + std::string(to_string(op)) +
                                                                  "' from the node within " +
                                                                  std::to_string(timeout.count()) + " ms"}};
      }
      return base::failure{line.error()};
    }
    auto answer = parse_answer(*line);
    if (!answer) return base::failure{answer.error()};
    // id 0 is the node saying it could not read a request at all: ours, as nothing else is pending.
    if (answer->id == id || (answer->id == 0 && !answer->outcome)) return std::move(answer->outcome);
  }
}

base::result<std::monostate, ControlError> ControlClient::send_raw(std::string_view bytes, Timeout timeout) {
  return send_all(bytes, Clock::now() + timeout);
}

base::result<Answer, ControlError> ControlClient::read_answer(Timeout timeout) {
  auto line = read_line(Clock::now() + timeout);
  if (!line) return base::failure{line.error()};
  return parse_answer(*line);
}

base::result<std::monostate, ControlError> ControlClient::send_all(std::string_view bytes, Deadline deadline) {
  if (fd_ < 0) return base::failure{closed_error()};
  while (!bytes.empty()) {
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n >= 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      if (errno == EPIPE || errno == ECONNRESET) return base::failure{closed_error()};
      return base::failure{ControlError{ErrorCode::unreachable, "send to " + path_ + ": " + errno_text(errno)}};
    }
    pollfd p{fd_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready == 0) return base::failure{ControlError{ErrorCode::timeout, "the node at " + path_ + " is not reading"}};
    if (ready < 0 && errno != EINTR) {
      return base::failure{ControlError{ErrorCode::internal, "poll(): " + errno_text(errno)}};
    }
  }
  return std::monostate{};
}

base::result<std::string, ControlError> ControlClient::read_line(Deadline deadline) {
  if (fd_ < 0) return base::failure{closed_error()};
  std::size_t scanned = 0;
  for (;;) {
    if (auto nl = input_.find('\n', scanned); nl != std::string::npos) {
      std::string line = input_.substr(0, nl);
      input_.erase(0, nl + 1);
      return line;
    }
    scanned = input_.size();
    if (input_.size() > max_answer_line) {
      close();  // the stream cannot be resynchronised
      return base::failure{ControlError{
          ErrorCode::internal, "answer from the node longer than " + std::to_string(max_answer_line) + " bytes"}};
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready == 0) return base::failure{ControlError{ErrorCode::timeout, "no answer from the node at " + path_}};
    if (ready < 0) {
      if (errno == EINTR) continue;
      return base::failure{ControlError{ErrorCode::internal, "poll(): " + errno_text(errno)}};
    }
    std::array<char, 65536> buffer{};
    const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n == 0) return base::failure{closed_error()};
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      if (errno == ECONNRESET) return base::failure{closed_error()};
      return base::failure{ControlError{ErrorCode::unreachable, "recv from " + path_ + ": " + errno_text(errno)}};
    }
    input_.append(buffer.data(), static_cast<std::size_t>(n));
  }
}

}  // namespace disco::control
