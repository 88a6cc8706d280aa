// Requests an application on this node starts (the control socket's operations).

#include <fmt/format.h>

#include "libcommon/overlay/node/node.hpp"
#include "libcommon/reload/msg/signature_input.hpp"

namespace disco::overlay {

namespace msg = reload::msg;

void Node::start_data_request(const msg::Body& body, const reload::ResourceId& resource, base::TimePoint now,
                              OutcomeHandler done) {
  auto destination = data_destination(resource);
  const bool guessed = destination.size() > 1;
  auto txid = start_request(body, std::move(destination), now, std::move(done));
  if (!guessed) return;
  ++stats_.direct_requests;
  // Set after the first transmission, which keeps the guess; a request answered at once is gone.
  if (auto it = pending_.find(txid); it != pending_.end()) it->second.guessed = true;
}

void Node::ping(msg::Destination to, base::TimePoint now, OutcomeHandler done) {
  last_event_ = now;
  start_request(msg::Body{msg::MessageCode::ping_req, msg::PingReq{}}, {std::move(to)}, now, std::move(done));
}

void Node::route_query(msg::Destination to, base::TimePoint now, OutcomeHandler done) {
  last_event_ = now;
  msg::RouteQueryReq q;
  q.destination = to;
  start_request(msg::Body{msg::MessageCode::route_query_req, q}, {std::move(to)}, now, std::move(done));
}

void Node::probe(msg::Destination to, std::vector<msg::ProbeInformationType> info, base::TimePoint now,
                 OutcomeHandler done) {
  last_event_ = now;
  start_request(msg::Body{msg::MessageCode::probe_req, msg::ProbeReq{std::move(info)}}, {std::move(to)}, now,
                std::move(done));
}

void Node::store(const reload::ResourceId& resource, msg::KindId kind, std::vector<ValueToStore> values,
                 std::uint64_t generation, base::TimePoint now, OutcomeHandler done) {
  last_event_ = now;
  const auto* def = kinds_.find(kind);
  if (def == nullptr) {
    Outcome o;
    o.status = OutcomeStatus::failed;
    o.detail = fmt::format("kind {} is not defined in this overlay", kind);
    if (done) done(o);
    return;
  }
  msg::StoreKindData kd;
  kd.kind = kind;
  kd.generation_counter = generation;
  std::vector<msg::StoredData> signed_values;
  std::uint64_t t = host_.unix_ms();
  for (auto& v : values) {
    msg::StoredData sd;
    sd.storage_time = t;
    sd.lifetime = v.lifetime_s != 0 ? v.lifetime_s : config_.default_lifetime_s;
    sd.value = std::move(v.value);
    if (sd.value.model() != def->model) {
      Outcome o;
      o.status = OutcomeStatus::failed;
      o.detail = fmt::format("kind {} keeps {} values", def->name,
                             def->model == msg::DataModel::single_value ? "single"
                             : def->model == msg::DataModel::array      ? "array"
                                                                        : "dictionary");
      if (done) done(o);
      return;
    }
    // s7.1: the signature covers the SignerIdentity, so that is filled in first.
    sd.signature.identity = my_identity_;
    auto input = msg::stored_data_signature_input(resource, kind, sd, config_.codec);
    if (!input) {
      Outcome o;
      o.status = OutcomeStatus::failed;
      o.detail = input.error().message();
      if (done) done(o);
      return;
    }
    sd.signature = signer_.sign(*input);
    signed_values.push_back(std::move(sd));
  }
  kd.values = std::move(signed_values);
  msg::StoreReq req;
  req.resource = resource;
  req.kind_data.push_back(std::move(kd));
  start_data_request(msg::Body{msg::MessageCode::store_req, std::move(req)}, resource, now, std::move(done));
}

void Node::fetch(msg::FetchReq request, base::TimePoint now, OutcomeHandler done) {
  last_event_ = now;
  auto resource = request.resource;
  start_data_request(msg::Body{msg::MessageCode::fetch_req, std::move(request)}, resource, now,
                     [this, resource, done = std::move(done)](const Outcome& o) {
                       if (!o.ok()) {
                         if (done) done(o);
                         return;
                       }
                       Outcome checked = o;
                       if (auto* ans = std::get_if<msg::FetchAns>(&checked.answer.value))
                         stats_.values_dropped_unverified += storage::drop_unverified(
                             *ans, resource, checked.certificates, kinds_, verifier_, config_.codec);
                       if (done) done(checked);
                     });
}

void Node::stat(msg::StatReq request, base::TimePoint now, OutcomeHandler done) {
  last_event_ = now;
  auto resource = request.resource;
  start_data_request(msg::Body{msg::MessageCode::stat_req, std::move(request)}, resource, now, std::move(done));
}

void Node::find(msg::FindReq request, base::TimePoint now, OutcomeHandler done) {
  last_event_ = now;
  auto resource = request.resource;
  start_data_request(msg::Body{msg::MessageCode::find_req, std::move(request)}, resource, now, std::move(done));
}

}  // namespace disco::overlay
