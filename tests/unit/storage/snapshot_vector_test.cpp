// tests/vectors/storage/snapshot_v1.hex: a real snapshot (format version 1, README.md "Snapshot
// format") of a small store. It seeds fuzz_store_snapshot; this test is its generator and keeps it
// honest: the store below must snapshot to exactly those bytes and the bytes must restore. After a
// deliberate format change, regenerate with DISCO_WRITE_VECTORS=1 (see tests/vectors/storage/README.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/support/vectors.hpp"
#include "tests/unit/storage/storage_fixture.hpp"

namespace disco::storage::testing {
namespace {

using SnapshotVector = StorageTest;

constexpr std::string_view vector_name = "storage/snapshot_v1.hex";
constexpr std::uint64_t unix_ms = 1767225600000ULL;  // 2026-01-01T00:00:00Z, as fuzz_store_snapshot restores

void write_hex_vector(std::string_view relative, std::string_view comment, const Bytes& bytes) {
  std::ofstream out(test::vector_path(relative), std::ios::trunc);
  out << comment;
  const auto hex = base::to_hex(bytes);
  for (std::size_t i = 0; i < hex.size(); i += 64) out << hex.substr(i, 64) << '\n';
}

TEST_F(SnapshotVector, TheCheckedInSnapshotIsWhatTheStoreWrites) {
  // One value of each data model: a single value, two array entries, two dictionary entries of
  // which one is a tombstone (exists=false, s7.2), all Alice's at her USER-MATCH Resource-ID.
  constexpr std::uint32_t year = 365 * 24 * 3600;
  ASSERT_TRUE(put(alice, alice_res, single_user, {single("hello")}, 1000, 0, 10 * year).has_value());
  ASSERT_TRUE(put(alice, alice_res, array_user, {entry(0, "first"), entry(3, "fourth")}, 1000, 0, 10 * year));
  ASSERT_TRUE(
      put(alice, alice_res, dict_user, {keyed({'k', '1'}, "one"), keyed({'k', '2'}, "", false)}, 1000, 0, 10 * year));
  ASSERT_EQ(store.value_count(), 5u);
  const auto snap = store.snapshot(now(), unix_ms);

  if (std::getenv("DISCO_WRITE_VECTORS") != nullptr) {
    write_hex_vector(vector_name,
                     "# A disco storage snapshot, format version 1 (libcommon/storage/README.md \"Snapshot format\"),\n"
                     "# of RFC 6940 s7 StoredData: a single value, two array entries and two dictionary entries\n"
                     "# (one a tombstone) signed with the fake signer of tests/support/fake_security.hpp.\n"
                     "# Written by tests/unit/storage/snapshot_vector_test.cpp (DISCO_WRITE_VECTORS=1).\n",
                     snap);
  }
  EXPECT_EQ(base::to_hex(test::load_hex_vector(vector_name)), base::to_hex(snap));

  DataStore restored{kinds, verifier, ctx};
  auto n = restored.restore(test::load_hex_vector(vector_name), now(), unix_ms);
  ASSERT_TRUE(n.has_value()) << n.error();
  EXPECT_EQ(*n, 5u);
}

}  // namespace
}  // namespace disco::storage::testing
