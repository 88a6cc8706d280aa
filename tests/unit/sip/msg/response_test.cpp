#include "libcommon/sip/msg/response.hpp"

#include <gtest/gtest.h>

#include <random>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/ids.hpp"
#include "libcommon/sip/msg/name_addr.hpp"
#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/validate.hpp"
#include "libcommon/sip/msg/via.hpp"

namespace disco::sip {
namespace {

constexpr std::string_view subscribe =
    "SUBSCRIBE sip:conf@focus.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP client.example.com:5060;branch=z9hG4bKaaa\r\n"
    "Via: SIP/2.0/TCP proxy.example.com;branch=z9hG4bKbbb;received=192.0.2.9\r\n"
    "Max-Forwards: 69\r\n"
    "From: <sip:alice@example.com>;tag=ftag\r\n"
    "To: <sip:conf@focus.example.com>\r\n"
    "Call-ID: c1@client.example.com\r\n"
    "CSeq: 7 SUBSCRIBE\r\n"
    "Timestamp: 54\r\n"
    "Event: conference\r\n"
    "Expires: 600\r\n"
    "Contact: <sip:alice@client.example.com;transport=tcp>\r\n"
    "Content-Length: 0\r\n\r\n";

TEST(MakeResponse, CopiesTheFieldsOfSection8_2_6) {
  auto req = parse_message(subscribe);
  ASSERT_TRUE(req);
  ASSERT_FALSE(validate(*req));
  const Message r = make_response(*req, 200, {}, "totag");
  EXPECT_EQ(*r.status_line(), (StatusLine{"SIP/2.0", 200, "OK"}));
  EXPECT_EQ(r.find_all("Via"), req->find_all("Via"));
  EXPECT_EQ(*r.find("From"), "<sip:alice@example.com>;tag=ftag");
  EXPECT_EQ(*r.find("To"), "<sip:conf@focus.example.com>;tag=totag");
  EXPECT_EQ(*r.find("Call-ID"), "c1@client.example.com");
  EXPECT_EQ(*r.find("CSeq"), "7 SUBSCRIBE");
  EXPECT_FALSE(r.has("Timestamp"));
  EXPECT_FALSE(r.has("Event"));
  EXPECT_FALSE(validate(r));

  const Message trying = make_response(*req, 100, {}, "totag");
  EXPECT_EQ(trying.status_line()->reason, "Trying");
  EXPECT_EQ(*trying.find("To"), "<sip:conf@focus.example.com>");  // no tag in a 100 (s8.2.6.2)
  EXPECT_EQ(*trying.find("Timestamp"), "54");                     // s8.2.6.1

  // A To that has a tag keeps it.
  Message in_dialog = *req;
  in_dialog.set("To", "<sip:conf@focus.example.com>;tag=old");
  EXPECT_EQ(*make_response(in_dialog, 200, {}, "new").find("To"), "<sip:conf@focus.example.com>;tag=old");
  EXPECT_EQ(make_response(*req, 489).status_line()->reason, "Bad Event");
  EXPECT_EQ(make_response(*req, 299, "Custom").status_line()->reason, "Custom");
}

TEST(ResponseToInvalid, OnlyRequestsOtherThanAckWithAVia) {
  auto req = parse_message(subscribe);
  ASSERT_TRUE(req);
  const Error why{make_error_code(errc::invalid_cseq), "CSeq"};
  auto r = response_to_invalid(*req, why, "t");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status_line()->code, 400);
  EXPECT_EQ(r->status_line()->reason, "Bad Request (CSeq: invalid CSeq)");
  EXPECT_EQ(status_for(Error{make_error_code(errc::unsupported_version), {}}),
            (ResponseStatus{505, "Version Not Supported"}));

  Message ack = *req;
  ack.request_line()->method = "ACK";
  EXPECT_FALSE(response_to_invalid(ack, why));
  Message no_via = *req;
  no_via.erase("Via");
  EXPECT_FALSE(response_to_invalid(no_via, why));
  EXPECT_FALSE(response_to_invalid(make_response(*req, 200), why));
}

TEST(ResponseToUnparseable, AnswersWhatCanBeIdentified) {
  const std::string truncated =
      "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\nCSeq: 1 INVITE\r\nl: "
      "100\r\n\r\nv=0";
  auto parsed = parse_message(truncated);
  ASSERT_FALSE(parsed);
  auto r = response_to_unparseable(base::as_bytes(truncated), parsed.error(), "tt");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status_line()->reason, "Bad Request (Content-Length: body shorter than Content-Length)");
  EXPECT_EQ(*r->find("To"), "<sip:a@b>;tag=tt");
  EXPECT_EQ(*r->find("Via"), "SIP/2.0/UDP h;branch=z9hG4bK1");

  // A datagram cut inside its header section still answers with the lines that arrived whole.
  const std::string cut = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a";
  auto cut_parsed = parse_message(cut);
  ASSERT_FALSE(cut_parsed);
  EXPECT_EQ(cut_parsed.error().code, errc::unterminated_head);
  auto cut_answer = response_to_unparseable(base::as_bytes(cut), cut_parsed.error());
  ASSERT_TRUE(cut_answer);
  EXPECT_FALSE(cut_answer->has("To"));

  const Error why{make_error_code(errc::invalid_request_line), {}};
  EXPECT_FALSE(response_to_unparseable(base::as_bytes("SIP/2.0 200 OK\r\nVia: x\r\n\r\n"), why));
  EXPECT_FALSE(response_to_unparseable(base::as_bytes("ACK  sip:a@b SIP/2.0\r\nVia: x\r\n\r\n"), why));
  EXPECT_FALSE(response_to_unparseable(base::as_bytes("INVITE sip:a@b SIP/2.0\r\nTo: x\r\n\r\n"), why));
  EXPECT_FALSE(response_to_unparseable(base::as_bytes("IN(VITE sip:a@b SIP/2.0\r\nVia: x\r\n\r\n"), why));
  EXPECT_FALSE(response_to_unparseable(base::as_bytes("garbage without line end"), why));
  EXPECT_FALSE(response_to_unparseable(base::as_bytes(""), why));
}

TEST(Ids, BranchesTagsAndCallIdsComeFromTheInjectedGenerator) {
  std::mt19937_64 rng(42);
  const std::string branch = make_branch(rng);
  EXPECT_TRUE(is_rfc3261_branch(branch));
  EXPECT_EQ(branch.size(), 7u + 24u);
  const std::string tag = make_tag(rng);
  EXPECT_EQ(tag.size(), 12u);
  const std::string call_id = make_call_id(rng, "host.example.com");
  EXPECT_EQ(call_id.size(), 24u + 1u + 16u);
  EXPECT_TRUE(call_id.ends_with("@host.example.com"));

  // The same seed gives the same identifiers; consecutive draws differ.
  std::mt19937_64 again(42);
  EXPECT_EQ(make_branch(again), branch);
  EXPECT_EQ(make_tag(again), tag);
  EXPECT_NE(make_tag(rng), tag);
  EXPECT_EQ(make_call_id(rng).find('@'), std::string::npos);
  // They are valid where they go.
  auto via = parse_via("SIP/2.0/UDP h;branch=" + branch);
  ASSERT_TRUE(via);
  auto to = parse_name_addr("<sip:a@b>;tag=" + tag);
  ASSERT_TRUE(to);
  EXPECT_EQ(to->tag(), tag);
}

}  // namespace
}  // namespace disco::sip
