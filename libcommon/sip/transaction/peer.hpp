#pragma once
// Where a transaction sends and whence its messages came: an address and a transport, as plain
// values so the layer stays free of sockets (DESIGN.md "Sans-I/O").

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace disco::sip {

// Only reliability matters to the state machines: it decides whether timers A, E and G retransmit
// and whether timers D, I, J and K wait (RFC 3261 s17, Table 4). TLS and SCTP would behave as tcp.
enum class Transport { udp, tcp };

constexpr bool is_reliable(Transport t) { return t != Transport::udp; }
std::string_view to_string(Transport t);

struct Peer {
  std::string host;  // IP address or hostname as the transport layer knows it
  std::uint16_t port = 5060;
  Transport transport = Transport::udp;
  friend auto operator<=>(const Peer&, const Peer&) = default;
  friend bool operator==(const Peer&, const Peer&) = default;
};

// "udp:192.0.2.1:5060", for logs and test failure messages.
std::string to_string(const Peer& p);

}  // namespace disco::sip
