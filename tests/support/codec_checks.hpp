#pragma once
// Property checks every RELOAD struct codec must pass, shared by the unit tests.

#include <gtest/gtest.h>

#include <string>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/codec.hpp"
#include "libcommon/wire/errc.hpp"
#include "tests/support/vectors.hpp"

namespace disco::test {

// Every proper prefix of a valid encoding must fail cleanly with "truncated" (the Beast-style
// split-at-every-offset grind), never succeed, crash or report another error.
// extra: what decode_as passes to decoders besides the context (a DataModel for StoredData).
template <class T, class... Extra>
void expect_every_prefix_truncated(base::BytesView bytes, const reload::msg::CodecContext& ctx, const Extra&... extra) {
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto r = reload::msg::decode_as<T>(bytes.first(n), ctx, extra...);
    ASSERT_FALSE(r.has_value()) << "prefix of " << n << " bytes decoded";
    ASSERT_EQ(r.error().code, wire::errc::truncated) << "prefix of " << n << " bytes: " << r.error().message();
    ASSERT_LE(r.error().offset, n) << "prefix of " << n << " bytes: " << r.error().message();
  }
}

// value -> bytes -> value gives the same value and the same bytes.
template <class T, class... Extra>
base::Bytes expect_round_trip(const T& value, const reload::msg::CodecContext& ctx = {}, const Extra&... extra) {
  auto encoded = reload::msg::encode_as(value, ctx);
  EXPECT_TRUE(encoded.has_value()) << (encoded ? "" : encoded.error().message());
  if (!encoded) return {};
  auto decoded = reload::msg::decode_as<T>(*encoded, ctx, extra...);
  EXPECT_TRUE(decoded.has_value()) << (decoded ? "" : decoded.error().message());
  if (!decoded) return {};
  EXPECT_TRUE(*decoded == value);
  auto again = reload::msg::encode_as(*decoded, ctx);
  EXPECT_TRUE(again.has_value() && *again == *encoded);
  return *encoded;
}

// A golden vector decodes, re-encodes to the same bytes, and every prefix is truncated. Returns the
// decoded value for field checks.
template <class T, class... Extra>
T expect_golden(std::string_view vector, const reload::msg::CodecContext& ctx = {}, const Extra&... extra) {
  const base::Bytes bytes = load_hex_vector(vector);
  auto decoded = reload::msg::decode_as<T>(bytes, ctx, extra...);
  EXPECT_TRUE(decoded.has_value()) << vector << ": " << (decoded ? "" : decoded.error().message());
  if (!decoded) return T{};
  auto encoded = reload::msg::encode_as(*decoded, ctx);
  EXPECT_TRUE(encoded.has_value());
  if (encoded) EXPECT_EQ(base::to_hex(*encoded), base::to_hex(bytes)) << vector;
  expect_every_prefix_truncated<T>(bytes, ctx, extra...);
  return *decoded;
}

}  // namespace disco::test
