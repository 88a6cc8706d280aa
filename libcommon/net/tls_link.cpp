#include "libcommon/net/tls_link.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include "libcommon/net/errc.hpp"
#include "libcommon/reload/msg/errc.hpp"

namespace disco::net {

namespace {

base::Bytes peer_certificate_der(SSL* ssl) {
  std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl), &X509_free);
  if (!cert) return {};
  const int size = i2d_X509(cert.get(), nullptr);
  if (size <= 0) return {};
  base::Bytes der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  if (i2d_X509(cert.get(), &out) != size) return {};
  return der;
}

}  // namespace

TlsLink::TlsLink(Private, boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& ctx, const Options& options)
    : options_(options), stream_(std::move(socket), ctx), deadline_(stream_.get_executor()), framer_(options.framing) {
  boost::system::error_code ignored;
  remote_ = stream_.lowest_layer().remote_endpoint(ignored);
  local_ = stream_.lowest_layer().local_endpoint(ignored);
}

void TlsLink::connect(boost::asio::io_context& io, boost::asio::ssl::context& ctx, const Endpoint& to,
                      Authorize authorize, Done done, const Options& options) {
  auto link = std::make_shared<TlsLink>(Private{}, boost::asio::ip::tcp::socket(io), ctx, options);
  link->arm_handshake_deadline();
  link->stream_.lowest_layer().async_connect(to, [link, authorize = std::move(authorize),
                                                  done = std::move(done)](const boost::system::error_code& ec) mutable {
    if (ec || link->timed_out_) {
      link->handshaking_ = false;
      link->deadline_.cancel();
      link->closed_ = true;
      link->close_socket();
      done(link->timed_out_ ? make_error_code(errc::handshake_timeout) : std::error_code(ec), nullptr);
      return;
    }
    boost::system::error_code ignored;
    link->remote_ = link->stream_.lowest_layer().remote_endpoint(ignored);
    link->local_ = link->stream_.lowest_layer().local_endpoint(ignored);
    link->handshake(TlsRole::client, std::move(authorize), std::move(done));
  });
}

void TlsLink::accept(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& ctx, Authorize authorize,
                     Done done, const Options& options) {
  auto link = std::make_shared<TlsLink>(Private{}, std::move(socket), ctx, options);
  link->arm_handshake_deadline();
  link->handshake(TlsRole::server, std::move(authorize), std::move(done));
}

void TlsLink::arm_handshake_deadline() {
  handshaking_ = true;
  deadline_.expires_after(options_.handshake_timeout);
  deadline_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || !self->handshaking_) return;
    // Closing the socket makes the pending connect or handshake complete with an error.
    self->timed_out_ = true;
    self->close_socket();
  });
}

void TlsLink::handshake(TlsRole role, Authorize authorize, Done done) {
  // RELOAD messages are small and answered at once: Nagle's algorithm with delayed ACKs would add
  // ~40 ms to every hop.
  boost::system::error_code nodelay_ec;
  stream_.lowest_layer().set_option(boost::asio::ip::tcp::no_delay(true), nodelay_ec);
  const auto type = role == TlsRole::client ? Stream::client : Stream::server;
  stream_.async_handshake(type, [self = shared_from_this(), authorize = std::move(authorize),
                                 done = std::move(done)](const boost::system::error_code& ec) {
    self->handshaking_ = false;
    self->deadline_.cancel();
    if (ec || self->timed_out_) {
      self->closed_ = true;
      self->close_socket();
      done(self->timed_out_ ? make_error_code(errc::handshake_timeout) : std::error_code(ec), nullptr);
      return;
    }
    // TLS has checked the chain up to our CA; whether this certificate (its Node-ID) may hold
    // this link is the owner's call.
    self->peer_certificate_ = peer_certificate_der(self->stream_.native_handle());
    if (self->peer_certificate_.empty() || !authorize || !authorize(self->peer_certificate_)) {
      self->closed_ = true;
      self->close_socket();
      done(make_error_code(errc::unauthorized), nullptr);
      return;
    }
    done({}, self);
  });
}

void TlsLink::start(Handlers handlers) {
  if (closed_) return;
  handlers_ = std::move(handlers);
  if (reading_) return;  // a second start() only swaps the handlers: one read at a time
  reading_ = true;
  read();
}

