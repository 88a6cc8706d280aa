#pragma once
// Messages and a driver for the transaction layer tests: everything runs on a ManualClock.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libcommon/base/clock.hpp"
#include "libcommon/base/overloaded.hpp"
#include "libcommon/sip/msg/message.hpp"
#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/response.hpp"
#include "libcommon/sip/transaction/transaction_layer.hpp"

namespace disco::sip::test {

using namespace std::chrono_literals;

inline const Peer udp_server{"192.0.2.10", 5060, Transport::udp};
inline const Peer tcp_server{"192.0.2.10", 5060, Transport::tcp};
inline const Peer udp_client{"192.0.2.20", 5062, Transport::udp};
inline const Peer tcp_client{"192.0.2.20", 40001, Transport::tcp};

inline constexpr std::string_view branch = "z9hG4bK776asdhds";

inline Message parse(const std::string& text) {
  auto m = parse_message(std::string_view(text));
  EXPECT_TRUE(m) << (m ? "" : m.error().message()) << "\n" << text;
  return m ? std::move(*m) : Message{};
}

struct RequestSpec {
  std::string method = "OPTIONS";
  std::string branch{test::branch};
  std::string sent_by = "pc33.atlanta.com";
  std::string transport = "UDP";
  std::uint32_t cseq = 314159;
};

inline Message request(const RequestSpec& s) {
  return parse(s.method + " sip:bob@biloxi.com SIP/2.0\r\n" + "Via: SIP/2.0/" + s.transport + " " + s.sent_by +
               ";branch=" + s.branch + "\r\n" +
               "Max-Forwards: 70\r\n"
               "To: Bob <sip:bob@biloxi.com>\r\n"
               "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
               "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
               "CSeq: " +
               std::to_string(s.cseq) + " " + s.method +
               "\r\n"
               "Content-Length: 0\r\n\r\n");
}

inline Message request(std::string method, std::string branch_param = std::string(branch)) {
  RequestSpec s;
  s.method = std::move(method);
  s.branch = std::move(branch_param);
  return request(s);
}

// An ACK as a UAC builds it for a non-2xx (s17.1.1.3), with the INVITE's branch.
inline Message ack_for(RequestSpec invite) {
  invite.method = "ACK";
  return request(invite);
}

inline Message response(const Message& req, int code) {
  return make_response(req, code, {}, code > 100 ? "a6c85cf" : "");
}

}  // namespace disco::sip::test

namespace disco::sip {

// gtest failure messages name the action and the message's start line instead of dumping bytes.
inline void PrintTo(const Action& action, std::ostream* os) {
  const auto line = [](const Message& m) {
    return m.is_request() ? m.request_line()->method + " " + m.request_line()->uri
                          : std::to_string(m.status_line()->code) + " " + m.status_line()->reason;
  };
  std::visit(base::overloaded{
                 [&](const Send& a) { *os << "Send{" << to_string(a.to) << ", " << line(a.message) << "}"; },
                 [&](const RequestReceived& a) {
                   *os << "RequestReceived{" << a.server.value << ", " << line(a.request) << ", " << to_string(a.from)
                       << "}";
                 },
                 [&](const ResponseReceived& a) {
                   *os << "ResponseReceived{" << a.client.value << ", " << line(a.response) << "}";
                 },
                 [&](const TransactionTimeout& a) {
                   *os << "TransactionTimeout{" << a.id.value << ", " << to_string(a.timer) << "}";
                 },
                 [&](const TransportError& a) { *os << "TransportError{" << a.id.value << "}"; },
                 [&](const StrayResponse& a) { *os << "StrayResponse{" << line(a.response) << "}"; },
                 [&](const StrayAck& a) { *os << "StrayAck{" << line(a.ack) << "}"; },
                 [&](const InvalidMessage& a) {
                   *os << "InvalidMessage{" << line(a.message) << ", " << a.why.message() << "}";
                 },
             },
             action);
}

}  // namespace disco::sip

namespace disco::sip::test {

template <class T>
std::vector<T> all_of(const Actions& actions) {
  std::vector<T> out;
  for (const Action& a : actions)
    if (const T* t = std::get_if<T>(&a)) out.push_back(*t);
  return out;
}

template <class T>
std::size_t count_of(const Actions& actions) {
  return all_of<T>(actions).size();
}

struct Timed {
  base::Duration at;  // since the clock's start
  Action action;
};

// Drives the layer as the runtime would: jump to each deadline up to `until`, fire, collect.
inline std::vector<Timed> run_until(TransactionLayer& layer, base::ManualClock& clock, base::Duration until,
                                    base::TimePoint start = base::TimePoint{}) {
  std::vector<Timed> out;
  while (const auto next = layer.next_deadline()) {
    if (*next > start + until) break;
    EXPECT_GE(*next, clock.now()) << "a deadline in the past";
    clock.set(*next);
    layer.on_timer(clock.now());
    for (Action& a : layer.take_actions()) out.push_back({clock.now() - start, std::move(a)});
  }
  clock.set(start + until);
  layer.on_timer(clock.now());
  for (Action& a : layer.take_actions()) out.push_back({clock.now() - start, std::move(a)});
  return out;
}

// The instants at which `T` actions came out.
template <class T>
std::vector<base::Duration> times_of(const std::vector<Timed>& timed) {
  std::vector<base::Duration> out;
  for (const Timed& t : timed)
    if (std::holds_alternative<T>(t.action)) out.push_back(t.at);
  return out;
}

inline std::vector<base::Duration> ms(std::initializer_list<long> values) {
  std::vector<base::Duration> out;
  for (long v : values) out.emplace_back(std::chrono::milliseconds(v));
  return out;
}

}  // namespace disco::sip::test
