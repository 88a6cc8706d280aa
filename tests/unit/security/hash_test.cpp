#include "libcommon/security/hash.hpp"

#include <gtest/gtest.h>

#include <set>

namespace disco::security {
namespace {

TEST(SecurityHash, Sha1AndSha256OfAbcAreTheFips180Vectors) {
  // FIPS 180-2 appendix examples for "abc".
  EXPECT_EQ(base::to_hex(sha1(base::as_bytes("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(base::to_hex(sha256(base::as_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SecurityHash, OverlayHashIsTheLastFourBytesOfSha1) {
  // printf 'example.org' | sha1sum  ->  20116dfd6774a9e7b32eddfea3f6cb094e38fc3f
  EXPECT_EQ(overlay_hash("example.org"), 0x4e38fc3fu);
  // printf 'overlay.example.org' | sha1sum  ->  74b9a543a333b17cf69729622ee7b3219aa32b8d
  EXPECT_EQ(overlay_hash("overlay.example.org"), 0x9aa32b8du);
}

TEST(SecurityHash, ResourceIdIsTheFirst128BitsOfSha1) {
  // printf 'example.org' | sha1sum  ->  20116dfd6774a9e7b32eddfea3f6cb094e38fc3f
  EXPECT_EQ(resource_id_for("example.org").to_hex(), "20116dfd6774a9e7b32eddfea3f6cb09");
  // printf 'alice@example.org' | sha1sum  ->  45a6b241a242c97f0492d382c390dfa335aac986
  EXPECT_EQ(resource_id_for("alice@example.org").to_hex(), "45a6b241a242c97f0492d382c390dfa3");
  EXPECT_EQ(resource_id_for_bytes(base::as_bytes("example.org")), resource_id_for("example.org"));
}

TEST(SecurityHash, RandomNodeIdsHaveTheAskedLengthAndDiffer) {
  std::set<reload::NodeId> seen;
  for (int i = 0; i < 64; ++i) seen.insert(random_node_id());
  EXPECT_EQ(seen.size(), 64u);
  EXPECT_EQ(random_node_id(20).size(), 20u);
  EXPECT_THROW((void)random_node_id(15), std::invalid_argument);
  EXPECT_THROW((void)random_node_id(21), std::invalid_argument);
  EXPECT_EQ(random_bytes(0).size(), 0u);
}

}  // namespace
}  // namespace disco::security
