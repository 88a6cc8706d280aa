#include "libcommon/storage/data_store.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <utility>

#include "libcommon/reload/msg/codec.hpp"
#include "libcommon/storage/access_policy.hpp"
#include "libcommon/storage/data_store_state.hpp"
#include "libcommon/storage/share_policy.hpp"
#include "libcommon/storage/value_check.hpp"

namespace disco::storage {

namespace msg = reload::msg;
using base::Bytes;

// ---- helpers shared with data_store_read.cpp and snapshot.cpp ----

Bytes array_slot(std::uint32_t index) {
  return {static_cast<std::uint8_t>(index >> 24), static_cast<std::uint8_t>(index >> 16),
          static_cast<std::uint8_t>(index >> 8), static_cast<std::uint8_t>(index)};
}

std::uint32_t array_index(const Bytes& slot) {
  std::uint32_t v = 0;
  for (auto b : slot) v = (v << 8) | b;
  return v;
}

Bytes slot_of(const msg::StoredDataValue& value) {
  if (const auto* a = std::get_if<msg::ArrayEntry>(&value.value)) return array_slot(a->index);
  if (const auto* d = std::get_if<msg::DictionaryEntry>(&value.value)) return d->key;
  return {};
}

bool is_live(const Held& held, base::TimePoint now) { return held.expires > now; }

std::uint32_t remaining_seconds(base::TimePoint expires, base::TimePoint now) {
  if (expires <= now) return 0;
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(expires - now).count();
  return static_cast<std::uint32_t>(std::min<std::int64_t>(s, 0xffffffff));
}

msg::StoredData synthesized_value(msg::DataModel model, std::uint32_t index, const Bytes& key) {
  msg::StoredData out;
  switch (model) {
    case msg::DataModel::single_value: out.value.value = msg::DataValue{}; break;
    case msg::DataModel::array: out.value.value = msg::ArrayEntry{index, {}}; break;
    case msg::DataModel::dictionary: out.value.value = msg::DictionaryEntry{key, {}}; break;
  }
  out.signature.algorithm = {msg::hash_algorithm::none, msg::signature_algorithm::anonymous};
  out.signature.identity.value = msg::NoSignerIdentity{};
  return out;
}

// ---- Impl ----

void DataStore::Impl::retain(const Bytes& identity, const Sha256& digest, const msg::GenericCertificate& cert) {
  auto [c, fresh_cert] = certs.try_emplace(digest);
  if (fresh_cert) c->second.cert = cert;
  ++c->second.refs;
  auto [i, fresh_identity] = identities.try_emplace(identity);
  if (fresh_identity) i->second.cert = digest;
  ++i->second.refs;
}

void DataStore::Impl::release(const Held& held) {
  if (auto c = certs.find(held.cert); c != certs.end() && --c->second.refs == 0) certs.erase(c);
  if (auto i = identities.find(held.identity); i != identities.end() && --i->second.refs == 0) identities.erase(i);
}

const msg::GenericCertificate* DataStore::Impl::certificate(const Sha256& digest) const {
  auto it = certs.find(digest);
  return it == certs.end() ? nullptr : &it->second.cert;
}

void DataStore::Impl::put(const reload::ResourceId& resource, msg::KindId kind, KindState& state, const Bytes& slot,
                          Held held, const msg::GenericCertificate& cert) {
  retain(held.identity, held.cert, cert);  // before release: old and new may share the certificate
  auto it = state.values.find(slot);
  if (it != state.values.end()) {
    expiries.erase(ExpiryKey{it->second.expires, resource, kind, slot});
    release(it->second);
    it->second = std::move(held);
  } else {
    it = state.values.emplace(slot, std::move(held)).first;
    ++values;
  }
  expiries.insert(ExpiryKey{it->second.expires, resource, kind, slot});
}

void DataStore::Impl::drop(const reload::ResourceId& resource, msg::KindId kind, KindState& state,
                           std::map<Bytes, Held>::iterator it) {
  expiries.erase(ExpiryKey{it->second.expires, resource, kind, it->first});
  release(it->second);
  state.values.erase(it);
  --values;
}

void DataStore::Impl::remove_if_empty(const reload::ResourceId& resource) {
  auto r = resources.find(resource);
  if (r == resources.end()) return;
  // A kind without values is forgotten with its generation counter: the next store starts again
  // from 1, as for a kind never stored.
  std::erase_if(r->second, [](const auto& k) { return k.second.values.empty(); });
  if (r->second.empty()) resources.erase(r);
}

void DataStore::Impl::purge(const reload::ResourceId& resource, base::TimePoint now) {
  auto r = resources.find(resource);
  if (r == resources.end()) return;
  // Every held value has its entry in `expiries` (ordered by expiry time), so the expired ones are
  // its head: walking that costs O(expired values), where walking the resource cost O(values held)
  // on every store and merge (a resource may hold max-count values, 1000s).
  for (auto it = expiries.begin(); it != expiries.end() && it->at <= now;) {
    const ExpiryKey key = *it;
    ++it;  // drop() erases `key`'s entry
    if (key.resource != resource) continue;
    auto k = r->second.find(key.kind);
    if (k == r->second.end()) continue;
    if (auto v = k->second.values.find(key.slot); v != k->second.values.end()) drop(resource, key.kind, k->second, v);
  }
  remove_if_empty(resource);
}

void DataStore::Impl::clear() {
  resources.clear();
  certs.clear();
  identities.clear();
  expiries.clear();
  values = 0;
}

// ---- DataStore ----

DataStore::DataStore(const KindRegistry& kinds, const security::Verifier& verifier, msg::CodecContext ctx)
    : impl_(std::make_unique<Impl>(kinds, verifier, std::move(ctx))) {}
DataStore::~DataStore() = default;
DataStore::DataStore(DataStore&&) noexcept = default;
DataStore& DataStore::operator=(DataStore&&) noexcept = default;

namespace {

StoreError error(msg::ErrorCode code, std::string info) {
  StoreError e;
  e.code = code;
  e.info = std::move(info);
  return e;
}

std::size_t limit_of(const KindDefinition& kind) { return kind.max_count != 0 ? kind.max_count : default_max_values; }

bool too_large(const KindDefinition& kind, const msg::StoredDataValue& value) {
  if (kind.max_size == 0) return false;
  const msg::DataValue* v = std::visit(
      [](const auto& entry) -> const msg::DataValue* {
        if constexpr (std::is_same_v<std::decay_t<decltype(entry)>, msg::DataValue>) {
          return &entry;
        } else {
          return &entry.value;
        }
      },
      value.value);
  return v->value.size() > kind.max_size;
}

// The certificate to retain for a verified signer: the message's entry for it (keeps its type),
// else an X.509 one made of the DER the verifier returned.
msg::GenericCertificate certificate_of(const security::PeerIdentity& signer,
                                       std::span<const msg::GenericCertificate> certificates) {
  for (const auto& c : certificates)
    if (c.certificate == signer.certificate_der) return c;
  return msg::GenericCertificate{0, signer.certificate_der};
}

Bytes encoded_identity(const msg::SignerIdentity& identity, const msg::CodecContext& ctx) {
  auto bytes = msg::encode_as(identity, ctx);
  return bytes ? std::move(*bytes) : Bytes{};
}

// The next index an append takes: one past the last value held or staged.
struct AppendCursor {
  std::uint64_t next = 0;
  void see(std::uint32_t index) { next = std::max<std::uint64_t>(next, std::uint64_t{index} + 1); }
};

struct Planned {
  msg::StoredData data;
  security::PeerIdentity signer;
  bool noop = false;  // identical to the value held: nothing to write
};

struct KindPlan {
  const msg::StoreKindData* request = nullptr;
  const KindDefinition* def = nullptr;
  std::vector<security::PeerIdentity> signers;  // per value, from the checks
  std::map<Bytes, Planned> staged;              // by slot, in the order values were processed
};

bool same_value(const msg::StoredData& a, const msg::StoredData& b) {
  return a.storage_time == b.storage_time && a.value == b.value && a.signature == b.signature;
}

// The user who signed the live value held at `slot`, if any (RFC 8076 s6.1 "signed by another Peer").
// (Templates over the store's state only because DataStore::Impl is a private name.)
template <class State>
std::optional<std::string> holder_of(const State& s, const reload::ResourceId& resource, msg::KindId kind,
                                     const Bytes& slot, base::TimePoint now) {
  auto r = s.resources.find(resource);
  if (r == s.resources.end()) return std::nullopt;
  auto k = r->second.find(kind);
  if (k == r->second.end()) return std::nullopt;
  auto h = k->second.values.find(slot);
  if (h == k->second.values.end() || !is_live(h->second, now)) return std::nullopt;
  const auto* cert = s.certificate(h->second.cert);
  if (cert == nullptr) return std::nullopt;
  auto identity = s.verifier->check_certificate(cert->certificate);  // cached by the verifier
  if (!identity) return std::nullopt;
  return identity->user;
}

// The ACL at `resource` as it will be after this request (RFC 8076 s6.4 "the most recent Access
// Control List"): the live items held, then the request's ACL values in order.
template <class State>
AclView acl_view(const State& s, const reload::ResourceId& resource, const std::vector<KindPlan>& plans,
                 base::TimePoint now) {
  const auto* acl_kind = s.kinds->find(msg::kinds::access_control_list);
  std::map<std::uint32_t, share::SignedAclItem> items;
  if (acl_kind == nullptr) return {};
  const auto add = [&](std::uint32_t index, const msg::DataValue& dv, std::string signer) {
    if (!dv.exists) {
      items.erase(index);
      return;
    }
    auto item = share::decode_acl_item(dv.value, acl_kind->variable_names);
    if (!item) return;
    items.insert_or_assign(index, share::SignedAclItem{index, std::move(*item), std::move(signer)});
  };
  if (auto r = s.resources.find(resource); r != s.resources.end()) {
    if (auto k = r->second.find(msg::kinds::access_control_list); k != r->second.end()) {
      for (const auto& [slot, held] : k->second.values) {
        const auto* entry = std::get_if<msg::ArrayEntry>(&held.data.value.value);
        if (entry == nullptr || !is_live(held, now) || !entry->value.exists) continue;
        auto user = holder_of(s, resource, msg::kinds::access_control_list, slot, now);
        if (user) add(entry->index, entry->value, std::move(*user));
      }
    }
  }
  for (const auto& plan : plans) {
    if (plan.def->id != msg::kinds::access_control_list) continue;
    const auto& values = std::get<std::vector<msg::StoredData>>(plan.request->values);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto* entry = std::get_if<msg::ArrayEntry>(&values[i].value.value);
      if (entry == nullptr || entry->index == msg::array_append_index) continue;
      add(entry->index, entry->value, plan.signers[i].user);
    }
  }
  AclView view;
  for (auto& [index, item] : items) {
    if (item.item.res_name_ext && overlay_hash(base::as_bytes(item.item.res_name_ext->resource_name)) == resource)
      view.names.push_back(item.item.res_name_ext->resource_name);
    view.items.push_back(std::move(item));
  }
  return view;
}

}  // namespace

