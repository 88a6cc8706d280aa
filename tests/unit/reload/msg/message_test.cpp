#include "libcommon/reload/msg/message.hpp"

#include <gtest/gtest.h>

#include "libcommon/reload/msg/errc.hpp"
#include "libcommon/reload/msg/error_response.hpp"
#include "libcommon/reload/msg/signature_input.hpp"
#include "tests/support/codec_checks.hpp"

namespace disco::reload::msg {
namespace {

const CodecContext ctx;

Message golden_ping() {
  auto bytes = test::load_hex_vector("reload/message_ping_req.hex");
  auto m = decode_message(bytes, ctx);
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message());
  return m ? *m : Message{};
}

TEST(Message, GoldenPingDecodesAndReencodesByteExact) {
  const auto bytes = test::load_hex_vector("reload/message_ping_req.hex");
  auto m = decode_message(bytes, ctx);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->header.length, bytes.size());
  EXPECT_EQ(m->contents.message_code, MessageCode::ping_req);
  EXPECT_EQ(base::to_hex(m->contents.message_body), "000400000000");
  ASSERT_EQ(m->security.certificates.size(), 1u);
  EXPECT_EQ(m->security.certificates[0].type, 0);
  EXPECT_EQ(m->security.signature.algorithm,
            (SignatureAndHashAlgorithm{hash_algorithm::sha256, signature_algorithm::rsa}));
  const auto& id = std::get<CertHash>(m->security.signature.identity.value);
  EXPECT_EQ(id.certificate_hash.size(), 32u);
  EXPECT_EQ(base::to_hex(m->security.signature.signature_value), "a1b2c3d4");
  auto again = encode_message(*m, ctx);
  ASSERT_TRUE(again);
  EXPECT_EQ(base::to_hex(*again), base::to_hex(bytes));
}

TEST(Message, GoldenErrorResponse) {
  const auto bytes = test::load_hex_vector("reload/message_error.hex");
  auto m = decode_message(bytes, ctx);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->contents.message_code, MessageCode::error);
  auto e = decode_as<ErrorResponse>(m->contents.message_body, ctx);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->error_code, static_cast<std::uint16_t>(ErrorCode::not_found));
  EXPECT_EQ(std::string(e->error_info.begin(), e->error_info.end()), "no such resource");
  EXPECT_TRUE(std::holds_alternative<NoSignerIdentity>(m->security.signature.identity.value));
  EXPECT_EQ(error_code_name(e->error_code), "Error_Not_Found");
}

TEST(Message, EveryPrefixIsTruncated) {
  for (const char* v : {"reload/message_ping_req.hex", "reload/message_error.hex"}) {
    const auto bytes = test::load_hex_vector(v);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      auto r = decode_message(base::BytesView(bytes).first(n), ctx);
      ASSERT_FALSE(r) << v << " prefix " << n;
      ASSERT_EQ(r.error().code, wire::errc::truncated) << v << " prefix " << n << ": " << r.error().message();
    }
  }
}

TEST(Message, TrailingBytesBeyondLengthAreRejected) {
  auto bytes = test::load_hex_vector("reload/message_ping_req.hex");
  bytes.push_back(0);
  auto r = decode_message(bytes, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::trailing_bytes);
  EXPECT_EQ(r.error().offset, bytes.size() - 1);
}

TEST(Message, UnknownMessageCodeIsRejected) {
  auto bytes = test::load_hex_vector("reload/message_ping_req.hex");
  const std::size_t code_at = 38 + 18;
  bytes[code_at] = 0x00;
  bytes[code_at + 1] = 0x05;  // unassigned (s14.8)
  auto r = decode_message(bytes, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unknown_message_code);
  EXPECT_EQ(r.error().offset, code_at);
  EXPECT_EQ(r.error().structure, "MessageContents");
}

TEST(Message, FragmentsAreNotDecodedAsWholeMessages) {
  auto bytes = test::load_hex_vector("reload/message_ping_req.hex");
  bytes[12] = 0x80;  // high bit set, last-fragment bit clear
  auto r = decode_message(bytes, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::fragmented);
  // The forwarding header alone still decodes, which is all a forwarding peer needs.
  auto h = decode_forwarding_header(bytes, ctx);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->header.is_fragment());
  EXPECT_EQ(h->header_size, 38u + 18u);
}

TEST(Message, InputAboveMaxMessageSizeIsRejectedBeforeParsing) {
  CodecContext small;
  small.limits.max_message_size = 100;
  const auto bytes = test::load_hex_vector("reload/message_ping_req.hex");
  auto r = decode_message(bytes, small);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::message_too_large);
}

TEST(Message, EncodeFillsInLength) {
  Message m;
  m.header.destination_list.push_back({NodeId::wildcard()});
  m.contents.message_code = MessageCode::ping_req;
  m.security.signature.identity.value = NoSignerIdentity{};
  auto b = encode_message(m, ctx);
  ASSERT_TRUE(b);
  auto back = decode_message(*b, ctx);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->header.length, b->size());
  EXPECT_TRUE(std::get<NodeId>(back->header.destination_list[0].value).is_wildcard());
}

TEST(ErrorResponse, DecodeErrorsMapToReloadErrorCodes) {
  EXPECT_EQ(error_code_for(errc::message_too_large), ErrorCode::message_too_large);
  EXPECT_EQ(error_code_for(errc::unknown_kind), ErrorCode::unknown_kind);
  EXPECT_EQ(error_code_for(wire::errc::truncated), ErrorCode::invalid_message);
  EXPECT_EQ(error_code_for(errc::unknown_message_code), ErrorCode::invalid_message);
}

TEST(MessageSignatureInput, IsOverlayTransactionIdContentsAndSignerIdentity) {
  const Message m = golden_ping();
  auto input = message_signature_input(m, ctx);
  ASSERT_TRUE(input);
  // s6.3.4: overlay (4) || transaction_id (8) || MessageContents || SignerIdentity, as on the wire.
  EXPECT_EQ(base::to_hex(*input),
            "9aa32b8d"
            "0102030405060708"
            "0017"
            "00000006"
            "000400000000"
            "00000000"
            "01"
            "0022"
            "0420"
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
}

TEST(SignerIdentity, UnknownTypeIsCarriedAndTypeZeroRejected) {
  SignerIdentity s{UnknownSignerIdentity{0x07, {0xaa}}};
  EXPECT_EQ(base::to_hex(test::expect_round_trip(s)), "070001aa");
  auto r = decode_as<SignerIdentity>(*base::from_hex("000000"), ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, wire::errc::invalid_value);
}

TEST(SecurityBlock, RoundTripsWithSeveralCertificatesAndNodeIdHash) {
  SecurityBlock sb;
  sb.certificates = {{0, {1, 2, 3}}, {1, {4}}};
  sb.signature.identity.value = CertHashNodeId{hash_algorithm::sha1, base::Bytes(20, 0x5a)};
  sb.signature.signature_value = base::Bytes(256, 0x11);
  test::expect_round_trip(sb);
}

}  // namespace
}  // namespace disco::reload::msg
