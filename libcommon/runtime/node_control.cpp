#include "libcommon/runtime/node_control.hpp"

#include <fmt/format.h>

#include "libcommon/control/args.hpp"
#include "libcommon/storage/digest.hpp"
#include "libcommon/storage/signer_of.hpp"

namespace disco::runtime {

using nlohmann::json;
using reload::NodeId;
namespace msg = reload::msg;
using control::ErrorCode;

namespace {

json hex_list(const std::vector<NodeId>& ids) {
  json a = json::array();
  for (const auto& n : ids) a.push_back(n.to_hex());
  return a;
}

std::int64_t ms(base::Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }
std::int64_t us(base::Duration d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); }

bool printable_utf8(const base::Bytes& b) {
  // Text keys and values are shown as text; anything else only as hex.
  for (auto c : b)
    if (c < 0x20 || c == 0x7f) return false;
  try {
    (void)json(std::string(b.begin(), b.end())).dump();
  } catch (const json::exception&) {
    return false;
  }
  return true;
}

void put_bytes(json& o, const char* name, const base::Bytes& b) {
  if (printable_utf8(b)) o[name] = std::string(b.begin(), b.end());
  o[std::string(name) + "_hex"] = base::to_hex(b);
}

reload::ResourceId resource_of(const std::optional<std::string>& name, const std::optional<base::Bytes>& id) {
  if (id) return reload::ResourceId{*id};
  // CHORD-RELOAD's hash (s10.2): SHA-1 cut to 128 bits.
  return storage::overlay_hash(base::BytesView(reinterpret_cast<const std::uint8_t*>(name->data()), name->size()));
}

const storage::KindDefinition* kind_of(const storage::KindRegistry& kinds, const control::KindRef& ref) {
  if (const auto* id = std::get_if<std::uint32_t>(&ref)) return kinds.find(*id);
  return kinds.find(std::get<std::string>(ref));
}

// How an outcome that is not an answer of the right type becomes a control error.
control::ControlError error_of(const overlay::Outcome& o) {
  switch (o.status) {
    case overlay::OutcomeStatus::timeout: return {ErrorCode::timeout, o.detail};
    case overlay::OutcomeStatus::no_route: return {ErrorCode::unreachable, o.detail};
    case overlay::OutcomeStatus::failed: return {ErrorCode::bad_request, o.detail};
    case overlay::OutcomeStatus::ok: return {ErrorCode::internal, "unexpected answer type"};
    case overlay::OutcomeStatus::error_response: break;
  }
  const auto* e = std::get_if<msg::ErrorResponse>(&o.answer.value);
  if (e == nullptr) return {ErrorCode::internal, "error without body"};
  std::string name(msg::error_code_name(e->error_code).value_or("Error_Unknown"));
  std::string info(e->error_info.begin(), e->error_info.end());
  if (!printable_utf8(e->error_info)) info = base::to_hex(e->error_info);
  std::string text = fmt::format("{} from {}{}{}", name, o.responder.to_hex(), info.empty() ? "" : ": ", info);
  switch (static_cast<msg::ErrorCode>(e->error_code)) {
    case msg::ErrorCode::forbidden: return {ErrorCode::forbidden, text};
    case msg::ErrorCode::not_found: return {ErrorCode::not_found, text};
    case msg::ErrorCode::request_timeout: return {ErrorCode::timeout, text};
    default: return {ErrorCode::refused, text};
  }
}

json route_info(const overlay::Outcome& o) {
  return json{{"node_id", o.responder.to_hex()},
              {"rtt_ms", ms(o.rtt)},
              {"rtt_us", us(o.rtt)},
              {"hops", o.hops},
              {"transmissions", o.transmissions}};
}

msg::Destination destination_of(const control::Destination& d) {
  msg::Destination out;
  if (d.node_id)
    out.value = *d.node_id;
  else
    out.value = resource_of(d.resource, d.resource_id);
  return out;
}

json value_json(const msg::StoredData& sd) {
  json v;
  const msg::DataValue* dv = nullptr;
  if (const auto* s = std::get_if<msg::DataValue>(&sd.value.value)) {
    dv = s;
  } else if (const auto* a = std::get_if<msg::ArrayEntry>(&sd.value.value)) {
    v["index"] = a->index;
    dv = &a->value;
  } else if (const auto* d = std::get_if<msg::DictionaryEntry>(&sd.value.value)) {
    put_bytes(v, "key", d->key);
    dv = &d->value;
  }
  v["exists"] = dv->exists;
  if (dv->exists) put_bytes(v, "value", dv->value);
  v["storage_time_ms"] = sd.storage_time;
  v["lifetime_s"] = sd.lifetime;
  return v;
}

msg::StoredDataSpecifier specifier_of(const storage::KindDefinition& kind, const control::FetchArgs& a) {
  msg::StoredDataSpecifier s;
  s.kind = kind.id;
  s.generation = a.generation.value_or(0);
  switch (kind.model) {
    case msg::DataModel::single_value: s.model_specifier = msg::SingleValueSpecifier{}; break;
    case msg::DataModel::array: {
      msg::ArraySpecifier as;
      for (const auto& r : a.indices) as.indices.push_back(msg::ArrayRange{r.first, r.last});
      if (as.indices.empty()) as.indices.push_back(msg::ArrayRange{0, 0xffffffff});  // s7.4.2.1: to the last
      s.model_specifier = as;
      break;
    }
    case msg::DataModel::dictionary: s.model_specifier = msg::DictionarySpecifier{a.keys}; break;
  }
  return s;
}

}  // namespace

