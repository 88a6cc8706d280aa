#include "libcommon/sip/dialog/dialog.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "libcommon/sip/msg/cseq.hpp"
#include "libcommon/sip/msg/parser.hpp"

namespace disco::sip {
namespace {

Message parse(const std::string& text) {
  auto m = parse_message(std::string_view(text));
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message()) << "\n" << text;
  return m ? *m : Message{};
}

NameAddr addr(std::string_view text) {
  auto a = parse_name_addr(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a ? *a : NameAddr{};
}

Uri uri(std::string_view text) {
  auto u = parse_uri(text);
  EXPECT_TRUE(u.has_value()) << text;
  return u ? *u : Uri{};
}

// Alice's SUBSCRIBE (or INVITE) as sent, before any dialog exists.
Message request(const std::string& method = "SUBSCRIBE", const std::string& extra = {}) {
  return parse(
      fmt::format("{} sip:conf@example.org SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKa1\r\n"
                  "Max-Forwards: 70\r\nFrom: \"Alice\" <sip:alice@example.org>;tag=a1\r\nTo: <sip:conf@example.org>\r\n"
                  "Call-ID: c1@198.51.100.7\r\nCSeq: 5 {}\r\nContact: <sip:alice@198.51.100.7:5070>\r\n{}"
                  "Content-Length: 0\r\n\r\n",
                  method, method, extra));
}

// The 2xx to it. Each proxy puts its Record-Route value first (RFC 3261 s16.6 step 4), so the list
// starts with the proxy nearest to the UAS.
Message two_hundred(const std::string& record_route) {
  return parse(
      fmt::format("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKa1\r\n"
                  "From: \"Alice\" <sip:alice@example.org>;tag=a1\r\nTo: <sip:conf@example.org>;tag=f1\r\n"
                  "Call-ID: c1@198.51.100.7\r\nCSeq: 5 SUBSCRIBE\r\nContact: <sip:focus@192.0.2.5:5060>;isfocus\r\n{}"
                  "Content-Length: 0\r\n\r\n",
                  record_route));
}

// accept_request()'s verdict as one value, so that a test line reads as the rule it checks.
std::string accepted(Dialog& d, const Message& m, bool target_refresh) {
  auto r = d.accept_request(m, target_refresh);
  if (!r) return "error: " + r.error().message();
  return *r ? "in order" : "out of order";
}

std::vector<std::string> routes_of(const Dialog& d) {
  std::vector<std::string> out;
  for (const auto& r : d.route_set) out.push_back(to_string(r.uri));
  return out;
}

TEST(Dialog, UacDialogFromTwoHundredTakesRecordRouteReversed) {
  const auto d =
      dialog_from_response(request(), two_hundred("Record-Route: <sip:p3.example.org;lr>, <sip:p2.example.org;lr>\r\n"
                                                  "Record-Route: <sip:p1.example.org;lr>\r\n"));
  ASSERT_TRUE(d.has_value()) << d.error().message();
  EXPECT_EQ(d->id, (DialogId{"c1@198.51.100.7", "a1", "f1"}));
  EXPECT_EQ(d->local.tag(), "a1");
  EXPECT_EQ(d->local.display_name, "Alice");
  EXPECT_EQ(d->remote.tag(), "f1");
  EXPECT_EQ(to_string(d->remote_target), "sip:focus@192.0.2.5:5060");
  // RFC 3261 s12.1.2: reversed, so that the route set starts at the proxy next to us.
  EXPECT_EQ(routes_of(*d),
            (std::vector<std::string>{"sip:p1.example.org;lr", "sip:p2.example.org;lr", "sip:p3.example.org;lr"}));
  EXPECT_EQ(d->local_seq, 5u);
  EXPECT_FALSE(d->remote_seq.has_value());  // s12.1.2: empty until the peer sends a request
}

TEST(Dialog, UacDialogNeedsATagAndOneContact) {
  auto no_tag = two_hundred("");
  no_tag.set("To", "<sip:conf@example.org>");
  EXPECT_FALSE(dialog_from_response(request(), no_tag).has_value());
  auto no_contact = two_hundred("");
  no_contact.erase("Contact");
  EXPECT_FALSE(dialog_from_response(request(), no_contact).has_value());
  auto wildcard = two_hundred("");
  wildcard.set("Contact", "*");
  EXPECT_FALSE(dialog_from_response(request(), wildcard).has_value());
}

TEST(Dialog, UacDialogFromNotifyTakesRecordRouteInOrder) {
  const auto notify = parse(
      "NOTIFY sip:alice@198.51.100.7:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bKn1\r\n"
      "Record-Route: <sip:p1.example.org;lr>, <sip:p2.example.org;lr>\r\n"
      "From: <sip:conf@example.org>;tag=f9\r\nTo: \"Alice\" <sip:alice@example.org>;tag=a1\r\n"
      "Call-ID: c1@198.51.100.7\r\nCSeq: 1 NOTIFY\r\nContact: <sip:focus@192.0.2.5:5060>\r\nEvent: conference\r\n"
      "Subscription-State: active;expires=600\r\nContent-Length: 0\r\n\r\n");
  const auto d = dialog_from_notify(request(), notify);
  ASSERT_TRUE(d.has_value()) << d.error().message();
  // RFC 6665 s4.1.2.4: the NOTIFY is a request to us, so its Record-Route is used as is (s12.1.1).
  EXPECT_EQ(routes_of(*d), (std::vector<std::string>{"sip:p1.example.org;lr", "sip:p2.example.org;lr"}));
  EXPECT_EQ(d->id, (DialogId{"c1@198.51.100.7", "a1", "f9"}));
  EXPECT_EQ(d->remote.tag(), "f9");
  EXPECT_EQ(to_string(d->remote_target), "sip:focus@192.0.2.5:5060");
  EXPECT_EQ(d->local_seq, 5u);
  EXPECT_FALSE(d->remote_seq.has_value());  // set when the NOTIFY itself is accepted
}

TEST(Dialog, UasDialogFromRequest) {
  const auto r = request("SUBSCRIBE", "Record-Route: <sip:p1.example.org;lr>, <sip:p2.example.org;lr>\r\n");
  const auto d = dialog_from_request(r, "n7");
  ASSERT_TRUE(d.has_value()) << d.error().message();
  EXPECT_EQ(d->id, (DialogId{"c1@198.51.100.7", "n7", "a1"}));
  EXPECT_EQ(d->local.tag(), "n7");
  EXPECT_EQ(to_string(d->local.uri), "sip:conf@example.org");
  EXPECT_EQ(d->remote.tag(), "a1");
  EXPECT_EQ(to_string(d->remote_target), "sip:alice@198.51.100.7:5070");
  // RFC 3261 s12.1.1: in order, as received.
  EXPECT_EQ(routes_of(*d), (std::vector<std::string>{"sip:p1.example.org;lr", "sip:p2.example.org;lr"}));
  EXPECT_EQ(d->remote_seq, 5u);
  EXPECT_EQ(d->local_seq, 0u);

  auto no_from_tag = r;
  no_from_tag.set("From", "<sip:alice@example.org>");
  EXPECT_FALSE(dialog_from_request(no_from_tag, "n7").has_value());
}

TEST(Dialog, MakeRequestWithLooseRouting) {
  auto d = *dialog_from_request(
      request("SUBSCRIBE", "Record-Route: <sip:p1.example.org;lr>, <sip:p2.example.org;lr>\r\n"), "n7");
  const auto m = d.make_request("NOTIFY");
  // RFC 3261 s12.2.1.1: the remote target is the Request-URI, the route set goes into Route.
  EXPECT_EQ(m.request_line()->method, "NOTIFY");
  EXPECT_EQ(m.request_line()->uri, "sip:alice@198.51.100.7:5070");
  EXPECT_EQ(m.find_all("Route"), (std::vector<std::string_view>{"<sip:p1.example.org;lr>", "<sip:p2.example.org;lr>"}));
  EXPECT_EQ(parse_from(m)->tag(), "n7");
  EXPECT_EQ(parse_to(m)->tag(), "a1");
  EXPECT_EQ(*m.find("Call-ID"), "c1@198.51.100.7");
  EXPECT_EQ(*m.find("Max-Forwards"), "70");
  // The UAS's local sequence starts empty; each request takes the next number.
  EXPECT_EQ(*m.find("CSeq"), "1 NOTIFY");
  EXPECT_EQ(*d.make_request("NOTIFY").find("CSeq"), "2 NOTIFY");
  EXPECT_EQ(d.local_seq, 2u);
  EXPECT_FALSE(m.has("Via"));  // the caller's: it names the transport

  d.route_set.clear();
  EXPECT_FALSE(d.make_request("NOTIFY").has("Route"));
}

TEST(Dialog, MakeRequestWithStrictRouting) {
  Dialog d;
  d.id = {"c1", "l1", "r1"};
  d.local = addr("<sip:alice@example.org>;tag=l1");
  d.remote = addr("<sip:bob@example.org>;tag=r1");
  d.remote_target = uri("sip:bob@192.0.2.9:5060");
  d.route_set = {addr("<sip:strict.example.org>"), addr("<sip:p2.example.org;lr>")};
  d.local_seq = 41;
  const auto m = d.make_request("INFO");
  // RFC 3261 s12.2.1.1: a first route without ;lr is a strict router: it becomes the Request-URI
  // and the remote target goes last into Route.
  EXPECT_EQ(m.request_line()->uri, "sip:strict.example.org");
  EXPECT_EQ(m.find_all("Route"),
            (std::vector<std::string_view>{"<sip:p2.example.org;lr>", "<sip:bob@192.0.2.9:5060>"}));
  EXPECT_EQ(parse_cseq(*m.find("CSeq"))->number, 42u);
}

TEST(Dialog, AcceptRequestOrdersCSeqAndRefreshesTheTarget) {
  auto d = *dialog_from_response(request(), two_hundred(""));
  auto from_peer = [](std::uint32_t cseq, const std::string& contact) {
    return parse(fmt::format(
        "NOTIFY sip:alice@198.51.100.7:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bKn{}\r\n"
        "From: <sip:conf@example.org>;tag=f1\r\nTo: <sip:alice@example.org>;tag=a1\r\nCall-ID: c1@198.51.100.7\r\n"
        "CSeq: {} NOTIFY\r\n{}Content-Length: 0\r\n\r\n",
        cseq, cseq, contact));
  };
  // RFC 3261 s12.2.2: the first request sets the remote sequence, whatever its value.
  EXPECT_EQ(accepted(d, from_peer(100, ""), true), "in order");
  EXPECT_EQ(d.remote_seq, 100u);
  EXPECT_EQ(to_string(d.remote_target), "sip:focus@192.0.2.5:5060");  // no Contact: target kept
  EXPECT_EQ(accepted(d, from_peer(100, ""), true), "out of order");   // equal: out of order (500)
  EXPECT_EQ(accepted(d, from_peer(99, ""), true), "out of order");
  EXPECT_EQ(d.remote_seq, 100u);
  // Gaps are fine; a target refresh request with a Contact moves the target.
  EXPECT_EQ(accepted(d, from_peer(105, "Contact: <sip:focus@192.0.2.6:5060>\r\n"), true), "in order");
  EXPECT_EQ(to_string(d.remote_target), "sip:focus@192.0.2.6:5060");
  // ...but not when the request is not a target refresh.
  EXPECT_EQ(accepted(d, from_peer(106, "Contact: <sip:elsewhere@192.0.2.7>\r\n"), false), "in order");
  EXPECT_EQ(to_string(d.remote_target), "sip:focus@192.0.2.6:5060");
  EXPECT_EQ(d.remote_seq, 106u);

  auto no_cseq = from_peer(107, "");
  no_cseq.erase("CSeq");
  EXPECT_FALSE(d.accept_request(no_cseq, true).has_value());
  EXPECT_FALSE(d.accept_request(from_peer(108, "Contact: *\r\n"), true).has_value());
}

TEST(Dialog, DialogIdOfRequestsAndResponsesIsSeenFromOurSide) {
  // A request we received: our tag is in To.
  const auto in_dialog = parse(
      "NOTIFY sip:alice@198.51.100.7:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bKn1\r\n"
      "From: <sip:conf@example.org>;tag=f1\r\nTo: <sip:alice@example.org>;tag=a1\r\nCall-ID: c1\r\n"
      "CSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(dialog_id_of(in_dialog), (DialogId{"c1", "a1", "f1"}));
  // A response to our request: our tag is in From.
  EXPECT_EQ(dialog_id_of(two_hundred("")), (DialogId{"c1@198.51.100.7", "a1", "f1"}));
  // Both sides' ids of one dialog mirror each other.
  const auto uac = dialog_from_response(request(), two_hundred(""));
  const auto uas = dialog_from_request(request(), "f1");
  EXPECT_EQ(uac->id.local_tag, uas->id.remote_tag);
  EXPECT_EQ(uac->id.remote_tag, uas->id.local_tag);
  // Out of dialog: no To tag, so no dialog.
  EXPECT_FALSE(dialog_id_of(request()).has_value());
  auto no_call_id = in_dialog;
  no_call_id.erase("Call-ID");
  EXPECT_FALSE(dialog_id_of(no_call_id).has_value());
}

}  // namespace
}  // namespace disco::sip
