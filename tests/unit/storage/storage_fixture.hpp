#pragma once
// Shared set-up for the storage tests: a registry with one kind per model and policy, fake signers
// whose names hash to known Resource-IDs, and builders for signed StoredData and requests.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "libcommon/base/clock.hpp"
#include "libcommon/reload/msg/codec.hpp"
#include "libcommon/reload/msg/signature_input.hpp"
#include "libcommon/storage/access_policy.hpp"
#include "libcommon/storage/data_store.hpp"
#include "libcommon/storage/digest.hpp"
#include "libcommon/storage/kind_registry.hpp"
#include "tests/support/fake_security.hpp"

namespace disco::storage::testing {

namespace msg = reload::msg;
using base::Bytes;

inline constexpr msg::KindId single_user = 0xF0000001;       // single value, USER-MATCH
inline constexpr msg::KindId array_user = 0xF0000002;        // array, USER-MATCH, max-count 5, max-size 16
inline constexpr msg::KindId dict_user_node = 0xF0000003;    // dictionary, USER-NODE-MATCH
inline constexpr msg::KindId single_node = 0xF0000004;       // single value, NODE-MATCH
inline constexpr msg::KindId dict_multiple = 0xF0000005;     // dictionary, NODE-MULTIPLE, max 3
inline constexpr msg::KindId dict_user = 0xF0000006;         // dictionary, USER-MATCH
inline constexpr msg::KindId single_user_node = 0xF0000007;  // single value, USER-NODE-MATCH (misconfigured)
inline constexpr msg::KindId unregistered = 0xF00000FF;

inline reload::NodeId node(std::uint8_t fill) {
  Bytes b(16, fill);
  return *reload::NodeId::from_bytes(b);
}

inline Bytes key_of(const reload::NodeId& n) { return {n.bytes().begin(), n.bytes().end()}; }

inline Bytes be32(std::uint32_t i) {
  return {static_cast<std::uint8_t>(i >> 24), static_cast<std::uint8_t>(i >> 16), static_cast<std::uint8_t>(i >> 8),
          static_cast<std::uint8_t>(i)};
}

inline KindRegistry test_registry() {
  KindRegistry r;
  r.add({single_user, "single-user", msg::DataModel::single_value, AccessPolicy::user_match, 0, 0, 0, false, {}});
  r.add({array_user, "array-user", msg::DataModel::array, AccessPolicy::user_match, 5, 16, 0, false, {}});
  r.add({dict_user_node,
         "dict-user-node",
         msg::DataModel::dictionary,
         AccessPolicy::user_node_match,
         0,
         0,
         0,
         false,
         {}});
  r.add({single_node, "single-node", msg::DataModel::single_value, AccessPolicy::node_match, 0, 0, 0, false, {}});
  r.add({dict_multiple, "dict-multiple", msg::DataModel::dictionary, AccessPolicy::node_multiple, 0, 0, 3, false, {}});
  r.add({dict_user, "dict-user", msg::DataModel::dictionary, AccessPolicy::user_match, 0, 0, 0, false, {}});
  r.add({single_user_node,
         "single-user-node",
         msg::DataModel::single_value,
         AccessPolicy::user_node_match,
         0,
         0,
         0,
         false,
         {}});
  return r;
}

inline msg::CodecContext test_context(const KindRegistry& r) {
  msg::CodecContext ctx;
  ctx.kinds = r.kind_table();
  return ctx;
}

inline msg::StoredDataValue single(std::string_view v, bool exists = true) {
  return {msg::DataValue{exists, base::to_bytes(v)}};
}
inline msg::StoredDataValue entry(std::uint32_t index, std::string_view v, bool exists = true) {
  return {msg::ArrayEntry{index, {exists, base::to_bytes(v)}}};
}
inline msg::StoredDataValue keyed(Bytes key, std::string_view v, bool exists = true) {
  return {msg::DictionaryEntry{std::move(key), {exists, base::to_bytes(v)}}};
}

// The value_bytes of a DataValue, whatever the model.
inline std::string text_of(const msg::StoredData& d) {
  const msg::DataValue* v = nullptr;
  if (const auto* s = std::get_if<msg::DataValue>(&d.value.value)) v = s;
  if (const auto* a = std::get_if<msg::ArrayEntry>(&d.value.value)) v = &a->value;
  if (const auto* k = std::get_if<msg::DictionaryEntry>(&d.value.value)) v = &k->value;
  return {v->value.begin(), v->value.end()};
}
inline bool exists_of(const msg::StoredData& d) {
  if (const auto* s = std::get_if<msg::DataValue>(&d.value.value)) return s->exists;
  if (const auto* a = std::get_if<msg::ArrayEntry>(&d.value.value)) return a->value.exists;
  return std::get<msg::DictionaryEntry>(d.value.value).value.exists;
}

class StorageTest : public ::testing::Test {
 protected:
  KindRegistry kinds = test_registry();
  test::FakeVerifier verifier;
  msg::CodecContext ctx = test_context(kinds);
  base::ManualClock clock{base::TimePoint{} + std::chrono::hours(1)};

