#include "libcommon/net/control_server.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace disco::net {

using boost::asio::local::stream_protocol;

struct ControlReply::State {
  boost::asio::any_io_executor executor;
  std::weak_ptr<ControlSession> session;
  std::uint64_t id = 0;
  std::atomic<bool> done{false};

  State(boost::asio::any_io_executor ex, std::weak_ptr<ControlSession> s, std::uint64_t request_id)
      : executor(std::move(ex)), session(std::move(s)), id(request_id) {}
};

// One client connection. The server holds it until it closes (a connection waiting for replies has
// no Asio operation in flight to keep it alive); operations hold it too, Replies only weakly.
class ControlSession : public std::enable_shared_from_this<ControlSession> {
 public:
  ControlSession(stream_protocol::socket socket, std::shared_ptr<const ControlServer::Handler> handler,
                 ControlServer::Limits limits)
      : socket_(std::move(socket)), handler_(std::move(handler)), limits_(limits) {}

  void start() { read(); }

  // Answers with an error and closes once it is written (too many connections).
  void reject(std::string_view message) {
    write(control::encode_answer_error(0, control::ErrorCode::refused, message));
    closing_ = true;
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
    queue_.clear();
    input_.clear();
  }

  [[nodiscard]] bool is_open() const { return !closed_; }

  // On the io thread, from a Reply.
  void deliver(std::uint64_t id, const base::result<nlohmann::json, control::ControlError>& outcome) {
    if (closed_) return;
    --pending_;
    write(outcome ? control::encode_answer_ok(id, *outcome) : control::encode_answer_error(id, outcome.error()));
    resume();
  }

 private:
  [[nodiscard]] bool busy() const { return pending_ + queue_.size() >= limits_.max_pending; }

  void resume() {
    if (closed_ || closing_) return;
    process_lines();
    read();
  }

  void read() {
    if (closed_ || closing_ || reading_ || busy()) return;
    reading_ = true;
    socket_.async_read_some(boost::asio::buffer(buffer_),
                            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                              self->reading_ = false;
                              if (ec) {
                                self->close();  // EOF or error: pending replies become no-ops
                                return;
                              }
                              if (self->closed_) return;
                              self->input_.append(self->buffer_.data(), n);
                              self->resume();
                            });
  }

  void process_lines() {
    while (!closed_ && !closing_ && !busy()) {
      const auto nl = input_.find('\n');
      if (nl == std::string::npos) {
        if (input_.size() > limits_.max_line) too_long();
        return;
      }
      std::string line = input_.substr(0, nl);
      input_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.size() > limits_.max_line) {
        too_long();
        return;
      }
      // Blank lines (someone typing into socat) are not requests.
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      auto request = control::parse_request(line);
      if (!request) {
        write(control::encode_answer_error(request.error().id, request.error().error));
        continue;
      }
      ++pending_;
      ControlReply reply(std::make_shared<ControlReply::State>(socket_.get_executor(), weak_from_this(), request->id));
      (*handler_)(std::move(*request), std::move(reply));
    }
  }

  // A line beyond the limit cannot be resynchronised safely: answer, then close once written.
  void too_long() {
    write(control::encode_answer_error(
        0, control::ErrorCode::bad_request,
        "request line longer than " + std::to_string(limits_.max_line) + " bytes; closing the connection"));
    closing_ = true;
    input_.clear();
  }

  void write(std::string line) {
    if (closed_) return;
    queue_.push_back(std::move(line));
    if (queue_.size() == 1) write_next();
  }

  void write_next() {
    boost::asio::async_write(socket_, boost::asio::buffer(queue_.front()),
                             [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                               if (ec || self->closed_) {
                                 self->close();
                                 return;
                               }
                               self->queue_.pop_front();
                               if (!self->queue_.empty()) {
                                 self->write_next();
                               } else if (self->closing_) {
                                 self->close();
                                 return;
                               }
                               self->resume();
                             });
  }

  stream_protocol::socket socket_;
  std::shared_ptr<const ControlServer::Handler> handler_;
  ControlServer::Limits limits_;
  std::array<char, 16384> buffer_{};
  std::string input_;
  std::deque<std::string> queue_;
  std::size_t pending_ = 0;  // requests handed to the handler and not yet answered
  bool reading_ = false;
  bool closing_ = false;  // write what is queued, then close
  bool closed_ = false;
};

void ControlReply::operator()(base::result<nlohmann::json, control::ControlError> outcome) const {
  if (!state_ || state_->done.exchange(true)) return;
  boost::asio::post(state_->executor, [session = state_->session, id = state_->id, outcome = std::move(outcome)]() {
    if (auto s = session.lock()) s->deliver(id, outcome);
  });
}

std::uint64_t ControlReply::id() const { return state_ ? state_->id : 0; }

namespace {

std::string errno_text(int err) { return std::strerror(err); }  // NOLINT(concurrency-mt-unsafe)

// mkdir -p with mode 0700 for what it creates.
bool make_directories(const std::filesystem::path& dir, std::string& error) {
  std::error_code ec;
  if (dir.empty() || std::filesystem::exists(dir, ec)) return true;
  if (!make_directories(dir.parent_path(), error)) return false;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    error = "cannot create " + dir.string() + ": " + errno_text(errno);
    return false;
  }
  return true;
}