void TlsLink::read() {
  stream_.async_read_some(
      boost::asio::buffer(buffer_), [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        if (self->closed_) return;
        if (ec) {
          self->fail(ec);
          return;
        }
        auto received = self->framer_.receive(base::BytesView(self->buffer_.data(), n), base::Clock::now());
        if (!received) {
          // s6.6: an oversized message SHOULD be answered with Error_Message_Too_Large, then the
          // link closes; an unknown frame type leaves the stream unparseable, so it closes too.
          if (received.error().code == reload::msg::errc::message_too_large && self->handlers_.on_oversized) {
            self->handlers_.on_oversized();
            if (!self->closed_ && (self->writing_ || !self->queue_.empty())) {
              // Let the answer go out (reading stops here), but no longer than drain_timeout.
              self->drain_then_fail(received.error().code);
              return;
            }
          }
          self->fail(received.error().code);
          return;
        }
        for (const auto& message : received->messages) {
          if (self->closed_) return;
          if (self->handlers_.on_message) self->handlers_.on_message(message);
        }
        if (self->closed_) return;
        // s6.6.2 asks for the ack "immediately": it goes out in this same turn, but after what the
        // owner sent in response (a forwarded request, an answer), which is what the path waits
        // for; over TCP the ack only feeds the RTT estimate (s6.6.5), which grows by this peer's
        // handling time, far below the RTO's floor.
        if (!received->acks.empty()) self->enqueue(std::move(received->acks));
        self->read();
      });
}

bool TlsLink::send(base::BytesView message) {
  if (closed_ || draining_) return false;
  auto frame = framer_.send(message, base::Clock::now());
  if (!frame) return false;
  enqueue(std::move(*frame));
  return !closed_;
}

void TlsLink::enqueue(base::Bytes frame) {
  if (closed_) return;
  queued_bytes_ += frame.size();
  if (queued_bytes_ > options_.max_queued_bytes) {
    fail(make_error_code(errc::send_queue_full));
    return;
  }
  queue_.push_back(std::move(frame));
  if (writing_ || flush_posted_) return;
  // The write starts once the current handler is done, so that what it sends in one turn (an
  // answer and the ack of the request it answers) leaves in one TLS record and one send: every
  // send wakes the peer, and on a busy host that wake-up costs more than the bytes.
  flush_posted_ = true;
  boost::asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->flush_posted_ = false;
    if (!self->closed_ && !self->writing_ && !self->queue_.empty()) self->write_next();
  });
}

void TlsLink::write_next() {
  writing_ = true;
  ++writes_started_;
  in_flight_.clear();
  for (auto& f : queue_) in_flight_.insert(in_flight_.end(), f.begin(), f.end());
  queue_.clear();
  boost::asio::async_write(stream_, boost::asio::buffer(in_flight_),
                           [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                             self->writing_ = false;
                             if (self->closed_) {
                               self->queue_.clear();
                               return;
                             }
                             if (ec) {
                               self->fail(ec);
                               return;
                             }
                             self->queued_bytes_ -= std::min(self->queued_bytes_, self->in_flight_.size());
                             if (!self->queue_.empty()) {
                               self->write_next();
                             } else if (self->draining_) {
                               self->linger();
                             }
                           });
}

void TlsLink::linger() {
  // Closing with the peer's unread bytes still in our receive buffer would send a TCP RST, and an
  // RST can destroy our answer in the peer's buffer before it is read. So: FIN, then read and drop
  // until the peer closes or drain_timeout ends it.
  boost::system::error_code ignored;
  stream_.next_layer().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  discard_until_eof();
}

void TlsLink::discard_until_eof() {
  stream_.next_layer().async_read_some(boost::asio::buffer(buffer_),
                                       [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                                         if (self->closed_) return;
                                         if (ec) {
                                           self->fail(self->drain_reason_);
                                           return;
                                         }
                                         self->discard_until_eof();
                                       });
}

void TlsLink::drain_then_fail(std::error_code reason) {
  draining_ = true;
  drain_reason_ = reason;
  deadline_.expires_after(options_.drain_timeout);
  deadline_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!ec && self) self->fail(self->drain_reason_);
  });
}

std::string TlsLink::tls_version() const {
  // SSL_get_version takes a const SSL*; Asio only hands out the handle from a non-const stream.
  return SSL_get_version(const_cast<Stream&>(stream_).native_handle());
}

