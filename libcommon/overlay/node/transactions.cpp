// Requests this node originates and the answers it sends (RFC 6940 s6.2, s6.3): transaction ids,
// end-to-end retransmission (s6.2.1), signing (s6.3.4) and Destination Lists for answers (s6.2.2).

#include <fmt/format.h>

#include <algorithm>

#include "libcommon/overlay/node/node.hpp"
#include "libcommon/reload/msg/signature_input.hpp"

namespace disco::overlay {

using reload::NodeId;
namespace msg = reload::msg;

base::result<base::Bytes, std::string> Node::build_message(msg::ForwardingHeader header, const msg::Body& body,
                                                           std::vector<msg::GenericCertificate> extra_certs,
                                                           bool sign) {
  msg::Message m;
  m.header = std::move(header);
  m.header.overlay = config_.overlay_hash;
  m.header.configuration_sequence = config_.config_sequence;
  auto encoded_body = msg::encode_body(body, config_.codec);
  if (!encoded_body) return base::failure{fmt::format("cannot encode the body: {}", encoded_body.error().message())};
  m.contents.message_code = body.code;
  m.contents.message_body = std::move(*encoded_body);
  if (sign) {
    auto input = msg::message_signature_input(m.header.overlay, m.header.transaction_id, m.contents, my_identity_,
                                              config_.codec);
    if (!input) return base::failure{fmt::format("cannot encode the signature input: {}", input.error().message())};
    m.security.signature = signer_.sign(*input);
  } else {
    m.security.signature.identity = my_identity_;
  }
  m.security.certificates.push_back(signer_.certificate());
  for (auto& c : extra_certs)
    if (std::find(m.security.certificates.begin(), m.security.certificates.end(), c) == m.security.certificates.end())
      m.security.certificates.push_back(std::move(c));
  auto bytes = msg::encode_message(m, config_.codec);
  if (!bytes) return base::failure{fmt::format("cannot encode the message: {}", bytes.error().message())};
  if (bytes->size() > config_.codec.limits.max_message_size)
    return base::failure{fmt::format("the message would be {} bytes, above max-message-size {} (s6.6)", bytes->size(),
                                     config_.codec.limits.max_message_size)};
  return std::move(*bytes);
}

bool Node::sign_message(base::Bytes& message) const {
  auto m = msg::decode_message(message, config_.codec);
  if (!m) return false;
  auto input = msg::message_signature_input(*m, config_.codec);
  if (!input) return false;
  m->security.signature = signer_.sign(*input);
  auto bytes = msg::encode_message(*m, config_.codec);
  if (!bytes || bytes->size() > config_.codec.limits.max_message_size) return false;
  message = std::move(*bytes);
  return true;
}

std::uint64_t Node::start_request(const msg::Body& body, std::vector<msg::Destination> destination, base::TimePoint now,
                                  std::function<void(const Outcome&)> done, std::optional<LinkId> first_hop,
                                  int max_transmissions, std::vector<msg::GenericCertificate> certificates) {
  msg::ForwardingHeader h;
  h.ttl = config_.initial_ttl;
  std::uint64_t txid = host_.random_u64();
  while (txid == 0 || pending_.contains(txid)) txid = host_.random_u64();
  h.transaction_id = txid;
  h.destination_list = destination;
  // A request to ourselves (e.g. a Fetch of a resource we are responsible for) is handled in
  // this process: signing it, and verifying that signature, would only cost time.
  const bool here = !first_hop && delivers_here(destination);
  auto bytes = build_message(std::move(h), body, std::move(certificates), /*sign=*/!here);
  if (!bytes) {
    Outcome o;
    o.status = OutcomeStatus::failed;
    o.detail = bytes.error();
    if (done) done(o);
    return 0;
  }
  Pending p;
  p.code = body.code;
  p.message = std::move(*bytes);
  p.destination = std::move(destination);
  p.first_hop = first_hop;
  p.is_signed = !here;
  p.started = now;
  p.deadline = now;
  p.max_transmissions = max_transmissions > 0 ? max_transmissions : config_.max_transmissions;
  p.done = std::move(done);
  auto [it, inserted] = pending_.emplace(txid, std::move(p));
  (void)inserted;
  transmit(txid, it->second, now);
  return txid;
}

void Node::transmit(std::uint64_t txid, Pending& p, base::TimePoint now) {
  ++p.transmissions;
  p.deadline = now + config_.reliability_timer;
  if (p.transmissions > 1) ++stats_.retransmissions;
  // The ring may have changed since the first transmission went to ourselves.
  if (!p.is_signed && (p.first_hop || !delivers_here(p.destination))) {
    if (!sign_message(p.message)) return;  // cannot happen for bytes we built; times out if it does
    p.is_signed = true;
  }
  if (p.first_hop) {
    if (links_.contains(*p.first_hop)) {
      ++stats_.messages_out;
      host_.send(*p.first_hop, p.message);
    }
    return;
  }
  auto h = msg::decode_forwarding_header(p.message, config_.codec);
  if (!h) return;
  // The guessed peer did not answer in time (it may have left): let the ring route this time. The
  // signature does not cover the forwarding header (s6.3.4), so the bytes stay valid.
  if (p.guessed && p.transmissions > 1 && h->header.destination_list.size() > 1)
    h->header.destination_list.erase(h->header.destination_list.begin());
  last_next_hop_.reset();
  // route() may deliver locally and complete (and erase) this transaction: copy what we need.
  base::Bytes message = p.message;
  int transmissions = p.transmissions;
  auto result = route(std::move(h->header), message, h->header_size, std::nullopt, now);
  auto it = pending_.find(txid);
  if (it == pending_.end()) return;
  it->second.last_hop_peer = last_next_hop_;
  if (result == RouteResult::no_route && transmissions == 1 && peer_links_.empty()) {
    Outcome o;
    o.status = OutcomeStatus::no_route;
    o.detail = "this node is connected to no peer";
    auto done = std::move(it->second.done);
    pending_.erase(it);
    if (done) done(o);
  }
}

void Node::expire_transactions(base::TimePoint now) {
  std::vector<std::uint64_t> due;
  for (const auto& [txid, p] : pending_)
    if (p.deadline <= now) due.push_back(txid);
  for (auto txid : due) {
    auto it = pending_.find(txid);
    if (it == pending_.end()) continue;
    auto& p = it->second;
    // The first hop may have failed silently: have the liveness check probe it soon (s10.7.1).
    if (p.last_hop_peer)
      if (auto l = link_to(*p.last_hop_peer); l && links_.contains(*l)) {
        auto& link = links_[*l];
        if (now - link.last_heard < config_.liveness_timeout) link.last_heard = now - config_.liveness_timeout;
        next_liveness_ = std::min(next_liveness_, now);
      }
    if (p.transmissions < p.max_transmissions) {
      transmit(txid, p, now);
      continue;
    }
    ++stats_.transactions_timed_out;
    Outcome o;
    o.status = OutcomeStatus::timeout;
    o.transmissions = p.transmissions;
    o.rtt = now - p.started;
    o.detail = fmt::format("no answer after {} transmissions", p.transmissions);
    auto done = std::move(p.done);
    pending_.erase(it);
    if (done) done(o);
  }
}

void Node::on_answer(const msg::Message& m, const security::PeerIdentity& signer, base::TimePoint now) {
  auto it = pending_.find(m.header.transaction_id);
  if (it == pending_.end()) return;  // late duplicate or not ours
  auto& p = it->second;
  auto code = m.contents.message_code;
  if (code != msg::MessageCode::error && code != msg::answer_code(p.code)) return;
  // s6.3.4: an answer to a request sent to a Node-ID must be signed by that Node-ID.
  if (!p.destination.empty()) {
    if (const auto* n = std::get_if<NodeId>(&p.destination.back().value); n && !n->is_wildcard()) {
      if (!signer.has_node_id(*n)) {
        ++stats_.dropped_bad_signature;
        return;
      }
    }
  }
  auto body = msg::decode_body(m.contents, config_.codec);
  Outcome o;
  if (!body) {
    o.status = OutcomeStatus::failed;
    o.detail = fmt::format("undecodable answer: {}", body.error().message());
  } else {
    o.status = code == msg::MessageCode::error ? OutcomeStatus::error_response : OutcomeStatus::ok;
    o.answer = std::move(*body);
  }
  o.responder = signer.node_ids.empty() ? NodeId{} : signer.node_ids.front();
  o.certificates = m.security.certificates;
  // Forwarding peers append to the Via List of answers too, so its size counts the hops back.
  o.hops = o.responder == self_ ? 0 : m.header.via_list.size() + 1;
  o.rtt = now - p.started;
  o.transmissions = p.transmissions;
  auto done = std::move(p.done);
  pending_.erase(it);
  if (done) done(o);
}

void Node::answer(const IncomingRequest& req, const msg::Body& body, std::vector<msg::GenericCertificate> extra_certs,
                  base::TimePoint now) {
  msg::ForwardingHeader h;
  h.ttl = config_.initial_ttl;
  h.transaction_id = req.message.header.transaction_id;
  bool local = !req.link && req.previous_hop == self_;
  if (!local) {
    // s6.1.2, s6.2.2: [the peer it came from] + the reversed Via List.
    h.destination_list.push_back(msg::Destination{req.previous_hop});
    const auto& via = req.message.header.via_list;
    h.destination_list.insert(h.destination_list.end(), via.rbegin(), via.rend());
  } else {
    h.destination_list.push_back(msg::Destination{self_});
  }
  auto bytes = build_message(std::move(h), body, std::move(extra_certs), /*sign=*/!local);
  if (!bytes) {
    host_.log(
        LogLevel::warn,
        fmt::format(
            "cannot answer {}: {}",
            msg::message_code_name(static_cast<std::uint16_t>(req.message.contents.message_code)).value_or("request"),
            bytes.error()));
    if (body.code != msg::MessageCode::error) answer_error(req, msg::ErrorCode::response_too_large, bytes.error(), now);
    return;
  }
  answered_[req.message.header.transaction_id] = CachedAnswer{*bytes, now + config_.duplicate_window};
  answer_expiry_.emplace_back(now + config_.duplicate_window, req.message.header.transaction_id);
  if (local) {
    auto m = msg::decode_message(*bytes, config_.codec);
    if (m) on_answer(*m, signer_.identity(), now);
    return;
  }
  resend_answer(*bytes, now);
}

void Node::answer_error(const IncomingRequest& req, msg::ErrorCode code, std::string_view info, base::TimePoint now) {
  msg::ErrorResponse e;
  e.error_code = static_cast<std::uint16_t>(code);
  e.error_info.assign(info.begin(), info.end());
  answer(req, msg::Body{msg::MessageCode::error, e}, {}, now);
}

void Node::answer_error_raw(const msg::ForwardingHeader& request_header, const NodeId& from, msg::ErrorCode code,
                            std::string_view info, base::TimePoint now) {
  if (from == self_) return;
  msg::ForwardingHeader h;
  h.ttl = config_.initial_ttl;
  h.transaction_id = request_header.transaction_id;
  h.destination_list.push_back(msg::Destination{from});
  const auto& via = request_header.via_list;
  h.destination_list.insert(h.destination_list.end(), via.rbegin(), via.rend());
  msg::ErrorResponse e;
  e.error_code = static_cast<std::uint16_t>(code);
  e.error_info.assign(info.begin(), info.end());
  auto bytes = build_message(std::move(h), msg::Body{msg::MessageCode::error, e}, {});
  if (bytes) resend_answer(*bytes, now);
}

}  // namespace disco::overlay
