#include "libcommon/storage/kind_registry.hpp"

#include <cctype>

namespace disco::storage {

namespace {
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  return true;
}
}  // namespace

// The spellings of the access-control registry (RFC 6940 s14.5) as the configuration uses them.
std::string_view to_string(AccessPolicy p) {
  switch (p) {
    case AccessPolicy::user_match: return "USER-MATCH";
    case AccessPolicy::node_match: return "NODE-MATCH";
    case AccessPolicy::user_node_match: return "USER-NODE-MATCH";
    case AccessPolicy::node_multiple: return "NODE-MULTIPLE";
  }
  return "USER-MATCH";
}

std::optional<AccessPolicy> access_policy_from(std::string_view s) {
  for (auto p :
       {AccessPolicy::user_match, AccessPolicy::node_match, AccessPolicy::user_node_match, AccessPolicy::node_multiple})
    if (s == to_string(p)) return p;
  return std::nullopt;
}

void KindRegistry::add(KindDefinition kind) { kinds_[kind.id] = std::move(kind); }

const KindDefinition* KindRegistry::find(reload::msg::KindId id) const {
  auto it = kinds_.find(id);
  return it == kinds_.end() ? nullptr : &it->second;
}

const KindDefinition* KindRegistry::find(std::string_view name) const {
  for (const auto& [id, kind] : kinds_)
    if (iequals(kind.name, name)) return &kind;
  return nullptr;
}

std::vector<KindDefinition> KindRegistry::all() const {
  std::vector<KindDefinition> out;
  out.reserve(kinds_.size());
  for (const auto& [id, kind] : kinds_) out.push_back(kind);
  return out;
}

reload::msg::KindTable KindRegistry::kind_table() const {
  reload::msg::KindTable t;
  for (const auto& [id, kind] : kinds_) t.set(id, kind.model);
  return t;
}

}  // namespace disco::storage