  test::FakeSigner alice{"alice@example.com", {node(0xa1), node(0xa2)}};
  test::FakeSigner bob{"bob@example.com", {node(0xb1)}};
  reload::ResourceId alice_res = overlay_hash(base::as_bytes("alice@example.com"));
  reload::ResourceId bob_res = overlay_hash(base::as_bytes("bob@example.com"));

  DataStore store{kinds, verifier, ctx};

  [[nodiscard]] base::TimePoint now() const { return clock.now(); }

  msg::StoredData sign(const test::FakeSigner& who, const reload::ResourceId& res, msg::KindId kind,
                       msg::StoredDataValue value, std::uint64_t storage_time = 1000, std::uint32_t lifetime = 60) {
    msg::StoredData d;
    d.storage_time = storage_time;
    d.lifetime = lifetime;
    d.value = std::move(value);
    d.signature.identity = who.signer_identity();
    auto input = msg::stored_data_signature_input(res, kind, d, ctx);
    EXPECT_TRUE(input.has_value());
    d.signature = who.sign(*input);
    return d;
  }

  static msg::StoreReq request(const reload::ResourceId& res, std::vector<msg::StoreKindData> kd,
                               std::uint8_t replica = 0) {
    return msg::StoreReq{res, replica, std::move(kd)};
  }
  static msg::StoreKindData kind_data(msg::KindId kind, std::vector<msg::StoredData> values,
                                      std::uint64_t generation = 0) {
    return msg::StoreKindData{kind, generation, std::move(values)};
  }

  // Stores values signed by `who` at `res`, with who's certificate and as request signer.
  base::result<msg::StoreAns, StoreError> put(const test::FakeSigner& who, const reload::ResourceId& res,
                                              msg::KindId kind, std::vector<msg::StoredDataValue> values,
                                              std::uint64_t storage_time = 1000, std::uint64_t generation = 0,
                                              std::uint32_t lifetime = 60) {
    std::vector<msg::StoredData> signed_values;
    for (auto& v : values) signed_values.push_back(sign(who, res, kind, std::move(v), storage_time, lifetime));
    const std::vector<msg::GenericCertificate> certs{who.certificate()};
    return store.store(request(res, {kind_data(kind, std::move(signed_values), generation)}), certs, who.identity(),
                       now());
  }

  static msg::StoredDataSpecifier single_spec(msg::KindId kind, std::uint64_t generation = 0) {
    return {kind, generation, msg::SingleValueSpecifier{}};
  }
  static msg::StoredDataSpecifier array_spec(msg::KindId kind, std::vector<msg::ArrayRange> ranges,
                                             std::uint64_t generation = 0) {
    return {kind, generation, msg::ArraySpecifier{std::move(ranges)}};
  }
  static msg::StoredDataSpecifier dict_spec(msg::KindId kind, std::vector<Bytes> keys, std::uint64_t generation = 0) {
    return {kind, generation, msg::DictionarySpecifier{std::move(keys)}};
  }

  // The values of the one kind a fetch asked for.
  std::vector<msg::StoredData> fetch_values(const DataStore& from, const reload::ResourceId& res,
                                            msg::StoredDataSpecifier spec) {
    auto ans = from.fetch(msg::FetchReq{res, {std::move(spec)}}, now());
    EXPECT_TRUE(ans.has_value());
    if (!ans) return {};
    EXPECT_EQ(ans->kind_responses.size(), 1u);
    return std::get<std::vector<msg::StoredData>>(ans->kind_responses.at(0).values);
  }
};

}  // namespace disco::storage::testing
