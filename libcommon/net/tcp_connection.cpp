#include "libcommon/net/tcp_connection.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

namespace disco::net {

TcpConnection::TcpConnection(boost::asio::ip::tcp::socket socket) : socket_(std::move(socket)) {
  boost::system::error_code ignored;
  remote_ = socket_.remote_endpoint(ignored);
  local_ = socket_.local_endpoint(ignored);
}

void TcpConnection::connect(
    boost::asio::io_context& io, const Endpoint& to,
    std::function<void(const boost::system::error_code&, std::shared_ptr<TcpConnection>)> done) {
  auto socket = std::make_shared<boost::asio::ip::tcp::socket>(io);
  socket->async_connect(to, [socket, done = std::move(done)](const boost::system::error_code& ec) {
    if (ec) {
      done(ec, nullptr);
      return;
    }
    done(ec, std::make_shared<TcpConnection>(std::move(*socket)));
  });
}

void TcpConnection::start(Handlers handlers) {
  handlers_ = std::move(handlers);
  read();
}

void TcpConnection::read() {
  socket_.async_read_some(boost::asio::buffer(buffer_),
                          [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                            if (ec) {
                              self->fail(ec);
                              return;
                            }
                            if (self->handlers_.on_data)
                              self->handlers_.on_data(base::BytesView(self->buffer_.data(), n));
                            if (!self->closed_) self->read();
                          });
}

void TcpConnection::send(base::Bytes bytes) {
  if (closed_) return;
  queue_.push_back(std::move(bytes));
  if (queue_.size() == 1) write_next();
}

void TcpConnection::write_next() {
  boost::asio::async_write(socket_, boost::asio::buffer(queue_.front()),
                           [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                             if (ec) {
                               self->fail(ec);
                               return;
                             }
                             self->queue_.pop_front();
                             if (!self->queue_.empty()) {
                               self->write_next();
                             } else if (self->closing_) {
                               self->close();
                             }
                           });
}

void TcpConnection::fail(const boost::system::error_code& ec) {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);
  queue_.clear();
  // Handlers often hold the connection itself; dropping them here breaks that cycle.
  auto handlers = std::move(handlers_);
  handlers_ = {};
  if (handlers.on_close) handlers.on_close(ec);
}

void TcpConnection::close() { fail(boost::asio::error::operation_aborted); }

void TcpConnection::close_when_flushed() {
  if (queue_.empty()) {
    close();
  } else {
    closing_ = true;
  }
}

TcpListener::TcpListener(boost::asio::io_context& io, const Endpoint& local,
                         std::function<void(std::shared_ptr<TcpConnection>)> on_accept)
    : acceptor_(io, local), on_accept_(std::move(on_accept)) {
  accept();
}

void TcpListener::close() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void TcpListener::accept() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) on_accept_(std::make_shared<TcpConnection>(std::move(socket)));
    accept();
  });
}

}  // namespace disco::net
