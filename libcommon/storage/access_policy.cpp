#include "libcommon/storage/access_policy.hpp"

#include <array>
#include <utility>
#include <variant>

#include "libcommon/storage/digest.hpp"
#include "libcommon/usages/share/acl_item.hpp"

namespace disco::storage {

namespace msg = reload::msg;

reload::ResourceId node_multiple_resource(const reload::NodeId& node, std::uint32_t i) {
  const std::array<std::uint8_t, 4> be{static_cast<std::uint8_t>(i >> 24), static_cast<std::uint8_t>(i >> 16),
                                       static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
  return overlay_hash(node.bytes(), be);
}

security::PeerIdentity designated_identity(security::PeerIdentity signer, const msg::SignerIdentity& identity) {
  const auto* by_node = std::get_if<msg::CertHashNodeId>(&identity.value);
  if (by_node == nullptr) return signer;
  std::vector<reload::NodeId> kept;
  for (const auto& node : signer.node_ids) {
    const auto h = digest(by_node->hash_alg, node.bytes(), signer.certificate_der);
    if (h && *h == by_node->certificate_node_id_hash) kept.push_back(node);
  }
  signer.node_ids = std::move(kept);
  return signer;
}

namespace {

bool user_matches(const reload::ResourceId& resource, const security::PeerIdentity& signer) {
  return !signer.user.empty() && overlay_hash(base::as_bytes(signer.user)) == resource;
}

// RFC 8076 s6.6, the part every receiver can check without the ACL: a shared kind is an array or a
// dictionary (s3); with variable names an existing value opens with a pattern-type
// ResourceNameExtension whose name hashes to the Resource-ID; an ACL item decodes.
bool chain_acl_shape_ok(const KindDefinition& kind, const reload::ResourceId& resource,
                        const msg::StoredDataValue& value) {
  const msg::DataValue* dv = nullptr;
  if (const auto* a = std::get_if<msg::ArrayEntry>(&value.value)) dv = &a->value;
  if (const auto* d = std::get_if<msg::DictionaryEntry>(&value.value)) dv = &d->value;
  if (dv == nullptr) return false;
  if (!dv->exists) return true;
  if (kind.id == msg::kinds::access_control_list && !share::decode_acl_item(dv->value, kind.variable_names))
    return false;
  if (!kind.variable_names) return true;
  auto ext = share::decode_name_extension(dv->value);
  return ext && ext->ext.type == share::resource_name_type_pattern &&
         overlay_hash(base::as_bytes(ext->ext.resource_name)) == resource;
}

}  // namespace

bool policy_allows(const KindDefinition& kind, const reload::ResourceId& resource, const security::PeerIdentity& signer,
                   const msg::StoredDataValue& value) {
  switch (kind.policy) {
    case AccessPolicy::user_match:  // s7.3.1
      return user_matches(resource, signer);
    case AccessPolicy::node_match:  // s7.3.2
      for (const auto& node : signer.node_ids)
        if (overlay_hash(node.bytes()) == resource) return true;
      return false;
    case AccessPolicy::user_node_match: {  // s7.3.3
      const auto* entry = std::get_if<msg::DictionaryEntry>(&value.value);
      if (kind.model != msg::DataModel::dictionary || entry == nullptr || !user_matches(resource, signer)) return false;
      for (const auto& node : signer.node_ids) {
        const auto id = node.bytes();
        if (entry->key.size() == id.size() && std::equal(id.begin(), id.end(), entry->key.begin())) return true;
      }
      return false;
    }
    case AccessPolicy::node_multiple:  // s7.3.4
      for (const auto& node : signer.node_ids)
        for (std::uint32_t i = 1; i <= kind.max_node_multiple && i != 0; ++i)
          if (node_multiple_resource(node, i) == resource) return true;
      return false;
    case AccessPolicy::user_chain_acl:  // RFC 8076 s6.6; the ACL walk is in share_policy.hpp
      return chain_acl_shape_ok(kind, resource, value);
  }
  return false;
}

}  // namespace disco::storage
