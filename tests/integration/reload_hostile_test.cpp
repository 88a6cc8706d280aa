// Hostile input against real `reload-node run` processes over TLS on 127.0.0.1. Three nodes of a
// four-identity home form the overlay; the test itself is node 4, speaking RELOAD through a TLS
// link of its own (net::TlsLink) with messages it builds and signs (reload/msg, security). After
// every case the attacked node must still serve: its control socket answers `status`, another node
// reaches it with a RELOAD Ping, and the status counters show the drop where one is expected.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "libcommon/net/tls_context.hpp"
#include "libcommon/net/tls_link.hpp"
#include "libcommon/overlay/config/overlay_config.hpp"
#include "libcommon/overlay/home/overlay_home.hpp"
#include "libcommon/reload/link/framed_message.hpp"
#include "libcommon/reload/msg/body.hpp"
#include "libcommon/reload/msg/message.hpp"
#include "libcommon/reload/msg/signature_input.hpp"
#include "libcommon/security/hash.hpp"
#include "tests/integration/reload_overlay.hpp"
#include "tests/support/run_command.hpp"

namespace disco::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace msg = reload::msg;
using reload::NodeId;
using reload::ResourceId;

const char* const reload_node_binary = DISCO_RELOAD_NODE;

// The node every case attacks, and the node that pings it afterwards.
constexpr unsigned target = 2;
constexpr unsigned witness = 3;
// The identity the test speaks as: in the home, never started as a process.
constexpr unsigned self_index = 4;

// Raw TCP to 127.0.0.1:port with receive/send timeouts; -1 on failure.
int tcp_connect(std::uint16_t port, std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, base::BytesView bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads until the peer closes (true) or the receive timeout passes (false). Whatever arrives first
// (a TLS alert, say) is discarded.
bool closed_by_peer(int fd) {
  std::array<std::uint8_t, 4096> buf{};
  while (true) {
    auto n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET || errno == EPIPE;
  }
}

base::Bytes random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  base::Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

// Node 4 on a TLS link of its own: an io_context this test runs, a client context from node 4's
// key and certificate (or any other pair), one link.
class TlsPeer {
 public:
  struct Identity {
    std::filesystem::path key, cert, ca;
  };

  explicit TlsPeer(const Identity& id)
      : ctx_(net::make_tls_context({id.key.string(), id.cert.string(), id.ca.string(), std::nullopt},
                                   net::TlsRole::client)) {}
  ~TlsPeer() { close(); }
  TlsPeer(const TlsPeer&) = delete;
  TlsPeer& operator=(const TlsPeer&) = delete;

  // TCP, TLS handshake and our check of the node's certificate (any the CA signed: the cases
  // below want to reach the node, not to test our own dialling). False on any failure.
  bool connect(std::uint16_t port) {
    struct Result {
      bool done = false;
      std::error_code ec;
      std::shared_ptr<net::TlsLink> link;
    };
    auto result = std::make_shared<Result>();
    net::TlsLinkOptions options;
    options.handshake_timeout = 5s;
    // Our side must be able to send frames above the node's max-message-size.
    options.framing.limits.max_message_size = std::size_t{1} << 20;
    net::TlsLink::connect(
        io_, ctx_, {boost::asio::ip::make_address("127.0.0.1"), port}, [](const base::Bytes&) { return true; },
        [result](std::error_code ec, std::shared_ptr<net::TlsLink> link) {
          result->done = true;
          result->ec = ec;
          result->link = std::move(link);
        },
        options);
    run_until([&] { return result->done; }, 8s);
    connect_error_ = result->ec;
    if (!result->link) return false;
    link_ = result->link;
    link_->start({[this](base::BytesView m) { inbox_.emplace_back(m.begin(), m.end()); },
                  [this](std::error_code ec) {
                    closed_ = true;
                    close_reason_ = ec;
                  },
                  {}});
    return true;
  }

  // Queues the message and runs the loop until everything queued is written out: sending is
  // asynchronous, and the cases that then watch the node's counters do not run our loop.
  bool send(base::BytesView message) {
    if (!link_ || !link_->send(message)) return false;
    return run_until([&] { return closed_ || link_->queued_bytes() == 0; }, 5s) && !closed_;
  }

  // The next message with this transaction id, decoded; nullopt after `timeout` or once the link
  // has closed.
  std::optional<msg::Message> answer(std::uint64_t transaction_id, const msg::CodecContext& ctx,
                                     std::chrono::milliseconds timeout = 8s) {
    std::optional<msg::Message> found;
    run_until(
        [&] {
          while (!inbox_.empty() && !found) {
            auto m = msg::decode_message(inbox_.front(), ctx);
            inbox_.pop_front();
            if (m && m->header.transaction_id == transaction_id) found = std::move(*m);
          }
          return found.has_value() || closed_;
        },
        timeout);
    return found;
  }

  // Runs the loop for `d` and tells whether a message with this transaction id came.
  bool silent_for(std::uint64_t transaction_id, const msg::CodecContext& ctx, std::chrono::milliseconds d) {
    return !answer(transaction_id, ctx, d).has_value();
  }

  bool wait_closed(std::chrono::milliseconds timeout) {
    return run_until([&] { return closed_; }, timeout);
  }

  void close() {
    if (link_ && !closed_) {
      link_->close();
      run_until([&] { return closed_; }, 1s);
    }
    link_.reset();
  }

  [[nodiscard]] bool closed() const { return closed_; }
  [[nodiscard]] std::error_code connect_error() const { return connect_error_; }
  [[nodiscard]] std::error_code close_reason() const { return close_reason_; }
  [[nodiscard]] boost::asio::ssl::context& context() { return ctx_; }

  template <class Pred>
  bool run_until(Pred done, std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > give_up) return false;
      io_.restart();
      io_.run_one_for(10ms);
    }
    return true;
  }

 private:
  // Declared first: destroyed last, after the link and every handler that refers to it.
  boost::asio::io_context io_;
  boost::asio::ssl::context ctx_;
  std::shared_ptr<net::TlsLink> link_;
  std::deque<base::Bytes> inbox_;
  bool closed_ = false;
  std::error_code connect_error_, close_reason_;
};

