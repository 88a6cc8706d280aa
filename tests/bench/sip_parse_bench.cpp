// SIP message throughput: a typical INVITE with an SDP offer, and a NOTIFY carrying a full-state
// RFC 4575 conference-info document for a three-party conference. Parse = parse_message() (framing,
// start line, unfolded header fields, body); parse+validate adds the typed checks a transaction
// layer needs; serialise = to_string(). Reported in messages/s (items_per_second) and bytes/s;
// never asserted.

#include <benchmark/benchmark.h>

#include <string>

#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/serializer.hpp"
#include "libcommon/sip/msg/validate.hpp"

namespace {

using namespace disco;

std::string with_length(std::string head, const std::string& body) {
  return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string invite() {
  const std::string sdp =
      "v=0\r\n"
      "o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com\r\n"
      "s=-\r\n"
      "c=IN IP4 192.0.2.101\r\n"
      "t=0 0\r\n"
      "m=audio 49172 RTP/AVP 0 8 97\r\n"
      "a=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:8 PCMA/8000\r\n"
      "a=rtpmap:97 iLBC/8000\r\n"
      "m=video 51372 RTP/AVP 31 32\r\n"
      "a=rtpmap:31 H261/90000\r\n"
      "a=rtpmap:32 MPV/90000\r\n";
  return with_length(
      "INVITE sip:conf-4711@focus.example.com SIP/2.0\r\n"
      "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;rport\r\n"
      "Max-Forwards: 70\r\n"
      "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
      "To: <sip:conf-4711@focus.example.com>\r\n"
      "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
      "CSeq: 1 INVITE\r\n"
      "Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\r\n"
      "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, SUBSCRIBE\r\n"
      "Allow-Events: conference, refer\r\n"
      "Supported: replaces, timer\r\n"
      "User-Agent: disco/0.1\r\n"
      "Content-Type: application/sdp\r\n",
      sdp);
}

std::string notify() {
  std::string users;
  for (const char* who : {"alice", "bob", "carol"}) {
    const std::string w = who;
    users += "    <user entity=\"sip:" + w +
             "@example.com\" state=\"full\">\n"
             "      <display-text>" +
             w +
             "</display-text>\n"
             "      <endpoint entity=\"sip:" +
             w +
             "@client.example.com\">\n"
             "        <status>connected</status>\n"
             "        <joining-method>dialed-in</joining-method>\n"
             "        <media id=\"1\"><type>audio</type><status>sendrecv</status></media>\n"
             "      </endpoint>\n"
             "    </user>\n";
  }
  const std::string body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\"\n"
      "  entity=\"sip:conf-4711@focus.example.com\" state=\"full\" version=\"7\">\n"
      "  <conference-description><subject>Weekly</subject><maximum-user-count>50</maximum-user-count>"
      "</conference-description>\n"
      "  <conference-state><user-count>3</user-count><active>true</active></conference-state>\n"
      "  <users>\n" +
      users +
      "  </users>\n"
      "</conference-info>\n";
  return with_length(
      "NOTIFY sip:alice@client.atlanta.example.com;transport=tcp SIP/2.0\r\n"
      "Via: SIP/2.0/TCP focus.example.com:5060;branch=z9hG4bK-d8754z-1f2e3d\r\n"
      "Max-Forwards: 70\r\n"
      "From: <sip:conf-4711@focus.example.com>;tag=cfx1\r\n"
      "To: \"Alice\" <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
      "Call-ID: sub-77@atlanta.example.com\r\n"
      "CSeq: 12 NOTIFY\r\n"
      "Contact: <sip:conf-4711@focus.example.com;transport=tcp>;isfocus\r\n"
      "Event: conference\r\n"
      "Subscription-State: active;expires=3600\r\n"
      "Content-Type: application/conference-info+xml\r\n",
      body);
}

void report(benchmark::State& state, std::size_t bytes) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["message_bytes"] = static_cast<double>(bytes);
}

void parse(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    auto m = sip::parse_message(text);
    if (!m) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(m);
  }
  report(state, text.size());
}

void parse_and_validate(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    auto m = sip::parse_message(text);
    if (!m || sip::validate(*m)) state.SkipWithError("invalid");
    benchmark::DoNotOptimize(m);
  }
  report(state, text.size());
}

void serialise(benchmark::State& state, const std::string& text) {
  const sip::Message m = *sip::parse_message(text);
  for (auto _ : state) {
    auto out = sip::to_string(m);
    benchmark::DoNotOptimize(out.data());
  }
  report(state, text.size());
}

}  // namespace

BENCHMARK_CAPTURE(parse, invite_with_sdp, invite());
BENCHMARK_CAPTURE(parse_and_validate, invite_with_sdp, invite());
BENCHMARK_CAPTURE(serialise, invite_with_sdp, invite());
BENCHMARK_CAPTURE(parse, notify_conference_info, notify());
BENCHMARK_CAPTURE(parse_and_validate, notify_conference_info, notify());
BENCHMARK_CAPTURE(serialise, notify_conference_info, notify());
