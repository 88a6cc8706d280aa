#pragma once
// Validating a writer through an Access Control List (RFC 8076 s6.3): follow the delegations from
// the writer up to a root item, which the Resource Owner must have signed. Pure: the caller gives
// the live ACL items with the user names of their signers, and says who owns the resource.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "libcommon/reload/msg/kind_table.hpp"
#include "libcommon/usages/share/acl_item.hpp"

namespace disco::share {

// One live (exists=True) ACL item and the user name of the certificate that signed it.
struct SignedAclItem {
  std::uint32_t index = 0;
  AccessControlListItem item;
  std::string signer;
};

enum class Verdict : std::uint8_t {
  owner,       // the writer owns the resource: no walk needed (s6.3 last paragraph)
  authorised,  // a chain of delegations reaches a root item signed by the owner
  no_grant,    // no item for this kind names the writer (with allow_delegation when needed)
  unrooted,    // items name the writer, but no chain reaches the owner's root (revoked, or a loop)
};

struct WalkResult {
  Verdict verdict = Verdict::no_grant;
  // For logs and error_info: the users from the writer to the root, in order, when authorised.
  std::vector<std::string> chain;
  [[nodiscard]] bool ok() const { return verdict == Verdict::owner || verdict == Verdict::authorised; }
};

std::string_view to_string(Verdict v);

// May `writer` write kind `kind` here? `writing_acl_item` is true when the value is itself an ACL
// item, which needs allow_delegation on the first grant too (s6.3 step 2). `is_owner` says whether a
// user name owns the resource (USER-MATCH on its hash, or a variable-name pattern match).
// User names compare as bytes (s6.3). Terminates on loops: each (user, needs-delegation) pair is
// visited once, so the walk costs at most 2 x items x items comparisons.
WalkResult authorise(std::span<const SignedAclItem> acl, std::string_view writer, reload::msg::KindId kind,
                     bool writing_acl_item, const std::function<bool(std::string_view)>& is_owner);

}  // namespace disco::share
