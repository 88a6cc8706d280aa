#pragma once
// The joining party's side of DisCo (README.md "Lookup"): keep the registrations whose writer the
// ACL authorises (RFC 8076 s6.5), then order the foci by network distance to the caller.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libcommon/coord/coordinate.hpp"
#include "libcommon/reload/ids/node_id.hpp"
#include "libcommon/usages/disco/registration.hpp"
#include "libcommon/usages/share/acl_walk.hpp"

namespace disco::discoreg {

// One fetched DisCo-Registration dictionary entry with what the fetch said about its signer.
struct FetchedEntry {
  base::Bytes key;          // the dictionary key: the focus's Node-ID (RFC 8076 s3.1)
  base::Bytes value;        // the encoded Registration
  std::string signer_user;  // user name of the certificate that signed it
  std::vector<reload::NodeId> signer_node_ids;
  std::uint32_t lifetime_s = 0;  // remaining, as the storing peer answered
};

struct Focus {
  reload::NodeId node_id;
  Registration registration;
  std::string signer_user;
  std::optional<coord::Coordinate> coordinates;  // nullopt when absent or unreadable
  std::optional<double> distance;                // nullopt when either side has no comparable coordinate
  std::uint32_t lifetime_s = 0;
};

struct Rejected {
  std::string key_hex;
  std::string why;
};

struct LookupResult {
  std::vector<Focus> foci;  // authorised, nearest first
  std::vector<Rejected> rejected;
};

// Validates every entry (the value decodes; its ResourceNameExtension names `resource_name`; the
// key is a Node-ID of the signer; share::authorise() over `acl` grants the signer kind_id, with the
// owner decided as the storing peer does, storage::is_resource_owner) and orders the survivors:
// those with a distance to `me` first, ascending; then the rest; ties by Node-ID.
LookupResult select_foci(const std::string& resource_name, const std::vector<FetchedEntry>& entries,
                         const std::vector<share::SignedAclItem>& acl, const std::optional<coord::Coordinate>& me);

// Orders foci in place as select_foci() does (also used on its own by tests).
void order_by_distance(std::vector<Focus>& foci);

}  // namespace disco::discoreg