// What to put in a message's forwarding header, and who signs it.
struct MessageSpec {
  std::vector<msg::Destination> destination;
  std::vector<msg::Destination> via;
  std::optional<std::uint8_t> ttl;
  std::optional<std::uint32_t> overlay;
  const security::Signer* signer = nullptr;  // node 4 by default
  std::vector<msg::ForwardingOption> options;
  std::vector<msg::MessageExtension> extensions;
};

struct Built {
  std::uint64_t transaction_id = 0;
  base::Bytes bytes;
};

class ReloadHostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("disco-hostile-" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    ReloadOverlayOptions o;
    o.reload_node = reload_node_binary;
    o.dir = *dir_;
    o.overlay = "hostile.test";
    std::string error;
    overlay_ = ReloadOverlay::start(o, error).release();
    if (overlay_ == nullptr) {
      *setup_error_ = error;
      return;
    }
    auto self = overlay::load_node_home(overlay_->home(), self_index);
    auto other = overlay::load_node_home(overlay_->home(), witness);
    if (!self || !other) {
      *setup_error_ = "cannot load identities: " + (self ? other.error() : self.error());
      return;
    }
    self_ = new overlay::NodeHome(std::move(*self));
    witness_home_ = new overlay::NodeHome(std::move(*other));
    ctx_ = new msg::CodecContext(overlay::codec_context(self_->config));
    // The target's links among the running nodes (one per peer, or two when both sides attached).
    baseline_links_ = links(target);
  }

  static void TearDownTestSuite() {
    if (overlay_ != nullptr) {
      auto codes = overlay_->stop();
      for (unsigned i = 1; i <= codes.size(); ++i) {
        EXPECT_EQ(codes[i - 1], 0) << "node " << i << " did not leave cleanly; stderr in " << overlay_->stderr_path(i);
        EXPECT_EQ(overlay_->sanitizer_report(i), "") << "node " << i;
      }
      const bool keep = ::testing::UnitTest::GetInstance()->failed_test_count() > 0;
      delete overlay_;
      overlay_ = nullptr;
      if (!keep) std::filesystem::remove_all(*dir_);
    }
    delete self_;
    delete witness_home_;
    delete ctx_;
    delete dir_;
    self_ = witness_home_ = nullptr;
    ctx_ = nullptr;
    dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(overlay_, nullptr) << *setup_error_;
    ASSERT_NE(self_, nullptr) << *setup_error_;
    ASSERT_TRUE(overlay_->alive(target)) << "an earlier case killed node " << target;
    // Links of earlier cases may still be closing in the node: wait until it counts its ring
    // links only, so that answers to node 4 go out on this case's link.
    for (int i = 0; i < 50 && links(target) > baseline_links(); ++i) std::this_thread::sleep_for(100ms);
  }

  static std::size_t baseline_links() { return baseline_links_; }
  static std::size_t links(unsigned node) {
    auto s = overlay_->call(node, control::Op::status);
    return s ? s->value("links", std::size_t{0}) : 0;
  }

  static TlsPeer::Identity identity_of(const overlay::NodeHome& h) { return {h.key_path, h.cert_path, h.ca_cert_path}; }

  static NodeId node_id(unsigned i) { return *NodeId::from_hex(overlay_->node_id_hex(i)); }
  static ResourceId resource_at(unsigned i) {
    // A node is responsible for its own Node-ID (CHORD-RELOAD, s10.2: the span up to itself).
    const auto id = node_id(i);
    return ResourceId{{id.bytes().begin(), id.bytes().end()}};
  }

  std::uint64_t counter(unsigned node, const std::string& name) {
    auto s = overlay_->call(node, control::Op::status);
    EXPECT_TRUE(s) << s.error().message;
    return s ? (*s)["stats"].value(name, std::uint64_t{0}) : 0;
  }

  // Polls the counter until it passes `before` (the node handles our message asynchronously).
  bool counter_rises(unsigned node, const std::string& name, std::uint64_t before) {
    for (int i = 0; i < 50; ++i) {
      if (counter(node, name) > before) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  // The node answers its control socket and the witness reaches it with a RELOAD Ping.
  void expect_serving(unsigned node = target) {
    ASSERT_TRUE(overlay_->alive(node)) << "node " << node << " exited; stderr: " << overlay_->stderr_path(node);
    EXPECT_EQ(overlay_->sanitizer_report(node), "");
    auto s = overlay_->call(node, control::Op::status);
    ASSERT_TRUE(s) << "status: " << s.error().message;
    EXPECT_EQ(s->value("state", ""), "ready");
    const unsigned from = node == witness ? target : witness;
    auto p = overlay_->call(from, control::Op::ping, {{"destination", overlay_->node_id_hex(node)}});
    ASSERT_TRUE(p) << "ping from node " << from << ": " << p.error().message;
    EXPECT_EQ(p->value("node_id", ""), overlay_->node_id_hex(node));
  }

  static Built build(const MessageSpec& spec, const msg::Body& body) {
    static std::mt19937_64 rng(std::random_device{}());
    const security::Signer& signer = spec.signer != nullptr ? *spec.signer : *self_->signer;
    msg::Message m;
    m.header.overlay = spec.overlay.value_or(security::overlay_hash(self_->config.instance_name));
    m.header.configuration_sequence = self_->config.sequence;
    m.header.ttl = spec.ttl.value_or(self_->config.initial_ttl);
    m.header.transaction_id = rng() | 1U;
    m.header.destination_list = spec.destination;
    m.header.via_list = spec.via;
    m.header.options = spec.options;
    m.contents.extensions = spec.extensions;
    auto b = msg::encode_body(body, *ctx_);
    EXPECT_TRUE(b) << b.error().message();
    m.contents.message_code = body.code;
    m.contents.message_body = b ? *b : base::Bytes{};
    auto input = msg::message_signature_input(m.header.overlay, m.header.transaction_id, m.contents,
                                              signer.signer_identity(), *ctx_);
    EXPECT_TRUE(input);
    m.security.signature = signer.sign(*input);
    m.security.certificates.push_back(signer.certificate());
    auto bytes = msg::encode_message(m, *ctx_);
    EXPECT_TRUE(bytes) << bytes.error().message();
    return {m.header.transaction_id, bytes ? *bytes : base::Bytes{}};
  }

  static Built ping_to(const msg::Destination& d, MessageSpec spec = {}) {
    spec.destination = {d};
    return build(spec, msg::Body{msg::MessageCode::ping_req, msg::PingReq{}});
  }

  // A DISCO-NOTE dictionary value signed by node 4 for `resource`.
  static msg::StoredData note(const ResourceId& resource, const std::string& key, const std::string& value) {
    msg::StoredData sd;
    sd.storage_time = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    sd.lifetime = 600;
    sd.value.value = msg::DictionaryEntry{{key.begin(), key.end()}, msg::DataValue{true, {value.begin(), value.end()}}};
    sd.signature.identity = self_->signer->signer_identity();
    auto input = msg::stored_data_signature_input(resource, overlay::disco_note_kind, sd, *ctx_);
    EXPECT_TRUE(input) << input.error().message();
    sd.signature = self_->signer->sign(*input);
    return sd;
  }

  static Built store(const ResourceId& resource, msg::StoreKindData kd) {
    msg::StoreReq s;
    s.resource = resource;
    s.kind_data.push_back(std::move(kd));
    MessageSpec spec;
    spec.destination = {msg::Destination{resource}};
    return build(spec, msg::Body{msg::MessageCode::store_req, std::move(s)});
  }

  // The error code of an Error answer, or nullopt (with a test failure) for anything else.
  static std::optional<std::uint16_t> error_code_of(const std::optional<msg::Message>& m) {
    if (!m) {
      ADD_FAILURE() << "no answer";
      return std::nullopt;
    }
    if (m->contents.message_code != msg::MessageCode::error) {
      ADD_FAILURE() << "answer code " << static_cast<unsigned>(m->contents.message_code) << ", not Error";
      return std::nullopt;
    }
    auto body = msg::decode_body(m->contents, *ctx_);
    if (!body) {
      ADD_FAILURE() << "undecodable error body";
      return std::nullopt;
    }
    return std::get<msg::ErrorResponse>(body->value).error_code;
  }

  std::unique_ptr<TlsPeer> connected_peer(unsigned node = target) {
    auto p = std::make_unique<TlsPeer>(identity_of(*self_));
    EXPECT_TRUE(p->connect(overlay_->port(node))) << p->connect_error().message();
    return p;
  }

  static std::filesystem::path* dir_;
  static ReloadOverlay* overlay_;
  static overlay::NodeHome* self_;
  static overlay::NodeHome* witness_home_;
  static msg::CodecContext* ctx_;
  static std::string* setup_error_;
  static std::size_t baseline_links_;
};

std::filesystem::path* ReloadHostile::dir_ = nullptr;
ReloadOverlay* ReloadHostile::overlay_ = nullptr;
overlay::NodeHome* ReloadHostile::self_ = nullptr;
overlay::NodeHome* ReloadHostile::witness_home_ = nullptr;
msg::CodecContext* ReloadHostile::ctx_ = nullptr;
std::string* ReloadHostile::setup_error_ = new std::string;
std::size_t ReloadHostile::baseline_links_ = 0;

// A sound message on a sound link is answered: the baseline the other cases depart from.
TEST_F(ReloadHostile, ASoundPingIsAnswered) {
  auto peer = connected_peer();
  auto m = ping_to(msg::Destination{node_id(target)});
  ASSERT_TRUE(peer->send(m.bytes));
  auto a = peer->answer(m.transaction_id, *ctx_);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->contents.message_code, msg::MessageCode::ping_ans);
  expect_serving();
}