base::result<msg::StoreAns, StoreError> DataStore::store(const msg::StoreReq& req,
                                                         std::span<const msg::GenericCertificate> certificates,
                                                         const security::PeerIdentity& request_signer,
                                                         base::TimePoint now) {
  auto& s = *impl_;
  // Kinds: each known, each once (s7.4.1.1). Unknown ones are all listed (s7.4.1.2).
  std::vector<KindPlan> plans;
  std::vector<msg::KindId> unknown;
  std::set<msg::KindId> seen;
  bool duplicate = false;
  for (const auto& kd : req.kind_data) {
    if (!seen.insert(kd.kind).second) duplicate = true;
    const auto* def = s.kinds->find(kd.kind);
    if (def == nullptr || msg::is_unknown_kind(kd.values)) {
      if (std::find(unknown.begin(), unknown.end(), kd.kind) == unknown.end() && unknown.size() < max_unknown_kinds)
        unknown.push_back(kd.kind);
      continue;
    }
    plans.push_back(KindPlan{&kd, def, {}, {}});
  }
  if (!unknown.empty()) {
    auto e = error(msg::ErrorCode::unknown_kind, "unknown kind");
    e.unknown_kinds = std::move(unknown);
    return base::failure{std::move(e)};
  }
  if (duplicate) return base::failure{error(msg::ErrorCode::invalid_message, "the same Kind-ID twice in a StoreReq")};

  // Cheap checks before any signature work.
  for (const auto& plan : plans) {
    const auto& values = std::get<std::vector<msg::StoredData>>(plan.request->values);
    if (req.replica_number > 0 && plan.request->generation_counter == 0)
      return base::failure{error(msg::ErrorCode::invalid_message, "replica store with generation counter 0")};
    if (values.size() > limit_of(*plan.def))
      return base::failure{error(msg::ErrorCode::data_too_large, "more values than the kind's max-count")};
    for (const auto& v : values) {
      if (v.model() != plan.def->model)
        return base::failure{error(msg::ErrorCode::invalid_message, "value does not match the kind's data model")};
      if (is_synthesized(v.signature))
        return base::failure{error(msg::ErrorCode::forbidden, "unsigned (synthesized) value")};
      if (too_large(*plan.def, v.value))
        return base::failure{error(msg::ErrorCode::data_too_large, "value larger than the kind's max-size")};
    }
  }

  // Signatures and access policy of every value and, for an original store, of the request (s7.3).
  for (const auto& plan : plans) s.ctx.kinds.set(plan.def->id, plan.def->model);
  for (auto& plan : plans) {
    for (const auto& v : std::get<std::vector<msg::StoredData>>(plan.request->values)) {
      auto signer = check_value(*plan.def, req.resource, v, certificates, *s.verifier, s.ctx);
      if (!signer) {
        return base::failure{error(msg::ErrorCode::forbidden, signer.error() == ValueFault::policy
                                                                  ? "value signer not allowed by the access policy"
                                                                  : "value signature does not verify")};
      }
      if (req.replica_number == 0 && !policy_allows(*plan.def, req.resource, request_signer, v.value))
        return base::failure{error(msg::ErrorCode::forbidden, "request signer not allowed by the access policy")};
      plan.signers.push_back(std::move(*signer));
    }
  }

  // RFC 8076 s6.4: every value of a USER-CHAIN-ACL kind against the most recent ACL. Only original
  // stores: a replica store repeats what the responsible peer already checked (s10.4), and its ACL
  // replica may still be on its way.
  if (req.replica_number == 0 && std::any_of(plans.begin(), plans.end(), [](const KindPlan& p) {
        return p.def->policy == AccessPolicy::user_chain_acl;
      })) {
    const auto view = acl_view(s, req.resource, plans, now);
    for (const auto& plan : plans) {
      if (plan.def->policy != AccessPolicy::user_chain_acl) continue;
      const auto& values = std::get<std::vector<msg::StoredData>>(plan.request->values);
      for (std::size_t i = 0; i < values.size(); ++i) {
        std::optional<std::string> previous;
        const auto* entry = std::get_if<msg::ArrayEntry>(&values[i].value.value);
        if (entry == nullptr || entry->index != msg::array_append_index)
          previous = holder_of(s, req.resource, plan.def->id, slot_of(values[i].value), now);
        auto decision = chain_acl_allows(*plan.def, req.resource, plan.signers[i], values[i].value, view, previous);
        if (!decision.allowed) return base::failure{error(msg::ErrorCode::forbidden, std::move(decision.why))};
      }
    }
  }

  s.purge(req.resource, now);
  auto resource_it = s.resources.find(req.resource);
  auto current = [&](msg::KindId kind) -> const KindState* {
    if (resource_it == s.resources.end()) return nullptr;
    auto k = resource_it->second.find(kind);
    return k == resource_it->second.end() ? nullptr : &k->second;
  };

  // Generation counters of an original store (s7.4.1.1, s7.4.1.2): any mismatch fails the request.
  if (req.replica_number == 0) {
    bool mismatch = false;
    msg::StoreAns counters;
    for (const auto& plan : plans) {
      const auto* state = current(plan.request->kind);
      const std::uint64_t gen = state != nullptr ? state->generation : 0;
      if (plan.request->generation_counter != 0 && plan.request->generation_counter != gen) mismatch = true;
      counters.kind_responses.push_back({plan.request->kind, gen, {}});
    }
    if (mismatch) {
      auto e = error(msg::ErrorCode::generation_counter_too_low, "generation counter mismatch");
      e.current_counters = std::move(counters);
      return base::failure{std::move(e)};
    }
  }

  // Each value in turn against what it replaces, held or staged earlier in this request.
  for (auto& plan : plans) {
    const auto* state = current(plan.request->kind);
    AppendCursor cursor;
    if (state != nullptr && !state->values.empty() && plan.def->model == msg::DataModel::array)
      cursor.see(array_index(state->values.rbegin()->first));
    const auto& values = std::get<std::vector<msg::StoredData>>(plan.request->values);
    for (std::size_t i = 0; i < values.size(); ++i) {
      msg::StoredData data = values[i];
      if (auto* entry = std::get_if<msg::ArrayEntry>(&data.value.value)) {
        if (entry->index == msg::array_append_index) {
          if (cursor.next >= msg::array_append_index)
            return base::failure{error(msg::ErrorCode::data_too_large, "array is full")};
          entry->index = static_cast<std::uint32_t>(cursor.next);
        }
        cursor.see(entry->index);
      }
      auto slot = slot_of(data.value);
      const msg::StoredData* previous = nullptr;
      if (auto st = plan.staged.find(slot); st != plan.staged.end()) {
        previous = &st->second.data;
      } else if (state != nullptr) {
        if (auto h = state->values.find(slot); h != state->values.end()) previous = &h->second.data;
      }
      bool noop = false;
      if (previous != nullptr) {
        if (data.storage_time < previous->storage_time ||
            (data.storage_time == previous->storage_time && !same_value(data, *previous))) {
          return base::failure{error(msg::ErrorCode::data_too_old, "storage_time not newer than the stored value")};
        }
        noop = data.storage_time == previous->storage_time;
      }
      auto [staged, fresh] = plan.staged.try_emplace(std::move(slot));
      // An identical retransmission stays a no-op only if nothing earlier in the request changed the slot.
      staged->second.noop = noop && (fresh || staged->second.noop);
      staged->second.data = std::move(data);
      staged->second.signer = plan.signers[i];
    }
    // max-count (s11.1) on the result.
    std::size_t count = state != nullptr ? state->values.size() : 0;
    for (const auto& [slot, p] : plan.staged)
      if (state == nullptr || !state->values.contains(slot)) ++count;
    if (count > limit_of(*plan.def))
      return base::failure{error(msg::ErrorCode::data_too_large, "more values than the kind's max-count")};
  }

  // Commit.
  msg::StoreAns answer;
  for (auto& plan : plans) {
    const auto kind = plan.request->kind;
    const bool changed =
        std::any_of(plan.staged.begin(), plan.staged.end(), [](const auto& p) { return !p.second.noop; });
    if (!changed && current(kind) == nullptr) {
      answer.kind_responses.push_back({kind, 0, {}});
      continue;
    }
    auto& state = s.resources[req.resource][kind];
    resource_it = s.resources.find(req.resource);
    state.model = plan.def->model;
    for (auto& [slot, p] : plan.staged) {
      if (p.noop) continue;
      Held held;
      held.expires = now + std::chrono::seconds(p.data.lifetime);
      held.cert = sha256(p.signer.certificate_der);
      held.identity = encoded_identity(p.data.signature.identity, s.ctx);
      held.data = std::move(p.data);
      s.put(req.resource, kind, state, slot, std::move(held), certificate_of(p.signer, certificates));
    }
    if (req.replica_number > 0) {
      state.generation = plan.request->generation_counter;  // s7.4.1.1: replicas copy the counter
    } else if (changed) {
      ++state.generation;  // by 1 per kind per request, so >= 1 once anything is stored
    }
    answer.kind_responses.push_back({kind, state.generation, {}});
  }
  // Values stored with lifetime 0 are already gone.
  s.purge(req.resource, now);
  return answer;
}