// A socket in a directory others can write to could be swapped under the node's feet (or, for
// /tmp/disco-$UID, pre-created by another user), so such a parent is refused.
bool parent_is_safe(const std::filesystem::path& dir, std::string& error) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    error = "cannot inspect " + dir.string() + ": " + errno_text(errno);
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    error = dir.string() + " is not a directory";
    return false;
  }
  if (st.st_uid != ::geteuid() && st.st_uid != 0) {
    error = "refusing to listen in " + dir.string() + ": it belongs to another user";
    return false;
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0) {
    error = "refusing to listen in " + dir.string() + ": writable by group or others (chmod 700 it)";
    return false;
  }
  return true;
}

enum class Probe { answered, stale, failed };

// Whether something accepts connections on the socket file at `path`.
Probe probe(const std::string& path, std::string& error) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::copy(path.begin(), path.end(), addr.sun_path);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    error = "socket(): " + errno_text(errno);
    return Probe::failed;
  }
  const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int err = errno;
  ::close(fd);
  // EAGAIN: a listener whose backlog is full is still a listener.
  if (rc == 0 || err == EAGAIN || err == EINPROGRESS) return Probe::answered;
  if (err == ECONNREFUSED) return Probe::stale;
  error = "cannot probe " + path + ": " + errno_text(err);
  return Probe::failed;
}

}  // namespace

ControlServer::ControlServer(boost::asio::io_context& io, std::string path, Handler handler, Limits limits)
    : acceptor_(io),
      path_(std::move(path)),
      handler_(std::make_shared<const Handler>(std::move(handler))),
      limits_(limits) {}

base::result<std::unique_ptr<ControlServer>, std::string> ControlServer::listen(boost::asio::io_context& io,
                                                                                const std::string& path,
                                                                                Handler handler, Limits limits) {
  if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path) || path.find('\0') != std::string::npos) {
    return base::failure{"control socket path must be 1.." + std::to_string(sizeof(sockaddr_un::sun_path) - 1) +
                         " bytes: " + path};
  }
  std::string error;
  auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  if (!make_directories(parent, error) || !parent_is_safe(parent, error)) return base::failure{error};

  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) return base::failure{path + " exists and is not a socket; not replacing it"};
    switch (probe(path, error)) {
      case Probe::answered: return base::failure{"another node is using " + path};
      case Probe::failed: return base::failure{error};
      case Probe::stale:
        if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
          return base::failure{"cannot remove stale socket " + path + ": " + errno_text(errno)};
        }
        break;
    }
  }

  std::unique_ptr<ControlServer> server(new ControlServer(io, path, std::move(handler), limits));
  boost::system::error_code ec;
  server->acceptor_.open(stream_protocol(), ec);
  if (!ec) server->acceptor_.bind(stream_protocol::endpoint(path), ec);
  if (ec == boost::asio::error::address_in_use) return base::failure{"another node is using " + path};
  if (ec) return base::failure{"cannot bind " + path + ": " + ec.message()};
  // Before listen(), so no client connects while the mode is still the umask's. The directory is
  // the real guard (0700, checked above); this is the second lock.
  if (::chmod(path.c_str(), 0600) != 0) {
    const int err = errno;
    ::unlink(path.c_str());
    return base::failure{"cannot chmod 0600 " + path + ": " + errno_text(err)};
  }
  if (::lstat(path.c_str(), &st) == 0) {
    server->socket_dev_ = st.st_dev;
    server->socket_ino_ = st.st_ino;
  }
  server->acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) {
    server->close();
    return base::failure{"cannot listen on " + path + ": " + ec.message()};
  }
  server->accept();
  return server;
}

ControlServer::~ControlServer() { close(); }

void ControlServer::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  for (auto& s : sessions_) s->close();
  sessions_.clear();
  struct stat st {};
  if (socket_ino_ != 0 && ::lstat(path_.c_str(), &st) == 0 && st.st_dev == socket_dev_ && st.st_ino == socket_ino_) {
    ::unlink(path_.c_str());
  }
}

std::size_t ControlServer::connection_count() {
  std::erase_if(sessions_, [](const std::shared_ptr<ControlSession>& s) { return !s->is_open(); });
  return sessions_.size();
}

void ControlServer::accept() {
  acceptor_.async_accept(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec, stream_protocol::socket socket) {
        // Checked before touching `this`: an accept that completed just before the server was
        // destroyed still runs its handler.
        if (alive.expired() || ec == boost::asio::error::operation_aborted) return;
        if (closed_ || !acceptor_.is_open()) return;
        if (!ec) {
          const bool full = connection_count() >= limits_.max_connections;
          auto session = std::make_shared<ControlSession>(std::move(socket), handler_, limits_);
          if (full) {
            session->reject("too many control connections (" + std::to_string(limits_.max_connections) + ")");
          } else {
            sessions_.push_back(session);
            session->start();
          }
        }
        accept();
      });
}

}  // namespace disco::net
