#include "libcommon/net/udp_socket.hpp"

#include <boost/asio/buffer.hpp>

namespace disco::net {

UdpSocket::UdpSocket(boost::asio::io_context& io, const Endpoint& local, Handler on_datagram)
    : socket_(io, local), on_datagram_(std::move(on_datagram)) {
  receive();
}

UdpSocket::~UdpSocket() { close(); }

void UdpSocket::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void UdpSocket::send(const Endpoint& to, base::BytesView datagram) {
  boost::system::error_code ignored;  // UDP: loss is the upper layer's business (retransmission)
  socket_.send_to(boost::asio::buffer(datagram.data(), datagram.size()), to, 0, ignored);
}

void UdpSocket::receive() {
  socket_.async_receive_from(boost::asio::buffer(buffer_), from_,
                             [this](const boost::system::error_code& ec, std::size_t n) {
                               if (ec == boost::asio::error::operation_aborted || !socket_.is_open()) return;
                               if (!ec) on_datagram_(base::BytesView(buffer_.data(), n), from_);
                               receive();
                             });
}

}  // namespace disco::net