// s6.6: messages up to the configured max-message-size (16384 in a home, above the RFC's 5000
// default) are accepted on a link.
TEST_F(ReloadHostile, AMessageBelowTheConfiguredMaxMessageSizeIsAccepted) {
  ASSERT_GT(self_->config.max_message_size, 12000U);
  auto peer = connected_peer();
  MessageSpec spec;
  spec.destination = {msg::Destination{node_id(target)}};
  auto m = build(spec, msg::Body{msg::MessageCode::ping_req, msg::PingReq{base::Bytes(11000, 0x5a)}});
  ASSERT_GT(m.bytes.size(), 11000U);
  ASSERT_TRUE(peer->send(m.bytes));
  auto a = peer->answer(m.transaction_id, *ctx_);
  ASSERT_TRUE(a) << "no answer; link closed: " << peer->closed() << " " << peer->close_reason().message();
  EXPECT_EQ(a->contents.message_code, msg::MessageCode::ping_ans);
  expect_serving();
}

// 1. Not TLS at all on the listen port: random bytes, an HTTP request, a client that says nothing.
TEST_F(ReloadHostile, NonTlsClientsFailTheHandshakeAndOthersAreUnaffected) {
  const int silent = tcp_connect(overlay_->port(target), 3s);
  ASSERT_GE(silent, 0);
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    const int fd = tcp_connect(overlay_->port(target), 3s);
    ASSERT_GE(fd, 0);
    EXPECT_TRUE(send_all(fd, random_bytes(2000, seed)));
    EXPECT_TRUE(closed_by_peer(fd)) << "the node kept a connection that sent random bytes";
    ::close(fd);
  }
  {
    const int fd = tcp_connect(overlay_->port(target), 3s);
    ASSERT_GE(fd, 0);
    EXPECT_TRUE(send_all(fd, base::as_bytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
    EXPECT_TRUE(closed_by_peer(fd)) << "the node kept a connection that sent HTTP";
    ::close(fd);
  }
  // While the silent client holds its connection, TLS peers still connect and are served.
  auto peer = connected_peer();
  auto m = ping_to(msg::Destination{node_id(target)});
  ASSERT_TRUE(peer->send(m.bytes));
  auto a = peer->answer(m.transaction_id, *ctx_);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->contents.message_code, msg::MessageCode::ping_ans);
  expect_serving();
  ::close(silent);
}