NodeControl::NodeControl(overlay::Node& node, const storage::KindRegistry& kinds, Hooks hooks)
    : node_(node), kinds_(kinds), hooks_(std::move(hooks)) {}

void NodeControl::handle(const control::Request& request, const net::ControlReply& reply) {
  auto now = hooks_.now();
  auto fail = [&](const control::ControlError& e) { reply(base::failure{e}); };
  using control::Op;
  switch (request.op) {
    case Op::status:
      if (auto a = control::parse_no_args(request.op, request.args); !a) return fail(a.error());
      return reply.ok(status_json(node_, now));
    case Op::fingers:
      if (auto a = control::parse_no_args(request.op, request.args); !a) return fail(a.error());
      return reply.ok(fingers_json(node_));
    case Op::successors:
      if (auto a = control::parse_no_args(request.op, request.args); !a) return fail(a.error());
      return reply.ok(successors_json(node_));
    case Op::stored:
      if (auto a = control::parse_no_args(request.op, request.args); !a) return fail(a.error());
      return reply.ok(stored_json(node_, kinds_, now));
    case Op::ping: {
      auto a = control::parse_ping_args(request.args);
      if (!a) return fail(a.error());
      node_.ping(destination_of(a->destination), now, [reply](const overlay::Outcome& o) {
        const auto* p = std::get_if<msg::PingAns>(&o.answer.value);
        if (!o.ok() || p == nullptr) return reply(base::failure{error_of(o)});
        auto j = route_info(o);
        j["time_ms"] = p->time;
        j["response_id"] = fmt::format("{:016x}", p->response_id);
        reply.ok(j);
      });
      break;
    }
    case Op::route: {
      auto a = control::parse_route_args(request.args);
      if (!a) return fail(a.error());
      node_.route_query(destination_of(a->destination), now, [reply](const overlay::Outcome& o) {
        const auto* r = std::get_if<msg::ChordRouteQueryAns>(&o.answer.value);
        if (!o.ok() || r == nullptr) return reply(base::failure{error_of(o)});
        auto j = route_info(o);
        j["next_peer"] = r->next_peer.to_hex();
        reply.ok(j);
      });
      break;
    }
    case Op::store: {
      auto a = control::parse_store_args(request.args);
      if (!a) return fail(a.error());
      const auto* kind = kind_of(kinds_, a->kind);
      if (kind == nullptr)
        return fail({ErrorCode::bad_request, fmt::format("kind {} is not defined in this overlay's configuration",
                                                         control::to_string(a->kind))});
      msg::DataValue dv{a->exists, a->exists ? a->value : base::Bytes{}};
      overlay::ValueToStore v;
      v.lifetime_s = a->lifetime_s.value_or(0);
      switch (kind->model) {
        case msg::DataModel::single_value:
          if (a->key || a->index)
            return fail({ErrorCode::bad_request, kind->name + " keeps a single value: no key or index"});
          v.value.value = dv;
          break;
        case msg::DataModel::array:
          if (a->key) return fail({ErrorCode::bad_request, kind->name + " is an array kind: give an index, not a key"});
          v.value.value = msg::ArrayEntry{a->index.value_or(msg::array_append_index), dv};
          break;
        case msg::DataModel::dictionary:
          if (!a->key) return fail({ErrorCode::bad_request, kind->name + " is a dictionary kind: give a key"});
          v.value.value = msg::DictionaryEntry{*a->key, dv};
          break;
      }
      auto resource = resource_of(a->resource, a->resource_id);
      auto kind_id = kind->id;
      node_.store(resource, kind_id, {v}, 0, now, [reply, resource, kind_id](const overlay::Outcome& o) {
        const auto* s = std::get_if<msg::StoreAns>(&o.answer.value);
        if (!o.ok() || s == nullptr) return reply(base::failure{error_of(o)});
        auto j = route_info(o);
        j["resource_id"] = resource.to_hex();
        j["kind"] = kind_id;
        for (const auto& kr : s->kind_responses)
          if (kr.kind == kind_id) {
            j["generation"] = kr.generation_counter;
            j["replicas"] = hex_list(kr.replicas);
          }
        reply.ok(j);
      });
      break;
    }
    case Op::fetch:
    case Op::stat: {
      auto a = control::parse_fetch_args(request.args);
      if (!a) return fail(a.error());
      const auto* kind = kind_of(kinds_, a->kind);
      if (kind == nullptr)
        return fail({ErrorCode::bad_request, fmt::format("kind {} is not defined in this overlay's configuration",
                                                         control::to_string(a->kind))});
      if (kind->model != msg::DataModel::dictionary && !a->keys.empty())
        return fail({ErrorCode::bad_request, kind->name + " is not a dictionary kind: no keys"});
      if (kind->model != msg::DataModel::array && !a->indices.empty())
        return fail({ErrorCode::bad_request, kind->name + " is not an array kind: no indices"});
      msg::FetchReq f;
      f.resource = resource_of(a->resource, a->resource_id);
      f.specifiers.push_back(specifier_of(*kind, *a));
      auto resource = f.resource;
      if (request.op == Op::fetch) {
        const auto* verifier = &node_.verifier();
        node_.fetch(std::move(f), now, [reply, resource, verifier](const overlay::Outcome& o) {
          const auto* fa = std::get_if<msg::FetchAns>(&o.answer.value);
          if (!o.ok() || fa == nullptr) return reply(base::failure{error_of(o)});
          auto j = route_info(o);
          j["resource_id"] = resource.to_hex();
          json values = json::array();
          for (const auto& kr : fa->kind_responses) {
            j["kind"] = kr.kind;
            j["generation"] = kr.generation;
            if (const auto* vs = std::get_if<std::vector<msg::StoredData>>(&kr.values))
              for (const auto& sd : *vs) {
                auto v = value_json(sd);
                // Who wrote it (RFC 8076 s6.5: an accessing peer walks the ACL with these).
                if (auto who = storage::signer_of(sd.signature, o.certificates, *verifier)) {
                  v["signer"] = who->user;
                  v["signer_node_id"] = who->node_ids.front().to_hex();
                }
                values.push_back(std::move(v));
              }
          }
          j["values"] = values;
          reply.ok(j);
        });
      } else {
        msg::StatReq s;
        s.resource = f.resource;
        s.specifiers = f.specifiers;
        node_.stat(std::move(s), now, [reply, resource](const overlay::Outcome& o) {
          const auto* sa = std::get_if<msg::StatAns>(&o.answer.value);
          if (!o.ok() || sa == nullptr) return reply(base::failure{error_of(o)});
          auto j = route_info(o);
          j["resource_id"] = resource.to_hex();
          json values = json::array();
          for (const auto& kr : sa->kind_responses) {
            j["kind"] = kr.kind;
            j["generation"] = kr.generation;
            if (const auto* vs = std::get_if<std::vector<msg::StoredMetaData>>(&kr.values))
              for (const auto& md : *vs) {
                json v;
                const msg::MetaData* m = nullptr;
                if (const auto* s1 = std::get_if<msg::MetaData>(&md.metadata.value)) m = s1;
                if (const auto* a1 = std::get_if<msg::ArrayEntryMeta>(&md.metadata.value)) {
                  v["index"] = a1->index;
                  m = &a1->value;
                }
                if (const auto* d1 = std::get_if<msg::DictionaryEntryMeta>(&md.metadata.value)) {
                  put_bytes(v, "key", d1->key);
                  m = &d1->value;
                }
                if (m != nullptr) {
                  v["exists"] = m->exists;
                  v["value_length"] = m->value_length;
                  v["hash_hex"] = base::to_hex(m->hash_value);
                }
                v["storage_time_ms"] = md.storage_time;
                v["lifetime_s"] = md.lifetime;
                values.push_back(v);
              }
          }
          j["values"] = values;
          reply.ok(j);
        });
      }
      break;
    }
    case Op::find: {
      auto a = control::parse_find_args(request.args);
      if (!a) return fail(a.error());
      msg::FindReq f;
      f.resource = resource_of(a->resource, a->resource_id);
      for (const auto& k : a->kinds) {
        const auto* kind = kind_of(kinds_, k);
        if (kind == nullptr)
          return fail({ErrorCode::bad_request,
                       fmt::format("kind {} is not defined in this overlay's configuration", control::to_string(k))});
        f.kinds.push_back(kind->id);
      }
      node_.find(std::move(f), now, [reply](const overlay::Outcome& o) {
        const auto* fa = std::get_if<msg::FindAns>(&o.answer.value);
        if (!o.ok() || fa == nullptr) return reply(base::failure{error_of(o)});
        auto j = route_info(o);
        json results = json::array();
        for (const auto& r : fa->results)
          results.push_back(json{{"kind", r.kind},
                                 {"resource_id", r.closest.bytes.empty() ? json(nullptr) : json(r.closest.to_hex())}});
        j["results"] = results;
        reply.ok(j);
      });
      break;
    }
    case Op::leave: {
      if (auto a = control::parse_leave_args(request.args); !a) return fail(a.error());
      auto left = hooks_.left;
      node_.leave(now, [reply, left]() {
        reply.ok(json{{"left", true}});
        if (left) left();
      });
      break;
    }
  }
  if (hooks_.after_event) hooks_.after_event();
}

