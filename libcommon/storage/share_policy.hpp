#pragma once
// USER-CHAIN-ACL (RFC 8076 s6.6) as the storing peer enforces it (s6.4): the part of the policy
// that needs the Access Control List held at the same Resource-ID. access_policy.hpp checks the
// rest (model, ResourceNameExtension, name hash) for every receiver, fetching peers included.

#include <optional>
#include <string>
#include <vector>

#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/reload/msg/stored_data.hpp"
#include "libcommon/security/identity.hpp"
#include "libcommon/storage/kind_registry.hpp"
#include "libcommon/usages/share/acl_walk.hpp"

namespace disco::storage {

// The ACL of one resource as the check sees it: its live items with their signers' user names, and
// the Resource Names (from res_name_ext) known to hash to the resource.
struct AclView {
  std::vector<share::SignedAclItem> items;
  std::vector<std::string> names;
};

// Whether `user` owns `resource` for `kind`: H(user) is the Resource-ID (USER-MATCH), or, with
// variable names enabled, one of `names` hashes to it and matches one of the kind's patterns for
// `user` (RFC 8076 s5).
bool is_resource_owner(const KindDefinition& kind, const reload::ResourceId& resource, std::string_view user,
                       const std::vector<std::string>& names);

// The Resource Name a value carries in its ResourceNameExtension, when the kind has variable names
// and the value exists and opens with a pattern-type extension.
std::optional<std::string> resource_name_of(const KindDefinition& kind, const reload::msg::StoredDataValue& value);

struct ChainDecision {
  bool allowed = false;
  std::string why;  // for error_info and logs when refused
};

// RFC 8076 s6.1-s6.4 for one value of a USER-CHAIN-ACL kind written by `signer`:
//  * isolation (s3.1): a dictionary key is one of the signer's Node-IDs; an array index lies in the
//    signer's range, or (overwrite) the slot's current value was signed by the same user
//    (`previous_signer`: the user who signed the live value held there, if any). The Resource
//    Owner may overwrite any ACL item, and remove (exists=False) any entry of a shared kind;
//  * removals (exists=False) need nothing more: a writer may always withdraw its own entry;
//  * an ACL item whose to_user is its own signer is a root item: only the owner may store it (s6.4);
//  * any other value needs share::authorise() over `acl` (s6.3) for the ACL item's kind (with
//    allow_delegation) or for the shared kind.
ChainDecision chain_acl_allows(const KindDefinition& kind, const reload::ResourceId& resource,
                               const security::PeerIdentity& signer, const reload::msg::StoredDataValue& value,
                               const AclView& acl, const std::optional<std::string>& previous_signer);

}  // namespace disco::storage