// 2. A certificate from another overlay's CA: the node refuses the TLS handshake.
TEST_F(ReloadHostile, ACertificateFromAnotherCaIsRefused) {
  const auto other_dir = *dir_ / "other";
  const auto init =
      run_command(std::string("'") + reload_node_binary + "' init --overlay hostile.test --dir '" + other_dir.string() +
                  "' --nodes 1 --key-type ec --base-port " + std::to_string(free_port()) + " 2>&1");
  ASSERT_EQ(init.exit_code, 0) << init.out;
  // The foreign key and certificate, but the real CA as trust anchor: our side accepts the node,
  // so any refusal is the node's.
  TlsPeer::Identity foreign{other_dir / "nodes/1/key.pem", other_dir / "nodes/1/cert.pem", self_->ca_cert_path};
  TlsPeer peer(foreign);
  bool served = false;
  if (peer.connect(overlay_->port(target))) {
    // TLS 1.3: the client finishes its handshake before the server has checked the client's
    // certificate; the refusal then arrives as an alert and the link closes.
    auto m = ping_to(msg::Destination{node_id(target)});
    peer.send(m.bytes);
    served = peer.answer(m.transaction_id, *ctx_, 3s).has_value();
    EXPECT_TRUE(peer.wait_closed(3s)) << "the node kept a link with a certificate from another CA";
  }
  EXPECT_FALSE(served);
  expect_serving();
}

