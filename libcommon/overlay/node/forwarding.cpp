// Message forwarding and delivery (RFC 6940 s6.1, s6.2): symmetric recursive routing in which
// every forwarding peer appends the peer it received a message from to the Via List (s6.1.2), and
// answers go back along the reversed Via List (s6.2.2).

#include <fmt/format.h>

#include <algorithm>

#include "libcommon/overlay/node/node.hpp"
#include "libcommon/reload/msg/codec.hpp"
#include "libcommon/reload/msg/signature_input.hpp"

namespace disco::overlay {

using reload::NodeId;
using topology::chord::RingPos;
namespace msg = reload::msg;

namespace {

bool is_request_code(base::BytesView whole, std::size_t header_size) {
  if (whole.size() < header_size + 2) return false;
  auto code = static_cast<std::uint16_t>((whole[header_size] << 8U) | whole[header_size + 1]);
  return code != 0xffff && (code & 1U) == 1U;
}

}  // namespace

void Node::on_message(LinkId link, base::BytesView bytes, base::TimePoint now) {
  last_event_ = now;
  ++stats_.messages_in;
  auto lit = links_.find(link);
  if (lit == links_.end()) return;
  lit->second.last_heard = now;
  lit->second.probing = false;
  NodeId from = lit->second.peer;

  auto decoded = msg::decode_forwarding_header(bytes, config_.codec);
  if (!decoded) {
    ++stats_.dropped_malformed;
    host_.log(LogLevel::debug, fmt::format("dropped a message from {}: {}", from.to_hex(), decoded.error().message()));
    return;
  }
  auto& header = decoded->header;
  // s6.3.2: the overlay field tells messages of another overlay apart; not security critical.
  if (header.overlay != config_.overlay_hash) {
    ++stats_.dropped_wrong_overlay;
    return;
  }
  // Only the destination reassembles (s6.7) and we do not yet: see README.
  if (header.is_fragment()) {
    ++stats_.dropped_fragment;
    return;
  }
  if (header.length != bytes.size()) {
    ++stats_.dropped_malformed;
    return;
  }
  // A Via List that already names us means the message has come round in a loop (s6.2).
  for (const auto& v : header.via_list) {
    if (const auto* n = std::get_if<NodeId>(&v.value); n && *n == self_) {
      ++stats_.dropped_loop;
      return;
    }
  }
  // s6.3.2: a TTL above initial-ttl is discarded with Error_TTL_Exceeded.
  if (header.ttl > config_.initial_ttl) {
    ++stats_.dropped_ttl;
    if (is_request_code(bytes, decoded->header_size))
      answer_error_raw(header, from, msg::ErrorCode::ttl_exceeded, "TTL above initial-ttl", now);
    return;
  }
  auto h = header;
  auto result = route(std::move(header), bytes, decoded->header_size, from, now);
  // A request nobody here can take gets an answer instead of a silent timeout (e.g. a peer that
  // is not in the overlay yet, asked by another that wants to join).
  if (result == RouteResult::no_route && is_request_code(bytes, decoded->header_size))
    answer_error_raw(h, from, msg::ErrorCode::not_found,
                     state_ == NodeState::ready ? "no route" : "this peer is not in the overlay yet", now);
}

std::optional<NodeId> Node::next_hop_for(const msg::Destination& d) const {
  if (const auto* n = std::get_if<NodeId>(&d.value)) {
    if (peer_links_.contains(*n)) return *n;
    return table_.next_hop(RingPos::of(*n));
  }
  if (const auto* r = std::get_if<reload::ResourceId>(&d.value)) return table_.next_hop(RingPos::of(*r));
  return std::nullopt;
}

std::vector<msg::Destination> Node::data_destination(const reload::ResourceId& resource) const {
  // s10.3 routes a Resource-ID to the closest peer *before* it, which then passes it to its
  // successor: at least two hops whenever the responsible peer is outside our neighbour lists, even
  // when we hold a link to it (small overlays link most peers to most others: 36 of 49 at N = 50).
  // The originator may instead give a Destination List (s6.1.1, s6.3.2.2): [S, resource] reaches
  // S over our link; S pops its own entry and, when responsible, answers; when not, it routes the
  // resource on by the ordinary rules, and a resource just before S lies in S's predecessor list.
  // We guess S only when our linked peers around the resource are as dense as our own neighbours
  // (the gap between the linked peers before and after it spans at most eight mean successor
  // spacings), so that a wrong guess costs what the ordinary route costs and in large overlays,
  // where our links are sparse far away, nothing changes.
  std::vector<msg::Destination> plain{msg::Destination{resource}};
  const auto& succ = table_.successors();
  const auto& pred = table_.predecessors();
  if (state_ != NodeState::ready || succ.empty() || pred.empty()) return plain;
  const RingPos k = RingPos::of(resource);
  // Ours, or inside the neighbour lists, where next_hop() already goes straight to the responsible
  // peer: (last predecessor, self] and (self, last successor].
  const RingPos self = table_.self_pos();
  if (RingPos::in_arc(RingPos::of(pred.back()), self, k) || RingPos::in_arc(self, RingPos::of(succ.back()), k))
    return plain;
  std::optional<NodeId> after;
  std::optional<NodeId> before;
  topology::chord::Uint128 to_after = 0;
  topology::chord::Uint128 to_before = 0;
  for (const auto& [peer, link] : peer_links_) {
    if (!in_ring_.contains(peer)) continue;
    const RingPos x = RingPos::of(peer);
    const auto a = RingPos::distance(k, x);  // 0: x == k, responsible for it
    if (!after || a < to_after) {
      after = peer;
      to_after = a;
    }
    const auto b = RingPos::distance(x, k);
    if (b != 0 && (!before || b < to_before)) {
      before = peer;
      to_before = b;
    }
  }
  if (!after || !before) return plain;
  // A small overlay links (nearly) every peer (link_small_overlay()): the guess is then right
  // whatever the gap, and gaps of several times our local spacing are common among 50 peers.
  const auto spacing = RingPos::distance(self, RingPos::of(succ.back())) / succ.size();
  if (!(linked_overlay_estimate_ > 0 && small_overlay_estimate()) && to_before / 8 + to_after / 8 > spacing)
    return plain;
  return {msg::Destination{*after}, msg::Destination{resource}};
}

Node::RouteResult Node::route(msg::ForwardingHeader header, base::BytesView whole, std::size_t header_size,
                              const std::optional<NodeId>& from, base::TimePoint now) {
  auto& dl = header.destination_list;
  const NodeId& prev = from ? *from : self_;
  while (true) {
    if (dl.empty()) {
      ++stats_.dropped_malformed;
      return RouteResult::dropped;
    }
    const auto& d = dl.front();
    if (const auto* n = std::get_if<NodeId>(&d.value)) {
      if (*n == self_ || n->is_wildcard()) {
        // s6.1.1: the wildcard is consumed here; our own id is popped while entries follow.
        if (dl.size() == 1 || n->is_wildcard()) {
          deliver(whole, header_size, prev, from ? link_to(*from) : std::nullopt, !from, now);
          return RouteResult::delivered;
        }
        dl.erase(dl.begin());
        continue;
      }
      if (peer_links_.contains(*n)) {
        NodeId next = *n;
        return forward(header, whole.subspan(header_size), from, next, whole, header_size, now);
      }
      // s6.1.1: a Node-ID we are responsible for that is not connected is dropped silently.
      if (state_ == NodeState::ready && table_.responsible_for(RingPos::of(*n)) && !table_.successors().empty()) {
        ++stats_.dropped_no_route;
        return RouteResult::dropped;
      }
      auto hop = table_.next_hop(RingPos::of(*n));
      if (!hop) {
        ++stats_.dropped_no_route;
        return RouteResult::no_route;
      }
      return forward(header, whole.subspan(header_size), from, *hop, whole, header_size, now);
    }
    if (const auto* r = std::get_if<reload::ResourceId>(&d.value)) {
      // s6.1.1: a Resource-ID must be the only entry left.
      if (dl.size() != 1) {
        ++stats_.dropped_malformed;
        return RouteResult::dropped;
      }
      if (state_ == NodeState::ready && table_.responsible_for(RingPos::of(*r))) {
        deliver(whole, header_size, prev, from ? link_to(*from) : std::nullopt, !from, now);
        return RouteResult::delivered;
      }
      auto hop = table_.next_hop(RingPos::of(*r));
      if (!hop) {
        ++stats_.dropped_no_route;
        return RouteResult::no_route;
      }
      return forward(header, whole.subspan(header_size), from, *hop, whole, header_size, now);
    }
    // Opaque ids (list compression, s6.1.3) are never issued by us, so none can be ours to expand.
    ++stats_.dropped_malformed;
    return RouteResult::dropped;
  }
}

Node::RouteResult Node::forward(msg::ForwardingHeader& header, base::BytesView rest, const std::optional<NodeId>& from,
                                const NodeId& next, base::BytesView whole, std::size_t header_size,
                                base::TimePoint now) {
  auto link = link_to(next);
  if (!link) {
    ++stats_.dropped_no_route;
    return RouteResult::no_route;
  }
  if (from) {
    // s6.3.2.3: no forwarding option type is defined yet, so one a forwarding peer must
    // understand (FORWARD_CRITICAL) cannot be honoured.
    for (const auto& o : header.options)
      if ((o.flags & msg::forward_critical) != 0) {
        if (is_request_code(whole, header_size))
          answer_error_raw(header, *from, msg::ErrorCode::unsupported_forwarding_option,
                           "unknown FORWARD_CRITICAL option", now);
        ++stats_.dropped_malformed;
        return RouteResult::dropped;
      }
    // s6.3.2: TTL 0 on a message not for us: do not forward, answer Error_TTL_Exceeded.
    if (header.ttl == 0) {
      ++stats_.dropped_ttl;
      if (is_request_code(whole, header_size))
        answer_error_raw(header, *from, msg::ErrorCode::ttl_exceeded, "TTL exhausted", now);
      return RouteResult::dropped;
    }
    header.ttl = static_cast<std::uint8_t>(header.ttl - 1);
    header.via_list.push_back(msg::Destination{*from});
    ++stats_.forwarded;
  }
  last_next_hop_ = next;
  auto encoded = msg::encode_as(header, config_.codec);
  if (!encoded) {
    ++stats_.dropped_malformed;
    return RouteResult::dropped;
  }
  base::Bytes out = std::move(*encoded);
  out.insert(out.end(), rest.begin(), rest.end());
  if (out.size() > config_.codec.limits.max_message_size) {
    ++stats_.dropped_malformed;
    return RouteResult::dropped;
  }
  // The length field covers the whole message (s6.3.2), which the Via List just grew.
  auto len = static_cast<std::uint32_t>(out.size());
  out[16] = static_cast<std::uint8_t>(len >> 24U);
  out[17] = static_cast<std::uint8_t>(len >> 16U);
  out[18] = static_cast<std::uint8_t>(len >> 8U);
  out[19] = static_cast<std::uint8_t>(len);
  ++stats_.messages_out;
  host_.send(*link, std::move(out));
  return RouteResult::forwarded;
}

bool Node::delivers_here(const std::vector<msg::Destination>& destination) const {
  // The same decisions as route() makes for a message we originate.
  for (std::size_t i = 0; i < destination.size(); ++i) {
    const auto& d = destination[i];
    if (const auto* n = std::get_if<NodeId>(&d.value)) {
      if (n->is_wildcard()) return true;
      if (*n != self_) return false;
      if (i + 1 == destination.size()) return true;
      continue;
    }
    if (const auto* r = std::get_if<reload::ResourceId>(&d.value))
      return i + 1 == destination.size() && state_ == NodeState::ready && table_.responsible_for(RingPos::of(*r));
    return false;
  }
  return false;
}

void Node::deliver(base::BytesView whole, std::size_t header_size, const NodeId& from, std::optional<LinkId> link,
                   bool own, base::TimePoint now) {
  auto m = msg::decode_message(whole, config_.codec);
  if (!m) {
    ++stats_.dropped_malformed;
    if (is_request_code(whole, header_size)) {
      if (auto h = msg::decode_forwarding_header(whole, config_.codec))
        answer_error_raw(h->header, from, msg::error_code_for(m.error().code), m.error().message(), now);
    }
    return;
  }
  base::result<security::PeerIdentity, std::error_code> signer = signer_.identity();
  if (!own) {
    // s6.3.4: the destination verifies the signature and drops the message when it fails.
    auto input = msg::message_signature_input(*m, config_.codec);
    if (!input) {
      ++stats_.dropped_malformed;
      return;
    }
    signer = verifier_.verify(m->security.signature, m->security.certificates, *input);
    if (!signer) {
      ++stats_.dropped_bad_signature;
      host_.log(LogLevel::info, fmt::format("dropped a message with a bad signature via {}: {}", from.to_hex(),
                                            signer.error().message()));
      return;
    }
  }
  ++stats_.delivered;
  auto code = m->contents.message_code;
  if (!msg::is_request(code)) {
    on_answer(*m, *signer, now);
    return;
  }
  IncomingRequest req{std::move(*m), std::move(*signer), link, from};
  if (auto it = answered_.find(req.message.header.transaction_id); it != answered_.end()) {
    // s6.2.1: a retransmitted request gets the same answer, not a second execution.
    ++stats_.duplicates_answered;
    resend_answer(it->second.message, now);
    return;
  }
  // s6.3.2.3, s6.3.3: options and extensions the destination must understand; we know none.
  for (const auto& o : req.message.header.options)
    if ((o.flags & msg::destination_critical) != 0) {
      answer_error(req, msg::ErrorCode::unsupported_forwarding_option, "unknown DESTINATION_CRITICAL option", now);
      return;
    }
  for (const auto& e : req.message.contents.extensions)
    if (e.critical) {
      answer_error(req, msg::ErrorCode::unknown_extension, "unknown critical message extension", now);
      return;
    }
  // s6.3.2.1: the destination checks the configuration sequence number.
  auto seq = req.message.header.configuration_sequence;
  if (seq != config_.config_sequence) {
    // Sequence numbers compare like TCP's (RFC 1982 arithmetic on 16 bits).
    auto diff = static_cast<std::int16_t>(static_cast<std::uint16_t>(seq - config_.config_sequence));
    answer_error(req, diff < 0 ? msg::ErrorCode::config_too_old : msg::ErrorCode::config_too_new,
                 "configuration sequence differs", now);
    return;
  }
  handle_request(req, now);
}

void Node::resend_answer(const base::Bytes& message, base::TimePoint now) {
  auto h = msg::decode_forwarding_header(message, config_.codec);
  if (!h) return;
  route(std::move(h->header), message, h->header_size, std::nullopt, now);
}

}  // namespace disco::overlay