DataStore::MergeResult DataStore::merge(const msg::StoreReq& req, std::span<const msg::GenericCertificate> certificates,
                                        base::TimePoint now) {
  auto& s = *impl_;
  MergeResult result;
  s.purge(req.resource, now);
  std::set<msg::KindId> seen;
  for (const auto& kd : req.kind_data) {
    const auto* def = s.kinds->find(kd.kind);
    if (def == nullptr || msg::is_unknown_kind(kd.values) || !seen.insert(kd.kind).second) {
      if (const auto* typed = std::get_if<std::vector<msg::StoredData>>(&kd.values)) {
        result.rejected += typed->size();
      } else {
        ++result.rejected;  // values we cannot even count
      }
      continue;
    }
    s.ctx.kinds.set(def->id, def->model);
    auto& state = s.resources[req.resource][kd.kind];
    state.model = def->model;
    AppendCursor cursor;
    if (!state.values.empty() && def->model == msg::DataModel::array)
      cursor.see(array_index(state.values.rbegin()->first));
    bool accepted_any = false;
    for (const auto& value : std::get<std::vector<msg::StoredData>>(kd.values)) {
      if (value.model() != def->model || too_large(*def, value.value)) {
        ++result.rejected;
        continue;
      }
      // A value no newer than the one held changes nothing (s7.4.1.4), whoever signed it, so it is
      // skipped before its signature check: an anti-entropy or hand-over push of a resource we
      // already hold then costs no ECDSA/RSA verification per value. (Appends take a fresh index.)
      if (const auto* entry = std::get_if<msg::ArrayEntry>(&value.value.value);
          entry == nullptr || entry->index != msg::array_append_index) {
        auto held = state.values.find(slot_of(value.value));
        if (held != state.values.end() && held->second.data.storage_time >= value.storage_time) {
          ++result.superseded;
          continue;
        }
      }
      auto signer = check_value(*def, req.resource, value, certificates, *s.verifier, s.ctx);
      if (!signer) {
        ++result.rejected;
        continue;
      }
      msg::StoredData data = value;
      if (auto* entry = std::get_if<msg::ArrayEntry>(&data.value.value)) {
        if (entry->index == msg::array_append_index) {
          if (cursor.next >= msg::array_append_index) {
            ++result.rejected;
            continue;
          }
          entry->index = static_cast<std::uint32_t>(cursor.next);
        }
        cursor.see(entry->index);
      }
      const auto slot = slot_of(data.value);
      auto held = state.values.find(slot);
      // s7.4.1.4: as if stored in storage_time order, so only a newer value replaces.
      if (held != state.values.end() && held->second.data.storage_time >= data.storage_time) {
        ++result.superseded;
        continue;
      }
      if (held == state.values.end() && state.values.size() >= limit_of(*def)) {
        ++result.rejected;
        continue;
      }
      Held h;
      h.expires = now + std::chrono::seconds(data.lifetime);
      h.cert = sha256(signer->certificate_der);
      h.identity = encoded_identity(data.signature.identity, s.ctx);
      h.data = std::move(data);
      s.put(req.resource, kd.kind, state, slot, std::move(h), certificate_of(*signer, certificates));
      ++result.accepted;
      accepted_any = true;
    }
    if (accepted_any || !state.values.empty())
      state.generation = std::max({state.generation, kd.generation_counter, std::uint64_t{1}});
  }
  s.purge(req.resource, now);
  s.remove_if_empty(req.resource);
  return result;
}