// 3. Claims that the certificate does not back: a JoinReq for another Node-ID (s6.4.2.2.2) and an
// Update signed by a node that is not the one on the link (s10.7.4.2) are Error_Forbidden.
TEST_F(ReloadHostile, ANodeIdTheCertificateDoesNotBackIsForbidden) {
  auto peer = connected_peer();
  {
    MessageSpec spec;
    spec.destination = {msg::Destination{node_id(target)}};
    auto m = build(spec, msg::Body{msg::MessageCode::join_req, msg::JoinReq{node_id(witness), {}}});
    ASSERT_TRUE(peer->send(m.bytes));
    EXPECT_EQ(error_code_of(peer->answer(m.transaction_id, *ctx_)),
              static_cast<std::uint16_t>(msg::ErrorCode::forbidden));
  }
  {
    // Signed with node 3's key, sent on node 4's link.
    MessageSpec spec;
    spec.destination = {msg::Destination{node_id(target)}};
    spec.signer = witness_home_->signer.get();
    msg::ChordUpdate u;
    u.value = msg::ChordNeighbors{{node_id(self_index)}, {node_id(self_index)}};
    auto m = build(spec, msg::Body{msg::MessageCode::update_req, u});
    ASSERT_TRUE(peer->send(m.bytes));
    EXPECT_EQ(error_code_of(peer->answer(m.transaction_id, *ctx_)),
              static_cast<std::uint16_t>(msg::ErrorCode::forbidden));
  }
  // Neither got node 4 into the ring.
  auto s = overlay_->call(target, control::Op::status);
  ASSERT_TRUE(s);
  for (const auto* list : {"successors", "predecessors"})
    for (const auto& n : (*s)[list]) EXPECT_NE(n.get<std::string>(), overlay_->node_id_hex(self_index)) << list;
  expect_serving();
}

// 4. A frame above max-message-size (s6.6): the node closes the link and goes on serving.
TEST_F(ReloadHostile, AFrameAboveMaxMessageSizeClosesTheLink) {
  auto peer = connected_peer();
  MessageSpec spec;
  spec.destination = {msg::Destination{node_id(target)}};
  auto m = build(spec, msg::Body{msg::MessageCode::ping_req, msg::PingReq{base::Bytes(19800, 0x5a)}});
  ASSERT_GE(m.bytes.size(), 20000U);
  ASSERT_GT(m.bytes.size(), self_->config.max_message_size);
  peer->send(m.bytes);  // false once the node has closed the link while we were still writing
  EXPECT_TRUE(peer->wait_closed(5s)) << "the node kept the link";
  expect_serving();
}

