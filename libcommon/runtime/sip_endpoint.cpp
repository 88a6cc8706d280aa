#include "libcommon/runtime/sip_endpoint.hpp"

#include <spdlog/spdlog.h>

#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/response.hpp"
#include "libcommon/sip/msg/serializer.hpp"
#include "libcommon/sip/msg/validate.hpp"

namespace disco::runtime {

sip::Peer to_peer(const boost::asio::ip::udp::endpoint& e) {
  return {e.address().to_string(), e.port(), sip::Transport::udp};
}

boost::asio::ip::udp::endpoint to_udp_endpoint(const sip::Peer& p) {
  return {boost::asio::ip::make_address(p.host), p.port};
}

SipEndpoint::SipEndpoint(boost::asio::io_context& io, Handlers handlers)
    : io_(io), handlers_(std::move(handlers)), timer_(io, [this](base::TimePoint now) {
        layer_.on_timer(now);
        pump();
      }) {}

SipEndpoint::~SipEndpoint() { close(); }

void SipEndpoint::open_udp(const boost::asio::ip::udp::endpoint& local) {
  transport_ = sip::Transport::udp;
  udp_ = std::make_unique<net::UdpSocket>(
      io_, local, [this](base::BytesView d, const net::UdpSocket::Endpoint& from) { on_bytes(d, to_peer(from)); });
}

void SipEndpoint::connect_tcp(const boost::asio::ip::tcp::endpoint& remote,
                              std::function<void(boost::system::error_code)> done) {
  transport_ = sip::Transport::tcp;
  net::TcpConnection::connect(io_, remote,
                              [this, remote, done = std::move(done)](const boost::system::error_code& ec,
                                                                     std::shared_ptr<net::TcpConnection> c) {
                                if (ec) {
                                  done(ec);
                                  return;
                                }
                                tcp_ = std::move(c);
                                tcp_peer_ = sip::Peer{remote.address().to_string(), remote.port(), sip::Transport::tcp};
                                tcp_->start({[this](base::BytesView d) { on_bytes(d, *tcp_peer_); },
                                             [this](const boost::system::error_code& why) {
                                               spdlog::debug("tcp connection to {} closed: {}",
                                                             sip::to_string(*tcp_peer_), why.message());
                                               layer_.on_transport_error(*tcp_peer_, base::Clock::now());
                                               pump();
                                               if (handlers_.on_closed) handlers_.on_closed();
                                             }});
                                done({});
                              });
}

std::string SipEndpoint::local_host() const {
  if (udp_) return udp_->local_endpoint().address().to_string();
  if (tcp_) return tcp_->local_endpoint().address().to_string();
  return "127.0.0.1";
}

std::uint16_t SipEndpoint::local_port() const {
  if (udp_) return udp_->local_endpoint().port();
  if (tcp_) return tcp_->local_endpoint().port();
  return 0;
}

void SipEndpoint::close() {
  timer_.cancel();
  closed_ = true;
  if (udp_) udp_->close();
  if (tcp_) tcp_->close_when_flushed();
}

sip::TransactionId SipEndpoint::send_request(sip::Message request, const sip::Peer& to) {
  auto id = layer_.send_request(std::move(request), to, base::Clock::now());
  pump();
  return id;
}

void SipEndpoint::send_response(sip::TransactionId server, sip::Message response) {
  layer_.send_response(server, std::move(response), base::Clock::now());
  pump();
}

void SipEndpoint::on_bytes(base::BytesView bytes, const sip::Peer& from) {
  if (transport_ == sip::Transport::udp) {
    on_frame(bytes, from);
    return;
  }
  framer_.feed(bytes);
  for (;;) {
    auto frame = framer_.next();
    if (!frame) {
      // No message boundary left on this stream (s18.3): the connection is unusable.
      spdlog::warn("closing the connection to {}: {}", sip::to_string(from), frame.error().message());
      tcp_->close();
      return;
    }
    if (!frame->has_value()) return;
    on_frame(**frame, from);
  }
}

void SipEndpoint::on_frame(base::BytesView frame, const sip::Peer& from) {
  auto message = sip::parse_message(frame, limits_);
  if (message) {
    if (auto invalid = sip::validate(*message)) {
      spdlog::warn("invalid message from {}: {}", sip::to_string(from), invalid->message());
      if (auto reply = sip::response_to_invalid(*message, *invalid)) transmit(from, *reply);
      return;
    }
    layer_.on_message(std::move(*message), from, base::Clock::now());
    pump();
    return;
  }
  spdlog::warn("unparseable message from {}: {}", sip::to_string(from), message.error().message());
  // A request we can still identify gets its 400 (s8.2, s21.4.1); anything else is dropped.
  if (auto reply = sip::response_to_unparseable(frame, message.error(), {}, limits_)) transmit(from, *reply);
}

void SipEndpoint::transmit(const sip::Peer& to, const sip::Message& m) {
  auto bytes = sip::serialize(m);
  spdlog::trace("-> {}\n{}", sip::to_string(to), std::string(bytes.begin(), bytes.end()));
  if (udp_) {
    udp_->send(to_udp_endpoint(to), bytes);
  } else if (tcp_) {
    tcp_->send(std::move(bytes));
  }
}

void SipEndpoint::pump() {
  if (pumping_) return;  // handlers may send; their actions are drained by the outer loop
  pumping_ = true;
  for (auto actions = layer_.take_actions(); !actions.empty(); actions = layer_.take_actions()) {
    for (auto& action : actions) {
      if (auto* send = std::get_if<sip::Send>(&action)) {
        transmit(send->to, send->message);
      } else if (auto* req = std::get_if<sip::RequestReceived>(&action)) {
        if (handlers_.on_request) handlers_.on_request(req->server, req->request, req->from);
      } else if (auto* resp = std::get_if<sip::ResponseReceived>(&action)) {
        if (handlers_.on_response) handlers_.on_response(resp->client, resp->response);
      } else if (auto* timeout = std::get_if<sip::TransactionTimeout>(&action)) {
        if (handlers_.on_failure) handlers_.on_failure(timeout->id);
      } else if (auto* failed = std::get_if<sip::TransportError>(&action)) {
        if (handlers_.on_failure) handlers_.on_failure(failed->id);
      } else if (auto* stray = std::get_if<sip::StrayResponse>(&action)) {
        spdlog::debug("stray response from {}", sip::to_string(stray->from));
      }
    }
  }
  pumping_ = false;
  if (!closed_) timer_.arm(layer_.next_deadline());
}

}  // namespace disco::runtime
