#include "libcommon/storage/share_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "libcommon/storage/digest.hpp"
#include "libcommon/usages/share/array_index.hpp"
#include "libcommon/usages/share/name_pattern.hpp"

namespace disco::storage {

namespace msg = reload::msg;

namespace {

const msg::DataValue& data_value_of(const msg::StoredDataValue& value) {
  return *std::visit(
      [](const auto& entry) -> const msg::DataValue* {
        if constexpr (std::is_same_v<std::decay_t<decltype(entry)>, msg::DataValue>) {
          return &entry;
        } else {
          return &entry.value;
        }
      },
      value.value);
}

bool key_is_signer_node(const msg::DictionaryEntry& entry, const security::PeerIdentity& signer) {
  return std::any_of(signer.node_ids.begin(), signer.node_ids.end(), [&](const reload::NodeId& n) {
    const auto id = n.bytes();
    return entry.key.size() == id.size() && std::equal(id.begin(), id.end(), entry.key.begin());
  });
}

}  // namespace

bool is_resource_owner(const KindDefinition& kind, const reload::ResourceId& resource, std::string_view user,
                       const std::vector<std::string>& names) {
  if (user.empty()) return false;
  if (overlay_hash(base::as_bytes(user)) == resource) return true;
  if (!kind.variable_names) return false;
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return share::name_matches_any(kind.name_patterns, n, user); });
}

std::optional<std::string> resource_name_of(const KindDefinition& kind, const msg::StoredDataValue& value) {
  if (!kind.variable_names) return std::nullopt;
  const auto& dv = data_value_of(value);
  if (!dv.exists) return std::nullopt;
  auto ext = share::decode_name_extension(dv.value);
  if (!ext || ext->ext.type != share::resource_name_type_pattern) return std::nullopt;
  return std::move(ext->ext.resource_name);
}

ChainDecision chain_acl_allows(const KindDefinition& kind, const reload::ResourceId& resource,
                               const security::PeerIdentity& signer, const msg::StoredDataValue& value,
                               const AclView& acl, const std::optional<std::string>& previous_signer) {
  auto names = acl.names;
  const auto own_name = resource_name_of(kind, value);
  if (own_name && overlay_hash(base::as_bytes(*own_name)) == resource) names.push_back(*own_name);
  const auto is_owner = [&](std::string_view user) { return is_resource_owner(kind, resource, user, names); };
  const bool owner = is_owner(signer.user);
  const auto& dv = data_value_of(value);
  const auto refuse = [](std::string why) { return ChainDecision{false, std::move(why)}; };

  // Isolation of each writer's data (s3.1), overwrites (s6.1, s6.2).
  if (const auto* entry = std::get_if<msg::DictionaryEntry>(&value.value)) {
    if (!key_is_signer_node(*entry, signer) && !(owner && !dv.exists))
      return refuse("a shared dictionary key must be the signer's Node-ID (RFC 8076 s3.1)");
  } else if (const auto* item = std::get_if<msg::ArrayEntry>(&value.value)) {
    if (!owner) {
      if (previous_signer && *previous_signer != signer.user)
        return refuse(fmt::format("index {:08x} holds another user's item (RFC 8076 s6.1)", item->index));
      const bool in_range = std::any_of(signer.node_ids.begin(), signer.node_ids.end(), [&](const reload::NodeId& n) {
        return share::index_belongs_to(item->index, n);
      });
      if (!previous_signer && !in_range)
        return refuse(fmt::format("index {:08x} is outside the signer's range (RFC 8076 s3.1)", item->index));
    }
  } else {
    return refuse("USER-CHAIN-ACL needs an array or dictionary kind (RFC 8076 s3)");
  }
  if (!dv.exists) return {true, {}};

  if (kind.id == msg::kinds::access_control_list) {
    auto item = share::decode_acl_item(dv.value, kind.variable_names);
    if (!item) return refuse("malformed AccessControlListItem: " + item.error().message);
    if (item->to_user == signer.user) {
      // s6.4: "only the Resource Owner stores new ACL root items".
      if (!owner) return refuse("only the resource owner may store a root ACL item (RFC 8076 s6.4)");
      return {true, {}};
    }
    const auto walk = share::authorise(acl.items, signer.user, item->kind, true, is_owner);
    if (!walk.ok())
      return refuse(
          fmt::format("{} may not delegate kind {}: {}", signer.user, item->kind, share::to_string(walk.verdict)));
    return {true, {}};
  }
  const auto walk = share::authorise(acl.items, signer.user, kind.id, false, is_owner);
  if (!walk.ok())
    return refuse(fmt::format("{} may not write kind {}: {}", signer.user, kind.id, share::to_string(walk.verdict)));
  return {true, {}};
}

}  // namespace disco::storage
