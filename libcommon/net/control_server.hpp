#pragma once
// The node's end of the control socket (DESIGN.md "Control protocol"; libcommon/control/README.md):
// a Unix-domain stream listener, mode 0600, that reads newline-delimited JSON requests, hands each
// one to a handler with a Reply, and writes the answers in the order the replies come back.

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libcommon/base/result.hpp"
#include "libcommon/control/error.hpp"
#include "libcommon/control/protocol.hpp"

namespace disco::net {

class ControlSession;

// Answers one request. Copies share one answer: the first call is sent, later ones are ignored.
// May be called later (after a network round trip) and from any thread: the answer is posted to the
// server's io_context. A no-op once the client has gone. Must not outlive the io_context. A Reply
// that is never called leaves its request unanswered and holds one of the connection's slots.
class ControlReply {
 public:
  void operator()(base::result<nlohmann::json, control::ControlError> outcome) const;
  void ok(nlohmann::json body) const { (*this)(std::move(body)); }
  void error(control::ErrorCode code, std::string message) const {
    (*this)(base::failure{control::ControlError{code, std::move(message)}});
  }
  [[nodiscard]] std::uint64_t id() const;

 private:
  friend class ControlSession;
  struct State;
  explicit ControlReply(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

class ControlServer {
 public:
  using Reply = ControlReply;
  using Handler = std::function<void(control::Request, Reply)>;

  struct Limits {
    std::size_t max_line = control::max_request_line;  // longer: an error answer, then close
    std::size_t max_pending = 64;                      // unanswered + unwritten per connection; beyond, reading pauses
    std::size_t max_connections = 64;                  // beyond, a new connection gets an error answer and is closed
  };

  // Creates the parent directory (0700) when missing; refuses a parent owned by another user (not
  // root) or writable by group/others without the sticky bit. An existing socket file is replaced
  // only when nothing answers on it ("another node is using <path>" otherwise); any other file there
  // is an error. The socket is chmod 0600. Errors are messages for the operator.
  static base::result<std::unique_ptr<ControlServer>, std::string> listen(boost::asio::io_context& io,
                                                                          const std::string& path, Handler handler,
                                                                          Limits limits);
  static base::result<std::unique_ptr<ControlServer>, std::string> listen(boost::asio::io_context& io,
                                                                          const std::string& path, Handler handler) {
    return listen(io, path, std::move(handler), Limits{});
  }

  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;
  ~ControlServer();

  // Stops accepting, closes every connection (pending replies become no-ops) and removes the socket
  // file if it is still ours. Idempotent.
  void close();
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::size_t connection_count();

 private:
  ControlServer(boost::asio::io_context& io, std::string path, Handler handler, Limits limits);
  void accept();

  boost::asio::local::stream_protocol::acceptor acceptor_;
  std::string path_;
  std::shared_ptr<const Handler> handler_;
  Limits limits_;
  std::vector<std::shared_ptr<ControlSession>> sessions_;  // closed ones are pruned on accept
  dev_t socket_dev_ = 0;  // identify our socket file, so close() never removes a successor's
  ino_t socket_ino_ = 0;
  bool closed_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // expires with the server, for late handlers
};

}  // namespace disco::net