// 5. TTL (s6.3.2): a request the node would forward arrives with TTL 0, or with a TTL above
// initial-ttl: Error_TTL_Exceeded either way.
TEST_F(ReloadHostile, AnExhaustedOrExcessiveTtlIsTtlExceeded) {
  auto peer = connected_peer();
  const auto before = counter(target, "dropped_ttl");
  for (std::uint8_t ttl : {std::uint8_t{0}, std::uint8_t{200}}) {
    MessageSpec spec;
    spec.ttl = ttl;
    // The witness's own Node-ID as a Resource-ID: the target is not responsible, so it forwards.
    auto m = ping_to(msg::Destination{resource_at(witness)}, spec);
    ASSERT_TRUE(peer->send(m.bytes));
    EXPECT_EQ(error_code_of(peer->answer(m.transaction_id, *ctx_)),
              static_cast<std::uint16_t>(msg::ErrorCode::ttl_exceeded))
        << "ttl " << unsigned{ttl};
  }
  EXPECT_GE(counter(target, "dropped_ttl"), before + 2);
  expect_serving();
}

// Options and extensions nobody defines yet (s6.3.2.3, s6.3.3): a critical one is refused with
// the error the RFC names, a non-critical one is ignored.
TEST_F(ReloadHostile, UnknownCriticalOptionsAndExtensionsAreRefused) {
  auto peer = connected_peer();
  {
    MessageSpec spec;
    spec.options.push_back(msg::ForwardingOption{1, msg::destination_critical, {0x01}});
    auto m = ping_to(msg::Destination{node_id(target)}, spec);
    ASSERT_TRUE(peer->send(m.bytes));
    EXPECT_EQ(error_code_of(peer->answer(m.transaction_id, *ctx_)),
              static_cast<std::uint16_t>(msg::ErrorCode::unsupported_forwarding_option));
  }
  {
    MessageSpec spec;
    spec.options.push_back(msg::ForwardingOption{1, msg::forward_critical, {}});
    // Addressed beyond the target, so the target would have to forward it.
    auto m = ping_to(msg::Destination{resource_at(witness)}, spec);
    ASSERT_TRUE(peer->send(m.bytes));
    EXPECT_EQ(error_code_of(peer->answer(m.transaction_id, *ctx_)),
              static_cast<std::uint16_t>(msg::ErrorCode::unsupported_forwarding_option));
  }
  {
    MessageSpec spec;
    spec.extensions.push_back(msg::MessageExtension{1, true, {0x02}});
    auto m = ping_to(msg::Destination{node_id(target)}, spec);
    ASSERT_TRUE(peer->send(m.bytes));
    EXPECT_EQ(error_code_of(peer->answer(m.transaction_id, *ctx_)),
              static_cast<std::uint16_t>(msg::ErrorCode::unknown_extension));
  }
  {
    MessageSpec spec;
    spec.extensions.push_back(msg::MessageExtension{1, false, {0x02}});
    spec.options.push_back(msg::ForwardingOption{1, 0, {}});
    auto m = ping_to(msg::Destination{node_id(target)}, spec);
    ASSERT_TRUE(peer->send(m.bytes));
    auto a = peer->answer(m.transaction_id, *ctx_);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->contents.message_code, msg::MessageCode::ping_ans);
  }
  expect_serving();
}

// 6. A Via List that already names the receiving node (s6.2): a loop, dropped without an answer.
TEST_F(ReloadHostile, AViaListThatLoopsBackIsDropped) {
  auto peer = connected_peer();
  const auto before = counter(target, "dropped_loop");
  MessageSpec spec;
  spec.via = {msg::Destination{node_id(witness)}, msg::Destination{node_id(target)}};
  auto m = ping_to(msg::Destination{resource_at(witness)}, spec);
  ASSERT_TRUE(peer->send(m.bytes));
  EXPECT_TRUE(counter_rises(target, "dropped_loop", before));
  EXPECT_TRUE(peer->silent_for(m.transaction_id, *ctx_, 500ms)) << "a looping message was answered";
  expect_serving();
}

