#pragma once
// Kind definitions (RFC 6940 s7.4.5, s11.1 kind-blocks): the data model and access policy of every
// kind an overlay stores, with the limits its configuration sets.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/reload/msg/kind_table.hpp"

namespace disco::storage {

// s7.3, and RFC 8076 s6.6 USER-CHAIN-ACL (share_policy.hpp).
enum class AccessPolicy : std::uint8_t { user_match, node_match, user_node_match, node_multiple, user_chain_acl };

std::string_view to_string(AccessPolicy p);                        // "USER-MATCH", ...
std::optional<AccessPolicy> access_policy_from(std::string_view);  // the config's spelling

struct KindDefinition {
  reload::msg::KindId id = 0;
  std::string name;  // IANA name, or the config's name for a private kind
  reload::msg::DataModel model = reload::msg::DataModel::single_value;
  AccessPolicy policy = AccessPolicy::user_match;
  std::uint32_t max_count = 0;          // values per resource, s11.1 max-count (0: unlimited)
  std::uint32_t max_size = 0;           // bytes of one value, s11.1 max-size (0: unlimited)
  std::uint32_t max_node_multiple = 0;  // NODE-MULTIPLE only (s7.3.4)
  // RFC 8076 s5.3 <share:variable-resource-names enable="..."> and its <share:pattern>s. When
  // enabled, every value of the kind opens with a ResourceNameExtension (s3).
  bool variable_names = false;
  std::vector<std::string> name_patterns;
  friend bool operator==(const KindDefinition&, const KindDefinition&) = default;
};

class KindRegistry {
 public:
  void add(KindDefinition kind);  // replaces one with the same id
  [[nodiscard]] const KindDefinition* find(reload::msg::KindId id) const;
  [[nodiscard]] const KindDefinition* find(std::string_view name) const;  // case-insensitive
  [[nodiscard]] std::vector<KindDefinition> all() const;
  [[nodiscard]] std::size_t size() const { return kinds_.size(); }
  // The models, for the codec's CodecContext.
  [[nodiscard]] reload::msg::KindTable kind_table() const;

 private:
  std::map<reload::msg::KindId, KindDefinition> kinds_;
};

}  // namespace disco::storage
