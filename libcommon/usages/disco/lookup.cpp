#include "libcommon/usages/disco/lookup.hpp"

#include <algorithm>

#include "libcommon/storage/digest.hpp"
#include "libcommon/storage/share_policy.hpp"

namespace disco::discoreg {

void order_by_distance(std::vector<Focus>& foci) {
  std::stable_sort(foci.begin(), foci.end(), [](const Focus& a, const Focus& b) {
    if (a.distance.has_value() != b.distance.has_value()) return a.distance.has_value();
    if (a.distance && *a.distance != *b.distance) return *a.distance < *b.distance;
    return a.node_id < b.node_id;
  });
}

LookupResult select_foci(const std::string& resource_name, const std::vector<FetchedEntry>& entries,
                         const std::vector<share::SignedAclItem>& acl, const std::optional<coord::Coordinate>& me) {
  LookupResult out;
  const auto resource = storage::overlay_hash(base::as_bytes(resource_name));
  const auto kind = registration_kind();
  const std::vector<std::string> names{resource_name};
  const auto is_owner = [&](std::string_view user) { return storage::is_resource_owner(kind, resource, user, names); };
  for (const auto& e : entries) {
    const auto reject = [&](std::string why) { out.rejected.push_back({base::to_hex(e.key), std::move(why)}); };
    auto reg = decode_registration(e.value);
    if (!reg) {
      reject("malformed registration: " + reg.error().message);
      continue;
    }
    if (reg->res_name_ext.resource_name != resource_name) {
      reject("registration names another resource");
      continue;
    }
    auto node = reload::NodeId::from_bytes(e.key);
    const bool key_is_signer =
        node && std::find(e.signer_node_ids.begin(), e.signer_node_ids.end(), *node) != e.signer_node_ids.end();
    if (!key_is_signer) {
      reject("the key is not the signer's Node-ID (RFC 8076 s3.1)");
      continue;
    }
    const auto walk = share::authorise(acl, e.signer_user, kind_id, false, is_owner);
    if (!walk.ok()) {
      reject(std::string(share::to_string(walk.verdict)));
      continue;
    }
    Focus f{*node, std::move(*reg), e.signer_user, std::nullopt, std::nullopt, e.lifetime_s};
    if (!f.registration.coordinates.empty()) {
      if (auto c = coord::parse_coordinate_text(f.registration.coordinates)) f.coordinates = std::move(*c);
    }
    if (me && f.coordinates) {
      if (auto d = coord::distance(*me, *f.coordinates)) f.distance = *d;
    }
    out.foci.push_back(std::move(f));
  }
  order_by_distance(out.foci);
  return out;
}

}  // namespace disco::discoreg
