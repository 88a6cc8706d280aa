#include "libcommon/reload/msg/body.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "tests/support/sample_messages.hpp"

namespace disco::reload::msg {
namespace {

TEST(Body, EveryMessageCodeDecodesItsSampleBodyAndReencodesItByteExact) {
  const CodecContext ctx;
  const auto codes = test::all_message_codes();
  ASSERT_EQ(codes.size(), 31u);  // 15 request/answer pairs and error (s14.8)
  for (auto code : codes) {
    const auto bytes = test::sample_body(code);
    auto body = decode_body(code, bytes, ctx);
    ASSERT_TRUE(body) << *message_code_name(static_cast<std::uint16_t>(code)) << ": " << body.error().message();
    EXPECT_EQ(body->code, code);
    auto again = encode_body(*body, ctx);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, bytes) << *message_code_name(static_cast<std::uint16_t>(code));
  }
}

TEST(Body, TheCodePicksTheStruct) {
  const CodecContext ctx;
  const auto bytes = test::sample_body(MessageCode::attach_req);
  auto req = decode_body(MessageCode::attach_req, bytes, ctx);
  auto ans = decode_body(MessageCode::attach_ans, bytes, ctx);
  ASSERT_TRUE(req && ans);
  EXPECT_TRUE(std::holds_alternative<AttachReqAns>(req->value));
  EXPECT_EQ(req->value, ans->value);
  // A PingAns is two uint64; an attach body is not one.
  EXPECT_FALSE(decode_body(MessageCode::ping_ans, bytes, ctx));
}

TEST(Body, EncodingAValueUnderTheWrongCodeFails) {
  Body b{MessageCode::ping_ans, PingReq{}};
  auto r = encode_body(b, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
}

TEST(Body, UnknownCodeIsRejected) {
  auto r = decode_body(static_cast<MessageCode>(0x0005), {}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unknown_message_code);
}

TEST(Body, EmptyBodiesRejectTrailingBytes) {
  const base::Bytes one{0x00};
  for (auto code : {MessageCode::leave_ans, MessageCode::update_ans, MessageCode::config_update_ans}) {
    EXPECT_TRUE(decode_body(code, {}, {}));
    auto r = decode_body(code, one, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, wire::errc::trailing_bytes);
  }
}

TEST(Body, ExperimentalBodiesAreCarriedVerbatim) {
  const base::Bytes bytes{1, 2, 3};
  auto body = decode_body(MessageCode::exp_b_ans, bytes, {});
  ASSERT_TRUE(body);
  EXPECT_EQ(std::get<ExperimentalBody>(body->value).bytes, bytes);
}

}  // namespace
}  // namespace disco::reload::msg
