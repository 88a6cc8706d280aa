#pragma once
// A UDP socket that moves datagrams between Asio and a handler; no protocol knowledge.

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <functional>

#include "libcommon/base/bytes.hpp"

namespace disco::net {

class UdpSocket {
 public:
  using Endpoint = boost::asio::ip::udp::endpoint;
  using Handler = std::function<void(base::BytesView datagram, const Endpoint& from)>;

  // Binds to `local` (port 0 picks a free one); throws boost::system::system_error on failure.
  UdpSocket(boost::asio::io_context& io, const Endpoint& local, Handler on_datagram);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  UdpSocket(UdpSocket&&) = delete;
  UdpSocket& operator=(UdpSocket&&) = delete;

  [[nodiscard]] Endpoint local_endpoint() const { return socket_.local_endpoint(); }
  // Best effort, as UDP is; a send error is logged by the caller's retransmission, not here.
  void send(const Endpoint& to, base::BytesView datagram);
  void close();

 private:
  void receive();
  boost::asio::ip::udp::socket socket_;
  Handler on_datagram_;
  std::array<std::uint8_t, 65536> buffer_{};
  Endpoint from_;
};

}  // namespace disco::net
