#include "libcommon/sip/msg/parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/serializer.hpp"

namespace disco::sip {
namespace {

constexpr std::string_view invite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

TEST(Parser, ParsesARequest) {
  auto m = parse_message(invite);
  ASSERT_TRUE(m) << m.error().message();
  ASSERT_TRUE(m->is_request());
  EXPECT_EQ(*m->request_line(), (RequestLine{"INVITE", "sip:bob@biloxi.example.com", "SIP/2.0"}));
  EXPECT_EQ(m->headers.size(), 8u);  // Content-Length is the body's size, not a kept field
  EXPECT_FALSE(m->has("Content-Length"));
  EXPECT_EQ(*m->find("call-id"), "a84b4c76e66710@pc33.atlanta.example.com");
  EXPECT_EQ(m->body, "v=0\n");
}

TEST(Parser, ParsesAResponse) {
  auto m = parse_message("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nl: 0\r\n\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->status_line(), (StatusLine{"SIP/2.0", 180, "Ringing"}));
  EXPECT_TRUE(m->body.empty());
  // A missing SP before an empty reason phrase is tolerated.
  auto bare = parse_message("SIP/2.0 100\r\n\r\n");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status_line()->reason, "");
}

TEST(Parser, UnfoldsContinuationLines) {
  auto m = parse_message(
      "OPTIONS sip:a@b SIP/2.0\r\nSubject: one\r\n  two \r\n\tthree\r\nX-Empty:\r\nX-Later:\r\n late\r\n\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->find("Subject"), "one two three");
  EXPECT_EQ(*m->find("X-Empty"), "");
  EXPECT_EQ(*m->find("X-Later"), "late");
}

TEST(Parser, DatagramBodyIsTheRestWithoutContentLength) {
  auto m = parse_message("MESSAGE sip:a@b SIP/2.0\r\nC: text/plain\r\n\r\nhello\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, "hello\r\n");
}

TEST(Parser, RejectsBrokenFraming) {
  const auto code = [](std::string_view text, Limits limits = {}) { return parse_message(text, limits).error().code; };
  EXPECT_EQ(code(""), errc::empty_message);
  EXPECT_EQ(code("\r\n\r\n"), errc::empty_message);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n"), errc::unterminated_head);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\nVia: x\n\n"), errc::bad_line_ending);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\r\nVia: x\ry\r\n\r\n"), errc::bad_line_ending);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\r\nl: 10\r\n\r\nshort"), errc::body_truncated);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\r\nl: +5\r\n\r\nhello"), errc::invalid_content_length);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\r\nl: 5\r\nContent-Length: 5\r\n\r\nhello"), errc::duplicate_content_length);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\r\n folded\r\n\r\n"), errc::invalid_header_line);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\r\nNo colon here\r\n\r\n"), errc::invalid_header_line);
  EXPECT_EQ(code("OPTIONS sip:a@b SIP/2.0\r\n: no name\r\n\r\n"), errc::invalid_header_line);
}

TEST(Parser, RejectsBrokenStartLines) {
  const auto code = [](std::string_view line) { return parse_message(std::string(line) + "\r\n\r\n").error().code; };
  EXPECT_EQ(code("INVITE sip:a@b"), errc::invalid_request_line);
  EXPECT_EQ(code("INVITE sip:a@b SIP/2"), errc::invalid_request_line);
  EXPECT_EQ(code("INV(TE sip:a@b SIP/2.0"), errc::invalid_request_line);
  EXPECT_EQ(code("INVITE sip:a@b\x01 SIP/2.0"), errc::invalid_request_line);
  EXPECT_EQ(code("SIP/2.0 2000 OK"), errc::invalid_status_code);
  EXPECT_EQ(code("SIP/2.0 099 Low"), errc::invalid_status_code);
  EXPECT_EQ(code("SIP/2.0 700 High"), errc::invalid_status_code);
  EXPECT_EQ(code("SIP/2.0 200 O\x01K"), errc::invalid_status_line);
  EXPECT_EQ(code("SIP/2.x 200 OK"), errc::invalid_status_line);
}

TEST(Parser, LimitsGiveSpecificErrors) {
  std::string many = "MESSAGE sip:a@b SIP/2.0\r\n";
  for (int i = 0; i < 10000; ++i) many += "X: y\r\n";
  many += "\r\n";
  EXPECT_EQ(parse_message(many).error().code, errc::too_many_headers);
  Limits small_head;
  small_head.max_head_size = 1000;
  EXPECT_EQ(parse_message(many, small_head).error().code, errc::head_too_large);

  // A huge Content-Length allocates nothing: it is refused from the header.
  EXPECT_EQ(parse_message("MESSAGE sip:a@b SIP/2.0\r\nl: 18446744073709551615\r\n\r\nx").error().code,
            errc::body_too_large);
  EXPECT_EQ(parse_message("MESSAGE sip:a@b SIP/2.0\r\nl: 18446744073709551616\r\n\r\nx").error().code,
            errc::invalid_content_length);
  Limits small_body;
  small_body.max_body_size = 3;
  EXPECT_EQ(parse_message("MESSAGE sip:a@b SIP/2.0\r\n\r\nhello", small_body).error().code, errc::body_too_large);
  Limits small_message;
  small_message.max_message_size = 30;
  EXPECT_EQ(parse_message("MESSAGE sip:a@b SIP/2.0\r\nl: 5\r\n\r\nhello", small_message).error().code,
            errc::message_too_large);
}

TEST(Parser, OwnOutputParsesToAnEqualMessage) {
  auto m = parse_message(invite);
  ASSERT_TRUE(m);
  const std::string out = to_string(*m);
  auto again = parse_message(out);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *m);
  EXPECT_EQ(to_string(*again), out);
}

TEST(Parser, SerialiserWritesCanonicalNames) {
  auto m = parse_message(
      "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\ncseq: 1 OPTIONS\r\nI: id@h\r\n"
      "www-authenticate: Digest realm=\"x\"\r\nX-Custom-thing: kept\r\nl: 0\r\n\r\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(to_string(*m),
            "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\nCall-ID: id@h\r\n"
            "WWW-Authenticate: Digest realm=\"x\"\r\nX-Custom-thing: kept\r\nContent-Length: 0\r\n\r\n");
}

TEST(Parser, SerialiserCannotBeMadeToInjectLines) {
  Message m;
  m.start = RequestLine{"MESSAGE", "sip:a@b", "SIP/2.0"};
  m.add("Subject", "hi\r\nVia: forged");
  m.add("Content-Length", "999");  // ignored: the body's size is written
  m.body = "x";
  const std::string out = to_string(m);
  EXPECT_EQ(out, "MESSAGE sip:a@b SIP/2.0\r\nSubject: hi  Via: forged\r\nContent-Length: 1\r\n\r\nx");
}

}  // namespace
}  // namespace disco::sip
