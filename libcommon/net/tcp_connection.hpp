#pragma once
// TCP connections and a listener that move bytes between Asio and handlers. Framing (SIP
// Content-Length, RELOAD framing header) is the caller's, fed from on_data.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <deque>
#include <functional>
#include <memory>

#include "libcommon/base/bytes.hpp"

namespace disco::net {

class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
 public:
  using Endpoint = boost::asio::ip::tcp::endpoint;
  struct Handlers {
    std::function<void(base::BytesView)> on_data;
    std::function<void(const boost::system::error_code&)> on_close;  // once, on error, EOF or close()
  };

  explicit TcpConnection(boost::asio::ip::tcp::socket socket);
  // Connects; on_connected gets the error or nullptr-free success and the connection starts reading.
  static void connect(boost::asio::io_context& io, const Endpoint& to,
                      std::function<void(const boost::system::error_code&, std::shared_ptr<TcpConnection>)> done);

  void start(Handlers handlers);
  // Queues bytes; writes go out in order, one at a time.
  void send(base::Bytes bytes);
  void close();
  // Closes once every queued write has gone out (so a last response is not lost).
  void close_when_flushed();
  [[nodiscard]] Endpoint remote_endpoint() const { return remote_; }
  [[nodiscard]] Endpoint local_endpoint() const { return local_; }
  [[nodiscard]] bool is_open() const { return socket_.is_open(); }

 private:
  void read();
  void write_next();
  void fail(const boost::system::error_code& ec);

  boost::asio::ip::tcp::socket socket_;
  Endpoint remote_, local_;
  Handlers handlers_;
  std::array<std::uint8_t, 16384> buffer_{};
  std::deque<base::Bytes> queue_;
  bool closed_ = false;
  bool closing_ = false;
};

class TcpListener {
 public:
  using Endpoint = boost::asio::ip::tcp::endpoint;
  TcpListener(boost::asio::io_context& io, const Endpoint& local,
              std::function<void(std::shared_ptr<TcpConnection>)> on_accept);
  [[nodiscard]] Endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void close();

 private:
  void accept();
  boost::asio::ip::tcp::acceptor acceptor_;
  std::function<void(std::shared_ptr<TcpConnection>)> on_accept_;
};

}  // namespace disco::net