json status_json(const overlay::Node& node, base::TimePoint now) {
  const auto& t = node.routing_table();
  const auto& s = node.stats();
  std::set<NodeId> fingers;
  for (const auto& f : t.fingers())
    if (f) fingers.insert(*f);
  json j{{"node_id", node.node_id().to_hex()},
         {"user", node.user()},
         {"overlay", node.config().overlay_name},
         {"state", std::string(overlay::to_string(node.state()))},
         {"uptime_s", std::chrono::duration_cast<std::chrono::seconds>(node.uptime(now)).count()},
         {"links", node.link_count()},
         {"linked_peers", node.linked_peer_count()},
         {"linked_ring_peers", node.linked_ring_peer_count()},
         {"successors", hex_list(t.successors())},
         {"predecessors", hex_list(t.predecessors())},
         {"fingers", fingers.size()},
         {"responsible_ppb", t.responsible_ppb()},
         {"resources", node.store_data().resource_count()},
         {"values", node.store_data().value_count()}};
  j["stats"] = json{{"messages_in", s.messages_in},
                    {"messages_out", s.messages_out},
                    {"forwarded", s.forwarded},
                    {"delivered", s.delivered},
                    {"dropped_malformed", s.dropped_malformed},
                    {"dropped_wrong_overlay", s.dropped_wrong_overlay},
                    {"dropped_loop", s.dropped_loop},
                    {"dropped_ttl", s.dropped_ttl},
                    {"dropped_bad_signature", s.dropped_bad_signature},
                    {"dropped_no_route", s.dropped_no_route},
                    {"dropped_fragment", s.dropped_fragment},
                    {"duplicates_answered", s.duplicates_answered},
                    {"retransmissions", s.retransmissions},
                    {"transactions_timed_out", s.transactions_timed_out},
                    {"values_dropped_unverified", s.values_dropped_unverified},
                    {"replica_pushes", s.replica_pushes},
                    {"peers_failed", s.peers_failed},
                    {"corrective_updates", s.corrective_updates},
                    {"successor_corrections", s.successor_corrections},
                    {"direct_requests", s.direct_requests}};
  return j;
}