// 7. A StoreReq for a kind the overlay does not define, at a Resource-ID the node is responsible
// for: Error_Unknown_Kind listing the kind (s7.4.1.2).
TEST_F(ReloadHostile, AnUnknownKindIsUnknownKind) {
  auto peer = connected_peer();
  msg::StoreKindData kd;
  kd.kind = 0xF0000099;
  kd.values = msg::UnknownKindValues{random_bytes(40, 7)};
  auto m = store(resource_at(target), kd);
  ASSERT_TRUE(peer->send(m.bytes));
  auto a = peer->answer(m.transaction_id, *ctx_);
  ASSERT_EQ(error_code_of(a), static_cast<std::uint16_t>(msg::ErrorCode::unknown_kind));
  auto body = msg::decode_body(a->contents, *ctx_);
  ASSERT_TRUE(body);
  const auto& info = std::get<msg::ErrorResponse>(body->value).error_info;
  EXPECT_EQ(info, (base::Bytes{4, 0xF0, 0x00, 0x00, 0x99})) << "KindId unknown_kinds<0..2^8-1>";
  expect_serving();
}

// 8. DISCO-NOTE is USER-MATCH (s7.3.1): node 4 may not store at node 1's user name.
TEST_F(ReloadHostile, AStoreAgainstTheKindsAccessPolicyIsForbidden) {
  auto peer = connected_peer();
  const auto resource = security::resource_id_for("node-1@" + overlay_->overlay());
  msg::StoreKindData kd;
  kd.kind = overlay::disco_note_kind;
  kd.values = std::vector<msg::StoredData>{note(resource, "k", "not mine")};
  auto m = store(resource, kd);
  ASSERT_TRUE(peer->send(m.bytes));
  EXPECT_EQ(error_code_of(peer->answer(m.transaction_id, *ctx_)),
            static_cast<std::uint16_t>(msg::ErrorCode::forbidden));
  expect_serving();
}

// 9. A value whose signature does not verify (s7.4.1.1) is refused with Error_Forbidden, even at
// node 4's own user name where the policy would allow it; the same value signed properly is stored.
TEST_F(ReloadHostile, AStoredValueWithABadSignatureIsForbidden) {
  auto peer = connected_peer();
  const auto resource = security::resource_id_for("node-4@" + overlay_->overlay());
  auto good = note(resource, "k", "mine");
  auto bad = good;
  bad.signature.signature_value.back() ^= 0x01U;
  bad.signature.signature_value[bad.signature.signature_value.size() / 2] ^= 0x80U;
  msg::StoreKindData kd;
  kd.kind = overlay::disco_note_kind;
  kd.values = std::vector<msg::StoredData>{bad};
  auto m = store(resource, kd);
  ASSERT_TRUE(peer->send(m.bytes));
  EXPECT_EQ(error_code_of(peer->answer(m.transaction_id, *ctx_)),
            static_cast<std::uint16_t>(msg::ErrorCode::forbidden));

  kd.values = std::vector<msg::StoredData>{good};
  auto ok = store(resource, kd);
  ASSERT_TRUE(peer->send(ok.bytes));
  auto a = peer->answer(ok.transaction_id, *ctx_);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->contents.message_code, msg::MessageCode::store_ans);
  expect_serving();
}

// 10. The forwarding header names another overlay (s6.3.2): dropped, counted, not answered.
TEST_F(ReloadHostile, AWrongOverlayHashIsDropped) {
  auto peer = connected_peer();
  const auto before = counter(target, "dropped_wrong_overlay");
  MessageSpec spec;
  spec.overlay = security::overlay_hash("another.overlay");
  auto m = ping_to(msg::Destination{node_id(target)}, spec);
  ASSERT_TRUE(peer->send(m.bytes));
  EXPECT_TRUE(counter_rises(target, "dropped_wrong_overlay", before));
  EXPECT_TRUE(peer->silent_for(m.transaction_id, *ctx_, 500ms));
  expect_serving();
}

// A message signed with a signature that does not verify (s6.3.4) is dropped at its destination.
TEST_F(ReloadHostile, AMessageWithABadSignatureIsDropped) {
  auto peer = connected_peer();
  const auto before = counter(target, "dropped_bad_signature");
  auto m = ping_to(msg::Destination{node_id(target)});
  // The signature value is the last field of the message.
  m.bytes.back() ^= 0x01U;
  ASSERT_TRUE(peer->send(m.bytes));
  EXPECT_TRUE(counter_rises(target, "dropped_bad_signature", before));
  EXPECT_TRUE(peer->silent_for(m.transaction_id, *ctx_, 300ms));
  expect_serving();
}

