#include "libcommon/storage/kind_registry.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace disco::storage {
namespace {

struct PolicyName {
  AccessPolicy policy;
  std::string_view name;
};

// The access-control names of the configuration's kind-blocks (s7.3, s11.1).
constexpr std::array<PolicyName, 5> policy_names{{
    {AccessPolicy::user_match, "USER-MATCH"},
    {AccessPolicy::node_match, "NODE-MATCH"},
    {AccessPolicy::user_node_match, "USER-NODE-MATCH"},
    {AccessPolicy::node_multiple, "NODE-MULTIPLE"},
    {AccessPolicy::user_chain_acl, "USER-CHAIN-ACL"},  // RFC 8076 s9.1
}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(AccessPolicy p) {
  for (const auto& entry : policy_names)
    if (entry.policy == p) return entry.name;
  return "UNKNOWN";
}

// Policy names are registry tokens (s14.4); we accept any letter case, as the configuration's
// kind names are matched.
std::optional<AccessPolicy> access_policy_from(std::string_view text) {
  for (const auto& entry : policy_names)
    if (iequals(entry.name, text)) return entry.policy;
  return std::nullopt;
}

void KindRegistry::add(KindDefinition kind) {
  const auto id = kind.id;
  kinds_.insert_or_assign(id, std::move(kind));
}

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
  reload::msg::KindTable table;
  for (const auto& [id, kind] : kinds_) table.set(id, kind.model);
  return table;
}

}  // namespace disco::storage