void TlsLink::close_socket() {
  boost::system::error_code ignored;
  stream_.lowest_layer().close(ignored);
}

void TlsLink::fail(std::error_code ec) {
  if (closed_) return;
  closed_ = true;
  deadline_.cancel();
  // No TLS close_notify: a peer that stopped reading could hold a graceful shutdown forever, and
  // RELOAD needs none (the framing header, not TLS, tells a peer what arrived).
  close_socket();
  queue_.clear();  // a write under way uses in_flight_
  queued_bytes_ = 0;
  // Handlers often hold the link itself; dropping them here breaks that cycle.
  auto handlers = std::move(handlers_);
  handlers_ = {};
  if (handlers.on_close) handlers.on_close(ec);
}

void TlsLink::close() { fail(make_error_code(std::errc::operation_canceled)); }

// The listener's state outlives the listener while accepts and handshakes are still under way.
struct TlsListener::State : std::enable_shared_from_this<TlsListener::State> {
  State(boost::asio::io_context& io, boost::asio::ssl::context& context, const Endpoint& local,
        TlsLink::Authorize authorize_link, std::function<void(std::shared_ptr<TlsLink>)> on_link_ready,
        const Options& opts)
      : acceptor(io, local),
        local_endpoint(acceptor.local_endpoint()),
        retry(io),
        ctx(context),
        authorize(std::move(authorize_link)),
        on_link(std::move(on_link_ready)),
        options(opts) {}

  void accept();
  void handshake(boost::asio::ip::tcp::socket socket);

  boost::asio::ip::tcp::acceptor acceptor;
  Endpoint local_endpoint;  // kept: the acceptor cannot tell it once closed
  boost::asio::steady_timer retry;
  boost::asio::ssl::context& ctx;
  TlsLink::Authorize authorize;
  std::function<void(std::shared_ptr<TlsLink>)> on_link;
  Options options;
  std::size_t failures = 0;
  std::size_t pending = 0;
  bool open = true;
};

void TlsListener::State::accept() {
  acceptor.async_accept(
      [self = shared_from_this()](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
        if (!self->open) return;
        if (ec) {
          // Out of descriptors or a similar transient failure: pause instead of spinning on it.
          self->retry.expires_after(std::chrono::milliseconds(100));
          self->retry.async_wait([self](const boost::system::error_code& wait_ec) {
            if (!wait_ec && self->open) self->accept();
          });
          return;
        }
        self->handshake(std::move(socket));
        self->accept();
      });
}

void TlsListener::State::handshake(boost::asio::ip::tcp::socket socket) {
  if (pending >= options.max_pending_handshakes) {
    ++failures;
    boost::system::error_code ignored;
    socket.close(ignored);
    return;
  }
  ++pending;
  // Through `self`, so that a handshake finishing after the listener is gone calls nothing of its
  // owner's.
  auto checked = [self = shared_from_this()](base::Bytes der) {
    return self->open && self->authorize && self->authorize(std::move(der));
  };
  TlsLink::accept(
      std::move(socket), ctx, std::move(checked),
      [self = shared_from_this()](std::error_code ec, std::shared_ptr<TlsLink> link) {
        --self->pending;
        if (ec) {
          ++self->failures;
          return;
        }
        if (!self->open) {
          link->close();
          return;
        }
        if (self->on_link) self->on_link(std::move(link));
      },
      options.link);
}

TlsListener::TlsListener(boost::asio::io_context& io, boost::asio::ssl::context& ctx, const Endpoint& local,
                         TlsLink::Authorize authorize, std::function<void(std::shared_ptr<TlsLink>)> on_link,
                         const Options& options)
    : state_(std::make_shared<State>(io, ctx, local, std::move(authorize), std::move(on_link), options)) {
  state_->accept();
}

TlsListener::~TlsListener() {
  try {
    close();
  } catch (...) {  // a timer that cannot be cancelled only fires late
  }
}

TlsListener::Endpoint TlsListener::local_endpoint() const { return state_->local_endpoint; }

void TlsListener::close() {
  state_->open = false;
  boost::system::error_code ignored;
  state_->acceptor.close(ignored);
  state_->retry.cancel();
}

std::size_t TlsListener::handshake_failures() const { return state_->failures; }
std::size_t TlsListener::pending_handshakes() const { return state_->pending; }

}  // namespace disco::net
