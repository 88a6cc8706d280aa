#pragma once
// A SIP endpoint on one transport: it moves bytes between net/ sockets and the sans-I/O
// transaction layer, frames TCP streams, answers unparseable requests with 400 statelessly, and
// drives the transaction timers. It holds no dialog or subscription logic.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "libcommon/net/deadline_timer.hpp"
#include "libcommon/net/tcp_connection.hpp"
#include "libcommon/net/udp_socket.hpp"
#include "libcommon/sip/msg/limits.hpp"
#include "libcommon/sip/msg/stream_framer.hpp"
#include "libcommon/sip/transaction/transaction_layer.hpp"

namespace disco::runtime {

class SipEndpoint {
 public:
  struct Handlers {
    std::function<void(sip::TransactionId server, const sip::Message& request, const sip::Peer& from)> on_request;
    std::function<void(sip::TransactionId client, const sip::Message& response)> on_response;
    // Timer B/F or a transport failure: the request is lost (the TU acts as on 408 / 503).
    std::function<void(sip::TransactionId client)> on_failure;
    // A TCP connection closed (by the peer, an error, or a framing error).
    std::function<void()> on_closed;
  };

  SipEndpoint(boost::asio::io_context& io, Handlers handlers);
  ~SipEndpoint();
  SipEndpoint(const SipEndpoint&) = delete;
  SipEndpoint& operator=(const SipEndpoint&) = delete;
  SipEndpoint(SipEndpoint&&) = delete;
  SipEndpoint& operator=(SipEndpoint&&) = delete;

  // UDP: bind now (port 0 picks one); throws boost::system::system_error when it cannot.
  void open_udp(const boost::asio::ip::udp::endpoint& local);
  // TCP: connect to the one peer this endpoint talks to; `done` gets the error, if any.
  void connect_tcp(const boost::asio::ip::tcp::endpoint& remote, std::function<void(boost::system::error_code)> done);

  [[nodiscard]] sip::Transport transport() const { return transport_; }
  [[nodiscard]] bool connected() const { return tcp_ && tcp_->is_open(); }
  // The address and port our Via and Contact name (s18.1.1, s8.1.1.8).
  [[nodiscard]] std::string local_host() const;
  [[nodiscard]] std::uint16_t local_port() const;

  sip::TransactionId send_request(sip::Message request, const sip::Peer& to);
  void send_response(sip::TransactionId server, sip::Message response);
  // Stops the timers and closes the transport once what is queued has been written.
  void close();

 private:
  void on_bytes(base::BytesView bytes, const sip::Peer& from);
  void on_frame(base::BytesView frame, const sip::Peer& from);
  void pump();
  void transmit(const sip::Peer& to, const sip::Message& m);

  boost::asio::io_context& io_;
  Handlers handlers_;
  sip::Transport transport_ = sip::Transport::udp;
  sip::TransactionLayer layer_;
  net::DeadlineTimer timer_;
  std::unique_ptr<net::UdpSocket> udp_;
  std::shared_ptr<net::TcpConnection> tcp_;
  std::optional<sip::Peer> tcp_peer_;
  sip::StreamFramer framer_;
  sip::Limits limits_;
  bool pumping_ = false;
  bool closed_ = false;
};

// "udp:127.0.0.1:5060" <-> Asio endpoints.
sip::Peer to_peer(const boost::asio::ip::udp::endpoint& e);
boost::asio::ip::udp::endpoint to_udp_endpoint(const sip::Peer& p);

}  // namespace disco::runtime
