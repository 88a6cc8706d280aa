// The read side of DataStore: Fetch (s7.4.2), Stat (s7.4.3) and export for replication (s10.4).
#include <algorithm>
#include <array>
#include <set>
#include <variant>

#include "libcommon/reload/msg/codec.hpp"
#include "libcommon/storage/data_store.hpp"
#include "libcommon/storage/data_store_state.hpp"

namespace disco::storage {

namespace msg = reload::msg;
using base::Bytes;

namespace {

StoreError error(msg::ErrorCode code, std::string info) {
  StoreError e;
  e.code = code;
  e.info = std::move(info);
  return e;
}

// One answered value: a live held value, or (held == nullptr) a synthesized exists=False one.
struct Pick {
  const Held* held = nullptr;
  std::uint32_t index = 0;
  Bytes key;
};

const KindState* kind_state(const std::map<reload::ResourceId, ResourceState>& resources,
                            const reload::ResourceId& resource, msg::KindId kind) {
  auto r = resources.find(resource);
  if (r == resources.end()) return nullptr;
  auto k = r->second.find(kind);
  return k == r->second.end() ? nullptr : &k->second;
}

const Held* live_at(const KindState* state, const Bytes& slot, base::TimePoint now) {
  if (state == nullptr) return nullptr;
  auto it = state->values.find(slot);
  return it != state->values.end() && is_live(it->second, now) ? &it->second : nullptr;
}

bool specifier_matches(const msg::StoredDataSpecifier& spec, msg::DataModel model) {
  switch (model) {
    case msg::DataModel::single_value: return std::holds_alternative<msg::SingleValueSpecifier>(spec.model_specifier);
    case msg::DataModel::array: return std::holds_alternative<msg::ArraySpecifier>(spec.model_specifier);
    case msg::DataModel::dictionary: return std::holds_alternative<msg::DictionarySpecifier>(spec.model_specifier);
  }
  return false;
}

// The values one specifier selects (s7.4.2.1, s7.4.2.2), counting against `budget`.
base::result<std::vector<Pick>, StoreError> select(const KindDefinition& def, const KindState* state,
                                                   const msg::StoredDataSpecifier& spec, base::TimePoint now,
                                                   std::size_t& budget) {
  std::vector<Pick> picks;
  auto take = [&](Pick p) {
    if (budget == 0) return false;
    --budget;
    picks.push_back(std::move(p));
    return true;
  };
  const auto too_large = [] { return base::failure{error(msg::ErrorCode::response_too_large, "answer too large")}; };

  switch (def.model) {
    case msg::DataModel::single_value:
      // A single value the node has no knowledge of is answered as exists=False too (s7.4.2.2).
      if (!take(Pick{live_at(state, {}, now), 0, {}})) return too_large();
      break;

    case msg::DataModel::array: {
      const auto& ranges = std::get<msg::ArraySpecifier>(spec.model_specifier).indices;
      auto sorted = ranges;
      std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (sorted[i].first > sorted[i].last)
          return base::failure{error(msg::ErrorCode::invalid_message, "ArrayRange first > last")};
        if (i > 0 && sorted[i].first <= sorted[i - 1].last)
          return base::failure{error(msg::ErrorCode::invalid_message, "overlapping ArrayRanges")};
      }
      // The array ends at its last live value; gaps before it are synthesized, nothing after it.
      std::optional<std::uint32_t> end;
      if (state != nullptr) {
        for (auto it = state->values.rbegin(); it != state->values.rend(); ++it) {
          if (is_live(it->second, now)) {
            end = array_index(it->first);
            break;
          }
        }
      }
      if (!end) break;
      if (def.policy == AccessPolicy::user_chain_acl) {
        // RFC 8076 s3.1 indices start at a writer's Node-ID bits, so a shared array is sparse by
        // construction (the first item may sit at 0xffffff00): only held values are answered, as
        // s6.5 expects when it reads the indexes off a Stat answer.
        for (const auto& range : ranges) {
          const std::uint32_t first = range.first == msg::array_last_index ? *end : range.first;
          const std::uint32_t last = std::min(range.last, *end);
          for (auto it = state->values.lower_bound(array_slot(first));
               it != state->values.end() && array_index(it->first) <= last; ++it) {
            if (is_live(it->second, now) && !take(Pick{&it->second, array_index(it->first), {}})) return too_large();
          }
        }
        break;
      }
      for (const auto& range : ranges) {
        const std::uint32_t first = range.first == msg::array_last_index ? *end : range.first;
        const std::uint32_t last = std::min(range.last, *end);
        for (std::uint64_t i = first; i <= last; ++i) {
          const auto index = static_cast<std::uint32_t>(i);
          if (!take(Pick{live_at(state, array_slot(index), now), index, {}})) return too_large();
        }
      }
      break;
    }

    case msg::DataModel::dictionary: {
      const auto& keys = std::get<msg::DictionarySpecifier>(spec.model_specifier).keys;
      if (keys.empty()) {  // wildcard: every key held
        if (state == nullptr) break;
        for (const auto& [slot, held] : state->values)
          if (is_live(held, now) && !take(Pick{&held, 0, slot})) return too_large();
      } else {
        for (const auto& key : keys)
          if (!take(Pick{live_at(state, key, now), 0, key})) return too_large();
      }
      break;
    }
  }
  return picks;
}

// Checks every specifier's kind; Error_Unknown_Kind lists all unknown ones (s7.4.1.2, s7.4.2.1).
base::result<std::vector<const KindDefinition*>, StoreError> resolve_kinds(
    const KindRegistry& kinds, const std::vector<msg::StoredDataSpecifier>& specifiers) {
  std::vector<const KindDefinition*> defs;
  std::vector<msg::KindId> unknown;
  for (const auto& spec : specifiers) {
    const auto* def = kinds.find(spec.kind);
    if (def == nullptr || spec.is_unknown_kind()) {
      if (std::find(unknown.begin(), unknown.end(), spec.kind) == unknown.end() && unknown.size() < max_unknown_kinds)
        unknown.push_back(spec.kind);
      continue;
    }
    if (!specifier_matches(spec, def->model))
      return base::failure{error(msg::ErrorCode::invalid_message, "specifier does not match the kind's data model")};
    defs.push_back(def);
  }
  if (!unknown.empty()) {
    auto e = error(msg::ErrorCode::unknown_kind, "unknown kind");
    e.unknown_kinds = std::move(unknown);
    return base::failure{std::move(e)};
  }
  return defs;
}

msg::StoredData answered(const KindDefinition& def, const Pick& pick, base::TimePoint now) {
  if (pick.held == nullptr) return synthesized_value(def.model, pick.index, pick.key);
  msg::StoredData out = pick.held->data;
  out.lifetime = remaining_seconds(pick.held->expires, now);
  return out;
}

const msg::DataValue& data_value(const msg::StoredDataValue& v) {
  return std::visit(
      [](const auto& entry) -> const msg::DataValue& {
        if constexpr (std::is_same_v<std::decay_t<decltype(entry)>, msg::DataValue>) {
          return entry;
        } else {
          return entry.value;
        }
      },
      v.value);
}

// s7.4.3.2: SHA-256 over the value with its 4-byte length prefix.
msg::MetaData metadata(const msg::DataValue& v) {
  const auto n = static_cast<std::uint32_t>(v.value.size());
  const std::array<std::uint8_t, 4> prefix{static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
                                           static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
  const auto h = sha256(prefix, v.value);
  return msg::MetaData{v.exists, n, msg::hash_algorithm::sha256, Bytes(h.begin(), h.end())};
}

msg::StoredMetaData stat_of(const msg::StoredData& data) {
  msg::StoredMetaData out;
  out.storage_time = data.storage_time;
  out.lifetime = data.lifetime;
  const auto meta = metadata(data_value(data.value));
  if (const auto* a = std::get_if<msg::ArrayEntry>(&data.value.value)) {
    out.metadata.value = msg::ArrayEntryMeta{a->index, meta};
  } else if (const auto* d = std::get_if<msg::DictionaryEntry>(&data.value.value)) {
    out.metadata.value = msg::DictionaryEntryMeta{d->key, meta};
  } else {
    out.metadata.value = meta;
  }
  return out;
}

}  // namespace

base::result<msg::FetchAns, StoreError> DataStore::fetch(const msg::FetchReq& req, base::TimePoint now) const {
  const auto& s = *impl_;
  auto defs = resolve_kinds(*s.kinds, req.specifiers);
  if (!defs) return base::failure{defs.error()};
  msg::FetchAns answer;
  std::size_t budget = max_answer_values;
  for (std::size_t i = 0; i < req.specifiers.size(); ++i) {
    const auto& spec = req.specifiers[i];
    const auto& def = *(*defs)[i];
    const auto* state = kind_state(s.resources, req.resource, spec.kind);
    msg::FetchKindResponse response;
    response.kind = spec.kind;
    response.generation = state != nullptr ? state->generation : 0;
    std::vector<msg::StoredData> values;
    // s7.4.2.1: a matching generation means "you have it"; 0 means the requester has none.
    if (spec.generation == 0 || spec.generation != response.generation) {
      auto picks = select(def, state, spec, now, budget);
      if (!picks) return base::failure{picks.error()};
      values.reserve(picks->size());
      for (const auto& p : *picks) values.push_back(answered(def, p, now));
    }
    response.values = std::move(values);
    answer.kind_responses.push_back(std::move(response));
  }
  return answer;
}

base::result<msg::StatAns, StoreError> DataStore::stat(const msg::StatReq& req, base::TimePoint now) const {
  const auto& s = *impl_;
  auto defs = resolve_kinds(*s.kinds, req.specifiers);
  if (!defs) return base::failure{defs.error()};
  msg::StatAns answer;
  std::size_t budget = max_answer_values;
  for (std::size_t i = 0; i < req.specifiers.size(); ++i) {
    const auto& spec = req.specifiers[i];
    const auto& def = *(*defs)[i];
    const auto* state = kind_state(s.resources, req.resource, spec.kind);
    msg::StatKindResponse response;
    response.kind = spec.kind;
    response.generation = state != nullptr ? state->generation : 0;
    std::vector<msg::StoredMetaData> values;
    if (spec.generation == 0 || spec.generation != response.generation) {
      auto picks = select(def, state, spec, now, budget);
      if (!picks) return base::failure{picks.error()};
      values.reserve(picks->size());
      for (const auto& p : *picks) values.push_back(stat_of(answered(def, p, now)));
    }
    response.values = std::move(values);
    answer.kind_responses.push_back(std::move(response));
  }
  return answer;
}

std::vector<msg::GenericCertificate> DataStore::certificates_for(const msg::FetchAns& answer) const {
  const auto& s = *impl_;
  std::vector<msg::GenericCertificate> out;
  std::set<Sha256> included;
  for (const auto& kr : answer.kind_responses) {
    const auto* values = std::get_if<std::vector<msg::StoredData>>(&kr.values);
    if (values == nullptr) continue;
    for (const auto& v : *values) {
      if (std::holds_alternative<msg::NoSignerIdentity>(v.signature.identity.value)) continue;
      const auto identity = msg::encode_as(v.signature.identity, s.ctx);
      if (!identity) continue;
      auto id = s.identities.find(*identity);
      if (id == s.identities.end()) continue;
      if (included.contains(id->second.cert)) continue;
      if (const auto* cert = s.certificate(id->second.cert)) {
        included.insert(id->second.cert);
        out.push_back(*cert);
      }
    }
  }
  return out;
}

std::optional<ResourceExport> DataStore::export_resource(const reload::ResourceId& id, std::uint8_t replica_number,
                                                         base::TimePoint now) const {
  const auto& s = *impl_;
  auto r = s.resources.find(id);
  if (r == s.resources.end()) return std::nullopt;
  ResourceExport out;
  out.request.resource = id;
  out.request.replica_number = replica_number;
  std::set<Sha256> included;
  for (const auto& [kind, state] : r->second) {
    std::vector<msg::StoredData> values;
    for (const auto& [slot, held] : state.values) {
      // s7.4.1.1: the lifetime travels reduced by the time the value was held here. A value with
      // less than a second left would expire on arrival.
      const auto remaining = remaining_seconds(held.expires, now);
      if (remaining == 0) continue;
      values.push_back(held.data);
      values.back().lifetime = remaining;
      if (!included.contains(held.cert)) {
        if (const auto* cert = s.certificate(held.cert)) {
          included.insert(held.cert);
          out.certificates.push_back(*cert);
        }
      }
    }
    if (values.empty()) continue;
    out.request.kind_data.push_back(msg::StoreKindData{kind, state.generation, std::move(values)});
  }
  if (out.request.kind_data.empty()) return std::nullopt;
  return out;
}

}  // namespace disco::storage

