#pragma once
// RELOAD links over TLS/TCP with the framing header (RFC 6940 s6.6.5, "TLS-TCP-FH-NO-ICE"): a
// mutually authenticated TLS connection whose stream carries data and ack frames (s6.6.2). The
// owner decides who may connect by checking the peer certificate (the Node-ID in it, s11.3) in
// `authorize`; the link measures RTT/RTO from the acks so the owner can drop a link from the
// Routing Table when its frames stay unacked (s6.6.5). Nothing is retransmitted: TCP is reliable.

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "libcommon/base/bytes.hpp"
#include "libcommon/base/clock.hpp"
#include "libcommon/net/tls_context.hpp"
#include "libcommon/reload/link/link_framer.hpp"

namespace disco::net {

struct TlsLinkOptions {
  // TCP connect plus TLS handshake; a peer that stalls past it is dropped.
  base::Duration handshake_timeout = std::chrono::seconds(10);
  // Frames waiting to be written; a peer that stops reading is closed rather than buffered forever.
  std::size_t max_queued_bytes = std::size_t{8} << 20;
  // After an oversized frame, how long the answer sent from on_oversized may take to go out.
  base::Duration drain_timeout = std::chrono::seconds(1);
  reload::link::LinkFramerConfig framing;
};

// Not thread-safe: use a link from the thread that runs its io_context.
class TlsLink : public std::enable_shared_from_this<TlsLink> {
 public:
  using Endpoint = boost::asio::ip::tcp::endpoint;
  // Gets the peer's certificate (DER) after TLS verified it against the CA; false refuses the link.
  using Authorize = std::function<bool(base::Bytes certificate_der)>;
  // Exactly one call: an error and nullptr, or success and the authorized link (not yet reading).
  using Done = std::function<void(std::error_code, std::shared_ptr<TlsLink>)>;

  using Options = TlsLinkOptions;

  struct Handlers {
    std::function<void(base::BytesView message)> on_message;  // one whole RELOAD message per call
    // Once (if start() was called): after close(), an I/O or TLS error, EOF, a framing error or a
    // full send queue.
    std::function<void(std::error_code)> on_close;
    // For a data frame above max_message_size, so the node can answer with Error_Message_Too_Large
    // (s6.6 SHOULD): what it sends from here is written out (within drain_timeout), then the link
    // closes with msg::errc::message_too_large. Nothing more is read or accepted for sending.
    std::function<void()> on_oversized;
  };

  // Client side: TCP connect, TLS handshake, then `authorize`.
  static void connect(boost::asio::io_context& io, boost::asio::ssl::context& ctx, const Endpoint& to,
                      Authorize authorize, Done done, const Options& options = {});
  // Server side on an accepted socket (TlsListener uses it).
  static void accept(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& ctx, Authorize authorize,
                     Done done, const Options& options = {});

  // Starts reading; frames are acked, messages delivered to on_message. Called again, it replaces
  // the handlers.
  void start(Handlers handlers);
  // Frames and queues `message`. False when the link is closed, the message is above
  // max_message_size, or queueing it overflowed the send queue (which closes the link).
  bool send(base::BytesView message);
  void close();

  [[nodiscard]] bool is_open() const { return !closed_; }
  [[nodiscard]] base::Duration rto() const { return framer_.rto(); }
  [[nodiscard]] std::optional<base::Duration> rtt() const { return framer_.srtt(); }
  [[nodiscard]] std::size_t unacked_count() const { return framer_.unacked_count(); }
  // Writes (TLS records, sends) started so far: frames queued in one handler turn share one.
  [[nodiscard]] std::size_t writes_started() const { return writes_started_; }
  // When the oldest unacked frame passes its RTO (s6.6.5: then leave the Routing Table).
  [[nodiscard]] std::optional<base::TimePoint> oldest_unacked_deadline() const {
    return framer_.oldest_unacked_deadline();
  }
  [[nodiscard]] std::size_t queued_bytes() const { return queued_bytes_; }
  [[nodiscard]] const base::Bytes& peer_certificate() const { return peer_certificate_; }
  // The negotiated protocol, "TLSv1.3" or "TLSv1.2".
  [[nodiscard]] std::string tls_version() const;
  [[nodiscard]] Endpoint remote_endpoint() const { return remote_; }
  [[nodiscard]] Endpoint local_endpoint() const { return local_; }

  struct Private {
    explicit Private() = default;
  };
  TlsLink(Private, boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& ctx, const Options& options);

 private:
  using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

  void arm_handshake_deadline();
  void handshake(TlsRole role, Authorize authorize, Done done);
  void read();
  void enqueue(base::Bytes frame);
  void write_next();
  void fail(std::error_code ec);
  void drain_then_fail(std::error_code reason);
  void linger();
  void discard_until_eof();
  void close_socket();

  Options options_;
  Stream stream_;
  boost::asio::steady_timer deadline_;
  bool handshaking_ = false;
  bool timed_out_ = false;
  Endpoint remote_, local_;
  base::Bytes peer_certificate_;
  reload::link::LinkFramer framer_;
  Handlers handlers_;
  std::array<std::uint8_t, 16384> buffer_{};
  std::deque<base::Bytes> queue_;
  std::size_t queued_bytes_ = 0;
  base::Bytes in_flight_;  // the frames of the write under way, in one TLS record
  bool reading_ = false;
  bool writing_ = false;
  bool flush_posted_ = false;
  std::size_t writes_started_ = 0;
  bool closed_ = false;
  bool draining_ = false;
  std::error_code drain_reason_;
};

struct TlsListenerOptions {
  TlsLinkOptions link;
  // Connections in their handshake at once; more are closed straight away (a flood costs us little).
  std::size_t max_pending_handshakes = 256;
};

// Accepts TCP connections and hands each link to `on_link` once its TLS handshake and `authorize`
// succeeded. Failed handshakes (non-TLS clients, certificates from another CA, random bytes,
// stalls) only close that connection: the listener keeps accepting.
class TlsListener {
 public:
  using Endpoint = boost::asio::ip::tcp::endpoint;
  using Options = TlsListenerOptions;

  TlsListener(boost::asio::io_context& io, boost::asio::ssl::context& ctx, const Endpoint& local,
              TlsLink::Authorize authorize, std::function<void(std::shared_ptr<TlsLink>)> on_link,
              const Options& options = {});
  ~TlsListener();
  TlsListener(const TlsListener&) = delete;
  TlsListener& operator=(const TlsListener&) = delete;

  [[nodiscard]] Endpoint local_endpoint() const;
  // Stops accepting; links already handed out stay open, handshakes under way are dropped.
  void close();
  [[nodiscard]] std::size_t handshake_failures() const;
  [[nodiscard]] std::size_t pending_handshakes() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace disco::net