std::vector<reload::ResourceId> DataStore::resources() const {
  std::vector<reload::ResourceId> out;
  out.reserve(impl_->resources.size());
  for (const auto& [id, state] : impl_->resources) out.push_back(id);
  return out;
}

bool DataStore::contains(const reload::ResourceId& id) const { return impl_->resources.contains(id); }

void DataStore::erase(const reload::ResourceId& id) {
  auto& s = *impl_;
  auto r = s.resources.find(id);
  if (r == s.resources.end()) return;
  for (auto& [kind, state] : r->second)
    while (!state.values.empty()) s.drop(id, kind, state, state.values.begin());
  s.resources.erase(r);
}

void DataStore::expire(base::TimePoint now) {
  auto& s = *impl_;
  while (!s.expiries.empty() && s.expiries.begin()->at <= now) {
    const ExpiryKey key = *s.expiries.begin();
    auto r = s.resources.find(key.resource);
    auto k = r->second.find(key.kind);
    s.drop(key.resource, key.kind, k->second, k->second.values.find(key.slot));
    s.remove_if_empty(key.resource);
  }
}

std::optional<base::TimePoint> DataStore::next_expiry() const {
  if (impl_->expiries.empty()) return std::nullopt;
  return impl_->expiries.begin()->at;
}

std::size_t DataStore::value_count() const { return impl_->values; }
std::size_t DataStore::resource_count() const { return impl_->resources.size(); }

}  // namespace disco::storage