// 11. Garbage inside a sound TLS session. As RELOAD data frames: each one dropped as malformed,
// the link stays. As framing (an unknown frame type, s6.6.2): the stream cannot be parsed any
// more and the link closes.
TEST_F(ReloadHostile, GarbageInsideTlsIsDroppedOrClosesTheLink) {
  {
    auto peer = connected_peer();
    const auto before = counter(target, "dropped_malformed");
    for (std::uint32_t seed = 1; seed <= 20; ++seed) ASSERT_TRUE(peer->send(random_bytes(50 + seed * 37, seed)));
    // Mutations of a sound message: flipped bytes anywhere, truncations.
    auto sound = ping_to(msg::Destination{node_id(target)});
    std::mt19937 rng(11);
    for (int i = 0; i < 200; ++i) {
      auto b = sound.bytes;
      if (i % 4 == 0) {
        b.resize(rng() % b.size());
      } else {
        for (int k = 0; k < 1 + i % 3; ++k) b[rng() % b.size()] ^= static_cast<std::uint8_t>(1U + rng() % 255);
      }
      if (!b.empty()) ASSERT_TRUE(peer->send(b));
    }
    EXPECT_TRUE(counter_rises(target, "dropped_malformed", before + 19));
    // The link still carries sound messages.
    auto m = ping_to(msg::Destination{node_id(target)});
    ASSERT_TRUE(peer->send(m.bytes));
    auto a = peer->answer(m.transaction_id, *ctx_);
    ASSERT_TRUE(a) << "link closed: " << peer->closed();
    EXPECT_EQ(a->contents.message_code, msg::MessageCode::ping_ans);
  }
  {
    // Raw bytes straight into the TLS session (OpenSSL on a blocking socket, with the same
    // client context), so that no framing is added.
    TlsPeer holder(identity_of(*self_));
    const int fd = tcp_connect(overlay_->port(target), 5s);
    ASSERT_GE(fd, 0);
    SSL* ssl = SSL_new(holder.context().native_handle());
    ASSERT_NE(ssl, nullptr);
    SSL_set_fd(ssl, fd);
    ASSERT_EQ(SSL_connect(ssl), 1) << "TLS handshake with node 4's certificate failed";
    auto garbage = random_bytes(3000, 99);
    garbage[0] = 0x55;  // neither data (128) nor ack (129)
    ASSERT_EQ(SSL_write(ssl, garbage.data(), static_cast<int>(garbage.size())), static_cast<int>(garbage.size()));
    std::array<std::uint8_t, 1024> buf{};
    int n = 0;
    while ((n = SSL_read(ssl, buf.data(), static_cast<int>(buf.size()))) > 0) {
    }
    const int err = SSL_get_error(ssl, n);
    EXPECT_TRUE(err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL || err == SSL_ERROR_SSL)
        << "the link was not closed (SSL error " << err << ", errno " << errno << ")";
    EXPECT_FALSE(err == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK)) << "read timed out";
    SSL_free(ssl);
    ::close(fd);
  }
  expect_serving();
}

// Every node, not just the attacked one, is still whole at the end; TearDownTestSuite then
// checks that each leaves cleanly and logged no sanitizer report.
TEST_F(ReloadHostile, ZzTheWholeOverlayStillServes) {
  for (unsigned i = 1; i <= overlay_->running(); ++i) expect_serving(i);
  auto stored = overlay_->call(1, control::Op::store,
                               {{"resource", "node-1@" + overlay_->overlay()},
                                {"kind", "DISCO-NOTE"},
                                {"key", "after"},
                                {"value", "the storm"}});
  ASSERT_TRUE(stored) << stored.error().message;
  auto fetched =
      overlay_->call(witness, control::Op::fetch,
                     {{"resource", "node-1@" + overlay_->overlay()}, {"kind", "DISCO-NOTE"}, {"keys", {"after"}}});
  ASSERT_TRUE(fetched) << fetched.error().message;
  ASSERT_EQ((*fetched)["values"].size(), 1U);
  EXPECT_EQ((*fetched)["values"][0].value("value", ""), "the storm");
}

}  // namespace
}  // namespace disco::test
