// DisCo-Registration value (libcommon/usages/disco/README.md) and the lookup's validation and order.
#include "libcommon/usages/disco/registration.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "libcommon/storage/digest.hpp"
#include "libcommon/usages/disco/lookup.hpp"

namespace disco::discoreg {
namespace {

constexpr const char* name = "team-conf-alice@example.org";

reload::NodeId node(std::uint8_t fill) { return *reload::NodeId::from_bytes(base::Bytes(16, fill)); }

std::string vivaldi(double x, double y, double h = 0) {
  return coord::to_json(coord::Coordinate{coord::Model::vivaldi, {x, y}, h, 0.1, 10, {}}).dump();
}

Registration uri_registration(std::string coords = {}) {
  Registration r;
  r.res_name_ext = share::ResourceNameExtension{1, name};
  r.type = ContactType::focus_uri;
  r.focus_uri = "sip:focus@192.0.2.1";
  r.coordinates = std::move(coords);
  return r;
}

TEST(DiscoRegistration, RoundTripsBothContactTypes) {
  auto r = uri_registration(vivaldi(1, 2, 3));
  auto bytes = encode(r);
  ASSERT_TRUE(bytes);
  // ResourceNameExtension first (RFC 8076 s3), then type 1, length, uri<>, coordinates<>.
  EXPECT_EQ((*bytes)[0], 1);
  EXPECT_EQ((*bytes)[5 + 27], 1);
  EXPECT_EQ(*decode_registration(*bytes), r);

  Registration n = r;
  n.type = ContactType::focus_node;
  n.focus_uri.clear();
  n.destinations = {reload::msg::Destination{node(7)}, reload::msg::Destination{node(8)}};
  bytes = encode(n);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*decode_registration(*bytes), n);
}

TEST(DiscoRegistration, RefusesMalformedOrOversizedValues) {
  auto bytes = *encode(uri_registration(vivaldi(1, 2)));
  for (std::size_t cut = 0; cut < bytes.size(); ++cut)
    EXPECT_FALSE(decode_registration(base::BytesView(bytes).first(cut))) << cut;
  auto trailing = bytes;
  trailing.push_back(0);
  EXPECT_FALSE(decode_registration(trailing));
  EXPECT_FALSE(encode(uri_registration(std::string(2049, ' '))));
  auto empty_uri = uri_registration();
  empty_uri.focus_uri.clear();
  EXPECT_FALSE(encode(empty_uri));
  Registration no_dest = uri_registration();
  no_dest.type = ContactType::focus_node;
  EXPECT_FALSE(encode(no_dest));
  auto unknown_type = bytes;
  unknown_type[5 + 27] = 9;
  EXPECT_FALSE(decode_registration(unknown_type));
}

TEST(DiscoRegistration, ResourceNameIsTheUriWithoutItsScheme) {
  EXPECT_EQ(resource_name_of_uri("sip:team-conf-a@b"), "team-conf-a@b");
  EXPECT_EQ(resource_name_of_uri("SIPS:team-conf-a@b"), "team-conf-a@b");
  EXPECT_EQ(resource_name_of_uri("team-conf-a@b"), "team-conf-a@b");
}

FetchedEntry fetched(std::uint8_t fill, const std::string& user, const std::string& coords,
                     std::string res_name = name) {
  auto r = uri_registration(coords);
  r.res_name_ext.resource_name = std::move(res_name);
  return FetchedEntry{base::Bytes(16, fill), *encode(r), user, {node(fill)}, 100};
}

share::SignedAclItem grant(std::string by, std::string to, bool ad = false) {
  return {0, share::AccessControlListItem{share::ResourceNameExtension{1, name}, std::move(to), kind_id, ad},
          std::move(by)};
}

TEST(DiscoLookup, KeepsOnlyAuthorisedWritersNearestFirst) {
  const std::vector<share::SignedAclItem> acl{grant("alice@example.org", "alice@example.org", true),
                                              grant("alice@example.org", "bob@example.org"),
                                              grant("alice@example.org", "carol@example.org")};
  std::vector<FetchedEntry> entries{fetched(0xa1, "alice@example.org", vivaldi(10, 0)),
                                    fetched(0xb1, "bob@example.org", vivaldi(1, 0)),
                                    fetched(0xc1, "carol@example.org", vivaldi(5, 0, 1)),
                                    fetched(0xe1, "eve@example.org", vivaldi(0, 0)),  // not granted
                                    fetched(0xc2, "carol@example.org", ""),           // no coordinates
                                    fetched(0xd1, "bob@example.org", vivaldi(0, 0), "x-conf-bob@example.org")};
  entries.push_back(entries[1]);
  entries.back().key = base::Bytes(16, 0xb2);  // bob writing under a key that is not his Node-ID
  auto me = coord::parse_coordinate_text(vivaldi(0, 0));
  auto r = select_foci(name, entries, acl, *me);
  ASSERT_EQ(r.foci.size(), 4u);
  EXPECT_EQ(r.foci[0].node_id, node(0xb1));
  EXPECT_DOUBLE_EQ(*r.foci[0].distance, 1.0);
  EXPECT_EQ(r.foci[1].node_id, node(0xc1));
  EXPECT_DOUBLE_EQ(*r.foci[1].distance, 6.0);  // 5 + height 1
  EXPECT_EQ(r.foci[2].node_id, node(0xa1));
  EXPECT_EQ(r.foci[3].node_id, node(0xc2));  // no coordinates: last
  EXPECT_FALSE(r.foci[3].distance);
  EXPECT_EQ(r.rejected.size(), 3u);

  // Without the caller's coordinates: Node-ID order.
  r = select_foci(name, entries, acl, std::nullopt);
  ASSERT_EQ(r.foci.size(), 4u);
  EXPECT_EQ(r.foci[0].node_id, node(0xa1));
  EXPECT_EQ(r.foci[3].node_id, node(0xc2));

  // The root revoked: only the owner's own entry stays.
  r = select_foci(name, entries, {acl.begin() + 1, acl.end()}, *me);
  ASSERT_EQ(r.foci.size(), 1u);
  EXPECT_EQ(r.foci[0].node_id, node(0xa1));
}

TEST(DiscoLookup, IncomparableCoordinatesSortAfterComparableOnes) {
  std::vector<Focus> foci(3);
  foci[0].node_id = node(1);
  foci[1].node_id = node(2);
  foci[1].distance = 50;
  foci[2].node_id = node(3);
  foci[2].distance = 7;
  order_by_distance(foci);
  EXPECT_EQ(foci[0].node_id, node(3));
  EXPECT_EQ(foci[1].node_id, node(2));
  EXPECT_EQ(foci[2].node_id, node(1));
}

}  // namespace
}  // namespace disco::discoreg