namespace disco::storage {

namespace msg = reload::msg;

std::vector<ResourceExport> DataStore::export_chunks(const reload::ResourceId& id, std::uint8_t replica_number,
                                                     base::TimePoint now, std::size_t max_bytes) const {
  const auto& s = *impl_;
  std::vector<ResourceExport> out;
  auto r = s.resources.find(id);
  if (r == s.resources.end()) return out;
  // A piece is flushed when the next value would take it past max_bytes; a single value larger
  // than that still travels alone (the message layer refuses it if it cannot fit at all).
  ResourceExport current;
  std::set<Sha256> included;
  std::size_t size = 0;
  auto flush = [&] {
    if (current.request.kind_data.empty()) return;
    current.request.resource = id;
    current.request.replica_number = replica_number;
    out.push_back(std::move(current));
    current = ResourceExport{};
    included.clear();
    size = 0;
  };
  for (const auto& [kind, state] : r->second) {
    for (const auto& [slot, held] : state.values) {
      const auto remaining = remaining_seconds(held.expires, now);
      if (remaining == 0) continue;
      msg::StoredData value = held.data;
      value.lifetime = remaining;
      auto encoded = msg::encode_as(value, s.ctx);
      std::size_t value_size = encoded ? encoded->size() : 0;
      const auto* cert = s.certificate(held.cert);
      std::size_t cert_size = (cert != nullptr && !included.contains(held.cert)) ? cert->certificate.size() + 3 : 0;
      if (size > 0 && size + value_size + cert_size + 32 > max_bytes) {
        flush();
        cert_size = cert != nullptr ? cert->certificate.size() + 3 : 0;
      }
      if (cert != nullptr && !included.contains(held.cert)) {
        included.insert(held.cert);
        current.certificates.push_back(*cert);
      }
      auto& kd = current.request.kind_data;
      if (kd.empty() || kd.back().kind != kind) kd.push_back(msg::StoreKindData{kind, state.generation, {}});
      std::get<std::vector<msg::StoredData>>(kd.back().values).push_back(std::move(value));
      size += value_size + cert_size + (kd.back().values.index() == 0 ? 0 : 16);
    }
  }
  flush();
  return out;
}

bool DataStore::holds_kind(const reload::ResourceId& id, msg::KindId kind) const {
  auto r = impl_->resources.find(id);
  return r != impl_->resources.end() && r->second.contains(kind);
}

}  // namespace disco::storage