json fingers_json(const overlay::Node& node) {
  const auto& t = node.routing_table();
  json a = json::array();
  for (std::size_t i = 1; i <= t.fingers().size(); ++i) {
    const auto& f = t.fingers()[i - 1];
    a.push_back(json{{"index", i}, {"start", t.finger_start(i).to_hex()}, {"node_id", f ? json(f->to_hex()) : json()}});
  }
  return json{{"node_id", node.node_id().to_hex()}, {"fingers", a}};
}

json successors_json(const overlay::Node& node) {
  const auto& t = node.routing_table();
  return json{{"node_id", node.node_id().to_hex()},
              {"successors", hex_list(t.successors())},
              {"predecessors", hex_list(t.predecessors())}};
}

json stored_json(const overlay::Node& node, const storage::KindRegistry& kinds, base::TimePoint now) {
  json resources = json::array();
  const auto& store = node.store_data();
  for (const auto& r : store.resources()) {
    json kinds_json = json::array();
    for (const auto& k : kinds.all()) {
      if (!store.holds_kind(r, k.id)) continue;
      msg::FetchReq f;
      f.resource = r;
      control::FetchArgs all;
      f.specifiers.push_back(specifier_of(k, all));
      auto a = store.fetch(f, now);
      std::size_t count = 0;
      std::uint64_t generation = 0;
      // Which values: dictionary keys (hex) or array indices, at most max_listed of them.
      constexpr std::size_t max_listed = 10000;
      json entries = json::array();
      if (a)
        for (const auto& kr : a->kind_responses) {
          generation = kr.generation;
          if (const auto* vs = std::get_if<std::vector<msg::StoredData>>(&kr.values))
            for (const auto& sd : *vs) {
              if (sd.signature.signature_value.empty()) continue;  // a synthesized gap
              ++count;
              if (entries.size() >= max_listed) continue;
              if (const auto* d = std::get_if<msg::DictionaryEntry>(&sd.value.value))
                entries.push_back(base::to_hex(d->key));
              else if (const auto* ae = std::get_if<msg::ArrayEntry>(&sd.value.value))
                entries.push_back(ae->index);
            }
        }
      json kj{{"kind", k.id}, {"name", k.name}, {"values", count}, {"generation", generation}};
      if (k.model == msg::DataModel::dictionary) kj["keys_hex"] = entries;
      if (k.model == msg::DataModel::array) kj["indices"] = entries;
      kinds_json.push_back(kj);
    }
    resources.push_back(json{{"resource_id", r.to_hex()}, {"kinds", kinds_json}});
  }
  return json{{"node_id", node.node_id().to_hex()}, {"resources", resources}};
}

}  // namespace disco::runtime
