// libFuzzer target: a RELOAD peer (overlay::Node, RFC 6940 s6 and s10) receiving hostile messages
// from a linked neighbour. The node starts an overlay alone (may_be_first, no bootstrap peers),
// brings a link up to one peer, sends that peer a Ping, a RouteQuery and a Probe (so that answers
// have transactions to match), and gets the input on the link, followed by its timers.
//
// Random bytes rarely carry the peer's signature, so the input is also delivered signed as the
// peer (with the node's overlay hash and configuration sequence):
//  * when it decodes as a whole message: re-signed as it is addressed, and addressed to the node;
//  * otherwise, as the body of each message code it decodes as (the RELOAD vectors are mostly
//    bodies), addressed to the node, answers carrying the transaction id of the node's request.
// Property: no crash or UB, and the node still answers a Ping it starts to its own Node-ID.
// Seeds: the RELOAD vectors.
#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

#include "libcommon/overlay/node/node.hpp"
#include "libcommon/reload/msg/body.hpp"
#include "libcommon/reload/msg/message.hpp"
#include "libcommon/reload/msg/signature_input.hpp"
#include "libcommon/security/hash.hpp"
#include "tests/support/fake_security.hpp"

namespace {

using namespace disco;
using namespace std::chrono_literals;
namespace msg = reload::msg;

reload::NodeId node_id(std::uint8_t fill) {
  const base::Bytes b(16, fill);
  return *reload::NodeId::from_bytes(b);
}

// Remembers the transaction id of each request code the node sends; links and connects go nowhere.
class Host final : public overlay::NodeHost {
 public:
  explicit Host(const msg::CodecContext& ctx) : ctx_(ctx) {}

  void send(overlay::LinkId /*link*/, base::Bytes message) override {
    if (auto m = msg::decode_message(message, ctx_)) requests[m->contents.message_code] = m->header.transaction_id;
  }
  void connect(std::uint64_t /*attempt*/, const msg::IpAddressPort& /*address*/,
               std::optional<reload::NodeId> /*expected*/) override {}
  void close(overlay::LinkId /*link*/) override {}
  std::uint64_t unix_ms() override { return 1767225600000ULL + ++ticks_; }
  // Deterministic per input, so that a finding replays.
  std::uint64_t random_u64() override {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ ^ (state_ >> 29);
  }

  std::map<msg::MessageCode, std::uint64_t> requests;

 private:
  const msg::CodecContext& ctx_;
  std::uint64_t ticks_ = 0;
  std::uint64_t state_ = 42;
};

struct Fixture {
  reload::NodeId self = node_id(0x40);
  reload::NodeId peer = node_id(0xc0);
  test::FakeSigner self_signer{"node@fuzz.example.org", {self}};
  test::FakeSigner peer_signer{"peer@fuzz.example.org", {peer}};
  test::FakeVerifier verifier;
  storage::KindRegistry kinds = [] {
    storage::KindRegistry r;
    r.add({0x1,
           "SIP-REGISTRATION",
           msg::DataModel::dictionary,
           storage::AccessPolicy::user_node_match,
           0,
           0,
           0,
           false,
           {}});
    r.add({0x3, "CERTIFICATE_BY_NODE", msg::DataModel::array, storage::AccessPolicy::node_match, 0, 0, 0, false, {}});
    r.add({0xF0000001, "single", msg::DataModel::single_value, storage::AccessPolicy::user_match, 0, 0, 0, false, {}});
    return r;
  }();
  overlay::NodeConfig config = [this] {
    overlay::NodeConfig c;
    c.overlay_name = "fuzz.example.org";
    c.overlay_hash = security::overlay_hash(c.overlay_name);
    c.codec.kinds = kinds.kind_table();
    c.may_be_first = true;
    return c;
  }();
  std::vector<msg::MessageCode> codes = [] {
    std::vector<msg::MessageCode> v;
    for (std::uint32_t c = 0; c <= 0xffff; ++c)
      if (msg::is_known_message_code(static_cast<std::uint16_t>(c))) v.push_back(static_cast<msg::MessageCode>(c));
    return v;
  }();
};

// `m` signed by the peer, in the node's overlay; nullopt if it cannot be encoded.
std::optional<base::Bytes> sign_as_peer(msg::Message m, const Fixture& f) {
  m.header.overlay = f.config.overlay_hash;
  m.header.configuration_sequence = f.config.config_sequence;
  m.security.signature.identity = f.peer_signer.signer_identity();
  auto input = msg::message_signature_input(m.header.overlay, m.header.transaction_id, m.contents,
                                            m.security.signature.identity, f.config.codec);
  if (!input) return std::nullopt;
  m.security.signature = f.peer_signer.sign(*input);
  m.security.certificates = {f.peer_signer.certificate()};
  auto bytes = msg::encode_message(m, f.config.codec);
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

void deliver(overlay::Node& node, const std::optional<base::Bytes>& message, base::TimePoint now) {
  if (message) node.on_message(1, *message, now);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Fixture f;
  Host host(f.config.codec);
  overlay::Node node(f.config, host, f.self_signer, f.verifier, f.kinds);
  auto now = base::TimePoint{} + 1h;
  node.start(now);
  if (node.state() != overlay::NodeState::ready) std::abort();
  constexpr overlay::LinkId link = 1;
  node.on_link_up(link, f.peer, now);
  const msg::Destination to_peer{f.peer};
  node.ping(to_peer, now, {});
  node.route_query(to_peer, now, {});
  node.probe(to_peer, {msg::ProbeInformationType::responsible_set}, now, {});

  const base::BytesView in{data, size};
  node.on_message(link, in, now);
  if (auto m = msg::decode_message(in, f.config.codec)) {
    deliver(node, sign_as_peer(*m, f), now);
    m->header.destination_list = {msg::Destination{f.self}};
    deliver(node, sign_as_peer(*m, f), now);
  } else {
    int delivered = 0;
    for (auto code : f.codes) {
      if (delivered == 8) break;
      if (!msg::decode_body(code, in, f.config.codec)) continue;
      ++delivered;
      msg::Message body_message;
      body_message.header.destination_list = {msg::Destination{f.self}};
      body_message.header.via_list = {msg::Destination{f.peer}};
      // An answer takes the transaction of the node's request it answers, else the Ping's.
      auto request = msg::is_request(code)
                         ? host.requests.end()
                         : host.requests.find(static_cast<msg::MessageCode>(static_cast<std::uint16_t>(code) - 1));
      if (request == host.requests.end() && !msg::is_request(code))
        request = host.requests.find(msg::MessageCode::ping_req);
      body_message.header.transaction_id =
          request != host.requests.end() ? request->second : 0x5eed0000ULL + static_cast<std::uint16_t>(code);
      body_message.contents.message_code = code;
      body_message.contents.message_body.assign(in.begin(), in.end());
      deliver(node, sign_as_peer(std::move(body_message), f), now);
    }
  }
  node.on_timer(now);
  // A few of the node's own deadlines: retransmissions, transaction expiry, replication.
  for (int i = 0; i < 4; ++i) {
    auto next = node.next_deadline();
    if (!next) break;
    now = std::max(now, *next);
    node.on_timer(now);
  }

  std::optional<overlay::Outcome> outcome;
  node.ping(msg::Destination{f.self}, now, [&](const overlay::Outcome& o) { outcome = o; });
  for (int i = 0; i < 8 && !outcome; ++i) {
    auto next = node.next_deadline();
    if (!next) break;
    now = std::max(now, *next);
    node.on_timer(now);
  }
  if (!outcome || !outcome->ok()) std::abort();
  return 0;
}
