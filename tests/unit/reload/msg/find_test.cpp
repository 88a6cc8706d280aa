#include "libcommon/reload/msg/find.hpp"

#include <gtest/gtest.h>

#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

using base::Bytes;

const CodecContext ctx;

Bytes hex(std::string_view s) { return *base::from_hex(s); }

TEST(FindReq, GoldenVectorDecodesFieldByField) {
  const auto req = test::expect_golden<FindReq>("reload/find_req.hex", ctx);
  EXPECT_EQ(req.resource.to_hex(), "a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f");
  EXPECT_EQ(req.kinds, (std::vector<KindId>{kinds::sip_registration, kinds::turn_service, 0xf0000001}));
}

TEST(FindReq, KindsListIsBytesNotCount) {
  // 6 bytes of kinds: one KindId and half of another.
  auto r = decode_as<FindReq>(hex("00"
                                  "06"
                                  "00000001"
                                  "0000"),
                              ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::truncated);
  EXPECT_EQ(r.error().field, "kind");
  // Repeated kinds are the answering peer's error to report, not a decoding failure.
  EXPECT_EQ(base::to_hex(test::expect_round_trip(FindReq{{}, {1, 1}}, ctx)),
            "00"
            "08"
            "00000001"
            "00000001");
}

TEST(FindReq, ListCountLimitIsEnforced) {
  CodecContext tight;
  tight.limits.max_list_count = 2;
  auto r = decode_as<FindReq>(test::load_hex_vector("reload/find_req.hex"), tight);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::limit_exceeded);
  EXPECT_EQ(r.error().field, "kinds");
}

TEST(FindReq, At63KindsTheOneByteLengthIsFull) {
  FindReq req;
  req.kinds.assign(63, kinds::turn_service);
  EXPECT_EQ(test::expect_round_trip(req, ctx).size(), 1u + 1u + 252u);
  req.kinds.push_back(kinds::turn_service);
  auto e = encode_as(req, ctx);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, wire::errc::value_too_long);
  EXPECT_EQ(e.error().field, "kinds");
}

TEST(FindAns, GoldenVectorDecodesFieldByField) {
  const auto ans = test::expect_golden<FindAns>("reload/find_ans.hex", ctx);
  ASSERT_EQ(ans.results.size(), 3u);
  EXPECT_EQ(ans.results[0].kind, kinds::sip_registration);
  EXPECT_EQ(ans.results[0].closest.to_hex(), "a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e60");
  EXPECT_EQ(ans.results[1].kind, kinds::turn_service);
  EXPECT_EQ(ans.results[1].closest.to_hex(), "a2fd6e3b5f8b9c1d4e7f0a1b2c3d4e5f");
  EXPECT_EQ(ans.results[2].kind, 0xf0000001u);
  EXPECT_EQ(ans.results[2].closest.bytes, Bytes(16, 0));
}

TEST(FindAns, RoundTripsAnyResourceIdLength) {
  FindAns ans{{{kinds::redir, ResourceId{}}, {kinds::turn_service, ResourceId{{0x01}}}}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(ans, ctx)),
            "000b"
            "00000104"
            "00"
            "00000002"
            "0101");
}

}  // namespace
}  // namespace disco::reload::msg
